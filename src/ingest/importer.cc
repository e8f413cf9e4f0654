// ImportFile: file + mapping → one atomic batch. See include/habeas/ingest.h.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>

#include "common/csv_reader.h"
#include "common/encoding.h"
#include "common/file_io.h"
#include "common/message_text.h"
#include "habeas/json_text.h"
#include "habeas/progress.h"
#include "habeas/ingest.h"
#include "habeas/partial_date.h"
#include "ingest/field_parsers.h"
#include "ingest/json_line.h"
#include "ingest/line_reader.h"
#include "ingest/mapping.h"
#include "ingest/pipelined_writer.h"
#include "ingest/seen_ids.h"
#include "ingest/spreadsheet.h"

namespace habeas {
namespace {

using ingest::FieldMapping;
using ingest::Mapping;

constexpr size_t kChunk = 1 << 20;

struct FileFacts {
  std::string sha256;
  uint64_t size = 0;
  Encoding encoding = Encoding::kUtf8;
  bool valid_utf8 = false;       // bytes need no transcoding or repair
  std::string sample;            // the first 64 KiB, for delimiter detection
  std::string encoding_warning;  // bytes read as Windows-1252 in a file read as UTF-8
};

// Whether the survey detects the file's encoding: a spreadsheet's text is UTF-8 by
// its format, and its bytes are a binary archive.
enum class EncodingCheck { kDetect, kNone };

// Pass 1: hash, size, encoding, sample.
Result<FileFacts> Survey(ByteSource& source, const Mapping& mapping, const std::string& forced,
                         EncodingCheck check) {
  FileFacts facts;
  Sha256 hash;
  EncodingSniffer sniffer;
  std::string buf(kChunk, '\0');
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, source.Read(buf.data(), buf.size()));
    if (n == 0) break;
    const std::string_view chunk(buf.data(), n);
    hash.Update(chunk);
    if (check == EncodingCheck::kDetect) sniffer.Feed(chunk);
    if (facts.sample.size() < 65536)
      facts.sample.append(chunk.substr(0, 65536 - facts.sample.size()));
    facts.size += n;
  }
  facts.sha256 = hash.Hex();
  if (check == EncodingCheck::kNone) {
    facts.valid_utf8 = true;
    HABEAS_RETURN_IF_ERROR(source.Rewind());
    return facts;
  }
  Result<Encoding> detected = sniffer.Verdict(source.name());
  std::optional<Encoding> declared = mapping.encoding;
  if (!forced.empty()) {
    HABEAS_ASSIGN_OR_RETURN(declared, ParseEncodingName(forced));
  }
  HABEAS_ASSIGN_OR_RETURN(facts.encoding, sniffer.Decide(declared, source.name()));
  // A file read as UTF-8 by evidence still holds its few invalid sequences: only a file
  // with none can be copied as is; in the others each byte that is not UTF-8 is read as
  // Windows-1252 (rows pasted from such a file), and the field noted.
  facts.valid_utf8 = facts.encoding == Encoding::kUtf8 && detected.ok() &&
                     *detected == Encoding::kUtf8 && sniffer.invalid_utf8_sequences() == 0;
  if (facts.encoding == Encoding::kUtf8) facts.encoding_warning = sniffer.Warning(source.name());
  HABEAS_RETURN_IF_ERROR(source.Rewind());
  return facts;
}

// The parse pass's view of the source: counts and hashes what it serves, so that a
// file that changed between the survey and the parse pass (still being written,
// replaced, truncated) is refused instead of stored with another file's hash and size.
class RereadSource final : public ByteSource {
 public:
  RereadSource(ByteSource& source, const FileFacts& facts) : source_(source), facts_(facts) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    HABEAS_ASSIGN_OR_RETURN(size_t n, source_.Read(buffer, capacity));
    hash_.Update(std::string_view(buffer, n));
    size_ += n;
    return n;
  }
  Status Rewind() override { return Internal("the parse pass does not rewind its source"); }
  const std::string& name() const override { return source_.name(); }

  // Called after the last row: kUnavailable when the bytes read differ from the
  // surveyed ones.
  Status CheckUnchanged() {
    if (size_ == facts_.size && hash_.Hex() == facts_.sha256) return Status::Ok();
    const std::string how = size_ == facts_.size
                                ? "the same size but other bytes the second time"
                                : std::to_string(facts_.size) + " bytes when first read, " +
                                      std::to_string(size_) + " the second time";
    return Unavailable(source_.name() + ": the file changed while it was being imported (" + how +
                       "); import it again once no program is writing to it");
  }

 private:
  ByteSource& source_;
  const FileFacts& facts_;
  Sha256 hash_;
  uint64_t size_ = 0;
};

Store::BatchOptions WriteOptions(const ImportOptions& options, const FileFacts& facts) {
  using Exclusive = ImportOptions::Exclusive;
  Store::BatchOptions out;
  out.exclusive =
      options.exclusive == Exclusive::kAlways ||
      (options.exclusive == Exclusive::kAuto && facts.size >= ImportOptions::kExclusiveFromBytes);
  return out;
}

