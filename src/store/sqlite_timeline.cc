#include "store/sqlite_timeline.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string>

#include "store/sqlite_ledger.h"
#include "store/sqlite_util.h"
#include "store/timeline_text.h"

namespace habeas::store {
namespace {

void BindTime(Statement& s, int first, const ValidTime& t) {
  if (t.known()) {
    s.BindInt(first, t.earliest);
    s.BindInt(first + 1, t.latest);
  } else {
    s.BindNull(first);
    s.BindNull(first + 1);
  }
}

ValidTime ReadTime(const Statement& s, int first) {
  ValidTime t;
  Result<TimePrecision> p = ParseTimePrecision(s.ColumnText(first + 2));
  t.precision = p.ok() ? *p : TimePrecision::kUnknown;
  if (t.known() && !s.ColumnIsNull(first)) {
    t.earliest = s.ColumnInt(first);
    t.latest = s.ColumnInt(first + 1);
  } else {
    t.precision = TimePrecision::kUnknown;
  }
  t.time_zone = s.ColumnText(first + 3);
  t.text = s.ColumnText(first + 4);
  return t;
}

constexpr std::string_view kClaimColumns =
    "id, write_id, kind, coalesce(record_id, 0), coalesce(person_id, 0), source, file, line, raw, "
    "valid_from, valid_to, precision, time_zone, valid_text, recorded_at, confidence, facility, "
    "flight, authority, item, value, language, note";

Result<Claim> ReadClaim(const Statement& s) {
  Claim c;
  c.id = s.ColumnInt(0);
  c.write_id = s.ColumnInt(1);
  Result<ClaimKind> kind = ParseClaimKind(s.ColumnText(2));
  if (!kind.ok()) return DataLoss("claim " + std::to_string(c.id) + ": " + kind.status().message());
  c.kind = *kind;
  c.record_id = s.ColumnInt(3);
  c.person_id = s.ColumnInt(4);
  c.source.source = s.ColumnText(5);
  c.source.file = s.ColumnText(6);
  c.source.line = s.ColumnInt(7);
  c.source.raw = s.ColumnText(8);
  c.valid = ReadTime(s, 9);
  c.recorded_at = s.ColumnText(14);
  c.confidence = sqlite3_column_double(s.get(), 15);
  c.facility = s.ColumnText(16);
  c.flight = s.ColumnText(17);
  c.authority = s.ColumnText(18);
  c.item = s.ColumnText(19);
  c.value = s.ColumnText(20);
  c.language = s.ColumnText(21);
  c.note = s.ColumnText(22);
  return c;
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

Result<int64_t> SqliteTimeline::WriteTimeline(const TimelineWrite& write) {
  HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
  Result<int64_t> id = WriteInTransaction(write);
  if (!id.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return id.status();
  }
  if (Status commit = Exec(db_, "COMMIT"); !commit.ok()) {
    (void)Exec(db_, "ROLLBACK");
    return commit;
  }
  return id;
}

Result<int64_t> SqliteTimeline::WriteInTransaction(const TimelineWrite& write) {
  HABEAS_ASSIGN_OR_RETURN(int64_t write_id, InsertWriteRow(write));
  HABEAS_RETURN_IF_ERROR(InsertFacilities(write.facilities, write_id));
  HABEAS_RETURN_IF_ERROR(InsertFlights(write.flights, write_id));
  HABEAS_RETURN_IF_ERROR(InsertClaims(write.claims, write_id));
  HABEAS_RETURN_IF_ERROR(InsertOrders(write.orders, write_id));
  HABEAS_RETURN_IF_ERROR(AppendTimelineWriteEntry(db_, write_id, clock_->NowIso()));
  return write_id;
}

Result<int64_t> SqliteTimeline::InsertWriteRow(const TimelineWrite& w) {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "INSERT INTO timeline_writes (kind, source, file_name, file_sha256, "
                         "batch_id, written_at, written_by, facilities, flights, claims, orders) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
  const std::string now = clock_->NowIso();
  s.BindText(1, TimelineWriteKindName(w.kind));
  s.BindText(2, w.source);
  s.BindText(3, w.file_name);
  s.BindText(4, w.file_sha256);
  if (w.batch_id) s.BindInt(5, w.batch_id);
  s.BindText(6, now);
  s.BindText(7, w.by);
  s.BindInt(8, static_cast<int64_t>(w.facilities.size()));
  s.BindInt(9, static_cast<int64_t>(w.flights.size()));
  s.BindInt(10, static_cast<int64_t>(w.claims.size()));
  s.BindInt(11, static_cast<int64_t>(w.orders.size()));
  const int rc = s.Step();
  if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
    return Conflict("the file " + w.file_name + " (sha256 " + w.file_sha256.substr(0, 16) +
                    "…) is already in the timeline as " +
                    std::string(TimelineWriteKindName(w.kind)) + " of source \"" + w.source +
                    "\"; nothing was written");
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "recording the timeline write");
  return sqlite3_last_insert_rowid(db_);
}

Status SqliteTimeline::InsertFacilities(const std::vector<Facility>& facilities,
                                        int64_t write_id) {
  if (facilities.empty()) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(Statement find,
                          Statement::Prepare(db_, "SELECT id FROM facilities WHERE name = ?1"));
  HABEAS_ASSIGN_OR_RETURN(
      Statement ins, Statement::Prepare(db_,
                                        "INSERT INTO facilities (write_id, name, place, country, "
                                        "operator) VALUES (?1, ?2, ?3, ?4, ?5)"));
  HABEAS_ASSIGN_OR_RETURN(
      Statement alias_owner,
      Statement::Prepare(db_, "SELECT facility_id FROM facility_aliases WHERE alias_key = ?1"));
  HABEAS_ASSIGN_OR_RETURN(
      Statement add_alias,
      Statement::Prepare(db_,
                         "INSERT INTO facility_aliases (alias_key, alias, facility_id, write_id) "
                         "VALUES (?1, ?2, ?3, ?4)"));
  for (const Facility& f : facilities) {
    find.BindText(1, f.name);
    int rc = find.Step();
    int64_t id = rc == SQLITE_ROW ? find.ColumnInt(0) : 0;
    find.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteError(db_, rc, "finding facility");
    if (id == 0) {
      ins.BindInt(1, write_id);
      ins.BindText(2, f.name);
      ins.BindText(3, f.place);
      ins.BindText(4, f.country);
      ins.BindText(5, f.op);
      rc = ins.Step();
      ins.Reset();
      if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing facility");
      id = sqlite3_last_insert_rowid(db_);
    }
    std::vector<std::string> names = f.aliases;
    names.insert(names.begin(), f.name);
    for (const std::string& alias : names) {
      const std::string key = AliasKey(alias);
      if (key.empty()) continue;
      alias_owner.BindText(1, key);
      rc = alias_owner.Step();
      const int64_t owner = rc == SQLITE_ROW ? alias_owner.ColumnInt(0) : 0;
      alias_owner.Reset();
      if (owner == id) continue;
      if (owner != 0) {
        return Conflict("facility alias \"" + alias + "\" (of \"" + f.name +
                        "\") already names facility " + std::to_string(owner) +
                        "; an alias resolves to one facility — remove it from one of them");
      }
      add_alias.BindText(1, key);
      add_alias.BindText(2, alias);
      add_alias.BindInt(3, id);
      add_alias.BindInt(4, write_id);
      rc = add_alias.Step();
      add_alias.Reset();
      if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing facility alias");
    }
  }
  return Status::Ok();
}

Status SqliteTimeline::InsertFlights(const std::vector<Flight>& flights, int64_t write_id) {
  if (flights.empty()) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(
          db_,
          "INSERT INTO flights (write_id, carrier, number, tail, aliases, departure_place, "
          "departure_from, departure_to, departure_precision, departure_zone, departure_text, "
          "arrival_place, arrival_from, arrival_to, arrival_precision, arrival_zone, "
          "arrival_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
          "?15, ?16, ?17)"));
  for (const Flight& f : flights) {
    const std::string aliases = nlohmann::json(f.aliases).dump();
    const std::string dep_precision(TimePrecisionName(f.departure.precision));
    const std::string arr_precision(TimePrecisionName(f.arrival.precision));
    s.BindInt(1, write_id);
    s.BindText(2, f.carrier);
    s.BindText(3, f.number);
    s.BindText(4, f.tail);
    s.BindText(5, aliases);
    s.BindText(6, f.departure_place);
    BindTime(s, 7, f.departure);
    s.BindText(9, dep_precision);
    s.BindText(10, f.departure.time_zone);
    s.BindText(11, f.departure.text);
    s.BindText(12, f.arrival_place);
    BindTime(s, 13, f.arrival);
    s.BindText(15, arr_precision);
    s.BindText(16, f.arrival.time_zone);
    s.BindText(17, f.arrival.text);
    const int rc = s.Step();
    s.Reset();
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing flight");
  }
  return Status::Ok();
}

Status SqliteTimeline::InsertClaims(const std::vector<Claim>& claims, int64_t write_id) {
  if (claims.empty()) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(
          db_,
          "INSERT INTO claims (write_id, kind, record_id, person_id, source, file, line, raw, "
          "valid_from, valid_to, precision, time_zone, valid_text, recorded_at, confidence, "
          "facility, flight, authority, item, value, language, note) VALUES (?1, ?2, ?3, ?4, "
          "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"));
  const std::string now = clock_->NowIso();
  for (const Claim& c : claims) {
    s.BindInt(1, write_id);
    s.BindText(2, ClaimKindName(c.kind));
    if (c.record_id) s.BindInt(3, c.record_id); else s.BindNull(3);
    if (c.person_id) s.BindInt(4, c.person_id); else s.BindNull(4);
    s.BindText(5, c.source.source);
    s.BindText(6, c.source.file);
    s.BindInt(7, c.source.line);
    s.BindText(8, c.source.raw);
    BindTime(s, 9, c.valid);
    s.BindText(11, TimePrecisionName(c.valid.known() ? c.valid.precision : TimePrecision::kUnknown));
    s.BindText(12, c.valid.time_zone);
    s.BindText(13, c.valid.text);
    s.BindText(14, c.recorded_at.empty() ? now : c.recorded_at);
    sqlite3_bind_double(s.get(), 15, c.confidence);
    s.BindText(16, c.facility);
    s.BindText(17, c.flight);
    s.BindText(18, c.authority);
    s.BindText(19, c.item);
    s.BindText(20, c.value);
    s.BindText(21, c.language);
    s.BindText(22, c.note);
    const int rc = s.Step();
    s.Reset();
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
      return InvalidInput("claim from " + c.source.file + ":" + std::to_string(c.source.line) +
                          " refused by the store (" + sqlite3_errmsg(db_) +
                          "): a claim needs a record or a person and a confidence in 0–1");
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing claim");
  }
  return Status::Ok();
}

