// The ledger tables of the SQLite store (schema migration 3, docs/ledger.md).
#include "store/sqlite_ledger.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "store/sqlite_util.h"

namespace habeas::store {
namespace {

using ledger::Entry;
using ledger::EntryKind;
using ledger::Hash;

// The rows a timeline write brings, in the order of its row tree: each table's rows of
// the write by key (aliases by their alias key).
struct TimelineRowTable {
  std::string_view table;
  std::string_view order;
};
constexpr TimelineRowTable kTimelineRowTables[] = {
    {"facilities", "id"}, {"facility_aliases", "alias_key"}, {"flights", "id"},
    {"claims", "id"},     {"orders", "id"},
};

// Tables whose every row must be covered by a row entry.
constexpr std::string_view kRowEntryTables[] = {"link_decisions", "link_models",
                                                 "decision_withdrawals", "audit_log"};

// Bytes of each row leaf kept with a batch entry to name the row that changed.
constexpr size_t kFingerprintBytes = BatchRowTree::kFingerprintBytes;

const EvidenceTable& Table(std::string_view name) { return *FindEvidenceTable(name); }

void EncodeColumns(const Statement& s, int first, int count, ledger::RowEncoder* out) {
  for (int c = first; c < first + count; ++c) {
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

int ColumnCount(const EvidenceTable& t) { return EncodedColumnCount(t); }

std::string Select(const EvidenceTable& t, std::string_view where) {
  return SelectEncodedColumns(t, where);
}

std::string Fingerprint(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), kFingerprintBytes);
}

Hash HashOfWholeTable(sqlite3* db, const EvidenceTable& t, Status* status) {
  ledger::Sha256Stream stream;
  Result<Statement> s =
      Statement::Prepare(db, Select(t, "ORDER BY " + std::string(t.key)));
  if (!s.ok()) {
    *status = s.status();
    return {};
  }
  const int n = ColumnCount(t);
  ledger::RowEncoder row(t.name);
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) {
    row.Reset(t.name);
    EncodeColumns(*s, 0, n, &row);
    stream.Update(row.bytes());
  }
  if (rc != SQLITE_DONE) *status = SqliteError(db, rc, "hashing " + std::string(t.name));
  return stream.Finish();
}

struct LinkageState {
  Hash persons, record_persons, link_edges;
};

Result<LinkageState> CurrentLinkageState(sqlite3* db) {
  Status status;
  LinkageState out;
  out.persons = HashOfWholeTable(db, Table("persons"), &status);
  out.record_persons = HashOfWholeTable(db, Table("record_persons"), &status);
  out.link_edges = HashOfWholeTable(db, Table("link_edges"), &status);
  if (!status.ok()) return status;
  return out;
}

// The leaves of rows [first, last] of `table` by key (`extra` narrows further),
// with the key of each.
Status CollectLeaves(sqlite3* db, const EvidenceTable& t, const std::string& where, int64_t a,
                     int64_t b, std::vector<Hash>* leaves, std::vector<int64_t>* keys) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db, Select(t, where)));
  s.BindInt(1, a);
  s.BindInt(2, b);
  const int n = ColumnCount(t);
  ledger::RowEncoder row(t.name);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    row.Reset(t.name);
    EncodeColumns(s, 0, n, &row);
    leaves->push_back(ledger::LeafHash(row.bytes()));
    keys->push_back(s.ColumnInt(0));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading " + std::string(t.name));
  return Status::Ok();
}

// A batch's row leaves as the tables hold them now: records by id, then rejected rows.
Status BatchLeaves(sqlite3* db, const Entry& e, std::vector<Hash>* leaves,
                   std::vector<int64_t>* keys) {
  if (e.record_count > 0) {
    HABEAS_RETURN_IF_ERROR(CollectLeaves(db, Table("records"),
                                         "WHERE id BETWEEN ?1 AND ?2 ORDER BY id", e.first_record_id,
                                         e.last_record_id, leaves, keys));
  }
  return CollectLeaves(db, Table("rejected_rows"), "WHERE batch_id = ?1 AND ?2 = ?2 ORDER BY id",
                       e.id, 0, leaves, keys);
}

// A timeline write's row leaves as the tables hold them now (kTimelineRowTables), with
// the table of each leaf.
Status TimelineWriteLeaves(sqlite3* db, int64_t write_id, std::vector<Hash>* leaves,
                           std::vector<int64_t>* keys, std::vector<std::string_view>* tables) {
  for (const TimelineRowTable& t : kTimelineRowTables) {
    const size_t before = leaves->size();
    HABEAS_RETURN_IF_ERROR(CollectLeaves(
        db, Table(t.table), "WHERE write_id = ?1 AND ?2 = ?2 ORDER BY " + std::string(t.order),
        write_id, 0, leaves, keys));
    tables->insert(tables->end(), leaves->size() - before, t.table);
  }
  return Status::Ok();
}

