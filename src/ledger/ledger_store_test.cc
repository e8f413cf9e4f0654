#include "habeas/ledger_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>

#include "store/schema.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

// A store built through the Store interface (batches with records and rejected
// rows, a repeated record id, a link run, decisions, models), signed, then changed
// behind the program's back with plain SQL, on SQLite and on PostgreSQL.
struct Tamper {
  std::string name;
  std::string sql;
  std::vector<std::string> expected;  // pieces of the message
  std::string postgres_sql = {};      // when PostgreSQL's dialect needs other SQL
};

class LedgerStoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = std::filesystem::temp_directory_path() /
           ("habeas_ledger_test_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto key = ledger::SigningKey::LoadOrCreate((dir_ / "key").string());
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_ = std::move(key).value();
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
  }
  void TearDown() override {
    location_.reset();
    std::filesystem::remove_all(dir_);
  }

  bool Postgres() const { return GetParam() == TestBackend::kPostgres; }
  // A blob literal of `hex` in the store's dialect.
  std::string Blob(const std::string& hex) const {
    return Postgres() ? "'\\x" + hex + "'::bytea" : "x'" + hex + "'";
  }

  std::unique_ptr<Store> Open() {
    SqliteOptions o;
    o.clock = &clock_;
    auto s = OpenStore(location_->db(), o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  void Sign(Store& store) { ASSERT_TRUE(SignLedgerHead(store, key_, clock_).ok()); }

  void ImportBatch(Store& store, const std::string& sha, int records, bool with_repeat) {
    SourceInfo source;
    source.name = "list-" + sha;
    source.kind = SourceKind::kNgo;
    BatchInfo b;
    b.file_name = sha + ".csv";
    b.file_sha256 = sha;
    b.format = "csv";
    b.encoding = "utf-8";
    b.header_json = "[\"id\",\"name\"]";
    b.mapping_toml = "[source]\n";
    auto w = store.BeginBatch(source, b);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int i = 0; i < records; ++i) {
      RecordData r;
      r.source_record_id = (with_repeat && i == records - 1) ? "r0" : "r" + std::to_string(i);
      r.line = i + 2;
      r.end_line = i + 2;
      r.raw = "r" + std::to_string(i) + ",Jos\xE9 " + sha;
      r.field(CanonicalField::kGivenNames) = "José";
      if (i % 3 == 0) r.notes_json = "[{\"note\":1}]";
      ASSERT_TRUE((*w)->AddRecord(r).ok());
    }
    RejectedRow bad;
    bad.line = records + 2;
    bad.end_line = records + 2;
    bad.raw = "\"unterminated";
    bad.reason = "f.csv: unterminated quote";
    ASSERT_TRUE((*w)->AddRejected(bad).ok());
    auto dups = (*w)->RemoveDuplicateRecordIds({"r0"});
    ASSERT_TRUE(dups.ok());
    for (const auto& d : *dups) {
      RejectedRow rr;
      rr.line = d.record.line;
      rr.end_line = d.record.end_line;
      rr.raw = d.record.raw;
      rr.field = "record_id";
      rr.reason = "repeated";
      ASSERT_TRUE((*w)->AddRejected(rr).ok());
    }
    BatchInfo fin = b;
    fin.rows_read = records + 1;
    fin.rows_imported = records - (with_repeat ? 1 : 0);
    fin.rows_rejected = 1 + (with_repeat ? 1 : 0);
    ASSERT_TRUE((*w)->Commit(fin).ok());
  }

  void Link(Store& store) {
    LinkageUpdate u;
    u.expected_max_person_id = *store.MaxPersonId();
    const int64_t p = u.expected_max_person_id + 1;
    PersonInfo a;
    a.id = p;
    a.created_by = "test";
    u.created_persons = {a};
    u.assignments = {{1, p}, {2, p}};
    u.edges = {{p, 1, 2, 9.5, 0.99, LinkEdgeKind::kModel}};
    PersonEvent e;
    e.kind = PersonEventKind::kCreate;
    e.person_ids = {p};
    e.record_ids = {1, 2};
    e.by = "test";
    u.events = {e};
    ASSERT_TRUE(store.ApplyLinkage(u).ok());
  }

  void Decide(Store& store) {
    LinkDecision d;
    d.record_a = 1;
    d.record_b = 3;
    d.decision = ReviewDecision::kDistinct;
    d.reason = "different mothers";
    d.decided_by = "ana";
    ASSERT_TRUE(store.AddDecision(d).ok());
  }

  // Three batches, a model, a link run, two decisions; a head after each write.
  void BuildSignedStore() {
    auto store = Open();
    ImportBatch(*store, "aa", 6, true);
    Sign(*store);
    ImportBatch(*store, "bb", 5, false);
    Sign(*store);
    ASSERT_TRUE(store->SaveModel("{\"m\":1}").ok());
    Link(*store);
    Sign(*store);
    Decide(*store);
    Sign(*store);
    ImportBatch(*store, "cc", 4, true);
    Decide(*store);
    Sign(*store);
  }

  // One timeline write: a facility with two aliases, a flight, three claims about
  // records 1–3, an order.
  void WriteTimeline(Store& store) {
    TimelineWrite w;
    w.kind = TimelineWriteKind::kClaims;
    w.source = "lawyers";
    w.file_name = "claims.csv";
    w.file_sha256 = "ab12";
    w.by = "test";
    Facility cecot;
    cecot.name = "CECOT";
    cecot.aliases = {"Cecot, Tecoluca", "Centro de Confinamiento del Terrorismo"};
    cecot.country = "SV";
    w.facilities = {cecot};
    Flight flight;
    flight.carrier = "GlobalX";
    flight.number = "6143";
    w.flights = {flight};
    for (int i = 1; i <= 3; ++i) {
      Claim c;
      c.kind = ClaimKind::kBookIn;
      c.record_id = i;
      c.source = {"lawyers", "claims.csv", i + 1, "row " + std::to_string(i)};
      c.facility = "CECOT";
      w.claims.push_back(c);
    }
    StoredOrder order;
    order.name = "tro_1";
    order.text = "order tro_1 ...";
    w.orders = {order};
    auto id = store.WriteTimeline(w);
    ASSERT_TRUE(id.ok()) << id.status().message();
  }

  // Runs `sql` on the store behind the program's back.
  void Sql(const std::string& sql) {
    if (Postgres()) return location_->Tamper(sql);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(location_->db().c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  Result<LedgerReport> Verify() {
    auto store = Open();
    VerifyOptions o;
    o.trusted_public_key = key_.public_key();
    return VerifyLedger(*store, o);
  }

  // Verify fails with data loss, and its message names every piece of `expected`.
  void ExpectCaught(const std::vector<std::string>& expected) {
    Result<LedgerReport> r = Verify();
    ASSERT_FALSE(r.ok()) << "tampering not detected; expected " << expected[0];
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
    for (const std::string& e : expected) {
      EXPECT_NE(r.status().message().find(e), std::string::npos)
          << "message lacks \"" << e << "\": " << r.status().message();
    }
  }

  // Each case on a store built afresh by `build` (a new file, or a new schema; the
  // clock is fixed, so every build is the same store): it verifies, the SQL runs, and
  // verify fails naming what `expected` says.
  void ExpectEachCaught(const std::vector<Tamper>& cases, const std::function<void()>& build) {
    for (const Tamper& t : cases) {
      SCOPED_TRACE(t.name);
      location_.reset();
      location_.emplace(GetParam());
      build();
      ASSERT_TRUE(Verify().ok()) << Verify().status().message();
      Sql(Postgres() && !t.postgres_sql.empty() ? t.postgres_sql : t.sql);
      ExpectCaught(t.expected);
    }
  }

  std::filesystem::path dir_;
  std::optional<TestStoreLocation> location_;
  FixedClock clock_{1742074200000000};
  ledger::SigningKey key_;
};

TEST_P(LedgerStoreTest, AnUntouchedStoreVerifies) {
  BuildSignedStore();
  Result<LedgerReport> r = Verify();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 3 batches + 1 model + 1 linkage + 2 decisions.
  EXPECT_EQ(r->entries, 7);
  EXPECT_EQ(r->heads_checked, 5);
  EXPECT_GE(r->rows_checked, 15);
}

// The review page's undo withdraws a decision: the store still verifies, with one more
// entry, and removing the withdrawal behind the ledger's back is caught.
TEST_P(LedgerStoreTest, AWithdrawnDecisionIsLoggedAndStillVerifies) {
  BuildSignedStore();
  {
    auto store = Open();
    ASSERT_TRUE(store->WithdrawDecision(2, "bea").ok());
  }
  Result<LedgerReport> r = Verify();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 8);
  Sql("DELETE FROM decision_withdrawals");
  Result<LedgerReport> tampered = Verify();
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(tampered.status().message().find("decision_withdrawals"), std::string::npos)
      << tampered.status().message();
}

TEST_P(LedgerStoreTest, EachWriteAddsItsEntryInItsTransaction) {
  auto store = Open();
  EXPECT_EQ(store->LedgerLeafHashes()->size(), 0u);
  ImportBatch(*store, "aa", 3, false);
  EXPECT_EQ(store->LedgerLeafHashes()->size(), 1u);
  // A batch that is not committed leaves neither rows nor an entry.
  {
    SourceInfo s;
    s.name = "x";
    BatchInfo b;
    b.file_sha256 = "zz";
    b.format = "csv";
    auto w = store->BeginBatch(s, b);
    ASSERT_TRUE(w.ok());
    RecordData r;
    r.source_record_id = "1";
    ASSERT_TRUE((*w)->AddRecord(r).ok());
  }
  EXPECT_EQ(store->LedgerLeafHashes()->size(), 1u);
  EXPECT_EQ(*store->CountRecords({}), 3);
  Decide(*store);
  ASSERT_TRUE(store->SaveModel("{}").ok());
  Link(*store);
  EXPECT_EQ(store->LedgerLeafHashes()->size(), 4u);
  // A link run that fails (stale person count) adds no entry either.
  LinkageUpdate stale;
  stale.expected_max_person_id = 0;
  EXPECT_FALSE(store->ApplyLinkage(stale).ok());
  EXPECT_EQ(store->LedgerLeafHashes()->size(), 4u);
  EXPECT_TRUE(VerifyLedger(*store, {}).ok());
}

TEST_P(LedgerStoreTest, EveryKindOfChangeInEveryEvidenceTableIsCaughtAndNamed) {
  const std::vector<Tamper> cases = {
      // records: update (first, middle, last batch), delete, insert, reorder
      {"update first record", "UPDATE records SET raw = " + Blob("00") + " WHERE id = 1",
       {"entry #1", "records", "row 1"}},
      {"update a parsed field", "UPDATE records SET fields = '{}' WHERE id = 8",
       {"entry #2", "records", "row 8"}},
      {"update last batch's record", "UPDATE records SET line = 99 WHERE id = 13",
       {"entry #6", "records", "row 13"}},
      {"delete a record", "DELETE FROM records WHERE id = 3", {"entry #1", "records", "row 4"},
       // A decision names it: foreign keys off for the session (a superuser's).
       "SET session_replication_role = replica; DELETE FROM records WHERE id = 3"},
      {"insert a record after every batch",
       "INSERT INTO records (id, batch_id, source_id, source_record_id, line, end_line, raw, "
       "fields) VALUES (14, 1, 1, 'x', 9, 9, " + Blob("41") + ", '{}')",
       {"no entry", "records", "row 14", "inserted"}},
      {"reorder two records", "UPDATE records SET raw = CASE id WHEN 7 THEN (SELECT raw FROM "
                              "records WHERE id = 8) ELSE (SELECT raw FROM records WHERE id = 7) "
                              "END WHERE id IN (7, 8)",
       {"entry #2", "records", "row 7"}},
      // rejected rows
      {"update a rejected row", "UPDATE rejected_rows SET reason = 'ok' WHERE id = 1",
       {"entry #1", "rejected_rows", "row 1"}},
      {"delete a rejected row", "DELETE FROM rejected_rows WHERE id = 2",
       {"entry #1", "rejected_rows"}},
      {"insert a rejected row",
       "INSERT INTO rejected_rows (id, batch_id, line, end_line, raw, reason) VALUES (6, 2, 1, 1, " +
           Blob("00") + ", 'x')",
       {"entry #2", "rejected_rows"}},
      // batches and sources
      {"update a batch's file hash", "UPDATE batches SET file_sha256 = 'ff' WHERE id = 2",
       {"entry #2", "batches", "row 2"}},
      {"rename a source", "UPDATE sources SET name = 'other' WHERE id = 1",
       {"entry #1", "batches", "row 1"}},
      {"delete a batch", "PRAGMA foreign_keys = OFF; DELETE FROM batches WHERE id = 3",
       {"entry #6", "batches", "row 3", "deleted"},
       // Its rejected rows name it: foreign keys off for the session (a superuser's).
       "SET session_replication_role = replica; DELETE FROM batches WHERE id = 3"},
      // decisions and models
      {"update a decision", "UPDATE link_decisions SET decision = 'same' WHERE id = 2",
       {"entry #7", "link_decisions", "row 2"}},
      {"delete a decision", "DELETE FROM link_decisions WHERE id = 1",
       {"entry #5", "link_decisions", "row 1", "deleted"}},
      {"insert a decision",
       "INSERT INTO link_decisions (record_a, record_b, decision, reason, decided_by, decided_at) "
       "VALUES (1, 2, 'same', '', 'x', 'now')",
       {"no entry", "link_decisions", "row 3"}},
      {"withdraw a decision behind the ledger's back",
       "INSERT INTO decision_withdrawals (decision_id, withdrawn_by, withdrawn_at) "
       "VALUES (2, 'x', 'now')",
       {"no entry", "decision_withdrawals", "row 1"}},
      {"update a model", "UPDATE link_models SET model = '{}' WHERE version = 1",
       {"entry #3", "link_models", "row 1"}},
      // linkage
      {"update a person event", "UPDATE person_events SET reason = 'x' WHERE id = 1",
       {"entry #4", "person_events", "row 1"}},
      {"insert a person event",
       "INSERT INTO person_events (id, kind, person_ids, record_ids, at, by, reason) VALUES "
       "(2, 'merge', '[1]', '[]', 'now', 'x', '')",
       {"no entry", "person_events", "row 2"}},
      {"move a record to another person", "UPDATE record_persons SET person_id = 2 WHERE record_id = 2",
       {"entry #4", "record_persons"}},
      {"change a person", "UPDATE persons SET status = 'merged' WHERE id = 1",
       {"entry #4", "persons"}},
      {"delete a link edge", "DELETE FROM link_edges", {"entry #4", "link_edges"}},
      // the ledger itself
      {"edit an entry body", "UPDATE ledger_entries SET body = replace(body, 'rejected 2', "
                             "'rejected 3') WHERE seq = 1",
       {"entry #1", "ledger_entries"},
       "UPDATE ledger_entries SET body = convert_to(replace(convert_from(body, 'UTF8'), "
       "'rejected 2', 'rejected 3'), 'UTF8') WHERE seq = 1"},
      {"edit an entry body and its leaf hash",
       "UPDATE ledger_entries SET body = CAST(replace(CAST(body AS TEXT), 'rejected 2', "
       "'rejected 3') AS BLOB) WHERE seq = 1; UPDATE ledger_entries SET leaf_hash = (SELECT "
       "leaf_hash FROM ledger_entries WHERE seq = 2) WHERE seq = 1",
       {"entry #1"},
       "UPDATE ledger_entries SET body = convert_to(replace(convert_from(body, 'UTF8'), "
       "'rejected 2', 'rejected 3'), 'UTF8') WHERE seq = 1; UPDATE ledger_entries SET "
       "leaf_hash = (SELECT leaf_hash FROM ledger_entries WHERE seq = 2) WHERE seq = 1"},
      {"delete an entry", "DELETE FROM ledger_entries WHERE seq = 3", {"entry #3", "missing"}},
      {"reorder two entries",
       "UPDATE ledger_entries SET seq = -5 WHERE seq = 5; UPDATE ledger_entries SET seq = 5 WHERE "
       "seq = 7; UPDATE ledger_entries SET seq = 7 WHERE seq = -5",
       {"first bad entry is #5", "reordered"}},
      {"truncate the log and the writes it covered",
       "DELETE FROM ledger_entries WHERE seq = 7; DELETE FROM link_decisions WHERE id = 2",
       {"truncated", "#7"}},
      {"forge a head", "UPDATE ledger_heads SET size = 6 WHERE id = 5", {"signature"}},
  };
  ExpectEachCaught(cases, [&] { BuildSignedStore(); });
}

// A timeline write (facilities with aliases, a flight, claims, an order) is one entry
// over its timeline_writes row and the rows it brought; each kind of change to them is
// caught and named. The claims and orders tables refuse updates and deletes by trigger:
// a tamperer drops the trigger first.
TEST_P(LedgerStoreTest, TimelineWritesAreLoggedAndEveryRowTheyBroughtIsChecked) {
  const std::vector<Tamper> cases = {
      {"edit a claim",
       "DROP TRIGGER claims_are_append_only_u; UPDATE claims SET facility = 'Bluebonnet' WHERE "
       "id = 2",
       {"entry #2", "timeline_writes row 1", "claims row 2"},
       "DROP TRIGGER claims_are_append_only_u ON claims; UPDATE claims SET facility = "
       "'Bluebonnet' WHERE id = 2"},
      {"delete a claim", "DROP TRIGGER claims_are_append_only_d; DELETE FROM claims WHERE id = 3",
       {"entry #2", "timeline_writes row 1", "a row before it was deleted"},
       "DROP TRIGGER claims_are_append_only_d ON claims; DELETE FROM claims WHERE id = 3"},
      {"insert a claim into the write",
       "INSERT INTO claims (write_id, kind, record_id, source, precision, recorded_at, "
       "confidence) VALUES (1, 'book_in', 1, 'x', 'unknown', 'now', 1)",
       {"entry #2", "timeline_writes row 1"}},
      {"rename a facility", "UPDATE facilities SET name = 'Other' WHERE id = 1",
       {"entry #2", "facilities row 1"}},
      {"add an alias", "INSERT INTO facility_aliases VALUES ('x y', 'X Y', 1, 1)",
       {"entry #2", "timeline_writes row 1"}},
      {"change a flight", "UPDATE flights SET number = '6145'", {"entry #2", "flights row 1"}},
      {"edit an order", "DROP TRIGGER orders_are_append_only_u; UPDATE orders SET text = 'x'",
       {"entry #2", "orders row 1"},
       "DROP TRIGGER orders_are_append_only_u ON orders; UPDATE orders SET text = 'x'"},
      {"edit the write's own row", "UPDATE timeline_writes SET written_by = 'someone else'",
       {"entry #2", "timeline_writes row 1", "changed"}},
      {"a write behind the ledger's back",
       "INSERT INTO timeline_writes (kind, source, written_at, written_by) VALUES ('claims', "
       "'x', 'now', 'x')",
       {"no entry", "timeline_writes", "row 2"}},
  };
  ExpectEachCaught(cases, [&] {
    auto store = Open();
    ImportBatch(*store, "aa", 4, false);
    WriteTimeline(*store);
    Sign(*store);
  });
}

TEST_P(LedgerStoreTest, RollbackOfTheWholeStoreIsCaughtOnlyAgainstAHeadKeptElsewhere) {
  BuildSignedStore();
  const std::string old_copy = (dir_ / "old.db").string();
  {
    auto store = Open();
    ImportBatch(*store, "dd", 3, false);
  }
  // The head exported after the newest write, kept outside the store.
  ledger::SignedHead outside;
  {
    auto store = Open();
    auto head = SignLedgerHead(*store, key_, clock_);
    ASSERT_TRUE(head.ok());
    outside = *head;
  }
  // Roll back: drop the newest batch, its entry and the heads that covered it.
  Sql("DELETE FROM records WHERE batch_id = 4; DELETE FROM rejected_rows WHERE batch_id = 4; "
      "DELETE FROM batches WHERE id = 4; DELETE FROM ledger_entries WHERE seq = 8; "
      "DELETE FROM ledger_heads WHERE size = 8");
  EXPECT_TRUE(Verify().ok());
  auto store = Open();
  VerifyOptions o;
  o.against = outside;
  Result<LedgerReport> r = VerifyLedger(*store, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << r.status().message();
}

// SQLite's migrations, which brought stores written before the ledger under it.
class SqliteLedgerStoreTest : public LedgerStoreTest {};

// DROP TABLE statements for every table the migrations after `version` create (their
// indexes and triggers go with them).
std::string DropEverySchemaAfter(int version) {
  std::string sql;
  const std::regex create(R"(CREATE\s+TABLE\s+(\w+))");
  for (const store::Migration& m : store::Migrations()) {
    if (m.version <= version) continue;
    const std::string text(m.sql);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), create);
         it != std::sregex_iterator(); ++it) {
      sql = "DROP TABLE " + (*it)[1].str() + "; " + sql;  // dependents first
    }
  }
  return sql;
}

