// Exports (habeas/export.h): each table is read into rows of typed cells; one writer
// per format spells them. Decisions about what a cell holds live in the table
// functions; decisions about how a format writes a type live in the writer.
#include "habeas/export.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "habeas/csv_writer.h"
#include "habeas/json_text.h"
#include "habeas/orders.h"
#include "habeas/store.h"
#include "habeas/timeline_view.h"

namespace habeas {

Result<ExportKind> ParseExportKind(std::string_view name) {
  if (name == "persons") return ExportKind::kPersons;
  if (name == "records") return ExportKind::kRecords;
  if (name == "events") return ExportKind::kEvents;
  return InvalidInput("unknown export \"" + std::string(name) +
                      "\" (expected persons, records or events)");
}

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "jsonl") return ExportFormat::kJsonLines;
  if (name == "uwazi") return ExportFormat::kUwazi;
  return InvalidInput("unknown format \"" + std::string(name) + "\" (expected csv, jsonl or uwazi)");
}

namespace {

enum class ColumnType {
  kText,
  kInteger,
  kNumber,
  kDate,      // an ISO partial date: 1989-07-18, 1989-07, 1989
  kUtc,       // an instant: 2025-03-15T21:45:00Z
  kList,      // several texts
  kDateList,  // several ISO partial dates
};

struct Column {
  std::string name;
  ColumnType type;
};

// One cell: `text` for scalars (numbers as their text; empty: no value), `list` for lists.
struct Cell {
  std::string text;
  std::vector<std::string> list;
};
using Row = std::vector<Cell>;

Cell Text(std::string text) { return Cell{std::move(text), {}}; }
Cell Integer(int64_t n) { return Cell{std::to_string(n), {}}; }
Cell List(std::vector<std::string> values) { return Cell{{}, std::move(values)}; }

// --- how each format writes a type

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// An ISO partial date as an Uwazi date range ("1989/01/01:1989/12/31"); a full date is
// the range of its one day. Anything else is returned as it is.
std::string UwaziDateRange(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && iso.size() == 10) {
    char day[16];
    std::snprintf(day, sizeof day, "%04d/%02d/%02d", y, m, d);
    return std::string(day) + ":" + day;
  }
  char from[16], to[16];
  if (iso.size() == 7 && std::sscanf(iso.c_str(), "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 &&
      m <= 12) {
    std::snprintf(from, sizeof from, "%04d/%02d/01", y, m);
    std::snprintf(to, sizeof to, "%04d/%02d/%02d", y, m, DaysInMonth(y, m));
    return std::string(from) + ":" + to;
  }
  if (iso.size() == 4 && std::sscanf(iso.c_str(), "%4d%c", &y, &tail) == 1) {
    std::snprintf(from, sizeof from, "%04d/01/01", y);
    std::snprintf(to, sizeof to, "%04d/12/31", y);
    return std::string(from) + ":" + to;
  }
  return iso;
}

// A spreadsheet must not run a cell as a formula: a text starting with = + @ (or -
// followed by more than a number) gets a leading apostrophe (OWASP "CSV injection").
std::string SpreadsheetSafe(std::string text) {
  if (text.empty()) return text;
  const char c = text[0];
  bool formula = c == '=' || c == '+' || c == '@' || c == '\t' || c == '\r';
  if (c == '-') {
    formula = text.size() == 1 ||
              text.find_first_not_of("0123456789.:-", 1) != std::string::npos;
  }
  return formula ? "'" + text : text;
}

class RowWriter {
 public:
  RowWriter(std::ostream& out, const ExportOptions& options, std::vector<Column> columns,
            std::function<std::string(const Row&)> title)
      : out_(out), csv_(out), options_(options), columns_(std::move(columns)),
        title_(std::move(title)) {}

