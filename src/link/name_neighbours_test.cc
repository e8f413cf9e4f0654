// Name neighbours: pairs no key rule proposes (a typo in every key word, no date),
// found by the rarest name words two records share in any spelling one edit apart.
#include "link/name_neighbours.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "link/blocking.h"
#include "link/link_test_util.h"

namespace habeas::link {
namespace {

LinkRecord Prepare(int64_t id, const char* full_name, const char* birth_date = "") {
  return testing::PrepareTestRecord(
      id, id, {{CanonicalField::kFullName, full_name}, {CanonicalField::kBirthDate, birth_date}});
}

bool Has(const std::vector<uint64_t>& pairs, uint32_t i, uint32_t j) {
  return std::find(pairs.begin(), pairs.end(), uint64_t{i} << 32 | j) != pairs.end();
}

// Unrelated people around the pair, so that word frequencies mean something.
std::vector<LinkRecord> WithCrowd(std::vector<LinkRecord> records) {
  const char* kOthers[] = {"MARTINEZ SOTO, ANA",    "GOMEZ LUNA, PEDRO",   "DIAZ ROJAS, CARMEN",
                           "SILVA PENA, MIGUEL",    "TORRES VEGA, ROSA",   "MORALES CRUZ, JUAN",
                           "HERRERA LEON, SOFIA",   "CASTRO MEJIA, LUIS",  "ORTIZ RAMOS, ELENA",
                           "NUNEZ SALAS, ANDRES"};
  int64_t id = static_cast<int64_t>(records.size()) + 1;
  for (const char* name : kOthers) records.push_back(Prepare(id++, name, "1970-01-01"));
  return records;
}

NameNeighbourOptions Options(int k = 10, int max_postings = 2000) {
  NameNeighbourOptions o;
  o.k = k;
  o.max_postings = max_postings;
  o.threads = 1;
  return o;
}

TEST(NameNeighboursTest, FindsARecordWithATypoInEveryKeyWord) {
  // "Rodriquez Parees" against "Rodriguez Paredes": each surname one edit off in its
  // phonetic key (a letter changed, a letter lost; transposed or doubled letters the
  // rules' symbol-set keys find), and the undated record has no key rule to meet the
  // other by.
  const std::vector<LinkRecord> records = WithCrowd(
      {Prepare(1, "RODRIGUEZ PAREDES, WILMER ALBERTO", "1990-04-11"),
       Prepare(2, "Wilmer Rodriquez Parees")});
  EXPECT_TRUE(Has(NameNeighbourPairs(records, Options(), nullptr), 0, 1));
  LinkSettings rules_only = DefaultLinkSettings();
  rules_only.neighbours = 0;
  const CandidatePairs by_rules = GenerateCandidatePairs(records, rules_only, nullptr);
  EXPECT_FALSE(Has(by_rules.pairs, 0, 1));
  const CandidatePairs by_default = GenerateCandidatePairs(records, DefaultLinkSettings(), nullptr);
  EXPECT_TRUE(Has(by_default.pairs, 0, 1));
}

TEST(NameNeighboursTest, OneSharedWordIsNotEnough) {
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Castellanos Urdaneta")});
  EXPECT_FALSE(Has(NameNeighbourPairs(records, Options(), nullptr), 0, 1));
}

TEST(NameNeighboursTest, YearsFarApartAreNotProposed) {
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez", "1960")});
  EXPECT_FALSE(Has(NameNeighbourPairs(records, Options(), nullptr), 0, 1));
  const std::vector<LinkRecord> near =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez", "1991")});
  EXPECT_TRUE(Has(NameNeighbourPairs(near, Options(), nullptr), 0, 1));
}

TEST(NameNeighboursTest, OnlyRecordsWithoutAFullDateAsk) {
  // Two full dates: the date rules' pairs; neighbours would only add noise there.
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez", "1990-04-12")});
  EXPECT_FALSE(Has(NameNeighbourPairs(records, Options(), nullptr), 0, 1));
}

TEST(NameNeighboursTest, TheRarestSharedWordsRankFirst) {
  // k = 1: the record sharing "Wilmer" and "Paredes" beats the one sharing "Wilmer"
  // and "Rodriguez" when Rodriguez is common.
  std::vector<LinkRecord> records = {Prepare(1, "Wilmer Rodriguez Paredes"),
                                     Prepare(2, "RODRIGUEZ SOTO, WILMER", "1990-01-01"),
                                     Prepare(3, "PAREDEZ LUGO, WILMER", "1990-01-01")};
  for (int i = 0; i < 6; ++i) records.push_back(Prepare(4 + i, "RODRIGUEZ DIAZ, ANA", "1970-01-01"));
  const std::vector<uint64_t> pairs = NameNeighbourPairs(records, Options(1), nullptr);
  EXPECT_TRUE(Has(pairs, 0, 2));
  EXPECT_FALSE(Has(pairs, 0, 1));
}

TEST(NameNeighboursTest, NamesakesTiedAtTheCutAreLeftOut) {
  // k = 1 and two equal namesakes: ranking them by record order would be a coin toss.
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "Wilmer Rodriguez Paredes"), Prepare(2, "RODRIGUEZ PAREDES, WILMER", "1990-01-01"),
                 Prepare(3, "RODRIGUEZ PAREDES, WILMER", "1985-01-01")});
  const std::vector<uint64_t> pairs = NameNeighbourPairs(records, Options(1), nullptr);
  EXPECT_FALSE(Has(pairs, 0, 1));
  EXPECT_FALSE(Has(pairs, 0, 2));
  const std::vector<uint64_t> both = NameNeighbourPairs(records, Options(2), nullptr);
  EXPECT_TRUE(Has(both, 0, 1));
  EXPECT_TRUE(Has(both, 0, 2));
}

TEST(NameNeighboursTest, CommonSpellingsAreSkipped) {
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez")});
  // Every variant held by two records or more is skipped: nothing is shared.
  EXPECT_TRUE(NameNeighbourPairs(records, Options(10, 1), nullptr).empty());
}

TEST(NameNeighboursTest, NewRecordsOnlyKeepPairsWithAnEligibleRecord) {
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez")});
  std::vector<uint8_t> eligible(records.size(), 0);
  EXPECT_FALSE(Has(NameNeighbourPairs(records, Options(), &eligible), 0, 1));
  eligible[0] = 1;
  EXPECT_TRUE(Has(NameNeighbourPairs(records, Options(), &eligible), 0, 1));
}

TEST(NameNeighboursTest, OffProposesNothing) {
  const std::vector<LinkRecord> records =
      WithCrowd({Prepare(1, "RODRIGUEZ PAREDES, WILMER", "1990-04-11"),
                 Prepare(2, "Wilmer Rodrrigues Paredez")});
  EXPECT_TRUE(NameNeighbourPairs(records, Options(0), nullptr).empty());
}

}  // namespace
}  // namespace habeas::link
