#include "cli/table.h"
#include "habeas/terminal_text.h"

#include <algorithm>

namespace habeas::cli {

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Truncate(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool start = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (start && ++n > width - 1) break;
    out.push_back(s[i]);
  }
  return out + "…";
}

void TextTable::Print(std::ostream& out, size_t max_width) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], std::min(max_width, DisplayWidth(TerminalSafe(row[i]))));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string cell = Truncate(TerminalSafe(row[i]), max_width);
      line += cell;
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace habeas::cli
