#include "store/sqlite_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace habeas::store {
namespace {

class SqliteUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(Exec(db_, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB, "
                          "n INTEGER NOT NULL DEFAULT 0)")
                    .ok());
  }
  void TearDown() override { sqlite3_close(db_); }
  sqlite3* db_ = nullptr;
};

TEST(SqliteError, MapsResultCodesToStatusCodes) {
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CONSTRAINT, "x").code(), StatusCode::kConflict);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CONSTRAINT_UNIQUE, "x").code(), StatusCode::kConflict);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_LOCKED, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CORRUPT, "x").code(), StatusCode::kDataLoss);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_NOTADB, "x").code(), StatusCode::kDataLoss);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_IOERR_WRITE, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_FULL, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_CANTOPEN, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_READONLY, "x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_PERM, "x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_MISUSE, "x").code(), StatusCode::kInternal);
}

TEST(SqliteError, SaysWhatWasBeingDoneAndWhy) {
  const Status busy = SqliteError(nullptr, SQLITE_BUSY, "storing a record");
  EXPECT_EQ(busy.message(),
            "storing a record: database is locked (the store is in use by another process)");
  EXPECT_EQ(SqliteError(nullptr, SQLITE_FULL, "committing").message(),
            "committing: database or disk is full");
}

TEST_F(SqliteUtilTest, BoundValuesReadBackExactly) {
  auto ins = Statement::Prepare(db_, "INSERT INTO t (id, name, data, n) VALUES (?1, ?2, ?3, ?4)");
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  const std::string with_nul("a\0b", 3);
  ins->BindInt(1, 1);
  ins->BindText(2, "José");
  ins->BindBlob(3, with_nul);
  ins->BindInt(4, -9000000000LL);
  ASSERT_EQ(ins->Step(), SQLITE_DONE);
  ins->Reset();
  ins->BindInt(1, 2);
  ins->BindText(2, "", /*null_if_empty=*/true);
  ins->BindNull(3);
  ins->BindInt(4, 0);
  ASSERT_EQ(ins->Step(), SQLITE_DONE);

  auto sel = Statement::Prepare(db_, "SELECT name, data, n FROM t ORDER BY id");
  ASSERT_TRUE(sel.ok());
  ASSERT_EQ(sel->Step(), SQLITE_ROW);
  EXPECT_EQ(sel->ColumnText(0), "José");
  EXPECT_EQ(sel->ColumnBlob(1), with_nul);
  EXPECT_EQ(sel->ColumnInt(2), -9000000000LL);
  EXPECT_FALSE(sel->ColumnIsNull(0));
  ASSERT_EQ(sel->Step(), SQLITE_ROW);
  EXPECT_TRUE(sel->ColumnIsNull(0));  // empty text bound as NULL
  EXPECT_EQ(sel->ColumnText(0), "");
  EXPECT_TRUE(sel->ColumnIsNull(1));
  EXPECT_EQ(sel->ColumnBlob(1), "");
  EXPECT_EQ(sel->Step(), SQLITE_DONE);
}

TEST_F(SqliteUtilTest, ResetClearsBindingsUnlessRebinding) {
  auto ins = Statement::Prepare(db_, "INSERT INTO t (id, name) VALUES (?1, ?2)");
  ASSERT_TRUE(ins.ok());
  ins->BindInt(1, 1);
  ins->BindText(2, "kept");
  ASSERT_EQ(ins->Step(), SQLITE_DONE);
  ins->ResetForRebind();
  ins->BindInt(1, 2);  // ?2 keeps "kept"
  ASSERT_EQ(ins->Step(), SQLITE_DONE);
  ins->Reset();
  ins->BindInt(1, 3);  // ?2 cleared: NULL
  ASSERT_EQ(ins->Step(), SQLITE_DONE);
  auto sel = Statement::Prepare(db_, "SELECT name FROM t ORDER BY id");
  ASSERT_TRUE(sel.ok());
  std::vector<std::string> names;
  while (sel->Step() == SQLITE_ROW) names.push_back(sel->ColumnIsNull(0) ? "NULL" : sel->ColumnText(0));
  EXPECT_EQ(names, (std::vector<std::string>{"kept", "kept", "NULL"}));
}

TEST_F(SqliteUtilTest, ErrorsAreStatuses) {
  auto bad = Statement::Prepare(db_, "SELEC name FROM t");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInternal);
  EXPECT_EQ(bad.status().message().rfind("preparing SQL: ", 0), 0u) << bad.status().message();
  ASSERT_TRUE(Exec(db_, "INSERT INTO t (id) VALUES (1)").ok());
  const Status duplicate = Exec(db_, "INSERT INTO t (id) VALUES (1)");
  EXPECT_EQ(duplicate.code(), StatusCode::kConflict);
  EXPECT_NE(duplicate.message().find("UNIQUE constraint failed"), std::string::npos);
  EXPECT_EQ(Exec(db_, "INSERT INTO t (id, n) VALUES (2, NULL)").code(), StatusCode::kConflict);
}

TEST_F(SqliteUtilTest, AMovedStatementIsOwnedOnce) {
  auto prepared = Statement::Prepare(db_, "SELECT 42");
  ASSERT_TRUE(prepared.ok());
  Statement a = std::move(prepared).value();
  Statement b = std::move(a);
  EXPECT_EQ(a.get(), nullptr);
  ASSERT_EQ(b.Step(), SQLITE_ROW);
  EXPECT_EQ(b.ColumnInt(0), 42);
  Statement c;
  c = std::move(b);
  c.Reset();
  ASSERT_EQ(c.Step(), SQLITE_ROW);
  EXPECT_EQ(c.ColumnInt(0), 42);
}  // each statement finalised once (ASan would see a double finalise)

TEST(SetJournalMode, ChangesTheModeOfAFileAndSaysWhenItCannot) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("habeas_sqlite_util_" + std::to_string(::getpid()) + ".db"))
                               .string();
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  auto wal = SetJournalMode(db, "wal");
  ASSERT_TRUE(wal.ok()) << wal.status().ToString();
  EXPECT_TRUE(*wal);
  auto back = SetJournalMode(db, "delete");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back);
  sqlite3_close(db);
  // An in-memory database keeps its "memory" journal: not changed, not an error.
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  auto memory = SetJournalMode(db, "wal");
  ASSERT_TRUE(memory.ok());
  EXPECT_FALSE(*memory);
  sqlite3_close(db);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace habeas::store