Result<Hash> BatchRowHash(sqlite3* db, int64_t batch_id) {
  HABEAS_ASSIGN_OR_RETURN(std::string batch,
                          EncodeStoredRow(db, Table("batches"), batch_id));
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, "SELECT source_id FROM batches WHERE id = ?1"));
  s.BindInt(1, batch_id);
  if (s.Step() != SQLITE_ROW) return NotFound("batch " + std::to_string(batch_id));
  HABEAS_ASSIGN_OR_RETURN(std::string source,
                          EncodeStoredRow(db, Table("sources"), s.ColumnInt(0)));
  return ledger::Sha256Of(batch + source);
}

// Every row's key of `t`, in key order.
Result<std::vector<int64_t>> KeysOf(sqlite3* db, const EvidenceTable& t) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, "SELECT " + std::string(t.key) + " FROM " +
                                                     std::string(t.name) + " ORDER BY 1"));
  std::vector<int64_t> keys;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) keys.push_back(s.ColumnInt(0));
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading " + std::string(t.name));
  return keys;
}

Result<int64_t> QueryInt64(sqlite3* db, const std::string& sql) {
  HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db, sql));
  const int rc = s.Step();
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "reading the ledger");
  return s.ColumnInt(0);
}

Status AppendBatchEntryFromTables(sqlite3* db, int64_t batch_id, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "batches";
  e.id = batch_id;
  // The batch's records lie in its id range (one writer per batch): a range scan,
  // not a scan of every record for its batch_id.
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db,
                         "SELECT coalesce(min(r.id), 0), coalesce(max(r.id), 0), count(r.id) FROM "
                         "batches b LEFT JOIN records r ON r.id BETWEEN b.first_record_id AND "
                         "b.last_record_id AND r.batch_id = b.id WHERE b.id = ?1"));
  s.BindInt(1, batch_id);
  if (s.Step() != SQLITE_ROW) return SqliteError(db, SQLITE_ERROR, "reading a batch's records");
  e.first_record_id = s.ColumnInt(0);
  e.last_record_id = s.ColumnInt(1);
  e.record_count = s.ColumnInt(2);
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  HABEAS_RETURN_IF_ERROR(BatchLeaves(db, e, &leaves, &keys));
  e.rejected_count = static_cast<int64_t>(leaves.size()) - e.record_count;
  if (e.rejected_count < 0) {
    return DataLoss("batch " + std::to_string(batch_id) +
                    ": its records are not a contiguous id range; cannot log it");
  }
  e.rows_root = ledger::MerkleRoot(leaves);
  HABEAS_ASSIGN_OR_RETURN(e.row, BatchRowHash(db, batch_id));
  std::string fingerprints;
  for (const Hash& h : leaves) fingerprints += Fingerprint(h);
  return AppendEntry(db, e, fingerprints, now);
}

struct StoredEntry {
  int64_t seq = 0;
  std::string body;
  Hash leaf{};
  std::string fingerprints;
};

std::optional<LedgerProblem> Problem(int64_t entry, std::string_view table, int64_t row,
                                     std::string message) {
  return LedgerProblem{entry, std::string(table), row, std::move(message)};
}

// The first row whose leaf differs from the fingerprints logged, as a problem. `what`
// names the entry ("entry #5 (batches row 2): "); `table_of(i)` the table of leaf i;
// `missing_table` the table named when rows are missing after the last one present.
std::optional<LedgerProblem> FirstChangedRow(
    int64_t seq, const std::string& what, const std::vector<Hash>& leaves,
    const std::vector<int64_t>& keys, const std::string& fingerprints,
    const std::function<std::string_view(size_t)>& table_of, std::string_view missing_table) {
  const size_t logged = fingerprints.size() / kFingerprintBytes;
  for (size_t i = 0; i < leaves.size(); ++i) {
    if (i >= logged || fingerprints.compare(i * kFingerprintBytes, kFingerprintBytes,
                                            Fingerprint(leaves[i])) != 0) {
      const std::string_view table = table_of(i);
      return Problem(seq, table, keys[i],
                     what + std::string(table) + " row " + std::to_string(keys[i]) +
                         " is not the row logged at its place (changed, inserted, or a row "
                         "before it was deleted or moved)");
    }
  }
  return Problem(seq, missing_table, 0,
                 what + "rows are missing after the last one present (deleted)");
}

