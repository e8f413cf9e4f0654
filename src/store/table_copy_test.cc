// The tables `habeas copy` moves (store/table_copy.h), on both backends
// (store/test_backends.h): the list matches each schema, a non-empty target is refused,
// a table whose counts differ rolls the whole copy back, values keep their bytes.
#include "store/table_copy.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <map>
#include <optional>

#include "habeas/store.h"
#include "store/pg_util.h"
#include "store/test_backends.h"

namespace habeas::store {
namespace {

std::string KindOfDeclared(const std::string& declared) {
  if (declared == "INTEGER" || declared == "bigint") return "integer";
  if (declared == "REAL" || declared == "double precision") return "real";
  if (declared == "TEXT" || declared == "text") return "text";
  if (declared == "BLOB" || declared == "bytea") return "blob";
  return "unknown " + declared;
}

std::string KindOf(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kInteger: return "integer";
    case ColumnKind::kReal: return "real";
    case ColumnKind::kText: return "text";
    case ColumnKind::kBlob: return "blob";
  }
  return "";
}

using Schema = std::map<std::string, std::map<std::string, std::string>>;  // table → column → kind

Schema CopiedSchema() {
  Schema out;
  for (const CopiedTable& t : CopiedTables()) {
    for (const CopiedColumn& c : t.columns) out[std::string(t.name)][std::string(c.name)] = KindOf(c.kind);
  }
  return out;
}

Schema SqliteSchema(const std::string& path) {
  Schema out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT m.name, c.name, c.type FROM sqlite_schema m, "
                               "pragma_table_info(m.name) c WHERE m.type = 'table' AND "
                               "m.name <> 'schema_migrations'",
                               -1, &s, nullptr),
            SQLITE_OK);
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto text = [&](int col) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, col))); };
    out[text(0)][text(1)] = KindOfDeclared(text(2));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

Schema PostgresSchema(const std::string& url) {
  Schema out;
  auto conn = PgConnection::Connect(url);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  auto r = conn->Query(
      "SELECT table_name, column_name, data_type FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  for (int i = 0; i < r->rows(); ++i) out[r->Text(i, 0)][r->Text(i, 1)] = KindOfDeclared(r->Text(i, 2));
  return out;
}

class TableCopyTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(target_, GetParam());
    source_.emplace(TestBackend::kSqlite);
  }

  // A SQLite source with one batch of `records` records.
  void FillSource(int records) {
    auto store = OpenStore(source_->db());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    SourceInfo source;
    source.name = "family";
    source.kind = SourceKind::kFamily;
    BatchInfo batch;
    batch.file_name = "f.csv";
    batch.file_sha256 = "ab";
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto writer = (*store)->BeginBatch(source, batch);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < records; ++i) {
      RecordData r;
      r.source_record_id = "r" + std::to_string(i);
      r.line = i + 2;
      r.end_line = i + 2;
      r.raw = i == 0 ? std::string() : std::string("raw\0\xff,\xE9", 7);  // empty and binary
      r.field(CanonicalField::kGivenNames) = "José";
      ASSERT_TRUE((*writer)->AddRecord(r).ok());
    }
    batch.rows_imported = records;
    ASSERT_TRUE((*writer)->Commit(batch).ok());
    ASSERT_TRUE((*store)->SaveModel("{}").ok());
  }

  int64_t TargetRecords() {
    auto store = OpenStore(target_->db());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return (*store)->CountRecords({}).value();
  }

  std::optional<TestStoreLocation> source_;
  std::optional<TestStoreLocation> target_;
};

