#include "store/table_copy.h"

#include <sqlite3.h>

#include <bit>
#include <cstring>

#include "habeas/store.h"
#include "store/pg_linkage.h"
#include "store/pg_util.h"
#include "store/sqlite_util.h"

namespace habeas::store {
namespace {

constexpr ColumnKind I = ColumnKind::kInteger;
constexpr ColumnKind R = ColumnKind::kReal;
constexpr ColumnKind T = ColumnKind::kText;
constexpr ColumnKind B = ColumnKind::kBlob;

// COPY data is handed to libpq in pieces of about this size (as the import does).
constexpr size_t kCopyPieceBytes = 1 << 20;

const std::vector<CopiedTable>& Tables() {
  static const std::vector<CopiedTable> tables = {
      {"sources", "id",
       {{"id", I}, {"name", T}, {"kind", T}, {"description", T}, {"created_at", T}}},
      {"batches", "id",
       {{"id", I}, {"source_id", I}, {"file_name", T}, {"file_sha256", T}, {"file_size", I},
        {"received_date", T}, {"imported_at", T}, {"format", T}, {"encoding", T},
        {"delimiter", T}, {"header", T}, {"mapping", T}, {"rows_read", I},
        {"rows_imported", I}, {"rows_rejected", I}, {"blank_lines", I},
        {"first_record_id", I}, {"last_record_id", I}}},
      {"records", "id",
       {{"id", I}, {"batch_id", I}, {"source_id", I}, {"source_record_id", T}, {"line", I},
        {"end_line", I}, {"raw", B}, {"fields", T}, {"notes", T}}},
      {"rejected_rows", "id",
       {{"id", I}, {"batch_id", I}, {"line", I}, {"end_line", I}, {"raw", B}, {"field", T},
        {"reason", T}}},
      {"persons", "id",
       {{"id", I}, {"status", T}, {"merged_into", I}, {"created_at", T}, {"created_by", T},
        {"updated_at", T}}},
      {"record_persons", "record_id", {{"record_id", I}, {"person_id", I}, {"assigned_at", T}}},
      {"link_edges", "id",
       {{"id", I}, {"person_id", I}, {"record_a", I}, {"record_b", I}, {"weight", R},
        {"probability", R}, {"kind", T}}},
      {"person_events", "id",
       {{"id", I}, {"kind", T}, {"person_ids", T}, {"record_ids", T}, {"at", T}, {"by", T},
        {"reason", T}}},
      {"person_event_persons", "person_id, event_id", {{"event_id", I}, {"person_id", I}}},
      {"link_decisions", "id",
       {{"id", I}, {"record_a", I}, {"record_b", I}, {"decision", T}, {"reason", T},
        {"decided_by", T}, {"decided_at", T}}},
      {"link_models", "version", {{"version", I}, {"created_at", T}, {"model", T}}},
      {"review_pairs", "record_a, record_b",
       {{"record_a", I}, {"record_b", I}, {"weight", R}, {"probability", R}, {"priority", R}}},
      {"ledger_entries", "seq",
       {{"seq", I}, {"kind", T}, {"subject_table", T}, {"subject_id", I}, {"body", B},
        {"leaf_hash", B}, {"fingerprints", B}, {"created_at", T}}},
      {"ledger_heads", "id",
       {{"id", I}, {"size", I}, {"root", B}, {"time", T}, {"signature", B}, {"public_key", B}}},
      {"timeline_writes", "id",
       {{"id", I}, {"kind", T}, {"source", T}, {"file_name", T}, {"file_sha256", T},
        {"batch_id", I}, {"written_at", T}, {"written_by", T}, {"facilities", I},
        {"flights", I}, {"claims", I}, {"orders", I}}},
      {"facilities", "id",
       {{"id", I}, {"write_id", I}, {"name", T}, {"place", T}, {"country", T},
        {"operator", T}}},
      {"facility_aliases", "alias_key",
       {{"alias_key", T}, {"alias", T}, {"facility_id", I}, {"write_id", I}}},
      {"flights", "id",
       {{"id", I}, {"write_id", I}, {"carrier", T}, {"number", T}, {"tail", T},
        {"aliases", T}, {"departure_place", T}, {"departure_from", I}, {"departure_to", I},
        {"departure_precision", T}, {"departure_zone", T}, {"departure_text", T},
        {"arrival_place", T}, {"arrival_from", I}, {"arrival_to", I},
        {"arrival_precision", T}, {"arrival_zone", T}, {"arrival_text", T}}},
      {"claims", "id",
       {{"id", I}, {"write_id", I}, {"kind", T}, {"record_id", I}, {"person_id", I},
        {"source", T}, {"file", T}, {"line", I}, {"raw", T}, {"valid_from", I},
        {"valid_to", I}, {"precision", T}, {"time_zone", T}, {"valid_text", T},
        {"recorded_at", T}, {"confidence", R}, {"facility", T}, {"flight", T},
        {"authority", T}, {"item", T}, {"value", T}, {"language", T}, {"note", T}}},
      {"orders", "id",
       {{"id", I}, {"write_id", I}, {"name", T}, {"text", T}, {"file", T}, {"line", I}}},
      {"users", "id",
       {{"id", I}, {"name", T}, {"role", T}, {"password_hash", T}, {"created_at", T},
        {"updated_at", T}}},
      {"api_tokens", "id",
       {{"id", I}, {"user_id", I}, {"label", T}, {"secret_hash", T}, {"created_at", T},
        {"revoked_at", T}}},
      {"audit_log", "id",
       {{"id", I}, {"at", T}, {"actor", T}, {"role", T}, {"client", T}, {"action", T},
        {"target", T}, {"detail", T}}},
      {"settings", "key", {{"key", T}, {"value", T}}},
      {"decision_withdrawals", "id",
       {{"id", I}, {"decision_id", I}, {"withdrawn_by", T}, {"withdrawn_at", T}}},
  };
  return tables;
}

std::string ColumnList(const CopiedTable& table) {
  std::string out;
  for (const CopiedColumn& c : table.columns) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += c.name;
    out += '"';
  }
  return out;
}

std::string_view KindName(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::kInteger: return "integer";
    case ColumnKind::kReal: return "real";
    case ColumnKind::kText: return "text";
    case ColumnKind::kBlob: return "blob";
  }
  return "?";
}

