#include "ingest/line_reader.h"

#include <cstring>

#include "common/encoding.h"

namespace habeas::ingest {

Result<bool> LineReader::Next(std::string_view* line, int64_t* line_number) {
  size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (nl != nullptr || (eof_ && begin_ < end_)) {
      const size_t stop = nl ? static_cast<const char*>(nl) - buffer_.data() : end_;
      size_t len = stop - begin_;
      if (len > 0 && buffer_[begin_ + len - 1] == '\r') --len;
      *line = std::string_view(buffer_.data() + begin_, len);
      if (line_ == 0) line->remove_prefix(Utf8BomLength(*line));
      *line_number = ++line_;
      const size_t next = nl ? stop + 1 : end_;
      consumed_ += next - begin_;
      begin_ = next;
      return true;
    }
    if (eof_) return false;
    // Keep the partial line, then read more.
    const size_t partial = end_ - begin_;
    std::memmove(buffer_.data(), buffer_.data() + begin_, partial);
    begin_ = 0;
    end_ = partial;
    scanned = partial;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    HABEAS_ASSIGN_OR_RETURN(size_t n, source_->Read(buffer_.data() + end_, buffer_.size() - end_));
    if (n == 0) eof_ = true;
    end_ += n;
  }
}

}  // namespace habeas::ingest
