// Test helper: a linked store of synthetic people (habeas-gen lists plus the named
// people of tests/data/server), built once per test binary in a scratch directory.
#pragma once

#include <string>

#include "habeas/status.h"

namespace habeas::server::testing {

// Builds (once per process) and returns the path of the store; the directory is
// removed at exit.
Result<std::string> SharedTestStore();

// Builds a fresh store in `dir` (for tests that write to it).
Result<std::string> BuildTestStore(const std::string& dir, int persons = 300);

}  // namespace habeas::server::testing
