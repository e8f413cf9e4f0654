#include "habeas/names/nicknames.h"

#include <gtest/gtest.h>

#include <set>

namespace habeas::names {
namespace {

TEST(NicknameTableTest, BuiltinHasAtLeast200PairsAndKnownOnes) {
  const NicknameTable& table = NicknameTable::Builtin();
  EXPECT_GE(table.entries().size(), 200u);
  std::set<std::pair<std::string, std::string>> unique;
  for (const NicknameEntry& e : table.entries()) unique.emplace(e.nickname, e.formal_name);
  EXPECT_EQ(unique.size(), table.entries().size()) << "duplicate pairs in nicknames.tsv";
  EXPECT_TRUE(table.AreEquivalent("chuy", "jesus"));
  EXPECT_TRUE(table.AreEquivalent("jesus", "chuy"));
  EXPECT_TRUE(table.AreEquivalent("pancho", "paco"));  // both Francisco
  EXPECT_TRUE(table.AreEquivalent("pepe", "cheo"));
  EXPECT_TRUE(table.AreEquivalent("maye", "maria eugenia"));
  EXPECT_TRUE(table.AreEquivalent("manolo", "manuel"));
  EXPECT_FALSE(table.AreEquivalent("pepe", "manuel"));
  EXPECT_FALSE(table.AreEquivalent("gabriel", "gabriela"));
  EXPECT_FALSE(table.AreEquivalent("", ""));
  EXPECT_TRUE(table.AreEquivalent("jose", "jose"));
  auto formal = table.FormalNamesOf("beto");
  EXPECT_GE(formal.size(), 2u);  // Alberto, Roberto, Humberto
}

TEST(NicknameTableTest, ParsesAndRejectsTsv) {
  Result<NicknameTable> ok =
      NicknameTable::FromTsv("# c\nchuy\tjesús\tM\r\n\nlupe\tguadalupe\tF\n", "t.tsv");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->entries().size(), 2u);
  EXPECT_EQ(ok->entries()[0].sex, NicknameSex::kMale);
  Result<NicknameTable> fields = NicknameTable::FromTsv("chuy\tjesús\n", "t.tsv");
  ASSERT_FALSE(fields.ok());
  EXPECT_NE(fields.status().message().find("t.tsv:1:"), std::string::npos);
  Result<NicknameTable> sex = NicknameTable::FromTsv("a\tb\tM\nchuy\tjesús\tX\n", "t.tsv");
  ASSERT_FALSE(sex.ok());
  EXPECT_NE(sex.status().message().find("t.tsv:2:"), std::string::npos);
  EXPECT_FALSE(NicknameTable::FromTsv("\xFF\tb\tM\n", "t.tsv").ok());
}

}  // namespace
}  // namespace habeas::names
