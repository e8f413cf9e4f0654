// The linkage tables of both stores (sqlite_linkage.cc, pg_linkage.cc): persons,
// edges, events, decisions, models and review pairs, written by ApplyLinkage and read
// back. Every case runs against each backend (store/test_backends.h).
#include "habeas/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>

#include "store/test_backends.h"

namespace habeas {
namespace {

class StoreLinkageTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    store_ = Open();
    AddRecords(6);
  }

  std::unique_ptr<Store> Open() {
    SqliteOptions o;
    o.clock = &clock_;
    auto s = OpenStore(location_->db(), o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(s).value();
  }

  // Records 1..n in one batch of source "a".
  void AddRecords(int n) {
    SourceInfo source;
    source.name = "a";
    source.kind = SourceKind::kFamily;
    BatchInfo batch;
    batch.file_name = "a.csv";
    batch.file_sha256 = "a";
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto w = store_->BeginBatch(source, batch);
    ASSERT_TRUE(w.ok());
    for (int i = 1; i <= n; ++i) {
      RecordData r;
      r.source_record_id = std::to_string(i);
      r.line = i + 1;
      r.end_line = i + 1;
      r.raw = "row";
      ASSERT_TRUE((*w)->AddRecord(r).ok());
    }
    ASSERT_TRUE((*w)->Commit(batch).ok());
  }

  // Persons 1..3 holding records {1,2}, {3,4}, {5,6}.
  LinkageUpdate ThreePersons() {
    LinkageUpdate u;
    for (int64_t p = 1; p <= 3; ++p) {
      u.created_persons.push_back({p, PersonStatus::kActive, 0, "", "test", 0});
    }
    for (int64_t r = 1; r <= 6; ++r) u.assignments.push_back({r, (r + 1) / 2});
    u.replace_all_edges = true;
    return u;
  }

  // Runs `sqlite_sql` or `postgres_sql` on the store behind its back (a damaged or
  // foreign store).
  void Tamper(const std::string& sqlite_sql, const std::string& postgres_sql) {
    if (GetParam() == TestBackend::kPostgres) return location_->Tamper(postgres_sql);
    const std::string& sql = sqlite_sql;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(location_->db().c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::optional<TestStoreLocation> location_;
  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
  std::unique_ptr<Store> store_;  // destroyed before location_
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreLinkageTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(StoreLinkageTest, PersonsAndTheirRecords) {
  EXPECT_EQ(*store_->MaxPersonId(), 0);
  ASSERT_TRUE(store_->ApplyLinkage(ThreePersons()).ok());
  EXPECT_EQ(*store_->MaxPersonId(), 3);
  EXPECT_EQ(*store_->RecordsOfPerson(2), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(store_->PersonOfRecord(5)->value_or(0), 3);
  EXPECT_FALSE(store_->PersonOfRecord(99)->has_value());
  auto person = store_->GetPerson(1);
  ASSERT_TRUE(person.ok() && person->has_value());
  EXPECT_EQ((*person)->status, PersonStatus::kActive);
  EXPECT_EQ((*person)->created_by, "test");
  EXPECT_EQ((*person)->created_at, "2025-03-15T21:30:00Z");  // the store's clock
  EXPECT_EQ((*person)->record_count, 2);
  EXPECT_FALSE(store_->GetPerson(4)->has_value());
}

TEST_P(StoreLinkageTest, ListPersonsPagesThroughActivePersonsOnly) {
  ASSERT_TRUE(store_->ApplyLinkage(ThreePersons()).ok());
  LinkageUpdate merge;
  merge.expected_max_person_id = 3;
  merge.assignments = {{3, 1}, {4, 1}};
  merge.merged_persons = {2};
  merge.merged_into = {{2, 1}};
  ASSERT_TRUE(store_->ApplyLinkage(merge).ok());
  auto first = store_->ListPersons(0, 1);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].id, 1);
  EXPECT_EQ((*first)[0].record_count, 4);
  auto rest = store_->ListPersons(1, 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);  // person 2 was merged: not listed
  EXPECT_EQ((*rest)[0].id, 3);
  EXPECT_EQ((*store_->GetPerson(2))->status, PersonStatus::kMerged);
  EXPECT_EQ((*store_->GetPerson(2))->merged_into, 1);
}

TEST_P(StoreLinkageTest, MergeFollowerLeadsToTheSurvivorOfEveryMerge) {
  ASSERT_TRUE(store_->ApplyLinkage(ThreePersons()).ok());
  LinkageUpdate first;  // 2 into 1
  first.expected_max_person_id = 3;
  first.assignments = {{3, 1}, {4, 1}};
  first.merged_persons = {2};
  first.merged_into = {{2, 1}};
  ASSERT_TRUE(store_->ApplyLinkage(first).ok());
  LinkageUpdate second;  // then 1 into 3
  second.expected_max_person_id = 3;
  second.assignments = {{1, 3}, {2, 3}, {3, 3}, {4, 3}};
  second.merged_persons = {1};
  second.merged_into = {{1, 3}};
  ASSERT_TRUE(store_->ApplyLinkage(second).ok());
  MergeFollower merges(*store_);
  EXPECT_EQ(*merges.Survivor(2), 3);  // 2 → 1 → 3
  EXPECT_EQ(*merges.Survivor(1), 3);
  EXPECT_EQ(*merges.Survivor(3), 3);
  EXPECT_EQ(*merges.Survivor(99), 99);  // unknown: itself
}

TEST_P(StoreLinkageTest, AnUnknownPersonStatusIsDataLoss) {
  ASSERT_TRUE(store_->ApplyLinkage(ThreePersons()).ok());
  Tamper("PRAGMA ignore_check_constraints = ON; UPDATE persons SET status = 'zombie' WHERE id = 2",
         "ALTER TABLE persons DROP CONSTRAINT persons_status_check; "
         "UPDATE persons SET status = 'zombie' WHERE id = 2");
  store_ = Open();
  auto person = store_->GetPerson(2);
  ASSERT_FALSE(person.ok());
  EXPECT_EQ(person.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(person.status().message().find("zombie"), std::string::npos);
}

TEST_P(StoreLinkageTest, AnotherRunAllocatingPersonsMeanwhileIsAConflict) {
  ASSERT_TRUE(store_->ApplyLinkage(ThreePersons()).ok());
  LinkageUpdate stale;
  stale.expected_max_person_id = 2;  // the run read the store before person 3 existed
  stale.created_persons.push_back({4, PersonStatus::kActive, 0, "", "late run", 0});
  stale.assignments = {{6, 4}};
  Status s = store_->ApplyLinkage(stale);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  // Nothing of it was applied.
  EXPECT_EQ(*store_->MaxPersonId(), 3);
  EXPECT_EQ(store_->PersonOfRecord(6)->value_or(0), 3);
}

TEST_P(StoreLinkageTest, EdgesKeepTheirKindsHeaviestFirst) {
  LinkageUpdate u = ThreePersons();
  u.edges = {{1, 1, 2, 3.5, 0.9, LinkEdgeKind::kModel},
             {2, 3, 4, 1.0, 1.0, LinkEdgeKind::kDecision},
             {1, 2, 1, 7.25, 0.99, LinkEdgeKind::kModel}};
  ASSERT_TRUE(store_->ApplyLinkage(u).ok());
  auto edges = store_->ListEdges(1);
  ASSERT_TRUE(edges.ok());
  ASSERT_EQ(edges->size(), 2u);
  EXPECT_EQ((*edges)[0].weight, 7.25);
  EXPECT_EQ((*edges)[0].record_a, 2);
  EXPECT_EQ((*edges)[1].weight, 3.5);
  EXPECT_EQ((*edges)[1].probability, 0.9);
  EXPECT_EQ((*edges)[1].kind, LinkEdgeKind::kModel);
  auto decided = store_->ListEdges(2);
  ASSERT_TRUE(decided.ok());
  ASSERT_EQ(decided->size(), 1u);
  EXPECT_EQ((*decided)[0].kind, LinkEdgeKind::kDecision);
  EXPECT_TRUE(store_->ListEdges(3)->empty());

  // A whole relink replaces every edge; an incremental one adds to them.
  LinkageUpdate more;
  more.expected_max_person_id = 3;
  more.edges = {{3, 5, 6, 2.0, 0.8, LinkEdgeKind::kModel}};
  ASSERT_TRUE(store_->ApplyLinkage(more).ok());
  EXPECT_EQ(store_->ListEdges(1)->size(), 2u);
  EXPECT_EQ(store_->ListEdges(3)->size(), 1u);
  LinkageUpdate relink;
  relink.expected_max_person_id = 3;
  relink.replace_all_edges = true;
  relink.edges = {{3, 5, 6, 2.0, 0.8, LinkEdgeKind::kModel}};
  ASSERT_TRUE(store_->ApplyLinkage(relink).ok());
  EXPECT_TRUE(store_->ListEdges(1)->empty());
  EXPECT_EQ(store_->ListEdges(3)->size(), 1u);
}

TEST_P(StoreLinkageTest, PersonEventsListedForEachPersonTheyName) {
  LinkageUpdate u = ThreePersons();
  PersonEvent merge;
  merge.kind = PersonEventKind::kMerge;
  merge.person_ids = {1, 2};
  merge.record_ids = {3, 4};
  merge.by = "habeas link";
  merge.reason = "match weight 12.0";
  PersonEvent move;
  move.kind = PersonEventKind::kMove;
  move.person_ids = {3, 1};
  move.record_ids = {6};
  move.at = "2024-01-02T03:04:05Z";
  u.events = {merge, move};
  ASSERT_TRUE(store_->ApplyLinkage(u).ok());

  auto all = store_->ListPersonEvents(std::nullopt);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, PersonEventKind::kMerge);
  EXPECT_EQ((*all)[0].person_ids, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ((*all)[0].record_ids, (std::vector<int64_t>{3, 4}));
  EXPECT_EQ((*all)[0].at, "2025-03-15T21:30:00Z");  // empty: the store's clock
  EXPECT_EQ((*all)[0].by, "habeas link");
  EXPECT_EQ((*all)[0].reason, "match weight 12.0");
  EXPECT_EQ((*all)[1].kind, PersonEventKind::kMove);
  EXPECT_EQ((*all)[1].at, "2024-01-02T03:04:05Z");  // kept as given

  EXPECT_EQ(store_->ListPersonEvents(1)->size(), 2u);  // named by both
  ASSERT_EQ(store_->ListPersonEvents(2)->size(), 1u);
  EXPECT_EQ((*store_->ListPersonEvents(2))[0].kind, PersonEventKind::kMerge);
  ASSERT_EQ(store_->ListPersonEvents(3)->size(), 1u);
  EXPECT_EQ((*store_->ListPersonEvents(3))[0].kind, PersonEventKind::kMove);
}

TEST_P(StoreLinkageTest, DecisionsInTheOrderTheyWereMade) {
  LinkDecision same;
  same.record_a = 1;
  same.record_b = 3;
  same.decision = ReviewDecision::kSame;
  same.reason = "same mother";
  same.decided_by = "ana";
  LinkDecision distinct = same;
  distinct.decision = ReviewDecision::kDistinct;
  distinct.reason = "twins";
  distinct.decided_at = "2025-01-01T00:00:00Z";
  auto first = store_->AddDecision(same);
  auto second = store_->AddDecision(distinct);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_LT(*first, *second);
  auto decisions = store_->ListDecisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 2u);
  EXPECT_EQ((*decisions)[0].id, *first);
  EXPECT_EQ((*decisions)[0].decision, ReviewDecision::kSame);
  EXPECT_EQ((*decisions)[0].decided_at, "2025-03-15T21:30:00Z");
  EXPECT_EQ((*decisions)[0].decided_by, "ana");
  EXPECT_EQ((*decisions)[1].decision, ReviewDecision::kDistinct);
  EXPECT_EQ((*decisions)[1].reason, "twins");
  EXPECT_EQ((*decisions)[1].decided_at, "2025-01-01T00:00:00Z");
}

// A kind this version does not know (a newer habeas wrote it, or the file is damaged)
// is an error naming the table and the text, never read as some default.
TEST_P(StoreLinkageTest, AnUnknownStoredKindIsDataLoss) {
  LinkageUpdate u = ThreePersons();
  u.edges = {{1, 1, 2, 3.5, 0.9, LinkEdgeKind::kModel}};
  PersonEvent e;
  e.kind = PersonEventKind::kSplit;
  e.person_ids = {1, 2};
  u.events = {e};
  ASSERT_TRUE(store_->ApplyLinkage(u).ok());
  LinkDecision d;
  d.record_a = 1;
  d.record_b = 2;
  d.decided_by = "ana";
  ASSERT_TRUE(store_->AddDecision(d).ok());
  store_.reset();
  // The schema's CHECKs keep this version from writing such names; another writer may not.
  Tamper("PRAGMA ignore_check_constraints = ON; UPDATE link_edges SET kind = 'rule'; "
         "UPDATE person_events SET kind = 'adopt'; UPDATE link_decisions SET decision = 'maybe'",
         "ALTER TABLE link_edges DROP CONSTRAINT link_edges_kind_check; "
         "ALTER TABLE person_events DROP CONSTRAINT person_events_kind_check; "
         "ALTER TABLE link_decisions DROP CONSTRAINT link_decisions_decision_check; "
         "UPDATE link_edges SET kind = 'rule'; UPDATE person_events SET kind = 'adopt'; "
         "UPDATE link_decisions SET decision = 'maybe'");
  store_ = Open();

  auto edges = store_->ListEdges(1);
  ASSERT_FALSE(edges.ok());
  EXPECT_EQ(edges.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(edges.status().message().find("link_edges"), std::string::npos);
  EXPECT_NE(edges.status().message().find("\"rule\" is not a link edge kind"), std::string::npos);

  auto events = store_->ListPersonEvents(std::nullopt);
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(events.status().message().find("\"adopt\""), std::string::npos);

  auto decisions = store_->ListDecisions();
  ASSERT_FALSE(decisions.ok());
  EXPECT_EQ(decisions.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(decisions.status().message().find("link_decisions"), std::string::npos);
}

TEST_P(StoreLinkageTest, ModelsAreVersionedAndTheLatestIsRead) {
  EXPECT_FALSE(store_->LatestModel()->has_value());
  auto v1 = store_->SaveModel("{\"v\":1}");
  auto v2 = store_->SaveModel("{\"v\":2}");
  ASSERT_TRUE(v1.ok() && v2.ok());
  EXPECT_EQ(*v2, *v1 + 1);
  auto latest = store_->LatestModel();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, *v2);
  EXPECT_EQ((*latest)->json, "{\"v\":2}");
  EXPECT_EQ((*latest)->created_at, "2025-03-15T21:30:00Z");
}

TEST_P(StoreLinkageTest, ReviewPairsMostInformativeFirstAndReplacedByEachRun) {
  LinkageUpdate u = ThreePersons();
  u.review = {{1, 3, 0.5, 0.58, 0.2}, {2, 5, 0.1, 0.52, 0.9}, {4, 6, -0.2, 0.46, 0.9}};
  ASSERT_TRUE(store_->ApplyLinkage(u).ok());
  auto pairs = store_->ListReviewPairs(2);
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 2u);
  // Equal priorities in record order.
  EXPECT_EQ((*pairs)[0].record_a, 2);
  EXPECT_EQ((*pairs)[1].record_a, 4);
  EXPECT_EQ((*pairs)[1].probability, 0.46);

  LinkageUpdate keep;  // replace_review = false leaves the queue alone
  keep.expected_max_person_id = 3;
  keep.replace_review = false;
  ASSERT_TRUE(store_->ApplyLinkage(keep).ok());
  EXPECT_EQ(store_->ListReviewPairs(10)->size(), 3u);

  LinkageUpdate next;
  next.expected_max_person_id = 3;
  next.review = {{1, 2, 0.0, 0.5, 1.0}};
  ASSERT_TRUE(store_->ApplyLinkage(next).ok());
  auto replaced = store_->ListReviewPairs(10);
  ASSERT_EQ(replaced->size(), 1u);
  EXPECT_EQ((*replaced)[0].record_b, 2);
}

}  // namespace
}  // namespace habeas
