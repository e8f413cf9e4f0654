#include "server/views.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "common/file_io.h"
#include "common/json_writer.h"
#include "habeas/estimate_store.h"
#include "habeas/ingest.h"
#include "habeas/link.h"
#include "habeas/timeline_view.h"

namespace habeas::server {

namespace {

constexpr size_t kMaxQueryChars = 200;
constexpr size_t kMaxLimit = 50;

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

bool Blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

Status CheckSearchText(const SearchInput& in, SearchNeeds needs) {
  if (Blank(in.query.text)) {
    if (needs == SearchNeeds::kName) return InvalidInput("q (the name to search for) is required");
    // An identifier alone: docs/locator.md "Queries without a name".
    if (Blank(in.query.id)) return InvalidInput("q (the name to search for) or id is required");
  }
  if (in.query.text.size() > kMaxQueryChars) {
    return InvalidInput("q is longer than " + std::to_string(kMaxQueryChars) + " bytes");
  }
  if (in.query.birth_date.size() > 32) return InvalidInput("birth_date is too long");
  if (in.query.id.size() > 64) return InvalidInput("id is too long");
  if (in.limit < 1 || in.limit > kMaxLimit) {
    return InvalidInput("limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  return Status::Ok();
}

Result<size_t> ParseLimit(const std::string& text) {
  if (text.empty()) return size_t{10};
  // Up to 999 here: CheckSearchText says a number above kMaxLimit is out of range.
  const std::optional<int64_t> limit = WholeNumber(text, 999);
  if (!limit) {
    return InvalidInput("limit must be a whole number between 1 and " +
                        std::to_string(kMaxLimit));
  }
  return static_cast<size_t>(*limit);
}

}  // namespace

std::optional<int64_t> WholeNumber(std::string_view text, int64_t max) {
  // 18 digits cannot overflow int64_t; a longer number is above any max we take.
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  int64_t n = 0;
  for (char c : text) n = n * 10 + (c - '0');
  if (n > max) return std::nullopt;
  return n;
}

Result<SearchInput> SearchInputFromQuery(const Request& request, SearchNeeds needs) {
  SearchInput in;
  in.query.text = request.Query("q");
  in.query.birth_date = request.Query("dob");
  in.query.id = request.Query("id");
  HABEAS_ASSIGN_OR_RETURN(in.limit, ParseLimit(request.Query("limit")));
  HABEAS_RETURN_IF_ERROR(CheckSearchText(in, needs));
  return in;
}

Result<SearchInput> SearchInputFromJson(const nlohmann::json& body, SearchNeeds needs) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  SearchInput in;
  for (const auto& [key, value] : body.items()) {
    if (key == "limit") {
      if (!value.is_number_unsigned()) {
        return InvalidInput("limit must be a whole number between 1 and " +
                            std::to_string(kMaxLimit));
      }
      in.limit = value.get<size_t>();
      continue;
    }
    std::string* target = key == "q"            ? &in.query.text
                          : key == "birth_date" ? &in.query.birth_date
                          : key == "id"         ? &in.query.id
                                                : nullptr;
    if (!target) {
      return InvalidInput("unknown member \"" + key + "\" (expected q, birth_date, id, limit)");
    }
    if (!value.is_string()) return InvalidInput(key + " must be a string");
    *target = value.get<std::string>();
  }
  HABEAS_RETURN_IF_ERROR(CheckSearchText(in, needs));
  return in;
}

nlohmann::json SearchResponseJson(const search::SearchResponse& response) {
  nlohmann::json results = nlohmann::json::array();
  for (size_t i = 0; i < response.results.size(); ++i) {
    const search::SearchResult& r = response.results[i];
    nlohmann::json matched = nlohmann::json::array();
    for (const search::MatchedField& m : r.matched_fields) {
      matched.push_back({{"field", m.field}, {"agreement", m.agreement}, {"detail", m.detail}});
    }
    nlohmann::json records = nlohmann::json::array();
    for (const search::ResultRecord& rec : r.records) {
      records.push_back({{"record_id", rec.record_id},
                         {"source", rec.source},
                         {"source_record_id", rec.source_record_id}});
    }
    results.push_back({{"person_id", r.person_id},
                       {"probability", Round4(r.probability)},
                       {"certainty", std::string(CertaintyName(CertaintyOf(response, i)))},
                       {"name", r.name},
                       {"matched_fields", matched},
                       {"sources", r.sources},
                       {"records", records},
                       {"last_known",
                        {{"place", r.last_known.place},
                         {"date", r.last_known.date},
                         {"source", r.last_known.source}}}});
  }
  const std::string match = response.match_person_id();
  return {{"match", match.empty() ? nlohmann::json(nullptr) : nlohmann::json(match)},
          {"decision", std::string(search::DecisionName(response.decision))},
          {"results", results}};
}

namespace {

void WriteMatchedFields(const std::vector<search::MatchedField>& fields, JsonWriter& w) {
  w.BeginArray();
  for (const search::MatchedField& m : fields) {
    w.BeginObject();
    w.Key("agreement");
    w.String(m.agreement);
    w.Key("detail");
    w.String(m.detail);
    w.Key("field");
    w.String(m.field);
    w.EndObject();
  }
  w.EndArray();
}

void WriteRecords(const std::vector<search::ResultRecord>& records, JsonWriter& w) {
  w.BeginArray();
  for (const search::ResultRecord& rec : records) {
    w.BeginObject();
    w.Key("record_id");
    w.Int(rec.record_id);
    w.Key("source");
    w.String(rec.source);
    w.Key("source_record_id");
    w.String(rec.source_record_id);
    w.EndObject();
  }
  w.EndArray();
}

// One result, keys in dump()'s (byte) order.
void WriteResult(const search::SearchResponse& response, size_t i, JsonWriter& w) {
  const search::SearchResult& r = response.results[i];
  w.BeginObject();
  w.Key("certainty");
  w.String(CertaintyName(CertaintyOf(response, i)));
  w.Key("last_known");
  w.BeginObject();
  w.Key("date");
  w.String(r.last_known.date);
  w.Key("place");
  w.String(r.last_known.place);
  w.Key("source");
  w.String(r.last_known.source);
  w.EndObject();
  w.Key("matched_fields");
  WriteMatchedFields(r.matched_fields, w);
  w.Key("name");
  w.String(r.name);
  w.Key("person_id");
  w.String(r.person_id);
  w.Key("probability");
  w.Double(Round4(r.probability));
  w.Key("records");
  WriteRecords(r.records, w);
  w.Key("sources");
  w.BeginArray();
  for (const std::string& source : r.sources) w.String(source);
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string SearchResponseText(const search::SearchResponse& response) {
  std::string text;
  text.reserve(1024 + 768 * response.results.size());
  JsonWriter w(&text, JsonLayout::kCompact);
  w.BeginObject();
  w.Key("decision");
  w.String(search::DecisionName(response.decision));
  w.Key("match");
  const std::string match = response.match_person_id();
  if (match.empty()) {
    w.Null();
  } else {
    w.String(match);
  }
  w.Key("results");
  w.BeginArray();
  for (size_t i = 0; i < response.results.size(); ++i) WriteResult(response, i, w);
  w.EndArray();
  w.EndObject();
  return text;
}

nlohmann::json PublicAnswerJson(const PublicAnswer& answer) {
  nlohmann::json results = nlohmann::json::array();
  for (const PublicResult& r : answer.results) {
    nlohmann::json j = {{"certainty", std::string(CertaintyName(r.certainty))}};
    if (Shows(answer, PublicField::kName)) j["name"] = r.name;
    if (Shows(answer, PublicField::kStatus)) j["status"] = "listed";
    if (Shows(answer, PublicField::kLastKnownPlace)) j["last_known_place"] = r.place;
    if (Shows(answer, PublicField::kLastKnownDate)) j["last_known_date"] = r.date;
    if (Shows(answer, PublicField::kSources)) j["sources"] = r.sources;
    results.push_back(std::move(j));
  }
  nlohmann::json fields = nlohmann::json::array();
  for (PublicField f : answer.fields) fields.push_back(std::string(PublicFieldName(f)));
  return {{"decision", std::string(search::DecisionName(answer.decision))},
          {"results", results},
          {"public_fields", fields}};
}

// --- records and persons

namespace {

nlohmann::json FieldsFor(const RecordData& r, Restricted restricted) {
  nlohmann::json j = nlohmann::json::object();
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    const auto field = static_cast<CanonicalField>(i);
    if (r.fields[i].empty()) continue;
    if (restricted == Restricted::kWithhold && IsRestrictedField(field)) continue;
    j[std::string(CanonicalFieldName(field))] = r.fields[i];
  }
  return j;
}

struct SourceNames {
  std::map<int64_t, std::string> by_id;
  static Result<SourceNames> Read(Store& store) {
    SourceNames names;
    HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
    for (const SourceInfo& s : sources) names.by_id[s.id] = s.name;
    return names;
  }
  std::string Of(int64_t id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? "?" : it->second;
  }
};

Result<nlohmann::json> RecordJsonFrom(Store& store, const RecordData& r, Restricted restricted) {
  HABEAS_ASSIGN_OR_RETURN(std::optional<BatchInfo> batch, store.GetBatch(r.batch_id));
  const BatchInfo b = batch.value_or(BatchInfo{});
  HABEAS_ASSIGN_OR_RETURN(std::optional<int64_t> person, store.PersonOfRecord(r.id));
  nlohmann::json j = {{"record_id", r.id},
                      {"person_id", PersonIdForRecord(person, r.id)},
                      {"source", b.source_name},
                      {"source_record_id", r.source_record_id},
                      {"name", DisplayName(r)},
                      {"file", b.file_name},
                      {"line", r.line},
                      {"batch_id", r.batch_id},
                      {"received", b.received_date},
                      {"fields", FieldsFor(r, restricted)}};
  if (restricted == Restricted::kInclude) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& [k, v] : SourceColumns(r, b)) {
      cols.push_back({{"column", k}, {"value", v}});
    }
    j["columns"] = cols;
    j["notes"] = r.notes_json.empty()
                     ? nlohmann::json::array()
                     : nlohmann::json::parse(r.notes_json, nullptr, false);
  } else {
    j["withheld"] = "contacts, notes and the row as received (analysts only)";
  }
  return j;
}

// Fields whose non-empty values differ between the person's records.
nlohmann::json Conflicts(const std::vector<RecordData>& records) {
  static constexpr CanonicalField kCompared[] = {
      CanonicalField::kBirthDate, CanonicalField::kSex,        CanonicalField::kNationalId,
      CanonicalField::kANumber,   CanonicalField::kNationality, CanonicalField::kBirthPlace};
  nlohmann::json out = nlohmann::json::array();
  for (CanonicalField f : kCompared) {
    const bool identifier = f == CanonicalField::kNationalId || f == CanonicalField::kANumber;
    std::map<std::string, std::vector<int64_t>> values;  // by comparable value
    std::map<std::string, std::string> shown;            // comparable value → first as written
    for (const RecordData& r : records) {
      if (r.field(f).empty()) continue;
      // Identifiers are compared by their digits ("V-14.512.873" = "14512873").
      std::string key = r.field(f);
      if (identifier) {
        key.erase(std::remove_if(key.begin(), key.end(), [](char c) { return c < '0' || c > '9'; }),
                  key.end());
        key.erase(0, std::min(key.find_first_not_of('0'), key.size()));
        if (key.empty()) key = r.field(f);
      }
      values[key].push_back(r.id);
      shown.emplace(key, r.field(f));
    }
    if (values.size() < 2) continue;
    nlohmann::json vs = nlohmann::json::array();
    for (const auto& [v, ids] : values) vs.push_back({{"value", shown[v]}, {"records", ids}});
    out.push_back({{"field", std::string(CanonicalFieldName(f))}, {"values", vs}});
  }
  return out;
}

}  // namespace

Result<nlohmann::json> RecordJson(Store& store, int64_t record_id, Restricted restricted) {
  HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> record, store.GetRecord(record_id));
  if (!record) return NotFound("no record with id " + std::to_string(record_id));
  return RecordJsonFrom(store, *record, restricted);
}