  void Header() {
    if (options_.format == ExportFormat::kJsonLines) return;
    if (options_.byte_order_mark) out_ << "\xEF\xBB\xBF";
    std::vector<std::string_view> names;
    if (options_.format == ExportFormat::kUwazi) names.push_back("title");
    for (const Column& c : columns_) names.push_back(c.name);
    csv_.Row(names);
  }

  void Write(const Row& row) {
    if (options_.format == ExportFormat::kJsonLines) return WriteJson(row);
    std::vector<std::string> cells;
    cells.reserve(row.size() + 1);
    if (options_.format == ExportFormat::kUwazi) cells.push_back(SpreadsheetSafe(title_(row)));
    for (size_t i = 0; i < columns_.size(); ++i) cells.push_back(CsvCell(columns_[i], row[i]));
    csv_.Row(std::vector<std::string_view>(cells.begin(), cells.end()));
  }

 private:
  std::string CsvCell(const Column& column, const Cell& cell) const {
    const bool uwazi = options_.format == ExportFormat::kUwazi;
    switch (column.type) {
      case ColumnType::kInteger:
      case ColumnType::kNumber:
        return cell.text;
      case ColumnType::kDate:
        return uwazi && !cell.text.empty() ? UwaziDateRange(cell.text) : cell.text;
      case ColumnType::kUtc:
        // Uwazi reads a day (2025/03/15); the instant's UTC day is what it can keep.
        if (uwazi && cell.text.size() >= 10) {
          std::string day = cell.text.substr(0, 10);
          std::replace(day.begin(), day.end(), '-', '/');
          return day;
        }
        return cell.text;
      case ColumnType::kText:
        return SpreadsheetSafe(cell.text);
      case ColumnType::kList:
      case ColumnType::kDateList:
        break;
    }
    std::string joined;
    for (const std::string& v : cell.list) {
      std::string value = column.type == ColumnType::kDateList && uwazi ? UwaziDateRange(v) : v;
      // Uwazi splits every "|": inside one value it becomes "/".
      if (uwazi) std::replace(value.begin(), value.end(), '|', '/');
      if (!joined.empty()) joined += '|';
      joined += value;
    }
    return SpreadsheetSafe(joined);
  }

  void WriteJson(const Row& row) {
    nlohmann::json j(nlohmann::json::value_t::object);
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Column& c = columns_[i];
      const Cell& cell = row[i];
      if (c.type == ColumnType::kList || c.type == ColumnType::kDateList) {
        j[c.name] = cell.list;
      } else if (cell.text.empty()) {
        j[c.name] = nullptr;
      } else if (c.type == ColumnType::kInteger) {
        j[c.name] = std::stoll(cell.text);
      } else if (c.type == ColumnType::kNumber) {
        j[c.name] = std::stod(cell.text);
      } else {
        j[c.name] = cell.text;
      }
    }
    out_ << JsonText(j) << '\n';
  }

  std::ostream& out_;
  CsvWriter csv_;
  const ExportOptions& options_;
  std::vector<Column> columns_;
  std::function<std::string(const Row&)> title_;
};

// --- reading

void AddDistinct(std::vector<std::string>& values, const std::string& value) {
  if (value.empty()) return;
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

Result<std::map<int64_t, std::string>> SourceNames(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  std::map<int64_t, std::string> names;
  for (const SourceInfo& s : sources) names[s.id] = s.name;
  return names;
}

Result<std::unordered_map<int64_t, int64_t>> PersonOfRecord(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assigned, store.ListPersonRecords());
  std::unordered_map<int64_t, int64_t> person_of;
  person_of.reserve(assigned.size());
  for (const PersonRecord& pr : assigned) person_of[pr.record_id] = pr.person_id;
  return person_of;
}

std::string PersonIdOf(const std::unordered_map<int64_t, int64_t>& person_of, int64_t record_id) {
  auto it = person_of.find(record_id);
  return PersonIdForRecord(it == person_of.end() ? std::nullopt : std::optional(it->second),
                           record_id);
}

