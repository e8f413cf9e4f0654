#include "ingest/mapping.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "common/file_io.h"
#include "common/toml_nesting.h"

namespace habeas::ingest {
namespace {

std::string Where(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

Result<std::string> RequireString(const std::string& path, const toml::node& node,
                                  const std::string& key) {
  if (const auto* s = node.as_string()) return std::string(s->get());
  return InvalidInput(Where(path, node) + ": " + key + " must be a string in quotes");
}

const std::set<std::string>& KnownSourceKeys() {
  static const std::set<std::string> k = {"name",      "kind",      "description",
                                          "received",  "record_id", "encoding",
                                          "delimiter", "format",    "date_order"};
  return k;
}

// `placeholders = ["s/d", "no consta"]`: the mapping's own markers for "no identifier".
Result<std::vector<std::string>> PlaceholderList(const std::string& path, const toml::node& node) {
  const toml::array* list = node.as_array();
  if (list == nullptr) {
    return InvalidInput(Where(path, node) +
                        ": placeholders must be a list of strings, e.g. [\"s/d\", \"no consta\"]");
  }
  std::vector<std::string> out;
  for (const toml::node& el : *list) {
    HABEAS_ASSIGN_OR_RETURN(std::string text, RequireString(path, el, "each placeholder"));
    if (text.empty()) return InvalidInput(Where(path, el) + ": a placeholder is empty");
    out.push_back(std::move(text));
  }
  return out;
}

Result<toml::table> ParseToml(const std::string& text, const std::string& path) {
  HABEAS_RETURN_IF_ERROR(CheckTomlNesting(text, path));
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return InvalidInput(path + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()) +
                        " (the mapping is TOML; see docs/formats.md)");
  }
}

Status CheckTables(const toml::table& root, const std::string& path) {
  for (auto&& [key, node] : root) {
    const std::string k(key.str());
    // [[claims]]: what each row says beyond who the person is; read by the timeline
    // module (docs/timeline.md), which checks it before the import.
    if (k != "source" && k != "fields" && k != "formats" && k != "claims") {
      return InvalidInput(Where(path, node) + ": unknown table [" + k +
                          "] (expected [source], [fields], [formats] and [[claims]])");
    }
  }
  return Status::Ok();
}

Result<char> ParseDelimiter(const std::string& value) {
  if (value == "," || value == "comma") return ',';
  if (value == ";" || value == "semicolon") return ';';
  if (value == "\t" || value == "tab") return '\t';
  return InvalidInput("delimiter must be \",\", \";\" or \"tab\"");
}

Result<DayMonthOrder> ParseDateOrder(const std::string& value) {
  if (value == "day-first") return DayMonthOrder::kDayFirst;
  if (value == "month-first") return DayMonthOrder::kMonthFirst;
  return InvalidInput("date_order must be \"day-first\" or \"month-first\"");
}

// One key of [source] (known, its value a string) into `m`.
Status ApplySourceKey(const std::string& k, const std::string& value, const toml::node& node,
                      const std::string& path, Mapping* m) {
  const std::string where = Where(path, node);
  if (k == "name") {
    if (value.empty()) return InvalidInput(where + ": source name is empty");
    m->source.name = value;
  } else if (k == "kind") {
    Result<SourceKind> kind = ParseSourceKind(value);
    if (!kind.ok()) return kind.status().WithContext(where);
    m->source.kind = *kind;
  } else if (k == "description") {
    m->source.description = value;
  } else if (k == "received") {
    Result<PartialDate> d = PartialDate::FromIso(value);
    if (!d.ok() || !d->has_day()) {
      return InvalidInput(where + ": received = \"" + value +
                          "\" is not a date (expected YYYY-MM-DD)");
    }
    m->received_date = value;
  } else if (k == "record_id") {
    m->record_id_column = value;
    m->record_id_line = static_cast<int>(node.source().begin.line);
  } else if (k == "encoding") {
    Result<Encoding> e = ParseEncodingName(value);
    if (!e.ok()) return e.status().WithContext(where);
    m->encoding = *e;
  } else if (k == "delimiter") {
    Result<char> delimiter = ParseDelimiter(value);
    if (!delimiter.ok()) return delimiter.status().WithContext(where);
    m->delimiter = *delimiter;
  } else if (k == "format") {
    if (value != "csv" && value != "jsonl") {
      return InvalidInput(where + ": format must be \"csv\" or \"jsonl\"");
    }
    m->format = value;
  } else if (k == "date_order") {
    Result<DayMonthOrder> order = ParseDateOrder(value);
    if (!order.ok()) return order.status().WithContext(where);
    m->default_date_order = *order;
  }
  return Status::Ok();
}

// [source]: name and kind required, every key known and a string.
Status ReadSourceTable(const toml::table& root, const std::string& path, Mapping* m) {
  const toml::table* source = root["source"].as_table();
  if (source == nullptr) {
    return InvalidInput(path + ": missing [source] table with at least name and kind");
  }
  for (auto&& [key, node] : *source) {
    const std::string k(key.str());
    if (!KnownSourceKeys().count(k)) {
      return InvalidInput(Where(path, node) + ": unknown key \"" + k + "\" in [source]");
    }
    HABEAS_ASSIGN_OR_RETURN(std::string value, RequireString(path, node, k));
    HABEAS_RETURN_IF_ERROR(ApplySourceKey(k, value, node, path, m));
  }
  if (m->source.name.empty()) return InvalidInput(path + ": [source] needs name = \"...\"");
  if (!source->contains("kind")) {
    return InvalidInput(path +
                        ": [source] needs kind = \"...\" (government, leak, family, court, ngo, "
                        "media or other)");
  }
  return Status::Ok();
}

// One entry of [fields]: a canonical field and the column (or columns) it reads.
Result<FieldMapping> ReadFieldMapping(const std::string& k, const toml::node& node,
                                      const std::string& path) {
  std::optional<CanonicalField> field = ParseCanonicalField(k);
  if (!field) {
    return InvalidInput(Where(path, node) + ": \"" + k +
                        "\" is not a canonical field (see docs/formats.md for the list)");
  }
  FieldMapping fm{*field, {}, static_cast<int>(node.source().begin.line)};
  if (const auto* s = node.as_string()) {
    fm.columns.emplace_back(s->get());
  } else if (const auto* a = node.as_array()) {
    for (const toml::node& el : *a) {
      HABEAS_ASSIGN_OR_RETURN(std::string col, RequireString(path, el, k));
      fm.columns.push_back(std::move(col));
    }
  }
  if (fm.columns.empty()) {
    return InvalidInput(Where(path, node) + ": " + k +
                        " must name a column (\"col\") or a list of columns ([\"a\", \"b\"])");
  }
  for (const std::string& c : fm.columns) {
    if (c.empty()) return InvalidInput(Where(path, node) + ": " + k + " names an empty column");
  }
  return fm;
}

// [fields]: at least one, in the file's order.
Status ReadFieldsTable(const toml::table& root, const std::string& path, Mapping* m) {
  const toml::table* fields = root["fields"].as_table();
  if (fields == nullptr || fields->empty()) {
    return InvalidInput(path + ": missing [fields] table mapping canonical fields to columns");
  }
  for (auto&& [key, node] : *fields) {
    HABEAS_ASSIGN_OR_RETURN(FieldMapping fm, ReadFieldMapping(std::string(key.str()), node, path));
    m->fields.push_back(std::move(fm));
  }
  // toml++ iterates keys in sorted order; keep the file's order for messages.
  std::stable_sort(m->fields.begin(), m->fields.end(),
                   [](const FieldMapping& a, const FieldMapping& b) { return a.line < b.line; });
  return Status::Ok();
}

// [formats] (optional): date formats of birth_date and record_date, and placeholders.
Status ReadFormatsTable(const toml::table& root, const std::string& path, Mapping* m) {
  const toml::table* formats = root["formats"].as_table();
  if (formats == nullptr) return Status::Ok();
  for (auto&& [key, node] : *formats) {
    const std::string k(key.str());
    if (k == "placeholders") {
      HABEAS_ASSIGN_OR_RETURN(m->placeholders, PlaceholderList(path, node));
      continue;
    }
    std::optional<CanonicalField> field = ParseCanonicalField(k);
    if (field != CanonicalField::kBirthDate && field != CanonicalField::kRecordDate) {
      return InvalidInput(Where(path, node) +
                          ": [formats] only takes birth_date, record_date and placeholders");
    }
    HABEAS_ASSIGN_OR_RETURN(std::string value, RequireString(path, node, k));
    Status s = ValidateDateFormat(value);
    if (!s.ok()) return s.WithContext(Where(path, node));
    m->date_formats[*field] = value;
  }
  return Status::Ok();
}

}  // namespace