Status SqliteTimeline::InsertOrders(const std::vector<StoredOrder>& orders, int64_t write_id) {
  if (orders.empty()) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(
      Statement s, Statement::Prepare(db_,
                                      "INSERT INTO orders (write_id, name, text, file, line) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)"));
  for (const StoredOrder& o : orders) {
    s.BindInt(1, write_id);
    s.BindText(2, o.name);
    s.BindText(3, o.text);
    s.BindText(4, o.file);
    s.BindInt(5, o.line);
    const int rc = s.Step();
    s.Reset();
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
      return Conflict(o.file + ":" + std::to_string(o.line) + ": an order named \"" + o.name +
                      "\" is already stored; orders are never replaced — give it another name");
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing order");
  }
  return Status::Ok();
}

Result<std::vector<TimelineWriteInfo>> SqliteTimeline::ListTimelineWrites() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_,
                         "SELECT id, kind, source, file_name, file_sha256, coalesce(batch_id, 0), "
                         "written_at, written_by, facilities, flights, claims, orders FROM "
                         "timeline_writes ORDER BY id"));
  std::vector<TimelineWriteInfo> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    TimelineWriteInfo w;
    w.id = s.ColumnInt(0);
    const std::string kind = s.ColumnText(1);
    for (auto k : {TimelineWriteKind::kEntities, TimelineWriteKind::kClaims,
                   TimelineWriteKind::kListClaims, TimelineWriteKind::kOrders,
                   TimelineWriteKind::kHandClaim}) {
      if (TimelineWriteKindName(k) == kind) w.kind = k;
    }
    w.source = s.ColumnText(2);
    w.file_name = s.ColumnText(3);
    w.file_sha256 = s.ColumnText(4);
    w.batch_id = s.ColumnInt(5);
    w.written_at = s.ColumnText(6);
    w.by = s.ColumnText(7);
    w.facilities = s.ColumnInt(8);
    w.flights = s.ColumnInt(9);
    w.claims = s.ColumnInt(10);
    w.orders = s.ColumnInt(11);
    out.push_back(std::move(w));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing timeline writes");
  return out;
}

