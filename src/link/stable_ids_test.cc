// Stable person ids: new persons, kept ids, merges, splits, moves and emptied persons.
#include "link/stable_ids.h"

#include <gtest/gtest.h>

namespace habeas::link {
namespace {

// Records 101..10n; cluster_of and old_person per record index.
PersonAssignment Assign(const std::vector<uint32_t>& cluster_of,
                        const std::vector<int64_t>& old_person,
                        const std::vector<LinkDecision>& decisions = {}) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < cluster_of.size(); ++i) ids.push_back(101 + static_cast<int64_t>(i));
  return AssignStableIds(ids, cluster_of, old_person, decisions, /*max_person_id=*/7, "test");
}

TEST(StableIdsTest, AFirstRunNumbersClustersInRecordOrder) {
  const PersonAssignment a = Assign({0, 0, 2, 0}, {0, 0, 0, 0});
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{8, 8, 9, 8}));
  EXPECT_EQ(a.created, 2);
  EXPECT_EQ(a.update.assignments.size(), 4u);
  EXPECT_TRUE(a.update.events.empty());
  EXPECT_EQ(a.update.expected_max_person_id, 7);
}

TEST(StableIdsTest, AnUnchangedClusteringKeepsEveryIdAndWritesNothing) {
  const PersonAssignment a = Assign({0, 0, 2}, {3, 3, 5});
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{3, 3, 5}));
  EXPECT_EQ(a.created + a.merges + a.splits + a.moves, 0);
  EXPECT_TRUE(a.update.assignments.empty());
}

TEST(StableIdsTest, TwoPersonsJoinedKeepTheSmallerId) {
  const PersonAssignment a = Assign({0, 0, 0}, {5, 3, 3});
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{3, 3, 3}));
  EXPECT_EQ(a.merges, 1);
  ASSERT_EQ(a.update.merged_into.size(), 1u);
  EXPECT_EQ(a.update.merged_into[0], (std::pair<int64_t, int64_t>{5, 3}));
  ASSERT_EQ(a.update.events.size(), 1u);
  EXPECT_EQ(a.update.events[0].kind, PersonEventKind::kMerge);
  EXPECT_EQ(a.update.events[0].record_ids, (std::vector<int64_t>{101}));
  EXPECT_TRUE(a.update.emptied_persons.empty());  // merged, not emptied
}

TEST(StableIdsTest, RecordsThatLeaveForANewClusterAreASplitWithTheDecisionAsReason) {
  LinkDecision d;
  d.id = 4;
  d.record_a = 101;
  d.record_b = 103;
  d.decision = ReviewDecision::kDistinct;
  d.decided_by = "ana";
  d.reason = "different mothers";
  // Person 3 had records 101..103; 103 now stands alone.
  const PersonAssignment a = Assign({0, 0, 2}, {3, 3, 3}, {d});
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{3, 3, 8}));
  EXPECT_EQ(a.splits, 1);
  ASSERT_EQ(a.update.events.size(), 1u);
  EXPECT_EQ(a.update.events[0].kind, PersonEventKind::kSplit);
  EXPECT_EQ(a.update.events[0].person_ids, (std::vector<int64_t>{3, 8}));
  EXPECT_NE(a.update.events[0].reason.find("reviewer decision #4 by ana"), std::string::npos);
}

TEST(StableIdsTest, ARecordJoiningAnotherExistingPersonIsAMove) {
  const PersonAssignment a = Assign({0, 0, 2, 2}, {3, 3, 3, 5});
  // Person 3 keeps its home (two records); record 103 moves to person 5.
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{3, 3, 5, 5}));
  EXPECT_EQ(a.moves, 1);
  EXPECT_EQ(a.splits, 0);
  ASSERT_EQ(a.update.events.size(), 1u);
  EXPECT_EQ(a.update.events[0].kind, PersonEventKind::kMove);
  EXPECT_EQ(a.update.events[0].record_ids, (std::vector<int64_t>{103}));
}

TEST(StableIdsTest, ATieGoesToTheClusterWhoseFirstRecordComesFirst) {
  // Person 3's two records fall into two clusters: the one holding record 101 keeps 3.
  const PersonAssignment a = Assign({1, 1, 2}, {0, 3, 3});
  EXPECT_EQ(a.person_of[1], 3);
  EXPECT_EQ(a.person_of[2], 8);
  EXPECT_EQ(a.splits, 1);
}

TEST(StableIdsTest, EveryPersonWithARecordLeftHasAHomeSoNoneIsEmptied) {
  // Person 6's only record joins the cluster person 4 calls home: 6 is merged into 4.
  const PersonAssignment a = Assign({0, 0, 2, 2, 2}, {3, 3, 4, 4, 6});
  EXPECT_EQ(a.person_of, (std::vector<int64_t>{3, 3, 4, 4, 4}));
  ASSERT_EQ(a.update.merged_into.size(), 1u);
  EXPECT_EQ(a.update.merged_into[0], (std::pair<int64_t, int64_t>{6, 4}));
  EXPECT_TRUE(a.update.emptied_persons.empty());
  EXPECT_EQ(a.moves + a.splits, 0);
}

}  // namespace
}  // namespace habeas::link
