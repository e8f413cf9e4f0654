// Importing a list: a file (CSV or JSON Lines) plus a mapping file (TOML) becomes
// one batch of records in the store, atomically, without losing a row.
//
//   ImportOptions options;
//   options.file = "family.csv";
//   options.mapping_file = "family.toml";
//   HABEAS_ASSIGN_OR_RETURN(ImportSummary summary, ImportFile(*store, options));
//   // summary.rows_read == summary.rows_imported + summary.rows_rejected
//
// Every data row ends up either as a record or as a rejected row with a message
// naming file, line, field and what to do. A row is rejected only when it cannot
// be split into columns or lacks a usable record id; a field that does not parse
// is left empty and listed in the record's notes as unparsed (UnparsedFields() in
// habeas/record.h), unless FieldProblems::kRejectRow asks for today's strictness. Importing a file
// whose content is already a batch of the same source changes nothing. The mapping format is
// specified in docs/formats.md. Not thread-safe (one import per Store at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "habeas/byte_source.h"
#include "habeas/record.h"
#include "habeas/status.h"
#include "habeas/store.h"

namespace habeas {

struct ImportOptions {
  std::string file;
  std::string mapping_file;
  // Overrides the mapping's and the detected encoding: "utf-8", "windows-1252", "latin-1".
  std::string encoding;
  // The sheet of a spreadsheet (.xlsx, .xls) to import; empty: its first sheet. Only
  // for spreadsheets (kInvalidInput for another file).
  std::string sheet;
  bool show_progress = false;
  // Write the batch with the store held exclusively (each new page written once;
  // see Store::BatchOptions). kAuto: for files of kExclusiveFromBytes or more.
  enum class Exclusive { kAuto, kAlways, kNever };
  Exclusive exclusive = Exclusive::kAuto;
  static constexpr uint64_t kExclusiveFromBytes = 32u << 20;
  // What a field that does not parse does to its row.
  enum class FieldProblems {
    kKeepRow,    // the field is left empty and noted as unparsed; the row is a record
    kRejectRow,  // the whole row is rejected (`habeas import --strict`); dates are read
                 // only in the mapping's day/month order
  };
  FieldProblems field_problems = FieldProblems::kKeepRow;
  // Called for each rejected row as it is found (e.g. to print it).
  std::function<void(const RejectedRow&)> on_reject;
  // Called for each unparsed field of an imported row as it is found.
  std::function<void(const UnparsedField&)> on_unparsed;
};

struct ImportSummary {
  std::string source;
  std::string file;
  std::string sha256;
  int64_t batch_id = 0;
  bool already_imported = false;  // the same content was already a batch of this source
  std::string format;             // "csv", "jsonl", "xlsx" or "xls"
  std::string sheet;              // the sheet imported (spreadsheets), else empty
  std::string encoding;
  std::string delimiter;
  int64_t rows_read = 0;  // data rows (header and blank lines excluded)
  int64_t rows_imported = 0;
  int64_t rows_with_unparsed = 0;  // of rows_imported: rows with a field left unparsed
  int64_t unparsed_fields = 0;     // fields left unparsed, over all rows
  int64_t rows_rejected = 0;
  int64_t blank_lines = 0;
  double seconds = 0;
  // What the user should know about the whole file that did not stop the import, one
  // message each, naming the file (e.g. bytes that were not UTF-8 replaced by U+FFFD in
  // a file read as UTF-8, with their lines). Empty when the file was already imported.
  std::vector<std::string> notices;
};

// Imports the list `source` serves. options.file names it: the batch keeps its file
// name, its extension chooses the format unless the mapping says, and messages name
// it. A spreadsheet (.xlsx, .xls) is read one sheet at a time: the batch's file name
// is "list.xlsx:Sheet1", its rows' lines are the sheet's row numbers, and each row is
// stored as the CSV line of the texts its cells show (docs/formats.md); .xlsx needs
// a source with ReadAt, .xls one whose name() is the file's path. The source is read twice (a survey, then the rows; Rewind() between). Errors
// that concern the whole file (unreadable, a read error midway, unknown encoding, a
// mapping naming a missing column) import nothing — the batch is rolled back — and
// return kInvalidInput / kNotFound / kUnavailable; problems with single rows are
// rejected rows, not errors.
Result<ImportSummary> ImportFile(Store& store, ByteSource& source, const ImportOptions& options);

// Opens options.file (kNotFound naming it when missing, OpenImportFile) and imports it.
Result<ImportSummary> ImportFile(Store& store, const ImportOptions& options);

// Opens a list for ImportFile: kNotFound naming a missing path; kInvalidInput for a
// directory, and for a pipe or a device (`import <(zcat l.csv.gz)`, /dev/zero): the
// list is read twice and a pipe cannot be, a device may never end. Lets a command
// refuse such a path before it creates a store.
Result<std::unique_ptr<FileSource>> OpenImportFile(const std::string& path);

// Ok when `name` is an encoding ImportOptions::encoding accepts ("utf-8",
// "windows-1252", "latin-1" and their usual spellings); kInvalidInput naming them if not.
Status CheckEncodingName(std::string_view name);

// Reads and checks options.mapping_file without a data file: kNotFound naming it when
// missing, kInvalidInput naming its line when it is not a valid mapping. Lets a command
// refuse a bad mapping before it creates a store.
Status CheckImportMapping(const ImportOptions& options);

// A stored row read back as its source wrote it: its raw bytes decoded to UTF-8 with
// the batch's encoding (bytes invalid in it become U+FFFD).
std::string DecodeRaw(const std::string& raw, const BatchInfo& batch);

// A stored record's row as (column, value) pairs, split again the way the import read
// it: a JSON Lines object's members in order, or a CSV row's fields named by the
// batch's header ("column N" past its end). The decoded text as the one pair
// ("raw", text) when the row cannot be split (it was repaired or is damaged).
std::vector<std::pair<std::string, std::string>> SourceColumns(const RecordData& record,
                                                               const BatchInfo& batch);

// SourceColumns for the many rows of one batch: the batch's header, delimiter, format
// and encoding are read once.
//
//   StoredRowSplitter splitter(batch);
//   store.ForEachRecord(filter, [&](const RecordData& r) {
//     const std::string text = splitter.Text(r);
//     if (auto columns = splitter.Split(text)) ...
class StoredRowSplitter {
 public:
  explicit StoredRowSplitter(const BatchInfo& batch);
  // The row as received, decoded to UTF-8 (DecodeRaw).
  std::string Text(const RecordData& record) const;
  // `text`'s (column, value) pairs as SourceColumns names them; nullopt when the row
  // cannot be split.
  std::optional<std::vector<std::pair<std::string, std::string>>> Split(
      const std::string& text) const;

 private:
  std::string encoding_;
  bool json_lines_ = false;
  char delimiter_ = ',';
  std::vector<std::string> header_;
};

// One unparsed field of a stored record, with where it came from.
struct UnparsedFieldRow {
  int64_t record_id = 0;
  int64_t batch_id = 0;
  std::string source;
  std::string file;  // the batch's file name
  int64_t line = 0;
  std::string source_record_id;
  UnparsedField field;
};

// The unparsed fields of the store's records (of `source` if given), in record
// order, at most `limit` of them (a negative limit: all). Reads the records' notes: a
// scan of the records.
Result<std::vector<UnparsedFieldRow>> ListUnparsedFields(Store& store,
                                                         const std::optional<std::string>& source,
                                                         int64_t limit);

// Counts a batch's records that have unparsed fields and those fields.
struct UnparsedCounts {
  int64_t rows = 0;
  int64_t fields = 0;
};
Result<UnparsedCounts> CountUnparsed(Store& store, int64_t batch_id);

}  // namespace habeas
