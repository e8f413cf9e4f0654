// Splits a ByteSource into lines (LF or CRLF), for JSON Lines. Lines are views
// valid until the next call; memory is bounded by kMaxLineBytes, not the file: a
// longer line (a file with no line breaks) is returned cut at kMaxLineBytes, with
// last_line_too_long() set, and the rest of it is skipped. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/file_io.h"
#include "habeas/status.h"

namespace habeas::ingest {

class LineReader {
 public:
  static constexpr size_t kMaxLineBytes = 8 << 20;  // as CsvReader::kMaxRecordBytes

  explicit LineReader(ByteSource* source) : source_(source), buffer_(1 << 20) {}

  // Reads the next line (without its terminator) and its 1-based number.
  Result<bool> Next(std::string_view* line, int64_t* line_number);
  uint64_t bytes_consumed() const { return consumed_; }

  // True when the line last returned was longer than kMaxLineBytes (and is cut there).
  bool last_line_too_long() const { return too_long_; }

 private:
  Status SkipRestOfLine();

  ByteSource* source_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool skip_ = false;  // the rest of a line cut at kMaxLineBytes is still to skip
  bool too_long_ = false;
  int64_t line_ = 0;
  uint64_t consumed_ = 0;
};

}  // namespace habeas::ingest
