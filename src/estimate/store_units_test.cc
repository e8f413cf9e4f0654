// Units through confident edges, and the doubtful links between them.
#include "estimate/store_units.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace habeas::mse {
namespace {

TEST(StoreUnits, ConfidentEdgesAreDecisionsOrAboveTheReviewBand) {
  const link::LinkSettings settings = link::DefaultLinkSettings();
  EXPECT_TRUE(EdgeIsConfident({1, 1, 2, 0, 0.2, LinkEdgeKind::kDecision}, settings));
  EXPECT_TRUE(EdgeIsConfident({1, 1, 2, 0, settings.review_high + 0.01, LinkEdgeKind::kModel}, settings));
  EXPECT_FALSE(EdgeIsConfident({1, 1, 2, 0, settings.review_high, LinkEdgeKind::kModel}, settings));
}

TEST(StoreUnits, DoubtfulReviewPairsLieBetweenReviewLowAndTheThreshold) {
  const link::LinkSettings settings = link::DefaultLinkSettings();
  EXPECT_TRUE(ReviewPairIsDoubtful({1, 2, 0, settings.review_low, 0}, settings));
  EXPECT_TRUE(ReviewPairIsDoubtful({1, 2, 0, settings.threshold - 0.01, 0}, settings));
  EXPECT_FALSE(ReviewPairIsDoubtful({1, 2, 0, settings.review_low / 2, 0}, settings));
  EXPECT_FALSE(ReviewPairIsDoubtful({1, 2, 0, settings.threshold, 0}, settings));
}

EstimateRecord Record(int64_t id, std::string source, std::string stratum, Membership says) {
  EstimateRecord r;
  r.id = id;
  r.source = std::move(source);
  r.stratum = std::move(stratum);
  r.says = says;
  return r;
}

TEST(StoreUnits, GraphKeepsOneLinkPerPairOfUnits) {
  const std::vector<EstimateRecord> records = {
      Record(1, "a", "", Membership::kUnknown), Record(2, "b", "x", Membership::kIn),
      Record(3, "b", "y", Membership::kOut), Record(4, "c", "", Membership::kOut)};
  RecordUnits units(records.size());
  units.units.Union(0, 1);
  units.doubtful = {{0, 2, 0.3, false}, {2, 1, 0.7, true}, {0, 1, 0.9, true}, {3, 2, 0.2, false}};
  const LinkageGraph graph = GraphOfUnits(records, units);
  ASSERT_EQ(graph.units.size(), 3u);
  EXPECT_EQ(graph.units[0].sources, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(graph.units[0].stratum, "x");  // the first non-empty value
  EXPECT_EQ(graph.units[0].membership, Membership::kIn);
  EXPECT_EQ(graph.units[2].membership, Membership::kOut);
  ASSERT_EQ(graph.links.size(), 2u);  // the link within unit 0 is no link
  EXPECT_EQ(graph.links[0].unit_a, 0u);
  EXPECT_EQ(graph.links[0].unit_b, 1u);
  EXPECT_DOUBLE_EQ(graph.links[0].probability, 0.7);  // the most probable evidence
  EXPECT_TRUE(graph.links[0].linked);                 // made if any made it
  EXPECT_EQ(graph.links[1].unit_a, 1u);
  EXPECT_EQ(graph.links[1].unit_b, 2u);
}

}  // namespace
}  // namespace habeas::mse
