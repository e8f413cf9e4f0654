// Claims and entities into the store: list-declared claims, timeline files, hand
// claims (habeas/timeline_import.h, docs/timeline.md).
#include "habeas/timeline_import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "common/csv_reader.h"
#include "common/encoding.h"
#include "common/file_io.h"
#include "habeas/ingest.h"
#include "habeas/store.h"
#include "ingest/json_line.h"
#include "timeline/timeline_mapping.h"

namespace habeas {
namespace {

using timeline::ClaimSpec;
using timeline::Row;
using timeline::SubjectMode;
using timeline::TimelineMapping;

// The largest timeline file read (they are read whole, then written in one transaction).
constexpr size_t kMaxTimelineFileBytes = size_t{1} << 30;

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string ToUtf8(std::string_view bytes, Encoding encoding) {
  std::string out;
  AppendUtf8(bytes, encoding, &out);
  return out;
}

// A file's text as UTF-8, its encoding decided as the list importer decides it: the
// mapping's `encoding` if it has one, else by the bytes' evidence (EncodingSniffer:
// UTF-8 with a few bytes that are not UTF-8 stays UTF-8, those bytes read as
// Windows-1252 and named in `warning`; Windows-1252 otherwise; UTF-16 or binary refused).
Result<std::string> DecodeFile(const std::string& bytes, const TimelineMapping& m,
                               const std::string& file, std::string* warning) {
  EncodingSniffer sniffer;
  sniffer.Feed(bytes);
  HABEAS_ASSIGN_OR_RETURN(const Encoding encoding, sniffer.Decide(m.encoding, file));
  if (encoding == Encoding::kUtf8 && warning != nullptr) *warning = sniffer.Warning(file);
  std::string_view b = bytes;
  if (encoding == Encoding::kUtf8) b.remove_prefix(Utf8BomLength(b));
  return ToUtf8(b, encoding);
}

bool IsJsonLines(const TimelineMapping& m, const std::string& file) {
  if (!m.format.empty()) return m.format == "jsonl";
  auto ends = [&](const char* ext) {
    const std::string e(ext);
    return file.size() >= e.size() && file.compare(file.size() - e.size(), e.size(), e) == 0;
  };
  return ends(".jsonl") || ends(".ndjson");
}

struct Table {
  std::vector<std::string> header;
  std::vector<Row> rows;
  std::vector<std::string> problems;
};

Result<Table> ReadCsvTable(const std::string& text, char delimiter, const std::string& file) {
  Table t;
  if (delimiter == 0) delimiter = DetectDelimiter(std::string_view(text).substr(0, 1 << 16));
  StringSource source(text);
  CsvReader reader(&source, CsvDialect{delimiter});
  CsvRow row;
  bool first = true;
  while (true) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    if (!more) break;
    if (first) {
      for (std::string_view f : row.fields) t.header.emplace_back(f);
      first = false;
      continue;
    }
    const std::string where = file + ":" + std::to_string(row.line) + ": ";
    if (!row.problem.empty()) {
      t.problems.push_back(where + row.problem);
      continue;
    }
    bool all_empty = true;
    for (std::string_view f : row.fields) all_empty = all_empty && f.empty();
    if (all_empty) continue;
    if (row.fields.size() != t.header.size()) {
      t.problems.push_back(where + "the row has " + std::to_string(row.fields.size()) +
                           " fields and the header " + std::to_string(t.header.size()));
      continue;
    }
    Row r;
    r.line = static_cast<int64_t>(row.line);
    r.raw = std::string(row.raw);
    for (size_t i = 0; i < row.fields.size(); ++i) r.columns[t.header[i]] = std::string(row.fields[i]);
    t.rows.push_back(std::move(r));
  }
  return t;
}

Table ReadJsonLinesTable(const std::string& text, const std::string& file) {
  Table t;
  std::vector<ingest::JsonMember> members;
  int64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    pos = end + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Status s = ingest::ReadJsonObjectLine(line, &members);
    if (!s.ok()) {
      t.problems.push_back(file + ":" + std::to_string(line_number) + ": " + s.message());
      continue;
    }
    Row r;
    r.line = line_number;
    r.raw = std::string(line);
    for (const ingest::JsonMember& m : members) {
      if (std::find(t.header.begin(), t.header.end(), m.key) == t.header.end()) {
        t.header.push_back(m.key);
      }
      r.columns[m.key] = m.kind == ingest::JsonValueKind::kNull ? "" : m.text;
    }
    t.rows.push_back(std::move(r));
  }
  return t;
}