Result<std::vector<Facility>> SqliteTimeline::ListFacilities() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, "SELECT id, name, place, country, operator FROM facilities "
                              "ORDER BY id"));
  std::vector<Facility> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    Facility f;
    f.id = s.ColumnInt(0);
    f.name = s.ColumnText(1);
    f.place = s.ColumnText(2);
    f.country = s.ColumnText(3);
    f.op = s.ColumnText(4);
    out.push_back(std::move(f));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing facilities");
  HABEAS_ASSIGN_OR_RETURN(
      Statement a, Statement::Prepare(db_,
                                      "SELECT facility_id, alias FROM facility_aliases "
                                      "ORDER BY facility_id, alias"));
  while ((rc = a.Step()) == SQLITE_ROW) {
    const int64_t id = a.ColumnInt(0);
    for (Facility& f : out) {
      if (f.id == id && a.ColumnText(1) != f.name) f.aliases.push_back(a.ColumnText(1));
    }
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing facility aliases");
  return out;
}

Result<std::vector<Flight>> SqliteTimeline::ListFlights() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(
          db_,
          "SELECT id, carrier, number, tail, aliases, departure_place, departure_from, "
          "departure_to, departure_precision, departure_zone, departure_text, arrival_place, "
          "arrival_from, arrival_to, arrival_precision, arrival_zone, arrival_text FROM flights "
          "ORDER BY id"));
  std::vector<Flight> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    Flight f;
    f.id = s.ColumnInt(0);
    f.carrier = s.ColumnText(1);
    f.number = s.ColumnText(2);
    f.tail = s.ColumnText(3);
    nlohmann::json aliases = nlohmann::json::parse(s.ColumnText(4), nullptr, false);
    if (aliases.is_array()) {
      for (const auto& a : aliases) {
        if (a.is_string()) f.aliases.push_back(a.get<std::string>());
      }
    }
    f.departure_place = s.ColumnText(5);
    f.departure = ReadTime(s, 6);
    f.arrival_place = s.ColumnText(11);
    f.arrival = ReadTime(s, 12);
    out.push_back(std::move(f));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing flights");
  return out;
}