Result<nlohmann::json> DossierJson(Store& store, int64_t person_id, Restricted restricted) {
  HABEAS_ASSIGN_OR_RETURN(std::optional<PersonInfo> person, store.GetPerson(person_id));
  if (!person) return NotFound("no person " + FormatPersonId(person_id));
  nlohmann::json j = {{"person_id", FormatPersonId(person->id)},
                      {"status", std::string(PersonStatusName(person->status))},
                      {"created_at", person->created_at},
                      {"created_by", person->created_by}};
  if (person->status == PersonStatus::kMerged) {
    j["merged_into"] = FormatPersonId(person->merged_into);
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, store.RecordsOfPerson(person_id));
  std::vector<RecordData> records;
  nlohmann::json rec_json = nlohmann::json::array();
  for (int64_t id : ids) {
    HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r, store.GetRecord(id));
    if (!r) continue;
    HABEAS_ASSIGN_OR_RETURN(nlohmann::json rj, RecordJsonFrom(store, *r, restricted));
    rec_json.push_back(std::move(rj));
    records.push_back(std::move(*r));
  }
  j["records"] = rec_json;
  j["conflicts"] = Conflicts(records);
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkEdge> edges, store.ListEdges(person_id));
  nlohmann::json edge_json = nlohmann::json::array();
  for (const LinkEdge& e : edges) {
    edge_json.push_back({{"record_a", e.record_a},
                         {"record_b", e.record_b},
                         {"weight", Round4(e.weight)},
                         {"probability", Round4(e.probability)},
                         {"kind", std::string(LinkEdgeKindName(e.kind))}});
  }
  j["evidence"] = edge_json;
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonEvent> events, store.ListPersonEvents(person_id));
  j["history"] = link::PersonEventsJson(events);
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkDecision> decisions, store.ListDecisions());
  j["decisions"] = link::DecisionsAboutJson(decisions, ids);
  // The custody and legal timeline (docs/timeline.md), notes and rows as received
  // withheld like the records'.
  HABEAS_ASSIGN_OR_RETURN(TimelineContext context, LoadTimelineContext(store));
  HABEAS_ASSIGN_OR_RETURN(PersonTimeline timeline, LoadPersonTimeline(store, context, person_id));
  j["timeline"] = PersonTimelineJson(timeline);
  if (restricted == Restricted::kWithhold) {
    for (nlohmann::json& c : j["timeline"]["claims"]) WithholdRestrictedClaimFields(c);
  }
  return j;
}