// Turns the values of one row into a RecordData, or explains why it cannot. A
// field that does not parse is left empty and listed as unparsed in the record's
// notes (FieldProblems::kKeepRow), or makes the whole row fail (kRejectRow).
class RowParser {
 public:
  RowParser(const Mapping& mapping, const FileFacts& facts, std::string file_name,
            ImportOptions::FieldProblems field_problems)
      : mapping_(mapping),
        facts_(facts),
        file_name_(std::move(file_name)),
        field_problems_(field_problems) {
    for (const auto& [field, format] : mapping.date_formats) {
      date_options_[static_cast<int>(field)].format = format;
    }
    for (auto& o : date_options_) {
      o.default_order = mapping.default_date_order;
      o.hinted_order = field_problems == ImportOptions::FieldProblems::kKeepRow
                           ? HintedOrder::kSwapWhenImpossible
                           : HintedOrder::kStrict;
    }
    for (const std::string& p : mapping.placeholders) placeholders_.Add(p);
  }

  // Resolves each mapped column to its position in `header`.
  void Bind(const std::vector<std::string>& header) {
    std::unordered_map<std::string, int> pos;
    for (size_t i = 0; i < header.size(); ++i) pos.emplace(header[i], static_cast<int>(i));
    columns_.clear();
    for (const FieldMapping& f : mapping_.fields) {
      std::vector<int> idx;
      for (const std::string& c : f.columns) {
        auto it = pos.find(c);
        idx.push_back(it == pos.end() ? -1 : it->second);
      }
      columns_.push_back(std::move(idx));
    }
    record_id_index_ = -1;
    if (!mapping_.record_id_column.empty()) {
      auto it = pos.find(mapping_.record_id_column);
      if (it != pos.end()) record_id_index_ = it->second;
    }
  }

  // JSON Lines values are already UTF-8 when they reach Parse().
  void set_values_are_utf8() { values_are_utf8_ = true; }

  // "" or, when some rows held text misread as Windows-1252 (UTF-8 read in the wrong
  // encoding by a spreadsheet and saved again), a notice naming the file, how many
  // rows and the first of them.
  std::string RepairNotice() const {
    if (repaired_rows_ == 0) return "";
    return file_name_ + ": " + std::to_string(repaired_rows_) +
           (repaired_rows_ == 1 ? " row holds" : " rows hold") +
           " text that was UTF-8 read as Windows-1252 and saved again (first at " + first_repair_ +
           "); repaired, and each record's notes keep the text as received "
           "(\"misread text repaired\")";
  }

  // Decodes one value into `out`; true if bytes of it that are not UTF-8 were read as
  // Windows-1252 (a file read as UTF-8 that holds rows pasted from a Windows-1252 one).
  bool Decode(std::string_view bytes, std::string* out) const {
    out->clear();
    if (facts_.valid_utf8 || values_are_utf8_) {
      out->assign(bytes);
      return false;
    }
    return AppendUtf8(bytes, facts_.encoding, out);
  }

  // Fills `record` from `values` (raw bytes per column; missing columns are empty)
  // and `unparsed` with the fields left empty because they did not parse. A row
  // that cannot be a record returns the reason and sets *field to the field at fault.
  Status Parse(const std::vector<std::string_view>& values, int64_t line, RecordData* record,
               std::string* field, std::vector<UnparsedField>* unparsed) {
    for (std::string& f : record->fields) f.clear();
    record->notes_json.clear();
    unparsed->clear();
    line_ = line;
    HABEAS_RETURN_IF_ERROR(ReadRecordId(values, line, record, field));
    nlohmann::json notes;  // null until a note is added: no allocation per row
    std::string problems;  // kRejectRow: every field's problem, for one message
    for (size_t i = 0; i < mapping_.fields.size(); ++i) {
      const FieldMapping& fm = mapping_.fields[i];
      if (!JoinColumns(fm, columns_[i], values)) continue;
      if (joined_had_stray_bytes_) {
        notes.push_back({{"field", CanonicalFieldName(fm.field)},
                         {"note", "bytes read as Windows-1252"},
                         {"text", joined_}});
      }
      const Status s = ParseField(fm, record, &notes);
      if (s.ok()) continue;
      const std::string where = std::string(CanonicalFieldName(fm.field)) + " (column " +
                                Quote(fm.columns.front()) + "): " + s.message();
      if (field_problems_ == ImportOptions::FieldProblems::kRejectRow) {
        if (problems.empty()) *field = std::string(CanonicalFieldName(fm.field));
        problems += (problems.empty() ? "" : "; ") + where;
        continue;
      }
      unparsed->push_back(Unparsed(fm, line, where));
      notes.push_back({{"field", CanonicalFieldName(fm.field)},
                       {"column", fm.columns.front()},
                       {"unparsed", joined_},
                       {"message", unparsed->back().message}});
    }
    if (!problems.empty()) return InvalidInput(problems);
    if (notes.is_array()) record->notes_json = JsonText(notes);
    return Status::Ok();
  }

 private:
  Status ReadRecordId(const std::vector<std::string_view>& values, int64_t line, RecordData* record,
                      std::string* field) {
    if (record_id_index_ < 0) {
      record->source_record_id = std::to_string(line);
      return Status::Ok();
    }
    const std::string_view v =
        static_cast<size_t>(record_id_index_) < values.size() ? values[record_id_index_] : "";
    Decode(v, &scratch_);
    record->source_record_id = ingest::CleanText(scratch_);
    if (!record->source_record_id.empty()) return Status::Ok();
    *field = mapping_.record_id_column;
    return InvalidInput("record id (column " + Quote(mapping_.record_id_column) +
                        ") is empty; give every row an id or drop record_id from the "
                        "mapping to use line numbers");
  }

