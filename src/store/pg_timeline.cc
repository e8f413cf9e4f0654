#include "store/pg_timeline.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "store/ledger_tables.h"
#include "store/pg_ledger.h"
#include "store/pg_linkage.h"
#include "store/timeline_text.h"

namespace habeas::store {
namespace {

// A time as its five columns from `first` (from, to, precision, zone, text); an
// unknown precision or a missing instant is an unknown time, as on SQLite.
ValidTime ReadTime(const PgResult& r, int row, int first) {
  ValidTime t;
  Result<TimePrecision> p = ParseTimePrecision(r.Text(row, first + 2));
  t.precision = p.ok() ? *p : TimePrecision::kUnknown;
  if (t.known() && !r.IsNull(row, first)) {
    t.earliest = r.Int(row, first);
    t.latest = r.Int(row, first + 1);
  } else {
    t.precision = TimePrecision::kUnknown;
  }
  t.time_zone = r.Text(row, first + 3);
  t.text = r.Text(row, first + 4);
  return t;
}

constexpr std::string_view kClaimColumns =
    "id, write_id, kind, coalesce(record_id, 0), coalesce(person_id, 0), source, file, line, raw, "
    "valid_from, valid_to, precision, time_zone, valid_text, recorded_at, confidence, facility, "
    "flight, authority, item, value, language, note";

Result<Claim> ReadClaim(const PgResult& r, int row) {
  Claim c;
  c.id = r.Int(row, 0);
  c.write_id = r.Int(row, 1);
  Result<ClaimKind> kind = ParseClaimKind(r.Text(row, 2));
  if (!kind.ok()) return DataLoss("claim " + std::to_string(c.id) + ": " + kind.status().message());
  c.kind = *kind;
  c.record_id = r.Int(row, 3);
  c.person_id = r.Int(row, 4);
  c.source.source = r.Text(row, 5);
  c.source.file = r.Text(row, 6);
  c.source.line = r.Int(row, 7);
  c.source.raw = r.Text(row, 8);
  c.valid = ReadTime(r, row, 9);
  c.recorded_at = r.Text(row, 14);
  c.confidence = r.Double(row, 15);
  c.facility = r.Text(row, 16);
  c.flight = r.Text(row, 17);
  c.authority = r.Text(row, 18);
  c.item = r.Text(row, 19);
  c.value = r.Text(row, 20);
  c.language = r.Text(row, 21);
  c.note = r.Text(row, 22);
  return c;
}

Result<TimelineWriteKind> ParseWriteKind(const std::string& name) {
  for (auto k : {TimelineWriteKind::kEntities, TimelineWriteKind::kClaims,
                 TimelineWriteKind::kListClaims, TimelineWriteKind::kOrders,
                 TimelineWriteKind::kHandClaim}) {
    if (TimelineWriteKindName(k) == name) return k;
  }
  return DataLoss("the store's timeline_writes table holds \"" + name +
                  "\", not a timeline write kind; was it written by a newer habeas?");
}

}  // namespace

Result<std::vector<TimelineWriteInfo>> PgTimelineReader::ListTimelineWrites() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT id, kind, source, file_name, file_sha256, coalesce(batch_id, 0), "
                  "written_at, written_by, facilities, flights, claims, orders FROM "
                  "timeline_writes ORDER BY id"));
  std::vector<TimelineWriteInfo> out;
  for (int i = 0; i < r.rows(); ++i) {
    TimelineWriteInfo w;
    w.id = r.Int(i, 0);
    HABEAS_ASSIGN_OR_RETURN(w.kind, ParseWriteKind(r.Text(i, 1)));
    w.source = r.Text(i, 2);
    w.file_name = r.Text(i, 3);
    w.file_sha256 = r.Text(i, 4);
    w.batch_id = r.Int(i, 5);
    w.written_at = r.Text(i, 6);
    w.by = r.Text(i, 7);
    w.facilities = r.Int(i, 8);
    w.flights = r.Int(i, 9);
    w.claims = r.Int(i, 10);
    w.orders = r.Int(i, 11);
    out.push_back(std::move(w));
  }
  return out;
}

