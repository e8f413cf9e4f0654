// Test helper: a linked store of synthetic people (habeas-gen lists plus the named
// people of tests/data/server), built once per test binary in a scratch directory.
#pragma once

#include <string>

#include "habeas/status.h"

namespace habeas::server::testing {

// Builds (once per process) and returns the path of the store; the directory is
// removed at exit.
Result<std::string> SharedTestStore();

// Builds a fresh store in `dir` (for tests that write to it). Seed 5 and at least 300
// persons: with fewer, habeas-gen's court.jsonl has no birth_year at all while its
// mapping names that column, and the import is refused.
Result<std::string> BuildTestStore(const std::string& dir, int persons = 300);

}  // namespace habeas::server::testing
