// habeas serve [--host 127.0.0.1] [--port 8080] [--threads N] [--access-log FILE|-]
// The JSON API and the pages over the store (docs/api.md, docs/pages.md).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/server.h"

namespace habeas::cli {

void RegisterServeCommand(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the API (/api/v1) and the pages: the public locator, analyst and admin "
               "pages. Stops cleanly on SIGTERM.");
  cmd->add_option("--host", options->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", options->port, "Port (default 8080; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", options->threads,
                  "Worker threads = connections served at once (default 96)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--search-concurrency", options->search_concurrency,
                  "Searches run at once (default 0: one per core)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--index", options->index_path, "Locator index file (default <db>.idx)");
  cmd->add_option("--access-log", options->access_log,
                  "Access log: - for stderr (default), a file, or \"\" for none");
  cmd->add_option("--public-rate", options->public_searches_per_minute,
                  "Public searches per minute per client address (default 30)")
      ->check(NumberIn(0.1, 100000.0));  // CLI::Range let nan through
  cmd->add_option("--public-burst", options->public_search_burst,
                  "Public searches a client may make at once (default 10)")
      ->check(NumberIn(1.0, 100000.0));
  cmd->add_flag("--behind-tls", options->behind_tls,
                "A TLS proxy is in front: mark session cookies Secure");
  cmd->callback([&ctx, options] {
    ServeOptions o = *options;
    o.db_path = ctx.db_path;
    o.ledger_key_path = ctx.ledger_key_path;  // empty: the store's default (LoadOrCreateLedgerKey)
    const bool quiet = ctx.quiet;
    o.on_listening = [quiet](const std::string& host, int port) {
      // The first line on stdout, so scripts can read the address.
      std::cout << "habeas serve: listening on http://" << host << ":" << port << "/"
                << std::endl;
      if (!quiet) std::cerr << "Stop with Ctrl-C or SIGTERM.\n";
    };
    Status s = Serve(o);
    if (!s.ok()) ctx.Fail(s);
  });
}

}  // namespace habeas::cli