// "entry #5 (batches row 2): "
std::string EntryWhat(int64_t seq, std::string_view table, int64_t id) {
  return "entry #" + std::to_string(seq) + " (" + std::string(table) + " row " +
         std::to_string(id) + "): ";
}

std::optional<LedgerProblem> CheckRowEntry(sqlite3* db, int64_t seq, const Entry& e,
                                           Status* status) {
  const EvidenceTable* t = FindEvidenceTable(e.table);
  if (t == nullptr) return Problem(seq, e.table, e.id, "entry names an unknown table");
  Result<std::string> row = EncodeStoredRow(db, *t, e.id);
  const std::string what = "entry #" + std::to_string(seq) + ": " + e.table + " row " +
                           std::to_string(e.id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound) return Problem(seq, e.table, e.id, what + " is gone (deleted)");
    *status = row.status();
    return std::nullopt;
  }
  if (ledger::Sha256Of(*row) != e.row) return Problem(seq, e.table, e.id, what + " was changed");
  return std::nullopt;
}

std::optional<LedgerProblem> CheckBatchEntry(sqlite3* db, const StoredEntry& stored,
                                             const Entry& e, int64_t* rows, Status* status) {
  Result<Hash> row = BatchRowHash(db, e.id);
  const std::string what = "entry #" + std::to_string(stored.seq) + ": batches row " +
                           std::to_string(e.id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound) return Problem(stored.seq, "batches", e.id, what + " is gone (deleted)");
    *status = row.status();
    return std::nullopt;
  }
  if (*row != e.row) return Problem(stored.seq, "batches", e.id, what + " (or its source) was changed");
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  if (Status s = BatchLeaves(db, e, &leaves, &keys); !s.ok()) {
    *status = s;
    return std::nullopt;
  }
  *rows += static_cast<int64_t>(leaves.size());
  if (static_cast<int64_t>(leaves.size()) == e.record_count + e.rejected_count &&
      ledger::MerkleRoot(leaves) == e.rows_root) {
    return std::nullopt;
  }
  int64_t present_records = 0;
  for (size_t i = 0; i < keys.size() && i < static_cast<size_t>(e.record_count); ++i) {
    if (keys[i] >= e.first_record_id && keys[i] <= e.last_record_id) ++present_records;
  }
  // Records are counted by their id range: a deleted record shifts the rejected rows.
  const int64_t records = std::min<int64_t>(present_records, e.record_count);
  return FirstChangedRow(
      stored.seq, EntryWhat(stored.seq, "batches", e.id), leaves, keys, stored.fingerprints,
      [&](size_t i) {
        return static_cast<int64_t>(i) < records ? std::string_view("records")
                                                 : std::string_view("rejected_rows");
      },
      "rejected_rows");
}

// A timeline write's entry: its timeline_writes row as a row entry is checked, then the
// row tree of the rows it brought.
std::optional<LedgerProblem> CheckTimelineWriteEntry(sqlite3* db, const StoredEntry& stored,
                                                     const Entry& e, int64_t* rows,
                                                     Status* status) {
  std::optional<LedgerProblem> p = CheckRowEntry(db, stored.seq, e, status);
  if (p || !status->ok()) return p;
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  std::vector<std::string_view> tables;
  if (Status s = TimelineWriteLeaves(db, e.id, &leaves, &keys, &tables); !s.ok()) {
    *status = s;
    return std::nullopt;
  }
  *rows += static_cast<int64_t>(leaves.size()) + 1;
  if (static_cast<int64_t>(leaves.size()) == e.record_count &&
      ledger::MerkleRoot(leaves) == e.rows_root) {
    return std::nullopt;
  }
  return FirstChangedRow(stored.seq, EntryWhat(stored.seq, "timeline_writes", e.id), leaves,
                         keys, stored.fingerprints, [&](size_t i) { return tables[i]; },
                         "claims");
}

