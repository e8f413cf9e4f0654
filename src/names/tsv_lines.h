// Reads the data lines of the module's curated TSV tables (nicknames, name
// priors, frequency tables): LF or CRLF line ends; blank lines and lines starting
// with '#' are skipped; line numbers are 1-based and count every line. Internal to
// src/names. Not thread-safe; `text` must outlive the reader.
#pragma once

#include <cstddef>
#include <string_view>

namespace habeas::names {

class TsvLines {
 public:
  explicit TsvLines(std::string_view text) : text_(text) {}

  // The next data line (without its line end) and its number; false at the end.
  bool Next(std::string_view* line, size_t* line_number) {
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view l = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ++line_;
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      if (l.empty() || l.front() == '#') continue;
      *line = l;
      *line_number = line_;
      return true;
    }
    return false;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 0;
};

}  // namespace habeas::names
