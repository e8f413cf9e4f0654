// Golden-file tests for the names module: tests/golden/names/*.tsv.
#include <gtest/gtest.h>

#include "habeas/names/compare.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "names/golden_util.h"

namespace habeas::names {
namespace {

using testing::ReadGolden;
using testing::Trim;
using testing::Unescape;

std::vector<std::string> SplitGiven(const std::string& field) {
  std::vector<std::string> out;
  std::string trimmed = Trim(field);
  if (trimmed.empty()) return out;
  size_t pos = 0;
  while (true) {
    size_t bar = trimmed.find('|', pos);
    out.push_back(trimmed.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos));
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

TEST(NamesGoldenTest, Parse) {
  const auto rows = ReadGolden("parse.tsv");
  ASSERT_GE(rows.size(), 300u);
  NameParser parser;
  int failures = 0;
  for (const auto& row : rows) {
    ASSERT_GE(row.fields.size(), 5u) << "parse.tsv:" << row.line;
    const std::string input = Unescape(row.fields[0]);
    const std::vector<std::string> given = SplitGiven(row.fields[1]);
    const std::string surname1 = Trim(row.fields[2]);
    const std::string surname2 = Trim(row.fields[3]);
    const bool top_only = row.fields[4] == "top";
    NameParse parse = parser.Parse(input);
    bool found = false;
    for (size_t i = 0; i < parse.alternatives.size() && (!top_only || i == 0); ++i) {
      const ParsedName& p = parse.alternatives[i];
      if (p.given_names == given && p.surname1 == surname1 && p.surname2 == surname2) found = true;
    }
    if (!found) {
      ++failures;
      std::string got;
      for (const ParsedName& p : parse.alternatives) {
        got += "\n    " + p.ToString() + " [" + std::string(NameFormName(p.form)) + " " +
               std::to_string(p.probability) + "]";
      }
      ADD_FAILURE() << "parse.tsv:" << row.line << ": \"" << row.fields[0] << "\" expected "
                    << row.fields[1] << " | " << surname1 << " | " << surname2 << " ("
                    << row.fields[4] << "), got:" << got;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(NamesGoldenTest, Compare) {
  const auto rows = ReadGolden("compare.tsv");
  ASSERT_GE(rows.size(), 300u);
  NameParser parser;
  for (const auto& row : rows) {
    ASSERT_GE(row.fields.size(), 3u) << "compare.tsv:" << row.line;
    NameAgreement expected;
    ASSERT_TRUE(ParseNameAgreement(row.fields[2], &expected)) << "compare.tsv:" << row.line;
    const PreparedName a = PrepareName(parser.Parse(Unescape(row.fields[0])));
    const PreparedName b = PrepareName(parser.Parse(Unescape(row.fields[1])));
    const NameComparison c = CompareNames(a, b);
    EXPECT_EQ(NameAgreementName(c.level), NameAgreementName(expected))
        << "compare.tsv:" << row.line << ": \"" << row.fields[0] << "\" vs \"" << row.fields[1]
        << "\": " << ExplainComparison(c);
    const NameComparison reverse = CompareNames(b, a);
    EXPECT_EQ(reverse.level, c.level) << "compare.tsv:" << row.line << " is not symmetric";
  }
}

TEST(NamesGoldenTest, Normalize) {
  const auto rows = ReadGolden("normalize.tsv");
  ASSERT_GE(rows.size(), 20u);
  for (const auto& row : rows) {
    ASSERT_GE(row.fields.size(), 3u) << "normalize.tsv:" << row.line;
    const NormalizedName n = NormalizeName(Unescape(row.fields[0]));
    EXPECT_EQ(n.folded, Trim(row.fields[1])) << "normalize.tsv:" << row.line;
    EXPECT_EQ(n.accented, Trim(row.fields[2])) << "normalize.tsv:" << row.line;
    EXPECT_EQ(NormalizeName(n.folded).folded, n.folded) << "normalize.tsv:" << row.line;
  }
}

TEST(NamesGoldenTest, Phonetic) {
  const auto rows = ReadGolden("phonetic.tsv");
  ASSERT_GE(rows.size(), 40u);
  for (const auto& row : rows) {
    ASSERT_GE(row.fields.size(), 2u) << "phonetic.tsv:" << row.line;
    EXPECT_EQ(PhoneticKeyEs(row.fields[0]).view(), row.fields[1])
        << "phonetic.tsv:" << row.line << ": " << row.fields[0];
  }
}

}  // namespace
}  // namespace habeas::names