std::optional<LedgerProblem> CheckLinkageEntry(sqlite3* db, const StoredEntry& stored,
                                               const Entry& e, bool last_linkage, Status* status) {
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  if (e.last_event_id > 0) {
    if (Status s = CollectLeaves(db, Table("person_events"), "WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                                 e.first_event_id, e.last_event_id, &leaves, &keys);
        !s.ok()) {
      *status = s;
      return std::nullopt;
    }
  }
  if (ledger::MerkleRoot(leaves) != e.events_root) {
    return FirstChangedRow(
        stored.seq, "entry #" + std::to_string(stored.seq) + " (linkage): ", leaves, keys,
        stored.fingerprints, [](size_t) { return std::string_view("person_events"); },
        "person_events");
  }
  if (!last_linkage) return std::nullopt;
  Result<LinkageState> now = CurrentLinkageState(db);
  if (!now.ok()) {
    *status = now.status();
    return std::nullopt;
  }
  const std::string what = "entry #" + std::to_string(stored.seq) + " (the last link run): table ";
  if (now->persons != e.persons) return Problem(stored.seq, "persons", 0, what + "persons was changed since");
  if (now->record_persons != e.record_persons) {
    return Problem(stored.seq, "record_persons", 0, what + "record_persons was changed since");
  }
  if (now->link_edges != e.link_edges) {
    return Problem(stored.seq, "link_edges", 0, what + "link_edges was changed since");
  }
  return std::nullopt;
}

Result<std::vector<StoredEntry>> ReadEntries(sqlite3* db) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db, "SELECT seq, body, leaf_hash, fingerprints FROM ledger_entries ORDER BY seq"));
  std::vector<StoredEntry> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredEntry e;
    e.seq = s.ColumnInt(0);
    e.body = s.ColumnBlob(1);
    const std::string leaf = s.ColumnBlob(2);
    if (leaf.size() == 32) std::memcpy(e.leaf.data(), leaf.data(), 32);
    e.fingerprints = s.ColumnBlob(3);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading the ledger");
  return out;
}

