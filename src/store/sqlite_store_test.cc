#include "habeas/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include "store/schema.h"

namespace habeas {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("habeas_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> Open() {
    SqliteOptions o;
    o.clock = &clock_;
    auto s = OpenSqliteStore(path_, o);
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

  std::filesystem::path dir_;
  std::string path_;
  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
};

TEST_F(SqliteStoreTest, CreatesMigratedStoreInWalMode) {
  auto store = Open();
  EXPECT_EQ(store->schema_version(), store::Migrations().back().version);
  EXPECT_TRUE(store->CheckIntegrity().ok());
  store.reset();
  EXPECT_TRUE(std::filesystem::exists(path_));
  // Reopening does not re-run migrations.
  EXPECT_EQ(Open()->schema_version(), store::Migrations().back().version);
}

// Each migration records when it ran: the clock's time, intact (the text was once bound
// without a copy and freed before the insert ran: ASan, fuzz/regressions/import/).
TEST_F(SqliteStoreTest, MigrationsRecordTheirTime) {
  Open().reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT applied_at FROM schema_migrations ORDER BY version", -1,
                               &st, nullptr),
            SQLITE_OK);
  int rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), clock_.NowIso());
    ++rows;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows, static_cast<int>(store::Migrations().size()));
}

constexpr Store::BatchOptions kExclusive{/*exclusive=*/true};

// Byte 18 of an SQLite file: 1 = rollback journal, 2 = WAL.
int FileFormatByte(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(18);
  return in.get();
}

TEST_F(SqliteStoreTest, ExclusiveBatchUsesRollbackJournalThenReturnsToWal) {
  auto store = Open();
  EXPECT_EQ(FileFormatByte(path_), 2);
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"), kExclusive);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
    // Written through a rollback journal: no WAL while the batch is open.
    EXPECT_TRUE(std::filesystem::exists(path_ + "-journal"));
    EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
    // Another process opening the store meanwhile still reads it (without the batch).
    auto reader = Open();
    EXPECT_EQ(*reader->CountRecords({}), 0);
    reader.reset();
    BatchInfo done = Batch("aa");
    done.rows_read = done.rows_imported = 1;
    ASSERT_TRUE((*w)->Commit(done).ok());
  }
  EXPECT_EQ(FileFormatByte(path_), 2);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-journal"));
  EXPECT_EQ(*Open()->CountRecords({}), 1);
}

TEST_F(SqliteStoreTest, ExclusiveBatchFallsBackToWalWhenStoreIsShared) {
  auto store = Open();
  auto other = Open();  // e.g. a server holding the store open
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"), kExclusive);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
    EXPECT_FALSE(std::filesystem::exists(path_ + "-journal"));
    EXPECT_EQ(*other->CountRecords({}), 0);  // readers are not blocked
    // Dropped without Commit: rolled back.
  }
  EXPECT_EQ(*other->CountRecords({}), 0);
  EXPECT_EQ(FileFormatByte(path_), 2);
}

TEST_F(SqliteStoreTest, ExclusiveBatchRollsBackWhole) {
  auto store = Open();
  {
    auto w = store->BeginBatch(Source("fam"), Batch("aa"), kExclusive);
    ASSERT_TRUE(w.ok());
    for (int i = 0; i < 20000; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
  }
  EXPECT_EQ(*store->CountRecords({}), 0);
  EXPECT_TRUE(store->ListSources()->empty());
  EXPECT_TRUE(store->CheckIntegrity().ok());
  EXPECT_EQ(FileFormatByte(path_), 2);
}

TEST_F(SqliteStoreTest, RefusesFilesThatAreNotStores) {
  {
    std::ofstream f(path_);
    f << "name,surname\nJosé,Pérez\n";
  }
  auto s = OpenSqliteStore(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.status().message().find("not a Habeas store"), std::string::npos);
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

SqliteOptions ReadOnly() {
  SqliteOptions o;
  o.access = StoreAccess::kReadOnly;
  return o;
}

TEST_F(SqliteStoreTest, ReadOnlyRefusesAMissingPathAndCreatesNothing) {
  auto s = OpenSqliteStore(path_, ReadOnly());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find(path_), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path_));
}

