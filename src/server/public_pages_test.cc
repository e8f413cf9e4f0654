// The sign-in page's redirect after a successful sign-in (public_pages.cc), through
// App::Handle: `next` is followed only when it is a path on this site.
#include "server/app.h"

#include <gtest/gtest.h>

#include <string>

#include "server/app_test_util.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

using testing::HeaderOf;
using testing::TestApp;

class LoginRedirectTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_REQUIRE_TEST_BACKEND(GetParam());
    app_ = testing::SharedApps<LoginRedirectTest>::For(GetParam());
    ASSERT_NE(app_, nullptr);
    auto known = app_->app->access().FindUser("redirect_test");
    ASSERT_TRUE(known.ok()) << known.status().ToString();
    if (*known) return;  // added by an earlier test on this backend
    ASSERT_TRUE(
        app_->app->access().AddUser("redirect_test", Role::kReviewer, "a long password 2").ok());
  }
  static void TearDownTestSuite() { testing::SharedApps<LoginRedirectTest>::Clear(); }

  // Signs in as the reviewer with `next` (already form-encoded) and returns the answer.
  Response SignIn(const std::string& encoded_next) {
    const Response form = app_->Send(app_->As(Role::kPublic, Method::kGet, "/login"));
    const std::string set = HeaderOf(form, "Set-Cookie");
    const std::string csrf = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
    Request post = app_->As(Role::kPublic, Method::kPost, "/login",
                            "user=redirect_test&password=a+long+password+2&csrf=" + csrf +
                                "&next=" + encoded_next,
                            "application/x-www-form-urlencoded");
    post.client = "198.51.100." + std::to_string(++client_ % 250);
    post.headers.emplace_back("cookie", std::string(kLoginCsrfCookie) + "=" + csrf);
    return app_->Send(post);
  }

  TestApp* app_ = nullptr;
  static int client_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LoginRedirectTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);
int LoginRedirectTest::client_ = 0;

TEST_P(LoginRedirectTest, APathOnThisSiteIsFollowedAndAnythingElseGoesHome) {
  struct Case {
    std::string next;      // as posted (form-encoded)
    std::string location;  // where the browser is sent
  };
  const Case cases[] = {
      {"%2Fpersons%2F12", "/persons/12"},
      {"%2Freview%3Fpage%3D2", "/review?page=2"},
      {"", "/review"},  // none: the role's home (reviewers review)
      {"%2F", "/review"},
      {"persons%2F12", "/review"},                    // not a path
      {"%2F%2Fevil.example", "/review"},              // another host, scheme-relative
      {"https%3A%2F%2Fevil.example%2F", "/review"},   // another site
      {"%2Fx%3Fu%3Dhttps%3A%2F%2Fevil", "/review"},   // "://" anywhere
      {"%2F%5Cevil.example", "/review"},              // "/\" is "//" to browsers
  };
  for (const Case& c : cases) {
    const Response r = SignIn(c.next);
    ASSERT_EQ(r.status, 303) << c.next << ": " << r.body;
    EXPECT_EQ(HeaderOf(r, "Location"), c.location) << c.next;
  }
}

// Regression: browsers delete tabs and newlines from a URL before reading it (WHATWG
// URL standard), so a `next` of "/<tab>/evil.example" passed the "not //" check and
// then sent the newly signed-in user to evil.example: an open redirect after sign-in.
TEST_P(LoginRedirectTest, ControlCharactersInNextAreNeverFollowed) {
  const std::string cases[] = {
      "%2F%09%2Fevil.example",      // "/\t/evil.example"
      "%2F%0A%2Fevil.example",      // "/\n/evil.example"
      "%2F%0D%0A%2Fevil.example",   // "/\r\n/evil.example"
      "%2Fpersons%2F12%0D%0ASet-Cookie%3A+x%3D1",  // a header smuggled into Location
  };
  for (const std::string& next : cases) {
    const Response r = SignIn(next);
    ASSERT_EQ(r.status, 303) << next;
    EXPECT_EQ(HeaderOf(r, "Location"), "/review") << next;
  }
}

}  // namespace
}  // namespace habeas::server