TEST_P(SqliteLedgerStoreTest, AStoreWrittenBeforeTheLedgerIsBroughtUnderItOnUpgrade) {
  BuildSignedStore();
  // Back to schema version 2: no ledger tables, nor any table of a later migration.
  Sql(DropEverySchemaAfter(2) + "DELETE FROM schema_migrations WHERE version > 2; "
      "PRAGMA user_version = 2");
  auto store = Open();
  EXPECT_EQ(store->schema_version(), static_cast<int>(store::Migrations().size()));
  Result<LedgerReport> r = VerifyLedger(*store, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // One entry per batch, decision and model, and one for the linkage.
  EXPECT_EQ(r->entries, 3 + 2 + 1 + 1);
  Sql("UPDATE records SET raw = x'00' WHERE id = 9");
  store = Open();
  EXPECT_EQ(VerifyLedger(*store, {}).status().code(), StatusCode::kDataLoss);
}

// A store with timeline writes made before they were logged (schema 6): migration 7
// appends one entry per write, and verify checks their rows from then on.
TEST_P(SqliteLedgerStoreTest, TimelineWritesMadeBeforeTheyWereLoggedAreBroughtUnderTheLedger) {
  {
    auto store = Open();
    ImportBatch(*store, "aa", 4, false);
    WriteTimeline(*store);
  }
  Sql("DELETE FROM ledger_entries WHERE seq = 2; DELETE FROM ledger_heads; "
      "DROP INDEX facilities_by_write; DROP INDEX facility_aliases_by_write; "
      "DROP INDEX flights_by_write; DROP INDEX claims_by_write; DROP INDEX orders_by_write; "
      "DROP TRIGGER audit_log_is_append_only_u; DROP TRIGGER audit_log_is_append_only_d; "
      "DROP INDEX api_tokens_by_user; "
      "DELETE FROM schema_migrations WHERE version >= 7; PRAGMA user_version = 6");
  {
    auto store = Open();
    Result<LedgerReport> before = VerifyLedger(*store, {});
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    EXPECT_EQ(before->entries, 2);  // the batch, and the write logged on upgrade
  }
  Sql("DROP TRIGGER claims_are_append_only_u; UPDATE claims SET facility = 'x' WHERE id = 1");
  auto store = Open();
  Result<LedgerReport> after = VerifyLedger(*store, {});
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("claims row 1"), std::string::npos)
      << after.status().message();
}

