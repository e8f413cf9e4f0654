// The ledger tables of the SQLite store (schema migration 3, docs/ledger.md): the
// backend-neutral ledger (ledger_tables.cc) over SQLite statements.
#include "store/sqlite_ledger.h"

#include <charconv>
#include <cstring>

#include "store/sqlite_util.h"

namespace habeas::store {
namespace {

using ledger::Hash;

// Each value by its storage class (SQLite's dynamic typing: the value's, not the
// column's), as docs/ledger.md "Row encoding" tags it.
void EncodeColumns(const Statement& s, int count, ledger::RowEncoder* out) {
  for (int c = 0; c < count; ++c) {
    switch (sqlite3_column_type(s.get(), c)) {
      case SQLITE_INTEGER:
        out->Int(s.ColumnInt(c));
        break;
      case SQLITE_FLOAT:
        out->Real(sqlite3_column_double(s.get(), c));
        break;
      case SQLITE_TEXT:
        out->Text(std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), c)),
                                   sqlite3_column_bytes(s.get(), c)));
        break;
      case SQLITE_BLOB: {
        const void* p = sqlite3_column_blob(s.get(), c);
        out->Blob(std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(s.get(), c)));
        break;
      }
      default:
        out->Null();
    }
  }
}

Result<Statement> Prepared(sqlite3* db, const std::string& sql,
                           const std::vector<int64_t>& params) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db, sql));
  for (size_t i = 0; i < params.size(); ++i) s.BindInt(static_cast<int>(i) + 1, params[i]);
  return s;
}

std::string_view HashBytes(const Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

Hash HashOf(const std::string& bytes) {
  Hash h{};
  if (bytes.size() == h.size()) std::memcpy(h.data(), bytes.data(), h.size());
  return h;
}

StoredEntry ReadEntry(const Statement& s) {
  StoredEntry e;
  e.seq = s.ColumnInt(0);
  e.body = s.ColumnBlob(1);
  e.leaf = HashOf(s.ColumnBlob(2));
  e.fingerprints = s.ColumnBlob(3);
  return e;
}

constexpr char kEntryColumns[] = "SELECT seq, body, leaf_hash, fingerprints FROM ledger_entries ";

}  // namespace

Status SqliteLedgerDatabase::ForEachEncodedRow(
    const EvidenceTable& t, const std::string& where, const std::vector<int64_t>& params,
    const std::function<Status(const EncodedRow&)>& visit) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Prepared(db_, SelectEncodedColumns(t, where), params));
  const int n = EncodedColumnCount(t);
  ledger::RowEncoder row(t.name);
  int rc;
  char digits[24];
  while ((rc = s.Step()) == SQLITE_ROW) {
    row.Reset(t.name);
    EncodeColumns(s, n, &row);
    // The first column as text without a copy: a text key as stored, an integer in
    // decimal (most rows: no allocation, no conversion inside SQLite).
    std::string_view first;
    if (sqlite3_column_type(s.get(), 0) == SQLITE_TEXT) {
      first = std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)),
                               static_cast<size_t>(sqlite3_column_bytes(s.get(), 0)));
    } else {
      first = std::string_view(
          digits, static_cast<size_t>(
                      std::to_chars(digits, digits + sizeof digits, s.ColumnInt(0)).ptr - digits));
    }
    HABEAS_RETURN_IF_ERROR(visit({s.ColumnInt(0), first, row.bytes()}));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading " + std::string(t.name));
  return Status::Ok();
}

Result<std::string> SqliteLedgerDatabase::EncodeRow(const EvidenceTable& t, std::string_view key) {
  // A text key compares equal to an integer key column (SQLite applies the column's
  // integer affinity to it), so one statement serves every table.
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, SelectEncodedColumns(t, "WHERE " + std::string(t.key) + " = ?1")));
  s.BindText(1, key);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound(std::string(t.name) + " row " + std::string(key));
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading " + std::string(t.name));
  ledger::RowEncoder row(t.name);
  EncodeColumns(s, EncodedColumnCount(t), &row);
  return row.bytes();
}

Status SqliteLedgerDatabase::ForEachIntegerRow(
    const std::string& sql, const std::vector<int64_t>& params,
    const std::function<Status(std::span<const int64_t>)>& visit) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Prepared(db_, sql, params));
  std::vector<int64_t> values(static_cast<size_t>(sqlite3_column_count(s.get())));
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    for (size_t c = 0; c < values.size(); ++c) values[c] = s.ColumnInt(static_cast<int>(c));
    HABEAS_RETURN_IF_ERROR(visit(values));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading the ledger");
  return Status::Ok();
}

Result<int64_t> SqliteLedgerDatabase::QueryInt(const std::string& sql,
                                               const std::vector<int64_t>& params,
                                               int64_t when_empty) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Prepared(db_, sql, params));
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return when_empty;
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading the ledger");
  if (sqlite3_column_type(s.get(), 0) == SQLITE_NULL) return when_empty;
  return s.ColumnInt(0);
}