Result<Packet> PacketView(Store& store, int64_t person_id, Restricted restricted,
                          const std::string& lang, const std::string& generated_at) {
  PacketOptions options;
  HABEAS_ASSIGN_OR_RETURN(options.language, ParsePacketLanguage(lang.empty() ? "en" : lang));
  options.audience =
      restricted == Restricted::kInclude ? PacketAudience::kAnalyst : PacketAudience::kReviewer;
  options.generated_at = generated_at;
  options.generated_by = "habeas serve";
  return AssemblePacket(store, person_id, options);
}

Result<nlohmann::json> PairJson(Store& store, int64_t record_a, int64_t record_b,
                                Restricted restricted) {
  if (record_a == record_b) return InvalidInput("a pair needs two different records");
  HABEAS_ASSIGN_OR_RETURN(nlohmann::json a, RecordJson(store, record_a, restricted));
  HABEAS_ASSIGN_OR_RETURN(nlohmann::json b, RecordJson(store, record_b, restricted));
  HABEAS_ASSIGN_OR_RETURN(link::PairExplanation ex, link::ExplainPair(store, record_a, record_b));
  nlohmann::json fields = nlohmann::json::array();
  for (const link::FieldContribution& f : ex.fields) {
    const auto canonical = ParseCanonicalField(f.field);
    const bool hide = restricted == Restricted::kWithhold && canonical &&
                      IsRestrictedField(*canonical);
    fields.push_back({{"field", f.field},
                      {"level", f.level},
                      {"detail", hide ? "(withheld)" : f.detail},
                      {"weight", Round4(f.weight)},
                      {"tf_adjustment", Round4(f.tf_adjustment)}});
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkDecision> decisions, store.ListDecisions());
  nlohmann::json dj = nlohmann::json::array();
  for (const LinkDecision& d : decisions) {
    if ((d.record_a == record_a && d.record_b == record_b) ||
        (d.record_a == record_b && d.record_b == record_a)) {
      dj.push_back({{"decision_id", d.id},
                    {"decision", std::string(ReviewDecisionName(d.decision))},
                    {"reason", d.reason},
                    {"by", d.decided_by},
                    {"at", d.decided_at}});
    }
  }
  return nlohmann::json{
      {"record_a", a},
      {"record_b", b},
      {"model_version", ex.model_version},
      {"prior_weight", Round4(ex.prior_weight)},
      {"prior_lists", ex.prior_lists},
      {"fields", fields},
      {"total_weight", Round4(ex.total_weight)},
      {"probability", Round4(ex.probability)},
      {"person_a", ex.person_a ? nlohmann::json(FormatPersonId(*ex.person_a)) : nullptr},
      {"person_b", ex.person_b ? nlohmann::json(FormatPersonId(*ex.person_b)) : nullptr},
      {"decisions", dj}};
}

