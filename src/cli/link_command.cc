// habeas link [--new-only] [--settings FILE] [--threshold P] [--dry-run]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/json_text.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct LinkArgs {
  bool new_only = false;
  std::string settings;
  double threshold = 0;
  bool dry_run = false;
  bool retrain = false;
  bool keep_model = false;
  std::string dump_pairs;
};

void Link(CliContext& ctx, const LinkArgs& args) {
  Result<link::LinkSettings> settings =
      args.settings.empty() ? Result<link::LinkSettings>(link::DefaultLinkSettings())
                            : link::LoadLinkSettings(args.settings);
  if (!settings.ok()) return (void)ctx.Fail(settings.status());
  if (!args.dump_pairs.empty()) {
    // The library refuses the store's own files; the locator index is refused here.
    Status target = CheckOutputPath(args.dump_pairs, ctx.OutputOptions("--dump-pairs"));
    if (!target.ok()) return (void)ctx.Fail(target);
  }
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  link::LinkOptions options;
  options.scope = args.new_only ? link::LinkScope::kNewRecordsOnly : link::LinkScope::kWholeStore;
  if (args.threshold > 0) options.threshold = args.threshold;
  options.write = !args.dry_run;
  options.dump_pairs_path = args.dump_pairs;
  options.model_policy = args.retrain      ? link::ModelPolicy::kRetrain
                         : args.keep_model ? link::ModelPolicy::kKeep
                                           : link::ModelPolicy::kAuto;
  const char* user = std::getenv("USER");
  options.by = std::string("habeas link by ") + (user ? user : "unknown");
  if (!ctx.quiet && !ctx.json) {
    options.on_stage = [](const std::string& line) { std::cerr << line << "\n"; };
  }
  auto report = link::RunLink(**store, *settings, options);
  if (!report.ok()) return (void)ctx.Fail(report.status());
  if (!args.dry_run) ctx.SignLedgerAfterWrite(**store);
  const link::LinkReport& r = *report;
  if (ctx.json) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& s : r.stages) stages.push_back({{"stage", s.stage}, {"seconds", s.seconds}});
    nlohmann::json rules = nlohmann::json::object();
    for (const auto& [name, count] : r.pairs_per_rule) rules[name] = count;
    std::cout << JsonText(nlohmann::json({{"records", r.records},
                                          {"new_records", r.new_records},
                                          {"candidate_pairs", r.candidate_pairs},
                                          {"pairs_per_rule", rules},
                                          {"capped_blocks", r.capped_blocks},
                                          {"capped_block_pairs", r.capped_block_pairs},
                                          {"pairs_above_threshold", r.pairs_above_threshold},
                                          {"merges_refused", r.merges_refused},
                                          {"persons", r.persons},
                                          {"persons_created", r.persons_created},
                                          {"merges", r.merges},
                                          {"splits", r.splits},
                                          {"moves", r.moves},
                                          {"model_version", r.model_version},
                                          {"model_kept", r.model_kept},
                                          {"only_new_records", r.only_new_records},
                                          {"model_decision", r.model_decision},
                                          {"prior", r.prior},
                                          {"em_iterations", r.em_iterations},
                                          {"stages", stages},
                                          {"dry_run", args.dry_run}}),
                          2)
              << "\n";
    return;
  }
  double total = 0;
  for (const auto& s : r.stages) total += s.seconds;
  std::cout << r.records << " records → " << r.persons << " persons (" << r.persons_created
            << " new, " << r.merges << " merges, " << r.splits << " splits, " << r.moves
            << " moves); " << r.candidate_pairs << " candidate pairs scored";
  if (total > 0)
    std::cout << " (" << static_cast<int64_t>(r.candidate_pairs / total) << " pairs/s overall)";
  std::cout << "; model v" << r.model_version << (args.dry_run ? " (dry run: nothing written)" : "")
            << "\n";
}

}  // namespace

void RegisterLinkCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<LinkArgs>();
  CLI::App* cmd = app.add_subcommand(
      "link",
      "Resolve records into persons: block, compare, train the model (EM), score, cluster.\n"
      "Person ids are stable across runs; merges and splits are recorded (habeas show person).");
  cmd->add_flag("--new-only", args->new_only,
                "Link only records without a person against the existing persons (saved model)");
  cmd->add_option("--settings", args->settings, "Linkage settings TOML (docs/linkage.md)");
  cmd->add_option("--threshold", args->threshold,
                  "Match probability needed to link, strictly between 0 and 1")
      ->check(StrictlyBetween(0.0, 1.0));
  cmd->add_flag("--dry-run", args->dry_run, "Report what would change; write nothing");
  CLI::Option* retrain = cmd->add_flag(
      "--retrain", args->retrain,
      "Re-estimate the model even if the saved one may be kept (it is kept while the store "
      "has grown by at most 10% and the settings are unchanged)");
  cmd->add_flag("--keep-model", args->keep_model,
                "Keep the saved model whatever changed (only new records' persons can change)")
      ->excludes(retrain);
  cmd->add_option("--dump-pairs", args->dump_pairs,
                  "Diagnostics: write every scored pair (record ids, comparison pattern, weight) "
                  "to this TSV file (bench/link/diagnose.py)");
  cmd->callback([&ctx, args] { Link(ctx, *args); });
}

}  // namespace habeas::cli
