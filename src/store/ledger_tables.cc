// The ledger over either backend's tables (docs/ledger.md), see ledger_tables.h.
#include "store/ledger_tables.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <map>
#include <set>

#include "ledger/row_values.h"

namespace habeas::store {
namespace {

// Evidence tables and the columns their rows are encoded by. The state tables
// (persons, record_persons, link_edges) are hashed whole by linkage entries.
constexpr EvidenceTable kEvidenceTables[] = {
    {"batches", "id",
     "id, source_id, file_name, file_sha256, file_size, received_date, imported_at, format, "
     "encoding, delimiter, header, mapping, rows_read, rows_imported, rows_rejected, "
     "blank_lines, first_record_id, last_record_id"},
    {"sources", "id", "id, name, kind, created_at"},
    {"records", "id", ledger::kRecordsColumns},
    {"rejected_rows", "id", ledger::kRejectedRowsColumns},
    {"link_decisions", "id", "id, record_a, record_b, decision, reason, decided_by, decided_at"},
    {"link_models", "version", "version, created_at, model"},
    {"decision_withdrawals", "id", "id, decision_id, withdrawn_by, withdrawn_at"},
    {"person_events", "id", "id, kind, person_ids, record_ids, at, by, reason"},
    {"persons", "id", "id, status, merged_into, created_at, created_by, updated_at"},
    {"record_persons", "record_id", "record_id, person_id, assigned_at"},
    {"link_edges", "id", "id, person_id, record_a, record_b, weight, probability, kind"},
    {"timeline_writes", "id",
     "id, kind, source, file_name, file_sha256, batch_id, written_at, written_by, facilities, "
     "flights, claims, orders"},
    {"facilities", "id", "id, write_id, name, place, country, operator"},
    {"facility_aliases", "facility_id", "facility_id, alias_key, alias, write_id"},
    {"flights", "id",
     "id, write_id, carrier, number, tail, aliases, departure_place, departure_from, "
     "departure_to, departure_precision, departure_zone, departure_text, arrival_place, "
     "arrival_from, arrival_to, arrival_precision, arrival_zone, arrival_text"},
    {"claims", "id",
     "id, write_id, kind, record_id, person_id, source, file, line, raw, valid_from, valid_to, "
     "precision, time_zone, valid_text, recorded_at, confidence, facility, flight, authority, "
     "item, value, language, note"},
    {"orders", "id", "id, write_id, name, text, file, line"},
    {"audit_log", "id", "id, at, actor, role, client, action, target, detail"},
    // Updated in place; each change is a state entry (kStateTables).
    {"users", "id", "id, name, role, password_hash, created_at, updated_at"},
    {"api_tokens", "id", "id, user_id, label, secret_hash, created_at, revoked_at"},
    {"settings", "key", "key, value", KeyType::kText},
};

constexpr std::string_view kStateTables[] = {"users", "api_tokens", "settings"};

}  // namespace

const EvidenceTable* FindEvidenceTable(std::string_view table) {
  for (const EvidenceTable& t : kEvidenceTables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

bool IsStateTable(std::string_view table) {
  return std::find(std::begin(kStateTables), std::end(kStateTables), table) !=
         std::end(kStateTables);
}

std::span<const std::string_view> StateTables() { return kStateTables; }

int EncodedColumnCount(const EvidenceTable& t) {
  return static_cast<int>(std::count(t.columns.begin(), t.columns.end(), ',')) + 1;
}

std::string SelectEncodedColumns(const EvidenceTable& t, std::string_view where) {
  return "SELECT " + std::string(t.columns) + " FROM " + std::string(t.name) + " " +
         std::string(where);
}

int64_t IntegerKeyOrZero(std::string_view key) {
  if (key.empty() || key.size() > 18) return 0;
  int64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

EntrySubject SubjectOf(const ledger::Entry& entry) {
  using ledger::EntryKind;
  EntrySubject out;
  // The kind column's CHECK (migration 3) predates state entries: they are filed as
  // 'row' there (the body says "kind state").
  out.kind =
      entry.kind == EntryKind::kState ? std::string_view("row") : ledger::EntryKindName(entry.kind);
  out.table = entry.kind == EntryKind::kLinkage ? std::string_view("person_events")
                                                : std::string_view(entry.table);
  out.id = entry.kind == EntryKind::kLinkage ? entry.last_event_id
           : entry.kind == EntryKind::kState ? IntegerKeyOrZero(entry.key)
                                             : entry.id;
  return out;
}

namespace {

using ledger::Entry;
using ledger::EntryKind;
using ledger::Hash;

// The rows a timeline write brings, in the order of its row tree: each table's rows of
// the write by key (aliases by their alias key).
struct TimelineRowTable {
  std::string_view table;
  std::string_view order;
  KeyType order_type = KeyType::kInteger;
};
constexpr TimelineRowTable kTimelineRowTables[] = {
    {"facilities", "id"}, {"facility_aliases", "alias_key", KeyType::kText},
    {"flights", "id"},    {"claims", "id"},
    {"orders", "id"},
};

std::string OrderOf(const LedgerDatabase& db, const TimelineRowTable& t) {
  return t.order_type == KeyType::kText ? db.ByteOrder(t.order) : std::string(t.order);
}

// Tables whose every row must be covered by a row entry.
constexpr std::string_view kRowEntryTables[] = {"link_decisions", "link_models",
                                                "decision_withdrawals", "audit_log"};

// Bytes of each row leaf kept with a batch entry to name the row that changed.
constexpr size_t kFingerprintBytes = BatchRowTree::kFingerprintBytes;

const EvidenceTable& Table(std::string_view name) { return *FindEvidenceTable(name); }

std::string Fingerprint(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), kFingerprintBytes);
}

Hash HashOfWholeTable(LedgerDatabase& db, const EvidenceTable& t, Status* status) {
  ledger::Sha256Stream stream;
  Status s =
      db.ForEachEncodedRow(t, db.OrderByKey(t), {}, [&](const LedgerDatabase::EncodedRow& row) {
        stream.Update(row.encoding);
        return Status::Ok();
      });
  if (!s.ok() && status->ok()) *status = s.WithContext("hashing " + std::string(t.name));
  return stream.Finish();
}

struct LinkageState {
  Hash persons, record_persons, link_edges;
};

Result<LinkageState> CurrentLinkageState(LedgerDatabase& db) {
  Status status;
  LinkageState out;
  out.persons = HashOfWholeTable(db, Table("persons"), &status);
  out.record_persons = HashOfWholeTable(db, Table("record_persons"), &status);
  out.link_edges = HashOfWholeTable(db, Table("link_edges"), &status);
  if (!status.ok()) return status;
  return out;
}

// The leaves of the rows of `t` that `where` selects (in its order), with the first
// column (the key) of each.
Status CollectLeaves(LedgerDatabase& db, const EvidenceTable& t, const std::string& where,
                     const std::vector<int64_t>& params, std::vector<Hash>* leaves,
                     std::vector<int64_t>* keys) {
  return db
      .ForEachEncodedRow(t, where, params,
                         [&](const LedgerDatabase::EncodedRow& row) {
                           leaves->push_back(ledger::LeafHash(row.encoding));
                           keys->push_back(row.first);
                           return Status::Ok();
                         })
      .WithContext("reading " + std::string(t.name));
}

// A batch's row leaves as the tables hold them now: records by id, then rejected rows.
Status BatchLeaves(LedgerDatabase& db, const Entry& e, std::vector<Hash>* leaves,
                   std::vector<int64_t>* keys) {
  if (e.record_count > 0) {
    HABEAS_RETURN_IF_ERROR(
        CollectLeaves(db, Table("records"),
                      "WHERE id BETWEEN " + db.Param(1) + " AND " + db.Param(2) + " ORDER BY id",
                      {e.first_record_id, e.last_record_id}, leaves, keys));
  }
  return CollectLeaves(db, Table("rejected_rows"),
                       "WHERE batch_id = " + db.Param(1) + " ORDER BY id", {e.id}, leaves, keys);
}

// A timeline write's row leaves as the tables hold them now (kTimelineRowTables), with
// the table of each leaf.
Status TimelineWriteLeaves(LedgerDatabase& db, int64_t write_id, std::vector<Hash>* leaves,
                           std::vector<int64_t>* keys, std::vector<std::string_view>* tables) {
  for (const TimelineRowTable& t : kTimelineRowTables) {
    const size_t before = leaves->size();
    HABEAS_RETURN_IF_ERROR(CollectLeaves(
        db, Table(t.table), "WHERE write_id = " + db.Param(1) + " ORDER BY " + OrderOf(db, t),
        {write_id}, leaves, keys));
    tables->insert(tables->end(), leaves->size() - before, t.table);
  }
  return Status::Ok();
}

Result<Hash> BatchRowHash(LedgerDatabase& db, int64_t batch_id) {
  HABEAS_ASSIGN_OR_RETURN(std::string batch,
                          db.EncodeRow(Table("batches"), std::to_string(batch_id)));
  HABEAS_ASSIGN_OR_RETURN(
      int64_t source_id,
      db.QueryInt("SELECT source_id FROM batches WHERE id = " + db.Param(1), {batch_id}, 0));
  HABEAS_ASSIGN_OR_RETURN(std::string source,
                          db.EncodeRow(Table("sources"), std::to_string(source_id)));
  return ledger::Sha256Of(batch + source);
}

// Every row's key of `t`, in key order (text keys by their bytes).
Result<std::vector<std::string>> KeysOf(LedgerDatabase& db, const EvidenceTable& t) {
  std::vector<std::string> keys;
  HABEAS_RETURN_IF_ERROR(
      db.ForEachEncodedRow(t, db.OrderByKey(t), {}, [&](const LedgerDatabase::EncodedRow& row) {
        keys.emplace_back(row.first_text);
        return Status::Ok();
      }));
  return keys;
}

}  // namespace

Status AppendBatchEntryFromTables(LedgerDatabase& db, int64_t batch_id, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "batches";
  e.id = batch_id;
  // The batch's records lie in its id range (one writer per batch): a range scan,
  // not a scan of every record for its batch_id.
  HABEAS_RETURN_IF_ERROR(db.ForEachIntegerRow(
      "SELECT coalesce(min(r.id), 0), coalesce(max(r.id), 0), count(r.id) FROM batches b LEFT "
      "JOIN records r ON r.id BETWEEN b.first_record_id AND b.last_record_id AND r.batch_id = "
      "b.id WHERE b.id = " +
          db.Param(1),
      {batch_id}, [&](std::span<const int64_t> v) {
        e.first_record_id = v[0];
        e.last_record_id = v[1];
        e.record_count = v[2];
        return Status::Ok();
      }));
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

namespace {

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

std::optional<LedgerProblem> CheckRowEntry(LedgerDatabase& db, int64_t seq, const Entry& e,
                                           Status* status) {
  const EvidenceTable* t = FindEvidenceTable(e.table);
  if (t == nullptr) return Problem(seq, e.table, e.id, "entry names an unknown table");
  Result<std::string> row = db.EncodeRow(*t, std::to_string(e.id));
  const std::string what =
      "entry #" + std::to_string(seq) + ": " + e.table + " row " + std::to_string(e.id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound)
      return Problem(seq, e.table, e.id, what + " is gone (deleted)");
    *status = row.status();
    return std::nullopt;
  }
  if (ledger::Sha256Of(*row) != e.row) return Problem(seq, e.table, e.id, what + " was changed");
  return std::nullopt;
}

std::optional<LedgerProblem> CheckBatchEntry(LedgerDatabase& db, const StoredEntry& stored,
                                             const Entry& e, int64_t* rows, Status* status) {
  Result<Hash> row = BatchRowHash(db, e.id);
  const std::string what =
      "entry #" + std::to_string(stored.seq) + ": batches row " + std::to_string(e.id);
  if (!row.ok()) {
    if (row.status().code() == StatusCode::kNotFound)
      return Problem(stored.seq, "batches", e.id, what + " is gone (deleted)");
    *status = row.status();
    return std::nullopt;
  }
  if (*row != e.row)
    return Problem(stored.seq, "batches", e.id, what + " (or its source) was changed");
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
std::optional<LedgerProblem> CheckTimelineWriteEntry(LedgerDatabase& db, const StoredEntry& stored,
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
  return FirstChangedRow(
      stored.seq, EntryWhat(stored.seq, "timeline_writes", e.id), leaves, keys, stored.fingerprints,
      [&](size_t i) { return tables[i]; }, "claims");
}

std::optional<LedgerProblem> CheckLinkageEntry(LedgerDatabase& db, const StoredEntry& stored,
                                               const Entry& e, bool last_linkage, Status* status) {
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  if (e.last_event_id > 0) {
    if (Status s = CollectLeaves(
            db, Table("person_events"),
            "WHERE id BETWEEN " + db.Param(1) + " AND " + db.Param(2) + " ORDER BY id",
            {e.first_event_id, e.last_event_id}, &leaves, &keys);
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
  if (now->persons != e.persons)
    return Problem(stored.seq, "persons", 0, what + "persons was changed since");
  if (now->record_persons != e.record_persons) {
    return Problem(stored.seq, "record_persons", 0, what + "record_persons was changed since");
  }
  if (now->link_edges != e.link_edges) {
    return Problem(stored.seq, "link_edges", 0, what + "link_edges was changed since");
  }
  return std::nullopt;
}

// Rows of evidence tables that no entry covers: written behind Habeas's back.
Result<std::optional<LedgerProblem>> FirstUncoveredRow(
    LedgerDatabase& db, const std::vector<std::pair<int64_t, int64_t>>& record_ranges,
    const std::set<int64_t>& batches, const std::map<std::string, std::set<int64_t>>& rows,
    const std::vector<std::pair<int64_t, int64_t>>& event_ranges,
    const std::set<int64_t>& timeline_writes) {
  auto covered = [](const std::vector<std::pair<int64_t, int64_t>>& ranges, int64_t id) {
    auto it = std::upper_bound(ranges.begin(), ranges.end(), std::make_pair(id, INT64_MAX));
    return it != ranges.begin() && std::prev(it)->second >= id;
  };
  auto scan = [&](const std::string& sql, const std::function<bool(int64_t, int64_t)>& ok,
                  std::string_view table) -> Result<std::optional<LedgerProblem>> {
    std::optional<LedgerProblem> p;
    HABEAS_RETURN_IF_ERROR(
        db.ForEachIntegerRow(sql, {}, [&](std::span<const int64_t> v) {
            if (!p && !ok(v[0], v[1])) {
              p = Problem(0, table, v[0],
                          std::string(table) + " row " + std::to_string(v[0]) +
                              " is covered by no ledger entry (inserted behind Habeas's back)");
            }
            return Status::Ok();
          }).WithContext("scanning " + std::string(table)));
    return p;
  };
  std::optional<LedgerProblem> p;
  HABEAS_ASSIGN_OR_RETURN(
      p, scan(
             "SELECT id, 0 FROM batches ORDER BY id",
             [&](int64_t id, int64_t) { return batches.count(id) > 0; }, "batches"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(
      p, scan(
             "SELECT id, batch_id FROM records ORDER BY id",
             [&](int64_t id, int64_t) { return covered(record_ranges, id); }, "records"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(
      p, scan(
             "SELECT id, batch_id FROM rejected_rows ORDER BY id",
             [&](int64_t, int64_t batch) { return batches.count(batch) > 0; }, "rejected_rows"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(
      p, scan(
             "SELECT id, 0 FROM person_events ORDER BY id",
             [&](int64_t id, int64_t) { return covered(event_ranges, id); }, "person_events"));
  if (p) return p;
  HABEAS_ASSIGN_OR_RETURN(p, scan(
                                 "SELECT id, 0 FROM timeline_writes ORDER BY id",
                                 [&](int64_t id, int64_t) { return timeline_writes.count(id) > 0; },
                                 "timeline_writes"));
  if (p) return p;
  for (const TimelineRowTable& t : kTimelineRowTables) {
    HABEAS_ASSIGN_OR_RETURN(
        p, scan(
               "SELECT " + std::string(Table(t.table).key) + ", write_id FROM " +
                   std::string(t.table) + " ORDER BY " + OrderOf(db, t),
               [&](int64_t, int64_t write) { return timeline_writes.count(write) > 0; }, t.table));
    if (p) return p;
  }
  for (std::string_view table : kRowEntryTables) {
    const EvidenceTable& t = Table(table);
    auto it = rows.find(std::string(table));
    HABEAS_ASSIGN_OR_RETURN(
        p, scan(
               "SELECT " + std::string(t.key) + ", 0 FROM " + std::string(table) + " ORDER BY 1",
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
    LedgerDatabase& db, const std::vector<StoredEntry>& entries, const std::vector<Entry>& parsed,
    const std::map<std::pair<std::string, std::string>, size_t>& latest, int64_t* rows) {
  for (std::string_view table : StateTables()) {
    const EvidenceTable& t = Table(table);
    std::set<std::string> present;
    std::optional<LedgerProblem> p;
    HABEAS_RETURN_IF_ERROR(
        db.ForEachEncodedRow(t, db.OrderByKey(t), {}, [&](const LedgerDatabase::EncodedRow& row) {
            if (p) return Status::Ok();
            const std::string key(row.first_text);
            ++*rows;
            present.insert(key);
            auto it = latest.find({std::string(table), key});
            const std::string what = std::string(table) + " row " + key;
            if (it == latest.end()) {
              p = Problem(0, table, IntegerKeyOrZero(key),
                          what + " is covered by no ledger entry (inserted behind Habeas's back)");
              return Status::Ok();
            }
            const int64_t seq = entries[it->second].seq;
            const Entry& e = parsed[it->second];
            const std::string entry = "entry #" + std::to_string(seq) + ": ";
            if (e.deleted) {
              p = Problem(seq, table, IntegerKeyOrZero(key),
                          entry + what +
                              " was deleted by this entry but is present (inserted "
                              "again behind Habeas's back)");
            } else if (ledger::Sha256Of(row.encoding) != e.row) {
              p = Problem(seq, table, IntegerKeyOrZero(key),
                          entry + what + " is not the state logged by its latest entry (changed)");
            }
            return Status::Ok();
          }).WithContext("reading " + std::string(table)));
    if (p) return p;
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

}  // namespace

Result<ledger::SignedHead> StoredHead(int64_t size, std::string_view root, std::string time,
                                      std::string signature, std::string public_key) {
  ledger::SignedHead h;
  h.size = static_cast<uint64_t>(size);
  if (root.size() != 32) return DataLoss("a stored signed head has a malformed root");
  std::memcpy(h.root.data(), root.data(), 32);
  h.time = std::move(time);
  h.signature = std::move(signature);
  h.public_key = std::move(public_key);
  return h;
}

Status AppendEntry(LedgerDatabase& db, const Entry& entry, std::string_view fingerprints,
                   const std::string& now) {
  const std::string body = entry.Body();
  return db.InsertEntry(SubjectOf(entry), body, ledger::LeafHash(body), fingerprints, now)
      .WithContext("appending a ledger entry");
}

Status AppendRowEntry(LedgerDatabase& db, std::string_view table, int64_t key,
                      const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr) return Internal("ledger: " + std::string(table) + " is not an evidence table");
  HABEAS_ASSIGN_OR_RETURN(std::string row, db.EncodeRow(*t, std::to_string(key)));
  Entry e;
  e.kind = EntryKind::kRow;
  e.table = std::string(table);
  e.id = key;
  e.row = ledger::Sha256Of(row);
  return AppendEntry(db, e, {}, now);
}

Status AppendStateEntry(LedgerDatabase& db, std::string_view table, std::string_view key,
                        const std::string& now) {
  const EvidenceTable* t = FindEvidenceTable(table);
  if (t == nullptr || !IsStateTable(table)) {
    return Internal("ledger: " + std::string(table) + " is not a table updated in place");
  }
  Entry e;
  e.kind = EntryKind::kState;
  e.table = std::string(table);
  e.key = std::string(key);
  Result<std::string> row = db.EncodeRow(*t, key);
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
Status AppendTimelineWriteEntry(LedgerDatabase& db, int64_t write_id, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "timeline_writes";
  e.id = write_id;
  HABEAS_ASSIGN_OR_RETURN(std::string row,
                          db.EncodeRow(Table("timeline_writes"), std::to_string(write_id)));
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
Status AppendRowEntryForEveryRow(LedgerDatabase& db, std::string_view table,
                                 const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> keys, KeysOf(db, Table(table)));
  for (const std::string& key : keys) {
    HABEAS_RETURN_IF_ERROR(AppendRowEntry(db, table, IntegerKeyOrZero(key), now));
  }
  return Status::Ok();
}
}  // namespace

void BatchRowTree::AddRecord(int64_t id, int64_t batch_id, int64_t source_id, const RecordData& r,
                             std::string_view fields_json) {
  if (first_record_id_ == 0) first_record_id_ = id;
  last_record_id_ = id;
  using ledger::RowValue;
  const RowValue values[] = {
      RowValue::Int(id),
      RowValue::Int(batch_id),
      RowValue::Int(source_id),
      RowValue::Text(r.source_record_id),
      RowValue::Int(r.line),
      RowValue::Int(r.end_line),
      RowValue::Blob(r.raw),
      RowValue::Text(fields_json),
      r.notes_json.empty() ? RowValue::Null() : RowValue::Text(r.notes_json)};
  ledger::AppendRowEncoding("records", values, &records_.StartLeaf());
  records_.EndLeaf();
}

void BatchRowTree::AddRejected(int64_t id, int64_t batch_id, const RejectedRow& r) {
  using ledger::RowValue;
  const RowValue values[] = {
      RowValue::Int(id),       RowValue::Int(batch_id),
      RowValue::Int(r.line),   RowValue::Int(r.end_line),
      RowValue::Blob(r.raw),   r.field.empty() ? RowValue::Null() : RowValue::Text(r.field),
      RowValue::Text(r.reason)};
  rejected_row_.clear();
  ledger::AppendRowEncoding("rejected_rows", values, &rejected_row_);
  rejected_.push_back(ledger::LeafHash(rejected_row_));
}

void BatchRowTree::RemoveRecord(int64_t) { records_removed_ = true; }

Status BatchRowTree::AppendEntry(LedgerDatabase& db, int64_t batch_id, const std::string& now) {
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

Status AppendLinkageEntry(LedgerDatabase& db, int64_t events_before, const std::string& now) {
  Entry e;
  e.kind = EntryKind::kLinkage;
  HABEAS_ASSIGN_OR_RETURN(int64_t last, db.QueryInt("SELECT max(id) FROM person_events", {}, 0));
  std::vector<Hash> leaves;
  std::vector<int64_t> keys;
  if (last > events_before) {
    e.first_event_id = events_before + 1;
    e.last_event_id = last;
    HABEAS_RETURN_IF_ERROR(
        CollectLeaves(db, Table("person_events"),
                      "WHERE id BETWEEN " + db.Param(1) + " AND " + db.Param(2) + " ORDER BY id",
                      {e.first_event_id, e.last_event_id}, &leaves, &keys));
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

Status CoverRowsWrittenBeforeTheLedger(LedgerDatabase& db, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> batches, KeysOf(db, Table("batches")));
  for (const std::string& id : batches) {
    HABEAS_RETURN_IF_ERROR(AppendBatchEntryFromTables(db, IntegerKeyOrZero(id), now));
  }
  // The row-entry tables as they were when the ledger came (migration 3): tables added
  // by later migrations do not exist yet when this runs.
  for (std::string_view table : {"link_decisions", "link_models"}) {
    HABEAS_RETURN_IF_ERROR(AppendRowEntryForEveryRow(db, table, now));
  }
  HABEAS_ASSIGN_OR_RETURN(int64_t persons, db.QueryInt("SELECT count(*) FROM persons", {}, 0));
  HABEAS_ASSIGN_OR_RETURN(int64_t events, db.QueryInt("SELECT count(*) FROM person_events", {}, 0));
  if (persons > 0 || events > 0) HABEAS_RETURN_IF_ERROR(AppendLinkageEntry(db, 0, now));
  return Status::Ok();
}

Status CoverAuditRowsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now) {
  return AppendRowEntryForEveryRow(db, "audit_log", now);
}

Status CoverStateRowsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now) {
  for (std::string_view table : StateTables()) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> keys, KeysOf(db, Table(table)));
    for (const std::string& key : keys) {
      HABEAS_RETURN_IF_ERROR(AppendStateEntry(db, table, key, now));
    }
  }
  return Status::Ok();
}

Status CoverWithdrawalsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now) {
  return AppendRowEntryForEveryRow(db, "decision_withdrawals", now);
}

Status CoverTimelineWritesMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> writes, KeysOf(db, Table("timeline_writes")));
  for (const std::string& id : writes) {
    HABEAS_RETURN_IF_ERROR(AppendTimelineWriteEntry(db, IntegerKeyOrZero(id), now));
  }
  return Status::Ok();
}

Result<LedgerCheck> CheckLedgerAgainstTables(LedgerDatabase& db) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<StoredEntry> entries, db.ReadEntries());
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
      note(Problem(
          expected, "ledger_entries", expected,
          "entry #" + std::to_string(expected) + " is missing (deleted from ledger_entries)"));
    }
    if (out.leaves.back() != s.leaf) {
      note(Problem(
          s.seq, "ledger_entries", s.seq,
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
  HABEAS_ASSIGN_OR_RETURN(out.problem, FirstUncoveredRow(db, record_ranges, batches, rows,
                                                         event_ranges, timeline_writes));
  return out;
}

Result<RecordProofParts> ProofPartsOfRecord(LedgerDatabase& db, int64_t record_id) {
  HABEAS_ASSIGN_OR_RETURN(std::string encoding,
                          db.EncodeRow(Table("records"), std::to_string(record_id)));
  HABEAS_ASSIGN_OR_RETURN(
      int64_t batch_id,
      db.QueryInt("SELECT batch_id FROM records WHERE id = " + db.Param(1), {record_id}, 0));
  HABEAS_ASSIGN_OR_RETURN(std::optional<StoredEntry> found,
                          db.FindEntry("batch", "batches", batch_id));
  if (!found) {
    return DataLoss("record " + std::to_string(record_id) + " is covered by no ledger entry");
  }
  RecordProofParts out;
  ledger::RecordProof& p = out.proof;
  p.entry_index = static_cast<uint64_t>(found->seq - 1);
  p.entry_body = std::move(found->body);
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
