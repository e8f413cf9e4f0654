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

  // Reports `status` on stderr ("habeas: error: ...") or, with --json, as
  // {"error": {"code": "...", "message": "..."}} on stdout; sets and returns exit_code.
  int Fail(const Status& status);

  // True when progress bars should be drawn (stderr is a terminal and not --quiet/--json).
  bool ShowProgress() const;
};

}  // namespace cli
}  // namespace habeas
