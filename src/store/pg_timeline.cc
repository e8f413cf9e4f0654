#include "store/pg_timeline.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

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

}  // namespace habeas::store
