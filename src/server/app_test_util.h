// Test helper: an App over the shared synthetic store (on SQLite or PostgreSQL), with
// one user per role and ready-made requests as each of them.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "server/app.h"
#include "server/test_store.h"

namespace habeas::server::testing {

// A clock tests move by hand (rate limits).
class StepClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now; }
  int64_t now = 1'742'074'200'000'000;  // 2025-03-15T21:30:00Z
};

struct TestApp {
  ~TestApp() {
    app.reset();
    std::error_code ignored;
    if (!index_dir.empty()) std::filesystem::remove_all(index_dir, ignored);
  }

  std::unique_ptr<App> app;
  std::filesystem::path index_dir;  // PostgreSQL: where the index and ledger key are kept
  StepClock clock;
  std::map<Role, std::string> session;  // cookie value per staff role
  std::map<Role, std::string> csrf;
  std::map<Role, std::string> token;
  std::map<Role, std::string> user;

  // A new session for `role` (after a sign-out ended the old one).
  void SignInAgain(Role role) {
    session[role] = app->sessions().Start(user[role], role);
    csrf[role] = app->sessions().Find(session[role])->csrf_token;
  }

  // An App over the shared store on `backend`.
  static std::unique_ptr<TestApp> Create(TestBackend backend) {
    auto db = SharedTestStore(backend);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    return db.ok() ? Create(*db) : nullptr;
  }
  // An App over a store at `db` (built if empty: the shared SQLite store).
  static std::unique_ptr<TestApp> Create(const std::string& db = "") {
    auto t = std::make_unique<TestApp>();
    auto path = db.empty() ? SharedTestStore() : Result<std::string>(db);
    EXPECT_TRUE(path.ok()) << path.status().ToString();
    if (!path.ok()) return nullptr;
    App::Parts parts;
    parts.options.db_path = *path;
    if (StoreBackendOf(*path) == StoreBackend::kPostgres) {
      // Not in the user's cache directory ($XDG_CACHE_HOME/habeas, which `habeas serve`
      // creates): a directory of the test's own, removed with it.
      static int indexes = 0;
      t->index_dir = std::filesystem::temp_directory_path() /
                     ("habeas_test_index_" + std::to_string(::getpid()) + "_" +
                      std::to_string(++indexes));
      std::filesystem::create_directories(t->index_dir);
      parts.options.index_path = (t->index_dir / "locator.idx").string();
      // The ledger key likewise, not under the user's $XDG_DATA_HOME.
      parts.options.ledger_key_path = (t->index_dir / "ledger-key.pem").string();
    }
    parts.options.public_searches_per_minute = 30;
    parts.options.public_search_burst = 5;
    parts.clock = &t->clock;
    parts.hash_cost = HashCost::kFastForTests;
    auto app = App::Create(parts);
    EXPECT_TRUE(app.ok()) << app.status().ToString();
    if (!app.ok()) return nullptr;
    t->app = std::move(app).value();
    for (Role role : {Role::kReviewer, Role::kAnalyst, Role::kAdmin}) {
      static int instances = 0;
      const std::string name =
          "test_" + std::string(RoleName(role)) + "_" + std::to_string(++instances);
      auto added = t->app->access().AddUser(name, role, "a long test password");
      EXPECT_TRUE(added.ok()) << added.status().ToString();
      t->user[role] = name;
      t->session[role] = t->app->sessions().Start(name, role);
      t->csrf[role] = t->app->sessions().Find(t->session[role])->csrf_token;
      auto token = t->app->access().CreateToken(name, "tests");
      EXPECT_TRUE(token.ok());
      t->token[role] = *token;
    }
    return t;
  }

  // A request as `role` through its session cookie (CSRF token added to forms).
  Request As(Role role, Method method, const std::string& target, std::string body = "",
             std::string content_type = "") {
    Request r;
    r.method = method;
    r.client = "192.0.2.10";
    EXPECT_TRUE(ParseTarget(target, &r).ok()) << target;
    if (role != Role::kPublic) {
      r.headers.emplace_back("cookie", std::string(kSessionCookie) + "=" + session[role]);
      r.headers.emplace_back("x-csrf-token", csrf[role]);
    }
    if (!content_type.empty()) r.headers.emplace_back("content-type", content_type);
    r.body = std::move(body);
    return r;
  }
  // A request with an API token.
  Request WithToken(Role role, Method method, const std::string& target, std::string body = "") {
    Request r;
    r.method = method;
    r.client = "192.0.2.20";
    EXPECT_TRUE(ParseTarget(target, &r).ok()) << target;
    r.headers.emplace_back("authorization", "Bearer " + token[role]);
    if (!body.empty()) r.headers.emplace_back("content-type", "application/json");
    r.body = std::move(body);
    return r;
  }
  Response Send(Request r) { return app->Handle(r); }
};

// One App per backend for a test suite parameterized over the backends (the shared
// store is built once per backend): `SharedApps<AppTest>::For(GetParam())`, deleted in
// TearDownTestSuite by `SharedApps<AppTest>::Clear()`.
template <typename Suite>
class SharedApps {
 public:
  static TestApp* For(TestBackend backend) {
    auto& app = apps()[backend];
    if (!app) app = TestApp::Create(backend);
    return app.get();
  }
  static void Clear() { apps().clear(); }

 private:
  static std::map<TestBackend, std::unique_ptr<TestApp>>& apps() {
    static std::map<TestBackend, std::unique_ptr<TestApp>> apps;
    return apps;
  }
};

inline std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace habeas::server::testing

// In the SetUp of a test parameterized over the backends without a store of its own
// (it uses the shared one): skips PostgreSQL without a test server, failing under CI,
// as HABEAS_SETUP_TEST_BACKEND does.
#define HABEAS_REQUIRE_TEST_BACKEND(backend)                                                 \
  do {                                                                                       \
    if ((backend) == ::habeas::TestBackend::kPostgres && ::habeas::TestPostgresUrl().empty()) { \
      if (::habeas::RunningUnderCi()) {                                                      \
        FAIL() << "CI=true but HABEAS_TEST_PG_URL is not set: the PostgreSQL server tests "  \
                  "must run (scripts/test.sh starts scripts/pg_test_cluster.sh)";            \
      }                                                                                      \
      GTEST_SKIP() << "no PostgreSQL test server (HABEAS_TEST_PG_URL)";                       \
    }                                                                                        \
  } while (0)
