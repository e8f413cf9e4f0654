// Splits a ByteSource into lines (LF or CRLF), for JSON Lines. Lines are views
// valid until the next call; memory is bounded by the longest line. Not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/file_io.h"
#include "habeas/status.h"

namespace habeas::ingest {

class LineReader {
 public:
  explicit LineReader(ByteSource* source) : source_(source), buffer_(1 << 20) {}

  // Reads the next line (without its terminator) and its 1-based number.
  Result<bool> Next(std::string_view* line, int64_t* line_number);
  uint64_t bytes_consumed() const { return consumed_; }

 private:
  ByteSource* source_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  int64_t line_ = 0;
  uint64_t consumed_ = 0;
};

}  // namespace habeas::ingest