// --- persons

struct PersonAccumulator {
  std::string name;  // the first record's
  std::vector<std::string> names, birth_dates, nationalities, a_numbers, national_ids, sources,
      records;
};

std::vector<Column> PersonColumns() {
  using T = ColumnType;
  return {{"person_id", T::kText},       {"status", T::kText},          {"merged_into", T::kText},
          {"name", T::kText},            {"names", T::kList},           {"birth_dates", T::kDateList},
          {"nationalities", T::kList},   {"a_numbers", T::kList},       {"national_ids", T::kList},
          {"record_count", T::kInteger}, {"record_ids", T::kList},      {"sources", T::kList},
          {"last_known_place", T::kText}, {"last_known_status", T::kText},
          {"last_known_since", T::kUtc}, {"created_at", T::kText},      {"created_by", T::kText}};
}

Row PersonRow(const std::string& id, std::string_view status, const std::string& merged_into,
              const PersonAccumulator& a, const LastKnown* last, const std::string& created_at,
              const std::string& created_by) {
  return {Text(id),
          Text(std::string(status)),
          Text(merged_into),
          Text(a.name),
          List(a.names),
          List(a.birth_dates),
          List(a.nationalities),
          List(a.a_numbers),
          List(a.national_ids),
          Integer(static_cast<int64_t>(a.records.size())),
          List(a.records),
          List(a.sources),
          Text(last ? last->place : ""),
          Text(last ? std::string(CustodyStatusName(last->status)) : ""),
          Text(last && last->since.known() ? FormatUtcSeconds(last->since.earliest) : ""),
          Text(created_at),
          Text(created_by)};
}

Result<int64_t> ExportPersons(Store& store, RowWriter& writer) {
  HABEAS_ASSIGN_OR_RETURN(auto person_of, PersonOfRecord(store));
  HABEAS_ASSIGN_OR_RETURN(auto sources, SourceNames(store));
  // Keyed by person id; a record without a person by -record id (R<id>).
  std::map<int64_t, PersonAccumulator> acc;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord({}, [&](const RecordData& r) {
    auto it = person_of.find(r.id);
    PersonAccumulator& a = acc[it == person_of.end() ? -r.id : it->second];
    if (a.name.empty()) a.name = DisplayName(r);
    AddDistinct(a.names, DisplayName(r));
    AddDistinct(a.birth_dates, r.field(CanonicalField::kBirthDate));
    AddDistinct(a.nationalities, r.field(CanonicalField::kNationality));
    AddDistinct(a.a_numbers, r.field(CanonicalField::kANumber));
    AddDistinct(a.national_ids, r.field(CanonicalField::kNationalId));
    AddDistinct(a.sources, sources[r.source_id]);
    a.records.push_back(std::to_string(r.id));
    return true;
  }));
  HABEAS_ASSIGN_OR_RETURN(TimelineContext context, LoadTimelineContext(store));
  HABEAS_ASSIGN_OR_RETURN(OrderCheckInput timelines, LoadOrderCheckInput(store, context));
  std::unordered_map<int64_t, const LastKnown*> last_known;
  for (const PersonTimeline& t : timelines.persons) {
    if (t.last_known) last_known[t.person_id] = &*t.last_known;
  }
  auto last = [&](int64_t key) -> const LastKnown* {
    auto it = last_known.find(key);
    return it == last_known.end() ? nullptr : it->second;
  };
  int64_t rows = 0;
  const PersonAccumulator none;
  for (int64_t after = 0;;) {  // active persons (ListPersons)
    HABEAS_ASSIGN_OR_RETURN(std::vector<PersonInfo> page, store.ListPersons(after, 10000));
    if (page.empty()) break;
    for (const PersonInfo& p : page) {
      auto it = acc.find(p.id);
      writer.Write(PersonRow(FormatPersonId(p.id), PersonStatusName(p.status),
                             p.status == PersonStatus::kMerged ? FormatPersonId(p.merged_into) : "",
                             it == acc.end() ? none : it->second, last(p.id), p.created_at,
                             p.created_by));
      ++rows;
      after = p.id;
    }
  }
  // Provisional persons: records imported after the last link, in record id order.
  std::vector<int64_t> unlinked;
  for (const auto& [key, a] : acc) {
    if (key < 0) unlinked.push_back(-key);
  }
  std::sort(unlinked.begin(), unlinked.end());
  for (int64_t record_id : unlinked) {
    writer.Write(PersonRow("R" + std::to_string(record_id), "unlinked", "", acc[-record_id],
                           last(-record_id), "", ""));
    ++rows;
  }
  return rows;
}

