// What only the PostgreSQL store does (pg_store.cc, pg_linkage.cc, pg_schema.cc): its
// migrations in step with SQLite's, the parts that answer "not yet", foreign schemas,
// read-only access, concurrent importers, batches and link runs all or nothing.
#include "habeas/store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <optional>
#include <thread>

#include "store/pg_schema.h"
#include "store/pg_util.h"
#include "store/schema.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

TEST(PgSchemaTest, MigrationsAreSqlitesVersionForVersion) {
  const auto sqlite = store::Migrations();
  const auto postgres = store::PgMigrations();
  ASSERT_EQ(postgres.size(), sqlite.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].version, static_cast<int>(i) + 1);
  }
}

TEST(OpenStoreTest, TheDbValueNamesTheBackend) {
  EXPECT_EQ(StoreBackendOf("habeas.db"), StoreBackend::kSqlite);
  EXPECT_EQ(StoreBackendOf("/tmp/postgresql://x"), StoreBackend::kSqlite);
  EXPECT_EQ(StoreBackendOf("postgresql:///habeas?host=/tmp"), StoreBackend::kPostgres);
  EXPECT_EQ(StoreBackendOf("postgres://u@db.example/habeas"), StoreBackend::kPostgres);
}

TEST(OpenStoreTest, MessagesNeverShowThePassword) {
  EXPECT_EQ(RedactedStoreUrl("postgresql://ana:s3cret@db:5432/habeas"),
            "postgresql://ana:***@db:5432/habeas");
  EXPECT_EQ(RedactedStoreUrl("postgresql:///habeas?user=ana&password=s3cret&port=5"),
            "postgresql:///habeas?user=ana&password=***&port=5");
  EXPECT_EQ(RedactedStoreUrl("postgresql://ana@db/habeas"), "postgresql://ana@db/habeas");
  // An unreachable server is kUnavailable, and its message keeps the secret out too.
  auto store = OpenStore("postgresql://ana:s3cret@127.0.0.1:1/habeas?connect_timeout=2");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message().find("s3cret"), std::string::npos) << store.status().message();
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { HABEAS_SETUP_TEST_BACKEND(location_, TestBackend::kPostgres); }

  std::unique_ptr<Store> Open(StoreAccess access = StoreAccess::kReadWrite) {
    SqliteOptions o;
    o.access = access;
    auto s = OpenStore(location_->db(), o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  static SourceInfo Source(std::string name) {
    SourceInfo s;
    s.name = std::move(name);
    s.kind = SourceKind::kNgo;
    return s;
  }
  static BatchInfo Batch(std::string sha) {
    BatchInfo b;
    b.file_name = "f.csv";
    b.file_sha256 = std::move(sha);
    b.format = "csv";
    b.encoding = "utf-8";
    b.header_json = "[]";
    return b;
  }
  static RecordData Record(int i) {
    RecordData r;
    r.source_record_id = std::to_string(i);
    r.line = r.end_line = i + 1;
    r.raw = "row " + std::to_string(i);
    return r;
  }

  std::optional<TestStoreLocation> location_;
};

TEST_F(PgStoreTest, CreatesTheLatestSchema) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), store::Migrations().back().version);
  EXPECT_TRUE(store->Files().empty());  // nothing on this machine's disk to protect
  EXPECT_TRUE(store->CheckIntegrity().ok());
}

