// The ledger tables of the PostgreSQL store (docs/ledger.md): the twin of
// sqlite_ledger.cc over libpq.
#include "store/pg_ledger.h"

#include <atomic>
#include <cstring>
#include <span>

#include "store/pg_linkage.h"

namespace habeas::store {
namespace {

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
        const int64_t value = width == 64
                                  ? static_cast<int64_t>(bits)
                                  : static_cast<int64_t>(bits << (64 - width)) >> (64 - width);
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

// Rows per page of a long selection (a batch's records): small enough to keep memory
// flat, large enough that the round trips cost nothing beside the rows.
constexpr int kPageRows = 10000;

PgParams IntParams(const std::vector<int64_t>& params) {
  PgParams p;
  for (int64_t v : params) p.Int(v);
  return p;
}

int64_t BinaryInt(const PgResult& r, int row, int col) {
  return static_cast<int64_t>(BigEndian(r.View(row, col)));
}

// An integer column of a binary result whatever its width (count() is bigint, a
// literal 0 is integer).
int64_t AnyInt(const PgResult& r, int row, int col) {
  if (r.IsNull(row, col)) return 0;
  const std::string_view v = r.View(row, col);
  const int width = static_cast<int>(v.size()) * 8;
  const uint64_t bits = BigEndian(v);
  return width == 64 ? static_cast<int64_t>(bits)
                     : static_cast<int64_t>(bits << (64 - width)) >> (64 - width);
}

Hash HashOf(std::string_view bytes) {
  Hash h{};
  if (bytes.size() == h.size()) std::memcpy(h.data(), bytes.data(), h.size());
  return h;
}

StoredEntry ReadEntry(const PgResult& r, int row) {
  StoredEntry e;
  e.seq = BinaryInt(r, row, 0);
  e.body = std::string(r.View(row, 1));
  e.leaf = HashOf(r.View(row, 2));
  if (!r.IsNull(row, 3)) e.fingerprints = std::string(r.View(row, 3));
  return e;
}

constexpr char kEntryColumns[] = "SELECT seq, body, leaf_hash, fingerprints FROM ledger_entries ";

// The first column as text: an integer in decimal, text as it is.
std::string FirstColumnText(const PgResult& r, int row) {
  if (r.IsNull(row, 0)) return "";
  if (r.Type(0) == kText || r.Type(0) == kVarchar) return std::string(r.View(row, 0));
  return std::to_string(AnyInt(r, row, 0));
}

}  // namespace

Status PgLedgerDatabase::ForEachPage(const std::string& sql, const std::vector<int64_t>& params,
                                     const std::function<Status(const PgResult&)>& visit) {
  // A cursor lives in a transaction: the caller's, or a read-only snapshot of our own.
  const bool own = !conn_.InTransaction();
  if (own) HABEAS_RETURN_IF_ERROR(conn_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  // Unique among every cursor this process opens: a visitor may open another, and
  // several PgLedgerDatabase objects may share a connection in one transaction.
  static std::atomic<uint64_t> opened{0};
  const std::string cursor = "habeas_ledger_" + std::to_string(++opened);
  Status s =
      conn_.Query("DECLARE " + cursor + " NO SCROLL CURSOR FOR " + sql, IntParams(params)).status();
  while (s.ok()) {
    Result<PgResult> page =
        conn_.QueryBinary("FETCH FORWARD " + std::to_string(kPageRows) + " FROM " + cursor, {});
    if (!page.ok()) {
      s = page.status();
      break;
    }
    if (page->rows() == 0) break;
    s = visit(*page);
    if (page->rows() < kPageRows) break;
  }
  if (s.ok()) {
    s = conn_.Exec("CLOSE " + cursor);
  } else if (!own) {
    (void)conn_.Exec("CLOSE " + cursor);  // the caller's transaction goes on without it
  }
  if (own) (void)conn_.Exec(s.ok() ? "COMMIT" : "ROLLBACK");
  return s;
}

Status PgLedgerDatabase::ForEachEncodedRow(const EvidenceTable& t, const std::string& where,
                                           const std::vector<int64_t>& params,
                                           const std::function<Status(const EncodedRow&)>& visit) {
  ledger::RowEncoder row(t.name);
  return ForEachPage(SelectEncodedColumns(t, where), params, [&](const PgResult& r) {
    for (int i = 0; i < r.rows(); ++i) {
      row.Reset(t.name);
      HABEAS_RETURN_IF_ERROR(EncodeBinaryRow(r, i, &row));
      const std::string first = FirstColumnText(r, i);
      const int64_t key =
          (r.Type(0) == kText || r.Type(0) == kVarchar) ? IntegerKeyOrZero(first) : AnyInt(r, i, 0);
      HABEAS_RETURN_IF_ERROR(visit({key, first, row.bytes()}));
    }
    return Status::Ok();
  });
}

Result<std::string> PgLedgerDatabase::EncodeRow(const EvidenceTable& t, std::string_view key) {
  PgParams p;
  p.Text(key);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.QueryBinary(SelectEncodedColumns(t, "WHERE " + std::string(t.key) + " = $1"), p));
  if (r.rows() == 0) return NotFound(std::string(t.name) + " row " + std::string(key));
  ledger::RowEncoder row(t.name);
  HABEAS_RETURN_IF_ERROR(EncodeBinaryRow(r, 0, &row));
  return row.bytes();
}

Status PgLedgerDatabase::ForEachIntegerRow(
    const std::string& sql, const std::vector<int64_t>& params,
    const std::function<Status(std::span<const int64_t>)>& visit) {
  std::vector<int64_t> values;
  return ForEachPage(sql, params, [&](const PgResult& r) {
    values.resize(static_cast<size_t>(r.columns()));
    for (int i = 0; i < r.rows(); ++i) {
      for (int c = 0; c < r.columns(); ++c) values[static_cast<size_t>(c)] = AnyInt(r, i, c);
      HABEAS_RETURN_IF_ERROR(visit(values));
    }
    return Status::Ok();
  });
}

Result<int64_t> PgLedgerDatabase::QueryInt(const std::string& sql,
                                           const std::vector<int64_t>& params, int64_t when_empty) {
  HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.QueryBinary(sql, IntParams(params)));
  if (r.rows() == 0 || r.IsNull(0, 0)) return when_empty;
  return AnyInt(r, 0, 0);
}