// Aliases in byte order (COLLATE "C"), as SQLite sorts them.
Result<std::vector<Facility>> PgTimelineReader::ListFacilities() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT id, name, place, country, operator FROM facilities ORDER BY id"));
  std::vector<Facility> out;
  for (int i = 0; i < r.rows(); ++i) {
    Facility f;
    f.id = r.Int(i, 0);
    f.name = r.Text(i, 1);
    f.place = r.Text(i, 2);
    f.country = r.Text(i, 3);
    f.op = r.Text(i, 4);
    out.push_back(std::move(f));
  }
  HABEAS_ASSIGN_OR_RETURN(PgResult a, conn_.Query("SELECT facility_id, alias FROM facility_aliases "
                                                  "ORDER BY facility_id, alias COLLATE \"C\""));
  for (int i = 0; i < a.rows(); ++i) {
    const int64_t id = a.Int(i, 0);
    for (Facility& f : out) {
      if (f.id == id && a.Text(i, 1) != f.name) f.aliases.push_back(a.Text(i, 1));
    }
  }
  return out;
}

Result<std::vector<Flight>> PgTimelineReader::ListFlights() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT id, carrier, number, tail, aliases, departure_place, departure_from, "
                  "departure_to, departure_precision, departure_zone, departure_text, "
                  "arrival_place, arrival_from, arrival_to, arrival_precision, arrival_zone, "
                  "arrival_text FROM flights ORDER BY id"));
  std::vector<Flight> out;
  for (int i = 0; i < r.rows(); ++i) {
    Flight f;
    f.id = r.Int(i, 0);
    f.carrier = r.Text(i, 1);
    f.number = r.Text(i, 2);
    f.tail = r.Text(i, 3);
    nlohmann::json aliases = nlohmann::json::parse(r.Text(i, 4), nullptr, false);
    if (aliases.is_array()) {
      for (const auto& alias : aliases) {
        if (alias.is_string()) f.aliases.push_back(alias.get<std::string>());
      }
    }
    f.departure_place = r.Text(i, 5);
    f.departure = ReadTime(r, i, 6);
    f.arrival_place = r.Text(i, 11);
    f.arrival = ReadTime(r, i, 12);
    out.push_back(std::move(f));
  }
  return out;
}

// One query: the claims of the records or the persons asked for (either matches), of
// the kinds asked for, in id order.
Status PgTimelineReader::ForEachClaim(const ClaimFilter& filter,
                                      const std::function<bool(Claim&&)>& visit) {
  std::string sql = "SELECT " + std::string(kClaimColumns) + " FROM claims WHERE true";
  PgParams p;
  if (!filter.kinds.empty()) {
    std::string kinds = "{";
    for (ClaimKind k : filter.kinds) {
      kinds += (kinds.size() > 1 ? "," : "") + std::string(ClaimKindName(k));
    }
    p.Text(kinds + "}");
    sql += " AND kind = ANY($1::text[])";
  }
  if (!filter.record_ids.empty() || !filter.person_ids.empty()) {
    p.Text(PgIntArray(filter.record_ids));
    const std::string records = "$" + std::to_string(p.size());
    p.Text(PgIntArray(filter.person_ids));
    const std::string persons = "$" + std::to_string(p.size());
    sql += " AND (record_id = ANY(" + records + "::bigint[]) OR person_id = ANY(" + persons +
           "::bigint[]))";
  }
  sql += " ORDER BY id";
  HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
  for (int i = 0; i < r.rows(); ++i) {
    HABEAS_ASSIGN_OR_RETURN(Claim c, ReadClaim(r, i));
    if (!visit(std::move(c))) break;
  }
  return Status::Ok();
}