// The timeline is read as SQLite's store reads it: here from rows put in behind the
// store's back, since it cannot write them yet.
TEST_F(PgStoreTest, TheTimelineIsReadAsStored) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->ListFacilities()->empty());
  EXPECT_TRUE(store->ListTimelineWrites()->empty());
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE((*w)->AddRecord(Record(1)).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  location_->Tamper(R"sql(
INSERT INTO timeline_writes (id, kind, source, written_at, written_by, facilities, claims, orders)
  VALUES (1, 'entities', 'analyst', '2025-03-16T00:00:00Z', 'ana', 1, 3, 1);
INSERT INTO facilities (id, write_id, name, place, country, operator)
  VALUES (1, 1, 'CECOT', 'Tecoluca', 'SV', 'El Salvador');
INSERT INTO facility_aliases VALUES ('cecot', 'CECOT', 1, 1), ('tecoluca prison', 'Tecoluca prison', 1, 1),
  ('cecot tecoluca', 'CECOT Tecoluca', 1, 1);
INSERT INTO flights (id, write_id, carrier, number, aliases, departure_from, departure_to,
  departure_precision, arrival_precision)
  VALUES (1, 1, 'GlobalX', '6143', '["GXA6143"]', 1742083200, 1742083259, 'minute', 'unknown');
INSERT INTO claims (id, write_id, kind, record_id, person_id, source, valid_from, valid_to,
  precision, recorded_at, confidence, facility) VALUES
  (1, 1, 'book_in', 1, NULL, 'ngo', 1742083200, 1742169599, 'day', '2025-03-16', 0.9, 'CECOT'),
  (2, 1, 'book_in', NULL, 7, 'ngo', NULL, NULL, 'unknown', '2025-03-16', 0.5, 'CECOT'),
  (3, 1, 'transfer', 1, NULL, 'ngo', NULL, NULL, 'day', '2025-03-16', 1, 'CECOT');
INSERT INTO orders (id, write_id, name, text) VALUES (1, 1, 'JGG', 'order JGG {}');
)sql");
  auto facilities = store->ListFacilities();
  ASSERT_TRUE(facilities.ok()) << facilities.status().ToString();
  ASSERT_EQ(facilities->size(), 1u);
  EXPECT_EQ((*facilities)[0].op, "El Salvador");
  EXPECT_EQ((*facilities)[0].aliases, (std::vector<std::string>{"CECOT Tecoluca", "Tecoluca prison"}));
  auto flights = store->ListFlights();
  ASSERT_TRUE(flights.ok()) << flights.status().ToString();
  ASSERT_EQ(flights->size(), 1u);
  EXPECT_EQ((*flights)[0].aliases, (std::vector<std::string>{"GXA6143"}));
  EXPECT_EQ((*flights)[0].departure.earliest, 1742083200);
  EXPECT_FALSE((*flights)[0].arrival.known());
  std::vector<int64_t> ids;
  ClaimFilter of_record;
  of_record.record_ids = {1};
  of_record.person_ids = {7};
  ASSERT_TRUE(store->ForEachClaim(of_record, [&](Claim&& c) {
                     ids.push_back(c.id);
                     return true;
                   }).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3}));
  ids.clear();
  ClaimFilter of_person;
  of_person.person_ids = {7};
  ASSERT_TRUE(store->ForEachClaim(of_person, [&](Claim&& c) {
                     ids.push_back(c.id);
                     EXPECT_EQ(c.confidence, 0.5);
                     EXPECT_FALSE(c.valid.known());
                     return true;
                   }).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{2}));
  ids.clear();
  ClaimFilter transfers;
  transfers.kinds = {ClaimKind::kTransfer, ClaimKind::kRemoval};
  ASSERT_TRUE(store->ForEachClaim(transfers, [&](Claim&& c) {
                     ids.push_back(c.id);
                     return true;
                   }).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{3}));
  auto orders = store->ListOrders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].text, "order JGG {}");
  auto writes = store->ListTimelineWrites();
  ASSERT_TRUE(writes.ok());
  ASSERT_EQ(writes->size(), 1u);
  EXPECT_EQ((*writes)[0].kind, TimelineWriteKind::kEntities);
  EXPECT_EQ((*writes)[0].claims, 3);
  // Claims stay append-only on PostgreSQL too.
  auto conn = store::PgConnection::Connect(location_->db());
  ASSERT_TRUE(conn.ok());
  Status refused = conn->Exec("DELETE FROM claims WHERE id = 3");
  EXPECT_NE(refused.message().find("claims are append-only"), std::string::npos)
      << refused.ToString();
}

TEST_F(PgStoreTest, ASchemaWithOtherTablesIsRefusedUnchanged) {
  location_->Tamper("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x')");
  for (StoreAccess access : {StoreAccess::kReadWrite, StoreAccess::kReadOnly}) {
    SqliteOptions o;
    o.access = access;
    auto store = OpenStore(location_->db(), o);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(store.status().message().find("no Habeas store"), std::string::npos);
  }
  // Nothing was created beside the foreign table.
  location_->Tamper(
      "DO $$ BEGIN IF (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()) "
      "<> 1 THEN RAISE EXCEPTION 'tables were created'; END IF; END $$");
}

