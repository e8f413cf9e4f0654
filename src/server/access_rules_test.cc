#include "server/access_rules.h"

#include <gtest/gtest.h>

namespace habeas::server {
namespace {

TEST(AccessRulesTest, ATokenNamesItsRowAndKeepsUnderscoresOfItsSecret) {
  const auto t = ParseToken("hbt_12_ab_cd-E");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, 12);
  EXPECT_EQ(t->secret, "ab_cd-E");
  EXPECT_EQ(TokenText(t->id, t->secret), "hbt_12_ab_cd-E");
}

TEST(AccessRulesTest, TextThatCannotBeATokenIsRefused) {
  for (const std::string& text :
       {std::string(""), std::string("hbt_"), std::string("hbt__secret"), std::string("hbt_12"),
        std::string("hbt_1x_secret"), std::string("HBT_1_secret"), std::string("xbt_1_secret"),
        "hbt_" + std::string(19, '9') + "_secret", "hbt_1_" + std::string(200, 'a')}) {
    EXPECT_FALSE(ParseToken(text)) << text;
  }
  EXPECT_TRUE(ParseToken("hbt_" + std::string(18, '9') + "_s"));
}

TEST(AccessRulesTest, UserNamesAndPasswords) {
  EXPECT_TRUE(CheckUserName("ana.maria_2@ngo-x").ok());
  EXPECT_EQ(CheckUserName("").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CheckUserName(std::string(65, 'a')).code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CheckUserName("ana maria").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(CheckUserName("ana\xC3\xA9").code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(CheckPasswordStrength(std::string(kMinPasswordLength, 'p')).ok());
  EXPECT_EQ(CheckPasswordStrength(std::string(kMinPasswordLength - 1, 'p')).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(CheckPasswordStrength(std::string(1025, 'p')).code(), StatusCode::kInvalidInput);
}

// An unknown role in the table reads as the least privilege, never as an error.
TEST(AccessRulesTest, RoleColumns) {
  EXPECT_EQ(RoleFromColumn("admin"), Role::kAdmin);
  EXPECT_EQ(RoleFromColumn("reviewer"), Role::kReviewer);
  EXPECT_EQ(RoleFromColumn("public"), Role::kPublic);
  EXPECT_EQ(RoleFromColumn("root"), Role::kPublic);
}

// A damaged setting makes nothing public (fail closed); unknown names are skipped.
TEST(AccessRulesTest, PublicFieldsSetting) {
  const std::vector<PublicField> fields = {PublicField::kName, PublicField::kSources};
  EXPECT_EQ(PublicFieldsJson(fields), R"(["name","sources"])");
  EXPECT_EQ(PublicFieldsFromJson(PublicFieldsJson(fields)), fields);
  EXPECT_EQ(PublicFieldsFromJson(R"(["name","phone",3,"status"])"),
            (std::vector<PublicField>{PublicField::kName, PublicField::kStatus}));
  EXPECT_TRUE(PublicFieldsFromJson("not json").empty());
  EXPECT_TRUE(PublicFieldsFromJson(R"({"name":true})").empty());
}

}  // namespace
}  // namespace habeas::server
