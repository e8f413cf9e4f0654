// The Store interface on both backends (store/test_backends.h): batches, records and
// their filters, persons. What only one backend has is tested beside it
// (sqlite_store_test.cc, pg_store_test.cc).
#include "habeas/store.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

#include "store/test_backends.h"

namespace habeas {
namespace {

class StoreBackendsTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override { HABEAS_SETUP_TEST_BACKEND(location_, GetParam()); }

  std::unique_ptr<Store> Open() {
    SqliteOptions o;
    o.clock = &clock_;
    auto s = OpenStore(location_->db(), o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(s).value();
  }

  static SourceInfo Source(std::string name, SourceKind kind = SourceKind::kFamily) {
    SourceInfo s;
    s.name = std::move(name);
    s.kind = kind;
    return s;
  }
  static BatchInfo Batch(std::string sha) {
    BatchInfo b;
    b.file_name = "f.csv";
    b.file_sha256 = std::move(sha);
    b.format = "csv";
    b.encoding = "utf-8";
    b.header_json = "[]";
    b.mapping_toml = "";
    return b;
  }
  static RecordData Record(std::string id) {
    RecordData r;
    r.source_record_id = std::move(id);
    r.line = 2;
    r.end_line = 2;
    r.raw = "raw,\xE9";
    r.field(CanonicalField::kGivenNames) = "José";
    return r;
  }

  std::optional<TestStoreLocation> location_;
  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreBackendsTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(StoreBackendsTest, BatchIsAllOrNothing) {
  auto store = Open();
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"));
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
    // Destroyed without Commit: rolled back.
  }
  EXPECT_EQ(*store->CountRecords({}), 0);
  EXPECT_FALSE(store->FindSource("fam")->has_value());

  auto w = store->BeginBatch(Source("fam"), Batch("aa"));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
  RecordData again = Record("1");
  again.line = 9;
  ASSERT_TRUE((*w)->AddRecord(again).ok());
  EXPECT_TRUE((*w)->RemoveDuplicateRecordIds({"2"})->empty());
  auto dups = (*w)->RemoveDuplicateRecordIds({"1"});
  ASSERT_TRUE(dups.ok()) << dups.status().ToString();
  ASSERT_EQ(dups->size(), 1u);
  EXPECT_EQ((*dups)[0].record.line, 9);
  EXPECT_EQ((*dups)[0].first_line, 2);
  RejectedRow bad;
  bad.line = 3;
  bad.end_line = 3;
  bad.raw = "x";
  bad.reason = "f.csv:3: bad";
  ASSERT_TRUE((*w)->AddRejected(bad).ok());
  BatchInfo fin = Batch("aa");
  fin.rows_read = 2;
  fin.rows_imported = 1;
  fin.rows_rejected = 1;
  ASSERT_TRUE((*w)->Commit(fin).ok());

  auto src = store->FindSource("fam");
  ASSERT_TRUE(src.ok() && src->has_value());
  EXPECT_EQ((*src)->record_count, 1);
  EXPECT_EQ((*src)->rejected_count, 1);
  EXPECT_EQ((*src)->created_at, "2025-03-15T21:30:00Z");
  auto rec = store->GetRecord(1);
  ASSERT_TRUE(rec.ok() && rec->has_value());
  EXPECT_EQ((*rec)->raw, "raw,\xE9");
  EXPECT_EQ((*rec)->field(CanonicalField::kGivenNames), "José");
  EXPECT_EQ((*rec)->field(CanonicalField::kSurname1), "");
  EXPECT_EQ(store->ListRejected(std::string("fam"), 10)->size(), 1u);
  EXPECT_TRUE(store->FindBatchByHash("fam", "aa")->has_value());
  EXPECT_FALSE(store->FindBatchByHash("other", "aa")->has_value());
}

TEST_P(StoreBackendsTest, SameFileTwiceInOneSourceIsAConflict) {
  auto store = Open();
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"));
    ASSERT_TRUE((*w)->Commit(Batch("aa")).ok());
  }
  auto again = store->BeginBatch(Source("fam"), Batch("aa"));
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  // The failed attempt left no open transaction behind.
  auto other = store->BeginBatch(Source("fam"), Batch("bb"));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ASSERT_TRUE((*other)->Commit(Batch("bb")).ok());
  EXPECT_EQ(store->ListBatches(std::string("fam"))->size(), 2u);
}

TEST_P(StoreBackendsTest, SourceKindMustNotChange) {
  auto store = Open();
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"));
    ASSERT_TRUE((*w)->Commit(Batch("aa")).ok());
  }
  auto w = store->BeginBatch(Source("fam", SourceKind::kLeak), Batch("bb"));
  EXPECT_EQ(w.status().code(), StatusCode::kConflict);
}

