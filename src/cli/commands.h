// Registration of every `habeas` subcommand. Each Register* function lives in
// its own src/cli/<name>_command.cc.
#pragma once

namespace CLI {
class App;
}

namespace habeas::cli {

struct CliContext;

void RegisterImportCommand(CLI::App& app, CliContext& ctx);
void RegisterSourcesCommand(CLI::App& app, CliContext& ctx);
void RegisterRecordsCommand(CLI::App& app, CliContext& ctx);
void RegisterShowCommand(CLI::App& app, CliContext& ctx);
void RegisterRejectsCommand(CLI::App& app, CliContext& ctx);
void RegisterExportCommand(CLI::App& app, CliContext& ctx);
void RegisterCheckCommand(CLI::App& app, CliContext& ctx);
void RegisterEstimateCommandFromStore(CLI::App& app, CliContext& ctx);
void RegisterLinkCommand(CLI::App& app, CliContext& ctx);
void RegisterPersonsCommand(CLI::App& app, CliContext& ctx);
void RegisterExplainCommand(CLI::App& app, CliContext& ctx);
void RegisterReviewCommand(CLI::App& app, CliContext& ctx);
void RegisterDecideCommand(CLI::App& app, CliContext& ctx);
void RegisterFindCommand(CLI::App& app, CliContext& ctx);  // find + index
// verify, checkpoint export, prove record, verify-proof (docs/ledger.md)
void RegisterLedgerCommands(CLI::App& app, CliContext& ctx);
void RegisterAddCommand(CLI::App& app, CliContext& ctx);    // add claim, add orders
void RegisterCheckTimelineCommand(CLI::App& app, CliContext& ctx);  // check orders|designations
void RegisterServeCommand(CLI::App& app, CliContext& ctx);
void RegisterUserCommand(CLI::App& app, CliContext& ctx);
void RegisterPacketCommand(CLI::App& app, CliContext& ctx);
void RegisterCopyCommand(CLI::App& app, CliContext& ctx);

inline void RegisterAllCommands(CLI::App& app, CliContext& ctx) {
  RegisterImportCommand(app, ctx);
  RegisterSourcesCommand(app, ctx);
  RegisterRecordsCommand(app, ctx);
  RegisterShowCommand(app, ctx);
  RegisterRejectsCommand(app, ctx);
  RegisterExportCommand(app, ctx);
  RegisterCheckCommand(app, ctx);
  RegisterEstimateCommandFromStore(app, ctx);
  RegisterLinkCommand(app, ctx);
  RegisterPersonsCommand(app, ctx);
  RegisterExplainCommand(app, ctx);
  RegisterReviewCommand(app, ctx);
  RegisterDecideCommand(app, ctx);
  RegisterFindCommand(app, ctx);
  RegisterLedgerCommands(app, ctx);
  RegisterAddCommand(app, ctx);
  RegisterCheckTimelineCommand(app, ctx);
  RegisterServeCommand(app, ctx);
  RegisterUserCommand(app, ctx);
  RegisterPacketCommand(app, ctx);
  RegisterCopyCommand(app, ctx);
}

}  // namespace habeas::cli
