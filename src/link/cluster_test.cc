// Clustering: the mean cross-pair probability guards against namesakes chaining,
// but not against a record whose only strong evidence is a shared identifier.
#include "link/cluster.h"

#include <gtest/gtest.h>

#include <vector>

#include "link/link_test_util.h"

namespace habeas::link {
namespace {

struct Row {
  const char* full_name;
  const char* a_number;
};

// A person on four lists, and a court caption with initials (and an A-number, or
// none). Every pair is a candidate, so no comparison is needed: weights are given.
ClusterResult Cluster(const char* court_a_number) {
  const Row rows[] = {{"LOPEZ LOPEZ, ANGEL ERNESTO", "219483870"},
                      {"Angel Ernesto Lopez Lopez", ""},
                      {"Lopez Lopez Angel Ernesto", ""},
                      {"Angel Lopez Lopez", ""},
                      {"A.L.L.", court_a_number}};
  std::vector<LinkRecord> records;
  for (const Row& row : rows) {
    LinkRecord lr = testing::PrepareTestRecord(
        static_cast<int64_t>(records.size()) + 1, 0,
        {{CanonicalField::kFullName, row.full_name}, {CanonicalField::kANumber, row.a_number}});
    records.push_back(std::move(lr));
  }
  std::vector<uint64_t> pairs;
  std::vector<float> weights;
  for (uint32_t i = 0; i < records.size(); ++i) {
    for (uint32_t j = i + 1; j < records.size(); ++j) {
      pairs.push_back((uint64_t{i} << 32) | j);
      // The four named records agree; the caption agrees with the manifest row
      // (p 0.97) and says almost nothing to the others (p 0.004, no conflict).
      weights.push_back(j < 4 ? 12.0f : i == 0 ? 5.0f : -8.0f);
    }
  }
  const std::vector<uint8_t> cannot_link(pairs.size(), 0);
  const std::vector<int64_t> fixed(records.size(), 0);
  return ClusterRecords(records, pairs, weights, cannot_link, Model(), DefaultLinkSettings(), {},
                        fixed, false);
}

TEST(ClusterTest, SharedIdentifierJoinsARecordWithLittleElseToCompare) {
  const ClusterResult with_id = Cluster("219483870");
  EXPECT_EQ(with_id.root[4], with_id.root[0]);
  EXPECT_TRUE(with_id.refused.empty());
}

TEST(ClusterTest, LowMeanProbabilityStillRefusesWithoutAnIdentifier) {
  // The same weights without the shared A-number: mean cross probability
  // (0.97 + 3 x 0.004) / 4 < 0.3, so the caption stays apart.
  const ClusterResult without = Cluster("");
  EXPECT_NE(without.root[4], without.root[0]);
  EXPECT_EQ(without.root[1], without.root[0]);
  EXPECT_EQ(without.refused.size(), 1u);
}

}  // namespace
}  // namespace habeas::link