// "an integer", "a text".
std::string Article(std::string_view noun) {
  return (noun.front() == 'i' ? "an " : "a ") + std::string(noun);
}

// --- SQLite

// The kind SQLite stored a value as (NULL: nullopt).
std::optional<ColumnKind> StoredKind(int sqlite_type) {
  switch (sqlite_type) {
    case SQLITE_INTEGER: return ColumnKind::kInteger;
    case SQLITE_FLOAT: return ColumnKind::kReal;
    case SQLITE_TEXT: return ColumnKind::kText;
    case SQLITE_BLOB: return ColumnKind::kBlob;
    default: return std::nullopt;
  }
}

Result<sqlite3*> OpenSqlite(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "opening " + path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

class SqliteTableSource final : public TableSource {
 public:
  explicit SqliteTableSource(sqlite3* db) : db_(db) {}
  ~SqliteTableSource() override {
    if (began_) (void)Exec(db_, "COMMIT");
    sqlite3_close(db_);
  }

  Status ForEachRow(const CopiedTable& table,
                    const std::function<Status(const Row&)>& take) override {
    if (!began_) {
      // One read transaction over every table: a writer committing meanwhile is seen
      // whole or not at all.
      HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN"));
      began_ = true;
    }
    HABEAS_ASSIGN_OR_RETURN(
        Statement s, Statement::Prepare(db_, "SELECT " + ColumnList(table) + " FROM \"" +
                                                 std::string(table.name) + "\" ORDER BY " +
                                                 std::string(table.order_by)));
    Row row(table.columns.size());
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      for (size_t i = 0; i < table.columns.size(); ++i) {
        HABEAS_RETURN_IF_ERROR(ReadCell(s, table, i, &row[i]));
      }
      HABEAS_RETURN_IF_ERROR(take(row));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading " + std::string(table.name));
    return Status::Ok();
  }

 private:
  // A value stored as another kind than its column's (SQLite allows it) would arrive
  // changed on PostgreSQL: refused, naming the row.
  Status ReadCell(const Statement& s, const CopiedTable& table, size_t i, Cell* cell) {
    const int col = static_cast<int>(i);
    const std::optional<ColumnKind> stored = StoredKind(sqlite3_column_type(s.get(), col));
    cell->null = !stored.has_value();
    if (cell->null) return Status::Ok();
    const CopiedColumn& column = table.columns[i];
    if (*stored != column.kind) {
      return DataLoss(std::string(table.name) + "." + std::string(column.name) + " (" +
                      std::string(table.order_by) + " " + s.ColumnText(0) + ") holds " +
                      Article(KindName(*stored)) + " value in " + Article(KindName(column.kind)) +
                      " column; it cannot be copied unchanged");
    }
    cell->kind = *stored;
    switch (*stored) {
      case ColumnKind::kInteger: cell->integer = s.ColumnInt(col); break;
      case ColumnKind::kReal: cell->real = sqlite3_column_double(s.get(), col); break;
      case ColumnKind::kText: cell->bytes = s.ColumnText(col); break;
      case ColumnKind::kBlob: cell->bytes = s.ColumnBlob(col); break;
    }
    return Status::Ok();
  }

  sqlite3* db_;
  bool began_ = false;
};

// Every table of `tables` is empty, or kConflict naming the first that is not.
template <typename HasRows>
Status RefuseRows(const HasRows& has_rows) {
  for (const CopiedTable& table : CopiedTables()) {
    HABEAS_ASSIGN_OR_RETURN(bool any, has_rows(table));
    if (any) {
      return Conflict("the target store already holds data (its table " +
                      std::string(table.name) +
                      " has rows); copy writes only into an empty store and never "
                      "overwrites one (nothing was changed)");
    }
  }
  return Status::Ok();
}

class SqliteTableTarget final : public TableTarget {
 public:
  explicit SqliteTableTarget(sqlite3* db) : db_(db) {}
  ~SqliteTableTarget() override {
    insert_ = Statement();
    if (open_) (void)Exec(db_, "ROLLBACK");
    sqlite3_close(db_);
  }

  Status Begin() override {
    HABEAS_RETURN_IF_ERROR(Exec(db_, "PRAGMA synchronous = FULL; BEGIN IMMEDIATE"));
    open_ = true;
    return RefuseRows([this](const CopiedTable& table) -> Result<bool> {
      HABEAS_ASSIGN_OR_RETURN(
          Statement s, Statement::Prepare(db_, "SELECT EXISTS (SELECT 1 FROM \"" +
                                                   std::string(table.name) + "\")"));
      const int rc = s.Step();
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading " + std::string(table.name));
      return s.ColumnInt(0) != 0;
    });
  }

  Status BeginTable(const CopiedTable& table) override {
    table_ = &table;
    std::string sql =
        "INSERT INTO \"" + std::string(table.name) + "\" (" + ColumnList(table) + ") VALUES (";
    for (size_t i = 0; i < table.columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    HABEAS_ASSIGN_OR_RETURN(insert_, Statement::Prepare(db_, sql));
    return Status::Ok();
  }

  Status AddRow(const Row& row) override {
    sqlite3_stmt* s = insert_.get();
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& cell = row[i];
      const int index = static_cast<int>(i) + 1;
      // A zero-length text or blob is bound from "" (a null pointer would bind NULL).
      const char* bytes = cell.bytes.empty() ? "" : cell.bytes.data();
      const int size = static_cast<int>(cell.bytes.size());
      if (cell.null) {
        sqlite3_bind_null(s, index);
      } else if (cell.kind == ColumnKind::kInteger) {
        sqlite3_bind_int64(s, index, cell.integer);
      } else if (cell.kind == ColumnKind::kReal) {
        sqlite3_bind_double(s, index, cell.real);
      } else if (cell.kind == ColumnKind::kText) {
        sqlite3_bind_text(s, index, bytes, size, SQLITE_STATIC);
      } else {
        sqlite3_bind_blob(s, index, bytes, size, SQLITE_STATIC);
      }
    }
    const int rc = insert_.Step();
    insert_.ResetForRebind();
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "writing " + std::string(table_->name));
    return Status::Ok();
  }

  Result<int64_t> EndTable() override {
    insert_ = Statement();
    HABEAS_ASSIGN_OR_RETURN(
        Statement s,
        Statement::Prepare(db_, "SELECT count(*) FROM \"" + std::string(table_->name) + "\""));
    const int rc = s.Step();
    if (rc != SQLITE_ROW) return SqliteError(db_, rc, "counting " + std::string(table_->name));
    return s.ColumnInt(0);
  }

  Status Commit() override {
    open_ = false;
    return Exec(db_, "COMMIT");
  }

 private:
  sqlite3* db_;
  bool open_ = false;
  const CopiedTable* table_ = nullptr;
  Statement insert_;
};

