#include "timeline/timeline_mapping.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "common/toml_nesting.h"
#include "habeas/names/normalize.h"

namespace habeas::timeline {
namespace {

std::string Where(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

const std::set<std::string> kClaimKeys = {"kind",      "at",   "time_zone", "facility",
                                          "flight",    "authority", "item", "value",
                                          "language",  "note", "confidence", "only_if"};
const std::set<std::string> kFacilityColumns = {"name", "aliases", "place", "country",
                                                "operator"};
const std::set<std::string> kFlightColumns = {
    "carrier",        "number",        "tail",          "aliases",
    "departure_place", "departure_time", "departure_time_zone", "arrival_place",
    "arrival_time",   "arrival_time_zone"};

// `key = "column"`, `key = { value = "constant" }`, `key = { column = "c", map = {...} }`,
// and for confidence a number.
Result<ValueSpec> ParseValueSpec(const std::string& path, const std::string& key,
                                 const toml::node& node) {
  ValueSpec v;
  v.line = static_cast<int>(node.source().begin.line);
  if (auto s = node.value<std::string>(); s && node.is_string()) {
    v.column = *s;
    if (v.column.empty()) return InvalidInput(Where(path, node) + ": " + key + ": empty column name");
    return v;
  }
  if (node.is_number()) {
    v.constant = std::to_string(node.value<double>().value_or(0));
    return v;
  }
  const toml::table* t = node.as_table();
  if (!t) {
    return InvalidInput(Where(path, node) + ": " + key +
                        " must be a column name (\"column\") or { value = \"...\" } or "
                        "{ column = \"...\", map = { ... } }");
  }
  for (auto&& [k, n] : *t) {
    const std::string name(k.str());
    if (name == "column" && n.is_string()) {
      v.column = *n.value<std::string>();
    } else if (name == "value" && (n.is_string() || n.is_number())) {
      v.constant = n.is_string() ? *n.value<std::string>()
                                 : std::to_string(n.value<double>().value_or(0));
    } else if (name == "map" && n.is_table()) {
      for (auto&& [mk, mv] : *n.as_table()) {
        if (!mv.is_string()) {
          return InvalidInput(Where(path, mv) + ": " + key + ".map values must be strings");
        }
        v.map[names::FoldName(mk.str(), names::TextKind::kOtherText)] = *mv.value<std::string>();
      }
    } else {
      return InvalidInput(Where(path, n) + ": unknown key \"" + name + "\" in " + key +
                          " (expected column, value or map)");
    }
  }
  if (v.column.empty() == v.constant.empty()) {
    return InvalidInput(Where(path, node) + ": " + key +
                        " needs exactly one of column = \"...\" or value = \"...\"");
  }
  return v;
}

Result<ClaimSpec> ParseClaimSpec(const std::string& path, const toml::table& t, int number,
                                 const std::string& default_zone) {
  ClaimSpec spec;
  spec.number = number;
  spec.line = static_cast<int>(t.source().begin.line);
  std::map<std::string, ValueSpec*> slots = {
      {"kind", &spec.kind},         {"at", &spec.at},           {"time_zone", &spec.time_zone},
      {"facility", &spec.facility}, {"flight", &spec.flight},   {"authority", &spec.authority},
      {"item", &spec.item},         {"value", &spec.value},     {"language", &spec.language},
      {"note", &spec.note},         {"confidence", &spec.confidence}};
  for (auto&& [k, node] : t) {
    const std::string key(k.str());
    if (key == "only_if") {
      if (!node.is_string()) return InvalidInput(Where(path, node) + ": only_if must be a column");
      spec.only_if = *node.value<std::string>();
      continue;
    }
    auto slot = slots.find(key);
    if (slot == slots.end()) {
      return InvalidInput(Where(path, node) + ": unknown key \"" + key +
                          "\" in [[claims]] (expected kind, at, time_zone, facility, flight, "
                          "authority, item, value, language, note, confidence, only_if)");
    }
    // `kind = "removal"`: a kind name is a constant, not a column.
    if (key == "kind" && node.is_string() && ParseClaimKind(*node.value<std::string>()).ok()) {
      spec.kind.constant = *node.value<std::string>();
      spec.kind.line = static_cast<int>(node.source().begin.line);
      continue;
    }
    // `time_zone = "America/New_York"` names the zone; { column = "tz" } reads it per row.
    if (key == "time_zone" && node.is_string()) {
      spec.time_zone.constant = *node.value<std::string>();
      spec.time_zone.line = static_cast<int>(node.source().begin.line);
      continue;
    }
    HABEAS_ASSIGN_OR_RETURN(*slot->second, ParseValueSpec(path, key, node));
  }
  if (!spec.kind.present()) {
    return InvalidInput(path + ":" + std::to_string(spec.line) + ": [[claims]] number " +
                        std::to_string(number) + " has no kind (e.g. kind = \"removal\")");
  }
  if (!spec.kind.constant.empty()) {
    Result<ClaimKind> kind = ParseClaimKind(spec.kind.constant);
    if (!kind.ok()) {
      return InvalidInput(path + ":" + std::to_string(spec.kind.line) + ": " +
                          kind.status().message());
    }
  }
  if (!spec.time_zone.present() && !default_zone.empty()) spec.time_zone.constant = default_zone;
  if (!spec.time_zone.constant.empty()) {
    Result<ValidTime> probe = ParseValidTime("2025-01-01", spec.time_zone.constant);
    if (!probe.ok()) {
      return InvalidInput(path + ":" + std::to_string(spec.time_zone.line ? spec.time_zone.line
                                                                          : spec.line) +
                          ": " + probe.status().message());
    }
  }
  if (!spec.confidence.constant.empty()) {
    const double c = std::atof(spec.confidence.constant.c_str());
    if (c < 0 || c > 1) {
      return InvalidInput(path + ":" + std::to_string(spec.confidence.line) +
                          ": confidence must be between 0 and 1");
    }
  }
  return spec;
}

Status ParseSource(const std::string& path, const toml::table& root, TimelineMapping* m) {
  const toml::table* source = root["source"].as_table();
  if (!source) return InvalidInput(path + ": missing [source] table (name and kind)");
  for (auto&& [k, node] : *source) {
    const std::string key(k.str());
    if (key == "name" && node.is_string()) {
      m->source.name = *node.value<std::string>();
    } else if (key == "kind" && node.is_string()) {
      Result<SourceKind> kind = ParseSourceKind(*node.value<std::string>());
      if (!kind.ok()) return InvalidInput(Where(path, node) + ": " + kind.status().message());
      m->source.kind = *kind;
    } else if (key == "description" && node.is_string()) {
      m->source.description = *node.value<std::string>();
    } else if (key == "received" && node.is_string()) {
      m->received = *node.value<std::string>();
    } else if (key == "format" && node.is_string()) {
      m->format = *node.value<std::string>();
      if (m->format != "csv" && m->format != "jsonl") {
        return InvalidInput(Where(path, node) + ": format must be \"csv\" or \"jsonl\"");
      }
    } else if (key == "delimiter" && node.is_string()) {
      const std::string d = *node.value<std::string>();
      m->delimiter = d == "tab" ? '\t' : d.size() == 1 ? d[0] : 0;
      if (m->delimiter != ',' && m->delimiter != ';' && m->delimiter != '\t') {
        return InvalidInput(Where(path, node) + ": delimiter must be \",\", \";\" or \"tab\"");
      }
    } else if (key == "time_zone" && node.is_string()) {
      m->default_time_zone = *node.value<std::string>();
      Result<ValidTime> probe = ParseValidTime("2025-01-01", m->default_time_zone);
      if (!probe.ok()) return InvalidInput(Where(path, node) + ": " + probe.status().message());
    } else if (key == "encoding" && node.is_string()) {
      Result<Encoding> encoding = ParseEncodingName(*node.value<std::string>());
      if (!encoding.ok()) return InvalidInput(Where(path, node) + ": " + encoding.status().message());
      m->encoding = *encoding;
    } else if (key == "record_id" || key == "encoding" || key == "date_order") {
      // list keys, read by the record importer
    } else {
      return InvalidInput(Where(path, node) + ": unknown key \"" + key + "\" in [source]");
    }
  }
  if (m->source.name.empty()) return InvalidInput(path + ": [source] needs a name");
  return Status::Ok();
}

Status ParseSubject(const std::string& path, const toml::table& t, SubjectSpec* s) {
  s->line = static_cast<int>(t.source().begin.line);
  std::string record_source, record_id, record, person;
  for (auto&& [k, node] : t) {
    const std::string key(k.str());
    if (!node.is_string()) return InvalidInput(Where(path, node) + ": " + key + " must be a string");
    const std::string v = *node.value<std::string>();
    if (key == "source") record_source = v;
    else if (key == "source_record_id") record_id = v;
    else if (key == "record") record = v;
    else if (key == "person") person = v;
    else {
      return InvalidInput(Where(path, node) + ": unknown key \"" + key +
                          "\" in [subject] (expected source + source_record_id, record, or "
                          "person)");
    }
  }
  const int ways = (!record_source.empty() || !record_id.empty()) + !record.empty() +
                   !person.empty();
  if (ways != 1 || (!record_source.empty() && record_id.empty()) ||
      (record_source.empty() && !record_id.empty())) {
    return InvalidInput(path + ":" + std::to_string(s->line) +
                        ": [subject] names who each row is about in one way: source = \"list\" "
                        "with source_record_id = \"column\", or record = \"column\" (store "
                        "record ids), or person = \"column\" (P000123)");
  }
  if (!record_id.empty()) {
    s->mode = SubjectMode::kRecordOfSource;
    s->source = record_source;
    s->column = record_id;
  } else if (!record.empty()) {
    s->mode = SubjectMode::kStoreRecord;
    s->column = record;
  } else {
    s->mode = SubjectMode::kPerson;
    s->column = person;
  }
  return Status::Ok();
}

Status ParseEntity(const std::string& path, const toml::table& root, TimelineMapping* m) {
  const toml::table* entity = root["entity"].as_table();
  const toml::node* kind = entity ? entity->get("kind") : nullptr;
  if (!kind || !kind->is_string()) {
    return InvalidInput(path + ": [entity] needs kind = \"facility\" or \"flight\"");
  }
  const std::string k = *kind->value<std::string>();
  if (k != "facility" && k != "flight") {
    return InvalidInput(Where(path, *kind) + ": entity kind \"" + k +
                        "\" is not known (expected \"facility\" or \"flight\")");
  }
  m->entity = k == "facility" ? EntityKind::kFacility : EntityKind::kFlight;
  for (auto&& [key, node] : *entity) {
    if (key.str() != "kind") {
      return InvalidInput(Where(path, node) + ": unknown key \"" + std::string(key.str()) +
                          "\" in [entity] (expected kind)");
    }
  }
  const toml::table* columns = root["columns"].as_table();
  if (!columns) return InvalidInput(path + ": missing [columns] table (entity field = column)");
  const auto& allowed = m->entity == EntityKind::kFacility ? kFacilityColumns : kFlightColumns;
  for (auto&& [key, node] : *columns) {
    const std::string name(key.str());
    if (!allowed.count(name)) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return InvalidInput(Where(path, node) + ": \"" + name + "\" is not a " + k +
                          " field (expected " + list + ")");
    }
    HABEAS_ASSIGN_OR_RETURN(m->entity_columns[name], ParseValueSpec(path, name, node));
  }
  const char* required = m->entity == EntityKind::kFacility ? "name" : "number";
  if (!m->entity_columns.count(required)) {
    return InvalidInput(path + ": [columns] needs " + std::string(required) + " for a " + k +
                        " file");
  }
  return Status::Ok();
}

}  // namespace

Result<TimelineMapping> ParseTimelineMapping(const std::string& text, const std::string& path) {
  TimelineMapping m;
  m.path = path;
  m.text = text;
  toml::table root;
  HABEAS_RETURN_IF_ERROR(CheckTomlNesting(text, path));  // toml++ recurses on deep keys
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return InvalidInput(path + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()) + " (the mapping is TOML; see docs/formats.md)");
  }
  const bool entity = root.contains("entity");
  const bool subject = root.contains("subject");
  if (entity && subject) {
    return InvalidInput(path + ": a mapping has [entity] (facilities, flights) or [subject] "
                               "(claims), not both");
  }
  m.role = entity ? MappingRole::kEntities : subject ? MappingRole::kClaims : MappingRole::kList;
  if (m.role != MappingRole::kList) {
    for (auto&& [key, node] : root) {
      const std::string k(key.str());
      const bool ok = k == "source" || (entity && (k == "entity" || k == "columns")) ||
                      (subject && (k == "subject" || k == "claims"));
      if (!ok) {
        return InvalidInput(Where(path, node) + ": unknown table [" + k + "] in " +
                            (entity ? "an entity mapping (expected [source], [entity], [columns])"
                                    : "a claims mapping (expected [source], [subject], [[claims]])"));
      }
    }
  }
  HABEAS_RETURN_IF_ERROR(ParseSource(path, root, &m));
  if (entity) HABEAS_RETURN_IF_ERROR(ParseEntity(path, root, &m));
  if (subject) HABEAS_RETURN_IF_ERROR(ParseSubject(path, *root["subject"].as_table(), &m.subject));
  if (const toml::node* claims = root.get("claims")) {
    const toml::array* list = claims->as_array();
    if (!list) {
      return InvalidInput(Where(path, *claims) + ": claims must be [[claims]] tables");
    }
    int number = 0;
    for (const toml::node& n : *list) {
      const toml::table* t = n.as_table();
      if (!t) return InvalidInput(Where(path, n) + ": claims must be [[claims]] tables");
      HABEAS_ASSIGN_OR_RETURN(ClaimSpec spec,
                              ParseClaimSpec(path, *t, ++number, m.default_time_zone));
      m.claims.push_back(std::move(spec));
    }
  }
  if (subject && m.claims.empty()) {
    return InvalidInput(path + ": a claims mapping needs at least one [[claims]] table");
  }
  return m;
}