// after_id + 1 overflowed at the largest id: every record was listed.
TEST_P(StoreBackendsTest, NothingComesAfterTheLargestId) {
  auto store = Open();
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  RecordFilter f;
  f.after_id = std::numeric_limits<int64_t>::max();
  int seen = 0;
  ASSERT_TRUE(store->ForEachRecord(f, [&](const RecordData&) { return ++seen, true; }).ok());
  EXPECT_EQ(seen, 0);
  EXPECT_EQ(*store->CountRecords(f), 0);
}

TEST_P(StoreBackendsTest, ForEachRecordFiltersAndPaginates) {
  auto store = Open();
  for (const char* src : {"a", "b"}) {
    auto w = store->BeginBatch(Source(src), Batch(src));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
    ASSERT_TRUE((*w)->Commit(Batch(src)).ok());
  }
  RecordFilter f;
  f.source = "b";
  f.after_id = 7;
  f.limit = 2;
  std::vector<int64_t> ids;
  ASSERT_TRUE(store
                  ->ForEachRecord(f,
                                  [&](const RecordData& r) {
                                    ids.push_back(r.id);
                                    return true;
                                  })
                  .ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{8, 9}));
  EXPECT_EQ(*store->CountRecords({}), 10);
  f.limit = -1;
  f.after_id = 0;
  EXPECT_EQ(*store->CountRecords(f), 5);
}

// A merged person points at its survivor; a person emptied in the same update points
// nowhere (it used to take the last merged person's survivor).
TEST_P(StoreBackendsTest, AnEmptiedPersonIsNotMergedIntoAnyone) {
  auto store = Open();
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  LinkageUpdate first;
  for (int64_t p = 1; p <= 3; ++p)
    first.created_persons.push_back({p, PersonStatus::kActive, 0, "", "test", 0});
  for (int64_t r = 1; r <= 3; ++r) first.assignments.push_back({r, r});
  ASSERT_TRUE(store->ApplyLinkage(first).ok());
  LinkageUpdate second;
  second.expected_max_person_id = 3;
  second.assignments = {{2, 1}, {3, 1}};
  second.merged_into = {{2, 1}};
  second.emptied_persons = {3};
  ASSERT_TRUE(store->ApplyLinkage(second).ok());
  auto merged = store->GetPerson(2);
  auto emptied = store->GetPerson(3);
  ASSERT_TRUE(merged.ok() && merged->has_value());
  ASSERT_TRUE(emptied.ok() && emptied->has_value());
  EXPECT_EQ((*merged)->status, PersonStatus::kMerged);
  EXPECT_EQ((*merged)->merged_into, 1);
  EXPECT_EQ((*emptied)->status, PersonStatus::kEmpty);
  EXPECT_EQ((*emptied)->merged_into, 0);
}