TEST_P(LedgerStoreTest, ARecordProofChecksOnItsOwnAndFailsWhenAltered) {
  BuildSignedStore();
  auto store = Open();
  Result<std::string> proof = ProveRecord(*store, 8, ProofHead::kNewest);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  Result<ledger::ProofCheck> check = ledger::VerifyRecordProofJson(*proof, key_.public_key());
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(check->table, "records");
  EXPECT_EQ(check->row_id, 8);
  ASSERT_NE(proof->find("\"source_record_id\":\"r2\""), std::string::npos) << *proof;
  const std::string altered_raw = std::string(*proof).replace(
      proof->find("\"source_record_id\":\"r2\""), 23, "\"source_record_id\":\"r9\"");
  EXPECT_FALSE(ledger::VerifyRecordProofJson(altered_raw, key_.public_key()).ok());
  std::string altered_body = *proof;
  altered_body.replace(altered_body.find("rejected 1"), 10, "rejected 2");
  EXPECT_FALSE(ledger::VerifyRecordProofJson(altered_body, key_.public_key()).ok());
  auto other = ledger::SigningKey::LoadOrCreate((dir_ / "other-key").string());
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(ledger::VerifyRecordProofJson(*proof, other->public_key()).ok());
  // A record changed since it was logged gets no proof.
  Sql("UPDATE records SET fields = '{}' WHERE id = 8");
  store = Open();
  EXPECT_EQ(ProveRecord(*store, 8, ProofHead::kNewest).status().code(), StatusCode::kDataLoss);
}

