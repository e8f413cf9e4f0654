// SQLite implementation of the linkage tables (schema migration 2, docs/store.md).
#include "store/sqlite_linkage.h"

#include <algorithm>
#include <string>

#include "store/linkage_text.h"
#include "store/sqlite_ledger.h"
#include "store/sqlite_util.h"

namespace habeas::store {
namespace {

// The person indexes of the linkage tables exactly as migration 1 creates them
// (schema.cc); a whole relink drops and rebuilds them (ApplyInTransaction).
// sqlite_store_test checks that the rebuilt definitions match a fresh store's.
constexpr char kRecordPersonsIndex[] =
    "CREATE INDEX record_persons_by_person ON record_persons (person_id)";
constexpr char kLinkEdgesIndex[] = "CREATE INDEX link_edges_by_person ON link_edges (person_id)";

Result<int64_t> CountRows(sqlite3* db, const char* table) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, std::string("SELECT count(*) FROM ") + table));
  const int rc = s.Step();
  if (rc != SQLITE_ROW) return SqliteError(db, rc, std::string("counting ") + table);
  return s.ColumnInt(0);
}

double ColumnDouble(const Statement& s, int col) { return sqlite3_column_double(s.get(), col); }

constexpr std::string_view kPersonColumns =
    "p.id, p.status, coalesce(p.merged_into, 0), p.created_at, p.created_by, "
    "(SELECT count(*) FROM record_persons rp WHERE rp.person_id = p.id)";

Result<PersonInfo> ReadPerson(const Statement& s) {
  PersonInfo p;
  p.id = s.ColumnInt(0);
  HABEAS_ASSIGN_OR_RETURN(p.status, ParseStatus(s.ColumnText(1)));
  p.merged_into = s.ColumnInt(2);
  p.created_at = s.ColumnText(3);
  p.created_by = s.ColumnText(4);
  p.record_count = s.ColumnInt(5);
  return p;
}

Status StepDone(sqlite3* db, Statement& s, std::string_view what) {
  const int rc = s.Step();
  s.Reset();
  if (rc != SQLITE_DONE) return SqliteError(db, rc, what);
  return Status::Ok();
}

// --- the steps of ApplyInTransaction (inside its transaction)

Status InsertCreatedPersons(sqlite3* db, const std::vector<PersonInfo>& created,
                            const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement ins,
      Statement::Prepare(db,
                         "INSERT INTO persons (id, status, created_at, "
                         "created_by, updated_at) VALUES (?1, 'active', ?2, ?3, ?2)"));
  for (const PersonInfo& p : created) {
    ins.BindInt(1, p.id);
    ins.BindText(2, now);
    ins.BindText(3, p.created_by);
    HABEAS_RETURN_IF_ERROR(StepDone(db, ins, "creating person"));
  }
  return Status::Ok();
}

// Merged persons point at their survivor; an emptied person (no records left, not
// merged) points nowhere.
Status MarkMergedAndEmptiedPersons(sqlite3* db, const LinkageUpdate& u, const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement upd,
      Statement::Prepare(db,
                         "UPDATE persons SET status = ?2, merged_into = ?3, updated_at = ?4 "
                         "WHERE id = ?1"));
  for (const auto& [merged, survivor] : u.merged_into) {
    upd.BindInt(1, merged);
    upd.BindText(2, PersonStatusName(PersonStatus::kMerged));
    upd.BindInt(3, survivor);
    upd.BindText(4, now);
    HABEAS_RETURN_IF_ERROR(StepDone(db, upd, "marking a merged person"));
  }
  for (int64_t id : u.emptied_persons) {
    upd.BindInt(1, id);
    upd.BindText(2, PersonStatusName(PersonStatus::kEmpty));
    upd.BindNull(3);  // not the last merged person's survivor
    upd.BindText(4, now);
    HABEAS_RETURN_IF_ERROR(StepDone(db, upd, "marking an empty person"));
  }
  return Status::Ok();
}

