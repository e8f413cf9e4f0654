// `habeas serve`: one process serving the JSON API (/api/v1, docs/api.md) and the
// pages (the public locator, analyst and admin pages; docs/pages.md) over one store.
//
//   ServeOptions options;
//   options.db_path = "habeas.db";
//   options.port = 8080;
//   HABEAS_RETURN_IF_ERROR(Serve(options));  // returns after SIGTERM or SIGINT
//
// Serve() blocks until SIGTERM/SIGINT (or RequestServerStop()); requests in flight
// finish before it returns. Only one Serve() per process.
#pragma once

#include <functional>
#include <string>

#include "habeas/status.h"

namespace habeas {

struct ServeOptions {
  std::string db_path = "habeas.db";
  std::string index_path;  // default: <db>.idx
  // The ledger's signing key: a head is signed after each write (a decision, an undo),
  // as every write command does (docs/ledger.md). Empty: the store's default
  // (DefaultLedgerKeyPath in habeas/ledger_store.h).
  std::string ledger_key_path;
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (reported through on_listening)
  // Worker threads. Each open connection holds one while it is served (keep-alive
  // included), so this is also the number of connections served at once.
  int threads = 96;
  // Searches run at once (0: one per core). More threads than cores searching at once
  // thrash the caches (measured: 8 workers served 1,028 req/s where 96 served 657 on
  // 2 cores); the others wait their turn, in order.
  int search_concurrency = 0;
  int read_timeout_seconds = 5;   // a client slower than this is dropped (slowloris)
  int write_timeout_seconds = 5;
  int keep_alive_seconds = 5;
  int keep_alive_requests = 1000;
  // Public (not signed-in) searches per client IP: sustained per minute, and burst.
  double public_searches_per_minute = 30;
  double public_search_burst = 10;
  // Sign-in attempts per client IP per minute.
  double logins_per_minute = 10;
  // Mark session cookies Secure (set when a TLS-terminating proxy is in front).
  bool behind_tls = false;
  // Access log: "-" for stderr (default), a file path, or "" for none. One JSON object
  // per request; query strings are never logged (they hold the names people seek).
  std::string access_log = "-";
  // How often the store is checked for changes (the locator index is reloaded then).
  int reload_seconds = 2;
  // Called once the server listens, with the bound port.
  std::function<void(const std::string& host, int port)> on_listening;
};

// Serves until SIGTERM/SIGINT. kInvalidInput for bad options, kUnavailable if the
// address cannot be bound, kNotFound if the store does not exist.
Status Serve(const ServeOptions& options);

// Asks a running Serve() to stop as SIGTERM does (for tests and embedding).
void RequestServerStop();

}  // namespace habeas
