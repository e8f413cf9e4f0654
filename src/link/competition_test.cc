#include "link/competition.h"

#include <cmath>

#include <gtest/gtest.h>

namespace habeas::link {
namespace {

// Records on two lists: `on_a` records of list A (source 1, index 0), then `on_b`
// of list B (source 2, index 1).
std::vector<LinkRecord> TwoLists(int on_a, int on_b) {
  std::vector<LinkRecord> records(static_cast<size_t>(on_a + on_b));
  for (int i = 0; i < on_a + on_b; ++i) {
    records[i].id = i + 1;
    records[i].source = i < on_a ? 1 : 2;
    records[i].source_index = i < on_a ? 0 : 1;
  }
  return records;
}

uint64_t Pair(uint32_t a, uint32_t b) { return uint64_t{a} << 32 | b; }

TEST(Competition, ARivalOnTheOtherListTakesHalfTheOdds) {
  const std::vector<LinkRecord> records = TwoLists(1, 2);  // i = 0; j = 1, k = 2 on B
  const std::vector<uint64_t> pairs = {Pair(0, 1), Pair(0, 2)};
  std::vector<float> weights = {5.0f, 5.0f};  // p = 0.97 each
  WeighAgainstCompetition(records, pairs, Model(), 1, &weights);
  // p = a / (a + (1 − π) + a): the rival holds as much as the pair itself (less the
  // 1% chance that j and k are one person, the default prior within list B).
  EXPECT_FLOAT_EQ(weights[0], weights[1]);
  EXPECT_NEAR(Model::Probability(weights[0]), 0.5, 0.02);
}

TEST(Competition, ACandidateThatIsTheOthersDuplicateIsNoRival) {
  // j and k on list B are one person (a strong pair), both resembling i on list A.
  const std::vector<LinkRecord> records = TwoLists(1, 2);
  const std::vector<uint64_t> pairs = {Pair(0, 1), Pair(0, 2), Pair(1, 2)};
  std::vector<float> weights = {5.0f, 5.0f, 20.0f};
  WeighAgainstCompetition(records, pairs, Model(), 1, &weights);
  EXPECT_GT(Model::Probability(weights[0]), 0.95);
  EXPECT_GT(Model::Probability(weights[1]), 0.95);
  EXPECT_FLOAT_EQ(weights[2], 20.0f);  // within one list: Fellegi–Sunter's weight
}

TEST(Competition, AnUnrivalledCandidateOnAListThatHoldsMostPersonsGains) {
  // 300 records on list B; list A's record i has one candidate there and no rival. The
  // prior of the two lists (re-estimated from this one likely pair: ~1/300) times
  // B's size says i's person is probably on B, and j is the only one who resembles
  // him: the competition is 1 − π instead of Fellegi–Sunter's 1.
  const std::vector<LinkRecord> records = TwoLists(1, 300);
  const std::vector<uint64_t> pairs = {Pair(0, 1)};
  std::vector<float> weights = {-1.0f};
  WeighAgainstCompetition(records, pairs, Model(), 1, &weights);
  EXPECT_GT(weights[0], -1.0f + 1.0f);
  EXPECT_LE(weights[0], -1.0f - std::log2(1 - kMaxPresence) + 1e-4);
  EXPECT_GT(Model::Probability(weights[0]), 0.5);
}

TEST(Competition, NegligiblePairsAndPairsWithinOneListKeepTheirWeights) {
  std::vector<LinkRecord> records = TwoLists(2, 2);
  const std::vector<uint64_t> pairs = {Pair(0, 2), Pair(0, 1), Pair(1, 3)};
  std::vector<float> weights = {-30.0f, 4.0f, 3.0f};
  WeighAgainstCompetition(records, pairs, Model(), 2, &weights);
  EXPECT_FLOAT_EQ(weights[0], -30.0f);  // odds below kNegligibleOdds
  EXPECT_FLOAT_EQ(weights[1], 4.0f);    // records 0 and 1 are both on list A
  EXPECT_NE(weights[2], 3.0f);          // across lists: weighed
}

}  // namespace
}  // namespace habeas::link
