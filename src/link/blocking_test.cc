// Blocking: the rules that catch a typo in a key part. Each case is a pair of records
// of one person that the generated lists split into two persons because no rule
// proposed them (docs/linkage.md "Blocking"); each rule must propose its case on its
// own, and the defaults must.
#include "link/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
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
  settings.neighbours = 0;  // the rules alone (name_neighbours_test.cc tests the rest)
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
// the given name; a typo in the year; dates that disagree but one contact phone; no
// date and a typo in the given name, or in the surname; a year and month one year off
// a full date, with the maternal surname on one side only.
const Case kCases[] = {
    {"given_surname_initial_year_month",
     {"RODRIGUEZ GARCIA, ALEJANDRA DAYANA", "2003-05-24", ""},
     {"RDRIGUEZ GARCXIA, ALEJANDRA DAYANA", "2003-05", ""}},
    {"surname_given_initial_year_month",
     {"PEREZ, JONATHAN", "1999-12-17", ""},
     {"PEREZ, JONATHAM", "1999-12", ""}},
    {"given_surname_month_day",
     {"VILLALOBOS MONTILLA, JESUS", "1985-05-08", ""},
     {"VILLAROBOS MONTILLA, JESUS", "1984-05-08", ""}},
    {"given_phone",
     {"GUERRERO MARIN, ANTONIO", "1987-01-09", "0414-6842798"},
     {"GUERRRRO, ANTONIO", "1978-01-09", "0414 684 27 98"}},
    {"surnames_given_initial_no_date",
     {"RODRIGUEZ HERNANDEZ, JUAN", "1979-04-02", ""},
     {"RODRIGUEZ HERNANDEZ, JIAN", "", ""}},
    {"given_given2_surname_initial_no_date",
     {"CASTILLO, JUAN JOSE", "1985-05-15", ""},
     {"CSZTILLO, JUAN JOSE", "", ""}},
    {"given_surname_month_near_year",
     {"RAMIREZ TORRES, ANDREA", "1983-10-15", ""},
     {"RAMIREZ, ANDREA", "1984-10", ""}},
};

TEST(BlockingTest, EachTypoRuleProposesItsCase) {
  const std::vector<std::string> typo_rules = {
      "given_surname_initial_year_month", "surname_given_initial_year_month",
      "given_surname_month_day",          "given_phone",
      "surnames_given_initial_no_date",   "given_given2_surname_initial_no_date",
      "given_surname_month_near_year"};
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.rule);
    EXPECT_TRUE(Proposed(c.a, c.b, {Rule(c.rule)}));
    EXPECT_TRUE(Proposed(c.a, c.b, DefaultLinkSettings().rules));
    // Without the typo rules the pair was never compared (the split they fix).
    EXPECT_FALSE(Proposed(c.a, c.b, RulesWithout(typo_rules)));
  }
}

// `name_word_birth_date`: one full date and a word of the name in another role. The
// family report keeps the second given name and the maternal surname, which the
// manifest files as the paternal one; no rule on a given name or a surname with the
// date meets them.
TEST(BlockingTest, AFullDateAndAWordInAnotherRoleMeet) {
  const Row manifest = {"GONZALEZ MOLINA, JEAN CARLOS", "1988-09-04", ""};
  const Row report = {"carlos molina", "1988-09-04", ""};
  EXPECT_TRUE(Proposed(manifest, report, {Rule("name_word_birth_date")}));
  EXPECT_TRUE(Proposed(manifest, report, DefaultLinkSettings().rules));
  EXPECT_FALSE(Proposed(manifest, report, RulesWithout({"name_word_birth_date"})));
  EXPECT_FALSE(
      Proposed(manifest, {"carlos molina", "1988-09-05", ""}, {Rule("name_word_birth_date")}));
}

