// habeas explain R1 R2 [--json]: each field's contribution to the match weight.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "habeas/terminal_text.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/json_text.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {

nlohmann::json ExplanationJson(const link::PairExplanation& e) {
  nlohmann::json fields = nlohmann::json::array();
  for (const link::FieldContribution& f : e.fields) {
    fields.push_back({{"field", f.field},
                      {"level", f.level},
                      {"weight", f.weight},
                      {"tf_adjustment", f.tf_adjustment},
                      {"detail", f.detail}});
  }
  nlohmann::json j = {{"record_a", e.record_a},
                      {"record_b", e.record_b},
                      {"model_version", e.model_version},
                      {"prior_weight", e.prior_weight},
                      {"prior_lists", e.prior_lists},
                      {"fields", fields},
                      {"total_weight", e.total_weight},
                      {"probability", e.probability}};
  j["decision"] = e.decision ? nlohmann::json(std::string(ReviewDecisionName(*e.decision))) : nlohmann::json();
  j["person_a"] = e.person_a ? nlohmann::json(link::FormatPersonId(*e.person_a)) : nlohmann::json();
  j["person_b"] = e.person_b ? nlohmann::json(link::FormatPersonId(*e.person_b)) : nlohmann::json();
  return j;
}

namespace {

void Explain(CliContext& ctx, int64_t a, int64_t b) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto e = link::ExplainPair(**store, a, b);
  if (!e.ok()) return (void)ctx.Fail(e.status());
  if (ctx.json) {
    std::cout << JsonText(ExplanationJson(*e), 2) << "\n";
  } else {
    std::cout << TerminalSafeLines(link::FormatExplanation(*e));
  }
}

}  // namespace

void RegisterExplainCommand(CLI::App& app, CliContext& ctx) {
  auto ids = std::make_shared<std::pair<int64_t, int64_t>>(0, 0);
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Why two records do or do not match: each field's level and weight (a waterfall).");
  cmd->add_option("record_a", ids->first, "First record id")->required()->check(RecordId());
  cmd->add_option("record_b", ids->second, "Second record id")->required()->check(RecordId());
  cmd->callback([&ctx, ids] { Explain(ctx, ids->first, ids->second); });
}

}  // namespace habeas::cli