Status SqliteLedgerDatabase::InsertEntry(const EntrySubject& subject, std::string_view body,
                                         const Hash& leaf, std::string_view fingerprints,
                                         const std::string& now) {
  // The write's transaction holds SQLite's write lock: seq (INTEGER PRIMARY KEY) is
  // max + 1, in commit order.
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(
                       db_,
                       "INSERT INTO ledger_entries (kind, subject_table, subject_id, body, "
                       "leaf_hash, fingerprints, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  s.BindText(1, subject.kind);
  s.BindText(2, subject.table);
  s.BindInt(3, subject.id);
  s.BindBlob(4, body);
  s.BindBlob(5, HashBytes(leaf));
  if (fingerprints.empty()) {
    s.BindNull(6);
  } else {
    s.BindBlob(6, fingerprints);
  }
  s.BindText(7, now);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "appending a ledger entry");
  return Status::Ok();
}

Result<std::vector<StoredEntry>> SqliteLedgerDatabase::ReadEntries() {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_, std::string(kEntryColumns) + "ORDER BY seq"));
  std::vector<StoredEntry> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadEntry(s));
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading the ledger");
  return out;
}

Result<std::vector<Hash>> SqliteLedgerDatabase::ReadLeafHashes() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db_, "SELECT leaf_hash FROM ledger_entries ORDER BY seq"));
  std::vector<Hash> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(HashOf(s.ColumnBlob(0)));
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading the ledger");
  return out;
}

Result<std::optional<StoredEntry>> SqliteLedgerDatabase::FindEntry(std::string_view kind,
                                                                   std::string_view table,
                                                                   int64_t id) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, std::string(kEntryColumns) +
                                  "WHERE kind = ?1 AND subject_table = ?2 AND subject_id = ?3 "
                                  "ORDER BY seq LIMIT 1"));
  s.BindText(1, kind);
  s.BindText(2, table);
  s.BindInt(3, id);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return std::optional<StoredEntry>();
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading the ledger");
  return std::optional<StoredEntry>(ReadEntry(s));
}

Status SqliteLedgerDatabase::InsertHead(const ledger::SignedHead& head) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db_,
                                      "INSERT INTO ledger_heads (size, root, time, signature, "
                                      "public_key) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.BindInt(1, static_cast<int64_t>(head.size));
  s.BindBlob(2, HashBytes(head.root));
  s.BindText(3, head.time);
  s.BindBlob(4, head.signature);
  s.BindBlob(5, head.public_key);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing a signed head");
  return Status::Ok();
}

Result<std::vector<ledger::SignedHead>> SqliteLedgerDatabase::ReadHeads() {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_,
                                             "SELECT size, root, time, signature, public_key FROM "
                                             "ledger_heads ORDER BY id"));
  std::vector<ledger::SignedHead> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(ledger::SignedHead h,
                            StoredHead(s.ColumnInt(0), s.ColumnBlob(1), s.ColumnText(2),
                                       s.ColumnBlob(3), s.ColumnBlob(4)));
    out.push_back(std::move(h));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading signed heads");
  return out;
}

Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& t, int64_t key) {
  return SqliteLedgerDatabase(db).EncodeRow(t, std::to_string(key));
}

Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& t, std::string_view key) {
  return SqliteLedgerDatabase(db).EncodeRow(t, key);
}

Status AppendEntry(sqlite3* db, const ledger::Entry& entry, std::string_view fingerprints,
                   const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return AppendEntry(ledger, entry, fingerprints, now);
}

Status AppendRowEntry(sqlite3* db, std::string_view table, int64_t key, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return AppendRowEntry(ledger, table, key, now);
}

Status AppendStateEntry(sqlite3* db, std::string_view table, std::string_view key,
                        const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return AppendStateEntry(ledger, table, key, now);
}

Status AppendLinkageEntry(sqlite3* db, int64_t events_before, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return AppendLinkageEntry(ledger, events_before, now);
}

Status AppendTimelineWriteEntry(sqlite3* db, int64_t write_id, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return AppendTimelineWriteEntry(ledger, write_id, now);
}

Status CoverRowsWrittenBeforeTheLedger(sqlite3* db, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return CoverRowsWrittenBeforeTheLedger(ledger, now);
}

Status CoverTimelineWritesMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return CoverTimelineWritesMadeBeforeTheirEntries(ledger, now);
}

Status CoverStateRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return CoverStateRowsMadeBeforeTheirEntries(ledger, now);
}

Status CoverAuditRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  SqliteLedgerDatabase ledger(db);
  return CoverAuditRowsMadeBeforeTheirEntries(ledger, now);
}

Result<std::vector<Hash>> StoredLeafHashes(sqlite3* db) {
  return SqliteLedgerDatabase(db).ReadLeafHashes();
}

Status StoreSignedHead(sqlite3* db, const ledger::SignedHead& head) {
  return SqliteLedgerDatabase(db).InsertHead(head);
}

Result<std::vector<ledger::SignedHead>> StoredSignedHeads(sqlite3* db) {
  return SqliteLedgerDatabase(db).ReadHeads();
}

Result<LedgerCheck> CheckLedgerAgainstTables(sqlite3* db) {
  SqliteLedgerDatabase ledger(db);
  return CheckLedgerAgainstTables(ledger);
}

Result<RecordProofParts> ProofPartsOfRecord(sqlite3* db, int64_t record_id) {
  SqliteLedgerDatabase ledger(db);
  return ProofPartsOfRecord(ledger, record_id);
}

}  // namespace habeas::store