Status CheckColumnsInHeader(const TimelineMapping& m, const std::vector<std::string>& header,
                            const std::string& file, bool json_lines) {
  if (json_lines) return Status::Ok();  // keys may be absent from a line: empty values
  for (const auto& [column, line] : timeline::NamedColumns(m)) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      return InvalidInput(m.path + ":" + std::to_string(line) + ": column \"" + column +
                          "\" is not in the header of " + file + "; nothing was imported");
    }
  }
  return Status::Ok();
}

Status TooManyProblems(const std::vector<std::string>& problems, const std::string& file,
                       int max_messages) {
  std::string message = file + ": " + std::to_string(problems.size()) +
                        " row problem(s); nothing was imported — fix them and import again:";
  for (size_t i = 0; i < problems.size() && static_cast<int>(i) < max_messages; ++i) {
    message += "\n  " + problems[i];
  }
  if (static_cast<int>(problems.size()) > max_messages) {
    message += "\n  ... and " + std::to_string(problems.size() - max_messages) + " more";
  }
  return InvalidInput(message);
}

std::vector<std::string> SplitAliases(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (char c : text) {
    if (c == ';' || c == '|') flush();
    else cur += c;
  }
  flush();
  return out;
}

std::string Column(const TimelineMapping& m, const Row& row, const std::string& field) {
  auto it = m.entity_columns.find(field);
  return it == m.entity_columns.end() ? "" : timeline::ValueOf(it->second, row);
}

Result<ValidTime> EntityTime(const TimelineMapping& m, const Row& row, const std::string& field,
                             const std::string& file, std::vector<std::string>* problems) {
  const std::string text = Column(m, row, field);
  if (text.empty()) return ValidTime{};
  std::string zone = Column(m, row, field + "_zone");
  if (zone.empty()) zone = m.default_time_zone;
  Result<ValidTime> t = ParseValidTime(text, zone);
  if (!t.ok()) {
    problems->push_back(file + ":" + std::to_string(row.line) + ": " + field + " (column \"" +
                        m.entity_columns.at(field).column + "\"): " + t.status().message());
    return ValidTime{};
  }
  return t;
}

void EntitiesFromRows(const TimelineMapping& m, const Table& table, const std::string& file,
                      TimelineWrite* write, std::vector<std::string>* problems) {
  for (const Row& row : table.rows) {
    if (m.entity == timeline::EntityKind::kFacility) {
      Facility f;
      f.name = Column(m, row, "name");
      if (f.name.empty()) {
        problems->push_back(file + ":" + std::to_string(row.line) + ": the facility has no name");
        continue;
      }
      f.aliases = SplitAliases(Column(m, row, "aliases"));
      f.place = Column(m, row, "place");
      f.country = Column(m, row, "country");
      f.op = Column(m, row, "operator");
      write->facilities.push_back(std::move(f));
    } else {
      Flight f;
      f.carrier = Column(m, row, "carrier");
      f.number = Column(m, row, "number");
      if (f.number.empty()) {
        problems->push_back(file + ":" + std::to_string(row.line) + ": the flight has no number");
        continue;
      }
      f.tail = Column(m, row, "tail");
      f.aliases = SplitAliases(Column(m, row, "aliases"));
      f.departure_place = Column(m, row, "departure_place");
      f.arrival_place = Column(m, row, "arrival_place");
      Result<ValidTime> dep = EntityTime(m, row, "departure_time", file, problems);
      Result<ValidTime> arr = EntityTime(m, row, "arrival_time", file, problems);
      if (dep.ok()) f.departure = *dep;
      if (arr.ok()) f.arrival = *arr;
      write->flights.push_back(std::move(f));
    }
  }
}

// Resolves each row's subject to a record or person id.
class SubjectResolver {
 public:
  SubjectResolver(Store& store, const timeline::SubjectSpec& spec) : store_(store), spec_(spec) {}

