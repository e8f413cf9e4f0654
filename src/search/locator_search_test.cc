// LocatorIndex::Search and SearchWithFeatures (locator_search.cc) on a handful of
// persons: options, features, identifiers, and the decision. The golden queries over
// tests/search/ are in locator_test.cc.
#include <gtest/gtest.h>

#include <algorithm>

#include "habeas/search.h"

namespace habeas::search {
namespace {

LocatorRecord Record(int64_t id, const char* person, const char* name, const char* birth,
                     const char* national_id = "") {
  LocatorRecord r;
  r.person_id = person;
  r.source_name = id % 2 ? "manifest" : "family_reports";
  r.record.id = id;
  r.record.source_record_id = std::to_string(id);
  r.record.field(CanonicalField::kFullName) = name;
  r.record.field(CanonicalField::kBirthDate) = birth;
  r.record.field(CanonicalField::kNationalId) = national_id;
  return r;
}

// Five José Pérezes and one other man: the name alone cannot tell most of them apart.
LocatorIndex FivePerezes() {
  const std::vector<LocatorRecord> records = {
      Record(1, "P000001", "PEREZ INFANTE, JOSE PEDRO", "1990-03-15", "V12345678"),
      Record(2, "P000002", "PEREZ GOMEZ, JOSE LUIS", "1979-08-08"),
      Record(3, "P000003", "PEREZ, JOSE", "1985-01-01"),
      Record(4, "P000004", "PEREZ RUIZ, JOSE ANTONIO", "2001-11-30"),
      Record(5, "P000005", "PEREZ PEREZ, JOSE MANUEL", "1995-06-06"),
      Record(6, "P000006", "CASTILLO UZCATEGUI, JHONNY", "1995-01-09", "V20111222"),
  };
  auto index = LocatorIndex::Build(records, "five");
  EXPECT_TRUE(index.ok());
  return std::move(index).value();
}

TEST(LocatorSearch, TheLimitCutsTheResultsNotTheRanking) {
  const LocatorIndex index = FivePerezes();
  SearchOptions all;
  auto full = index.Search({"jose perez", "", ""}, all);
  ASSERT_TRUE(full.ok());
  ASSERT_GE(full->results.size(), 5u);
  SearchOptions two;
  two.limit = 2;
  auto cut = index.Search({"jose perez", "", ""}, two);
  ASSERT_TRUE(cut.ok());
  ASSERT_EQ(cut->results.size(), 2u);
  EXPECT_EQ(cut->results[0].person_id, full->results[0].person_id);
  EXPECT_EQ(cut->results[1].person_id, full->results[1].person_id);
  EXPECT_EQ(cut->decision, full->decision);
  // Best first.
  for (size_t i = 1; i < full->results.size(); ++i) {
    EXPECT_GE(full->results[i - 1].probability, full->results[i].probability);
  }
}

TEST(LocatorSearch, AnAmbiguousNameIsNotAConfidentMatch) {
  const LocatorIndex index = FivePerezes();
  auto r = index.Search({"jose perez", "", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->decision, Decision::kMatch);
  EXPECT_EQ(r->match_person_id(), "");
}

TEST(LocatorSearch, ABirthDateSinglesOutOneOfThem) {
  const LocatorIndex index = FivePerezes();
  auto r = index.Search({"jose perez", "15/03/1990", ""});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->results.empty());
  EXPECT_EQ(r->results[0].person_id, "P000001");
  auto without = index.Search({"jose perez", "", ""});
  ASSERT_TRUE(without.ok());
  const auto p1 = std::find_if(without->results.begin(), without->results.end(),
                               [](const SearchResult& s) { return s.person_id == "P000001"; });
  ASSERT_NE(p1, without->results.end());
  EXPECT_GT(r->results[0].probability, p1->probability);
}

TEST(LocatorSearch, AnIdentifierFindsItsPersonAndSaysSo) {
  const LocatorIndex index = FivePerezes();
  auto r = index.Search({"jhonny castillo", "", "V-20.111.222"});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->results.empty());
  EXPECT_EQ(r->results[0].person_id, "P000006");
  EXPECT_EQ(r->decision, Decision::kMatch);
  EXPECT_EQ(r->match_person_id(), "P000006");
  const auto& fields = r->results[0].matched_fields;
  EXPECT_TRUE(std::any_of(fields.begin(), fields.end(),
                          [](const MatchedField& f) { return f.field == "id"; }));
}

// A lawyer types only the number. The fitted model never saw a nameless query and
// answered "unlikely" (0%) for an exact cédula or A-number held by one person.
TEST(LocatorSearch, AnIdentifierAloneAnswersForItsOneHolder) {
  const LocatorIndex index = FivePerezes();
  auto exact = index.Search({"", "", "V-20.111.222"});
  ASSERT_TRUE(exact.ok());
  ASSERT_FALSE(exact->results.empty());
  EXPECT_EQ(exact->results[0].person_id, "P000006");
  EXPECT_EQ(exact->decision, Decision::kMatch);
  EXPECT_GT(exact->results[0].probability, 0.99);
  // One digit off: a typo of his number, or someone else's: a candidate, no answer.
  auto typo = index.Search({"", "", "V20111223"});
  ASSERT_TRUE(typo.ok());
  ASSERT_FALSE(typo->results.empty());
  EXPECT_EQ(typo->results[0].person_id, "P000006");
  EXPECT_EQ(typo->decision, Decision::kCandidates);
  // A birth date that disagrees with the exact holder's: a conflict, no answer.
  auto conflict = index.Search({"", "1950-01-01", "V20111222"});
  ASSERT_TRUE(conflict.ok());
  EXPECT_NE(conflict->decision, Decision::kMatch);
  // A number nobody holds finds nobody confidently.
  auto nobody = index.Search({"", "", "V99887766"});
  ASSERT_TRUE(nobody.ok());
  EXPECT_EQ(nobody->decision, Decision::kNoConfidentMatch);
}

// A name that agrees only in part ("jose perez" for PEREZ INFANTE, JOSE PEDRO, one of
// five José Pérezes) beside his exact number: the name adds to the number and never takes
// from it. The fitted model alone left such a query among the candidates.
TEST(LocatorSearch, ANameBesideAnExactNumberIsAsSureAsTheNumberAlone) {
  const LocatorIndex index = FivePerezes();
  auto alone = index.Search({"", "", "V12345678"});
  auto named = index.Search({"jose perez", "", "V12345678"});
  ASSERT_TRUE(alone.ok() && named.ok());
  ASSERT_FALSE(named->results.empty());
  EXPECT_EQ(named->results[0].person_id, "P000001");
  EXPECT_EQ(named->decision, Decision::kMatch);
  EXPECT_GE(named->results[0].probability, alone->results[0].probability - 1e-9);
  double total = 0;
  for (const auto& r : named->results) total += r.probability;
  EXPECT_LE(total, 1.0 + 1e-9);  // the other Pérezes share what is left
  // A name that disagrees with the holder's is not helped: a typed number can be wrong.
  auto other = index.Search({"maria gonzalez", "", "V12345678"});
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->decision, Decision::kMatch);
}