// A FIFO as the store blocked SQLite's open forever; a device read as an empty file.
TEST_F(SqliteStoreTest, APathThatIsNotARegularFileIsRefusedWithoutOpeningIt) {
  ASSERT_EQ(::mkfifo(path_.c_str(), 0600), 0);
  for (StoreAccess access : {StoreAccess::kReadOnly, StoreAccess::kReadWrite}) {
    SqliteOptions o;
    o.access = access;
    auto s = OpenSqliteStore(path_, o);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(s.status().message().find("not a regular file"), std::string::npos);
  }
  auto s = OpenSqliteStore("/dev/zero", ReadOnly());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not a regular file"), std::string::npos);
}

// "" is a private temporary database to SQLite, ":memory:" an in-memory one and
// "file:..." a URI: an import into them vanished or landed in another file.
TEST_F(SqliteStoreTest, APathIsAPath) {
  auto empty = OpenSqliteStore("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidInput);
  const std::filesystem::path previous = std::filesystem::current_path();
  std::filesystem::current_path(dir_);
  for (const std::string name : {":memory:", "file:x.db?mode=rwc"}) {
    {
      auto s = OpenSqliteStore(name);
      ASSERT_TRUE(s.ok()) << name << ": " << s.status().ToString();
      const std::vector<std::string> files = (*s)->Files();
      EXPECT_TRUE(std::find(files.begin(), files.end(), name) != files.end());
    }
    EXPECT_TRUE(std::filesystem::exists(dir_ / name)) << name;
    auto again = OpenSqliteStore(name, ReadOnly());
    EXPECT_TRUE(again.ok()) << name << ": " << again.status().ToString();
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "x.db"));
  std::filesystem::current_path(previous);
}

// Only a caller that may create a store turns a missing or empty file into one (link
// and decide made an empty store at a mistyped --db).
TEST_F(SqliteStoreTest, WithoutCreateIfMissingNoStoreIsMade) {
  SqliteOptions o;
  o.create_if_missing = false;
  auto missing = OpenSqliteStore(path_, o);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(path_));
  std::ofstream(path_).close();
  auto empty = OpenSqliteStore(path_, o);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(std::filesystem::file_size(path_), 0u);
}

// The files outputs must never replace, also under the name a symlink resolves to.
TEST_F(SqliteStoreTest, FilesNameTheDatabaseAndItsSideFilesAsResolved) {
  Open().reset();
  const std::string link = (dir_ / "link.db").string();
  std::filesystem::create_symlink(path_, link);
  auto s = OpenSqliteStore(link);
  ASSERT_TRUE(s.ok());
  const std::vector<std::string> files = (*s)->Files();
  for (const std::string& f :
       {link, link + "-wal", path_, path_ + "-wal", path_ + "-shm", path_ + "-journal"}) {
    EXPECT_TRUE(std::find(files.begin(), files.end(), f) != files.end()) << f;
  }
}

TEST_F(SqliteStoreTest, ForeignSqliteFileIsRefusedUnchangedEitherWay) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const std::string before = FileBytes(path_);
  for (StoreAccess access : {StoreAccess::kReadOnly, StoreAccess::kReadWrite}) {
    SqliteOptions o;
    o.access = access;
    auto s = OpenSqliteStore(path_, o);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(s.status().message().find("not a Habeas store"), std::string::npos);
  }
  EXPECT_EQ(FileBytes(path_), before);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
}

TEST_F(SqliteStoreTest, ReadOnlyWorksInAReadOnlyDirectoryOnAReadOnlyFile) {
  {
    auto store = Open();
    auto w = store->BeginBatch(Source("a"), Batch("a"));
    ASSERT_TRUE((*w)->AddRecord(Record("1")).ok());
    ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  }
  const std::string before = FileBytes(path_);
  std::filesystem::permissions(path_, std::filesystem::perms::owner_read);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_exec);
  auto s = OpenSqliteStore(path_, ReadOnly());
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (s.ok()) {
    auto sources = (*s)->ListSources();
    ASSERT_TRUE(sources.ok()) << sources.status().ToString();
    EXPECT_EQ(sources->size(), 1u);
  }
  s = Result<std::unique_ptr<Store>>(Internal("closed"));
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
  std::filesystem::permissions(path_, std::filesystem::perms::owner_read |
                                          std::filesystem::perms::owner_write);
  EXPECT_EQ(FileBytes(path_), before);
}