// A version 1 proof of the same record (as `prove record` wrote them before v2): still
// checked, and still refused when altered.
TEST_P(LedgerStoreTest, AVersionOneProofStillChecks) {
  BuildSignedStore();
  auto store = Open();
  Result<RecordProofParts> parts = store->ProveRecordParts(8);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ledger::RecordProof proof = parts->proof;
  std::vector<ledger::Hash> leaves = *store->LedgerLeafHashes();
  proof.head = store->ListSignedHeads()->back();
  proof.entry_path = ledger::InclusionPath(leaves, proof.entry_index, proof.head.size);
  const std::string v1 = ledger::RecordProofToJsonV1(proof);
  ASSERT_NE(v1.find("\"format\":\"habeas-record-proof-v1\""), std::string::npos) << v1;
  ASSERT_NE(v1.find("\"encoding\":"), std::string::npos) << v1;
  Result<ledger::ProofCheck> check = ledger::VerifyRecordProofJson(v1, key_.public_key());
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_EQ(check->row_id, 8);
  std::string altered = v1;
  altered.replace(altered.find("\"source_record_id\":\"r2\""), 23, "\"source_record_id\":\"r9\"");
  EXPECT_EQ(ledger::VerifyRecordProofJson(altered, key_.public_key()).status().code(),
            StatusCode::kDataLoss);
  // The v2 document of the same record is smaller: no encoding, paths as one string.
  Result<std::string> v2 = ProveRecord(*store, 8, ProofHead::kNewest);
  ASSERT_TRUE(v2.ok());
  EXPECT_LT(v2->size(), v1.size());
}