// Rows of evidence tables that no entry covers: written behind Habeas's back.
Result<std::optional<LedgerProblem>> FirstUncoveredRow(
    sqlite3* db, const std::vector<std::pair<int64_t, int64_t>>& record_ranges,
    const std::set<int64_t>& batches, const std::map<std::string, std::set<int64_t>>& rows,
    const std::vector<std::pair<int64_t, int64_t>>& event_ranges,
    const std::set<int64_t>& timeline_writes) {
  auto covered = [](const std::vector<std::pair<int64_t, int64_t>>& ranges, int64_t id) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), std::make_pair(id, INT64_MAX));
    return it != ranges.begin() && std::prev(it)->second >= id;
  };
  auto scan = [&](const std::string& sql, const std::function<bool(int64_t, int64_t)>& ok,
                  std::string_view table) -> Result<std::optional<LedgerProblem>> {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db, sql));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      const int64_t id = s.ColumnInt(0);
      if (!ok(id, s.ColumnInt(1))) {
        return Problem(0, table, id,
                       std::string(table) + " row " + std::to_string(id) +
                           " is covered by no ledger entry (inserted behind Habeas's back)");
      }
    }
    if (rc != SQLITE_DONE) return SqliteError(db, rc, "scanning " + std::string(table));
    return std::optional<LedgerProblem>();
  };
  std::optional<LedgerProblem> p;
  HABEAS_ASSIGN_OR_RETURN(p, scan("SELECT id, 0 FROM batches ORDER BY id",
                                  [&](int64_t id, int64_t) { return batches.count(id) > 0; }, "batches"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(p, scan("SELECT id, batch_id FROM records ORDER BY id",
                                  [&](int64_t id, int64_t) { return covered(record_ranges, id); },
                                  "records"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(p, scan("SELECT id, batch_id FROM rejected_rows ORDER BY id",
                                  [&](int64_t, int64_t batch) { return batches.count(batch) > 0; },
                                  "rejected_rows"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(p, scan("SELECT id, 0 FROM person_events ORDER BY id",
                                  [&](int64_t id, int64_t) { return covered(event_ranges, id); },
                                  "person_events"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(
      p, scan("SELECT id, 0 FROM timeline_writes ORDER BY id",
              [&](int64_t id, int64_t) { return timeline_writes.count(id) > 0; },
              "timeline_writes"));
  if (p) return p;
  for (const TimelineRowTable& t : kTimelineRowTables) {
    HABEAS_ASSIGN_OR_RETURN(
        p, scan("SELECT " + std::string(Table(t.table).key) + ", write_id FROM " +
                    std::string(t.table) + " ORDER BY " + std::string(t.order),
                [&](int64_t, int64_t write) { return timeline_writes.count(write) > 0; },
                t.table));
    if (p) return p;
  }
  for (std::string_view table : kRowEntryTables) {
    const EvidenceTable& t = Table(table);
    auto it = rows.find(std::string(table));
    HABEAS_ASSIGN_OR_RETURN(
        p, scan("SELECT " + std::string(t.key) + ", 0 FROM " + std::string(table) + " ORDER BY 1",
                [&](int64_t id, int64_t) { return it != rows.end() && it->second.count(id) > 0; },
                table));
    if (p) return p;
  }
  return std::optional<LedgerProblem>();
}

// Every row of the state tables against the latest state entry of its key, then every
// key whose latest entry says the row exists against the table: a row changed, deleted
// or inserted behind Habeas's back is named with its entry (or "no entry").
Result<std::optional<LedgerProblem>> FirstStateMismatch(
    sqlite3* db, const std::vector<StoredEntry>& entries, const std::vector<Entry>& parsed,
    const std::map<std::pair<std::string, std::string>, size_t>& latest, int64_t* rows) {
  for (std::string_view table : StateTables()) {
    const EvidenceTable& t = Table(table);
    std::set<std::string> present;
    HABEAS_ASSIGN_OR_RETURN(Statement s,
                            Statement::Prepare(db, Select(t, "ORDER BY " + std::string(t.key))));
    const int n = ColumnCount(t);
    ledger::RowEncoder row(t.name);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      const std::string key = s.ColumnText(0);
      row.Reset(t.name);
      EncodeColumns(s, 0, n, &row);
      ++*rows;
      present.insert(key);
      auto it = latest.find({std::string(table), key});
      const std::string what = std::string(table) + " row " + key;
      if (it == latest.end()) {
        return Problem(0, table, IntegerKeyOrZero(key),
                       what + " is covered by no ledger entry (inserted behind Habeas's back)");
      }
      const int64_t seq = entries[it->second].seq;
      const Entry& e = parsed[it->second];
      const std::string entry = "entry #" + std::to_string(seq) + ": ";
      if (e.deleted) {
        return Problem(seq, table, IntegerKeyOrZero(key),
                       entry + what +
                           " was deleted by this entry but is present (inserted "
                           "again behind Habeas's back)");
      }
      if (ledger::Sha256Of(row.bytes()) != e.row) {
        return Problem(seq, table, IntegerKeyOrZero(key),
                       entry + what + " is not the state logged by its latest entry (changed)");
      }
    }
    if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading " + std::string(table));
    for (const auto& [subject, index] : latest) {
      if (subject.first != table || parsed[index].deleted || present.count(subject.second))
        continue;
      return Problem(entries[index].seq, table, IntegerKeyOrZero(subject.second),
                     "entry #" + std::to_string(entries[index].seq) + ": " + std::string(table) +
                         " row " + subject.second + " is gone (deleted)");
    }
  }
  return std::optional<LedgerProblem>();
}

Result<ledger::SignedHead> ReadHead(const Statement& s) {
  ledger::SignedHead h;
  h.size = static_cast<uint64_t>(s.ColumnInt(0));
  const std::string root = s.ColumnBlob(1);
  if (root.size() != 32) return DataLoss("a stored signed head has a malformed root");
  std::memcpy(h.root.data(), root.data(), 32);
  h.time = s.ColumnText(2);
  h.signature = s.ColumnBlob(3);
  h.public_key = s.ColumnBlob(4);
  return h;
}

}  // namespace

Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& t, int64_t key) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, Select(t, "WHERE " + std::string(t.key) + " = ?1")));
  s.BindInt(1, key);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound(std::string(t.name) + " row " + std::to_string(key));
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "reading " + std::string(t.name));
  ledger::RowEncoder row(t.name);
  EncodeColumns(s, 0, ColumnCount(t), &row);
  return row.bytes();
}

Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& t, std::string_view key) {
  // A text key compares equal to an integer key column (SQLite applies the column's
  // integer affinity to it), so one statement serves users, api_tokens and settings.
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db, Select(t, "WHERE " + std::string(t.key) + " = ?1")));
  s.BindText(1, key);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) return NotFound(std::string(t.name) + " row " + std::string(key));
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "reading " + std::string(t.name));
  ledger::RowEncoder row(t.name);
  EncodeColumns(s, 0, ColumnCount(t), &row);
  return row.bytes();
}

Status AppendEntry(sqlite3* db, const Entry& entry, std::string_view fingerprints,
                   const std::string& now) {
  const std::string body = entry.Body();
  const Hash leaf = ledger::LeafHash(body);
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db,
                         "INSERT INTO ledger_entries (kind, subject_table, subject_id, body, "
                         "leaf_hash, fingerprints, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  const EntrySubject subject = SubjectOf(entry);
  s.BindText(1, subject.kind);
  s.BindText(2, subject.table);
  s.BindInt(3, subject.id);
  s.BindBlob(4, body);
  s.BindBlob(5, std::string_view(reinterpret_cast<const char*>(leaf.data()), leaf.size()));
  if (fingerprints.empty()) {
    s.BindNull(6);
  } else {
    s.BindBlob(6, fingerprints);
  }
  s.BindText(7, now);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "appending a ledger entry");
  return Status::Ok();
}

