#include "server/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace habeas::server {
namespace {

struct SplitCase {
  std::string path;
  std::vector<std::string> segments;
};

TEST(SplitPathTest, SplitsOnSlashesKeepingEmptyInnerSegments) {
  const SplitCase cases[] = {
      {"/", {}},
      {"", {}},
      {"/a", {"a"}},
      {"/a/b", {"a", "b"}},
      {"/a/{id}/b", {"a", "{id}", "b"}},
      // A trailing slash ends the last segment; it adds no empty segment.
      {"/a/", {"a"}},
      // A doubled slash is an empty segment, so "/a//b" is not "/a/b".
      {"/a//b", {"a", "", "b"}},
      {"//", {""}},
  };
  for (const SplitCase& c : cases) {
    EXPECT_EQ(SplitPath(c.path), c.segments) << "path \"" << c.path << "\"";
  }
}

Handler Named(std::string name) {
  return [name](Request&, const Caller&) {
    Response r;
    r.body = name;
    return r;
  };
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add(Method::kGet, "/", Named("home"));
    router_.Add(Method::kGet, "/persons/{id}", Named("person"));
    router_.Add(Method::kGet, "/persons/{id}/packet.pdf", Named("packet"));
    router_.Add(Method::kGet, "/review/{a}/{b}", Named("pair"));
    router_.Add(Method::kPost, "/review/decide", Named("decide"));
    router_.Add(Method::kDelete, "/api/v1/decisions/{id}", Named("undo"));
  }

  std::string Body(const Router::Match& match) {
    Request request;
    return match.route->handler(request, Caller{}).body;
  }

  Router router_;
};

TEST_F(RouterTest, LiteralAndParameterRoutesMatchWholePaths) {
  struct Case {
    Method method;
    std::string path;
    std::string handler;  // "" when no route matches
    bool path_exists;
  };
  const Case cases[] = {
      {Method::kGet, "/", "home", true},
      {Method::kGet, "/persons/P-7", "person", true},
      {Method::kGet, "/persons/P-7/packet.pdf", "packet", true},
      {Method::kGet, "/review/1/2", "pair", true},
      {Method::kPost, "/review/decide", "decide", true},
      {Method::kDelete, "/api/v1/decisions/9", "undo", true},
      // HEAD is answered by the GET route.
      {Method::kHead, "/persons/P-7", "person", true},
      // A path some other method serves: no route, but the path exists (405).
      {Method::kPost, "/persons/P-7", "", true},
      {Method::kGet, "/review/decide", "", true},
      // Too few or too many segments never match a parameter route.
      {Method::kGet, "/persons", "", false},
      {Method::kGet, "/persons/P-7/other", "", false},
      {Method::kGet, "/review/1", "", false},
      // A parameter segment must not be empty.
      {Method::kGet, "/persons//packet.pdf", "", false},
      {Method::kGet, "/nowhere", "", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    const Router::Match match = router_.Find(c.method, c.path);
    EXPECT_EQ(match.path_exists, c.path_exists);
    if (c.handler.empty()) {
      EXPECT_EQ(match.route, nullptr);
    } else {
      ASSERT_NE(match.route, nullptr);
      EXPECT_EQ(Body(match), c.handler);
    }
  }
}

TEST_F(RouterTest, ParametersAreNamedByThePattern) {
  const Router::Match match = router_.Find(Method::kGet, "/review/41/42");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/review/{a}/{b}");
  const std::map<std::string, std::string> want = {{"a", "41"}, {"b", "42"}};
  EXPECT_EQ(match.params, want);
}

TEST_F(RouterTest, NoParametersAreReportedWithoutARoute) {
  // The path matched a route of another method: its parameters are not handed out.
  const Router::Match match = router_.Find(Method::kPost, "/persons/P-7");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.params.empty());
}

TEST(RouterOrderTest, TheFirstRouteAddedWinsWhenTwoMatch) {
  Router router;
  router.Add(Method::kGet, "/sources/{name}", Named("by-name"));
  router.Add(Method::kGet, "/sources/all", Named("all"));
  const Router::Match match = router.Find(Method::kGet, "/sources/all");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/sources/{name}");
  EXPECT_EQ(match.params.at("name"), "all");
}

TEST(RouterOrderTest, BracesAloneAreALiteralSegment) {
  // "{}" has no name: it is compared literally, not treated as a parameter.
  Router router;
  router.Add(Method::kGet, "/x/{}", Named("literal"));
  EXPECT_EQ(router.Find(Method::kGet, "/x/anything").route, nullptr);
  EXPECT_NE(router.Find(Method::kGet, "/x/{}").route, nullptr);
}

TEST(FindPolicyTest, FindsByMethodAndExactPattern) {
  const RoutePolicy table[] = {
      {Method::kGet, "/persons/{id}", RoleSet{Role::kReviewer}, RouteKind::kPage},
      {Method::kPost, "/persons/{id}", RoleSet{Role::kAdmin}, RouteKind::kApi},
  };
  const RoutePolicy* get = FindPolicy(table, Method::kGet, "/persons/{id}");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->kind, RouteKind::kPage);
  const RoutePolicy* post = FindPolicy(table, Method::kPost, "/persons/{id}");
  ASSERT_NE(post, nullptr);
  EXPECT_TRUE(post->allowed.Contains(Role::kAdmin));
  EXPECT_FALSE(post->allowed.Contains(Role::kReviewer));
  // The pattern, not a path that would match it.
  EXPECT_EQ(FindPolicy(table, Method::kGet, "/persons/7"), nullptr);
  EXPECT_EQ(FindPolicy(table, Method::kDelete, "/persons/{id}"), nullptr);
}

TEST(RoutePoliciesTest, EveryPolicyIsUniqueAndAllowsSomeone) {
  const auto table = RoutePolicies();
  ASSERT_FALSE(table.empty());
  for (size_t i = 0; i < table.size(); ++i) {
    SCOPED_TRACE(table[i].pattern);
    EXPECT_FALSE(table[i].allowed.empty());
    EXPECT_EQ(FindPolicy(table, table[i].method, table[i].pattern), &table[i])
        << "a second policy for the same route would never be read";
  }
}

TEST(RoutePoliciesTest, ApiRoutesAreTheOnesUnderApi) {
  for (const RoutePolicy& p : RoutePolicies()) {
    const std::string pattern = p.pattern;
    SCOPED_TRACE(pattern);
    EXPECT_EQ(p.kind == RouteKind::kApi, pattern.rfind("/api/", 0) == 0);
  }
}

TEST(RoleSetTest, ContainsExactlyItsRoles) {
  constexpr RoleSet none;
  EXPECT_TRUE(none.empty());
  constexpr RoleSet staff{Role::kReviewer, Role::kAnalyst};
  EXPECT_FALSE(staff.empty());
  EXPECT_TRUE(staff.Contains(Role::kReviewer));
  EXPECT_TRUE(staff.Contains(Role::kAnalyst));
  EXPECT_FALSE(staff.Contains(Role::kPublic));
  EXPECT_FALSE(staff.Contains(Role::kAdmin));
}

}  // namespace
}  // namespace habeas::server