// v2 rebuilds the encoding from the values shown: relabelled columns, a value of
// another type, a path cut short, an unknown format each fail.
TEST_P(LedgerStoreTest, AVersionTwoProofRefusesWhatItDoesNotEncode) {
  BuildSignedStore();
  auto store = Open();
  Result<std::string> proof = ProveRecord(*store, 8, ProofHead::kNewest);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  ASSERT_NE(proof->find("\"format\":\"habeas-record-proof-v2\""), std::string::npos) << *proof;
  ASSERT_EQ(proof->find("\"encoding\":"), std::string::npos) << *proof;
  ASSERT_TRUE(ledger::VerifyRecordProofJson(*proof, key_.public_key()).ok());
  auto fails = [&](std::string from, std::string to) {
    std::string altered = *proof;
    const size_t at = altered.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    altered.replace(at, from.size(), to);
    EXPECT_FALSE(ledger::VerifyRecordProofJson(altered, key_.public_key()).ok()) << to;
  };
  fails("\"line\":", "\"end_line\":");        // a column relabelled
  fails("\"id\":8,", "\"id\":\"8\",");        // an integer shown as text
  fails("\"notes\":null", "\"notes\":\"\"");  // NULL shown as empty text
  fails("\"raw\":{\"base64\":", "\"raw\":{\"base65\":");
  fails("habeas-record-proof-v2", "habeas-record-proof-v3");
  const size_t path = proof->find("\"path\":\"") + 8;
  fails(proof->substr(path, 44), "");  // the first hash of the row path gone
}

