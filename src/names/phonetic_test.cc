#include "habeas/names/phonetic.h"

#include <gtest/gtest.h>

namespace habeas::names {
namespace {

// Groups of spellings that must share a key (one rule family each).
TEST(PhoneticKeyEsTest, SpellingsThatSoundAlikeShareAKey) {
  const std::vector<std::vector<const char*>> groups = {
      {"jhonny", "johnny", "yony", "yoni", "jhoni"},
      {"wuilmer", "wilmer"},
      {"vasquez", "basquez", "vazquez", "vasques"},
      {"yorbis", "iorbis"},
      {"yenifer", "jennifer", "yennifer"},
      {"castillo", "castiyo", "kastillo"},
      {"hernandez", "ernandez", "hernandes"},
      {"jimenez", "gimenez", "ximenez"},
      {"quintero", "kintero"},
      {"munoz", "munioz"},
      {"yaneth", "yanet"},
      {"erick", "erik", "eric"},
      {"gualter", "walter"},
      {"ysabel", "isabel"},
  };
  for (const auto& group : groups) {
    for (const char* spelling : group) {
      EXPECT_EQ(PhoneticKeyEs(spelling).view(), PhoneticKeyEs(group[0]).view())
          << spelling << " vs " << group[0];
    }
  }
}

TEST(PhoneticKeyEsTest, KeepsDistinctionsSoundexLoses) {
  EXPECT_NE(PhoneticKeyEs("juan").view(), PhoneticKeyEs("jane").view());
  EXPECT_NE(PhoneticKeyEs("maria").view(), PhoneticKeyEs("mario").view());
  EXPECT_NE(PhoneticKeyEs("guillermo").view(), PhoneticKeyEs("wilmer").view());
  EXPECT_NE(PhoneticKeyEs("perez").view(), PhoneticKeyEs("paez").view());
}

TEST(PhoneticKeyEsTest, EdgeCases) {
  EXPECT_TRUE(PhoneticKeyEs("").empty());
  EXPECT_TRUE(PhoneticKeyEs("h").empty());
  EXPECT_EQ(PhoneticKeyEs("PEREZ").view(), "PERES");  // uppercase accepted
  EXPECT_EQ(PhoneticKeyEs("pe-rez 2").view(), "PERES");
  std::string long_token(200, 'a');
  EXPECT_LE(PhoneticKeyEs(long_token).size(), PhoneticKey::kMaxSize);
  EXPECT_EQ(PhoneticKeyEsOfName("jose perez"), "JOSE PERES");
  EXPECT_EQ(PhoneticKeyEsOfName("  "), "");
}

}  // namespace
}  // namespace habeas::names