TEST_F(PgStoreTest, ASchemaThatDoesNotExistIsNamed) {
  const std::string url = location_->db() + "_missing";
  auto store = OpenStore(url);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(store.status().message().find("no schema of its search_path exists"),
            std::string::npos)
      << store.status().message();
}

TEST_F(PgStoreTest, ReadOnlyNeedsAStoreAndNeverWrites) {
  SqliteOptions o;
  o.access = StoreAccess::kReadOnly;
  auto empty = OpenStore(location_->db(), o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidInput);
  SqliteOptions refuse;
  refuse.create_if_missing = false;
  EXPECT_EQ(OpenStore(location_->db(), refuse).status().code(), StatusCode::kInvalidInput);

  ASSERT_TRUE(Open());  // creates it
  auto reader = Open(StoreAccess::kReadOnly);
  ASSERT_TRUE(reader);
  auto w = reader->BeginBatch(Source("a"), Batch("a"));
  EXPECT_FALSE(w.ok());
  EXPECT_FALSE(reader->SaveModel("{}").ok());
  EXPECT_FALSE(reader->LatestModel()->has_value());
}

// A record the database cannot hold as text (invalid UTF-8) fails the whole batch:
// nothing of it is stored, and the store takes the next batch.
TEST_F(PgStoreTest, ABadRowFailsTheWholeBatch) {
  auto store = Open();
  ASSERT_TRUE(store);
  {
    auto w = store->BeginBatch(Source("a"), Batch("a"));
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->AddRecord(Record(1)).ok());
    RecordData bad = Record(2);
    bad.source_record_id = "\xff\xfe";
    ASSERT_TRUE((*w)->AddRecord(bad).ok());  // streamed: checked by the server at the end
    Status commit = (*w)->Commit(Batch("a"));
    ASSERT_FALSE(commit.ok());
    EXPECT_EQ(commit.code(), StatusCode::kInvalidInput) << commit.ToString();
    EXPECT_FALSE((*w)->Commit(Batch("a")).ok());
  }
  EXPECT_EQ(*store->CountRecords({}), 0);
  EXPECT_FALSE(store->FindSource("a")->has_value());
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_TRUE((*w)->AddRecord(Record(1)).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  EXPECT_EQ(*store->CountRecords({}), 1);
}

// check-store finds what the import path keeps without constraints: a record naming
// another batch or source, or outside its batch's id range.
TEST_F(PgStoreTest, CheckIntegrityFindsRecordsOutsideTheirBatch) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE((*w)->AddRecord(Record(1)).ok());
  ASSERT_TRUE((*w)->AddRecord(Record(2)).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  ASSERT_TRUE(store->CheckIntegrity().ok());
  for (const char* damage : {"UPDATE records SET batch_id = 7 WHERE id = 2",
                             "UPDATE records SET source_id = 7 WHERE id = 2",
                             "UPDATE records SET id = 9 WHERE id = 2"}) {
    location_->Tamper(damage);
    Status s = store->CheckIntegrity();
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << damage;
    EXPECT_NE(s.message().find("records outside their batch"), std::string::npos) << s.message();
    location_->Tamper("DELETE FROM records WHERE id <> 1; INSERT INTO records SELECT 2, "
                      "batch_id, source_id, '2', 3, 3, 'r', '{}', NULL FROM records");
    ASSERT_TRUE(store->CheckIntegrity().ok()) << damage;
  }
}