// A whole relink rewrites more assignments (and edges) than the tables hold: their
// person_id indexes are dropped and built again after the inserts, one sort instead
// of a random B-tree insert per row (1M records: about half of the store step).
// Inside the transaction, so a crash leaves the old table and index.
Status StoreAssignments(sqlite3* db, const std::vector<PersonRecord>& assignments,
                        const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(int64_t assigned_before, CountRows(db, "record_persons"));
  const bool rebuild_index =
      static_cast<int64_t>(assignments.size()) >= std::max<int64_t>(assigned_before, 1);
  if (rebuild_index) HABEAS_RETURN_IF_ERROR(Exec(db, "DROP INDEX record_persons_by_person"));
  {
    HABEAS_ASSIGN_OR_RETURN(
        Statement ins,
        Statement::Prepare(db,
                           "INSERT OR REPLACE INTO record_persons (record_id, person_id, "
                           "assigned_at) VALUES (?1, ?2, ?3)"));
    for (const PersonRecord& a : assignments) {
      ins.BindInt(1, a.record_id);
      ins.BindInt(2, a.person_id);
      ins.BindText(3, now);
      HABEAS_RETURN_IF_ERROR(StepDone(db, ins, "assigning a record to a person"));
    }
  }
  if (rebuild_index) HABEAS_RETURN_IF_ERROR(Exec(db, kRecordPersonsIndex));
  return Status::Ok();
}

Status StoreEdges(sqlite3* db, const LinkageUpdate& u) {
  const bool rebuild_index = u.replace_all_edges && !u.edges.empty();
  if (rebuild_index) HABEAS_RETURN_IF_ERROR(Exec(db, "DROP INDEX link_edges_by_person"));
  if (u.replace_all_edges) HABEAS_RETURN_IF_ERROR(Exec(db, "DELETE FROM link_edges"));
  {
    HABEAS_ASSIGN_OR_RETURN(
        Statement ins,
        Statement::Prepare(db,
                           "INSERT INTO link_edges (person_id, record_a, record_b, weight, "
                           "probability, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    for (const LinkEdge& e : u.edges) {
      ins.BindInt(1, e.person_id);
      ins.BindInt(2, e.record_a);
      ins.BindInt(3, e.record_b);
      sqlite3_bind_double(ins.get(), 4, e.weight);
      sqlite3_bind_double(ins.get(), 5, e.probability);
      ins.BindText(6, LinkEdgeKindName(e.kind));
      HABEAS_RETURN_IF_ERROR(StepDone(db, ins, "storing a link edge"));
    }
  }
  if (rebuild_index) HABEAS_RETURN_IF_ERROR(Exec(db, kLinkEdgesIndex));
  return Status::Ok();
}

// Each event, and a row per person it names (person_event_persons) for lookups by person.
Status RecordPersonEvents(sqlite3* db, const std::vector<PersonEvent>& events,
                          const std::string& now) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement ins,
      Statement::Prepare(db,
                         "INSERT INTO person_events (kind, person_ids, record_ids, at, by, "
                         "reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  HABEAS_ASSIGN_OR_RETURN(Statement idx,
                          Statement::Prepare(db,
                                             "INSERT OR IGNORE INTO "
                                             "person_event_persons "
                                             "(event_id, person_id) VALUES (?1, ?2)"));
  for (const PersonEvent& e : events) {
    const std::string persons = JoinIds(e.person_ids);
    const std::string records = JoinIds(e.record_ids);
    ins.BindText(1, PersonEventKindName(e.kind));
    ins.BindText(2, persons);
    ins.BindText(3, records);
    ins.BindText(4, e.at.empty() ? now : e.at);
    ins.BindText(5, e.by);
    ins.BindText(6, e.reason);
    HABEAS_RETURN_IF_ERROR(StepDone(db, ins, "recording a person event"));
    const int64_t event_id = sqlite3_last_insert_rowid(db);
    for (int64_t p : e.person_ids) {
      idx.BindInt(1, event_id);
      idx.BindInt(2, p);
      HABEAS_RETURN_IF_ERROR(StepDone(db, idx, "indexing a person event"));
    }
  }
  return Status::Ok();
}

