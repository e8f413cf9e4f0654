// habeas check-store: integrity of the store; habeas migrate: its schema brought up to date.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "habeas/json_text.h"
#include "habeas/terminal_text.h"
#include "habeas/store.h"

namespace habeas::cli {

void RegisterCheckCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "check-store", "Run the store's integrity check (pages, indexes, foreign keys).");
  cmd->callback([&ctx] {
    auto store = ctx.OpenStoreForReading();
    if (!store.ok()) return (void)ctx.Fail(store.status());
    Status s = (*store)->CheckIntegrity();
    if (!s.ok()) return (void)ctx.Fail(s);
    if (ctx.json) {
      std::cout << JsonText(nlohmann::json(
                       {{"integrity", "ok"}, {"schema_version", (*store)->schema_version()}}))
                << "\n";
    } else {
      std::cout << "store " << TerminalSafe(RedactedStoreUrl(ctx.db_path))
                << ": integrity ok (schema version "
                << (*store)->schema_version() << ")\n";
    }
  });

  CLI::App* migrate = app.add_subcommand(
      "migrate", "Bring the store's schema up to date (every writing command also does).");
  migrate->callback([&ctx] {
    auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
    if (!store.ok()) return (void)ctx.Fail(store.status());
    if (ctx.json) {
      std::cout << JsonText(nlohmann::json({{"schema_version", (*store)->schema_version()}}))
                << "\n";
    } else {
      std::cout << "store " << TerminalSafe(RedactedStoreUrl(ctx.db_path)) << ": schema version "
                << (*store)->schema_version() << "\n";
    }
  });
}

}  // namespace habeas::cli
