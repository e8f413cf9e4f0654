// PersonEventsJson and DecisionsAboutJson (linkage_json.cc, declared in habeas/link.h):
// the JSON the dossier, the API and the court packet show of a person's linkage.
#include "habeas/link.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace habeas::link {
namespace {

TEST(PersonEventsJsonTest, EachEventWithPersonIdsFormatted) {
  PersonEvent create;
  create.kind = PersonEventKind::kCreate;
  create.person_ids = {12};
  create.record_ids = {3, 4};
  create.at = "2025-03-15T21:30:00Z";
  create.by = "habeas link";
  PersonEvent merge;
  merge.kind = PersonEventKind::kMerge;
  merge.person_ids = {12, 1234567};
  merge.record_ids = {9};
  merge.at = "2025-03-16T08:00:00Z";
  merge.by = "ana";
  merge.reason = "decision 4: same \"person\"";
  const nlohmann::json want = nlohmann::json::parse(R"([
    {"kind": "create", "persons": ["P000012"], "records": [3, 4],
     "at": "2025-03-15T21:30:00Z", "by": "habeas link", "reason": ""},
    {"kind": "merge", "persons": ["P000012", "P1234567"], "records": [9],
     "at": "2025-03-16T08:00:00Z", "by": "ana", "reason": "decision 4: same \"person\""}
  ])");
  EXPECT_EQ(PersonEventsJson({create, merge}), want);
}

TEST(PersonEventsJsonTest, KindsAreNamedAndEmptyListsStayArrays) {
  const std::pair<PersonEventKind, std::string> kinds[] = {
      {PersonEventKind::kCreate, "create"},
      {PersonEventKind::kMerge, "merge"},
      {PersonEventKind::kSplit, "split"},
      {PersonEventKind::kMove, "move"},
  };
  for (const auto& [kind, name] : kinds) {
    PersonEvent e;
    e.kind = kind;
    const nlohmann::json j = PersonEventsJson({e});
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j[0]["kind"], name);
    EXPECT_TRUE(j[0]["persons"].is_array());
    EXPECT_TRUE(j[0]["records"].is_array());
  }
  EXPECT_EQ(PersonEventsJson({}), nlohmann::json::array());
}

LinkDecision Decision(int64_t id, int64_t a, int64_t b, ReviewDecision decision) {
  LinkDecision d;
  d.id = id;
  d.record_a = a;
  d.record_b = b;
  d.decision = decision;
  d.reason = "reason " + std::to_string(id);
  d.decided_by = "rev";
  d.decided_at = "2025-03-17T10:00:00Z";
  return d;
}

TEST(DecisionsAboutJsonTest, KeepsTheDecisionsTouchingAnyOfTheRecordsInTheirOrder) {
  const std::vector<LinkDecision> decisions = {
      Decision(1, 10, 20, ReviewDecision::kSame),
      Decision(2, 30, 40, ReviewDecision::kDistinct),
      Decision(3, 40, 10, ReviewDecision::kDistinct),
      Decision(4, 50, 60, ReviewDecision::kSame),
  };
  struct Case {
    std::vector<int64_t> records;
    std::vector<int64_t> decision_ids;
  };
  const Case cases[] = {
      {{10}, {1, 3}},
      {{20}, {1}},
      {{40}, {2, 3}},
      // Unsorted and repeated ids work the same.
      {{60, 20, 60}, {1, 4}},
      {{10, 30, 50}, {1, 2, 3, 4}},
      {{99}, {}},
      {{}, {}},
  };
  for (const Case& c : cases) {
    const nlohmann::json j = DecisionsAboutJson(decisions, c.records);
    ASSERT_TRUE(j.is_array());
    std::vector<int64_t> ids;
    for (const auto& d : j) ids.push_back(d["decision_id"].get<int64_t>());
    EXPECT_EQ(ids, c.decision_ids) << ::testing::PrintToString(c.records);
  }
}

TEST(DecisionsAboutJsonTest, ADecisionHasEveryField) {
  const nlohmann::json j =
      DecisionsAboutJson({Decision(7, 1, 2, ReviewDecision::kDistinct)}, {2});
  const nlohmann::json want = nlohmann::json::parse(R"([
    {"decision_id": 7, "record_a": 1, "record_b": 2, "decision": "distinct",
     "reason": "reason 7", "by": "rev", "at": "2025-03-17T10:00:00Z"}
  ])");
  EXPECT_EQ(j, want);
}

}  // namespace
}  // namespace habeas::link