Result<int64_t> LastPersonEventId(sqlite3* db) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, "SELECT coalesce(max(id), 0) FROM person_events"));
  const int rc = s.Step();
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "reading the last person event");
  return s.ColumnInt(0);
}

Status StoreReviewPairs(sqlite3* db, const LinkageUpdate& u) {
  if (u.replace_review) HABEAS_RETURN_IF_ERROR(Exec(db, "DELETE FROM review_pairs"));
  HABEAS_ASSIGN_OR_RETURN(
      Statement ins,
      Statement::Prepare(db,
                         "INSERT OR REPLACE INTO review_pairs (record_a, record_b, weight, "
                         "probability, priority) VALUES (?1, ?2, ?3, ?4, ?5)"));
  for (const ReviewPair& r : u.review) {
    ins.BindInt(1, r.record_a);
    ins.BindInt(2, r.record_b);
    sqlite3_bind_double(ins.get(), 3, r.weight);
    sqlite3_bind_double(ins.get(), 4, r.probability);
    sqlite3_bind_double(ins.get(), 5, r.priority);
    HABEAS_RETURN_IF_ERROR(StepDone(db, ins, "storing a review pair"));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<PersonRecord>> SqliteLinkage::ListPersonRecords() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(
                       db_, "SELECT record_id, person_id FROM record_persons ORDER BY record_id"));
  std::vector<PersonRecord> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.ColumnInt(0), s.ColumnInt(1)});
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing person assignments");
  return out;
}

Result<int64_t> SqliteLinkage::MaxPersonId() {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_, "SELECT coalesce(max(id), 0) FROM persons"));
  const int rc = s.Step();
  if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading the last person id");
  return s.ColumnInt(0);
}

Status SqliteLinkage::ApplyLinkage(const LinkageUpdate& update) {
  HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Status s = ApplyInTransaction(update);
  if (!s.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return s;
  }
  return Exec(db_, "COMMIT");
}

Status SqliteLinkage::ApplyInTransaction(const LinkageUpdate& u) {
  HABEAS_ASSIGN_OR_RETURN(int64_t max_id, MaxPersonId());
  if (max_id != u.expected_max_person_id) {
    return Conflict("another link run changed the persons meanwhile; run `habeas link` again");
  }
  const std::string now = clock_->NowIso();
  HABEAS_ASSIGN_OR_RETURN(int64_t events_before, LastPersonEventId(db_));
  HABEAS_RETURN_IF_ERROR(InsertCreatedPersons(db_, u.created_persons, now));
  HABEAS_RETURN_IF_ERROR(MarkMergedAndEmptiedPersons(db_, u, now));
  HABEAS_RETURN_IF_ERROR(StoreAssignments(db_, u.assignments, now));
  HABEAS_RETURN_IF_ERROR(StoreEdges(db_, u));
  HABEAS_RETURN_IF_ERROR(RecordPersonEvents(db_, u.events, now));
  HABEAS_RETURN_IF_ERROR(StoreReviewPairs(db_, u));
  // The run's ledger entry, in the run's transaction (docs/ledger.md).
  return AppendLinkageEntry(db_, events_before, now);
}

Result<std::optional<int64_t>> SqliteLinkage::PersonOfRecord(int64_t record_id) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, "SELECT person_id FROM record_persons WHERE record_id = ?1"));
  s.BindInt(1, record_id);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return std::optional<int64_t>(s.ColumnInt(0));
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading a record's person");
  return std::optional<int64_t>();
}

Result<std::vector<int64_t>> SqliteLinkage::RecordsOfPerson(int64_t person_id) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_,
                                             "SELECT record_id FROM record_persons WHERE "
                                             "person_id = ?1 ORDER BY record_id"));
  s.BindInt(1, person_id);
  std::vector<int64_t> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.push_back(s.ColumnInt(0));
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing a person's records");
  return out;
}

