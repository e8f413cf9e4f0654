#include "common/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>

#include "common/encoding.h"

namespace habeas {
namespace {

constexpr size_t kInitialBuffer = 1 << 20;

// A source that knows its size (a file, a stored row) needs no more than that: one
// stored row split again (SourceColumns) allocated and zeroed 1 MiB.
size_t InitialBufferFor(ByteSource* source) {
  Result<uint64_t> size = source->Size();
  if (!size.ok() || *size >= kInitialBuffer) return kInitialBuffer;
  return std::max<size_t>(4096, static_cast<size_t>(*size) + 1);
}

// Fields per line for `delimiter`, outside quotes, over the sample's complete lines.
std::vector<int> FieldsPerLine(std::string_view sample, char delimiter) {
  std::vector<int> counts;
  bool quoted = false;
  int fields = 1;
  for (size_t i = 0; i < sample.size(); ++i) {
    const char c = sample[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == delimiter) {
      ++fields;
    } else if (!quoted && c == '\n') {
      counts.push_back(fields);
      fields = 1;
      if (counts.size() >= 50) break;
    }
  }
  return counts;
}

}  // namespace

char DetectDelimiter(std::string_view sample) {
  char best = ',';
  int best_score = -1;
  for (char d : {',', ';', '\t'}) {
    const std::vector<int> counts = FieldsPerLine(sample, d);
    if (counts.empty()) {
      // One line, no terminator: count fields on it.
      const int n = 1 + static_cast<int>(std::count(sample.begin(), sample.end(), d));
      if (n > 1 && n > best_score) {
        best = d;
        best_score = n;
      }
      continue;
    }
    std::map<int, int> freq;
    for (int n : counts) ++freq[n];
    // The most common field count, if > 1; score = lines agreeing, then width.
    int mode = 1, mode_lines = 0;
    for (auto [n, lines] : freq) {
      if (lines > mode_lines || (lines == mode_lines && n > mode)) {
        mode = n;
        mode_lines = lines;
      }
    }
    if (mode <= 1) continue;
    const int score = mode_lines * 1000 + mode;
    if (score > best_score) {
      best = d;
      best_score = score;
    }
  }
  return best;
}

std::string_view DelimiterName(char delimiter) {
  switch (delimiter) {
    case ',':
      return "comma";
    case ';':
      return "semicolon";
    case '\t':
      return "tab";
    default:
      return "other";
  }
}

CsvReader::CsvReader(ByteSource* source, CsvDialect dialect)
    : source_(source), dialect_(dialect), buffer_(InitialBufferFor(source)) {}

Status CsvReader::Fill() {
  // Move the unfinished record to the front, growing the buffer if it is full.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  // Read until the buffer is full or the input ends, however few bytes each Read()
  // returns (a pipe, a network stream, a test's short reads): an unfinished record is
  // parsed again from its start after every Fill(), so filling by a few bytes at a
  // time would make reading a long record quadratic in its length.
  while (end_ < buffer_.size()) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, source_->Read(buffer_.data() + end_, buffer_.size() - end_));
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += n;
  }
  if (!started_ && end_ - begin_ >= 3) {
    started_ = true;
    begin_ += Utf8BomLength(std::string_view(buffer_.data(), end_));
  } else if (!started_ && eof_) {
    started_ = true;
    begin_ += Utf8BomLength(std::string_view(buffer_.data(), end_));
  }
  return Status::Ok();
}

CsvReader::Parse CsvReader::ParseRecord(CsvRow* row, size_t* record_end, size_t* next_start,
                                        uint64_t* newlines) {
  spans_.clear();
  scratch_.clear();
  row->problem.clear();
  const char* const base = buffer_.data();
  const char delimiter = dialect_.delimiter;
  size_t i = begin_;
  uint64_t nl = 0;
  for (;;) {
    // Start of a field at i.
    if (i < end_ && base[i] == '"') {
      // Quoted field: copy to scratch only if it holds an escaped quote.
      size_t j = i + 1;
      size_t field_start = j;
      bool escaped = false;
      size_t scratch_start = scratch_.size();
      for (;;) {
        const void* q = std::memchr(base + j, '"', end_ - j);
        if (q == nullptr) {
          nl += std::count(base + j, base + end_, '\n');
          if (end_ - begin_ >= kMaxRecordBytes) return Parse::kTooLong;
          return Parse::kNeedMore;
        }
        const size_t qpos = static_cast<const char*>(q) - base;
        nl += std::count(base + j, base + qpos, '\n');
        if (qpos + 1 >= end_ && !eof_) return Parse::kNeedMore;
        if (qpos + 1 < end_ && base[qpos + 1] == '"') {
          if (!escaped) {
            escaped = true;
            scratch_start = scratch_.size();
          }
          scratch_.append(base + j, qpos + 1 - j);  // keep one quote
          j = qpos + 2;
          continue;
        }
        // Closing quote.
        if (escaped) {
          scratch_.append(base + j, qpos - j);
          spans_.push_back({scratch_start, scratch_.size() - scratch_start, true});
        } else {
          spans_.push_back({field_start, qpos - field_start, false});
        }
        j = qpos + 1;
        // Lenient: text after the closing quote up to the delimiter is appended.
        size_t k = j;
        while (k < end_ && base[k] != delimiter && base[k] != '\n' && base[k] != '\r') ++k;
        if (k == end_ && !eof_) return Parse::kNeedMore;
        if (k > j) {
          Span& s = spans_.back();
          const std::string value = (s.in_scratch ? scratch_.substr(s.offset, s.length)
                                                  : std::string(base + s.offset, s.length)) +
                                    std::string(base + j, k - j);
          s = {scratch_.size(), value.size(), true};
          scratch_ += value;
        }
        i = k;
        break;
      }
    } else {
      // Unquoted field: up to delimiter or line end.
      size_t j = i;
      while (j < end_) {
        const char c = base[j];
        if (c == delimiter || c == '\n' || c == '\r') break;
        ++j;
      }
      if (j == end_ && !eof_) {
        // A line with no end in sight (a file with no line breaks): bounded like an
        // unterminated quote instead of growing the buffer without limit.
        if (end_ - begin_ >= kMaxRecordBytes) return Parse::kTooLong;
        return Parse::kNeedMore;
      }
      spans_.push_back({i, j - i, false});
      i = j;
    }
    // After a field: delimiter, line end, or end of input.
    if (i < end_ && base[i] == delimiter) {
      ++i;
      continue;
    }
    if (i >= end_) {  // eof_
      *record_end = end_;
      *next_start = end_;
      break;
    }
    if (base[i] == '\r') {
      if (i + 1 >= end_ && !eof_) return Parse::kNeedMore;
      *record_end = i;
      *next_start = (i + 1 < end_ && base[i + 1] == '\n') ? i + 2 : i + 1;
    } else {
      *record_end = i;
      *next_start = i + 1;
    }
    ++nl;
    break;
  }
  *newlines = nl;
  return Parse::kComplete;
}

