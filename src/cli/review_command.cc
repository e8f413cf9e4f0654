// habeas review [--limit N] · habeas decide R1 R2 same|distinct --reason "..." [--by NAME]
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "habeas/terminal_text.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

std::string Summary(Store& store, int64_t id) {
  auto r = store.GetRecord(id);
  if (!r.ok() || !*r) return "?";
  std::string s = DisplayName(**r);
  const std::string& b = (*r)->field(CanonicalField::kBirthDate);
  if (!b.empty()) s += " (" + b + ")";
  return s;
}

void Review(CliContext& ctx, int64_t limit) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto pairs = (*store)->ListReviewPairs(limit);
  if (!pairs.ok()) return (void)ctx.Fail(pairs.status());
  if (ctx.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const ReviewPair& p : *pairs) {
      out.push_back({{"record_a", p.record_a},
                     {"record_b", p.record_b},
                     {"weight", p.weight},
                     {"probability", p.probability},
                     {"priority", p.priority},
                     {"a", Summary(**store, p.record_a)},
                     {"b", Summary(**store, p.record_b)}});
    }
    // A listing: one object per line (docs/cli.md).
    for (const nlohmann::json& pair : out) std::cout << JsonText(pair) << "\n";
    return;
  }
  if (pairs->empty()) {
    std::cout << "no uncertain pairs (run `habeas link` first, or nothing is uncertain)\n";
    return;
  }
  TextTable table({"A", "B", "PROB", "WEIGHT", "RECORD A", "RECORD B"});
  for (const ReviewPair& p : *pairs) {
    char prob[16], weight[16];
    std::snprintf(prob, sizeof prob, "%.3f", p.probability);
    std::snprintf(weight, sizeof weight, "%+.2f", p.weight);
    table.Add({std::to_string(p.record_a), std::to_string(p.record_b), prob, weight,
               Summary(**store, p.record_a), Summary(**store, p.record_b)});
  }
  table.Print(std::cout);
  std::cout << "\nDecide with `habeas decide A B same|distinct --reason \"...\"`; "
               "see `habeas explain A B`.\n";
}

struct DecideArgs {
  int64_t a = 0;
  int64_t b = 0;
  std::string decision;
  std::string reason;
  std::string by;
};

void Decide(CliContext& ctx, const DecideArgs& args) {
  if (args.a == args.b) return (void)ctx.Fail(InvalidInput("decide needs two different records"));
  if (args.reason.find_first_not_of(" \t\r\n") == std::string::npos) {  // empty or blank
    return (void)ctx.Fail(
        InvalidInput("--reason is required: say why, so the decision can be "
                     "defended"));
  }
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  for (int64_t id : {args.a, args.b}) {
    auto r = (*store)->GetRecord(id);
    if (!r.ok()) return (void)ctx.Fail(r.status());
    if (!*r) return (void)ctx.Fail(NotFound("no record with id " + std::to_string(id)));
  }
  LinkDecision d;
  d.record_a = args.a;
  d.record_b = args.b;
  Result<ReviewDecision> decision = ParseReviewDecision(args.decision);
  if (!decision.ok()) return (void)ctx.Fail(decision.status());
  d.decision = *decision;
  d.reason = args.reason;
  const char* user = std::getenv("USER");
  d.decided_by = !args.by.empty() ? args.by : (user ? user : "unknown");
  auto id = (*store)->AddDecision(d);
  if (!id.ok()) return (void)ctx.Fail(id.status());
  ctx.SignLedgerAfterWrite(**store);
  if (ctx.json) {
    std::cout << JsonText(nlohmann::json({{"decision_id", *id},
                                          {"record_a", d.record_a},
                                          {"record_b", d.record_b},
                                          {"decision", std::string(ReviewDecisionName(d.decision))},
                                          {"by", d.decided_by}}))
              << "\n";
    return;
  }
  std::cout << "decision #" << *id << ": records " << d.record_a << " and " << d.record_b << " are "
            << (d.decision == ReviewDecision::kSame ? "the same person" : "distinct persons") << " (by "
            << TerminalSafe(d.decided_by) << "). It overrides the model from the next "
            << "`habeas link` on.\n";
}

}  // namespace

void RegisterReviewCommand(CLI::App& app, CliContext& ctx) {
  auto limit = std::make_shared<int64_t>(20);
  CLI::App* cmd =
      app.add_subcommand("review", "Uncertain pairs from the last link, most informative first.");
  cmd->add_option("-n,--limit", *limit, "At most N pairs (default 20)")
      ->check(IntegerIn(1, 1000000));
  cmd->callback([&ctx, limit] { Review(ctx, *limit); });
}

void RegisterDecideCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<DecideArgs>();
  CLI::App* cmd = app.add_subcommand(
      "decide", "Record a reviewer decision about two records (survives every relink).");
  cmd->add_option("record_a", args->a, "First record id")->required()->check(RecordId());
  cmd->add_option("record_b", args->b, "Second record id")->required()->check(RecordId());
  cmd->add_option("decision", args->decision, "same or distinct")
      ->required()
      ->check(OneOf({"same", "distinct"}));
  cmd->add_option("--reason", args->reason, "Why (required)")->required();
  cmd->add_option("--by", args->by, "Who decides (default $USER)");
  cmd->callback([&ctx, args] { Decide(ctx, *args); });
}

}  // namespace habeas::cli