Result<std::optional<PersonInfo>> SqliteLinkage::GetPerson(int64_t person_id) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_, "SELECT " + std::string(kPersonColumns) +
                                                      " FROM persons p WHERE p.id = ?1"));
  s.BindInt(1, person_id);
  const int rc = s.Step();
  if (rc == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(PersonInfo person, ReadPerson(s));
    return std::optional<PersonInfo>(std::move(person));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading a person");
  return std::optional<PersonInfo>();
}

Result<std::vector<PersonInfo>> SqliteLinkage::ListPersons(int64_t after_id, int64_t limit) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, "SELECT " + std::string(kPersonColumns) +
                                  " FROM persons p WHERE p.id > ?1 AND p.status = 'active' "
                                  "ORDER BY p.id LIMIT ?2"));
  s.BindInt(1, after_id);
  s.BindInt(2, limit);
  std::vector<PersonInfo> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(PersonInfo person, ReadPerson(s));
    out.push_back(std::move(person));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing persons");
  return out;
}

Result<std::vector<LinkEdge>> SqliteLinkage::ListEdges(int64_t person_id) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "SELECT person_id, record_a, record_b, weight, probability, kind "
                         "FROM link_edges WHERE person_id = ?1 ORDER BY weight DESC, id"));
  s.BindInt(1, person_id);
  std::vector<LinkEdge> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(LinkEdgeKind kind,
                            StoredKind(ParseLinkEdgeKind(s.ColumnText(5)), "link_edges"));
    out.push_back({s.ColumnInt(0), s.ColumnInt(1), s.ColumnInt(2), ColumnDouble(s, 3),
                   ColumnDouble(s, 4), kind});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing link edges");
  return out;
}

Result<std::vector<PersonEvent>> SqliteLinkage::ListPersonEvents(std::optional<int64_t> person_id) {
  std::string sql =
      "SELECT e.id, e.kind, e.person_ids, e.record_ids, e.at, e.by, e.reason "
      "FROM person_events e";
  if (person_id) {
    sql += " WHERE e.id IN (SELECT event_id FROM person_event_persons WHERE person_id = ?1)";
  }
  sql += " ORDER BY e.id";
  HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
  if (person_id) s.BindInt(1, *person_id);
  std::vector<PersonEvent> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    PersonEvent e;
    e.id = s.ColumnInt(0);
    HABEAS_ASSIGN_OR_RETURN(e.kind,
                            StoredKind(ParsePersonEventKind(s.ColumnText(1)), "person_events"));
    e.person_ids = ParseIds(s.ColumnText(2));
    e.record_ids = ParseIds(s.ColumnText(3));
    e.at = s.ColumnText(4);
    e.by = s.ColumnText(5);
    e.reason = s.ColumnText(6);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing person events");
  return out;
}

Result<int64_t> SqliteLinkage::AddDecision(const LinkDecision& d) {
  HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Result<int64_t> id = InsertDecision(d);
  if (!id.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return id.status();
  }
  HABEAS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
  return id;
}

// The decision and its ledger entry (inside AddDecision's transaction).
Result<int64_t> SqliteLinkage::InsertDecision(const LinkDecision& d) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "INSERT INTO link_decisions (record_a, record_b, decision, reason, "
                         "decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  const std::string at = d.decided_at.empty() ? clock_->NowIso() : d.decided_at;
  s.BindInt(1, d.record_a);
  s.BindInt(2, d.record_b);
  s.BindText(3, ReviewDecisionName(d.decision));
  s.BindText(4, d.reason);
  s.BindText(5, d.decided_by);
  s.BindText(6, at);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing a decision");
  const int64_t id = sqlite3_last_insert_rowid(db_);
  HABEAS_RETURN_IF_ERROR(AppendRowEntry(db_, "link_decisions", id, clock_->NowIso()));
  return id;
}

