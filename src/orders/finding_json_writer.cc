#include "orders/finding_json_writer.h"

#include <algorithm>

#include "common/json_writer.h"
#include "habeas/record.h"

namespace habeas {
namespace {

// ValidTimeJson (habeas/timeline_view.h), keys in dump()'s order.
void WriteValidTime(const ValidTime& t, JsonWriter& w) {
  w.BeginObject();
  if (!t.known()) {
    w.Key("precision");
    w.String("unknown");
    w.EndObject();
    return;
  }
  w.Key("as_written");
  w.String(t.text);
  w.Key("earliest");
  w.String(FormatUtcSeconds(t.earliest));
  w.Key("latest");
  w.String(FormatUtcSeconds(t.latest));
  w.Key("precision");
  w.String(TimePrecisionName(t.precision));
  w.Key("time_zone");
  w.String(t.time_zone);
  w.EndObject();
}

void KeyString(std::string_view key, std::string_view value, JsonWriter& w) {
  w.Key(key);
  w.String(value);
}
void KeyStringIfAny(std::string_view key, std::string_view value, JsonWriter& w) {
  if (!value.empty()) KeyString(key, value, w);
}

// One evidence item: what ClaimEvidenceJson (order_check.cc) builds, keys in dump()'s order.
void WriteEvidenceClaim(const ResolvedClaim& c, JsonWriter& w) {
  const Claim& claim = c.claim;
  const bool has_file = !claim.source.file.empty();
  w.BeginObject();
  KeyStringIfAny("as_received", claim.source.raw, w);
  KeyStringIfAny("authority", claim.authority, w);
  w.Key("claim_id");
  w.Int(claim.id);
  w.Key("confidence");
  w.Double(claim.confidence);
  if (has_file) KeyString("file", claim.source.file, w);
  KeyStringIfAny("flight", claim.flight, w);
  KeyStringIfAny("item", claim.item, w);
  KeyString("kind", ClaimKindName(claim.kind), w);
  KeyStringIfAny("language", claim.language, w);
  if (has_file) {
    w.Key("line");
    w.Int(claim.source.line);
  }
  KeyStringIfAny("place", c.Place(), w);
  if (claim.record_id) {
    w.Key("record_id");
    w.Int(claim.record_id);
  }
  KeyString("recorded_at", claim.recorded_at, w);
  KeyString("source", claim.source.source, w);
  w.Key("valid_time");
  WriteValidTime(c.when, w);
  KeyStringIfAny("value", claim.value, w);
  w.EndObject();
}

// Each claim once, in the order the finding gathered them.
void WriteEvidence(const std::vector<const ResolvedClaim*>& evidence, JsonWriter& w) {
  std::vector<int64_t> seen;
  seen.reserve(evidence.size());
  w.BeginArray();
  for (const ResolvedClaim* c : evidence) {
    if (std::find(seen.begin(), seen.end(), c->claim.id) != seen.end()) continue;
    seen.push_back(c->claim.id);
    WriteEvidenceClaim(*c, w);
  }
  w.EndArray();
}

void WriteStrings(const std::vector<std::string>& lines, JsonWriter& w) {
  w.BeginArray();
  for (const std::string& line : lines) w.String(line);
  w.EndArray();
}

void WriteRemoval(const RemovalEvent& r, JsonWriter& w) {
  w.BeginObject();
  w.Key("arrival");
  WriteValidTime(r.arrival, w);
  w.Key("authorities");
  WriteStrings(r.authorities, w);
  w.Key("departure");
  WriteValidTime(r.departure, w);
  KeyString("flight", r.flight, w);
  w.EndObject();
}

std::string PersonIdText(int64_t person_id) {
  return person_id > 0 ? FormatPersonId(person_id) : "R" + std::to_string(-person_id);
}

}  // namespace

void AppendFindingJson(const OrderFinding& f, std::string_view order_detail, int indent,
                       std::string* out) {
  JsonWriter w(out, JsonLayout::kPretty, indent);
  w.BeginObject();
  w.Key("evidence");
  WriteEvidence(f.evidence, w);
  KeyString("finding", FindingKindName(f.kind), w);
  w.Key("open");
  WriteStrings(f.open, w);
  KeyString("order", f.order, w);
  if (!order_detail.empty()) {
    w.Key("order_detail");
    w.Dumped(order_detail);
  }
  KeyString("person_id", PersonIdText(f.person_id), w);
  w.Key("removal");
  WriteRemoval(f.removal, w);
  w.Key("trace");
  WriteStrings(f.trace, w);
  KeyString("verdict", f.verdict == Tri::kYes ? "violation" : "possible", w);
  w.EndObject();
}

}  // namespace habeas
