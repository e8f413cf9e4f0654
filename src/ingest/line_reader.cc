#include "ingest/line_reader.h"

#include <cstring>

#include "common/encoding.h"

namespace habeas::ingest {

// Discards bytes up to and including the next LF (the rest of a line too long to hold).
Status LineReader::SkipRestOfLine() {
  while (skip_) {
    const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (nl != nullptr) {
      const size_t next = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
      consumed_ += next - begin_;
      begin_ = next;
      skip_ = false;
      break;
    }
    consumed_ += end_ - begin_;
    begin_ = end_ = 0;
    if (eof_) {
      skip_ = false;
      break;
    }
    HABEAS_ASSIGN_OR_RETURN(size_t n, source_->Read(buffer_.data(), buffer_.size()));
    if (n == 0) eof_ = true;
    end_ = n;
  }
  return Status::Ok();
}

Result<bool> LineReader::Next(std::string_view* line, int64_t* line_number) {
  HABEAS_RETURN_IF_ERROR(SkipRestOfLine());
  too_long_ = false;
  size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    const bool cut = nl == nullptr && end_ - begin_ >= kMaxLineBytes;
    if (nl != nullptr || cut || (eof_ && begin_ < end_)) {
      const size_t stop = nl ? static_cast<const char*>(nl) - buffer_.data()
                             : (cut ? begin_ + kMaxLineBytes : end_);
      size_t len = stop - begin_;
      if (len > 0 && !cut && buffer_[begin_ + len - 1] == '\r') --len;
      *line = std::string_view(buffer_.data() + begin_, len);
      if (line_ == 0) line->remove_prefix(Utf8BomLength(*line));
      *line_number = ++line_;
      const size_t next = nl ? stop + 1 : stop;
      consumed_ += next - begin_;
      begin_ = next;
      too_long_ = cut;
      skip_ = cut;  // the rest is skipped before the next line (the view stays valid)
      return true;
    }
    if (eof_) return false;
    // Keep the partial line, then read more (moved only when it does not start the
    // buffer already: a source serving a few bytes at a time costs no copying).
    const size_t partial = end_ - begin_;
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, partial);
      begin_ = 0;
      end_ = partial;
    }
    scanned = partial;
    if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
    HABEAS_ASSIGN_OR_RETURN(size_t n, source_->Read(buffer_.data() + end_, buffer_.size() - end_));
    if (n == 0) eof_ = true;
    end_ += n;
  }
}

}  // namespace habeas::ingest