Status AppendRowEntry(sqlite3* db, std::string_view table, int64_t key, const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr) return Internal("ledger: " + std::string(table) + " is not an evidence table");
  HABEAS_ASSIGN_OR_RETURN(std::string row, EncodeStoredRow(db, *t, key));
  Entry e;
  e.kind = EntryKind::kRow;
  e.table = std::string(table);
  e.id = key;
  e.row = ledger::Sha256Of(row);
  return AppendEntry(db, e, {}, now);
}

Status AppendStateEntry(sqlite3* db, std::string_view table, std::string_view key,
                        const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr || !IsStateTable(table)) {
    return Internal("ledger: " + std::string(table) + " is not a table updated in place");
  }
  Entry e;
  e.kind = EntryKind::kState;
  e.table = std::string(table);
  e.key = std::string(key);
  Result<std::string> row = EncodeStoredRow(db, *t, key);
  if (row.ok()) {
    e.row = ledger::Sha256Of(*row);
  } else if (row.status().code() == StatusCode::kNotFound) {
    e.deleted = true;
  } else {
    return row.status();
  }
  return AppendEntry(db, e, {}, now);
}

// The entry of a timeline write: kind "batch" over the timeline_writes row, its row
// tree over the facilities, aliases, flights, claims and orders it brought (docs/
// ledger.md "Timeline writes"); `records` counts those rows, none are rejected.
Status AppendTimelineWriteEntry(sqlite3* db, int64_t write_id, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "timeline_writes";
  e.id = write_id;
  HABEAS_ASSIGN_OR_RETURN(std::string row, EncodeStoredRow(db, Table("timeline_writes"), write_id));
  e.row = ledger::Sha256Of(row);
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  std::vector<std::string_view> tables;
  HABEAS_RETURN_IF_ERROR(TimelineWriteLeaves(db, write_id, &leaves, &keys, &tables));
  e.record_count = static_cast<int64_t>(leaves.size());
  e.rows_root = ledger::MerkleRoot(leaves);
  std::string fingerprints;
  for (const Hash& h : leaves) fingerprints += Fingerprint(h);
  return AppendEntry(db, e, fingerprints, now);
}

namespace {
// A row entry for every row of `table` as it is now (bringing rows written before
// their table was logged under the ledger).
Status AppendRowEntryForEveryRow(sqlite3* db, std::string_view table, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<int64_t> keys, KeysOf(db, Table(table)));
  for (int64_t key : keys) HABEAS_RETURN_IF_ERROR(AppendRowEntry(db, table, key, now));
  return Status::Ok();
}
}  // namespace

std::string& BatchRowTree::StartRecord(int64_t id) {
  if (first_record_id_ == 0) first_record_id_ = id;
  last_record_id_ = id;
  return records_.StartLeaf();
}

void BatchRowTree::EndRecord() { records_.EndLeaf(); }

void BatchRowTree::AddRejected(const std::string& encoding) {
  rejected_.push_back(ledger::LeafHash(encoding));
}

void BatchRowTree::RemoveRecord(int64_t) { records_removed_ = true; }

Status BatchRowTree::AppendEntry(sqlite3* db, int64_t batch_id, const std::string& now) {
  ledger::LeafHasher::Tree tree = records_.Finish();
  if (records_removed_) return AppendBatchEntryFromTables(db, batch_id, now);
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "batches";
  e.id = batch_id;
  e.first_record_id = first_record_id_;
  e.last_record_id = last_record_id_;
  e.record_count = static_cast<int64_t>(tree.root.size());
  e.rejected_count = static_cast<int64_t>(rejected_.size());
  for (const Hash& h : rejected_) {
    tree.root.Add(h);
    tree.fingerprints += Fingerprint(h);
  }
  e.rows_root = tree.root.Root();
  HABEAS_ASSIGN_OR_RETURN(e.row, BatchRowHash(db, batch_id));
  return store::AppendEntry(db, e, tree.fingerprints, now);
}