// The earliest head covering record 8's entry (#2) is the one signed after its import
// (size 2); the newest covers all 7 entries. Both check; a head that does not match the
// log is passed over.
TEST_P(LedgerStoreTest, AProofIsMadeAgainstTheEarliestOrTheNewestHeadThatCoversTheRecord) {
  BuildSignedStore();
  auto head_size = [&](ProofHead which) -> int64_t {
    auto store = Open();
    Result<std::string> proof = ProveRecord(*store, 8, which);
    EXPECT_TRUE(proof.ok()) << proof.status().ToString();
    if (!proof.ok()) return -1;
    Result<ledger::ProofCheck> check = ledger::VerifyRecordProofJson(*proof, key_.public_key());
    EXPECT_TRUE(check.ok()) << check.status().ToString();
    return check.ok() ? static_cast<int64_t>(check->head_size) : -1;
  };
  EXPECT_EQ(head_size(ProofHead::kEarliest), 2);
  EXPECT_EQ(head_size(ProofHead::kNewest), 7);
  Sql("UPDATE ledger_heads SET root = " + Blob(std::string(64, '0')) + " WHERE size = 2");
  EXPECT_EQ(head_size(ProofHead::kEarliest), 4);
  Sql("DELETE FROM ledger_heads WHERE size > 1");
  auto store = Open();
  EXPECT_EQ(ProveRecord(*store, 8, ProofHead::kEarliest).status().code(), StatusCode::kNotFound);
}

