// State shared by every `habeas` subcommand: the global options and the exit code.
//
// Each subcommand lives in its own file `src/cli/<name>_command.cc` and exposes
//   void Register<Name>Command(CLI::App& app, CliContext& ctx);
// which adds a subcommand whose callback does the work and sets ctx.exit_code
// (via ctx.Fail(status) on error). main.cc calls every Register function.
// Not thread-safe: one CliContext per process.
#pragma once

#include <memory>
#include <string>

#include "habeas/ledger.h"
#include "habeas/output_file.h"
#include "habeas/status.h"

namespace CLI {
class App;
}

namespace habeas {
class Store;

namespace cli {

struct CliContext {
  std::string db_path = "habeas.db";  // --db PATH
  bool json = false;                  // --json: machine-readable output on stdout
  bool quiet = false;                 // --quiet: no progress bars or notices
  std::string ledger_key_path;        // --ledger-key PATH; empty: <db>.ledger-key
  int exit_code = 0;

  // Opens and migrates the store at db_path for writing: import creates it
  // (kCreate); link and decide refuse a missing path (kNotFound, like a read).
  enum class Missing { kCreate, kRefuse };
  Result<std::unique_ptr<Store>> OpenStore(Missing missing) const;

  // Opens the existing store at db_path read-only: nothing is created, migrated or
  // written (works in a read-only directory). kNotFound for a missing path,
  // kInvalidInput for a file that is not a Habeas store.
  Result<std::unique_ptr<Store>> OpenStoreForReading() const;

  // Options for a file written by `option_name` ("--output"): the store, its side files
  // and its locator index (`index_path`, default <db>.idx) are refused as targets.
  OutputFileOptions OutputOptions(std::string option_name,
                                  const std::string& index_path = "") const;

  // The ledger's signing key file (docs/ledger.md): --ledger-key, or the store's default
  // (DefaultLedgerKeyPath: <db>.ledger-key, or under $XDG_DATA_HOME/habeas for a URL).
  std::string LedgerKeyPath() const;
  // That key, created on first use (habeas::LoadOrCreateLedgerKey).
  Result<ledger::SigningKey> LoadOrCreateLedgerKey() const;

  // After a write command's write committed: signs the ledger's head with the key
  // (created on first use) and keeps it in the store. A failure is reported as a
  // warning on stderr (the write itself is done); `habeas checkpoint export` retries.
  void SignLedgerAfterWrite(Store& store) const;

  // Reports `status` on stderr ("habeas: error: ...") or, with --json, as
  // {"error": {"code": "...", "message": "..."}} on stdout; sets and returns exit_code.
  int Fail(const Status& status);

  // True when progress bars should be drawn (stderr is a terminal and not --quiet/--json).
  bool ShowProgress() const;
};

}  // namespace cli
}  // namespace habeas