Status AppendLinkageEntry(sqlite3* db, int64_t events_before, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kLinkage;
  HABEAS_ASSIGN_OR_RETURN(int64_t last, QueryInt64(db, "SELECT coalesce(max(id), 0) FROM person_events"));
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  if (last > events_before) {
    e.first_event_id = events_before + 1;
    e.last_event_id = last;
    HABEAS_RETURN_IF_ERROR(CollectLeaves(db, Table("person_events"),
                                         "WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                                         e.first_event_id, e.last_event_id, &leaves, &keys));
  }
  e.events_root = ledger::MerkleRoot(leaves);
  HABEAS_ASSIGN_OR_RETURN(LinkageState state, CurrentLinkageState(db));
  e.persons = state.persons;
  e.record_persons = state.record_persons;
  e.link_edges = state.link_edges;
  std::string fingerprints;
  for (const Hash& h : leaves) fingerprints += Fingerprint(h);
  return AppendEntry(db, e, fingerprints, now);
}

Status CoverRowsWrittenBeforeTheLedger(sqlite3* db, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<int64_t> batches, KeysOf(db, Table("batches")));
  for (int64_t id : batches) HABEAS_RETURN_IF_ERROR(AppendBatchEntryFromTables(db, id, now));
  // The row-entry tables as they were when the ledger came (migration 3): tables added
  // by later migrations do not exist yet when this runs.
  for (std::string_view table : {"link_decisions", "link_models"}) {
    HABEAS_RETURN_IF_ERROR(AppendRowEntryForEveryRow(db, table, now));
  }
  HABEAS_ASSIGN_OR_RETURN(int64_t persons, QueryInt64(db, "SELECT count(*) FROM persons"));
  HABEAS_ASSIGN_OR_RETURN(int64_t events, QueryInt64(db, "SELECT count(*) FROM person_events"));
  if (persons > 0 || events > 0) HABEAS_RETURN_IF_ERROR(AppendLinkageEntry(db, 0, now));
  return Status::Ok();
}

Status CoverAuditRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  return AppendRowEntryForEveryRow(db, "audit_log", now);
}

Status CoverStateRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  for (std::string_view table : StateTables()) {
    const EvidenceTable& t = Table(table);
    HABEAS_ASSIGN_OR_RETURN(Statement s,
                            Statement::Prepare(db, "SELECT " + std::string(t.key) + " FROM " +
                                                       std::string(table) + " ORDER BY 1"));
    std::vector<std::string> keys;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) keys.push_back(s.ColumnText(0));
    if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading " + std::string(table));
    for (const std::string& key : keys)
      HABEAS_RETURN_IF_ERROR(AppendStateEntry(db, table, key, now));
  }
  return Status::Ok();
}

Status CoverTimelineWritesMadeBeforeTheirEntries(sqlite3* db, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<int64_t> writes, KeysOf(db, Table("timeline_writes")));
  for (int64_t id : writes) HABEAS_RETURN_IF_ERROR(AppendTimelineWriteEntry(db, id, now));
  return Status::Ok();
}

Result<std::vector<Hash>> StoredLeafHashes(sqlite3* db) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, "SELECT leaf_hash FROM ledger_entries ORDER BY seq"));
  std::vector<Hash> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    Hash h{};
    const std::string leaf = s.ColumnBlob(0);
    if (leaf.size() == 32) std::memcpy(h.data(), leaf.data(), 32);
    out.push_back(h);
  }
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading the ledger");
  return out;
}

Status StoreSignedHead(sqlite3* db, const ledger::SignedHead& head) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db,
                                      "INSERT INTO ledger_heads (size, root, time, signature, "
                                      "public_key) VALUES (?1, ?2, ?3, ?4, ?5)"));
  s.BindInt(1, static_cast<int64_t>(head.size));
  s.BindBlob(2, std::string_view(reinterpret_cast<const char*>(head.root.data()), 32));
  s.BindText(3, head.time);
  s.BindBlob(4, head.signature);
  s.BindBlob(5, head.public_key);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "storing a signed head");
  return Status::Ok();
}

Result<std::vector<ledger::SignedHead>> StoredSignedHeads(sqlite3* db) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db,
                                      "SELECT size, root, time, signature, public_key FROM "
                                      "ledger_heads ORDER BY id"));
  std::vector<ledger::SignedHead> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(ledger::SignedHead h, ReadHead(s));
    out.push_back(std::move(h));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, rc, "reading signed heads");
  return out;
}