// PostgreSQL stores wrote without logging until schema version 10: its migration brings
// what a store holds under the ledger (one entry per batch, decision, model, withdrawal
// and timeline write, one for the linkage), and verify checks it from then on.
class PostgresLedgerStoreTest : public LedgerStoreTest {};

TEST_P(PostgresLedgerStoreTest, AStoreWrittenBeforeItsLedgerIsBroughtUnderItByMigration10) {
  BuildSignedStore();
  {
    auto store = Open();
    ASSERT_TRUE(store->WithdrawDecision(2, "bea").ok());
    WriteTimeline(*store);
  }
  // As a version 9 store was: every row, no entry, no head.
  Sql("DELETE FROM ledger_entries; DELETE FROM ledger_heads; "
      "DELETE FROM schema_migrations WHERE version >= 10");
  auto store = Open();
  EXPECT_EQ(store->schema_version(), 10);
  Result<LedgerReport> r = VerifyLedger(*store, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 3 batches, 2 decisions, 1 model, the linkage, 1 withdrawal, 1 timeline write.
  EXPECT_EQ(r->entries, 3 + 2 + 1 + 1 + 1 + 1);
  Sign(*store);
  Sql("UPDATE records SET raw = " + Blob("00") + " WHERE id = 9");
  ExpectCaught({"entry #2", "records", "row 9"});
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerStoreTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);
INSTANTIATE_TEST_SUITE_P(Backends, SqliteLedgerStoreTest, ::testing::Values(TestBackend::kSqlite),
                         TestBackendName);
INSTANTIATE_TEST_SUITE_P(Backends, PostgresLedgerStoreTest,
                         ::testing::Values(TestBackend::kPostgres), TestBackendName);

}  // namespace
}  // namespace habeas