  // Joins the field's columns into joined_ (UTF-8, cleaned); false if all are empty.
  bool JoinColumns(const FieldMapping& fm, const std::vector<int>& columns,
                   const std::vector<std::string_view>& values) {
    joined_.clear();
    joined_had_stray_bytes_ = false;
    for (int idx : columns) {
      if (idx < 0 || static_cast<size_t>(idx) >= values.size()) continue;
      std::string_view text = values[idx];
      if (!facts_.valid_utf8 && !values_are_utf8_) {
        joined_had_stray_bytes_ |= Decode(text, &scratch_);
        text = scratch_;
      }
      const size_t before = joined_.size();
      if (before > 0) joined_.push_back(' ');
      // Notes keep their line breaks; every other field is one line of text.
      if (fm.field == CanonicalField::kNote) {
        joined_ += ingest::TrimView(text);
      } else {
        ingest::CleanTextAppend(text, &joined_);
      }
      if (joined_.size() == before + (before > 0 ? 1 : 0)) joined_.resize(before);
    }
    return !joined_.empty();
  }

  // Parses joined_ into the record's field; notes what a reader should know.
  Status ParseField(const FieldMapping& fm, RecordData* record, nlohmann::json* notes) {
    std::string& out = record->field(fm.field);
    switch (fm.field) {
      case CanonicalField::kBirthDate:
      case CanonicalField::kRecordDate:
        return ParseDateField(fm.field, &out, notes);
      case CanonicalField::kSex:
      case CanonicalField::kAge: {
        Result<std::string> v = fm.field == CanonicalField::kSex ? ingest::ParseSex(joined_)
                                                                 : ingest::ParseAge(joined_);
        if (!v.ok()) return v.status();
        out = std::move(v).value();
        return Status::Ok();
      }
      case CanonicalField::kANumber:
      case CanonicalField::kNationalId:
        return ParseIdentifierField(fm.field, &out, notes);
      case CanonicalField::kOtherId:
        if (ingest::IsIdentifierPlaceholder(joined_, placeholders_)) {
          AddNote(fm.field, "placeholder", notes);
        } else {
          out = joined_;
        }
        return Status::Ok();
      default:
        if (std::optional<std::string> repaired = RepairMisdecodedUtf8(joined_)) {
          NoteRepair(fm.field, *repaired, notes);
          out = std::move(*repaired);
        } else {
          out = joined_;
        }
        return Status::Ok();
    }
  }

  Status ParseDateField(CanonicalField field, std::string* out, nlohmann::json* notes) {
    const DateParseOptions& options = date_options_[static_cast<int>(field)];
    HABEAS_ASSIGN_OR_RETURN(ParsedDate d, ParseDate(joined_, options));
    *out = d.date.ToIso();
    if (d.ambiguous) {
      notes->push_back({{"field", CanonicalFieldName(field)},
                        {"note", "ambiguous date"},
                        {"text", joined_},
                        {"read_as", *out},
                        {"alternative", d.alternative->ToIso()}});
    }
    if (d.order_swapped) {
      notes->push_back({{"field", CanonicalFieldName(field)},
                        {"note", "day and month swapped"},
                        {"text", joined_},
                        {"read_as", *out},
                        {"format", options.format}});
    }
    return Status::Ok();
  }

  Status ParseIdentifierField(CanonicalField field, std::string* out, nlohmann::json* notes) {
    HABEAS_ASSIGN_OR_RETURN(ingest::ParsedIdentifier id,
                            field == CanonicalField::kANumber
                                ? ingest::ParseANumber(joined_, placeholders_)
                                : ingest::ParseNationalId(joined_, placeholders_));
    if (id.kind == ingest::IdentifierKind::kPlaceholder) {
      AddNote(field, "placeholder", notes);
      return Status::Ok();
    }
    *out = std::move(id.value);
    if (id.kind == ingest::IdentifierKind::kPartial) AddNote(field, "partial identifier", notes);
    if (!id.others.empty()) {
      notes->push_back({{"field", CanonicalFieldName(field)},
                        {"note", "other identifiers in the cell"},
                        {"text", id.others}});
    }
    return Status::Ok();
  }

  // Text misread as Windows-1252 and repaired (RepairMisdecodedUtf8): noted on the
  // record, and counted for the file's notice.
  void NoteRepair(CanonicalField field, const std::string& repaired, nlohmann::json* notes) {
    notes->push_back({{"field", CanonicalFieldName(field)},
                      {"note", "misread text repaired"},
                      {"text", joined_},
                      {"read_as", repaired}});
    if (line_ != last_repaired_line_) ++repaired_rows_;
    if (first_repair_.empty()) {
      first_repair_ =
          "line " + std::to_string(line_) + ": " + Quote(joined_) + " read as " + Quote(repaired);
    }
    last_repaired_line_ = line_;
  }

  void AddNote(CanonicalField field, const char* note, nlohmann::json* notes) const {
    notes->push_back({{"field", CanonicalFieldName(field)}, {"note", note}, {"text", joined_}});
  }

  UnparsedField Unparsed(const FieldMapping& fm, int64_t line, const std::string& where) const {
    return {fm.field, fm.columns.front(), joined_,
            file_name_ + ":" + std::to_string(line) + ": " + where +
                "; the field is left empty and the row imported — fix the value (or the "
                "mapping's [formats]) and import the corrected file to fill it"};
  }

