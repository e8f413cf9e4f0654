// The PostgreSQL ledger's append API (pg_ledger.h): the same entries as SQLite's for the
// same rows, numbered without gaps in commit order under concurrent writers.
#include "store/pg_ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <optional>
#include <thread>
#include <vector>

#include "habeas/store.h"
#include "store/sqlite_ledger.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

constexpr char kNow[] = "2026-12-07T05:00:00Z";

// The same rows written by hand into a SQLite store and a PostgreSQL store.
constexpr char kRows[] =
    "INSERT INTO users (id, name, role, password_hash, created_at, updated_at) VALUES "
    "(7, 'ana', 'reviewer', '$argon2id$x', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z');"
    "INSERT INTO settings (key, value) VALUES ('public_fields', '[\"name\"]');"
    "INSERT INTO link_models (version, created_at, model) VALUES (3, '2026-12-02T00:00:00Z', "
    "'{\"m\":0.9}');";

class PgLedgerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(pg_, TestBackend::kPostgres);
    sqlite_.emplace(TestBackend::kSqlite);
    ASSERT_TRUE(OpenStore(pg_->db()).ok());
    ASSERT_TRUE(OpenStore(sqlite_->db()).ok());
    auto conn = store::PgConnection::Connect(pg_->db());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_.emplace(std::move(conn).value());
    ASSERT_EQ(sqlite3_open(sqlite_->db().c_str(), &db_), SQLITE_OK);
  }
  void TearDown() override {
    if (db_ != nullptr) sqlite3_close(db_);
  }

  // Entry bodies of the PostgreSQL store, by seq.
  std::vector<std::string> PgBodies() {
    auto r = conn_->Query("SELECT seq, body FROM ledger_entries ORDER BY seq");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> out;
    for (int i = 0; r.ok() && i < r->rows(); ++i) {
      EXPECT_EQ(r->Int(i, 0), i + 1);
      out.push_back(r->Bytes(i, 1));
    }
    return out;
  }
  std::vector<std::string> SqliteBodies() {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(
        sqlite3_prepare_v2(db_, "SELECT body FROM ledger_entries ORDER BY seq", -1, &s, nullptr),
        SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(s) == SQLITE_ROW) {
      out.emplace_back(static_cast<const char*>(sqlite3_column_blob(s, 0)),
                       static_cast<size_t>(sqlite3_column_bytes(s, 0)));
    }
    sqlite3_finalize(s);
    return out;
  }

  std::optional<TestStoreLocation> pg_, sqlite_;
  std::optional<store::PgConnection> conn_;
  sqlite3* db_ = nullptr;
};

TEST_F(PgLedgerApiTest, TheSameRowsGiveTheSameEntriesAsOnSqlite) {
  ASSERT_TRUE(conn_->Exec(std::string("BEGIN;") + kRows).ok());
  ASSERT_TRUE(store::AppendStateEntry(*conn_, "users", "7", kNow).ok());
  ASSERT_TRUE(store::AppendStateEntry(*conn_, "settings", "public_fields", kNow).ok());
  ASSERT_TRUE(store::AppendRowEntry(*conn_, "link_models", 3, kNow).ok());
  ASSERT_TRUE(conn_->Exec("DELETE FROM users WHERE id = 7").ok());
  ASSERT_TRUE(store::AppendStateEntry(*conn_, "users", "7", kNow).ok());
  ASSERT_TRUE(conn_->Exec("COMMIT").ok());

  ASSERT_EQ(sqlite3_exec(db_, (std::string("BEGIN;") + kRows).c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_TRUE(store::AppendStateEntry(db_, "users", "7", kNow).ok());
  ASSERT_TRUE(store::AppendStateEntry(db_, "settings", "public_fields", kNow).ok());
  ASSERT_TRUE(store::AppendRowEntry(db_, "link_models", 3, kNow).ok());
  ASSERT_EQ(sqlite3_exec(db_, "DELETE FROM users WHERE id = 7; COMMIT", nullptr, nullptr, nullptr),
            SQLITE_OK);
  ASSERT_TRUE(store::AppendStateEntry(db_, "users", "7", kNow).ok());

  const std::vector<std::string> pg = PgBodies();
  ASSERT_EQ(pg.size(), 4u);
  EXPECT_EQ(pg, SqliteBodies());
  auto first = ledger::Entry::Parse(pg[0]);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->kind, ledger::EntryKind::kState);
  EXPECT_EQ(first->key, "7");
  EXPECT_FALSE(first->deleted);
  auto last = ledger::Entry::Parse(pg[3]);
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(last->deleted);
  // Filed as on SQLite: a state entry under kind 'row', its integer key as subject.
  auto filed =
      conn_->Query("SELECT kind, subject_table, subject_id FROM ledger_entries WHERE seq = 1");
  ASSERT_TRUE(filed.ok());
  EXPECT_EQ(filed->Text(0, 0), "row");
  EXPECT_EQ(filed->Text(0, 1), "users");
  EXPECT_EQ(filed->Text(0, 2), "7");
}

TEST_F(PgLedgerApiTest, OnlyLoggedTablesAreAccepted) {
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  EXPECT_EQ(store::AppendRowEntry(*conn_, "review_pairs", 1, kNow).code(), StatusCode::kInternal);
  EXPECT_EQ(store::AppendStateEntry(*conn_, "link_models", "1", kNow).code(),
            StatusCode::kInternal);
  // A row entry logs a row that exists.
  EXPECT_EQ(store::AppendRowEntry(*conn_, "link_models", 99, kNow).code(), StatusCode::kNotFound);
  ASSERT_TRUE(conn_->Exec("ROLLBACK").ok());
}

TEST_F(PgLedgerApiTest, AnEntryRolledBackWithItsWriteLeavesNoGap) {
  ASSERT_TRUE(conn_->Exec(std::string("BEGIN;") + kRows).ok());
  ASSERT_TRUE(store::AppendRowEntry(*conn_, "link_models", 3, kNow).ok());
  ASSERT_TRUE(conn_->Exec("ROLLBACK").ok());
  ASSERT_TRUE(conn_->Exec(std::string("BEGIN;") + kRows).ok());
  ASSERT_TRUE(store::AppendRowEntry(*conn_, "link_models", 3, kNow).ok());
  ASSERT_TRUE(conn_->Exec("COMMIT").ok());
  EXPECT_EQ(PgBodies().size(), 1u);  // numbered 1 (PgBodies checks)
}

// Writers in several connections (as several processes would be) append at once: the
// ledger lock gives every entry the next number, with no gap and no duplicate.
TEST_F(PgLedgerApiTest, ConcurrentWritersGetConsecutiveEntries) {
  constexpr int kWriters = 4, kEach = 25;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto conn = store::PgConnection::Connect(pg_->db());
      if (!conn.ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        const std::string key = "w" + std::to_string(w) + "_" + std::to_string(i);
        Status s =
            conn->Exec("BEGIN; INSERT INTO settings (key, value) VALUES ('" + key + "', 'x')");
        if (s.ok()) s = store::AppendStateEntry(*conn, "settings", key, kNow);
        if (s.ok()) s = conn->Exec("COMMIT");
        if (!s.ok()) ++failures;
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(PgBodies().size(), static_cast<size_t>(kWriters * kEach));
}

}  // namespace
}  // namespace habeas