// Rejected rows kept in memory past their threshold are written in between: a batch
// with many of them keeps them all, in file order, beside its records.
TEST_F(PgStoreTest, ManyRejectedRowsBesideRecords) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE(w.ok());
  const std::string long_reason(4000, 'x');
  constexpr int kRows = 6000;  // 24 MB of reasons: three flushes
  for (int i = 0; i < kRows; ++i) {
    ASSERT_TRUE((*w)->AddRecord(Record(2 * i)).ok());
    RejectedRow bad;
    bad.line = bad.end_line = 2 * i + 2;
    bad.raw = "bad";
    bad.reason = long_reason;
    ASSERT_TRUE((*w)->AddRejected(bad).ok());
  }
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  EXPECT_EQ(*store->CountRecords({}), kRows);
  auto rejected = store->ListRejected(std::nullopt, -1);
  ASSERT_TRUE(rejected.ok());
  ASSERT_EQ(rejected->size(), static_cast<size_t>(kRows));
  EXPECT_EQ(rejected->back().line, 2 * (kRows - 1) + 2);
}

// Two importers at once (two connections): the second waits for the first, and each
// batch's ids are consecutive.
TEST_F(PgStoreTest, ConcurrentImportersTakeTurns) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  auto w1 = first->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE(w1.ok());
  ASSERT_TRUE((*w1)->AddRecord(Record(1)).ok());
  Status second_status = Internal("not run");
  std::thread other([&] {
    auto w2 = second->BeginBatch(Source("b"), Batch("b"));  // waits for the first batch
    if (!w2.ok()) {
      second_status = w2.status();
      return;
    }
    for (int i = 0; i < 3 && second_status.code() == StatusCode::kInternal; ++i) {
      if (Status s = (*w2)->AddRecord(Record(10 + i)); !s.ok()) second_status = s;
    }
    second_status = (*w2)->Commit(Batch("b"));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE((*w1)->AddRecord(Record(2)).ok());
  ASSERT_TRUE((*w1)->Commit(Batch("a")).ok());
  other.join();
  ASSERT_TRUE(second_status.ok()) << second_status.ToString();
  auto a = first->ListBatches(std::string("a"));
  auto b = first->ListBatches(std::string("b"));
  ASSERT_TRUE(a.ok() && b.ok() && a->size() == 1 && b->size() == 1);
  EXPECT_EQ((*a)[0].first_record_id, 1);
  EXPECT_EQ((*a)[0].last_record_id, 2);
  EXPECT_EQ((*b)[0].first_record_id, 3);
  EXPECT_EQ((*b)[0].last_record_id, 5);
}

// Writers of every kind at once, each on its own connection (as separate processes
// are): two importers, a reviewer, a model trainer and a timeline writer. Every write's
// entry is there, numbered 1..n without a gap, and the store verifies.
TEST_F(PgStoreTest, ConcurrentWritersLeaveAGapFreeLedgerThatVerifies) {
  {
    auto setup = Open();
    ASSERT_TRUE(setup);
    auto w = setup->BeginBatch(Source("base"), Batch("base"));
    ASSERT_TRUE(w.ok());
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE((*w)->AddRecord(Record(i)).ok());
    ASSERT_TRUE((*w)->Commit(Batch("base")).ok());
  }
  constexpr int kEach = 6;
  std::atomic<int> failures{0};
  auto writer = [&](const std::function<Status(Store&, int)>& write) {
    return std::thread([&, write] {
      auto store = Open();
      if (!store) return (void)++failures;
      for (int i = 0; i < kEach; ++i) {
        if (!write(*store, i).ok()) ++failures;
      }
    });
  };
  auto import = [](std::string name) {
    return [name](Store& store, int i) -> Status {
      const std::string sha = name + std::to_string(i);
      HABEAS_ASSIGN_OR_RETURN(auto w, store.BeginBatch(Source(name), Batch(sha)));
      for (int r = 0; r < 50; ++r) HABEAS_RETURN_IF_ERROR(w->AddRecord(Record(r)));
      return w->Commit(Batch(sha));
    };
  };
  std::vector<std::thread> threads;
  threads.push_back(writer(import("a")));
  threads.push_back(writer(import("b")));
  threads.push_back(writer([](Store& store, int i) -> Status {
    LinkDecision d;
    d.record_a = 1;
    d.record_b = 2 + i % 3;
    d.decided_by = "ana";
    return store.AddDecision(d).status();
  }));
  threads.push_back(writer([](Store& store, int i) -> Status {
    return store.SaveModel("{\"m\":" + std::to_string(i) + "}").status();
  }));
  threads.push_back(writer([](Store& store, int i) -> Status {
    TimelineWrite w;
    w.kind = TimelineWriteKind::kHandClaim;
    w.source = "analyst:ana";
    Facility f;
    f.name = "Krome";  // the same facility from every write: found, not created again
    w.facilities = {f};
    Claim c;
    c.kind = ClaimKind::kBookIn;
    c.record_id = 1 + i % 4;
    c.source.source = "analyst:ana";
    c.facility = "Krome";
    w.claims = {c};
    return store.WriteTimeline(w).status();
  }));
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto store = Open();
  ASSERT_TRUE(store);
  auto seqs = store::PgConnection::Connect(location_->db())->Query(
      "SELECT min(seq), max(seq), count(*) FROM ledger_entries");
  ASSERT_TRUE(seqs.ok()) << seqs.status().ToString();
  const int64_t entries = 1 + 5 * kEach;
  EXPECT_EQ(seqs->Text(0, 0), "1");
  EXPECT_EQ(seqs->Text(0, 1), std::to_string(entries));
  EXPECT_EQ(seqs->Text(0, 2), std::to_string(entries));
  Result<LedgerCheck> check = store->CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE(check->problem) << check->problem->message;
  EXPECT_EQ(check->leaves.size(), static_cast<size_t>(entries));
}

// A link run that fails part-way (a merge into a person that does not exist) leaves
// nothing: no person, no assignment, no event.
TEST_F(PgStoreTest, AFailedLinkRunLeavesNothing) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  ASSERT_TRUE((*w)->AddRecord(Record(1)).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  LinkageUpdate u;
  u.created_persons.push_back({1, PersonStatus::kActive, 0, "", "test", 0});
  u.assignments = {{1, 1}};
  u.merged_into = {{1, 99}};
  PersonEvent e;
  e.kind = PersonEventKind::kCreate;
  e.person_ids = {1};
  u.events = {e};
  Status s = store->ApplyLinkage(u);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound) << s.ToString();
  EXPECT_EQ(*store->MaxPersonId(), 0);
  EXPECT_FALSE(store->PersonOfRecord(1)->has_value());
  EXPECT_TRUE(store->ListPersonEvents(std::nullopt)->empty());
  u.merged_into.clear();
  ASSERT_TRUE(store->ApplyLinkage(u).ok());
  EXPECT_EQ(store->PersonOfRecord(1)->value_or(0), 1);
  // check-store finds an assignment naming a person that does not exist.
  ASSERT_TRUE(store->CheckIntegrity().ok());
  location_->Tamper("UPDATE record_persons SET person_id = 5");
  EXPECT_EQ(store->CheckIntegrity().code(), StatusCode::kDataLoss);
}