std::vector<std::pair<std::string, int>> NamedColumns(const TimelineMapping& m) {
  std::vector<std::pair<std::string, int>> out;
  auto add = [&](const ValueSpec& v) {
    if (!v.column.empty()) out.emplace_back(v.column, v.line);
  };
  for (const ClaimSpec& c : m.claims) {
    for (const ValueSpec* v : {&c.kind, &c.at, &c.time_zone, &c.facility, &c.flight,
                               &c.authority, &c.item, &c.value, &c.language, &c.note,
                               &c.confidence}) {
      add(*v);
    }
    if (!c.only_if.empty()) out.emplace_back(c.only_if, c.line);
  }
  for (const auto& [name, v] : m.entity_columns) add(v);
  if (m.role == MappingRole::kClaims) out.emplace_back(m.subject.column, m.subject.line);
  return out;
}

std::string ValueOf(const ValueSpec& spec, const Row& row) {
  if (spec.column.empty()) return spec.constant;
  auto it = row.columns.find(spec.column);
  if (it == row.columns.end()) return "";
  std::string v = it->second;
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  size_t start = 0;
  while (start < v.size() && std::isspace(static_cast<unsigned char>(v[start]))) ++start;
  v = v.substr(start);
  if (!spec.map.empty() && !v.empty()) {
    auto m = spec.map.find(names::FoldName(v, names::TextKind::kOtherText));
    if (m != spec.map.end()) return m->second;
  }
  return v;
}

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Describe(const ValueSpec& spec, const char* key, int number) {
  std::string out = "claim " + std::to_string(number) + " " + key;
  if (!spec.column.empty()) out += " (column \"" + spec.column + "\")";
  return out;
}

}  // namespace

