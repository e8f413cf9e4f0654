#include "cli/cli_context.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "habeas/json_text.h"
#include "habeas/progress.h"
#include "habeas/terminal_text.h"
#include "habeas/ledger_store.h"
#include "habeas/search.h"
#include "habeas/store.h"

namespace habeas::cli {

Result<std::unique_ptr<Store>> CliContext::OpenStore(Missing missing) const {
  SqliteOptions options;
  options.create_if_missing = missing == Missing::kCreate;
  return habeas::OpenStore(db_path, options);
}

Result<std::unique_ptr<Store>> CliContext::OpenStoreForReading() const {
  SqliteOptions options;
  options.access = StoreAccess::kReadOnly;
  return habeas::OpenStore(db_path, options);
}

OutputFileOptions CliContext::OutputOptions(std::string option_name,
                                            const std::string& index_path) const {
  OutputFileOptions options;
  options.option_name = std::move(option_name);
  options.protected_paths = ProtectedPathsForStore(
      db_path, index_path.empty() ? search::IndexPathFor(db_path) : index_path);
  // The ledger's signing key: overwritten, every later write would go unsigned.
  options.protected_paths.push_back(LedgerKeyPath());
  return options;
}

std::string CliContext::LedgerKeyPath() const {
  return ledger_key_path.empty() ? DefaultLedgerKeyPath(db_path) : ledger_key_path;
}

Result<ledger::SigningKey> CliContext::LoadOrCreateLedgerKey() const {
  return habeas::LoadOrCreateLedgerKey(db_path, ledger_key_path);
}

void CliContext::SignLedgerAfterWrite(Store& store) const {
  Result<ledger::SigningKey> key = LoadOrCreateLedgerKey();
  Status signed_head = key.ok() ? SignLedgerHead(store, *key, Clock::System()).status() : key.status();
  if (!signed_head.ok()) {
    std::cerr << "habeas: warning: the write is stored and logged, but its ledger head was not "
                 "signed: "
              << TerminalSafeLines(signed_head.message())
              << " (fix it, then run `habeas checkpoint export`)\n";
  }
}

int CliContext::Fail(const Status& status) {
  exit_code = ExitCodeFor(status.code());
  if (json) {
    nlohmann::json j = {{"error",
                         {{"code", std::string(StatusCodeName(status.code()))},
                          {"message", status.message()},
                          {"exit_code", exit_code}}}};
    std::cout << JsonText(j) << "\n";
  } else {
    std::cerr << "habeas: error: " << TerminalSafeLines(status.message()) << "\n";
  }
  return exit_code;
}

bool CliContext::ShowProgress() const { return !quiet && !json && Progress::StderrIsTerminal(); }

}  // namespace habeas::cli