// A whole relink drops the person indexes of record_persons and link_edges and builds
// them again after its inserts: the store keeps the same definitions as a fresh one,
// finds persons' records through them, and an incremental update leaves them alone.
TEST_F(SqliteStoreTest, RelinkRebuildsThePersonIndexesAsCreated) {
  auto store = Open();
  auto w = store->BeginBatch(Source("a"), Batch("a"));
  for (int i = 0; i < 6; ++i) ASSERT_TRUE((*w)->AddRecord(Record(std::to_string(i))).ok());
  ASSERT_TRUE((*w)->Commit(Batch("a")).ok());
  LinkageUpdate u;
  for (int64_t p = 1; p <= 3; ++p)
    u.created_persons.push_back({p, PersonStatus::kActive, 0, "", "test", 0});
  for (int64_t r = 1; r <= 6; ++r) u.assignments.push_back({r, (r + 1) / 2});
  u.replace_all_edges = true;
  u.edges = {{1, 1, 2, 5.0, 0.97, LinkEdgeKind::kModel}, {2, 3, 4, 4.0, 0.94, LinkEdgeKind::kModel}};
  ASSERT_TRUE(store->ApplyLinkage(u).ok());
  EXPECT_EQ(*store->RecordsOfPerson(2), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(store->ListEdges(2)->size(), 1u);
  LinkageUpdate move;  // one record moves: not a whole relink
  move.expected_max_person_id = 3;
  move.assignments = {{5, 1}};
  ASSERT_TRUE(store->ApplyLinkage(move).ok());
  EXPECT_EQ(*store->RecordsOfPerson(1), (std::vector<int64_t>{1, 2, 5}));
  ASSERT_TRUE(store->CheckIntegrity().ok());
  store.reset();

  const auto index_sql = [](const std::string& path) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
                       "('record_persons_by_person', 'link_edges_by_person') ORDER BY name",
                       -1, &st, nullptr);
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      out += ": ";
      out += reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      out += "\n";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  };
  const std::string relinked = index_sql(path_);
  path_ = (dir_ / "fresh.db").string();
  Open().reset();
  const std::string fresh = index_sql(path_);
  EXPECT_EQ(relinked, fresh);
  EXPECT_NE(fresh.find("record_persons_by_person"), std::string::npos);
  EXPECT_NE(fresh.find("link_edges_by_person"), std::string::npos);
}

}  // namespace
}  // namespace habeas

namespace habeas {
namespace {

TEST(SqliteStoreDecisionsTest, WithdrawingADecisionKeepsItAndLeavesItOutOfTheList) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("habeas_store_decisions_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto store = OpenSqliteStore((dir / "t.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    SourceInfo source;
    source.name = "s";
    BatchInfo batch;
    batch.file_name = "f.csv";
    batch.file_sha256 = "ab";
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto writer = (*store)->BeginBatch(source, batch);
    ASSERT_TRUE(writer.ok());
    for (const char* id : {"1", "2", "3"}) {
      RecordData r;
      r.source_record_id = id;
      r.line = r.end_line = 2;
      r.raw = id;
      ASSERT_TRUE((*writer)->AddRecord(r).ok());
    }
    BatchInfo done = batch;
    done.rows_read = done.rows_imported = 3;
    ASSERT_TRUE((*writer)->Commit(done).ok());
    LinkDecision same{0, 1, 2, ReviewDecision::kSame, "same cédula", "ana", ""};
    LinkDecision distinct{0, 2, 3, ReviewDecision::kDistinct, "other mother", "ana", ""};
    auto first = (*store)->AddDecision(same);
    auto second = (*store)->AddDecision(distinct);
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_TRUE((*store)->WithdrawDecision(*first, "bea").ok());
    auto left = (*store)->ListDecisions();
    ASSERT_TRUE(left.ok());
    ASSERT_EQ(left->size(), 1u);
    EXPECT_EQ(left->front().id, *second);
    // Once only, and only a decision that exists.
    EXPECT_EQ((*store)->WithdrawDecision(*first, "bea").code(), StatusCode::kNotFound);
    EXPECT_EQ((*store)->WithdrawDecision(*second + 10, "bea").code(), StatusCode::kNotFound);
    // The withdrawn decision is still stored (append-only), and the ledger covers both
    // the decision and its withdrawal.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "t.db").string().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT (SELECT count(*) FROM link_decisions), "
                                 "(SELECT withdrawn_by FROM decision_withdrawals), "
                                 "(SELECT count(*) FROM ledger_entries WHERE subject_table = "
                                 "'decision_withdrawals')",
                                 -1, &st, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 2);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))), "bea");
    EXPECT_EQ(sqlite3_column_int(st, 2), 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace habeas