  Status Prepare() {
    if (spec_.mode != SubjectMode::kRecordOfSource) return Status::Ok();
    HABEAS_ASSIGN_OR_RETURN(std::optional<SourceInfo> source, store_.FindSource(spec_.source));
    if (!source) {
      return NotFound("[subject] source \"" + spec_.source +
                      "\" is not in the store; import that list first");
    }
    RecordFilter filter;
    filter.source = spec_.source;
    return store_.ForEachRecord(filter, [&](const RecordData& r) {
      by_source_id_.emplace(r.source_record_id, r.id);
      return true;
    });
  }

  // Sets the claim's record_id or person_id; a message when the subject is unknown.
  Result<bool> Attach(const Row& row, Claim* claim, std::string* problem) {
    auto it = row.columns.find(spec_.column);
    const std::string text = it == row.columns.end() ? "" : it->second;
    const std::string where = "column \"" + spec_.column + "\": ";
    if (text.empty()) {
      *problem = where + "empty; the row must say whom it is about";
      return false;
    }
    switch (spec_.mode) {
      case SubjectMode::kRecordOfSource: {
        auto r = by_source_id_.find(text);
        if (r == by_source_id_.end()) {
          *problem = where + "no record \"" + text + "\" in source \"" + spec_.source + "\"";
          return false;
        }
        claim->record_id = r->second;
        return true;
      }
      case SubjectMode::kStoreRecord: {
        char* end = nullptr;
        const long long id = std::strtoll(text.c_str(), &end, 10);
        HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r,
                                id > 0 && *end == '\0' ? store_.GetRecord(id)
                                                       : Result<std::optional<RecordData>>(
                                                             std::optional<RecordData>()));
        if (!r) {
          *problem = where + "no record with id \"" + text + "\" in the store";
          return false;
        }
        claim->record_id = id;
        return true;
      }
      case SubjectMode::kPerson: {
        std::optional<int64_t> id = ParsePersonId(text);
        std::optional<PersonInfo> p;
        if (id) {
          HABEAS_ASSIGN_OR_RETURN(p, store_.GetPerson(*id));
        }
        if (!p) {
          *problem = where + "no person \"" + text + "\" in the store (expected e.g. P000123)";
          return false;
        }
        claim->person_id = *id;
        return true;
      }
      case SubjectMode::kRowRecord:
        break;
    }
    *problem = "internal: a row-record subject in a claims file";
    return false;
  }

 private:
  Store& store_;
  const timeline::SubjectSpec& spec_;
  std::map<std::string, int64_t> by_source_id_;
};

Status ClaimsFromRows(Store& store, const TimelineMapping& m, const Table& table,
                      const std::string& file, TimelineWrite* write,
                      std::vector<std::string>* problems) {
  SubjectResolver subjects(store, m.subject);
  HABEAS_RETURN_IF_ERROR(subjects.Prepare());
  for (const Row& row : table.rows) {
    for (const ClaimSpec& spec : m.claims) {
      bool skip = false;
      const size_t before = problems->size();
      Claim c = timeline::ClaimFromRow(spec, row, m, file, problems, &skip);
      if (skip || problems->size() != before) continue;
      std::string problem;
      HABEAS_ASSIGN_OR_RETURN(bool attached, subjects.Attach(row, &c, &problem));
      if (!attached) {
        problems->push_back(file + ":" + std::to_string(row.line) + ": subject " + problem);
        break;
      }
      write->claims.push_back(std::move(c));
    }
  }
  return Status::Ok();
}

bool AlreadyWritten(const std::vector<TimelineWriteInfo>& writes, TimelineWriteKind kind,
                    const std::string& source, const std::string& sha, int64_t batch_id) {
  for (const TimelineWriteInfo& w : writes) {
    if (w.kind != kind || w.source != source) continue;
    if (batch_id ? w.batch_id == batch_id : w.file_sha256 == sha) return true;
  }
  return false;
}

// The row's columns decoded from a stored record (the reading of `habeas show record`);
// no columns when the row cannot be split.
Row RowOfRecord(const RecordData& record, const StoredRowSplitter& splitter) {
  Row row;
  row.line = record.line;
  row.raw = splitter.Text(record);
  if (auto columns = splitter.Split(row.raw)) {
    for (auto& [name, value] : *columns) row.columns.emplace(std::move(name), std::move(value));
  }
  return row;
}

}  // namespace