// --- records

std::vector<Column> RecordColumns(const ExportOptions& options) {
  using T = ColumnType;
  std::vector<Column> columns = {{"record_id", T::kInteger}, {"person_id", T::kText},
                                 {"source", T::kText},       {"source_record_id", T::kText},
                                 {"file", T::kText},         {"line", T::kInteger},
                                 {"batch_id", T::kInteger},  {"received", T::kDate},
                                 {"name", T::kText}};
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    const auto field = static_cast<CanonicalField>(i);
    if (IsRestrictedField(field) && !options.include_restricted) continue;
    columns.push_back({std::string(CanonicalFieldName(field)),
                       field == CanonicalField::kBirthDate ? T::kDate : T::kText});
  }
  return columns;
}

Result<int64_t> ExportRecords(Store& store, const ExportOptions& options, RowWriter& writer) {
  HABEAS_ASSIGN_OR_RETURN(auto person_of, PersonOfRecord(store));
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batch_list, store.ListBatches(std::nullopt));
  std::unordered_map<int64_t, BatchInfo> batches;
  for (BatchInfo& b : batch_list) batches[b.id] = std::move(b);
  int64_t rows = 0;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord({}, [&](const RecordData& r) {
    const BatchInfo& b = batches[r.batch_id];
    Row row = {Integer(r.id),       Text(PersonIdOf(person_of, r.id)),
               Text(b.source_name), Text(r.source_record_id),
               Text(b.file_name),   Integer(r.line),
               Integer(r.batch_id), Text(b.received_date),
               Text(DisplayName(r))};
    for (int i = 0; i < kCanonicalFieldCount; ++i) {
      if (IsRestrictedField(static_cast<CanonicalField>(i)) && !options.include_restricted) continue;
      row.push_back(Text(r.fields[i]));
    }
    writer.Write(row);
    ++rows;
    return true;
  }));
  return rows;
}

// --- events (claims)

std::vector<Column> EventColumns(const ExportOptions& options) {
  using T = ColumnType;
  std::vector<Column> columns = {
      {"claim_id", T::kInteger},  {"person_id", T::kText},    {"record_id", T::kInteger},
      {"kind", T::kText},         {"group", T::kText},        {"valid_from", T::kUtc},
      {"valid_to", T::kUtc},      {"precision", T::kText},    {"time_zone", T::kText},
      {"as_written", T::kText},   {"recorded_at", T::kText},  {"confidence", T::kNumber},
      {"source", T::kText},       {"file", T::kText},         {"line", T::kInteger},
      {"facility", T::kText},     {"facility_as_written", T::kText},
      {"flight", T::kText},       {"authority", T::kText},    {"item", T::kText},
      {"value", T::kText},        {"language", T::kText}};
  if (options.include_restricted) columns.push_back({"note", T::kText});
  return columns;
}

std::string NumberText(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", x);
  return text;
}