Result<nlohmann::json> ReviewQueueJson(Store& store, int64_t limit) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<ReviewPair> pairs, store.ListReviewPairs(limit));
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkDecision> decisions, store.ListDecisions());
  std::set<std::pair<int64_t, int64_t>> decided;
  for (const LinkDecision& d : decisions) {
    decided.insert({std::min(d.record_a, d.record_b), std::max(d.record_a, d.record_b)});
  }
  nlohmann::json out = nlohmann::json::array();
  for (const ReviewPair& p : pairs) {
    auto summary = [&](int64_t id) -> std::string {
      auto r = store.GetRecord(id);
      if (!r.ok() || !*r) return "?";
      std::string s = DisplayName(**r);
      const std::string& birth = (*r)->field(CanonicalField::kBirthDate);
      if (!birth.empty()) s += " (" + birth + ")";
      return s;
    };
    out.push_back({{"record_a", p.record_a},
                   {"record_b", p.record_b},
                   {"probability", Round4(p.probability)},
                   {"weight", Round4(p.weight)},
                   {"a", summary(p.record_a)},
                   {"b", summary(p.record_b)},
                   {"decided", decided.count({std::min(p.record_a, p.record_b),
                                              std::max(p.record_a, p.record_b)}) > 0}});
  }
  return out;
}

