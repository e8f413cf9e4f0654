#include "search/query_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace habeas::search {
namespace {

TEST(IdentifierKindsOf, LetterSaysWhichElseTheLength) {
  IdentifierKinds k = IdentifierKindsOf("V12345678", "12345678");
  EXPECT_TRUE(k.may_be_cedula);
  EXPECT_FALSE(k.may_be_a_number);
  k = IdentifierKindsOf("A-12345678", "12345678");  // an older 8-digit A-number
  EXPECT_FALSE(k.may_be_cedula);
  EXPECT_TRUE(k.may_be_a_number);
  k = IdentifierKindsOf("12345678", "12345678");
  EXPECT_TRUE(k.may_be_cedula);
  EXPECT_FALSE(k.may_be_a_number);
  k = IdentifierKindsOf("123456789", "123456789");
  EXPECT_FALSE(k.may_be_cedula);
  EXPECT_TRUE(k.may_be_a_number);
}

TEST(QueryTokenIdf, OfTheWordItselfWhenListed) {
  EXPECT_DOUBLE_EQ(QueryTokenIdf(10, 10, 1000), std::log(1.0 + 1000.0 / 10));
  EXPECT_DOUBLE_EQ(QueryTokenIdf(0, 0, 1000), 0.0);
}

TEST(QueryTokenIdf, AMisspeltWordCountsAsTheCommonNameItIsOneEditFrom) {
  // "martginez": one posting itself, "martinez" 800: the IDF of 800 / 8.
  EXPECT_DOUBLE_EQ(QueryTokenIdf(1, 800, 1000), std::log(1.0 + 1000.0 / 100));
  // Only rare spellings match (fewer than 8 postings): the rarest IDF, not none.
  EXPECT_DOUBLE_EQ(QueryTokenIdf(0, 5, 1000), std::log(1.0 + 1000.0 / 1));
}

std::vector<uint32_t> Keys(const BirthKeys& keys) {
  std::vector<uint32_t> out;
  for (const BirthKey& k : keys.view()) out.push_back(k.key);
  return out;
}

TEST(BirthKeysOf, FullDateReadsItsNeighboursAndItsPartialForms) {
  const BirthKeys keys = BirthKeysOf(PartialDate{1990, 4, 3});
  EXPECT_EQ(Keys(keys),
            (std::vector<uint32_t>{19900403, 19900304, 19910403, 19890403, 19900400, 19900000}));
  EXPECT_FLOAT_EQ(keys.keys[0].bonus, 7.5f);  // the exact date is worth the most
  EXPECT_FLOAT_EQ(keys.keys[1].bonus, 3.25f);
  EXPECT_FLOAT_EQ(keys.keys[5].bonus, 0.75f);
}

TEST(BirthKeysOf, NoSwapWhenTheDayCannotBeAMonthOrEqualsIt) {
  EXPECT_EQ(Keys(BirthKeysOf(PartialDate{1990, 4, 13})),
            (std::vector<uint32_t>{19900413, 19910413, 19890413, 19900400, 19900000}));
  EXPECT_EQ(BirthKeysOf(PartialDate{1990, 4, 4}).count, 5u);
}

TEST(BirthKeysOf, PartialDatesReadTheirYearAndMonths) {
  const BirthKeys year = BirthKeysOf(PartialDate{1990, 0, 0});
  ASSERT_EQ(year.count, BirthKeys::kMax);  // the year, its full dates, 12 months
  EXPECT_EQ(year.keys[0].key, 19900000u);
  EXPECT_EQ(year.keys[1].key, 1990u);
  EXPECT_EQ(year.keys[2].key, 19900100u);
  EXPECT_EQ(year.keys[13].key, 19901200u);
  EXPECT_EQ(Keys(BirthKeysOf(PartialDate{1990, 6, 0})),
            (std::vector<uint32_t>{19900000, 1990, 19900600}));
}

TEST(DecideFromProbabilities, MatchNeedsProbabilityAndMargin) {
  EXPECT_EQ(DecideFromProbabilities(0.95, 0.1), Decision::kMatch);
  EXPECT_EQ(DecideFromProbabilities(0.95, 0.7), Decision::kCandidates);  // too close
  EXPECT_EQ(DecideFromProbabilities(0.5, 0.0), Decision::kCandidates);
  EXPECT_EQ(DecideFromProbabilities(0.05, 0.0), Decision::kNoConfidentMatch);
  EXPECT_EQ(DecideFromProbabilities(0.0, 0.0), Decision::kNoConfidentMatch);
}

}  // namespace
}  // namespace habeas::search