  const Mapping& mapping_;
  const FileFacts& facts_;
  std::string file_name_;
  ImportOptions::FieldProblems field_problems_;
  std::array<DateParseOptions, kCanonicalFieldCount> date_options_;
  ingest::Placeholders placeholders_;
  std::vector<std::vector<int>> columns_;
  int record_id_index_ = -1;
  bool values_are_utf8_ = false;
  std::string scratch_;
  std::string joined_;
  bool joined_had_stray_bytes_ = false;  // JoinColumns read bytes as Windows-1252
  int64_t line_ = 0;  // of the row being parsed
  int64_t repaired_rows_ = 0;
  int64_t last_repaired_line_ = -1;
  std::string first_repair_;
};

// The parser's notice about repaired text, if it repaired any.
void AddRepairNotice(const RowParser& parser, ImportSummary* summary) {
  if (std::string notice = parser.RepairNotice(); !notice.empty()) {
    summary->notices.push_back(std::move(notice));
  }
}

// State shared by the CSV and JSON Lines loops: counts, messages, and the
// pipelined writer that stores rows on a second thread.
class BatchImport {
 public:
  // `check_ids`: the source's own ids must be checked for repeats (line numbers
  // need no check).
  BatchImport(const ImportOptions& options, BatchWriter& writer, ImportSummary& summary,
              const std::string& file_name, bool check_ids)
      : options_(options),
        writer_(writer),
        summary_(summary),
        file_name_(file_name),
        check_ids_(check_ids),
        seen_ids_(check_ids ? std::make_unique<ingest::SeenIds>() : nullptr),
        pipeline_(std::make_unique<ingest::PipelinedWriter>(&writer)) {}

  // The record to parse the next row into.
  RecordData& Slot() { return pipeline_->Slot(); }

  // Stores the filled slot; `unparsed` are its fields left empty.
  Status Accept(const std::vector<UnparsedField>& unparsed) {
    ++summary_.rows_imported;
    if (!unparsed.empty()) {
      ++summary_.rows_with_unparsed;
      summary_.unparsed_fields += static_cast<int64_t>(unparsed.size());
      if (options_.on_unparsed) {
        for (const UnparsedField& u : unparsed) options_.on_unparsed(u);
      }
    }
    if (check_ids_) seen_ids_->Add(pipeline_->Slot().source_record_id);
    return pipeline_->Accept();
  }

  Status Reject(int64_t line, int64_t end_line, std::string_view raw, std::string field,
                std::string reason) {
    RejectedRow row;
    row.line = line;
    row.end_line = end_line;
    row.raw.assign(raw);
    row.field = std::move(field);
    row.reason = file_name_ + ":" + std::to_string(line) + ": " + reason + "; row kept as rejected";
    ++summary_.rows_rejected;
    if (options_.on_reject) options_.on_reject(row);
    if (pipeline_) return pipeline_->Reject(std::move(row));
    return writer_.AddRejected(row);
  }

  // Stores everything still queued, then turns records whose id repeats an
  // earlier row of the file into rejected rows.
  Status Finish() {
    Status s = pipeline_->Finish();
    pipeline_.reset();
    HABEAS_RETURN_IF_ERROR(s);
    std::vector<std::string> candidates;
    if (check_ids_) candidates = seen_ids_->candidates();
    seen_ids_.reset();
    HABEAS_ASSIGN_OR_RETURN(std::vector<BatchWriter::Duplicate> duplicates,
                            writer_.RemoveDuplicateRecordIds(candidates));
    for (const BatchWriter::Duplicate& d : duplicates) {
      --summary_.rows_imported;
      if (const size_t n = UnparsedFields(d.record).size(); n > 0) {
        --summary_.rows_with_unparsed;
        summary_.unparsed_fields -= static_cast<int64_t>(n);
      }
      HABEAS_RETURN_IF_ERROR(Reject(d.record.line, d.record.end_line, d.record.raw, "record_id",
                                    "record id " + Quote(d.record.source_record_id) +
                                        " appears more than once in this file (line " +
                                        std::to_string(d.first_line) +
                                        " keeps it); give each row its own id"));
    }
    return Status::Ok();
  }

 private:
  const ImportOptions& options_;
  BatchWriter& writer_;
  ImportSummary& summary_;
  const std::string& file_name_;
  bool check_ids_;
  std::unique_ptr<ingest::SeenIds> seen_ids_;
  std::unique_ptr<ingest::PipelinedWriter> pipeline_;
};

std::string HeaderJson(const std::vector<std::string>& header) {
  return JsonText(nlohmann::json(header));
}