// --- sources, overlap, estimate

Result<nlohmann::json> SourcesJson(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  nlohmann::json out = nlohmann::json::array();
  for (const SourceInfo& s : sources) {
    out.push_back({{"name", s.name},
                   {"kind", std::string(SourceKindName(s.kind))},
                   {"description", s.description},
                   {"batches", s.batch_count},
                   {"records", s.record_count},
                   {"rejected", s.rejected_count},
                   {"last_received", s.last_received}});
  }
  return out;
}

Result<nlohmann::json> SourceReportJson(Store& store, const std::string& name,
                                        Restricted restricted, int64_t limit) {
  HABEAS_ASSIGN_OR_RETURN(std::optional<SourceInfo> source, store.FindSource(name));
  if (!source) return NotFound("no source named \"" + name + "\"");
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(name));
  nlohmann::json bj = nlohmann::json::array();
  for (const BatchInfo& b : batches) {
    bj.push_back({{"batch_id", b.id},
                  {"file", b.file_name},
                  {"sha256", b.file_sha256},
                  {"received", b.received_date},
                  {"imported_at", b.imported_at},
                  {"format", b.format},
                  {"encoding", b.encoding},
                  {"rows_read", b.rows_read},
                  {"rows_imported", b.rows_imported},
                  {"rows_rejected", b.rows_rejected},
                  {"blank_lines", b.blank_lines}});
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<RejectedRow> rejected, store.ListRejected(name, limit));
  nlohmann::json rj = nlohmann::json::array();
  for (const RejectedRow& r : rejected) {
    nlohmann::json row = {{"batch_id", r.batch_id}, {"line", r.line}, {"field", r.field},
                          {"reason", r.reason}};
    if (restricted == Restricted::kInclude) row["raw"] = r.raw;
    rj.push_back(std::move(row));
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<UnparsedFieldRow> unparsed,
                          ListUnparsedFields(store, name, limit));
  nlohmann::json uj = nlohmann::json::array();
  for (const UnparsedFieldRow& u : unparsed) {
    const bool hide = restricted == Restricted::kWithhold && IsRestrictedField(u.field.field);
    uj.push_back({{"record_id", u.record_id},
                  {"line", u.line},
                  {"field", std::string(CanonicalFieldName(u.field.field))},
                  {"column", u.field.column},
                  {"text", hide ? "(withheld)" : u.field.text},
                  {"message", hide ? "(withheld)" : u.field.message}});
  }
  return nlohmann::json{{"name", source->name},
                        {"kind", std::string(SourceKindName(source->kind))},
                        {"records", source->record_count},
                        {"rejected", source->rejected_count},
                        {"batches", bj},
                        {"rejected_rows", rj},
                        {"unparsed_fields", uj}};
}