void CsvReader::EmitUnterminated(CsvRow* row) {
  const char* const base = buffer_.data();
  const void* nlp = std::memchr(base + begin_, '\n', end_ - begin_);
  size_t line_end = nlp ? static_cast<const char*>(nlp) - base : end_;
  size_t next = nlp ? line_end + 1 : end_;
  // The whole buffer is one unfinished line: the rest of it, still unread, is skipped.
  skip_to_line_end_ = nlp == nullptr && !eof_;
  if (line_end > begin_ && base[line_end - 1] == '\r') --line_end;
  row->raw = std::string_view(base + begin_, line_end - begin_);
  row->fields.clear();
  // Best effort: split the single line on the delimiter, quotes left as they are.
  size_t s = 0;
  for (size_t k = 0; k <= row->raw.size(); ++k) {
    if (k == row->raw.size() || row->raw[k] == dialect_.delimiter) {
      row->fields.push_back(row->raw.substr(s, k - s));
      s = k + 1;
    }
  }
  row->line = line_;
  row->end_line = line_;
  row->problem = "unterminated quoted field: a '\"' opened on line " + std::to_string(line_) +
                 " is never closed; check the quotes on that line";
  consumed_ += next - begin_;
  begin_ = next;
  ++line_;
}

Result<bool> CsvReader::Next(CsvRow* row) {
  for (;;) {
    if (!started_ || (begin_ == end_ && !eof_)) {
      HABEAS_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (skip_to_line_end_) {
      // The rest of a line longer than kMaxRecordBytes, already reported.
      const char* const base = buffer_.data();
      size_t k = begin_;
      while (k < end_ && base[k] != '\n' && base[k] != '\r') ++k;
      if (k < end_ && base[k] == '\r' && k + 1 == end_ && !eof_) {
        // CR at the end of the buffer: keep it until we know whether LF follows.
        consumed_ += k - begin_;
        begin_ = k;
        HABEAS_RETURN_IF_ERROR(Fill());
        continue;
      }
      if (k < end_) {
        // The line break ends the skipped line (already counted in line_).
        k += (base[k] == '\r' && k + 1 < end_ && base[k + 1] == '\n') ? 2 : 1;
        skip_to_line_end_ = false;
      } else if (eof_) {
        skip_to_line_end_ = false;
      }
      consumed_ += k - begin_;
      begin_ = k;
      continue;
    }
    if (begin_ == end_) return false;
    // Skip empty lines.
    const char c = buffer_[begin_];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && begin_ + 1 == end_ && !eof_) {
        HABEAS_RETURN_IF_ERROR(Fill());
        continue;
      }
      const size_t skip = (c == '\r' && begin_ + 1 < end_ && buffer_[begin_ + 1] == '\n') ? 2 : 1;
      begin_ += skip;
      consumed_ += skip;
      ++line_;
      continue;
    }
    size_t record_end = 0, next_start = 0;
    uint64_t newlines = 0;
    const Parse p = ParseRecord(row, &record_end, &next_start, &newlines);
    if (p == Parse::kNeedMore) {
      if (eof_) {
        EmitUnterminated(row);
        return true;
      }
      HABEAS_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (p == Parse::kTooLong) {
      EmitUnterminated(row);
      row->problem = "record longer than " + std::to_string(kMaxRecordBytes >> 20) +
                     " MiB starting on line " + std::to_string(row->line) +
                     " (an unterminated quoted field, or a file without line breaks); check "
                     "the quotes and line ends there";
      return true;
    }
    const char* const base = buffer_.data();
    row->raw = std::string_view(base + begin_, record_end - begin_);
    row->line = line_;
    // A record's own line end counts as a newline but not as a line inside it.
    const uint64_t inner = newlines - (next_start > record_end ? 1 : 0);
    row->end_line = line_ + inner;
    row->fields.clear();
    for (const Span& s : spans_) {
      row->fields.emplace_back(s.in_scratch ? scratch_.data() + s.offset : base + s.offset,
                               s.length);
    }
    line_ += newlines;
    consumed_ += next_start - begin_;
    begin_ = next_start;
    return true;
  }
}

}  // namespace habeas