// --- PostgreSQL

// Reads COPY's binary format (the header, then per row a 16-bit field count and each
// field as a 32-bit length, -1 for NULL, and its bytes; a count of -1 ends it) as it
// arrives in pieces.
class BinaryCopyReader {
 public:
  explicit BinaryCopyReader(const CopiedTable& table) : table_(table), row_(table.columns.size()) {}

  Status Take(std::string_view piece, const std::function<Status(const Row&)>& take) {
    pending_.append(piece);
    size_t at = 0;
    if (!header_read_) {
      constexpr size_t kFixed = 19;  // signature (11), flags (4), extension length (4)
      if (pending_.size() < kFixed) return Status::Ok();
      const size_t header = kFixed + static_cast<size_t>(BigEndian(pending_.data() + 15, 4));
      if (pending_.size() < header) return Status::Ok();
      at = header;
      header_read_ = true;
    }
    for (;;) {
      const size_t start = at;
      Result<bool> complete = ReadRow(&at);
      if (!complete.ok()) return complete.status();
      if (!*complete) {
        at = start;
        break;
      }
      if (ended_) break;
      HABEAS_RETURN_IF_ERROR(take(row_));
    }
    pending_.erase(0, at);
    return Status::Ok();
  }

 private:
  static uint64_t BigEndian(const char* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
  }