Claim ClaimFromRow(const ClaimSpec& spec, const Row& row, const TimelineMapping& mapping,
                   const std::string& file_name, std::vector<std::string>* problems, bool* skip) {
  Claim c;
  *skip = false;
  const std::string where = file_name + ":" + std::to_string(row.line) + ": ";
  if (!spec.only_if.empty() && ValueOf(ValueSpec{spec.only_if, "", {}, 0}, row).empty()) {
    *skip = true;
    return c;
  }
  const std::string kind_text = Lower(ValueOf(spec.kind, row));
  if (kind_text.empty()) {
    *skip = true;
    return c;
  }
  Result<ClaimKind> kind = ParseClaimKind(kind_text);
  if (!kind.ok()) {
    problems->push_back(where + Describe(spec.kind, "kind", spec.number) + ": " +
                        kind.status().message());
    *skip = true;
    return c;
  }
  c.kind = *kind;
  c.source.source = mapping.source.name;
  c.source.file = file_name;
  c.source.line = row.line;
  c.source.raw = row.raw;
  c.facility = ValueOf(spec.facility, row);
  c.flight = ValueOf(spec.flight, row);
  c.authority = Lower(ValueOf(spec.authority, row));
  c.item = ValueOf(spec.item, row);
  c.value = ValueOf(spec.value, row);
  c.language = Lower(ValueOf(spec.language, row));
  c.note = ValueOf(spec.note, row);
  const std::string at = ValueOf(spec.at, row);
  if (!at.empty()) {
    const std::string zone = ValueOf(spec.time_zone, row);
    Result<ValidTime> t = ParseValidTime(at, zone);
    if (t.ok()) {
      c.valid = *t;
    } else {
      const std::string message =
          where + Describe(spec.at, "at", spec.number) + ": " + t.status().message();
      problems->push_back(message);
      c.valid.text = at;
      c.note += (c.note.empty() ? "" : "; ") + std::string("time unparsed: ") + message;
    }
  }
  const std::string confidence = ValueOf(spec.confidence, row);
  if (!confidence.empty()) {
    char* end = nullptr;
    const double v = std::strtod(confidence.c_str(), &end);
    if (end == confidence.c_str() || *end != '\0' || v < 0 || v > 1) {
      problems->push_back(where + Describe(spec.confidence, "confidence", spec.number) + ": \"" +
                          confidence + "\" is not a number between 0 and 1");
    } else {
      c.confidence = v;
    }
  }
  if ((c.kind == ClaimKind::kRemoval) && c.flight.empty() && !c.valid.known()) {
    problems->push_back(where + "claim " + std::to_string(spec.number) +
                        ": a removal needs a flight or a time (both are empty)");
  }
  return c;
}

}  // namespace habeas::timeline
