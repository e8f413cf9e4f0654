#include "cli/cli_context.h"

#include <nlohmann/json.hpp>

#include <iostream>

#include "common/progress.h"
#include "habeas/store.h"

namespace habeas::cli {

Result<std::unique_ptr<Store>> CliContext::OpenStore() const { return OpenSqliteStore(db_path); }

int CliContext::Fail(const Status& status) {
  exit_code = ExitCodeFor(status.code());
  if (json) {
    nlohmann::json j = {{"error",
                         {{"code", std::string(StatusCodeName(status.code()))},
                          {"message", status.message()},
                          {"exit_code", exit_code}}}};
    std::cout << j.dump() << "\n";
  } else {
    std::cerr << "habeas: error: " << status.message() << "\n";
  }
  return exit_code;
}

bool CliContext::ShowProgress() const { return !quiet && !json && Progress::StderrIsTerminal(); }

}  // namespace habeas::cli