  // One row from pending_ at *at into row_: false (and *at unspecified) when the row
  // has not fully arrived.
  Result<bool> ReadRow(size_t* at) {
    if (pending_.size() - *at < 2) return false;
    const auto fields = static_cast<int16_t>(BigEndian(pending_.data() + *at, 2));
    *at += 2;
    if (fields == -1) {
      ended_ = true;
      return true;
    }
    if (static_cast<size_t>(fields) != table_.columns.size()) {
      return Internal("COPY of " + std::string(table_.name) + " sent " +
                      std::to_string(fields) + " fields per row");
    }
    for (size_t i = 0; i < table_.columns.size(); ++i) {
      if (pending_.size() - *at < 4) return false;
      const auto length = static_cast<int32_t>(BigEndian(pending_.data() + *at, 4));
      *at += 4;
      Cell& cell = row_[i];
      cell.kind = table_.columns[i].kind;
      cell.null = length < 0;
      if (cell.null) continue;
      if (pending_.size() - *at < static_cast<size_t>(length)) return false;
      HABEAS_RETURN_IF_ERROR(Decode(pending_.data() + *at, static_cast<size_t>(length), &cell));
      *at += static_cast<size_t>(length);
    }
    return true;
  }

  Status Decode(const char* p, size_t length, Cell* cell) const {
    switch (cell->kind) {
      case ColumnKind::kInteger:
      case ColumnKind::kReal: {
        if (length != 8) {
          return Internal("COPY of " + std::string(table_.name) + " sent a number of " +
                          std::to_string(length) + " bytes");
        }
        const uint64_t bits = BigEndian(p, 8);
        if (cell->kind == ColumnKind::kInteger) {
          cell->integer = static_cast<int64_t>(bits);
        } else {
          cell->real = std::bit_cast<double>(bits);
        }
        return Status::Ok();
      }
      case ColumnKind::kText:
      case ColumnKind::kBlob:
        cell->bytes.assign(p, length);
        return Status::Ok();
    }
    return Status::Ok();
  }

