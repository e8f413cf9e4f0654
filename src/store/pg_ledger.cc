// The ledger tables of the PostgreSQL store (docs/ledger.md): the twin of
// sqlite_ledger.cc over libpq.
#include "store/pg_ledger.h"

#include <cstring>

#include "store/pg_linkage.h"

namespace habeas::store {
namespace {

using ledger::Entry;
using ledger::EntryKind;
using ledger::Hash;

// pg_type OIDs of the column types the store's tables use (pg_schema.cc).
constexpr Oid kInt2 = 21, kInt4 = 23, kInt8 = 20, kFloat4 = 700, kFloat8 = 701, kText = 25,
              kVarchar = 1043, kBytea = 17;

uint64_t BigEndian(std::string_view bytes) {
  uint64_t out = 0;
  for (unsigned char c : bytes) out = (out << 8) | c;
  return out;
}

// A row of a binary-format result, encoded by its columns' types: the tags SQLite's
// storage classes give the same values (BIGINT 'i', DOUBLE PRECISION 'r', TEXT 't',
// BYTEA 'b', NULL 'n'), so a row hashes the same on both backends.
Status EncodeBinaryRow(const PgResult& r, int row, ledger::RowEncoder* out) {
  for (int c = 0; c < r.columns(); ++c) {
    if (r.IsNull(row, c)) {
      out->Null();
      continue;
    }
    const std::string_view v = r.View(row, c);
    switch (r.Type(c)) {
      case kInt8:
      case kInt4:
      case kInt2: {
        const uint64_t bits = BigEndian(v);
        const int width = static_cast<int>(v.size()) * 8;
        // Sign-extend the narrower widths.
        const int64_t value = width == 64 ? static_cast<int64_t>(bits)
                                          : static_cast<int64_t>(bits << (64 - width)) >>
                                                (64 - width);
        out->Int(value);
        break;
      }
      case kFloat8: {
        const uint64_t bits = BigEndian(v);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        out->Real(d);
        break;
      }
      case kFloat4: {
        const uint32_t bits = static_cast<uint32_t>(BigEndian(v));
        float f;
        std::memcpy(&f, &bits, sizeof f);
        out->Real(f);
        break;
      }
      case kText:
      case kVarchar:
        out->Text(v);
        break;
      case kBytea:
        out->Blob(v);
        break;
      default:
        return Internal("ledger: column " + std::to_string(c) + " has a type (oid " +
                        std::to_string(r.Type(c)) + ") the row encoding has no tag for");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> PgEncodeStoredRow(PgConnection& conn, const EvidenceTable& t,
                                      std::string_view key) {
  PgParams p;
  p.Text(key);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r, conn.QueryBinary(SelectEncodedColumns(t, "WHERE " + std::string(t.key) + " = $1"), p));
  if (r.rows() == 0) return NotFound(std::string(t.name) + " row " + std::string(key));
  ledger::RowEncoder row(t.name);
  HABEAS_RETURN_IF_ERROR(EncodeBinaryRow(r, 0, &row));
  return row.bytes();
}

Status AppendEntry(PgConnection& conn, const Entry& entry, std::string_view fingerprints,
                   const std::string& now) {
  const std::string body = entry.Body();
  const Hash leaf = ledger::LeafHash(body);
  HABEAS_RETURN_IF_ERROR(LockStore(conn, PgStoreLock::kLedger));
  const EntrySubject subject = SubjectOf(entry);
  PgParams p;
  p.Text(subject.kind).Text(subject.table).Int(subject.id).Bytes(body).Bytes(
      std::string_view(reinterpret_cast<const char*>(leaf.data()), leaf.size()));
  if (fingerprints.empty()) {
    p.Null();
  } else {
    p.Bytes(fingerprints);
  }
  p.Text(now);
  // Under the ledger lock, held to commit: max(seq) is the last committed entry's.
  return conn
      .Query("INSERT INTO ledger_entries (seq, kind, subject_table, subject_id, body, leaf_hash, "
             "fingerprints, created_at) SELECT coalesce(max(seq), 0) + 1, $1::text, $2::text, "
             "$3::bigint, $4::bytea, $5::bytea, $6::bytea, $7::text FROM ledger_entries",
             p)
      .status()
      .WithContext("appending a ledger entry");
}

Status AppendRowEntry(PgConnection& conn, std::string_view table, int64_t key,
                      const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr) return Internal("ledger: " + std::string(table) + " is not an evidence table");
  HABEAS_ASSIGN_OR_RETURN(std::string row, PgEncodeStoredRow(conn, *t, std::to_string(key)));
  Entry e;
  e.kind = EntryKind::kRow;
  e.table = std::string(table);
  e.id = key;
  e.row = ledger::Sha256Of(row);
  return AppendEntry(conn, e, {}, now);
}

Status AppendStateEntry(PgConnection& conn, std::string_view table, std::string_view key,
                        const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr || !IsStateTable(table)) {
    return Internal("ledger: " + std::string(table) + " is not a table updated in place");
  }
  Entry e;
  e.kind = EntryKind::kState;
  e.table = std::string(table);
  e.key = std::string(key);
  Result<std::string> row = PgEncodeStoredRow(conn, *t, key);
  if (row.ok()) {
    e.row = ledger::Sha256Of(*row);
  } else if (row.status().code() == StatusCode::kNotFound) {
    e.deleted = true;
  } else {
    return row.status();
  }
  return AppendEntry(conn, e, {}, now);
}

}  // namespace habeas::store