Result<ImportSummary> ImportCsv(Store& store, RereadSource& source, const Mapping& mapping,
                                const FileFacts& facts, BatchInfo batch,
                                const ImportOptions& options, ImportSummary summary) {
  const std::string& file_name = batch.file_name;
  const char delimiter = mapping.delimiter ? *mapping.delimiter : DetectDelimiter(facts.sample);
  summary.delimiter = std::string(DelimiterName(delimiter));
  batch.delimiter = summary.delimiter;
  CsvReader reader(&source, CsvDialect{delimiter});
  CsvRow row;
  HABEAS_ASSIGN_OR_RETURN(bool has_header, reader.Next(&row));
  if (!has_header) return InvalidInput(file_name + ": the file is empty (no header row)");
  if (!row.problem.empty()) return InvalidInput(file_name + ":1: header: " + row.problem);
  RowParser parser(mapping, facts, file_name, options.field_problems);
  std::vector<std::string> header;
  std::string decoded;
  for (std::string_view h : row.fields) {
    parser.Decode(h, &decoded);
    header.push_back(ingest::CleanText(decoded));
  }
  HABEAS_RETURN_IF_ERROR(mapping.CheckColumns(header, file_name));
  parser.Bind(header);
  batch.header_json = HeaderJson(header);

  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<BatchWriter> writer,
                          store.BeginBatch(mapping.source, batch, WriteOptions(options, facts)));
  BatchImport import(options, *writer, summary, file_name, !mapping.record_id_column.empty());
  Progress progress("importing " + file_name, facts.size, options.show_progress);
  std::string field;
  std::vector<UnparsedField> unparsed;
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    if (!more) break;
    progress.Update(reader.bytes_consumed());
    const auto line = static_cast<int64_t>(row.line);
    const auto end_line = static_cast<int64_t>(row.end_line);
    bool blank = row.problem.empty();
    for (std::string_view f : row.fields) {
      if (!ingest::IsBlank(f)) {
        blank = false;
        break;
      }
    }
    if (blank) {
      ++summary.blank_lines;
      continue;
    }
    ++summary.rows_read;
    if (!row.problem.empty()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(line, end_line, row.raw, "", row.problem));
      continue;
    }
    if (row.fields.size() != header.size()) {
      // A trailing delimiter (extra empty fields) is harmless; anything else is not.
      bool extra_empty = row.fields.size() > header.size();
      for (size_t i = header.size(); extra_empty && i < row.fields.size(); ++i) {
        if (!row.fields[i].empty()) extra_empty = false;
      }
      if (!extra_empty) {
        HABEAS_RETURN_IF_ERROR(import.Reject(
            line, end_line, row.raw, "",
            "row has " + std::to_string(row.fields.size()) + " fields but the header has " +
                std::to_string(header.size()) + " (" + std::string(DelimiterName(delimiter)) +
                "-separated); check for an unquoted " + std::string(DelimiterName(delimiter)) +
                " or a missing quote"));
        continue;
      }
    }
    RecordData& record = import.Slot();
    record.line = line;
    record.end_line = end_line;
    record.raw.assign(row.raw);
    Status parsed = parser.Parse(row.fields, line, &record, &field, &unparsed);
    if (!parsed.ok()) {
      HABEAS_RETURN_IF_ERROR(
          import.Reject(line, end_line, row.raw, field,
                        parsed.message() + " — fix the value (or the "
                                           "mapping's [formats]) and import the corrected file"));
      continue;
    }
    HABEAS_RETURN_IF_ERROR(import.Accept(unparsed));
  }
  progress.Finish();
  HABEAS_RETURN_IF_ERROR(import.Finish());
  AddRepairNotice(parser, &summary);
  batch.rows_read = summary.rows_read;
  batch.rows_imported = summary.rows_imported;
  batch.rows_rejected = summary.rows_rejected;
  batch.blank_lines = summary.blank_lines;
  HABEAS_RETURN_IF_ERROR(source.CheckUnchanged());
  HABEAS_RETURN_IF_ERROR(writer->Commit(batch));
  summary.batch_id = writer->batch_id();
  return summary;
}