  const CopiedTable& table_;
  Row row_;
  std::string pending_;
  bool header_read_ = false;
  bool ended_ = false;
};

class PgTableSource final : public TableSource {
 public:
  explicit PgTableSource(PgConnection conn) : conn_(std::move(conn)) {}
  ~PgTableSource() override {
    if (began_) (void)conn_.Exec("COMMIT");
  }

  Status ForEachRow(const CopiedTable& table,
                    const std::function<Status(const Row&)>& take) override {
    if (!began_) {
      HABEAS_RETURN_IF_ERROR(conn_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
      began_ = true;
    }
    BinaryCopyReader reader(table);
    return conn_.CopyOut("COPY (SELECT " + ColumnList(table) + " FROM \"" +
                             std::string(table.name) + "\" ORDER BY " +
                             std::string(table.order_by) + ") TO STDOUT (FORMAT binary)",
                         [&](std::string_view piece) { return reader.Take(piece, take); });
  }

 private:
  PgConnection conn_;
  bool began_ = false;
};

class PgTableTarget final : public TableTarget {
 public:
  explicit PgTableTarget(PgConnection conn) : conn_(std::move(conn)) {}
  ~PgTableTarget() override {
    if (copying_) conn_.AbortCopy();
    if (open_) (void)conn_.Exec("ROLLBACK");
  }

  Status Begin() override {
    HABEAS_RETURN_IF_ERROR(conn_.Exec("BEGIN"));
    open_ = true;
    // Every writer waits until the copy has committed (or sees it refused): the locks
    // in the order writers take them, the ledger's last (pg_linkage.h).
    for (PgStoreLock lock : {PgStoreLock::kImport, PgStoreLock::kLinkage, PgStoreLock::kTimeline,
                             PgStoreLock::kLedger}) {
      HABEAS_RETURN_IF_ERROR(LockStore(conn_, lock));
    }
    return RefuseRows([this](const CopiedTable& table) -> Result<bool> {
      HABEAS_ASSIGN_OR_RETURN(int64_t any,
                              conn_.QueryInt("SELECT count(*) FROM (SELECT 1 FROM \"" +
                                             std::string(table.name) + "\" LIMIT 1) t"));
      return any != 0;
    });
  }

  Status BeginTable(const CopiedTable& table) override {
    table_ = &table;
    HABEAS_RETURN_IF_ERROR(conn_.BeginCopy("COPY \"" + std::string(table.name) + "\" (" +
                                           ColumnList(table) + ") FROM STDIN (FORMAT binary)"));
    copying_ = true;
    buffer_.clear();
    CopyBinaryRow::AppendHeader(&buffer_);
    return Status::Ok();
  }

  Status AddRow(const Row& row) override {
    CopyBinaryRow out(&buffer_, static_cast<int>(row.size()));
    for (size_t i = 0; i < row.size(); ++i) {
      HABEAS_RETURN_IF_ERROR(AddCell(row[i], table_->columns[i], &out));
    }
    if (buffer_.size() >= kCopyPieceBytes) return Flush();
    return Status::Ok();
  }

  Result<int64_t> EndTable() override {
    CopyBinaryRow::AppendTrailer(&buffer_);
    HABEAS_RETURN_IF_ERROR(Flush());
    copying_ = false;
    HABEAS_RETURN_IF_ERROR(conn_.EndCopy().WithContext(std::string(table_->name)));
    return conn_.QueryInt("SELECT count(*) FROM \"" + std::string(table_->name) + "\"");
  }

  Status Commit() override {
    HABEAS_RETURN_IF_ERROR(MoveIdentitiesPastCopiedIds());
    open_ = false;
    return conn_.Exec("COMMIT");
  }