TEST(LocatorSearch, FeaturesComeForEveryRankedCandidateInResultOrder) {
  const LocatorIndex index = FivePerezes();
  std::vector<CandidateFeatures> features = {{"stale", {1.0}, 0.5}};
  SearchOptions options;
  options.limit = 1;
  auto r = index.SearchWithFeatures({"jose perez", "", ""}, options, &features);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->results.size(), 1u);
  ASSERT_GE(features.size(), 5u);  // every candidate ranked, not only those returned
  EXPECT_EQ(features[0].person_id, r->results[0].person_id);
  EXPECT_EQ(features[0].probability, r->results[0].probability);
  for (size_t i = 0; i < features.size(); ++i) {
    EXPECT_EQ(features[i].values.size(), CandidateFeatureNames().size());
    EXPECT_EQ(features[i].values[0], 1.0);  // the bias
    EXPECT_NE(features[i].person_id, "stale");
    if (i > 0) {
      EXPECT_GE(features[i - 1].probability, features[i].probability);
    }
  }
}

TEST(LocatorSearch, FewerCandidatesRankFewerPersons) {
  const LocatorIndex index = FivePerezes();
  SearchOptions narrow;
  narrow.max_candidates = 2;
  std::vector<CandidateFeatures> features;
  auto r = index.SearchWithFeatures({"jose perez", "", ""}, narrow, &features);
  ASSERT_TRUE(r.ok());
  EXPECT_LE(features.size(), 2u);
  EXPECT_LE(r->results.size(), 2u);
}