Result<ImportSummary> ImportJsonLines(Store& store, RereadSource& source, const Mapping& mapping,
                                      const FileFacts& facts, BatchInfo batch,
                                      const ImportOptions& options, ImportSummary summary) {
  const std::string& file_name = batch.file_name;
  // Keys are learnt as they appear; the header is known only at the end.
  std::vector<std::string> header;
  std::unordered_map<std::string, int> key_index;
  for (const FieldMapping& f : mapping.fields) {
    for (const std::string& c : f.columns) key_index.emplace(c, -1);
  }
  if (!mapping.record_id_column.empty()) key_index.emplace(mapping.record_id_column, -1);
  // Mapped keys get fixed positions 0..n-1 in `values`.
  std::vector<std::string> mapped_keys;
  for (auto& [k, idx] : key_index) {
    idx = static_cast<int>(mapped_keys.size());
    mapped_keys.push_back(k);
  }
  std::vector<bool> seen(mapped_keys.size(), false);
  std::unordered_map<std::string, bool> all_keys;

  RowParser parser(mapping, facts, file_name, options.field_problems);
  parser.Bind(mapped_keys);
  parser.set_values_are_utf8();
  batch.header_json = "[]";
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<BatchWriter> writer,
                          store.BeginBatch(mapping.source, batch, WriteOptions(options, facts)));
  BatchImport import(options, *writer, summary, file_name, !mapping.record_id_column.empty());
  Progress progress("importing " + file_name, facts.size, options.show_progress);
  ingest::LineReader reader(&source);
  std::string_view line_bytes;
  int64_t line = 0;
  std::string utf8;
  std::vector<std::string> storage(mapped_keys.size());
  std::vector<std::string_view> values(mapped_keys.size());
  std::string field;
  std::vector<UnparsedField> unparsed;
  std::vector<ingest::JsonMember> members;
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&line_bytes, &line));
    if (!more) break;
    progress.Update(reader.bytes_consumed());
    if (ingest::IsBlank(line_bytes)) {
      ++summary.blank_lines;
      continue;
    }
    ++summary.rows_read;
    if (reader.last_line_too_long()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(
          line, line, line_bytes, "",
          "line longer than " + std::to_string(ingest::LineReader::kMaxLineBytes >> 20) +
              " MiB (a file without line breaks?); each line must hold one JSON object; the "
              "first " +
              std::to_string(ingest::LineReader::kMaxLineBytes >> 20) + " MiB are kept"));
      continue;
    }
    utf8.clear();
    AppendUtf8(line_bytes, facts.valid_utf8 ? Encoding::kUtf8 : facts.encoding, &utf8);
    if (Status read = ingest::ReadJsonObjectLine(utf8, &members); !read.ok()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(line, line, line_bytes, "", read.message()));
      continue;
    }
    for (auto& s : storage) s.clear();
    for (ingest::JsonMember& m : members) {
      if (all_keys.emplace(m.key, true).second) header.push_back(m.key);
      auto k = key_index.find(m.key);
      if (k != key_index.end()) {
        storage[k->second].swap(m.text);  // a repeated key: the last one counts
        seen[k->second] = true;
      }
    }
    for (size_t i = 0; i < storage.size(); ++i) values[i] = storage[i];
    RecordData& record = import.Slot();
    record.line = line;
    record.end_line = line;
    record.raw.assign(line_bytes);
    // Values are UTF-8 now: tell the parser not to transcode again.
    Status parsed = parser.Parse(values, line, &record, &field, &unparsed);
    if (!parsed.ok()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(line, line, line_bytes, field,
                                           parsed.message() + " — fix the value and import the "
                                                              "corrected file"));
      continue;
    }
    HABEAS_RETURN_IF_ERROR(import.Accept(unparsed));
  }
  progress.Finish();
  HABEAS_RETURN_IF_ERROR(import.Finish());
  AddRepairNotice(parser, &summary);
  if (summary.rows_read == 0) return InvalidInput(file_name + ": the file holds no JSON lines");
  // A mapped key that never appears is a mapping mistake: import nothing.
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    HABEAS_RETURN_IF_ERROR(mapping.CheckColumns(header, file_name));
  }
  batch.header_json = HeaderJson(header);
  batch.rows_read = summary.rows_read;
  batch.rows_imported = summary.rows_imported;
  batch.rows_rejected = summary.rows_rejected;
  batch.blank_lines = summary.blank_lines;
  HABEAS_RETURN_IF_ERROR(source.CheckUnchanged());
  HABEAS_RETURN_IF_ERROR(writer->Commit(batch));
  summary.batch_id = writer->batch_id();
  return summary;
}


// ---- spreadsheets ----

bool IsBlankRow(const ingest::SheetRow& row) {
  for (const ingest::SheetCell& cell : row.cells) {
    if (cell.flag == ingest::CellFlag::kError || !ingest::IsBlank(cell.text)) return false;
  }
  return true;
}

// The canonical field (or "record_id") each header column feeds; empty if none.
std::vector<std::string> FieldOfColumn(const Mapping& mapping,
                                       const std::vector<std::string>& header) {
  std::vector<std::string> out(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == mapping.record_id_column && !header[i].empty()) out[i] = "record_id";
    for (const FieldMapping& f : mapping.fields) {
      if (std::find(f.columns.begin(), f.columns.end(), header[i]) != f.columns.end()) {
        out[i] = std::string(CanonicalFieldName(f.field));
      }
    }
  }
  return out;
}

// Adds to the record's notes each mapped cell that held a formula (its cached value
// was read) or an error (#N/A: read as empty).
void AddCellNotes(const ingest::SheetRow& row, const std::vector<std::string>& header,
                  const std::vector<std::string>& field_of_column, RecordData* record) {
  nlohmann::json notes;
  for (size_t c = 0; c < row.cells.size() && c < header.size(); ++c) {
    const ingest::SheetCell& cell = row.cells[c];
    if (cell.flag == ingest::CellFlag::kNone || field_of_column[c].empty()) continue;
    nlohmann::json note = {{"field", field_of_column[c]}, {"column", header[c]}};
    if (cell.flag == ingest::CellFlag::kFormula) {
      note["note"] = "formula";
      note["text"] = cell.text;
      if (!cell.detail.empty()) note["formula"] = cell.detail;
    } else {
      note["note"] = "error cell";
      note["text"] = cell.detail;
    }
    notes.push_back(std::move(note));
  }
  if (notes.is_null()) return;
  nlohmann::json all = record->notes_json.empty()
                           ? nlohmann::json::array()
                           : nlohmann::json::parse(record->notes_json, nullptr, false);
  if (!all.is_array()) all = nlohmann::json::array();
  for (auto& n : notes) all.push_back(std::move(n));
  record->notes_json = JsonText(all);
}

// Header names from the header row's cells, cleaned; with `merged`, the columns a
// merged header cell spans are named after it (HeaderNames).
std::vector<std::string> CleanHeader(const ingest::SheetRow& header,
                                     const std::vector<ingest::MergedRange>& merged) {
  std::vector<std::string> out;
  for (const std::string& name : ingest::HeaderNames(header, merged)) {
    out.push_back(ingest::CleanText(name));
  }
  return out;
}

