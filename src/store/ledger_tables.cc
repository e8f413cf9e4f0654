#include "store/ledger_tables.h"

#include <algorithm>
#include <iterator>

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
    {"settings", "key", "key, value"},
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
  out.kind = entry.kind == EntryKind::kState ? std::string_view("row")
                                             : ledger::EntryKindName(entry.kind);
  out.table = entry.kind == EntryKind::kLinkage ? std::string_view("person_events")
                                                : std::string_view(entry.table);
  out.id = entry.kind == EntryKind::kLinkage ? entry.last_event_id
           : entry.kind == EntryKind::kState ? IntegerKeyOrZero(entry.key)
                                             : entry.id;
  return out;
}

}  // namespace habeas::store
