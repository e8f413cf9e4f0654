// Helpers shared by the names tests: reading golden TSV files with \u{XXXX} escapes.
// Test-only; not part of the library.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace habeas::names::testing {

// Replaces every "\u{XXXX}" with the UTF-8 encoding of U+XXXX.
inline std::string Unescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 3) == "\\u{") {
      size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        unsigned long cp = std::stoul(std::string(text.substr(i + 3, close - i - 3)), nullptr, 16);
        if (cp < 0x80) {
          out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        i = close;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

inline std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

struct GoldenRow {
  int line = 0;
  std::vector<std::string> fields;
};

// Reads tests/golden/names/<name>; skips '#' comments and blank lines.
inline std::vector<GoldenRow> ReadGolden(const std::string& name) {
  std::ifstream in(std::string(HABEAS_SOURCE_DIR) + "/tests/golden/names/" + name);
  std::vector<GoldenRow> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    GoldenRow row;
    row.line = number;
    std::stringstream fields(line);
    std::string field;
    size_t pos = 0;
    while (true) {
      size_t tab = line.find('\t', pos);
      row.fields.push_back(
          line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace habeas::names::testing