// The first row with a non-blank cell is the header. Merged cells are read (a second
// pass over the sheet) only when they may name a column: the header has an unnamed
// column, or lacks a column the mapping names.
Result<std::vector<std::string>> ReadSheetHeader(ingest::SheetReader& sheet, const Mapping& mapping,
                                                 const std::string& file_name,
                                                 ingest::SheetRow* row) {
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(bool more, sheet.Next(row));
    if (!more) {
      return InvalidInput(file_name + ": the sheet is empty (no header row); name another with "
                                      "--sheet");
    }
    if (!IsBlankRow(*row)) break;
  }
  std::vector<std::string> header = CleanHeader(*row, {});
  const bool unnamed = std::find(header.begin(), header.end(), "") != header.end();
  if (unnamed || !mapping.CheckColumns(header, file_name).ok()) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<ingest::MergedRange> merged, sheet.MergedCells());
    header = CleanHeader(*row, merged);
  }
  HABEAS_RETURN_IF_ERROR(mapping.CheckColumns(header, file_name));
  return header;
}

// Why a row with values right of the header's last column cannot be a record; empty
// if it has none.
std::string ValuesBeyondHeader(const ingest::SheetRow& row, size_t header_size) {
  for (size_t c = header_size; c < row.cells.size(); ++c) {
    const ingest::SheetCell& cell = row.cells[c];
    if (cell.flag == ingest::CellFlag::kError || !ingest::IsBlank(cell.text)) {
      return "cell " + ingest::ColumnLetters(c) + std::to_string(row.number) +
             " has a value but the header's last column is " +
             ingest::ColumnLetters(header_size - 1) + "; give the column a header";
    }
  }
  return "";
}

// Reads the source again after the rows: a spreadsheet's parts are read out of order,
// so the bytes' hash is checked as a whole (kUnavailable when they changed).
Status CheckSourceUnchanged(ByteSource& source, const FileFacts& facts) {
  HABEAS_RETURN_IF_ERROR(source.Rewind());
  RereadSource reread(source, facts);
  std::string buf(kChunk, '\0');
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, reread.Read(buf.data(), buf.size()));
    if (n == 0) break;
  }
  return reread.CheckUnchanged();
}

Result<ImportSummary> ImportSpreadsheet(Store& store, ByteSource& source,
                                        ingest::SpreadsheetFormat format, const Mapping& mapping,
                                        const FileFacts& facts, BatchInfo batch,
                                        const ImportOptions& options, ImportSummary summary) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ingest::SheetReader> sheet,
                          ingest::OpenSheet(source, format, options.sheet));
  summary.sheet = sheet->sheet_name();
  batch.file_name += ":" + sheet->sheet_name();
  const std::string& file_name = batch.file_name;
  ingest::SheetRow row;
  HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> header,
                          ReadSheetHeader(*sheet, mapping, file_name, &row));
  RowParser parser(mapping, facts, file_name, options.field_problems);
  parser.Bind(header);
  parser.set_values_are_utf8();
  batch.header_json = HeaderJson(header);
  const std::vector<std::string> field_of_column = FieldOfColumn(mapping, header);

  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<BatchWriter> writer,
                          store.BeginBatch(mapping.source, batch, WriteOptions(options, facts)));
  BatchImport import(options, *writer, summary, file_name, !mapping.record_id_column.empty());
  Progress progress("importing " + file_name, sheet->bytes_total(), options.show_progress);
  std::string field;
  std::vector<UnparsedField> unparsed;
  std::vector<std::string_view> values(header.size());
  int64_t previous = row.number;
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(bool more, sheet->Next(&row));
    if (!more) break;
    progress.Update(sheet->bytes_done());
    summary.blank_lines += std::max<int64_t>(row.number - previous - 1, 0);
    previous = row.number;
    if (IsBlankRow(row)) {
      ++summary.blank_lines;
      continue;
    }
    ++summary.rows_read;
    std::string raw = ingest::RowAsCsv(row);
    if (std::string beyond = ValuesBeyondHeader(row, header.size()); !beyond.empty()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(row.number, row.number, raw, "", beyond));
      continue;
    }
    for (size_t c = 0; c < values.size(); ++c) {
      values[c] = c < row.cells.size() ? std::string_view(row.cells[c].text) : "";
    }
    RecordData& record = import.Slot();
    record.line = row.number;
    record.end_line = row.number;
    record.raw = std::move(raw);
    Status parsed = parser.Parse(values, row.number, &record, &field, &unparsed);
    if (!parsed.ok()) {
      HABEAS_RETURN_IF_ERROR(import.Reject(row.number, row.number, record.raw, field,
                                           parsed.message() + " — fix the value (or the "
                                                              "mapping's [formats]) and import "
                                                              "the corrected file"));
      continue;
    }
    AddCellNotes(row, header, field_of_column, &record);
    HABEAS_RETURN_IF_ERROR(import.Accept(unparsed));
  }
  progress.Finish();
  HABEAS_RETURN_IF_ERROR(import.Finish());
  AddRepairNotice(parser, &summary);
  batch.rows_read = summary.rows_read;
  batch.rows_imported = summary.rows_imported;
  batch.rows_rejected = summary.rows_rejected;
  batch.blank_lines = summary.blank_lines;
  HABEAS_RETURN_IF_ERROR(CheckSourceUnchanged(source, facts));
  HABEAS_RETURN_IF_ERROR(writer->Commit(batch));
  summary.batch_id = writer->batch_id();
  return summary;
}