Status SqliteTimeline::ForEachClaim(const ClaimFilter& filter,
                                    const std::function<bool(Claim&&)>& visit) {
  std::string kinds;
  for (ClaimKind k : filter.kinds) {
    kinds += (kinds.empty() ? "'" : ",'") + std::string(ClaimKindName(k)) + "'";
  }
  const std::string kind_filter = kinds.empty() ? "" : " AND kind IN (" + kinds + ")";
  // A person's claims: through the record index and the person index separately (an OR
  // of the two would scan the table), merged in id order.
  std::vector<std::string> queries;
  if (filter.record_ids.empty() && filter.person_ids.empty()) {
    queries.push_back("SELECT " + std::string(kClaimColumns) + " FROM claims WHERE 1" +
                      kind_filter + " ORDER BY id");
  }
  if (!filter.record_ids.empty()) {
    queries.push_back("SELECT " + std::string(kClaimColumns) +
                      " FROM claims WHERE record_id IS NOT NULL AND record_id IN (" +
                      IdList(filter.record_ids) + ")" + kind_filter);
  }
  if (!filter.person_ids.empty()) {
    queries.push_back("SELECT " + std::string(kClaimColumns) +
                      " FROM claims WHERE person_id IS NOT NULL AND person_id IN (" +
                      IdList(filter.person_ids) + ")" + kind_filter);
  }
  if (queries.size() == 1 && filter.record_ids.empty() && filter.person_ids.empty()) {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, queries[0]));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      HABEAS_ASSIGN_OR_RETURN(Claim c, ReadClaim(s));
      if (!visit(std::move(c))) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading claims");
    return Status::Ok();
  }
  std::vector<Claim> claims;
  for (const std::string& sql : queries) {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      HABEAS_ASSIGN_OR_RETURN(Claim c, ReadClaim(s));
      claims.push_back(std::move(c));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading claims");
  }
  std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) { return a.id < b.id; });
  claims.erase(std::unique(claims.begin(), claims.end(),
                           [](const Claim& a, const Claim& b) { return a.id == b.id; }),
               claims.end());
  for (Claim& c : claims) {
    if (!visit(std::move(c))) break;
  }
  return Status::Ok();
}

Result<std::vector<StoredOrder>> SqliteTimeline::ListOrders() {
  HABEAS_ASSIGN_OR_RETURN(
      Statement s,
      Statement::Prepare(db_, "SELECT id, write_id, name, text, file, line FROM orders ORDER BY id"));
  std::vector<StoredOrder> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredOrder o;
    o.id = s.ColumnInt(0);
    o.write_id = s.ColumnInt(1);
    o.name = s.ColumnText(2);
    o.text = s.ColumnText(3);
    o.file = s.ColumnText(4);
    o.line = s.ColumnInt(5);
    out.push_back(std::move(o));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing orders");
  return out;
}

}  // namespace habeas::store