Result<MappingRole> MappingRoleOf(const std::string& text, const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(TimelineMapping m, timeline::ParseTimelineMapping(text, path));
  return m.role;
}

Status CheckListClaims(const std::string& text, const std::string& path,
                       const std::vector<std::string>& header, const std::string& file_name) {
  HABEAS_ASSIGN_OR_RETURN(TimelineMapping m, timeline::ParseTimelineMapping(text, path));
  if (m.claims.empty()) return Status::Ok();
  return CheckColumnsInHeader(m, header, file_name, header.empty());
}

Result<std::vector<std::string>> ReadFileHeader(const std::string& file,
                                                const std::string& mapping_text,
                                                const std::string& mapping_path) {
  HABEAS_ASSIGN_OR_RETURN(TimelineMapping m, timeline::ParseTimelineMapping(mapping_text, mapping_path));
  if (m.claims.empty() || IsJsonLines(m, file)) return std::vector<std::string>{};
  // The header is in the first bytes: never read the whole list here.
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound(file + ": cannot open the file");
  std::string bytes(1 << 16, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  const size_t line_end = bytes.find('\n');
  if (line_end != std::string::npos) bytes.resize(line_end + 1);
  HABEAS_ASSIGN_OR_RETURN(std::string text, DecodeFile(bytes, m, file, nullptr));
  HABEAS_ASSIGN_OR_RETURN(Table t, ReadCsvTable(text, m.delimiter, file));
  return t.header;
}

Result<ListClaimsSummary> DeriveListClaims(Store& store, int64_t batch_id) {
  ListClaimsSummary summary;
  HABEAS_ASSIGN_OR_RETURN(std::optional<BatchInfo> batch, store.GetBatch(batch_id));
  if (!batch) return NotFound("no batch " + std::to_string(batch_id));
  HABEAS_ASSIGN_OR_RETURN(
      TimelineMapping m,
      timeline::ParseTimelineMapping(batch->mapping_toml,
                                     "the mapping of batch " + std::to_string(batch_id)));
  if (m.claims.empty()) return summary;
  HABEAS_ASSIGN_OR_RETURN(std::vector<TimelineWriteInfo> writes, store.ListTimelineWrites());
  if (AlreadyWritten(writes, TimelineWriteKind::kListClaims, batch->source_name, "", batch_id)) {
    summary.already_written = true;
    return summary;
  }
  TimelineWrite write;
  write.kind = TimelineWriteKind::kListClaims;
  write.source = batch->source_name;
  write.file_name = batch->file_name;
  write.file_sha256 = batch->file_sha256;
  write.batch_id = batch_id;
  write.by = "import";
  m.source.name = batch->source_name;
  const StoredRowSplitter splitter(*batch);
  RecordFilter filter;
  filter.batch_id = batch_id;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord(filter, [&](const RecordData& record) {
    const Row row = RowOfRecord(record, splitter);
    for (const ClaimSpec& spec : m.claims) {
      bool skip = false;
      const size_t before = summary.messages.size();
      Claim c = timeline::ClaimFromRow(spec, row, m, batch->file_name, &summary.messages, &skip);
      if (skip) continue;
      if (summary.messages.size() != before) ++summary.unparsed;
      c.record_id = record.id;
      write.claims.push_back(std::move(c));
    }
    return true;
  }));
  summary.claims = static_cast<int64_t>(write.claims.size());
  if (write.claims.empty()) return summary;
  HABEAS_ASSIGN_OR_RETURN(summary.write_id, store.WriteTimeline(write));
  return summary;
}