Status PgLedgerDatabase::InsertEntry(const EntrySubject& subject, std::string_view body,
                                     const Hash& leaf, std::string_view fingerprints,
                                     const std::string& now) {
  HABEAS_RETURN_IF_ERROR(LockStore(conn_, PgStoreLock::kLedger));
  PgParams p;
  p.Text(subject.kind)
      .Text(subject.table)
      .Int(subject.id)
      .Bytes(body)
      .Bytes(std::string_view(reinterpret_cast<const char*>(leaf.data()), leaf.size()));
  if (fingerprints.empty()) {
    p.Null();
  } else {
    p.Bytes(fingerprints);
  }
  p.Text(now);
  // Under the ledger lock, held to commit: max(seq) is the last committed entry's (a new
  // statement sees every transaction committed before the lock was granted).
  return conn_
      .Query(
          "INSERT INTO ledger_entries (seq, kind, subject_table, subject_id, body, leaf_hash, "
          "fingerprints, created_at) SELECT coalesce(max(seq), 0) + 1, $1::text, $2::text, "
          "$3::bigint, $4::bytea, $5::bytea, $6::bytea, $7::text FROM ledger_entries",
          p)
      .status();
}

Result<std::vector<StoredEntry>> PgLedgerDatabase::ReadEntries() {
  std::vector<StoredEntry> out;
  HABEAS_RETURN_IF_ERROR(
      ForEachPage(std::string(kEntryColumns) + "ORDER BY seq", {}, [&](const PgResult& r) {
        for (int i = 0; i < r.rows(); ++i) {
          out.push_back(ReadEntry(r, i));
        }
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<Hash>> PgLedgerDatabase::ReadLeafHashes() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r, conn_.QueryBinary("SELECT leaf_hash FROM ledger_entries ORDER BY seq", {}));
  std::vector<Hash> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(HashOf(r.View(i, 0)));
  return out;
}

Result<std::optional<StoredEntry>> PgLedgerDatabase::FindEntry(std::string_view kind,
                                                               std::string_view table, int64_t id) {
  PgParams p;
  p.Text(kind).Text(table).Int(id);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.QueryBinary(std::string(kEntryColumns) + "WHERE kind = $1 AND subject_table = $2 AND "
                                                     "subject_id = $3 ORDER BY seq LIMIT 1",
                        p));
  if (r.rows() == 0) return std::optional<StoredEntry>();
  return std::optional<StoredEntry>(ReadEntry(r, 0));
}

Status PgLedgerDatabase::InsertHead(const ledger::SignedHead& head) {
  PgParams p;
  p.Int(static_cast<int64_t>(head.size))
      .Bytes(std::string_view(reinterpret_cast<const char*>(head.root.data()), head.root.size()))
      .Text(head.time)
      .Bytes(head.signature)
      .Bytes(head.public_key);
  return conn_
      .Query(
          "INSERT INTO ledger_heads (size, root, time, signature, public_key) "
          "VALUES ($1, $2, $3, $4, $5)",
          p)
      .status()
      .WithContext("storing a signed head");
}

Result<std::vector<ledger::SignedHead>> PgLedgerDatabase::ReadHeads() {
  HABEAS_ASSIGN_OR_RETURN(PgResult r,
                          conn_.QueryBinary("SELECT size, root, time, signature, public_key FROM "
                                            "ledger_heads ORDER BY id",
                                            {}));
  std::vector<ledger::SignedHead> out;
  for (int i = 0; i < r.rows(); ++i) {
    HABEAS_ASSIGN_OR_RETURN(ledger::SignedHead h,
                            StoredHead(BinaryInt(r, i, 0), r.View(i, 1), std::string(r.View(i, 2)),
                                       std::string(r.View(i, 3)), std::string(r.View(i, 4))));
    out.push_back(std::move(h));
  }
  return out;
}

Status CoverPgStoreWrittenBeforeItsLedger(PgConnection& conn, const std::string& now) {
  PgLedgerDatabase ledger(conn);
  HABEAS_RETURN_IF_ERROR(CoverRowsWrittenBeforeTheLedger(ledger, now));
  HABEAS_RETURN_IF_ERROR(CoverWithdrawalsMadeBeforeTheirEntries(ledger, now));
  HABEAS_RETURN_IF_ERROR(CoverTimelineWritesMadeBeforeTheirEntries(ledger, now));
  HABEAS_RETURN_IF_ERROR(CoverAuditRowsMadeBeforeTheirEntries(ledger, now));
  return CoverStateRowsMadeBeforeTheirEntries(ledger, now);
}

Result<std::string> PgEncodeStoredRow(PgConnection& conn, const EvidenceTable& t,
                                      std::string_view key) {
  return PgLedgerDatabase(conn).EncodeRow(t, key);
}

Status AppendEntry(PgConnection& conn, const ledger::Entry& entry, std::string_view fingerprints,
                   const std::string& now) {
  PgLedgerDatabase ledger(conn);
  return AppendEntry(ledger, entry, fingerprints, now);
}

Status AppendRowEntry(PgConnection& conn, std::string_view table, int64_t key,
                      const std::string& now) {
  PgLedgerDatabase ledger(conn);
  return AppendRowEntry(ledger, table, key, now);
}

Status AppendStateEntry(PgConnection& conn, std::string_view table, std::string_view key,
                        const std::string& now) {
  PgLedgerDatabase ledger(conn);
  return AppendStateEntry(ledger, table, key, now);
}

}  // namespace habeas::store
