#include "orders/check_claims.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

TEST(StringIdsTest, EqualStringsShareAnIdAndTheEmptyStringIsZero) {
  StringIds ids;
  EXPECT_EQ(ids.Find(""), 0u);
  const StringIds::Id aea = ids.Intern("aea");
  EXPECT_NE(aea, 0u);
  EXPECT_EQ(ids.Intern(std::string("ae") + "a"), aea);
  EXPECT_EQ(ids.Find("aea"), aea);
  EXPECT_EQ(ids.Text(aea), "aea");
  EXPECT_EQ(ids.Find("title8"), StringIds::kAbsent);
}

TEST(StringIdsTest, TextsStayValidAsMoreAreInterned) {
  StringIds ids;
  std::vector<StringIds::Id> id;
  for (int i = 0; i < 5000; ++i) id.push_back(ids.Intern("s" + std::to_string(i)));
  for (int i = 0; i < 5000; ++i) {
    EXPECT_EQ(ids.Find("s" + std::to_string(i)), id[i]);
    EXPECT_EQ(ids.Text(id[i]), "s" + std::to_string(i));
  }
}

ResolvedClaim Claimed(ClaimKind kind, const char* source) {
  ResolvedClaim c;
  c.claim.kind = kind;
  c.claim.source.source = source;
  c.claim.authority = "aea";
  c.claim.item = "nationality";
  c.claim.value = "VE";
  c.when = *ParseValidTime("2025-03-15", "America/New_York");
  return c;
}

TEST(CheckClaimsTest, PacksEachPersonsClaimsInOrderWithTheFieldsRulesRead) {
  std::vector<PersonTimeline> persons(3);
  persons[0].claims = {Claimed(ClaimKind::kRemoval, "manifest"),
                       Claimed(ClaimKind::kAttribute, "list")};
  persons[2].claims = {Claimed(ClaimKind::kBookIn, "ice")};
  persons[2].claims[0].when = ValidTime{};
  const CheckClaims packed(persons);
  const StringIds& ids = packed.ids();

  ASSERT_EQ(packed.Of(persons[0]).size(), 2u);
  EXPECT_TRUE(packed.Of(persons[1]).empty());
  ASSERT_EQ(packed.Of(persons[2]).size(), 1u);

  const CheckClaim& removal = packed.Of(persons[0], &persons[0].claims[0]);
  EXPECT_EQ(removal.claim, &persons[0].claims[0]);
  EXPECT_EQ(removal.kind, ClaimKind::kRemoval);
  EXPECT_EQ(ids.Text(removal.authority), "aea");
  EXPECT_EQ(ids.Text(removal.source), "manifest");
  EXPECT_EQ(removal.item, 0u);  // not read of a removal
  EXPECT_EQ(removal.earliest, persons[0].claims[0].when.earliest);
  EXPECT_EQ(removal.latest, persons[0].claims[0].when.latest);
  EXPECT_TRUE(removal.known);

  const CheckClaim& attribute = packed.Of(persons[0])[1];
  EXPECT_EQ(attribute.item, ids.Find("nationality"));
  EXPECT_EQ(ids.Text(attribute.value), "VE");
  EXPECT_EQ(attribute.authority, 0u);  // not read of an attribute

  const CheckClaim& book_in = packed.Of(persons[2])[0];
  EXPECT_EQ(book_in.claim, &persons[2].claims[0]);
  EXPECT_FALSE(book_in.known);
}

}  // namespace
}  // namespace habeas