 private:
  // A value goes as its column's type: PostgreSQL checks a text's UTF-8 as on any insert.
  Status AddCell(const Cell& cell, const CopiedColumn& column, CopyBinaryRow* out) {
    if (cell.null) {
      out->Null();
      return Status::Ok();
    }
    if (cell.kind != column.kind) {
      return Internal(std::string(table_->name) + "." + std::string(column.name) + ": " +
                      Article(KindName(cell.kind)) + " value for " +
                      Article(KindName(column.kind)) + " column");
    }
    switch (cell.kind) {
      case ColumnKind::kInteger: out->Int(cell.integer); break;
      case ColumnKind::kReal: out->Double(cell.real); break;
      case ColumnKind::kText:
      case ColumnKind::kBlob: out->Bytes(cell.bytes); break;
    }
    return Status::Ok();
  }

  Status Flush() {
    Status s = conn_.PutCopy(buffer_);
    buffer_.clear();
    return s;
  }

  // Rows arrived with their ids; the identity columns' sequences must hand out the
  // next ids after them, or the next import would collide with a copied id.
  Status MoveIdentitiesPastCopiedIds() {
    for (const CopiedTable& table : CopiedTables()) {
      const std::string key(table.columns.front().name);
      PgParams p;
      p.Text("\"" + std::string(table.name) + "\"").Text(key);
      HABEAS_ASSIGN_OR_RETURN(PgResult sequence,
                              conn_.Query("SELECT pg_get_serial_sequence($1, $2)", p));
      if (sequence.rows() == 0 || sequence.IsNull(0, 0)) continue;
      PgParams q;
      q.Text(sequence.Text(0, 0));
      HABEAS_RETURN_IF_ERROR(conn_
                                 .Query("SELECT setval($1::regclass, max(\"" + key +
                                            "\")) FROM \"" + std::string(table.name) +
                                            "\" HAVING max(\"" + key + "\") IS NOT NULL",
                                        q)
                                 .status());
    }
    return Status::Ok();
  }

  PgConnection conn_;
  bool open_ = false;
  bool copying_ = false;
  const CopiedTable* table_ = nullptr;
  std::string buffer_;
};

}  // namespace

std::span<const CopiedTable> CopiedTables() { return Tables(); }

Status CopyTables(TableSource& source, TableTarget& target, std::vector<TableRowCount>* counts) {
  HABEAS_RETURN_IF_ERROR(target.Begin());
  std::string differing;
  for (const CopiedTable& table : CopiedTables()) {
    TableRowCount count{std::string(table.name), 0, 0};
    HABEAS_RETURN_IF_ERROR(target.BeginTable(table));
    HABEAS_RETURN_IF_ERROR(source.ForEachRow(table, [&](const Row& row) {
      ++count.read;
      return target.AddRow(row);
    }));
    HABEAS_ASSIGN_OR_RETURN(count.written, target.EndTable());
    if (count.written != count.read) {
      differing += (differing.empty() ? "" : ", ") + count.table + " (" +
                   std::to_string(count.read) + " read, " + std::to_string(count.written) +
                   " written)";
    }
    counts->push_back(std::move(count));
  }
  if (!differing.empty()) {
    return DataLoss("row counts differ: " + differing +
                    "; the copy was rolled back and the target holds none of it");
  }
  return target.Commit();
}

Result<std::unique_ptr<TableSource>> OpenTableSource(const std::string& db) {
  if (StoreBackendOf(db) == StoreBackend::kPostgres) {
    HABEAS_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(db));
    return std::unique_ptr<TableSource>(new PgTableSource(std::move(conn)));
  }
  HABEAS_ASSIGN_OR_RETURN(sqlite3 * handle, OpenSqlite(db, SQLITE_OPEN_READONLY));
  return std::unique_ptr<TableSource>(new SqliteTableSource(handle));
}

Result<std::unique_ptr<TableTarget>> OpenTableTarget(const std::string& db) {
  if (StoreBackendOf(db) == StoreBackend::kPostgres) {
    HABEAS_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(db));
    return std::unique_ptr<TableTarget>(new PgTableTarget(std::move(conn)));
  }
  HABEAS_ASSIGN_OR_RETURN(sqlite3 * handle, OpenSqlite(db, SQLITE_OPEN_READWRITE));
  return std::unique_ptr<TableTarget>(new SqliteTableTarget(handle));
}

}  // namespace habeas::store