INSTANTIATE_TEST_SUITE_P(Backends, TableCopyTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(TableCopyTest, ListsEveryTableAndColumnOfTheSchema) {
  ASSERT_TRUE(OpenStore(target_->db()).ok());
  const Schema schema = GetParam() == TestBackend::kSqlite ? SqliteSchema(target_->db())
                                                           : PostgresSchema(target_->db());
  EXPECT_EQ(CopiedSchema(), schema);
}

// Drops the second row of records: what the copy must notice.
class LosingTarget final : public TableTarget {
 public:
  explicit LosingTarget(std::unique_ptr<TableTarget> inner) : inner_(std::move(inner)) {}
  Status Begin() override { return inner_->Begin(); }
  Status BeginTable(const CopiedTable& t) override {
    records_ = t.name == "records";
    seen_ = 0;
    return inner_->BeginTable(t);
  }
  Status AddRow(const Row& row) override {
    if (records_ && ++seen_ == 2) return Status::Ok();
    return inner_->AddRow(row);
  }
  Result<int64_t> EndTable() override { return inner_->EndTable(); }
  Status Commit() override { return inner_->Commit(); }

 private:
  std::unique_ptr<TableTarget> inner_;
  bool records_ = false;
  int seen_ = 0;
};

TEST_P(TableCopyTest, CopiesEveryRowWithItsBytes) {
  FillSource(3);
  ASSERT_TRUE(OpenStore(target_->db()).ok());
  auto source = OpenTableSource(source_->db());
  auto target = OpenTableTarget(target_->db());
  ASSERT_TRUE(source.ok() && target.ok());
  std::vector<TableRowCount> counts;
  Status s = CopyTables(**source, **target, &counts);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(counts.size(), CopiedTables().size());
  EXPECT_EQ(counts[2].table, "records");
  EXPECT_EQ(counts[2].read, 3);
  EXPECT_EQ(counts[2].written, 3);
  target->reset();
  auto store = OpenStore(target_->db());
  ASSERT_TRUE(store.ok());
  auto first = (*store)->GetRecord(1);
  auto second = (*store)->GetRecord(2);
  ASSERT_TRUE(first.ok() && first->has_value() && second.ok() && second->has_value());
  EXPECT_EQ((*first)->raw, "");
  EXPECT_EQ((*second)->raw, std::string("raw\0\xff,\xE9", 7));
  EXPECT_EQ((*second)->field(CanonicalField::kGivenNames), "José");
}

TEST_P(TableCopyTest, DifferingCountsRollTheWholeCopyBack) {
  FillSource(3);
  ASSERT_TRUE(OpenStore(target_->db()).ok());
  auto source = OpenTableSource(source_->db());
  auto target = OpenTableTarget(target_->db());
  ASSERT_TRUE(source.ok() && target.ok());
  LosingTarget losing(std::move(*target));
  std::vector<TableRowCount> counts;
  Status s = CopyTables(**source, losing, &counts);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("records (3 read, 2 written)"), std::string::npos) << s.message();
  ASSERT_EQ(counts.size(), CopiedTables().size());  // every table counted
  EXPECT_EQ(counts[0].written, 1);                   // sources were written, then rolled back
  EXPECT_EQ(counts[2].written, 2);
  EXPECT_EQ(TargetRecords(), 0);
}

TEST_P(TableCopyTest, RefusesATargetHoldingData) {
  FillSource(1);
  {
    auto target_store = OpenStore(target_->db());
    ASSERT_TRUE(target_store.ok());
    ASSERT_TRUE((*target_store)->SaveModel("{\"mine\": true}").ok());
  }
  auto source = OpenTableSource(source_->db());
  auto target = OpenTableTarget(target_->db());
  ASSERT_TRUE(source.ok() && target.ok());
  std::vector<TableRowCount> counts;
  Status s = CopyTables(**source, **target, &counts);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("link_models has rows"), std::string::npos) << s.message();
  EXPECT_TRUE(counts.empty());
  EXPECT_EQ(TargetRecords(), 0);
}

// SQLite lets a column hold a value of another kind; PostgreSQL would not hold it
// unchanged, so the copy names the row instead of converting it.
TEST_P(TableCopyTest, RefusesAValueOfAnotherKindThanItsColumn) {
  FillSource(2);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(source_->db().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE records SET line = 'two' WHERE id = 2", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  ASSERT_TRUE(OpenStore(target_->db()).ok());
  auto source = OpenTableSource(source_->db());
  auto target = OpenTableTarget(target_->db());
  ASSERT_TRUE(source.ok() && target.ok());
  std::vector<TableRowCount> counts;
  Status s = CopyTables(**source, **target, &counts);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(s.message(),
            "records.line (id 2) holds a text value in an integer column; it cannot be copied "
            "unchanged");
  EXPECT_EQ(TargetRecords(), 0);
}

}  // namespace
}  // namespace habeas::store
