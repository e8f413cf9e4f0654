// habeas: the command-line tool. One file per subcommand; see docs/cli.md.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "habeas/terminal_text.h"

int main(int argc, char** argv) {
  habeas::cli::CliContext ctx;
  CLI::App app{
      "habeas: find and account for detained and deported people.\n"
      "Imports lists, resolves records into persons, and answers with sources.\n"
      "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input (incl. rejected rows),\n"
      "4 not found, 5 conflict, 6 data loss, 7 permission denied, 8 unavailable.",
      "habeas"};
  app.set_version_flag("--version", "habeas 0.1.0");
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--db", ctx.db_path, "The store: a SQLite file's path, or a PostgreSQL URL\n"
                 "(postgresql://..., docs/store.md)")
      ->default_val("habeas.db")
      ->capture_default_str();
  app.add_flag("--json", ctx.json, "Machine-readable JSON output on stdout");
  app.add_flag("-q,--quiet", ctx.quiet, "No progress bars or notices");
  app.add_option("--ledger-key", ctx.ledger_key_path,
                 "The ledger's Ed25519 signing key (PEM, mode 0600; default <db>.ledger-key,\n"
                 "or $XDG_DATA_HOME/habeas/ledger-key-<hash of the URL>.pem for a PostgreSQL\n"
                 "URL; created by the first write)");

  habeas::cli::RegisterAllCommands(app, ctx);
  // Usage errors quote what was typed ("--limit: \"...\" is out of range"): escaped
  // like every message, so that an argument cannot drive the terminal.
  app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
    return habeas::TerminalSafeLines(CLI::FailureMessage::simple(failed, e));
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A usage error (docs/cli.md). Input files are checked by the commands themselves,
    // so a file that does not exist is "not found" (4) with the path in the message.
    app.exit(e);
    return 2;
  } catch (const std::bad_alloc&) {
    // Documented as exit 1 rather than an abort: the store is never left half-written
    // (every write is a transaction), but the command did not finish.
    std::cerr << "habeas: internal error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "habeas: internal error (a bug: please report it): "
              << habeas::TerminalSafeLines(e.what()) << "\n";
    return 1;
  }
  return ctx.exit_code;
}
