// Test helper: a linked store of synthetic people (habeas-gen lists plus the named
// people of tests/data/server), built once per test binary and backend: a SQLite file
// in a scratch directory, or a schema of its own on the PostgreSQL test server
// (HABEAS_TEST_PG_URL, store/test_backends.h).
#pragma once

#include <string>

#include "habeas/status.h"
#include "store/test_backends.h"

namespace habeas::server::testing {

// Builds (once per process and backend) and returns the --db of the store; the
// directory or schema is removed at exit. kUnavailable for PostgreSQL without a test
// server.
Result<std::string> SharedTestStore(TestBackend backend = TestBackend::kSqlite);

// Builds a fresh store in `dir` (for tests that write to it). Seed 5 and at least 300
// persons: with fewer, habeas-gen's court.jsonl has no birth_year at all while its
// mapping names that column, and the import is refused.
Result<std::string> BuildTestStore(const std::string& dir, int persons = 300);
// As BuildTestStore, into the store `db` names (a path, or a URL whose schema holds no
// store yet); the lists are written in `dir`. Returns `db`.
Result<std::string> BuildTestStoreAt(const std::string& dir, const std::string& db,
                                     int persons = 300);

}  // namespace habeas::server::testing
