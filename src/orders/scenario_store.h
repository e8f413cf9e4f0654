// Test helper: the bundled March 2025 scenario (data/scenarios/march2025) imported
// through the same library calls `habeas import` and `habeas add orders` make (what
// data/scenarios/march2025/import.sh runs), into a new SQLite store. Not linked: each
// test links or not as it needs.
#pragma once

#include <memory>
#include <string>

#include "habeas/status.h"
#include "habeas/store.h"

namespace habeas::test_scenario {

// The scenario's directory, with a trailing slash.
std::string ScenarioDir();

// Creates the store at `path` (which must not exist) and imports the whole scenario:
// facilities and flights, the four lists with their declared claims, the four timeline
// files and orders.rules. Any rejected row or message is an error.
Result<std::unique_ptr<Store>> LoadScenarioStore(const std::string& path);

}  // namespace habeas::test_scenario