Result<int64_t> ExportEvents(Store& store, const ExportOptions& options, RowWriter& writer) {
  HABEAS_ASSIGN_OR_RETURN(auto person_of, PersonOfRecord(store));
  HABEAS_ASSIGN_OR_RETURN(TimelineContext context, LoadTimelineContext(store));
  // Persons typed by hand may have been merged since: each claim names the survivor.
  MergeFollower merges(store);
  int64_t rows = 0;
  Status failed = Status::Ok();
  HABEAS_RETURN_IF_ERROR(store.ForEachClaim({}, [&](const Claim& c) {
    std::string person;
    if (c.record_id) {
      person = PersonIdOf(person_of, c.record_id);
    } else {
      Result<int64_t> p = merges.Survivor(c.person_id);
      if (!p.ok()) {
        failed = p.status();
        return false;
      }
      person = FormatPersonId(*p);
    }
    // Resolved as the timeline reads it: a removal without its own time has its flight's.
    const ResolvedClaim resolved = ResolveClaim(c, context);
    const Facility* facility = resolved.facility;
    const Flight* flight = resolved.flight;
    const ValidTime& when = resolved.when;
    const bool known = when.known();
    Row row = {Integer(c.id),
               Text(person),
               Text(c.record_id ? std::to_string(c.record_id) : ""),
               Text(std::string(ClaimKindName(c.kind))),
               Text(std::string(ClaimGroupName(GroupOf(c.kind)))),
               Text(known ? FormatUtcSeconds(when.earliest) : ""),
               Text(known ? FormatUtcSeconds(when.latest) : ""),
               Text(std::string(TimePrecisionName(when.precision))),
               Text(when.time_zone),
               Text(c.valid.text),
               Text(c.recorded_at),
               Text(NumberText(c.confidence)),
               Text(c.source.source),
               Text(c.source.file),
               Text(c.source.file.empty() ? "" : std::to_string(c.source.line)),
               Text(facility ? facility->name : c.facility),
               Text(c.facility),
               Text(flight ? flight->Label() : c.flight),
               Text(c.authority),
               Text(c.item),
               Text(c.value),
               Text(c.language)};
    if (options.include_restricted) row.push_back(Text(c.note));
    writer.Write(row);
    ++rows;
    return true;
  }));
  HABEAS_RETURN_IF_ERROR(failed);
  return rows;
}

Result<int64_t> WriteRows(Store& store, ExportKind kind, const ExportOptions& options,
                          RowWriter& writer) {
  switch (kind) {
    case ExportKind::kPersons: return ExportPersons(store, writer);
    case ExportKind::kRecords: return ExportRecords(store, options, writer);
    case ExportKind::kEvents: return ExportEvents(store, options, writer);
  }
  return Internal("unknown export kind");
}

// What Uwazi shows as each entity's title.
std::function<std::string(const Row&)> TitleOf(ExportKind kind) {
  switch (kind) {
    case ExportKind::kPersons:  // name (person id)
      return [](const Row& r) { return r[3].text + " (" + r[0].text + ")"; };
    case ExportKind::kRecords:  // name (source source_record_id)
      return [](const Row& r) { return r[8].text + " (" + r[2].text + " " + r[3].text + ")"; };
    case ExportKind::kEvents:  // kind, person, day
      return [](const Row& r) {
        return r[3].text + " · " + r[1].text + (r[5].text.size() >= 10 ? " · " + r[5].text.substr(0, 10) : "");
      };
  }
  return [](const Row&) { return std::string(); };
}

}  // namespace

Result<ExportSummary> ExportTable(Store& store, ExportKind kind, const ExportOptions& options,
                                  std::ostream& out) {
  std::vector<Column> columns = kind == ExportKind::kPersons   ? PersonColumns()
                                : kind == ExportKind::kRecords ? RecordColumns(options)
                                                               : EventColumns(options);
  RowWriter writer(out, options, std::move(columns), TitleOf(kind));
  writer.Header();
  ExportSummary summary;
  HABEAS_ASSIGN_OR_RETURN(summary.rows, WriteRows(store, kind, options, writer));
  return summary;
}

}  // namespace habeas