// `flight_name_word_pair`: on a flight where both words of "Luis Contreras" are common,
// each word's block is oversized, and sorted neighbourhood pairs a record with its four
// neighbours by name order only: "CONTRERAS RIVAS, JOSE LUIS" sorts six names away from
// "Luis Contreras" in both blocks. Two words of the name, in any role, keep one small.
TEST(BlockingTest, TwoWordsOfTheNameMeetOnAFlightOfNamesakes) {
  // Given names sorting before "jose" and between "jose" and "luis".
  const std::vector<const char*> kGiven = {"ANDRES",  "BRUNO",   "CESAR",    "DANIEL",
                                           "EDUARDO", "FELIX",   "JUAN",     "JULIO",
                                           "KEVIN",   "KLEIBER", "LEONARDO", "LORENZO"};
  auto record = [](int64_t id, int64_t source, const std::string& name, const char* date,
                   const char* flight) {
    RecordData r;
    r.id = id;
    r.source_id = source;
    r.field(CanonicalField::kFullName) = name;
    r.field(CanonicalField::kBirthDate) = date;
    r.field(CanonicalField::kFlight) = flight;
    LinkRecord lr;
    PrepareLinkRecord(r, 2025, &lr, 3, 15);
    return lr;
  };
  auto records_with = [&](const char* leak_name) {
    std::vector<LinkRecord> records = {
        record(1, 1, "CONTRERAS RIVAS, JOSE LUIS", "1992-02-27", "GlobalX 6143"),
        record(2, 2, leak_name, "", "6143")};
    int64_t id = 3;
    for (const char* given : kGiven) {
      records.push_back(
          record(id, 1, std::string("CONTRERAS PEREZ, ") + given, "1990-01-10", "GlobalX 6143"));
      ++id;
      records.push_back(record(id, 1, std::string("PEREZ GARCIA, ") + given + " LUIS", "1991-01-10",
                               "GlobalX 6143"));
      ++id;
    }
    return records;
  };
  auto proposed = [](const std::vector<LinkRecord>& records,
                     const std::vector<BlockingRule>& rules) {
    LinkSettings settings = DefaultLinkSettings();
    settings.rules = rules;
    settings.neighbours = 0;
    const CandidatePairs pairs = GenerateCandidatePairs(records, settings, nullptr);
    return std::find(pairs.pairs.begin(), pairs.pairs.end(), uint64_t{1}) != pairs.pairs.end();
  };
  const std::vector<LinkRecord> records = records_with("Luis Contreras");
  EXPECT_TRUE(proposed(records, {Rule("flight_name_word_pair")}));
  EXPECT_TRUE(proposed(records, DefaultLinkSettings().rules));
  EXPECT_FALSE(proposed(records, RulesWithout({"flight_name_word_pair"})));
  // One word in common is not two.
  EXPECT_FALSE(proposed(records_with("Luis Rojas"), {Rule("flight_name_word_pair")}));
}

// Name keys are the set of the phonetic key's symbols: two letters typed in the wrong
// order ("Préez", "Ojdea") still meet the name by the plain name rules, while a changed
// letter does not.
TEST(BlockingTest, LettersTypedInTheWrongOrderShareTheKey) {
  const std::vector<BlockingRule> rules = {Rule("given_surname_no_date")};
  EXPECT_TRUE(Proposed({"PEREZ, JORGE", "1995-11-02", ""}, {"Jorge Préez", "", ""}, rules));
  EXPECT_TRUE(Proposed({"OJEDA RAMIREZ, JUAN", "2004-06-02", ""}, {"Jaun Ojdea", "", ""}, rules));
  EXPECT_FALSE(Proposed({"PEREZ, JORGE", "1995-11-02", ""}, {"Jorge Pekez", "", ""}, rules));
}