TEST(LocatorSearch, AStrangersNameFindsNobodyConfidently) {
  const LocatorIndex index = FivePerezes();
  auto r = index.Search({"wuilmer hernandez martinez", "2001-06-21", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Decision::kNoConfidentMatch);
}

TEST(LocatorSearch, WordsTypedWithoutTheirSpaceAreTheWordsTheListsHold) {
  // Enough José Gregorios, Paredes, González and Luis for each word to be held five times.
  std::vector<LocatorRecord> records;
  const char* const kNames[] = {"PAREDES GONZALEZ, JOSE GREGORIO",
                                "PAREDES ROJAS, JOSE GREGORIO",
                                "PAREDES MORA, JOSE GREGORIO",
                                "DIAZ PAREDES, JOSE GREGORIO",
                                "DIAZ GONZALEZ, LUIS",
                                "PAREDES DIAZ, LUIS ALBERTO",
                                "DIAZ LUGO, LUIS",
                                "DIAZ MORA, LUIS",
                                "DIAZ ROJAS, LUIS",
                                "DIAZ ROJAS, JOSE GREGORIO",
                                "GONZALEZ PAREDES, ANA",
                                "GONZALEZ MORA, PEDRO",
                                "GONZALEZ LUGO, PEDRO",
                                "ROJAS ARAUJO, LUISANNA",
                                "ROJAS ARAUJO, ANA"};
  int64_t id = 1;
  for (const char* name : kNames) {
    const std::string person = "P0000" + std::string(id < 10 ? "0" : "") + std::to_string(id);
    records.push_back(Record(id, person.c_str(), name, "1990-01-01"));
    ++id;
  }
  auto built = LocatorIndex::Build(records, "glued");
  ASSERT_TRUE(built.ok());
  const LocatorIndex& index = *built;
  auto first = [&](const char* query) {
    auto r = index.Search({query, "", ""});
    EXPECT_TRUE(r.ok()) << query;
    return r.ok() && !r->results.empty() ? r->results[0] : SearchResult{};
  };
  // Typed together, the words find the person as they do typed apart, as surely.
  const SearchResult spaced = first("jose gregorio paredes gonzalez");
  ASSERT_EQ(spaced.person_id, "P000001");
  for (const char* query : {"Josegregorio Paredes Gonzalez", "JOSEGREGORIO PAREDESGONZALEZ",
                            "jose gregorio paredesgonzalez"}) {
    const SearchResult glued = first(query);
    EXPECT_EQ(glued.person_id, "P000001") << query;
    EXPECT_NEAR(glued.probability, spaced.probability, 0.05) << query;
  }
  EXPECT_EQ(first("Luisdiaz Lugo").person_id, "P000007");
  EXPECT_NEAR(first("Luisdiaz Lugo").probability, first("Luis Diaz Lugo").probability, 0.05);
  // A word one letter from a word the lists hold is that word misspelt, not two glued:
  // "luisana" is Luisanna, though the lists hold "luis" and "ana".
  EXPECT_EQ(first("Luisana Rojas Araujo").person_id, "P000014");
}

TEST(DecisionName, SpellsEachDecision) {
  EXPECT_EQ(DecisionName(Decision::kMatch), "match");
  EXPECT_EQ(DecisionName(Decision::kCandidates), "candidates");
  EXPECT_EQ(DecisionName(Decision::kNoConfidentMatch), "no_confident_match");
}

}  // namespace
}  // namespace habeas::search