Result<LedgerCheck> CheckLedgerAgainstTables(sqlite3* db) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<StoredEntry> entries, ReadEntries(db));
  LedgerCheck out;
  std::vector<Entry> parsed(entries.size());
  int64_t last_linkage = -1;
  auto note = [&](std::optional<LedgerProblem> p) {
    if (p && !out.problem) out.problem = std::move(p);
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    const StoredEntry& s = entries[i];
    out.leaves.push_back(ledger::LeafHash(s.body));
    const int64_t expected = static_cast<int64_t>(i) + 1;
    if (s.seq != expected) {
      note(Problem(expected, "ledger_entries", expected,
                   "entry #" + std::to_string(expected) + " is missing (deleted from ledger_entries)"));
    }
    if (out.leaves.back() != s.leaf) {
      note(Problem(s.seq, "ledger_entries", s.seq,
                   "entry #" + std::to_string(s.seq) + "'s body does not hash to its leaf (edited)"));
    }
    Result<Entry> e = Entry::Parse(s.body);
    if (!e.ok()) {
      note(Problem(s.seq, "ledger_entries", s.seq,
                   "entry #" + std::to_string(s.seq) + " is malformed: " + e.status().message()));
      continue;
    }
    parsed[i] = *e;
    if (e->kind == EntryKind::kLinkage) last_linkage = static_cast<int64_t>(i);
  }
  std::vector<std::pair<int64_t, int64_t>> record_ranges, event_ranges;
  std::set<int64_t> batches, timeline_writes;
  std::map<std::string, std::set<int64_t>> rows;
  std::map<std::pair<std::string, std::string>, size_t> latest_state;  // (table, key) → entry
  for (size_t i = 0; i < entries.size() && !out.problem; ++i) {
    const Entry& e = parsed[i];
    Status status;
    std::optional<LedgerProblem> p;
    switch (e.kind) {
      case EntryKind::kBatch:
        if (e.table == "timeline_writes") {
          p = CheckTimelineWriteEntry(db, entries[i], e, &out.rows_checked, &status);
          timeline_writes.insert(e.id);
          break;
        }
        p = CheckBatchEntry(db, entries[i], e, &out.rows_checked, &status);
        batches.insert(e.id);
        if (e.record_count > 0) record_ranges.emplace_back(e.first_record_id, e.last_record_id);
        break;
      case EntryKind::kRow:
        p = CheckRowEntry(db, entries[i].seq, e, &status);
        ++out.rows_checked;
        rows[e.table].insert(e.id);
        break;
      case EntryKind::kState:
        latest_state[{e.table, e.key}] = i;  // later entries replace earlier ones
        break;
      case EntryKind::kLinkage:
        p = CheckLinkageEntry(db, entries[i], e, static_cast<int64_t>(i) == last_linkage, &status);
        if (e.last_event_id > 0) event_ranges.emplace_back(e.first_event_id, e.last_event_id);
        break;
    }
    HABEAS_RETURN_IF_ERROR(status);
    note(std::move(p));
  }
  if (out.problem) return out;
  HABEAS_ASSIGN_OR_RETURN(out.problem,
                          FirstStateMismatch(db, entries, parsed, latest_state, &out.rows_checked));
  if (out.problem) return out;
  std::sort(record_ranges.begin(), record_ranges.end());
  std::sort(event_ranges.begin(), event_ranges.end());
  HABEAS_ASSIGN_OR_RETURN(out.problem,
                          FirstUncoveredRow(db, record_ranges, batches, rows, event_ranges,
                                            timeline_writes));
  return out;
}

Result<RecordProofParts> ProofPartsOfRecord(sqlite3* db, int64_t record_id) {
  HABEAS_ASSIGN_OR_RETURN(std::string encoding, EncodeStoredRow(db, Table("records"), record_id));
  HABEAS_ASSIGN_OR_RETURN(
      Statement find,
      Statement::Prepare(db,
                         "SELECT e.seq, e.body FROM records r JOIN ledger_entries e ON "
                         "e.subject_table = 'batches' AND e.subject_id = r.batch_id AND e.kind = "
                         "'batch' WHERE r.id = ?1"));
  find.BindInt(1, record_id);
  if (find.Step() != SQLITE_ROW) {
    return DataLoss("record " + std::to_string(record_id) + " is covered by no ledger entry");
  }
  RecordProofParts out;
  ledger::RecordProof& p = out.proof;
  p.entry_index = static_cast<uint64_t>(find.ColumnInt(0) - 1);
  p.entry_body = find.ColumnBlob(1);
  HABEAS_ASSIGN_OR_RETURN(Entry e, Entry::Parse(p.entry_body));
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  HABEAS_RETURN_IF_ERROR(BatchLeaves(db, e, &leaves, &keys));
  if (ledger::MerkleRoot(leaves) != e.rows_root ||
      static_cast<int64_t>(leaves.size()) != e.record_count + e.rejected_count) {
    return DataLoss("batch " + std::to_string(e.id) +
                    " no longer matches its ledger entry; run `habeas verify`");
  }
  auto it = std::find(keys.begin(), keys.begin() + e.record_count, record_id);
  p.row_index = static_cast<uint64_t>(it - keys.begin());
  p.row_count = leaves.size();
  p.row_path = ledger::InclusionPath(leaves, p.row_index);
  p.table = "records";
  p.row_encoding = std::move(encoding);
  for (std::string& name : ledger::ColumnNames(ledger::kRecordsColumns)) {
    p.columns.emplace_back(std::move(name), "");
  }
  return out;
}

}  // namespace habeas::store
