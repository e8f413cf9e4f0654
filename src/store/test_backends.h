// The backends the store tests run against, for test fixtures parameterized over them
// (tests only; header-only, needs GoogleTest and habeas_store).
//
//   class LinkageTest : public ::testing::TestWithParam<TestBackend> {
//     void SetUp() override {
//       HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
//       store_ = OpenStore(location_->db()).value();
//     }
//     std::optional<TestStoreLocation> location_;
//   };
//   INSTANTIATE_TEST_SUITE_P(Backends, LinkageTest, ::testing::ValuesIn(AllTestBackends()),
//                            TestBackendName);
//
// PostgreSQL runs against the server HABEAS_TEST_PG_URL names (scripts/test.sh starts
// a throwaway one with scripts/pg_test_cluster.sh); each test gets a schema of its own,
// dropped after it. Without the variable the PostgreSQL cases are skipped, except under
// CI (CI=true), where they fail: CI never passes by skipping them.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/pg_util.h"

namespace habeas {

enum class TestBackend { kSqlite, kPostgres };

inline std::vector<TestBackend> AllTestBackends() {
  return {TestBackend::kSqlite, TestBackend::kPostgres};
}

inline std::string TestBackendName(const ::testing::TestParamInfo<TestBackend>& info) {
  return info.param == TestBackend::kSqlite ? "Sqlite" : "Postgres";
}

// HABEAS_TEST_PG_URL, or empty.
inline std::string TestPostgresUrl() {
  const char* url = std::getenv("HABEAS_TEST_PG_URL");
  return url ? url : "";
}

inline bool RunningUnderCi() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

// A fresh, empty place for one test's store: a file in a new directory (SQLite), or a
// new schema on the test server (PostgreSQL, the URL naming it in search_path).
class TestStoreLocation {
 public:
  explicit TestStoreLocation(TestBackend backend) : backend_(backend) {
    static std::atomic<int> counter{0};
    const std::string unique = std::to_string(::getpid()) + "_" + std::to_string(++counter);
    if (backend == TestBackend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("habeas_store_" + unique);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      db_ = (dir_ / "t.db").string();
      return;
    }
    schema_ = "habeas_test_" + unique;
    const std::string base = TestPostgresUrl();
    db_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
          "options=-csearch_path%3D" + schema_;
    Run(base, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_);
  }
  ~TestStoreLocation() {
    if (backend_ == TestBackend::kSqlite) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    } else {
      Run(TestPostgresUrl(), "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  }
  TestStoreLocation(const TestStoreLocation&) = delete;
  TestStoreLocation& operator=(const TestStoreLocation&) = delete;

  TestBackend backend() const { return backend_; }
  // What --db takes: a path, or a postgresql:// URL.
  const std::string& db() const { return db_; }

  // Runs `sql` on the store behind its back (PostgreSQL only; SQLite tests open the file).
  void Tamper(const std::string& sql) const { Run(db_, sql); }

 private:
  static void Run(const std::string& url, const std::string& sql) {
    auto conn = store::PgConnection::Connect(url);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    Status s = conn->Exec(sql);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  TestBackend backend_;
  std::filesystem::path dir_;
  std::string schema_;
  std::string db_;
};

}  // namespace habeas

// In a fixture's SetUp: emplaces `location` (a std::optional<TestStoreLocation>) for
// `backend`, or skips the test (fails it under CI) when PostgreSQL has no test server.
#define HABEAS_SETUP_TEST_BACKEND(location, backend)                                         \
  do {                                                                                       \
    if ((backend) == ::habeas::TestBackend::kPostgres && ::habeas::TestPostgresUrl().empty()) { \
      if (::habeas::RunningUnderCi()) {                                                      \
        FAIL() << "CI=true but HABEAS_TEST_PG_URL is not set: the PostgreSQL store tests "  \
                  "must run (scripts/test.sh starts scripts/pg_test_cluster.sh)";            \
      }                                                                                      \
      GTEST_SKIP() << "no PostgreSQL test server (HABEAS_TEST_PG_URL; start one with "       \
                      "eval \"$(scripts/pg_test_cluster.sh start)\")";                       \
    }                                                                                        \
    (location).emplace(backend);                                                             \
  } while (0)
