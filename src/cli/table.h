// Prints rows as an aligned plain-text table (UTF-8 aware widths). Not thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace habeas::cli {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out, size_t max_width = 40) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// Number of code points in a UTF-8 string (a fair display width for names).
size_t DisplayWidth(const std::string& s);
// Truncates to at most `width` code points, ending with "…" when cut.
std::string Truncate(const std::string& s, size_t width);

}  // namespace habeas::cli