Result<std::vector<LinkDecision>> SqliteLinkage::ListDecisions() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db_,
                                      "SELECT id, record_a, record_b, decision, reason, "
                                      "decided_by, decided_at FROM link_decisions WHERE id NOT IN "
                                      "(SELECT decision_id FROM decision_withdrawals) ORDER BY id"));
  std::vector<LinkDecision> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    HABEAS_ASSIGN_OR_RETURN(ReviewDecision decision,
                            StoredKind(ParseReviewDecision(s.ColumnText(3)), "link_decisions"));
    out.push_back({s.ColumnInt(0), s.ColumnInt(1), s.ColumnInt(2), decision, s.ColumnText(4),
                   s.ColumnText(5), s.ColumnText(6)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing decisions");
  return out;
}

Status SqliteLinkage::WithdrawDecision(int64_t decision_id, const std::string& by) {
  HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Status s = InsertWithdrawal(decision_id, by);
  if (!s.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return s;
  }
  return Exec(db_, "COMMIT");
}

// The withdrawal and its ledger entry (inside WithdrawDecision's transaction).
Status SqliteLinkage::InsertWithdrawal(int64_t decision_id, const std::string& by) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "INSERT INTO decision_withdrawals (decision_id, withdrawn_by, "
                         "withdrawn_at) SELECT id, ?2, ?3 FROM link_decisions WHERE id = ?1 "
                         "AND id NOT IN (SELECT decision_id FROM decision_withdrawals)"));
  const std::string at = clock_->NowIso();  // bound, not copied: must outlive Step()
  s.BindInt(1, decision_id);
  s.BindText(2, by);
  s.BindText(3, at);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "withdrawing a decision");
  if (sqlite3_changes(db_) == 0) {
    return NotFound("no decision with id " + std::to_string(decision_id) +
                    " that is not already withdrawn");
  }
  const int64_t id = sqlite3_last_insert_rowid(db_);
  return AppendRowEntry(db_, "decision_withdrawals", id, at);
}

Result<int64_t> SqliteLinkage::SaveModel(const std::string& json) {
  HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Result<int64_t> version = InsertModel(json);
  if (!version.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return version.status();
  }
  HABEAS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
  return version;
}

// The model and its ledger entry (inside SaveModel's transaction).
Result<int64_t> SqliteLinkage::InsertModel(const std::string& json) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_,
                                             "INSERT INTO link_models (created_at, model) "
                                             "VALUES (?1, ?2)"));
  const std::string now = clock_->NowIso();
  s.BindText(1, now);
  s.BindText(2, json);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "saving the linkage model");
  const int64_t version = sqlite3_last_insert_rowid(db_);
  HABEAS_RETURN_IF_ERROR(AppendRowEntry(db_, "link_models", version, now));
  return version;
}

Result<std::optional<SavedModel>> SqliteLinkage::LatestModel() {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db_,
                                             "SELECT version, created_at, model FROM link_models "
                                             "ORDER BY version DESC LIMIT 1"));
  const int rc = s.Step();
  if (rc == SQLITE_ROW) {
    return std::optional<SavedModel>(SavedModel{s.ColumnInt(0), s.ColumnText(1), s.ColumnText(2)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading the linkage model");
  return std::optional<SavedModel>();
}

Result<std::vector<ReviewPair>> SqliteLinkage::ListReviewPairs(int64_t limit) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "SELECT record_a, record_b, weight, probability, priority FROM "
                         "review_pairs ORDER BY priority DESC, record_a, record_b LIMIT ?1"));
  s.BindInt(1, limit);
  std::vector<ReviewPair> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    out.push_back({s.ColumnInt(0), s.ColumnInt(1), ColumnDouble(s, 2), ColumnDouble(s, 3),
                   ColumnDouble(s, 4)});
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing review pairs");
  return out;
}

}  // namespace habeas::store
