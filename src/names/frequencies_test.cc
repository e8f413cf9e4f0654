#include "habeas/names/frequencies.h"

#include <gtest/gtest.h>

#include "habeas/names/name_parser.h"

namespace habeas::names {
namespace {

TEST(NameFrequenciesTest, BuiltinPriorKnowsRoles) {
  const NameFrequencies& prior = NameFrequencies::BuiltinPrior();
  EXPECT_GT(prior.distinct_tokens(), 300u);
  NameFrequencies empty;
  EXPECT_GT(empty.GivenProbability("jose"), 0.9);
  EXPECT_LT(empty.GivenProbability("gonzalez"), 0.1);
  EXPECT_NEAR(empty.GivenProbability("zzqx"), 0.5, 1e-9);  // unknown
  EXPECT_LT(empty.GivenProbability("yanez"), 0.5);         // -ez ending
  EXPECT_GT(prior.TokenFrequency("gonzalez"), prior.TokenFrequency("uzcategui"));
}

TEST(NameFrequenciesTest, LearntCountsMoveTheEstimate) {
  NameFrequencies freq;
  EXPECT_NEAR(freq.GivenProbability("yonaikel"), 0.5, 1e-9);
  for (int i = 0; i < 100; ++i) freq.AddToken("yonaikel", /*as_given=*/true);
  EXPECT_GT(freq.GivenProbability("yonaikel"), 0.8);
  freq.AddToken("de", false);  // particles ignored
  freq.AddToken("j", true);    // initials ignored
  EXPECT_EQ(freq.total_tokens(), 100u);
  EXPECT_DOUBLE_EQ(freq.TokenFrequency("yonaikel"), 1.0);
  EXPECT_DOUBLE_EQ(freq.TokenFrequency("other"), 0.0);
}

TEST(NameFrequenciesTest, AddParsedNameAndMerge) {
  NameParser parser;
  NameFrequencies freq;
  freq.AddParsedName(parser.Parse("María de los Ángeles Pérez de la Cruz").best());
  EXPECT_EQ(freq.CountsOf("maria").as_given, 1u);
  EXPECT_EQ(freq.CountsOf("angeles").as_given, 1u);
  EXPECT_EQ(freq.CountsOf("perez").as_surname, 1u);
  EXPECT_EQ(freq.CountsOf("cruz").as_surname, 1u);
  EXPECT_EQ(freq.CountsOf("de").total(), 0u);
  NameFrequencies other;
  other.AddToken("perez", false, 4);
  freq.Merge(other);
  EXPECT_EQ(freq.CountsOf("perez").as_surname, 5u);
  EXPECT_EQ(freq.total_tokens(), 8u);
}

TEST(NameFrequenciesTest, TsvRoundTripAndErrors) {
  NameFrequencies freq;
  freq.AddToken("jose", true, 7);
  freq.AddToken("perez", false, 3);
  freq.AddToken("cruz", true, 1);
  freq.AddToken("cruz", false, 2);
  const std::string tsv = freq.ToTsv();
  EXPECT_EQ(tsv, "# habeas name frequencies v1\ncruz\t1\t2\njose\t7\t0\nperez\t0\t3\n");
  Result<NameFrequencies> back = NameFrequencies::FromTsv(tsv);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToTsv(), tsv);
  EXPECT_EQ(back->total_tokens(), 13u);
  auto bad_count = NameFrequencies::FromTsv("jose\t1\tx\n");
  ASSERT_FALSE(bad_count.ok());
  EXPECT_EQ(bad_count.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(bad_count.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(NameFrequencies::FromTsv("jose\t1\n").ok());
  EXPECT_FALSE(NameFrequencies::FromTsv("two words\t1\t1\n").ok());
  EXPECT_FALSE(NameFrequencies::FromTsv("jose\t-1\t1\n").ok());
}

}  // namespace
}  // namespace habeas::names
