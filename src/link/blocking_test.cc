// Blocking: the rules that catch a typo in a key part. Each case is a pair of records
// of one person that the generated lists split into two persons because no rule
// proposed them (docs/linkage.md "Blocking"); each rule must propose its case on its
// own, and the defaults must.
#include "link/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "link/link_test_util.h"

namespace habeas::link {
namespace {

struct Row {
  const char* full_name;
  const char* birth_date;
  const char* phone;
};

LinkRecord Prepare(const Row& row, int64_t id) {
  return testing::PrepareTestRecord(id, id,
                                    {{CanonicalField::kFullName, row.full_name},
                                     {CanonicalField::kBirthDate, row.birth_date},
                                     {CanonicalField::kPhone, row.phone}});
}

bool Proposed(const Row& a, const Row& b, const std::vector<BlockingRule>& rules) {
  LinkSettings settings = DefaultLinkSettings();
  settings.rules = rules;
  const std::vector<LinkRecord> records = {Prepare(a, 1), Prepare(b, 2)};
  const CandidatePairs pairs = GenerateCandidatePairs(records, settings, nullptr);
  return std::find(pairs.pairs.begin(), pairs.pairs.end(), uint64_t{1}) != pairs.pairs.end();
}

std::vector<BlockingRule> RulesWithout(const std::vector<std::string>& names) {
  std::vector<BlockingRule> rules = DefaultLinkSettings().rules;
  std::erase_if(rules, [&](const BlockingRule& r) {
    return std::find(names.begin(), names.end(), r.name) != names.end();
  });
  return rules;
}

const BlockingRule& Rule(const std::string& name) {
  static const std::vector<BlockingRule> rules = DefaultLinkSettings().rules;
  for (const BlockingRule& r : rules) {
    if (r.name == name) return r;
  }
  ADD_FAILURE() << "no default rule " << name;
  return rules.front();
}

struct Case {
  const char* rule;
  Row a;
  Row b;
};

// A typo in both surnames against a year and month (the NGO's "2003-05"); a typo in
// the given name; a typo in the year; dates that disagree but one contact phone.
const Case kCases[] = {
    {"given_surname_initial_year_month",
     {"RODRIGUEZ GARCIA, ALEJANDRA DAYANA", "2003-05-24", ""},
     {"RDRIGUEZ GARCXIA, ALEJANDRA DAYANA", "2003-05", ""}},
    {"surname_given_initial_year_month",
     {"PEREZ, JONATHAN", "1999-12-17", ""},
     {"PEREZ, JONATHAH", "1999-12", ""}},
    {"given_surname_month_day",
     {"VILLALOBOS MONTILLA, JESUS", "1985-05-08", ""},
     {"VILLLAOBOS MONTILLA, JESUS", "1984-05-08", ""}},
    {"given_phone",
     {"GUERRERO MARIN, ANTONIO", "1987-01-09", "0414-6842798"},
     {"GUERRRRO, ANTONIO", "1978-01-09", "0414 684 27 98"}},
};

TEST(BlockingTest, EachTypoRuleProposesItsCase) {
  const std::vector<std::string> typo_rules = {"given_surname_initial_year_month",
                                               "surname_given_initial_year_month",
                                               "given_surname_month_day", "given_phone"};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.rule);
    EXPECT_TRUE(Proposed(c.a, c.b, {Rule(c.rule)}));
    EXPECT_TRUE(Proposed(c.a, c.b, DefaultLinkSettings().rules));
    // Without the typo rules the pair was never compared (the split they fix).
    EXPECT_FALSE(Proposed(c.a, c.b, RulesWithout(typo_rules)));
  }
}

TEST(BlockingTest, YearMonthKeysNeedAMonth) {
  // A year alone or an age gives no year-month key: "1999" is not "1999-12".
  const Row full = {"PEREZ, JONATHAN", "1999-12-17", ""};
  const Row year_only = {"PEREZ, JONATHAH", "1999", ""};
  EXPECT_FALSE(Proposed(full, year_only, {Rule("surname_given_initial_year_month")}));
  const Row other_month = {"PEREZ, JONATHAH", "1999-11", ""};
  EXPECT_FALSE(Proposed(full, other_month, {Rule("surname_given_initial_year_month")}));
}

TEST(BlockingTest, SurnameInitialIsPhonetic) {
  // Silent h: "Herrera" and "Errera" share the initial of their phonetic key.
  const Row a = {"HERRERA RIVAS, DANIELA", "2000-01-01", ""};
  const Row b = {"ERRERA RIBAS, DANIELA", "2000-01", ""};
  EXPECT_TRUE(Proposed(a, b, {{"t", {"given", "surname_initial", "birth_year_month"}, ""}}));
  const Row c = {"MORA RIVAS, DANIELA", "2000-01", ""};
  const Row d = {"SOSA PAZ, DANIELA", "2000-01", ""};
  EXPECT_FALSE(Proposed(c, d, {{"t", {"given", "surname_initial", "birth_year_month"}, ""}}));
}

}  // namespace
}  // namespace habeas::link
