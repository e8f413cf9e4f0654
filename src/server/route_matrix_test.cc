// Every route × every role: the answer agrees with the policy table, every route has a
// policy, a route without one is refused, and the public reaches only a fixed list.
#include <gtest/gtest.h>

#include <set>

#include "server/app_test_util.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

using testing::TestApp;

// The only routes the public may use. Written out here, independently of the policy
// table, so that widening public access fails this test until it is deliberate.
const std::set<std::pair<Method, std::string>> kPublicRoutes = {
    {Method::kGet, "/"},
    {Method::kGet, "/login"},
    {Method::kPost, "/login"},
    {Method::kGet, "/robots.txt"},
    {Method::kGet, "/static/{file}"},
    {Method::kGet, "/api/v1/health"},
    {Method::kGet, "/api/v1/search"},
    {Method::kPost, "/api/v1/search"},
};

// A concrete path for a route pattern.
std::string Concrete(const std::string& pattern) {
  std::string out;
  for (const std::string& segment : SplitPath(pattern)) {
    out += "/";
    if (segment == "{id}") out += "1";
    else if (segment == "{a}") out += "1";
    else if (segment == "{b}") out += "2";
    else if (segment == "{name}") out += "server_test_relatives";
    else if (segment == "{file}") out += "habeas.css";
    else out += segment;
  }
  return out.empty() ? "/" : out;
}

class RouteMatrixTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_REQUIRE_TEST_BACKEND(GetParam());
    app_ = testing::SharedApps<RouteMatrixTest>::For(GetParam());
    ASSERT_NE(app_, nullptr);
  }
  static void TearDownTestSuite() { testing::SharedApps<RouteMatrixTest>::Clear(); }
  TestApp* app_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, RouteMatrixTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(RouteMatrixTest, EveryRouteHasAPolicyAndEveryPolicyARoute) {
  ASSERT_NE(app_, nullptr);
  std::set<std::pair<Method, std::string>> routes;
  for (const Router::Route& route : app_->app->router().routes()) {
    EXPECT_NE(FindPolicy(RoutePolicies(), route.method, route.pattern), nullptr)
        << MethodName(route.method) << " " << route.pattern << " has no policy";
    routes.insert({route.method, route.pattern});
  }
  for (const RoutePolicy& p : RoutePolicies()) {
    EXPECT_TRUE(routes.count({p.method, p.pattern}))
        << "policy for a route that does not exist: " << MethodName(p.method) << " " << p.pattern;
    EXPECT_FALSE(p.allowed.empty()) << p.pattern;
  }
}

TEST_P(RouteMatrixTest, PublicReachesOnlyThePublicRoutes) {
  for (const RoutePolicy& p : RoutePolicies()) {
    EXPECT_EQ(p.allowed.Contains(Role::kPublic), kPublicRoutes.count({p.method, p.pattern}) > 0)
        << MethodName(p.method) << " " << p.pattern;
  }
}

TEST_P(RouteMatrixTest, EveryRoleGetsWhatThePolicySays) {
  ASSERT_NE(app_, nullptr);
  int checked = 0;
  for (const Router::Route& route : app_->app->router().routes()) {
    const RoutePolicy* policy = FindPolicy(RoutePolicies(), route.method, route.pattern);
    ASSERT_NE(policy, nullptr);
    for (Role role : kAllRoles) {
      const std::string path = Concrete(route.pattern);
      Request request = route.method == Method::kPost && policy->kind != RouteKind::kApi
                            ? app_->As(role, route.method, path, "csrf=x",
                                       "application/x-www-form-urlencoded")
                            : app_->As(role, route.method, path,
                                       route.method == Method::kPost ? "{}" : "",
                                       route.method == Method::kPost ? "application/json" : "");
      if (route.pattern == "/login" && route.method == Method::kPost) {
        request.headers.emplace_back("cookie", std::string(kLoginCsrfCookie) + "=x");
      }
      if (route.pattern == "/" || route.pattern == "/api/v1/search") {
        request.client = "198.51.100." + std::to_string(checked % 250);  // no rate limit
      }
      const Response response = app_->Send(request);
      const std::string what = std::string(MethodName(route.method)) + " " + path + " as " +
                               std::string(RoleName(role)) + " → " +
                               std::to_string(response.status);
      const bool sign_in = route.pattern == "/login" && route.method == Method::kPost;
      if (sign_in) {
        // Everyone may post the sign-in form; with no user and password, its own answer.
        EXPECT_NE(response.body.find("user name or password is wrong"), std::string::npos)
            << what;
      } else if (policy->allowed.Contains(role)) {
        EXPECT_NE(response.status, 401) << what;
        EXPECT_NE(response.status, 403) << what;
        EXPECT_LT(response.status, 500) << what << "\n" << response.body.substr(0, 400);
      } else if (role == Role::kPublic) {
        const bool to_login = response.status == 303 &&
                              testing::HeaderOf(response, "Location").rfind("/login", 0) == 0;
        EXPECT_TRUE(response.status == 401 || to_login) << what;
      } else {
        EXPECT_EQ(response.status, 403) << what;
      }
      if (route.pattern == "/logout" && role != Role::kPublic) app_->SignInAgain(role);
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(app_->app->router().routes().size() * 4));
}

TEST_P(RouteMatrixTest, ARouteWithoutPolicyIsRefusedToEveryone) {
  auto fresh = TestApp::Create();
  ASSERT_NE(fresh, nullptr);
  fresh->app->mutable_router().Add(Method::kGet, "/api/v1/unlisted",
                                   [](Request&, const Caller&) { return JsonResponse(200, {}); });
  for (Role role : kAllRoles) {
    const Response r = fresh->Send(fresh->As(role, Method::kGet, "/api/v1/unlisted"));
    EXPECT_EQ(r.status, 403) << RoleName(role);
    EXPECT_NE(r.body.find("no access policy"), std::string::npos);
  }
}

TEST_P(RouteMatrixTest, ApiTokensCarryTheirRole) {
  EXPECT_EQ(app_->Send(app_->WithToken(Role::kReviewer, Method::kGet, "/api/v1/sources")).status,
            403);
  EXPECT_EQ(app_->Send(app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/sources")).status,
            200);
  Request bad = app_->WithToken(Role::kAdmin, Method::kGet, "/api/v1/health");
  bad.headers.back().second = "Bearer hbt_1_wrong";
  EXPECT_EQ(app_->Send(bad).status, 401);
}

}  // namespace
}  // namespace habeas::server
