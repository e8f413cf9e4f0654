// Test helper: an App over the shared synthetic store, with one user per role and
// ready-made requests as each of them.
#pragma once

#include <gtest/gtest.h>

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
  std::unique_ptr<App> app;
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

  // An App over a store at `db` (built if empty: the shared store).
  static std::unique_ptr<TestApp> Create(const std::string& db = "") {
    auto t = std::make_unique<TestApp>();
    auto path = db.empty() ? SharedTestStore() : Result<std::string>(db);
    EXPECT_TRUE(path.ok()) << path.status().ToString();
    if (!path.ok()) return nullptr;
    App::Parts parts;
    parts.options.db_path = *path;
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

inline std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace habeas::server::testing
