#include "habeas/names/name_parser.h"

#include <gtest/gtest.h>

#include <random>

#include "habeas/names/frequencies.h"

namespace habeas::names {
namespace {

TEST(NameParserTest, AmbiguousFormHasRankedAlternatives) {
  NameParser parser;
  NameParse parse = parser.Parse("Jose Luis Garcia");
  ASSERT_GE(parse.alternatives.size(), 2u);
  const ParsedName& best = parse.best();
  EXPECT_EQ(best.given_names, (std::vector<std::string>{"jose", "luis"}));
  EXPECT_EQ(best.surname1, "garcia");
  EXPECT_GT(best.probability, 0.7);
  double total = 0;
  for (size_t i = 0; i < parse.alternatives.size(); ++i) {
    total += parse.alternatives[i].probability;
    if (i > 0) {
      EXPECT_LE(parse.alternatives[i].probability, parse.alternatives[i - 1].probability);
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-9);
}

TEST(NameParserTest, LearntFrequenciesChangeTheRanking) {
  // A store where "luis" is mostly a surname flips the reading of "Jose Luis Garcia".
  NameFrequencies learnt;
  learnt.AddToken("luis", /*as_given=*/false, 5000);
  NameParser parser(&learnt);
  const NameParse parse = parser.Parse("Jose Luis Garcia");
  const ParsedName& best = parse.best();
  EXPECT_EQ(best.given_names, (std::vector<std::string>{"jose"}));
  EXPECT_EQ(best.surname1, "luis");
  EXPECT_EQ(best.surname2, "garcia");
}

TEST(NameParserTest, FormsAreLabelled) {
  NameParser parser;
  EXPECT_EQ(parser.Parse("PEREZ INFANTE, JOSE").best().form, NameForm::kCommaSurnameFirst);
  EXPECT_EQ(parser.Parse("PEREZ, JOSE PEDRO INFANTE").best().form,
            NameForm::kCommaMaternalAsMiddle);
  EXPECT_EQ(parser.Parse("J.P.P.I.").best().form, NameForm::kInitialsOnly);
  EXPECT_EQ(parser.Parse("Perez").best().form, NameForm::kSingleSurname);
  EXPECT_EQ(parser.Parse("Jose").best().form, NameForm::kSingleGivenName);
  EXPECT_EQ(parser.Parse("GONZALEZ PEREZ JOSE").best().form, NameForm::kSurnameFirst);
  EXPECT_EQ(parser.Parse("").best().form, NameForm::kEmpty);
  EXPECT_EQ(parser.Parse(" ,.;- ").best().form, NameForm::kEmpty);
  EXPECT_EQ(NameFormName(NameForm::kCommaMaternalAsMiddle), "comma_maternal_as_middle");
}

TEST(NameParserTest, SurnameParticles) {
  EXPECT_EQ(SurnameParticles("de la cruz"), "de la");
  EXPECT_EQ(SurnameCore("de la cruz"), "cruz");
  EXPECT_EQ(SurnameParticles("perez"), "");
  EXPECT_EQ(SurnameCore("perez"), "perez");
  EXPECT_EQ(SurnameCore("de"), "de");
}

// "José de Jessú Ochoa": a typo in the core of a compound given name keeps it one.
TEST(NameParserTest, ACompoundGivenNameWithATypoIsStillOne) {
  EXPECT_DOUBLE_EQ(CompoundGivenAffinity("jessu"), CompoundGivenAffinity("jesus"));
  EXPECT_DOUBLE_EQ(CompoundGivenAffinity("angelez"), CompoundGivenAffinity("angeles"));
  EXPECT_EQ(CompoundGivenAffinity("perez"), 0.0);
  EXPECT_EQ(CompoundGivenAffinity("lus"), 0.0);  // short cores must be exact
  NameParser parser;
  const ParsedName typo = parser.Parse("Jose de Jessu Ochoa").best();
  const ParsedName exact = parser.Parse("Jose de Jesus Ochoa").best();
  EXPECT_EQ(typo.surname1, "ochoa");
  EXPECT_EQ(typo.given_names.size(), exact.given_names.size());
}

TEST(NameParserTest, OptionsLimitAlternatives) {
  NameParser parser(nullptr, NameParserOptions{.max_alternatives = 1, .min_probability = 0.0});
  NameParse parse = parser.Parse("Jose Luis Garcia");
  ASSERT_EQ(parse.alternatives.size(), 1u);
  EXPECT_DOUBLE_EQ(parse.best().probability, 1.0);
}

TEST(NameParserTest, VeryLongInputKeepsEveryWord) {
  std::string raw;
  for (int i = 0; i < 40; ++i) raw += "Pedro ";
  NameParse parse = NameParser().Parse(raw);
  ASSERT_FALSE(parse.alternatives.empty());
  EXPECT_FALSE(parse.best().empty());
}

// Property: the parser never crashes and always returns a normalised, consistent result
// on arbitrary bytes.
TEST(NameParserPropertyTest, ArbitraryBytesNeverCrash) {
  std::mt19937 rng(99);
  NameParser parser;
  const std::string alphabet = "aeiouJPZ., -'y\xC3\xB1\xA9\xFF\xE2\x80\x8B";
  for (int i = 0; i < 20000; ++i) {
    std::string raw(rng() % 40, '\0');
    for (char& c : raw) {
      c = rng() % 2 ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
    }
    NameParse parse = parser.Parse(raw);
    ASSERT_FALSE(parse.alternatives.empty());
    double total = 0;
    for (const ParsedName& p : parse.alternatives) {
      ASSERT_GE(p.probability, 0.0);
      total += p.probability;
      for (const std::string& g : p.given_names) ASSERT_FALSE(g.empty());
    }
    ASSERT_NEAR(total, 1.0, 1e-9);
  }
}

}  // namespace
}  // namespace habeas::names
