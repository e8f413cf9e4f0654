// PostgreSQL implementation of the linkage tables (schema migration 2, docs/store.md).
// A link run is one transaction: readers (READ COMMITTED, or a snapshot) see the
// persons before it or after it, never half of it. Bulk rows go through COPY; upserts
// through a temporary staging table.
#include "store/pg_linkage.h"

#include <algorithm>
#include <unordered_set>

#include "store/linkage_text.h"
#include "store/pg_ledger.h"

namespace habeas::store {
namespace {

// Rows read per query by whole-table reads (keyset pages in one snapshot).
constexpr int64_t kReadPage = 100000;

// A limit of -1 (everything) as SQL's LIMIT NULL.
PgParams& Limit(PgParams& p, int64_t limit) { return limit < 0 ? p.Null() : p.Int(limit); }

constexpr std::string_view kPersonColumns =
    "p.id, p.status, coalesce(p.merged_into, 0), p.created_at, p.created_by, "
    "(SELECT count(*) FROM record_persons rp WHERE rp.person_id = p.id)";

Result<PersonInfo> ReadPerson(const PgResult& r, int row) {
  PersonInfo p;
  p.id = r.Int(row, 0);
  HABEAS_ASSIGN_OR_RETURN(p.status, ParseStatus(r.Text(row, 1)));
  p.merged_into = r.Int(row, 2);
  p.created_at = r.Text(row, 3);
  p.created_by = r.Text(row, 4);
  p.record_count = r.Int(row, 5);
  return p;
}

}  // namespace

Status LockStore(PgConnection& conn, PgStoreLock lock) {
  PgParams p;
  p.Int(static_cast<int>(lock));
  return conn.Query("SELECT pg_advisory_xact_lock(hashtext(current_schema()), $1::int)", p)
      .status();
}

Status NotYetOnPostgres(std::string_view what) {
  return Unavailable(std::string(what) +
                     " is not yet available on PostgreSQL stores (docs/store.md, "
                     "\"PostgreSQL\"); use a SQLite store (--db PATH) for it");
}

// Pages of kReadPage record ids, each bounded at both ends (see PgStore::ForEachRecord:
// without statistics an open-ended page sorted the rest of the table), in one snapshot:
// a link run committing meanwhile is seen whole or not at all.
Result<std::vector<PersonRecord>> PgLinkage::ListPersonRecords() {
  std::vector<PersonRecord> out;
  const bool own = !conn_.InTransaction();
  if (own) HABEAS_RETURN_IF_ERROR(conn_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  Status s = Status::Ok();
  Result<PgResult> bounds = conn_.Query("SELECT min(record_id), max(record_id) FROM record_persons");
  if (!bounds.ok()) s = bounds.status();
  if (s.ok() && !bounds->IsNull(0, 0)) {
    const int64_t last = bounds->Int(0, 1);
    for (int64_t from = bounds->Int(0, 0); from <= last;) {
      const int64_t to = last - from < kReadPage ? last : from + kReadPage - 1;
      PgParams p;
      p.Int(from).Int(to);
      Result<PgResult> r = conn_.Query(
          "SELECT record_id, person_id FROM record_persons WHERE record_id BETWEEN $1 AND $2 "
          "ORDER BY record_id",
          p);
      if (!r.ok()) {
        s = r.status();
        break;
      }
      for (int i = 0; i < r->rows(); ++i) out.push_back({r->Int(i, 0), r->Int(i, 1)});
      if (to == last) break;
      from = to + 1;
    }
  }
  if (own) (void)conn_.Exec(s.ok() ? "COMMIT" : "ROLLBACK");
  if (!s.ok()) return s.WithContext("listing person assignments");
  return out;
}

Result<int64_t> PgLinkage::MaxPersonId() {
  return conn_.QueryInt("SELECT max(id) FROM persons");
}

Status PgLinkage::ApplyLinkage(const LinkageUpdate& update) {
  PgTransaction t(conn_);
  HABEAS_RETURN_IF_ERROR(t.Begin());
  HABEAS_RETURN_IF_ERROR(ApplyInTransaction(update));
  return t.Commit();
}

Status PgLinkage::ApplyInTransaction(const LinkageUpdate& u) {
  HABEAS_RETURN_IF_ERROR(LockStore(conn_, PgStoreLock::kLinkage));
  HABEAS_ASSIGN_OR_RETURN(int64_t max_id, MaxPersonId());
  if (max_id != u.expected_max_person_id) {
    return Conflict("another link run changed the persons meanwhile; run `habeas link` again");
  }
  const std::string now = clock_->NowIso();
  HABEAS_ASSIGN_OR_RETURN(int64_t events_before, conn_.QueryInt("SELECT max(id) FROM person_events"));
  HABEAS_RETURN_IF_ERROR(InsertCreatedPersons(u.created_persons, now));
  HABEAS_RETURN_IF_ERROR(MarkMergedAndEmptiedPersons(u, now));
  HABEAS_RETURN_IF_ERROR(StoreAssignments(u.assignments, now));
  HABEAS_RETURN_IF_ERROR(StoreEdges(u));
  HABEAS_RETURN_IF_ERROR(RecordPersonEvents(u.events, now));
  HABEAS_RETURN_IF_ERROR(StoreReviewPairs(u));
  // The run's ledger entry, in the run's transaction (docs/ledger.md).
  PgLedgerDatabase ledger(conn_);
  return AppendLinkageEntry(ledger, events_before, now);
}

Status PgLinkage::InsertCreatedPersons(const std::vector<PersonInfo>& created,
                                       const std::string& now) {
  if (created.empty()) return Status::Ok();
  std::string data;
  for (const PersonInfo& p : created) {
    CopyLine(&data).Int(p.id).Text(PersonStatusName(PersonStatus::kActive)).Text(now).Text(
        p.created_by).Text(now);
  }
  return conn_
      .CopyIn("COPY persons (id, status, created_at, created_by, updated_at) FROM STDIN", data)
      .WithContext("creating persons");
}

// Merged persons point at their survivor; an emptied person points nowhere.
Status PgLinkage::MarkMergedAndEmptiedPersons(const LinkageUpdate& u, const std::string& now) {
  if (!u.merged_into.empty()) {
    std::vector<int64_t> merged, survivors;
    for (const auto& [m, s] : u.merged_into) {
      merged.push_back(m);
      survivors.push_back(s);
    }
    PgParams p;
    p.Text(PgIntArray(merged)).Text(PgIntArray(survivors)).Text(now);
    HABEAS_RETURN_IF_ERROR(
        conn_
            .Query("UPDATE persons p SET status = 'merged', merged_into = m.survivor, "
                   "updated_at = $3 FROM unnest($1::bigint[], $2::bigint[]) AS m(id, survivor) "
                   "WHERE p.id = m.id",
                   p)
            .status()
            .WithContext("marking merged persons"));
  }
  if (!u.emptied_persons.empty()) {
    PgParams p;
    p.Text(PgIntArray(u.emptied_persons)).Text(now);
    HABEAS_RETURN_IF_ERROR(conn_
                               .Query("UPDATE persons SET status = 'empty', merged_into = NULL, "
                                      "updated_at = $2 WHERE id = ANY($1::bigint[])",
                                      p)
                               .status()
                               .WithContext("marking empty persons"));
  }
  return Status::Ok();
}

// New and changed assignments are staged with COPY, then upserted in one statement;
// the last assignment of a record in the update wins (as SQLite's INSERT OR REPLACE).
Status PgLinkage::StoreAssignments(const std::vector<PersonRecord>& assignments,
                                   const std::string& now) {
  if (assignments.empty()) return Status::Ok();
  HABEAS_RETURN_IF_ERROR(conn_.Exec(
      "CREATE TEMP TABLE staged_assignments (seq BIGINT, record_id BIGINT, person_id BIGINT) "
      "ON COMMIT DROP"));
  std::string data;
  int64_t seq = 0;
  for (const PersonRecord& a : assignments) CopyLine(&data).Int(++seq).Int(a.record_id).Int(a.person_id);
  HABEAS_RETURN_IF_ERROR(
      conn_.CopyIn("COPY staged_assignments (seq, record_id, person_id) FROM STDIN", data));
  PgParams p;
  p.Text(now);
  return conn_
      .Query("INSERT INTO record_persons (record_id, person_id, assigned_at) "
             "SELECT DISTINCT ON (record_id) record_id, person_id, $1 FROM staged_assignments "
             "ORDER BY record_id, seq DESC "
             "ON CONFLICT (record_id) DO UPDATE SET person_id = excluded.person_id, "
             "assigned_at = excluded.assigned_at",
             p)
      .status()
      .WithContext("assigning records to persons");
}

Status PgLinkage::StoreEdges(const LinkageUpdate& u) {
  // DELETE, not TRUNCATE: readers keep reading the old edges until the run commits.
  if (u.replace_all_edges) HABEAS_RETURN_IF_ERROR(conn_.Exec("DELETE FROM link_edges"));
  if (u.edges.empty()) return Status::Ok();
  std::string data;
  for (const LinkEdge& e : u.edges) {
    CopyLine(&data)
        .Int(e.person_id)
        .Int(e.record_a)
        .Int(e.record_b)
        .Double(e.weight)
        .Double(e.probability)
        .Text(LinkEdgeKindName(e.kind));
  }
  return conn_
      .CopyIn("COPY link_edges (person_id, record_a, record_b, weight, probability, kind) "
              "FROM STDIN",
              data)
      .WithContext("storing link edges");
}

// Each event with the next id (the linkage lock is held), and a row per person it
// names (person_event_persons) for lookups by person.
Status PgLinkage::RecordPersonEvents(const std::vector<PersonEvent>& events,
                                     const std::string& now) {
  if (events.empty()) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(int64_t last_id, conn_.QueryInt("SELECT max(id) FROM person_events"));
  std::string rows, index;
  for (const PersonEvent& e : events) {
    const int64_t id = ++last_id;
    CopyLine(&rows)
        .Int(id)
        .Text(PersonEventKindName(e.kind))
        .Text(JoinIds(e.person_ids))
        .Text(JoinIds(e.record_ids))
        .Text(e.at.empty() ? now : e.at)
        .Text(e.by)
        .Text(e.reason);
    std::unordered_set<int64_t> named;
    for (int64_t p : e.person_ids) {
      if (named.insert(p).second) CopyLine(&index).Int(id).Int(p);
    }
  }
  HABEAS_RETURN_IF_ERROR(
      conn_
          .CopyIn("COPY person_events (id, kind, person_ids, record_ids, at, by, reason) "
                  "FROM STDIN",
                  rows)
          .WithContext("recording person events"));
  return conn_.CopyIn("COPY person_event_persons (event_id, person_id) FROM STDIN", index)
      .WithContext("indexing person events");
}

Status PgLinkage::StoreReviewPairs(const LinkageUpdate& u) {
  if (u.replace_review) HABEAS_RETURN_IF_ERROR(conn_.Exec("DELETE FROM review_pairs"));
  if (u.review.empty()) return Status::Ok();
  HABEAS_RETURN_IF_ERROR(conn_.Exec(
      "CREATE TEMP TABLE staged_review (seq BIGINT, record_a BIGINT, record_b BIGINT, "
      "weight DOUBLE PRECISION, probability DOUBLE PRECISION, priority DOUBLE PRECISION) "
      "ON COMMIT DROP"));
  std::string data;
  int64_t seq = 0;
  for (const ReviewPair& r : u.review) {
    CopyLine(&data)
        .Int(++seq)
        .Int(r.record_a)
        .Int(r.record_b)
        .Double(r.weight)
        .Double(r.probability)
        .Double(r.priority);
  }
  HABEAS_RETURN_IF_ERROR(conn_.CopyIn(
      "COPY staged_review (seq, record_a, record_b, weight, probability, priority) FROM STDIN",
      data));
  return conn_
      .Exec("INSERT INTO review_pairs (record_a, record_b, weight, probability, priority) "
            "SELECT DISTINCT ON (record_a, record_b) record_a, record_b, weight, probability, "
            "priority FROM staged_review ORDER BY record_a, record_b, seq DESC "
            "ON CONFLICT (record_a, record_b) DO UPDATE SET weight = excluded.weight, "
            "probability = excluded.probability, priority = excluded.priority")
      .WithContext("storing review pairs");
}

Result<std::optional<int64_t>> PgLinkage::PersonOfRecord(int64_t record_id) {
  PgParams p;
  p.Int(record_id);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r, conn_.Query("SELECT person_id FROM record_persons WHERE record_id = $1", p));
  if (r.rows() == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(r.Int(0, 0));
}

Result<std::vector<int64_t>> PgLinkage::RecordsOfPerson(int64_t person_id) {
  PgParams p;
  p.Int(person_id);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT record_id FROM record_persons WHERE person_id = $1 ORDER BY record_id",
                  p));
  std::vector<int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.Int(i, 0));
  return out;
}

