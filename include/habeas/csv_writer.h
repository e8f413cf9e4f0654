// Writes RFC 4180 CSV: fields are quoted only when they hold the delimiter, a
// quote, CR or LF (quotes doubled), rows end with "\n". Not thread-safe.
//
//   CsvWriter out(std::cout);
//   out.Row({"source", "source_record_id", "record_id", "person_id"});
#pragma once

#include <initializer_list>
#include <ostream>
#include <string_view>
#include <vector>

namespace habeas {

class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out, char delimiter = ',') : out_(out), delimiter_(delimiter) {}

  void Row(std::initializer_list<std::string_view> fields) {
    WriteRow(fields.begin(), fields.end());
  }
  void Row(const std::vector<std::string_view>& fields) { WriteRow(fields.begin(), fields.end()); }

 private:
  template <typename It>
  void WriteRow(It begin, It end) {
    bool first = true;
    for (It it = begin; it != end; ++it) {
      if (!first) out_.put(delimiter_);
      first = false;
      WriteField(*it);
    }
    out_.put('\n');
  }
  void WriteField(std::string_view field) {
    if (field.find_first_of(std::string_view("\"\r\n", 3)) == std::string_view::npos &&
        field.find(delimiter_) == std::string_view::npos) {
      out_ << field;
      return;
    }
    out_.put('"');
    for (char c : field) {
      if (c == '"') out_.put('"');
      out_.put(c);
    }
    out_.put('"');
  }

  std::ostream& out_;
  char delimiter_;
};

}  // namespace habeas
