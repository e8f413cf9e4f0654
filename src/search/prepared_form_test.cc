#include "search/prepared_form.h"

#include <gtest/gtest.h>

#include <vector>

#include "habeas/names/name_parser.h"

namespace habeas::search {
namespace {

void ExpectSameWord(const names::PreparedWord& a, const names::PreparedWord& b) {
  EXPECT_EQ(a.folded, b.folded);
  EXPECT_EQ(a.accented, b.accented);
  EXPECT_EQ(a.particles, b.particles);
  EXPECT_EQ(a.key.view(), b.key.view());
  EXPECT_EQ(a.initial, b.initial);
}

void ExpectSameName(const names::PreparedName& a, const names::PreparedName& b) {
  EXPECT_EQ(a.given_joined, b.given_joined);
  ASSERT_EQ(a.given.size(), b.given.size());
  for (size_t i = 0; i < a.given.size(); ++i) ExpectSameWord(a.given[i], b.given[i]);
  ExpectSameWord(a.surname1, b.surname1);
  ExpectSameWord(a.surname2, b.surname2);
}

names::ParsedName Parsed(std::vector<std::string> given, std::string s1, std::string s2) {
  names::ParsedName p;
  p.given_names = std::move(given);
  p.surname1 = std::move(s1);
  p.surname2 = std::move(s2);
  return p;
}

TEST(PreparedFormTest, RoundTripsEveryPartOfAName) {
  const std::vector<names::ParsedName> cases = {
      Parsed({"jose", "gregorio"}, "perez", "infante"),
      Parsed({"maria de los angeles"}, "de la cruz", "del valle"),  // particles
      Parsed({"j"}, "g", "g"),                                      // initials
      Parsed({}, "gonzalez", ""),                                   // surname only
      Parsed({"yonaiker"}, "", ""),                                 // given name only
      Parsed({"jhonny", "alberto", "jose"}, "san martin", "garcia"),
  };
  std::string text;
  std::vector<names::PreparedName> expected;
  for (const names::ParsedName& p : cases) {
    expected.push_back(names::PrepareName(p));
    AppendPreparedForm(expected.back(), &text);
  }
  names::PreparedName scratch;
  size_t n = 0;
  ForEachPreparedForm(text, &scratch, [&](const names::PreparedName& decoded) {
    ASSERT_LT(n, expected.size());
    SCOPED_TRACE(cases[n].ToString());
    ExpectSameName(decoded, expected[n]);
    ++n;
  });
  EXPECT_EQ(n, cases.size());
}

TEST(PreparedFormTest, DecodedNamesCompareLikeFreshlyPreparedOnes) {
  const names::NameParser parser;
  const names::PreparedName query = names::PrepareName(parser.Parse("pepe peres"));
  const names::PreparedName record =
      names::PrepareName(Parsed({"jose", "pedro"}, "perez", "infante"));
  std::string text;
  AppendPreparedForm(record, &text);
  names::PreparedName decoded;
  ASSERT_TRUE(DecodePreparedForm(text, &decoded));
  const names::NameComparison a = names::CompareNames(query, record);
  const names::NameComparison b = names::CompareNames(query, decoded);
  EXPECT_EQ(a.level, b.level);
  EXPECT_DOUBLE_EQ(a.score, b.score);
  EXPECT_EQ(a.reasons, b.reasons);
}

TEST(PreparedFormTest, ReusedScratchDropsWordsOfTheLongerPreviousName) {
  std::string text;
  AppendPreparedForm(names::PrepareName(Parsed({"jose", "luis", "alberto"}, "perez", "")), &text);
  AppendPreparedForm(names::PrepareName(Parsed({"ana"}, "rojas", "")), &text);
  names::PreparedName scratch;
  std::vector<size_t> given_counts;
  ForEachPreparedForm(text, &scratch,
                      [&](const names::PreparedName& n) { given_counts.push_back(n.given.size()); });
  EXPECT_EQ(given_counts, (std::vector<size_t>{3, 1}));
  EXPECT_EQ(scratch.surname1.folded, "rojas");
}

TEST(PreparedFormTest, MalformedLinesAreSkippedNotCrashed) {
  names::PreparedName scratch;
  EXPECT_FALSE(DecodePreparedForm("a\x1d" "b\x1f" "B\x1f" "X\x1d\x1f" "c\x1f" "C\x1d\x1f\x1f", &scratch));
  EXPECT_FALSE(DecodePreparedForm("x\x1d\x1d\x1d\x1d\x1d", &scratch));
  int called = 0;
  ForEachPreparedForm("garbage\nmore", &scratch, [&](const names::PreparedName&) { ++called; });
  // "garbage" has no groups: given_joined only, empty surnames: well-formed but empty.
  EXPECT_EQ(called, 2);
}

}  // namespace
}  // namespace habeas::search