Result<std::optional<PersonInfo>> PgLinkage::GetPerson(int64_t person_id) {
  PgParams p;
  p.Int(person_id);
  HABEAS_ASSIGN_OR_RETURN(PgResult r,
                          conn_.Query("SELECT " + std::string(kPersonColumns) +
                                          " FROM persons p WHERE p.id = $1",
                                      p));
  if (r.rows() == 0) return std::optional<PersonInfo>();
  HABEAS_ASSIGN_OR_RETURN(PersonInfo person, ReadPerson(r, 0));
  return std::optional<PersonInfo>(std::move(person));
}

Result<std::vector<PersonInfo>> PgLinkage::ListPersons(int64_t after_id, int64_t limit) {
  PgParams p;
  p.Int(after_id);
  Limit(p, limit);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r, conn_.Query("SELECT " + std::string(kPersonColumns) +
                                  " FROM persons p WHERE p.id > $1 AND p.status = 'active' "
                                  "ORDER BY p.id LIMIT $2::bigint",
                              p));
  std::vector<PersonInfo> out;
  for (int i = 0; i < r.rows(); ++i) {
    HABEAS_ASSIGN_OR_RETURN(PersonInfo person, ReadPerson(r, i));
    out.push_back(std::move(person));
  }
  return out;
}

