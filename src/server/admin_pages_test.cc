// The administrator pages (admin_pages.cc) through App::Handle: users added and
// removed with their errors on the page, the audit trail, the public-fields form.
// (Only new users are written: the store is shared with app_test.cc.)
#include "server/app.h"

#include <gtest/gtest.h>

#include <string>

#include "server/app_test_util.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

using testing::TestApp;

class AdminPagesTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_REQUIRE_TEST_BACKEND(GetParam());
    app_ = testing::SharedApps<AdminPagesTest>::For(GetParam());
    ASSERT_NE(app_, nullptr);
  }
  static void TearDownTestSuite() { testing::SharedApps<AdminPagesTest>::Clear(); }

  // A form POST as the administrator.
  Response Post(const std::string& path, const std::string& form) {
    return app_->Send(app_->As(Role::kAdmin, Method::kPost, path, form,
                               "application/x-www-form-urlencoded"));
  }
  Response Get(const std::string& target) {
    return app_->Send(app_->As(Role::kAdmin, Method::kGet, target));
  }
  static bool Contains(const Response& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }

  TestApp* app_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, AdminPagesTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(AdminPagesTest, AnAddedUserIsListedAuditedAndCanSignIn) {
  const Response added =
      Post("/admin/users", "name=admin_pages_ana&role=analyst&password=ten+chars+ok");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_TRUE(Contains(added, "<p class=\"notice\" role=\"status\">Added admin_pages_ana "
                              "(analyst).</p>"));
  EXPECT_TRUE(Contains(added, "<tr><td>admin_pages_ana</td><td>analyst</td>"));
  EXPECT_TRUE(Contains(added, "action=\"/admin/users/admin_pages_ana/remove\""));
  const auto user = app_->app->access().CheckPassword("admin_pages_ana", "ten chars ok");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(user->has_value());
  EXPECT_EQ((*user)->role, Role::kAnalyst);
  const Response audit = Get("/admin/audit");
  ASSERT_EQ(audit.status, 200);
  EXPECT_TRUE(Contains(audit, "<td>user_add</td><td>user admin_pages_ana</td><td>analyst</td>"));
}

TEST_P(AdminPagesTest, WhatCannotBeAddedIsSaidOnThePage) {
  ASSERT_EQ(Post("/admin/users", "name=admin_pages_dup&role=reviewer&password=ten+chars+ok").status,
            200);
  struct Case {
    std::string form;
    int status;
    std::string message;
  };
  const Case cases[] = {
      {"name=admin_pages_x&role=owner&password=ten+chars+ok", 400,
       "unknown role &quot;owner&quot; (expected reviewer, analyst or admin)"},
      {"name=admin_pages_x&password=ten+chars+ok", 400,
       "unknown role &quot;&quot; (expected reviewer, analyst or admin)"},
      {"name=admin+pages&role=reviewer&password=ten+chars+ok", 400,
       "user name &quot;admin pages&quot;: use letters, digits and . _ - @ only"},
      {"name=&role=reviewer&password=ten+chars+ok", 400, "a user name has 1 to 64 characters"},
      {"name=admin_pages_x&role=reviewer&password=nine+char", 400,
       "a password needs at least 10 characters"},
      {"name=admin_pages_dup&role=admin&password=ten+chars+ok", 409,
       "a user named &quot;admin_pages_dup&quot; already exists"},
  };
  for (const Case& c : cases) {
    const Response r = Post("/admin/users", c.form);
    EXPECT_EQ(r.status, c.status) << c.form;
    EXPECT_TRUE(Contains(r, "<p>" + c.message + "</p>")) << c.form << "\n" << r.body;
  }
  EXPECT_FALSE(app_->app->access().CheckPassword("admin_pages_x", "ten chars ok")->has_value());
}

TEST_P(AdminPagesTest, RemovingAUserEndsTheirSessionsButNobodyRemovesThemselves) {
  ASSERT_EQ(Post("/admin/users", "name=admin_pages_rm&role=reviewer&password=ten+chars+ok").status,
            200);
  const std::string session = app_->app->sessions().Start("admin_pages_rm", Role::kReviewer);
  ASSERT_TRUE(app_->app->sessions().Find(session).has_value());

  const Response removed = Post("/admin/users/admin_pages_rm/remove", "");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(Contains(removed, "Removed admin_pages_rm."));
  EXPECT_FALSE(Contains(removed, "<td>admin_pages_rm</td>"));
  EXPECT_FALSE(app_->app->sessions().Find(session).has_value());

  const Response again = Post("/admin/users/admin_pages_rm/remove", "");
  EXPECT_EQ(again.status, 404);
  EXPECT_TRUE(Contains(again, "no user named &quot;admin_pages_rm&quot;"));

  const std::string self = app_->user[Role::kAdmin];
  const Response own = Post("/admin/users/" + self + "/remove", "");
  EXPECT_EQ(own.status, 400);
  EXPECT_TRUE(Contains(own, "you cannot remove yourself; ask another admin"));
  // The page offers no button to remove oneself.
  const Response page = Get("/admin/users");
  EXPECT_FALSE(Contains(page, "action=\"/admin/users/" + self + "/remove\""));
  EXPECT_TRUE(Contains(page, "<td>" + self + "</td>"));
}

TEST_P(AdminPagesTest, TheAuditTrailPagesBackwardsAndRefusesABadCursor) {
  const Response page = Get("/admin/audit?before=999999999");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page, "<h1>Audit trail</h1>"));
  const Response bad = Get("/admin/audit?before=abc");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad, "before must be a positive whole number, not &quot;abc&quot;"));
  // Before the first entry there is nothing, and no link to older entries.
  const Response first = Get("/admin/audit?before=1");
  ASSERT_EQ(first.status, 200);
  EXPECT_FALSE(Contains(first, "Older entries"));
  EXPECT_FALSE(Contains(first, "<tr><td>"));
}

TEST_P(AdminPagesTest, ThePublicFieldsFormOffersEveryFieldAndRefusesUnknownOnes) {
  const Response page = Get("/admin/public-fields");
  ASSERT_EQ(page.status, 200);
  for (PublicField f : kAllPublicFields) {
    const std::string name(PublicFieldName(f));
    EXPECT_TRUE(Contains(page, "name=\"field\" value=\"" + name + "\"")) << name;
  }
  // Refused before anything is saved: the shared store's settings stay as they are.
  const auto before = app_->app->access().PublicFields();
  ASSERT_TRUE(before.ok());
  const Response bad = Post("/admin/public-fields", "field=name&field=phone");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(Contains(bad, "unknown public field &quot;phone&quot;"));
  EXPECT_EQ(*app_->app->access().PublicFields(), *before);
}

TEST_P(AdminPagesTest, OnlyAdministratorsReachThesePages) {
  for (Role role : {Role::kPublic, Role::kReviewer, Role::kAnalyst}) {
    const Response r = app_->Send(app_->As(role, Method::kGet, "/admin/users"));
    EXPECT_NE(r.status, 200) << RoleName(role);
    EXPECT_FALSE(Contains(r, "Add a user")) << RoleName(role);
  }
}

}  // namespace
}  // namespace habeas::server