// Every byte of a row as stored comes back: raw bytes of any value, text with the
// characters COPY escapes (tab, newline, backslash), notes, NULL-able columns.
TEST_P(StoreBackendsTest, RowsComeBackByteForByte) {
  auto store = Open();
  RecordData r = Record("id\twith\\tab");
  r.raw = std::string("a\0b\tc\nd\\e\xff\r", 11);
  r.field(CanonicalField::kSurname1) = "Pérez\nGómez \\N";
  r.notes_json = R"([{"note":"x\ty"}])";
  RejectedRow bad;
  bad.line = 7;
  bad.end_line = 8;
  bad.raw = std::string("\0\x01\\", 3);
  bad.reason = "f.csv:7: \"a\tb\"";
  auto w = store->BeginBatch(Source("fam"), Batch("aa"));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->AddRecord(r).ok());
  ASSERT_TRUE((*w)->AddRejected(bad).ok());
  RejectedRow with_field = bad;
  with_field.line = 9;
  with_field.field = "birth_date";
  ASSERT_TRUE((*w)->AddRejected(with_field).ok());
  ASSERT_TRUE((*w)->Commit(Batch("aa")).ok());

  auto back = store->GetRecord(1);
  ASSERT_TRUE(back.ok() && back->has_value()) << back.status().ToString();
  EXPECT_EQ((*back)->source_record_id, r.source_record_id);
  EXPECT_EQ((*back)->raw, r.raw);
  EXPECT_EQ((*back)->field(CanonicalField::kSurname1), r.field(CanonicalField::kSurname1));
  EXPECT_EQ((*back)->field(CanonicalField::kGivenNames), "José");
  EXPECT_EQ((*back)->notes_json, r.notes_json);
  EXPECT_EQ((*back)->batch_id, (*w)->batch_id());
  auto rejected = store->ListRejected(std::nullopt, -1);
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  ASSERT_EQ(rejected->size(), 2u);
  EXPECT_EQ((*rejected)[0].raw, bad.raw);
  EXPECT_EQ((*rejected)[0].reason, bad.reason);
  EXPECT_EQ((*rejected)[0].field, "");
  EXPECT_EQ((*rejected)[0].end_line, 8);
  EXPECT_EQ((*rejected)[1].field, "birth_date");
  EXPECT_EQ(store->ListRejected(std::string("fam"), 1)->size(), 1u);
  EXPECT_TRUE(store->ListRejected(std::string("other"), 10)->empty());
  auto batch = store->GetBatch((*w)->batch_id());
  ASSERT_TRUE(batch.ok() && batch->has_value());
  EXPECT_EQ((*batch)->first_record_id, 1);
  EXPECT_EQ((*batch)->last_record_id, 1);
  EXPECT_EQ((*batch)->received_date, "");
  EXPECT_EQ((*batch)->imported_at, "2025-03-15T21:30:00Z");
  EXPECT_TRUE(store->CheckIntegrity().ok());
}

// Batches of one store take consecutive id ranges, one after another, and filters by
// source or batch read exactly their records.
TEST_P(StoreBackendsTest, BatchesTakeConsecutiveIdRanges) {
  auto store = Open();
  for (const char* sha : {"a", "b", "c"}) {
    auto w = store->BeginBatch(Source(sha[0] == 'b' ? "other" : "fam"), Batch(sha));
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int i = 0; i < 4; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
    ASSERT_TRUE((*w)->Commit(Batch(sha)).ok());
  }
  auto batches = store->ListBatches(std::string("fam"));
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].first_record_id, 1);
  EXPECT_EQ((*batches)[0].last_record_id, 4);
  EXPECT_EQ((*batches)[1].first_record_id, 9);
  EXPECT_EQ((*batches)[1].last_record_id, 12);
  RecordFilter by_batch;
  by_batch.batch_id = (*batches)[1].id;
  std::vector<int64_t> ids;
  ASSERT_TRUE(store->ForEachRecord(by_batch, [&](const RecordData& r) {
                     ids.push_back(r.id);
                     return ids.size() < 3;  // stops early
                   }).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{9, 10, 11}));
  RecordFilter by_source;
  by_source.source = "fam";
  EXPECT_EQ(*store->CountRecords(by_source), 8);
  auto sources = store->ListSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].name, "fam");  // by name
  EXPECT_EQ((*sources)[0].batch_count, 2);
  EXPECT_EQ((*sources)[1].name, "other");
  EXPECT_EQ((*sources)[1].batch_count, 1);
}

TEST_P(StoreBackendsTest, AWithdrawnDecisionLeavesTheListOnce) {
  auto store = Open();
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  auto first = store->AddDecision({0, 1, 2, ReviewDecision::kSame, "same cédula", "ana", ""});
  auto second = store->AddDecision({0, 2, 3, ReviewDecision::kDistinct, "mother", "ana", ""});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(store->WithdrawDecision(*first, "bea").ok());
  auto left = store->ListDecisions();
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().id, *second);
  EXPECT_EQ(store->WithdrawDecision(*first, "bea").code(), StatusCode::kNotFound);
  EXPECT_EQ(store->WithdrawDecision(*second + 10, "bea").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace habeas