Result<std::vector<LinkEdge>> PgLinkage::ListEdges(int64_t person_id) {
  PgParams p;
  p.Int(person_id);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT person_id, record_a, record_b, weight, probability, kind "
                  "FROM link_edges WHERE person_id = $1 ORDER BY weight DESC, id",
                  p));
  std::vector<LinkEdge> out;
  for (int i = 0; i < r.rows(); ++i) {
    HABEAS_ASSIGN_OR_RETURN(LinkEdgeKind kind,
                            StoredKind(ParseLinkEdgeKind(r.Text(i, 5)), "link_edges"));
    out.push_back({r.Int(i, 0), r.Int(i, 1), r.Int(i, 2), r.Double(i, 3), r.Double(i, 4), kind});
  }
  return out;
}

Result<std::vector<PersonEvent>> PgLinkage::ListPersonEvents(std::optional<int64_t> person_id) {
  std::string sql =
      "SELECT e.id, e.kind, e.person_ids, e.record_ids, e.at, e.by, e.reason "
      "FROM person_events e";
  PgParams p;
  if (person_id) {
    sql += " WHERE e.id IN (SELECT event_id FROM person_event_persons WHERE person_id = $1)";
    p.Int(*person_id);
  }
  sql += " ORDER BY e.id";
  HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
  std::vector<PersonEvent> out;
  for (int i = 0; i < r.rows(); ++i) {
    PersonEvent e;
    e.id = r.Int(i, 0);
    HABEAS_ASSIGN_OR_RETURN(e.kind,
                            StoredKind(ParsePersonEventKind(r.Text(i, 1)), "person_events"));
    e.person_ids = ParseIds(r.Text(i, 2));
    e.record_ids = ParseIds(r.Text(i, 3));
    e.at = r.Text(i, 4);
    e.by = r.Text(i, 5);
    e.reason = r.Text(i, 6);
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> PgLinkage::AddDecision(const LinkDecision& d) {
  PgTransaction t(conn_);
  HABEAS_RETURN_IF_ERROR(t.Begin());
  const std::string now = clock_->NowIso();
  PgParams p;
  p.Int(d.record_a)
      .Int(d.record_b)
      .Text(ReviewDecisionName(d.decision))
      .Text(d.reason)
      .Text(d.decided_by)
      .Text(d.decided_at.empty() ? now : d.decided_at);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("INSERT INTO link_decisions (record_a, record_b, decision, reason, decided_by, "
                  "decided_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                  p));
  const int64_t id = r.Int(0, 0);
  HABEAS_RETURN_IF_ERROR(AppendRowEntry(conn_, "link_decisions", id, now));
  HABEAS_RETURN_IF_ERROR(t.Commit());
  return id;
}

Result<std::vector<LinkDecision>> PgLinkage::ListDecisions() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT id, record_a, record_b, decision, reason, decided_by, decided_at "
                  "FROM link_decisions WHERE id NOT IN "
                  "(SELECT decision_id FROM decision_withdrawals) ORDER BY id"));
  std::vector<LinkDecision> out;
  for (int i = 0; i < r.rows(); ++i) {
    HABEAS_ASSIGN_OR_RETURN(ReviewDecision decision,
                            StoredKind(ParseReviewDecision(r.Text(i, 3)), "link_decisions"));
    out.push_back({r.Int(i, 0), r.Int(i, 1), r.Int(i, 2), decision, r.Text(i, 4), r.Text(i, 5),
                   r.Text(i, 6)});
  }
  return out;
}