Result<TimelineFileSummary> ImportTimelineFile(Store& store, const TimelineFileOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(std::string mapping_text, ReadSmallFile(options.mapping_file, 1 << 20));
  HABEAS_ASSIGN_OR_RETURN(TimelineMapping m,
                          timeline::ParseTimelineMapping(mapping_text, options.mapping_file));
  if (m.role == MappingRole::kList) {
    return InvalidInput(options.mapping_file +
                        ": not an entity or claims mapping (it has no [entity] or [subject])");
  }
  HABEAS_ASSIGN_OR_RETURN(std::string bytes, ReadSmallFile(options.file, kMaxTimelineFileBytes));
  const std::string file = BaseName(options.file);
  Sha256 sha;
  sha.Update(bytes);
  TimelineWrite write;
  write.kind = m.role == MappingRole::kEntities ? TimelineWriteKind::kEntities
                                                : TimelineWriteKind::kClaims;
  write.source = m.source.name;
  write.file_name = file;
  write.file_sha256 = sha.Hex();
  write.by = options.by;
  TimelineFileSummary summary;
  summary.role = m.role;
  summary.source = m.source.name;
  HABEAS_ASSIGN_OR_RETURN(std::vector<TimelineWriteInfo> writes, store.ListTimelineWrites());
  if (AlreadyWritten(writes, write.kind, write.source, write.file_sha256, 0)) {
    summary.already_written = true;
    return summary;
  }
  const bool json_lines = IsJsonLines(m, options.file);
  HABEAS_ASSIGN_OR_RETURN(const std::string text,
                          DecodeFile(bytes, m, file, &summary.encoding_warning));
  Table table;
  if (json_lines) {
    table = ReadJsonLinesTable(text, file);
  } else {
    HABEAS_ASSIGN_OR_RETURN(table, ReadCsvTable(text, m.delimiter, file));
  }
  HABEAS_RETURN_IF_ERROR(CheckColumnsInHeader(m, table.header, file, json_lines));
  std::vector<std::string> problems = table.problems;
  if (m.role == MappingRole::kEntities) {
    EntitiesFromRows(m, table, file, &write, &problems);
  } else {
    HABEAS_RETURN_IF_ERROR(ClaimsFromRows(store, m, table, file, &write, &problems));
  }
  if (!problems.empty()) return TooManyProblems(problems, file, options.max_messages);
  summary.rows = static_cast<int64_t>(table.rows.size());
  summary.facilities = static_cast<int64_t>(write.facilities.size());
  summary.flights = static_cast<int64_t>(write.flights.size());
  summary.claims = static_cast<int64_t>(write.claims.size());
  HABEAS_ASSIGN_OR_RETURN(summary.write_id, store.WriteTimeline(write));
  return summary;
}

Result<int64_t> AddHandClaim(Store& store, const HandClaim& h) {
  if ((h.record_id != 0) == (h.person_id != 0)) {
    return InvalidInput("a claim is about one record (--record) or one person (--person)");
  }
  if (h.source.empty()) return InvalidInput("--source is required: who says this?");
  if (h.confidence < 0 || h.confidence > 1) {
    return InvalidInput("--confidence must be between 0 and 1");
  }
  Claim c;
  HABEAS_ASSIGN_OR_RETURN(c.kind, ParseClaimKind(h.kind));
  if (h.record_id) {
    HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r, store.GetRecord(h.record_id));
    if (!r) return NotFound("no record with id " + std::to_string(h.record_id));
  } else {
    HABEAS_ASSIGN_OR_RETURN(std::optional<PersonInfo> p, store.GetPerson(h.person_id));
    if (!p) return NotFound("no person " + FormatPersonId(h.person_id) + " (see `habeas persons`)");
  }
  if (!h.at.empty()) {
    Result<ValidTime> t = ParseValidTime(h.at, h.time_zone);
    if (!t.ok()) return InvalidInput("--at: " + t.status().message());
    c.valid = *t;
  } else if (!h.time_zone.empty()) {
    HABEAS_RETURN_IF_ERROR(ParseValidTime("2025-01-01", h.time_zone).status());
  }
  c.record_id = h.record_id;
  c.person_id = h.person_id;
  c.source.source = h.source;
  c.source.raw = h.command_line;
  c.confidence = h.confidence;
  c.facility = h.facility;
  c.flight = h.flight;
  std::string authority = h.authority;
  std::transform(authority.begin(), authority.end(), authority.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  c.authority = authority;
  c.item = h.item;
  c.value = h.value;
  c.language = h.language;
  c.note = h.note;
  TimelineWrite write;
  write.kind = TimelineWriteKind::kHandClaim;
  write.source = h.source;
  write.by = h.by;
  write.claims.push_back(std::move(c));
  return store.WriteTimeline(write);
}

}  // namespace habeas
