// The one CSV reader: RFC 4180 records from a ByteSource, streaming.
//
// Handles quoted fields with embedded delimiters, quotes ("") and newlines; CRLF,
// LF and lone CR line ends; a UTF-8 byte-order mark at the start. Bytes are passed
// through untouched (transcoding is the caller's job, see encoding.h), so `raw`
// is the record exactly as it stands in the file.
//
// Malformed input never stops the reader: a quoted field that is never closed
// (or that would run past kMaxRecordBytes) yields a row with `problem` set,
// holding only the first physical line, and reading resumes on the next line. A
// line longer than kMaxRecordBytes (a file without line breaks) yields one such row
// holding its first kMaxRecordBytes, and the rest of the line is skipped.
//
// The source is read until the buffer is full or the input ends, whatever the size of
// each Read(): a source that serves a few bytes at a time costs no more to parse.
// Empty lines are skipped (they hold no data) but still counted in line numbers.
//
//   CsvReader reader(&source, CsvDialect{','});
//   CsvRow row;
//   while (true) {
//     HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
//     if (!more) break;
//     use(row.fields, row.line);
//   }
//
// Memory is bounded by the longest record, not the file. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_io.h"
#include "habeas/status.h"

namespace habeas {

struct CsvDialect {
  char delimiter = ',';
};

// Picks ',', ';' or '\t' from the first lines of a file: the candidate that
// splits the most lines into the same number (> 1) of fields, outside quotes.
char DetectDelimiter(std::string_view sample);

// Human name of a delimiter for messages and the store: "comma", "semicolon", "tab".
std::string_view DelimiterName(char delimiter);

struct CsvRow {
  // Field values with quoting removed; valid until the next call to Next().
  std::vector<std::string_view> fields;
  // The record's bytes as in the file, without the line terminator.
  std::string_view raw;
  uint64_t line = 0;      // 1-based physical line where the record starts
  uint64_t end_line = 0;  // physical line where it ends (> line if it has quoted newlines)
  // Non-empty when the record is malformed (e.g. an unterminated quoted field).
  std::string problem;
};

class CsvReader {
 public:
  static constexpr size_t kMaxRecordBytes = 8 << 20;

  // `source` must outlive the reader.
  CsvReader(ByteSource* source, CsvDialect dialect);

  // Reads the next record into `row`; returns false at the end of input.
  Result<bool> Next(CsvRow* row);

  uint64_t bytes_consumed() const { return consumed_; }

 private:
  enum class Parse { kComplete, kNeedMore, kTooLong };
  Parse ParseRecord(CsvRow* row, size_t* record_end, size_t* next_start, uint64_t* newlines);
  Status Fill();
  void EmitUnterminated(CsvRow* row);

  struct Span {
    size_t offset;
    size_t length;
    bool in_scratch;
  };

  ByteSource* source_;
  CsvDialect dialect_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // start of the next record in buffer_
  size_t end_ = 0;    // end of valid data in buffer_
  bool eof_ = false;
  bool started_ = false;
  bool skip_to_line_end_ = false;  // after a line too long to hold
  uint64_t line_ = 1;  // physical line at begin_
  uint64_t consumed_ = 0;
  std::vector<Span> spans_;
  std::string scratch_;
};

}  // namespace habeas
