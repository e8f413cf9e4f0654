// habeas estimate: multiple systems estimation of how many people are on no list.
//
//   habeas estimate --table kosovo.csv [--method loglinear|lcmcr|all] [--json]
//   habeas estimate [--sources a,b,c] [--merge "a+b"] [--drop x] [--stratify FIELD]
//                   [--where "facility~cecot" --where "source=manifest"]
//
// With --table the contingency table is read from a CSV file (one 0/1 column per
// list, then `count`); without it the linked persons in the store are used
// (habeas/estimate_store.h). This file parses the options and prints the report;
// options are documented in docs/estimation.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/terminal_text.h"
#include "habeas/estimate.h"
#include "habeas/estimate_store.h"

namespace habeas::cli {
namespace {

struct EstimateFlags {
  std::string table;
  std::string method = "all";
  std::string criterion = "aic";
  std::vector<std::string> sources;
  std::vector<std::string> merge;
  std::vector<std::string> drop;
  std::vector<std::string> dependent;
  std::string stratify;
  std::vector<std::string> where;
  std::vector<std::string> unrecorded;
  uint64_t seed = 1;
  int64_t iterations = 0;  // 0: library default
  int64_t burn_in = -1;    // -1: library default
  int thinning = 0;
  double min_ess = -1;  // -1: library default
  int classes = 0;
  int chains = 0;  // 0: library default
  int linkage_draws = LinkageDrawOptions{}.draws;  // as the server's estimate page
  uint64_t linkage_seed = LinkageDrawOptions{}.seed;
  std::string unlinkable = "drop";
};

Result<EstimateOptions> MakeOptions(const EstimateFlags& flags) {
  EstimateOptions options;
  HABEAS_ASSIGN_OR_RETURN(options.method, ParseEstimationMethod(flags.method));
  if (flags.criterion == "aic") {
    options.log_linear.criterion = InformationCriterion::kAic;
  } else if (flags.criterion == "bic") {
    options.log_linear.criterion = InformationCriterion::kBic;
  } else {
    return InvalidInput("--criterion \"" + flags.criterion + "\": expected aic or bic");
  }
  options.lists.keep = flags.sources;
  options.lists.merge = flags.merge;
  options.lists.drop = flags.drop;
  for (const std::string& d : flags.dependent) {
    HABEAS_ASSIGN_OR_RETURN(DependentPair pair, ParseDependentPair(d));
    pair.reason = "declared with --dependent";
    options.dependent.push_back(std::move(pair));
  }
  options.latent_class.seed = flags.seed;
  if (flags.iterations != 0) {
    if (flags.iterations < 1) return InvalidInput("--iterations must be at least 1");
    options.latent_class.iterations = flags.iterations;
  }
  if (flags.burn_in != -1) {
    if (flags.burn_in < 0) return InvalidInput("--burn-in cannot be negative");
    options.latent_class.burn_in = flags.burn_in;
  }
  if (flags.thinning != 0) {
    if (flags.thinning < 1) return InvalidInput("--thinning must be at least 1");
    options.latent_class.thinning = flags.thinning;
  }
  if (flags.min_ess != -1) {
    if (!(flags.min_ess >= 0)) return InvalidInput("--min-ess cannot be negative");
    options.latent_class.min_effective_draws = flags.min_ess;
  }
  if (options.latent_class.thinning > options.latent_class.iterations) {
    options.latent_class.thinning = 1;  // a short run keeps every sweep
  }
  if (flags.classes != 0) {
    if (flags.classes < 1 || flags.classes > 1000) {
      return InvalidInput("--classes must be between 1 and 1000");
    }
    options.latent_class.max_classes = flags.classes;
  }
  if (flags.chains != 0) options.latent_class.chains = flags.chains;
  return options;
}

Result<UnlinkableRecords> ParseUnlinkable(const std::string& text) {
  if (text == "keep") return UnlinkableRecords::kKeep;
  if (text == "drop") return UnlinkableRecords::kDrop;
  return InvalidInput("--unlinkable \"" + text + "\": expected drop or keep");
}

void AddEstimateOptions(CLI::App* cmd, EstimateFlags* flags) {
  cmd->add_option("--table", flags->table,
                  "Contingency table CSV: one 0/1 column per list, then `count`");
  cmd->add_option("--method", flags->method, "loglinear, lcmcr or all (default all)")
      ->check(OneOf({"loglinear", "lcmcr", "all"}));
  cmd->add_option("--criterion", flags->criterion,
                  "Information criterion for log-linear selection and averaging: aic or bic "
                  "(default aic)")
      ->check(OneOf({"aic", "bic"}));
  cmd->add_option("--sources", flags->sources, "Use only these lists (comma-separated)")
      ->delimiter(',');
  cmd->add_option("--merge", flags->merge, "Merge lists into one, e.g. \"A+B\" (repeatable)");
  cmd->add_option("--drop", flags->drop, "Leave a list out (repeatable)");
  cmd->add_option("--dependent", flags->dependent,
                  "Two lists known to be dependent, A:B (repeatable)");
  cmd->add_option("--stratify", flags->stratify,
                  "Estimate separately for each value of FIELD and sum (store only)");
  cmd->add_option("--where", flags->where,
                  "Estimate for the persons with a record satisfying FIELD~WORD[|WORD] "
                  "(contains) or FIELD=VALUE[|VALUE] (equals); FIELD `source` names lists "
                  "whose every row is in the population (repeatable: any condition; store "
                  "only)");
}

void AddSamplerOptions(CLI::App* cmd, EstimateFlags* flags) {
  cmd->add_option("--seed", flags->seed, "Seed of the LCMCR sampler (default 1)")
      ->check(AnyUnsigned64());
  cmd->add_option("--iterations", flags->iterations,
                  "LCMCR Gibbs sweeps after burn-in (default 100000)")
      ->check(IntegerIn(1, 1000000000));
  cmd->add_option("--burn-in", flags->burn_in, "LCMCR sweeps discarded first (default 10000)")
      ->check(IntegerIn(0, 1000000000));
  cmd->add_option("--thinning", flags->thinning, "Keep every n-th LCMCR sweep (default 10)")
      ->check(IntegerIn(1, 1000000));
  cmd->add_option("--min-ess", flags->min_ess,
                  "Run further rounds of --iterations LCMCR sweeps (at most 10 in all) until the "
                  "draws of N have this effective sample size (default 200; 0: one round)")
      ->check(NumberIn(0, 1000000));
  cmd->add_option("--classes", flags->classes, "LCMCR truncation K (default 10)")
      ->check(IntegerIn(1, 1000));
  cmd->add_option("--chains", flags->chains,
                  "Independent LCMCR chains, run side by side, each with its share of "
                  "--iterations; their draws are pooled and their agreement checked (split "
                  "R-hat; default 4)")
      ->check(IntegerIn(1, 64));
}

void AddStoreOptions(CLI::App* cmd, EstimateFlags* flags) {
  cmd->add_option("--linkage-draws", flags->linkage_draws,
                  "Store only: resample the doubtful links of the last `habeas link` this many "
                  "times and pool the estimates (default " +
                      std::to_string(LinkageDrawOptions{}.draws) +
                      "; 0: the linker's linkage only)")
      ->check(IntegerIn(0, LinkageDrawOptions::kMaxDraws));
  cmd->add_option(
         "--linkage-seed", flags->linkage_seed,
         "Seed of the linkage draws (default " + std::to_string(LinkageDrawOptions{}.seed) + ")")
      ->check(AnyUnsigned64());
  cmd->add_option("--unrecorded", flags->unrecorded,
                  "A list that never records the population's attribute (repeatable): the "
                  "persons seen only on such lists could not be placed and are not in the "
                  "table, so those cells are unobservable, not empty (from the store, lists "
                  "whose records never give the --where attribute are found by themselves)");
  cmd->add_option("--unlinkable", flags->unlinkable,
                  "Store only: records too weak to link (" + std::string(kTooWeakToLink) +
                      ") are left out of the capture "
                      "histories (drop, the default) or counted (keep)")
      ->check(OneOf({"drop", "keep"}));
}

Result<EstimateReport> EstimateTableFile(const EstimateFlags& flags, EstimateOptions options) {
  if (!flags.stratify.empty()) {
    return InvalidInput(
        "--stratify needs linked persons from the store; a --table is a single stratum");
  }
  if (!flags.where.empty()) {
    return InvalidInput(
        "--where needs linked persons from the store; a --table is already one population");
  }
  HABEAS_ASSIGN_OR_RETURN(const CaptureTable table, LoadCaptureTableCsv(flags.table));
  for (const std::string& list : flags.unrecorded) {
    const auto& lists = table.lists();
    if (std::find(lists.begin(), lists.end(), list) == lists.end()) {
      return InvalidInput("--unrecorded " + list + ": no such list in " + flags.table);
    }
  }
  options.unrecorded_lists = flags.unrecorded;
  return EstimateFromTable(table, options);
}

Result<StoreEstimateRequest> MakeStoreRequest(const EstimateFlags& flags) {
  StoreEstimateRequest request;
  request.stratify_field = flags.stratify;
  for (const std::string& text : flags.where) {
    HABEAS_ASSIGN_OR_RETURN(PopulationCondition condition, ParsePopulationCondition(text));
    request.where.push_back(std::move(condition));
  }
  request.linkage_draws.draws = flags.linkage_draws;
  request.linkage_draws.seed = flags.linkage_seed;
  HABEAS_ASSIGN_OR_RETURN(request.unlinkable, ParseUnlinkable(flags.unlinkable));
  return request;
}

Result<EstimateReport> EstimateStore(CliContext& ctx, const EstimateFlags& flags,
                                     EstimateOptions options) {
  HABEAS_ASSIGN_OR_RETURN(const StoreEstimateRequest request, MakeStoreRequest(flags));
  HABEAS_RETURN_IF_ERROR(CheckStoreEstimateRequest(request));
  options.unrecorded_lists = flags.unrecorded;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, ctx.OpenStoreForReading());
  return EstimateFromStore(*store, request, std::move(options));
}

}  // namespace

void RegisterEstimateCommandFromStore(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<EstimateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "estimate",
      "Estimate how many people are on no list (multiple systems estimation): log-linear "
      "models and the LCMCR latent-class model, with intervals and warnings.");
  AddEstimateOptions(cmd, flags.get());
  AddSamplerOptions(cmd, flags.get());
  AddStoreOptions(cmd, flags.get());
  cmd->callback([&ctx, flags] {
    auto options = MakeOptions(*flags);
    if (!options.ok()) return (void)ctx.Fail(options.status());
    const Result<EstimateReport> report = flags->table.empty()
                                              ? EstimateStore(ctx, *flags, std::move(*options))
                                              : EstimateTableFile(*flags, std::move(*options));
    if (!report.ok()) return (void)ctx.Fail(report.status());
    if (ctx.json) {
      std::cout << RenderEstimateJson(*report) << "\n";
    } else {
      std::cout << TerminalSafeLines(RenderEstimateText(*report));
    }
  });
}

}  // namespace habeas::cli