Result<std::vector<StoredOrder>> PgTimelineReader::ListOrders() {
  HABEAS_ASSIGN_OR_RETURN(
      PgResult r,
      conn_.Query("SELECT id, write_id, name, text, file, line FROM orders ORDER BY id"));
  std::vector<StoredOrder> out;
  for (int i = 0; i < r.rows(); ++i) {
    StoredOrder o;
    o.id = r.Int(i, 0);
    o.write_id = r.Int(i, 1);
    o.name = r.Text(i, 2);
    o.text = r.Text(i, 3);
    o.file = r.Text(i, 4);
    o.line = r.Int(i, 5);
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// A time's first two columns (from, to): UTC seconds, or NULL when unknown.
void AddTime(PgParams& p, const ValidTime& t) {
  if (t.known()) {
    p.Int(t.earliest).Int(t.latest);
  } else {
    p.Null().Null();
  }
}

void AddTime(CopyLine& line, const ValidTime& t) {
  if (t.known()) {
    line.Int(t.earliest).Int(t.latest);
  } else {
    line.Null().Null();
  }
}

}  // namespace

Result<int64_t> PgTimelineWriter::WriteTimeline(const TimelineWrite& write) {
  PgTransaction t(conn_);
  HABEAS_RETURN_IF_ERROR(t.Begin());
  HABEAS_ASSIGN_OR_RETURN(int64_t id, WriteInTransaction(write));
  HABEAS_RETURN_IF_ERROR(t.Commit());
  return id;
}

Result<int64_t> PgTimelineWriter::WriteInTransaction(const TimelineWrite& write) {
  HABEAS_RETURN_IF_ERROR(LockStore(conn_, PgStoreLock::kTimeline));
  const std::string now = clock_->NowIso();
  HABEAS_ASSIGN_OR_RETURN(int64_t write_id, InsertWriteRow(write, now));
  HABEAS_RETURN_IF_ERROR(InsertFacilities(write.facilities, write_id));
  HABEAS_RETURN_IF_ERROR(InsertFlights(write.flights, write_id));
  HABEAS_RETURN_IF_ERROR(InsertClaims(write.claims, write_id, now));
  HABEAS_RETURN_IF_ERROR(InsertOrders(write.orders, write_id));
  PgLedgerDatabase ledger(conn_);
  HABEAS_RETURN_IF_ERROR(AppendTimelineWriteEntry(ledger, write_id, now));
  return write_id;
}

Result<int64_t> PgTimelineWriter::InsertWriteRow(const TimelineWrite& w, const std::string& now) {
  PgParams p;
  p.Text(TimelineWriteKindName(w.kind)).Text(w.source).Text(w.file_name).Text(w.file_sha256);
  if (w.batch_id) {
    p.Int(w.batch_id);
  } else {
    p.Null();
  }
  p.Text(now)
      .Text(w.by)
      .Int(static_cast<int64_t>(w.facilities.size()))
      .Int(static_cast<int64_t>(w.flights.size()))
      .Int(static_cast<int64_t>(w.claims.size()))
      .Int(static_cast<int64_t>(w.orders.size()));
  Result<PgResult> r = conn_.Query(
      "INSERT INTO timeline_writes (kind, source, file_name, file_sha256, batch_id, written_at, "
      "written_by, facilities, flights, claims, orders) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11) RETURNING id",
      p);
  if (!r.ok() && r.status().code() == StatusCode::kConflict) {
    return Conflict("the file " + w.file_name + " (sha256 " + w.file_sha256.substr(0, 16) +
                    "…) is already in the timeline as " +
                    std::string(TimelineWriteKindName(w.kind)) + " of source \"" + w.source +
                    "\"; nothing was written");
  }
  if (!r.ok()) return r.status().WithContext("recording the timeline write");
  return r->Int(0, 0);
}

Status PgTimelineWriter::InsertFacilities(const std::vector<Facility>& facilities,
                                          int64_t write_id) {
  for (const Facility& f : facilities) {
    PgParams find;
    find.Text(f.name);
    HABEAS_ASSIGN_OR_RETURN(int64_t id,
                            conn_.QueryInt("SELECT id FROM facilities WHERE name = $1", find));
    if (id == 0) {
      PgParams ins;
      ins.Int(write_id).Text(f.name).Text(f.place).Text(f.country).Text(f.op);
      HABEAS_ASSIGN_OR_RETURN(
          PgResult r, conn_.Query("INSERT INTO facilities (write_id, name, place, country, "
                                  "operator) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                  ins));
      id = r.Int(0, 0);
    }
    HABEAS_RETURN_IF_ERROR(AddAliases(f, id, write_id));
  }
  return Status::Ok();
}

// The facility's name and aliases as aliases of facility `facility_id`; one already
// naming another facility is kConflict.
Status PgTimelineWriter::AddAliases(const Facility& f, int64_t facility_id, int64_t write_id) {
  std::vector<std::string> names = f.aliases;
  names.insert(names.begin(), f.name);
  for (const std::string& alias : names) {
    const std::string key = AliasKey(alias);
    if (key.empty()) continue;
    PgParams owner_of;
    owner_of.Text(key);
    HABEAS_ASSIGN_OR_RETURN(
        int64_t owner,
        conn_.QueryInt("SELECT facility_id FROM facility_aliases WHERE alias_key = $1", owner_of));
    if (owner == facility_id) continue;
    if (owner != 0) {
      return Conflict("facility alias \"" + alias + "\" (of \"" + f.name +
                      "\") already names facility " + std::to_string(owner) +
                      "; an alias resolves to one facility — remove it from one of them");
    }
    PgParams add;
    add.Text(key).Text(alias).Int(facility_id).Int(write_id);
    HABEAS_RETURN_IF_ERROR(
        conn_
            .Query("INSERT INTO facility_aliases (alias_key, alias, facility_id, write_id) "
                   "VALUES ($1, $2, $3, $4)",
                   add)
            .status()
            .WithContext("storing facility alias"));
  }
  return Status::Ok();
}

Status PgTimelineWriter::InsertFlights(const std::vector<Flight>& flights, int64_t write_id) {
  for (const Flight& f : flights) {
    PgParams p;
    p.Int(write_id).Text(f.carrier).Text(f.number).Text(f.tail).Text(
        nlohmann::json(f.aliases).dump());
    p.Text(f.departure_place);
    AddTime(p, f.departure);
    p.Text(TimePrecisionName(f.departure.precision))
        .Text(f.departure.time_zone)
        .Text(f.departure.text)
        .Text(f.arrival_place);
    AddTime(p, f.arrival);
    p.Text(TimePrecisionName(f.arrival.precision)).Text(f.arrival.time_zone).Text(f.arrival.text);
    HABEAS_RETURN_IF_ERROR(
        conn_
            .Query("INSERT INTO flights (write_id, carrier, number, tail, aliases, "
                   "departure_place, departure_from, departure_to, departure_precision, "
                   "departure_zone, departure_text, arrival_place, arrival_from, arrival_to, "
                   "arrival_precision, arrival_zone, arrival_text) VALUES ($1, $2, $3, $4, $5, "
                   "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                   p)
            .status()
            .WithContext("storing flight"));
  }
  return Status::Ok();
}

// Claims (a claims file may hold many) go through one COPY, in order: their identity ids
// follow the file's order, as SQLite's rowids do.
Status PgTimelineWriter::InsertClaims(const std::vector<Claim>& claims, int64_t write_id,
                                      const std::string& now) {
  if (claims.empty()) return Status::Ok();
  std::string data;
  for (const Claim& c : claims) {
    CopyLine line(&data);
    line.Int(write_id).Text(ClaimKindName(c.kind));
    if (c.record_id) {
      line.Int(c.record_id);
    } else {
      line.Null();
    }
    if (c.person_id) {
      line.Int(c.person_id);
    } else {
      line.Null();
    }
    line.Text(c.source.source).Text(c.source.file).Int(c.source.line).Text(c.source.raw);
    AddTime(line, c.valid);
    line.Text(TimePrecisionName(c.valid.known() ? c.valid.precision : TimePrecision::kUnknown))
        .Text(c.valid.time_zone)
        .Text(c.valid.text)
        .Text(c.recorded_at.empty() ? now : c.recorded_at)
        .Double(c.confidence)
        .Text(c.facility)
        .Text(c.flight)
        .Text(c.authority)
        .Text(c.item)
        .Text(c.value)
        .Text(c.language)
        .Text(c.note);
  }
  Status s = conn_.CopyIn(
      "COPY claims (write_id, kind, record_id, person_id, source, file, line, raw, valid_from, "
      "valid_to, precision, time_zone, valid_text, recorded_at, confidence, facility, flight, "
      "authority, item, value, language, note) FROM STDIN",
      data);
  if (s.code() == StatusCode::kInvalidInput) {
    // The server names the COPY line (1-based) of the claim it refused.
    const size_t at = s.message().find("COPY claims, line ");
    const size_t line = at == std::string::npos ? 0 : std::strtoull(s.message().c_str() + at + 18,
                                                                    nullptr, 10);
    const size_t end = s.message().find('\n');
    const std::string reason = s.message().substr(0, end);
    if (line >= 1 && line <= claims.size()) {
      const Claim& c = claims[line - 1];
      return InvalidInput("claim from " + c.source.file + ":" + std::to_string(c.source.line) +
                          " refused by the store (" + reason +
                          "): a claim needs a record or a person and a confidence in 0–1");
    }
    return InvalidInput("a claim was refused by the store (" + reason +
                        "): a claim needs a record or a person and a confidence in 0–1");
  }
  return s.WithContext("storing claims");
}

Status PgTimelineWriter::InsertOrders(const std::vector<StoredOrder>& orders, int64_t write_id) {
  for (const StoredOrder& o : orders) {
    PgParams p;
    p.Int(write_id).Text(o.name).Text(o.text).Text(o.file).Int(o.line);
    Status s = conn_
                   .Query("INSERT INTO orders (write_id, name, text, file, line) VALUES ($1, $2, "
                          "$3, $4, $5)",
                          p)
                   .status();
    if (s.code() == StatusCode::kConflict) {
      return Conflict(o.file + ":" + std::to_string(o.line) + ": an order named \"" + o.name +
                      "\" is already stored; orders are never replaced — give it another name");
    }
    HABEAS_RETURN_IF_ERROR(s.WithContext("storing order"));
  }
  return Status::Ok();
}

}  // namespace habeas::store
