#include "search/top_persons.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

namespace habeas::search {
namespace {

// Every person on every list scored as top_persons.h documents it, sorted best first.
std::vector<ScoredPerson> Exhaustive(const std::vector<ScoreGroupKind>& groups,
                                     const std::vector<ScoreList>& lists, size_t k) {
  // person → best per group in score units (-1: not held)
  uint32_t persons = 0;
  for (const ScoreList& l : lists) {
    if (!l.persons.empty()) persons = std::max(persons, l.persons.back() + 1);
  }
  std::vector<std::vector<int64_t>> best(persons);
  for (const ScoreList& l : lists) {
    for (uint32_t p : l.persons) {
      if (best[p].empty()) best[p].assign(groups.size(), -1);
      best[p][l.group] = std::max<int64_t>(best[p][l.group], ScoreUnits(l.score));
    }
  }
  std::vector<ScoredPerson> out;
  for (uint32_t p = 0; p < persons; ++p) {
    const std::vector<int64_t>& per_group = best[p];
    if (per_group.empty()) continue;
    int64_t score = 0, birth = 0;
    bool found = false;
    uint8_t names = 0;
    for (size_t g = 0; g < groups.size(); ++g) {
      if (per_group[g] < 0) continue;
      if (groups[g] == ScoreGroupKind::kBirth) {
        birth = std::max(birth, per_group[g]);
        continue;
      }
      found = true;
      score += per_group[g];
      names += groups[g] == ScoreGroupKind::kName;
    }
    if (!found) continue;
    if (score > 0) score += birth;
    out.push_back({p, static_cast<float>(score) / kUnitsPerPoint, names});
  }
  std::sort(out.begin(), out.end(), [](const ScoredPerson& a, const ScoredPerson& b) {
    return a.score != b.score ? a.score > b.score : a.person < b.person;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

TEST(TopPersons, EmptyAndTrivial) {
  EXPECT_TRUE(TopPersons({}, {}, 10).empty());
  const std::vector<uint32_t> a = {1, 5, 9};
  const std::vector<ScoreGroupKind> groups = {ScoreGroupKind::kName};
  const std::vector<ScoreList> lists = {{a, 2.f, 0}};
  EXPECT_TRUE(TopPersons(groups, lists, 0).empty());
  const auto top = TopPersons(groups, lists, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].person, 1u);  // equal scores: lower index first
  EXPECT_EQ(top[1].person, 5u);
  EXPECT_EQ(top[0].name_groups, 1);
}

TEST(TopPersons, BirthCountsOnlyOnTopOfOtherEvidence) {
  const std::vector<uint32_t> name = {2, 4}, birth = {1, 2, 3};
  const std::vector<ScoreGroupKind> groups = {ScoreGroupKind::kName, ScoreGroupKind::kBirth};
  const std::vector<ScoreList> lists = {{name, 1.f, 0}, {birth, 7.5f, 1}};
  const auto top = TopPersons(groups, lists, 10);
  ASSERT_EQ(top.size(), 2u);  // persons 1 and 3 have only the birth date
  EXPECT_EQ(top[0].person, 2u);
  EXPECT_FLOAT_EQ(top[0].score, 8.5f);
  EXPECT_EQ(top[1].person, 4u);
  EXPECT_FLOAT_EQ(top[1].score, 1.f);
}

TEST(TopPersons, BestSpellingPerGroupNotTheSum) {
  const std::vector<uint32_t> exact = {3}, variant = {3, 7};
  const std::vector<ScoreGroupKind> groups = {ScoreGroupKind::kName};
  const std::vector<ScoreList> lists = {{exact, 2.f, 0}, {variant, 1.5f, 0}};
  const auto top = TopPersons(groups, lists, 10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_FLOAT_EQ(top[0].score, 2.f);
  EXPECT_EQ(top[0].name_groups, 1);
}

// MaxScore must not change the answer: random queries shaped like the locator's (a few
// words with spellings of different weights, common words with long lists, an optional
// identifier and birth-date lists) against the exhaustive scores.
void ExpectSameAsExhaustive(uint32_t seed, int rounds, uint32_t min_persons, uint32_t max_persons) {
  std::mt19937 rng(seed);
  for (int round = 0; round < rounds; ++round) {
    const uint32_t persons = min_persons + rng() % (max_persons - min_persons);
    std::vector<ScoreGroupKind> groups;
    std::vector<std::vector<uint32_t>> storage;
    std::vector<std::pair<float, uint32_t>> list_meta;
    auto add_list = [&](uint32_t group, float score, double density) {
      std::vector<uint32_t> l;
      for (uint32_t p = 0; p < persons; ++p) {
        if (std::uniform_real_distribution<double>(0, 1)(rng) < density) l.push_back(p);
      }
      storage.push_back(std::move(l));
      list_meta.push_back({score, group});
    };
    if (rng() % 3 == 0) {  // identifier: exact and one-edit lists, a handful of persons
      groups.push_back(ScoreGroupKind::kIdentifier);
      add_list(0, 40.f, 2.0 / persons);
      add_list(0, 25.f, 3.0 / persons);
    }
    const int words = 1 + rng() % 5;
    for (int w = 0; w < words; ++w) {
      const uint32_t g = static_cast<uint32_t>(groups.size());
      groups.push_back(ScoreGroupKind::kName);
      // Scores on a coarse grid make ties (and the tie rule) common.
      const float idf = 0.5f * static_cast<float>(1 + rng() % 12);
      const double density = std::array<double, 4>{0.002, 0.02, 0.2, 0.5}[rng() % 4];
      add_list(g, idf, density);
      const int spellings = rng() % 4;
      for (int s = 0; s < spellings; ++s) {
        add_list(g, idf * std::array<float, 4>{0.9f, 0.85f, 0.75f, 0.f}[rng() % 4],
                 density / (2 + rng() % 20));
      }
    }
    if (rng() % 2 == 0) {
      for (float bonus : {7.5f, 3.25f, 0.75f}) {
        const uint32_t g = static_cast<uint32_t>(groups.size());
        groups.push_back(ScoreGroupKind::kBirth);
        add_list(g, bonus, bonus > 1 ? 0.01 : 0.1);
      }
    }
    std::vector<ScoreList> lists;
    for (size_t i = 0; i < storage.size(); ++i) {
      lists.push_back({storage[i], list_meta[i].first, list_meta[i].second});
    }
    const size_t k = 1 + rng() % 120;
    const auto want = Exhaustive(groups, lists, k);
    for (TopPersonsMethod method :
         {TopPersonsMethod::kProbe, TopPersonsMethod::kAccumulate, TopPersonsMethod::kAuto}) {
      SCOPED_TRACE("method " + std::to_string(static_cast<int>(method)));
      const auto got = TopPersons(groups, lists, k, method);
      ASSERT_EQ(got.size(), want.size()) << "round " << round;
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(got[i].person, want[i].person) << "round " << round << " rank " << i;
        ASSERT_EQ(got[i].score, want[i].score) << "round " << round << " rank " << i;
        ASSERT_EQ(got[i].name_groups, want[i].name_groups) << "round " << round << " rank " << i;
      }
    }
  }
}

// Small indexes: short lists, merged per group and score.
TEST(TopPersons, SameAsExhaustiveOnRandomLists) { ExpectSameAsExhaustive(12345, 3000, 50, 3000); }

// Long lists, probed through bitmaps (as "jose" at a million persons).
TEST(TopPersons, SameAsExhaustiveOnLongLists) { ExpectSameAsExhaustive(777, 60, 20000, 60000); }

}  // namespace
}  // namespace habeas::search