// `any_given` (not in the default rules: docs/linkage.md "The name a person goes by"):
// a person who goes by the second given name ("Gregorio" for José Gregorio) meets the
// record with both; with only_if_missing = "given2", two records with two given names
// each do not meet on the second alone.
TEST(BlockingTest, TheSecondGivenNameAloneMeetsBoth) {
  const std::vector<BlockingRule> rules = {
      {"any_given_surname_year", {"any_given", "any_surname", "birth_year"}, "given2"}};
  EXPECT_TRUE(Proposed({"PEREZ LOPEZ, JOSE GREGORIO", "1990-05-02", ""},
                       {"Gregorio Perez", "1990-07-01", ""}, rules));
  EXPECT_FALSE(Proposed({"PEREZ LOPEZ, JOSE GREGORIO", "1990-05-02", ""},
                        {"Luis Gregorio Perez", "1990-07-01", ""}, rules));
  EXPECT_FALSE(Proposed({"PEREZ LOPEZ, JOSE GREGORIO", "1990-05-02", ""},
                        {"Gregorio Perez", "1994-07-01", ""}, rules));
}

TEST(BlockingTest, TheSettingsFileWritesOutTheDefaultRules) {
  // data/link/linkage.toml documents the defaults: it must say what the code does.
  std::ifstream in(std::string(HABEAS_SOURCE_DIR) + "/data/link/linkage.toml");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  Result<LinkSettings> parsed = ParseLinkSettings(text.str(), "linkage.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::vector<BlockingRule> defaults = DefaultLinkSettings().rules;
  EXPECT_EQ(parsed->neighbours, DefaultLinkSettings().neighbours);
  EXPECT_EQ(parsed->neighbour_max_postings, DefaultLinkSettings().neighbour_max_postings);
  ASSERT_EQ(parsed->rules.size(), defaults.size());
  for (size_t i = 0; i < defaults.size(); ++i) {
    EXPECT_EQ(parsed->rules[i].name, defaults[i].name);
    EXPECT_EQ(parsed->rules[i].parts, defaults[i].parts) << defaults[i].name;
    EXPECT_EQ(parsed->rules[i].only_if_missing, defaults[i].only_if_missing) << defaults[i].name;
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

TEST(BlockingTest, MonthNearYearIsTheMonthAndAYearEitherSide) {
  const BlockingRule near = {"t", {"given", "any_surname", "birth_month_near_year"}, ""};
  const Row a = {"RAMIREZ TORRES, ANDREA", "1984-10-15", ""};
  for (const char* date : {"1983-10", "1984-10", "1985-10", "1985-10-02"}) {
    EXPECT_TRUE(Proposed(a, {"RAMIREZ, ANDREA", date, ""}, {near})) << date;
  }
  for (const char* date : {"1982-10", "1986-10", "1984-11", "1985-09", "1984"}) {
    EXPECT_FALSE(Proposed(a, {"RAMIREZ, ANDREA", date, ""}, {near})) << date;
  }
  // The default rule keeps a pair only if one side has no full date: two full dates a
  // year apart are given_surname_month_day's (a typo in the year keeps month and day).
  const Row b = {"RAMIREZ, ANDREA", "1985-10-02", ""};
  EXPECT_FALSE(Proposed(a, b, {Rule("given_surname_month_near_year")}));
}

TEST(BlockingTest, Given2IsTheSecondGivenName) {
  const BlockingRule rule = {"t", {"given", "given2", "any_surname"}, ""};
  const Row a = {"CASTILLO, JUAN JOSE", "", ""};
  EXPECT_TRUE(Proposed(a, {"Juan José Castillo Pérez", "", ""}, {rule}));
  EXPECT_FALSE(Proposed(a, {"CASTILLO, JUAN CARLOS", "", ""}, {rule}));
  EXPECT_FALSE(Proposed(a, {"CASTILLO, JUAN", "", ""}, {rule}));  // no second given name
}

TEST(BlockingTest, GivenKeyReadsAnInitialJOrYAsOneLetter) {
  // "Yorman" and "Jorman" are one name spelt two ways; their phonetic keys differ.
  const BlockingRule rule = {"t", {"given", "surname_pair"}, ""};
  const Row a = {"PIRELA ARIAS, JORMAN", "", ""};
  EXPECT_TRUE(Proposed(a, {"Yorman Pirela Arias", "", ""}, {rule}));
  EXPECT_TRUE(Proposed({"LOPEZ DIAZ, YOHANA", "", ""}, {"LOPEZ DIAZ, JOHANA", "", ""}, {rule}));
  EXPECT_FALSE(Proposed(a, {"Jorge Pirela Arias", "", ""}, {rule}));
  EXPECT_TRUE(Proposed({"PEREZ ROJAS, MARIA JOHANA", "", ""}, {"PEREZ ROJAS, MARIA YOHANA", "", ""},
                       {{"t", {"given2", "surname_pair"}, ""}}));
}

TEST(BlockingTest, NameWordPartsMeetWhateverTheWordsRoles) {
  // "JOSE | GREGORIO DIAZ" (Gregorio read as the paternal surname) and "Joze Gregorio |
  // Diaz Perez": three words in common, in different roles.
  const Row a = {"GREGORIO DIAZ, JOSE", "", ""};
  const Row b = {"Joze Gregorio Diaz Perez", "", ""};
  const Row other = {"Jose Gregorio Marquez Perez", "", ""};
  const BlockingRule triple = {"name_word_triple", {"name_word_triple"}, ""};
  const BlockingRule pair = {"name_word_pair", {"name_word_pair"}, ""};
  EXPECT_TRUE(Proposed(a, b, {triple}));
  EXPECT_TRUE(Proposed(a, b, {pair}));
  EXPECT_FALSE(Proposed(a, other, {triple}));  // two words in common: jose, gregorio
  EXPECT_TRUE(Proposed(a, other, {pair}));
  EXPECT_TRUE(ValidateRules({triple, pair}).ok());
}

}  // namespace
}  // namespace habeas::link

namespace habeas::link {
namespace {

LinkRecord WithANumber(int64_t id, const char* full_name, const char* a_number) {
  return testing::PrepareTestRecord(
      id, id, {{CanonicalField::kFullName, full_name}, {CanonicalField::kANumber, a_number}});
}

bool ProposedByTail(const LinkRecord& a, const LinkRecord& b) {
  LinkSettings settings = DefaultLinkSettings();
  settings.rules = {Rule("a_number_tail_given_initial")};
  settings.neighbours = 0;
  const CandidatePairs pairs = GenerateCandidatePairs({a, b}, settings, nullptr);
  return std::find(pairs.pairs.begin(), pairs.pairs.end(), uint64_t{1}) != pairs.pairs.end();
}

// A court filing shows the last three digits of an A-number ("XXX-XXX-234", stored as
// "******234"); in a
// large list the name alone sits in an oversized block ("José Luis Gómez" against
// every José Gómez), so the visible digits and the given name's initial key a block.
TEST(BlockingTest, ARedactedANumberMeetsWholeOnesOnItsVisibleDigits) {
  const LinkRecord manifest = WithANumber(1, "GOMEZ GONZALEZ, JOSE LUIS", "234613234");
  EXPECT_TRUE(ProposedByTail(manifest, WithANumber(2, "José Luis Gómez", "******234")));
  EXPECT_TRUE(ProposedByTail(manifest, WithANumber(2, "Jose Gomes", "******234")));
  EXPECT_FALSE(ProposedByTail(manifest, WithANumber(2, "José Luis Gómez", "******235")));
  EXPECT_FALSE(ProposedByTail(manifest, WithANumber(2, "Luis Gómez", "******234")));
  // Two whole A-numbers meet on `a_number` if they are equal; sharing a tail is not
  // enough for this rule (only_if_missing = "a_number").
  EXPECT_FALSE(ProposedByTail(manifest, WithANumber(2, "GOMEZ, JOSE", "111222234")));
}

}  // namespace
}  // namespace habeas::link