Status PgLinkage::WithdrawDecision(int64_t decision_id, const std::string& by) {
  PgTransaction t(conn_);
  HABEAS_RETURN_IF_ERROR(t.Begin());
  const std::string now = clock_->NowIso();
  PgParams p;
  p.Int(decision_id).Text(by).Text(now);
  Result<PgResult> r = conn_.Query(
      "INSERT INTO decision_withdrawals (decision_id, withdrawn_by, withdrawn_at) "
      "SELECT id, $2, $3 FROM link_decisions WHERE id = $1 "
      "AND id NOT IN (SELECT decision_id FROM decision_withdrawals) RETURNING id",
      p);
  // Two reviewers undoing the same decision at once: the second finds it withdrawn.
  if ((r.ok() && r->rows() == 0) ||
      (!r.ok() && r.status().code() == StatusCode::kConflict)) {
    return NotFound("no decision with id " + std::to_string(decision_id) +
                    " that is not already withdrawn");
  }
  HABEAS_RETURN_IF_ERROR(r.status());
  HABEAS_RETURN_IF_ERROR(AppendRowEntry(conn_, "decision_withdrawals", r->Int(0, 0), now));
  return t.Commit();
}

Result<int64_t> PgLinkage::SaveModel(const std::string& json) {
  PgTransaction t(conn_);
  HABEAS_RETURN_IF_ERROR(t.Begin());
  const std::string now = clock_->NowIso();
  PgParams p;
  p.Text(now).Text(json);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("INSERT INTO link_models (created_at, model) VALUES ($1, $2) RETURNING version",
                  p));
  const int64_t version = r.Int(0, 0);
  HABEAS_RETURN_IF_ERROR(AppendRowEntry(conn_, "link_models", version, now));
  HABEAS_RETURN_IF_ERROR(t.Commit());
  return version;
}

Result<std::optional<SavedModel>> PgLinkage::LatestModel() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r, conn_.Query("SELECT version, created_at, model FROM link_models "
                              "ORDER BY version DESC LIMIT 1"));
  if (r.rows() == 0) return std::optional<SavedModel>();
  return std::optional<SavedModel>(SavedModel{r.Int(0, 0), r.Text(0, 1), r.Text(0, 2)});
}

Result<std::vector<ReviewPair>> PgLinkage::ListReviewPairs(int64_t limit) {
  PgParams p;
  Limit(p, limit);
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT record_a, record_b, weight, probability, priority FROM review_pairs "
                  "ORDER BY priority DESC, record_a, record_b LIMIT $1::bigint",
                  p));
  std::vector<ReviewPair> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({r.Int(i, 0), r.Int(i, 1), r.Double(i, 2), r.Double(i, 3), r.Double(i, 4)});
  }
  return out;
}

}  // namespace habeas::store