// Readers on other connections while a link run of 20,000 assignments commits: each
// read sees all of the run or none of it, never part.
TEST_F(PgStoreTest, ReadersNeverSeeHalfALinkRun) {
  auto writer = Open();
  auto reader = Open();
  ASSERT_TRUE(writer && reader);
  constexpr int kRecords = 20000;
  {
    auto w = writer->BeginBatch(Source("a"), Batch("a"));
    for (int i = 1; i <= kRecords; ++i) ASSERT_TRUE((*w)->AddRecord(Record(i)).ok());
    ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  }
  LinkageUpdate u;
  for (int64_t r = 1; r <= kRecords; ++r) {
    u.created_persons.push_back({r, PersonStatus::kActive, 0, "", "test", 0});
    u.assignments.push_back({r, r});
  }
  std::atomic<bool> done{false};
  std::vector<size_t> seen;
  std::thread read([&] {
    while (!done) {
      auto assigned = reader->ListPersonRecords();
      if (!assigned.ok()) return;
      seen.push_back(assigned->size());
    }
  });
  Status applied = writer->ApplyLinkage(u);
  done = true;
  read.join();
  ASSERT_TRUE(applied.ok()) << applied.ToString();
  ASSERT_FALSE(seen.empty());
  for (size_t n : seen) EXPECT_TRUE(n == 0 || n == static_cast<size_t>(kRecords)) << n;
  EXPECT_EQ(reader->ListPersonRecords()->size(), static_cast<size_t>(kRecords));
}

}  // namespace
}  // namespace habeas