// The batch file name a spreadsheet's sheet is stored under ("list.xlsx:Sheet1").
Result<std::string> SheetFileName(ByteSource& source, ingest::SpreadsheetFormat format,
                                  const ImportOptions& options) {
  std::string sheet = options.sheet;
  if (sheet.empty()) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> names, ingest::SheetNames(source, format));
    sheet = names.front();
  }
  return std::filesystem::path(options.file).filename().string() + ":" + sheet;
}

// A workbook already imported into the source: the same sheet is nothing to do;
// another sheet cannot be a second batch of the same bytes (kConflict saying so).
Status CheckSameSheet(ByteSource& source, ingest::SpreadsheetFormat format,
                      const ImportOptions& options, const BatchInfo& existing) {
  HABEAS_ASSIGN_OR_RETURN(std::string wanted, SheetFileName(source, format, options));
  if (wanted == existing.file_name) return Status::Ok();
  return Status(StatusCode::kConflict,
                options.file + ": this workbook is already batch " + std::to_string(existing.id) +
                    " of source \"" + existing.source_name + "\" (" + existing.file_name +
                    "); a source takes one sheet of a workbook: import " + wanted +
                    " with a mapping that names another source");
}

}  // namespace

Status CheckEncodingName(std::string_view name) {
  return ParseEncodingName(name).status();
}

Status CheckImportMapping(const ImportOptions& options) {
  return Mapping::Load(options.mapping_file).status();
}

Result<std::unique_ptr<FileSource>> OpenImportFile(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> source, FileSource::Open(path));
  if (!source->is_regular_file()) {
    return InvalidInput(path +
                        " is not a regular file (a pipe or a device): a list is read twice, "
                        "a survey and then the rows; save it to a file and import that");
  }
  return source;
}

Result<ImportSummary> ImportFile(Store& store, const ImportOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> source, OpenImportFile(options.file));
  return ImportFile(store, *source, options);
}

Result<ImportSummary> ImportFile(Store& store, ByteSource& source, const ImportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  HABEAS_ASSIGN_OR_RETURN(Mapping mapping, Mapping::Load(options.mapping_file));
  const ingest::SpreadsheetFormat format = mapping.format.empty()
                                               ? ingest::SpreadsheetFormatOfFile(options.file)
                                               : ingest::SpreadsheetFormat::kNone;
  const bool spreadsheet = format != ingest::SpreadsheetFormat::kNone;
  if (!options.sheet.empty() && !spreadsheet) {
    return InvalidInput(options.file + ": --sheet applies to spreadsheets (.xlsx, .xls) only");
  }
  HABEAS_ASSIGN_OR_RETURN(
      FileFacts facts, Survey(source, mapping, options.encoding,
                              spreadsheet ? EncodingCheck::kNone : EncodingCheck::kDetect));
  const std::string spreadsheet_name(ingest::SpreadsheetFormatName(format));

  ImportSummary summary;
  summary.source = mapping.source.name;
  summary.file = options.file;
  summary.sha256 = facts.sha256;
  summary.encoding = std::string(EncodingName(facts.encoding));
  HABEAS_ASSIGN_OR_RETURN(auto existing, store.FindBatchByHash(mapping.source.name, facts.sha256));
  if (existing) {
    if (spreadsheet) HABEAS_RETURN_IF_ERROR(CheckSameSheet(source, format, options, *existing));
    summary.already_imported = true;
    summary.batch_id = existing->id;
    summary.format = spreadsheet ? spreadsheet_name : existing->format;
    summary.delimiter = spreadsheet ? "" : existing->delimiter;
    summary.rows_read = existing->rows_read;
    summary.rows_imported = existing->rows_imported;
    summary.rows_rejected = existing->rows_rejected;
    summary.blank_lines = existing->blank_lines;
    HABEAS_ASSIGN_OR_RETURN(UnparsedCounts unparsed, CountUnparsed(store, existing->id));
    summary.rows_with_unparsed = unparsed.rows;
    summary.unparsed_fields = unparsed.fields;
    return summary;
  }

  const std::string ext = std::filesystem::path(options.file).extension().string();
  summary.format = spreadsheet                             ? spreadsheet_name
                   : !mapping.format.empty()               ? mapping.format
                   : (ext == ".jsonl" || ext == ".ndjson") ? "jsonl"
                                                           : "csv";
  if (!facts.encoding_warning.empty()) summary.notices.push_back(facts.encoding_warning);
  BatchInfo batch;
  batch.file_name = std::filesystem::path(options.file).filename().string();
  batch.file_sha256 = facts.sha256;
  batch.file_size = facts.size;
  batch.received_date = mapping.received_date;
  // A spreadsheet's rows are stored as CSV lines of their cells' texts (UTF-8, comma).
  batch.format = spreadsheet ? "csv" : summary.format;
  batch.encoding = summary.encoding;
  batch.delimiter = spreadsheet ? std::string(DelimiterName(',')) : "";
  batch.mapping_toml = mapping.text;

  RereadSource reread(source, facts);
  Result<ImportSummary> result =
      spreadsheet ? ImportSpreadsheet(store, source, format, mapping, facts, batch, options,
                                      summary)
      : summary.format == "jsonl"
          ? ImportJsonLines(store, reread, mapping, facts, batch, options, summary)
          : ImportCsv(store, reread, mapping, facts, batch, options, summary);
  if (!result.ok() && result.status().code() == StatusCode::kUnavailable) {
    return Status(StatusCode::kUnavailable,
                  result.status().message() + "; nothing was imported (the batch was rolled back)");
  }
  if (result.ok()) {
    result->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

}  // namespace habeas