Result<nlohmann::json> OverlapJson(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(SourceNames names, SourceNames::Read(store));
  std::map<int64_t, int64_t> source_of_record;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord(RecordFilter{}, [&](const RecordData& r) {
    source_of_record[r.id] = r.source_id;
    return true;
  }));
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assignments, store.ListPersonRecords());
  std::unordered_map<int64_t, int64_t> person_of;
  for (const PersonRecord& pr : assignments) person_of[pr.record_id] = pr.person_id;
  // A record not yet linked counts as a person of its own (as `export links` shows it).
  std::map<std::string, std::set<int64_t>> lists_of_person;
  for (const auto& [record, source] : source_of_record) {
    auto it = person_of.find(record);
    const std::string key =
        it != person_of.end() ? FormatPersonId(it->second) : "R" + std::to_string(record);
    lists_of_person[key].insert(source);
  }
  std::map<std::set<int64_t>, int64_t> combos;
  std::map<int64_t, int64_t> per_source;
  for (const auto& [key, sources] : lists_of_person) {
    if (sources.empty()) continue;
    ++combos[sources];
    for (int64_t s : sources) ++per_source[s];
  }
  std::vector<std::pair<int64_t, std::set<int64_t>>> sorted;
  for (const auto& [set, count] : combos) sorted.push_back({count, set});
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& [id, count] : per_source) {
    sources.push_back({{"name", names.Of(id)}, {"persons", count}});
  }
  nlohmann::json combinations = nlohmann::json::array();
  for (const auto& [count, set] : sorted) {
    nlohmann::json list = nlohmann::json::array();
    for (int64_t id : set) list.push_back(names.Of(id));
    combinations.push_back({{"sources", list}, {"persons", count}});
  }
  return nlohmann::json{{"persons", static_cast<int64_t>(lists_of_person.size())},
                        {"sources", sources},
                        {"combinations", combinations}};
}

Result<EstimateQuery> EstimateQueryOf(const Request& request) {
  EstimateQuery query;
  query.merge = request.Query("merge");  // "" when absent
  const std::string text = request.Query("linkage_draws");  // "": the default
  if (text.empty()) return query;
  const std::optional<int64_t> draws = WholeNumber(text, LinkageDrawOptions::kMaxDraws);
  if (!draws) {
    return InvalidInput("linkage_draws must be a whole number from 0 to " +
                        std::to_string(LinkageDrawOptions::kMaxDraws) + ", not \"" +
                        text.substr(0, 40) + "\"");
  }
  query.linkage_draws = static_cast<int>(*draws);
  return query;
}

Result<std::string> EstimateFingerprint(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(const std::string records, search::StoreFingerprint(store));
  HABEAS_ASSIGN_OR_RETURN(const std::optional<SavedModel> model, store.LatestModel());
  HABEAS_ASSIGN_OR_RETURN(const std::vector<LinkDecision> decisions, store.ListDecisions());
  HABEAS_ASSIGN_OR_RETURN(const std::vector<ReviewPair> review, store.ListReviewPairs(-1));
  Sha256 hash;
  hash.Update("habeas estimate inputs v1\n" + records + "\n");
  // Every link run saves a model (a kept one again, with its run's settings): its version
  // moves with each run, and the run's settings are in it.
  if (model) hash.Update("model " + std::to_string(model->version) + "\n");
  for (const LinkDecision& d : decisions) {
    hash.Update("decision " + std::to_string(d.id) + " " + std::to_string(d.record_a) + " " +
                std::to_string(d.record_b) + " " + std::to_string(static_cast<int>(d.decision)) +
                "\n");
  }
  char line[96];
  for (const ReviewPair& p : review) {
    std::snprintf(line, sizeof line, "review %lld %lld %.17g\n", static_cast<long long>(p.record_a),
                  static_cast<long long>(p.record_b), p.probability);
    hash.Update(line);
  }
  return hash.Hex();
}

Result<nlohmann::json> EstimateJson(Store& store, const EstimateQuery& query) {
  StoreEstimateRequest request;
  request.linkage_draws.draws = query.linkage_draws;
  EstimateOptions options;
  if (!query.merge.empty()) options.lists.merge = {query.merge};
  HABEAS_ASSIGN_OR_RETURN(EstimateReport report, EstimateFromStore(store, request, options));
  nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(report, -1), nullptr, false);
  if (j.is_discarded()) return Internal("the estimate report is not valid JSON");
  return j;
}

}  // namespace habeas::server