Result<Mapping> Mapping::Load(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, 1 << 20));
  return Parse(std::move(text), path);
}

Result<Mapping> Mapping::Parse(std::string text, std::string path) {
  Mapping m;
  m.path = path;
  HABEAS_ASSIGN_OR_RETURN(toml::table root, ParseToml(text, path));
  m.text = std::move(text);
  HABEAS_RETURN_IF_ERROR(CheckTables(root, path));
  HABEAS_RETURN_IF_ERROR(ReadSourceTable(root, path, &m));
  HABEAS_RETURN_IF_ERROR(ReadFieldsTable(root, path, &m));
  HABEAS_RETURN_IF_ERROR(ReadFormatsTable(root, path, &m));
  return m;
}

Status Mapping::CheckColumns(const std::vector<std::string>& header,
                             const std::string& file_name) const {
  std::map<std::string, int> count;
  for (const std::string& h : header) ++count[h];
  auto columns_list = [&] {
    std::string list;
    for (size_t i = 0; i < header.size() && i < 40; ++i) {
      list += (i ? ", " : "") + std::string("\"") + header[i] + "\"";
    }
    if (header.size() > 40) list += ", ...";
    return list;
  };
  auto check = [&](const std::string& column, int line, const std::string& what) -> Status {
    auto it = count.find(column);
    if (it == count.end()) {
      return InvalidInput(path + ":" + std::to_string(line) + ": " + what + " names column \"" +
                          column + "\", which is not in " + file_name + "'s header (its columns: " +
                          columns_list() + "); fix the mapping and import again");
    }
    if (it->second > 1) {
      return InvalidInput(path + ":" + std::to_string(line) + ": " + what + " names column \"" +
                          column + "\", which appears " + std::to_string(it->second) +
                          " times in " + file_name + "'s header; rename one of them");
    }
    return Status::Ok();
  };
  if (!record_id_column.empty()) {
    HABEAS_RETURN_IF_ERROR(check(record_id_column, record_id_line, "record_id"));
  }
  for (const FieldMapping& f : fields) {
    for (const std::string& c : f.columns) {
      HABEAS_RETURN_IF_ERROR(check(c, f.line, std::string(CanonicalFieldName(f.field))));
    }
  }
  return Status::Ok();
}

}  // namespace habeas::ingest
