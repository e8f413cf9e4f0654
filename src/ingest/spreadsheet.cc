#include "ingest/spreadsheet.h"

#include <algorithm>

#include "ingest/xlsx_reader.h"

namespace habeas::ingest {

SpreadsheetFormat SpreadsheetFormatOfFile(std::string_view path) {
  const size_t dot = path.rfind('.');
  if (dot == std::string_view::npos) return SpreadsheetFormat::kNone;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "xlsx" || ext == "xlsm") return SpreadsheetFormat::kXlsx;
  if (ext == "xls") return SpreadsheetFormat::kXls;
  return SpreadsheetFormat::kNone;
}

std::string_view SpreadsheetFormatName(SpreadsheetFormat format) {
  switch (format) {
    case SpreadsheetFormat::kXlsx:
      return "xlsx";
    case SpreadsheetFormat::kXls:
      return "xls";
    case SpreadsheetFormat::kNone:
      break;
  }
  return "";
}

std::string ColumnLetters(size_t column) {
  std::string out;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return out;
}

std::string RowAsCsv(const SheetRow& row) {
  std::string out;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (i > 0) out.push_back(',');
    const SheetCell& cell = row.cells[i];
    const std::string& text = cell.flag == CellFlag::kError ? cell.detail : cell.text;
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
      out += text;
      continue;
    }
    out.push_back('"');
    for (char c : text) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out;
}

std::vector<std::string> HeaderNames(const SheetRow& header,
                                     const std::vector<MergedRange>& merged) {
  std::vector<std::string> names;
  for (const SheetCell& cell : header.cells) names.push_back(cell.text);
  const int64_t row = header.number - 1;
  for (const MergedRange& m : merged) {
    if (m.first_row != row || m.last_column <= m.first_column || m.first_column >= names.size()) {
      continue;
    }
    const std::string name = names[m.first_column];
    if (name.empty()) continue;
    const size_t last = std::min<size_t>(m.last_column, 16383);
    if (names.size() <= last) names.resize(last + 1);
    for (size_t c = m.first_column + 1; c <= last; ++c) {
      if (names[c].empty()) names[c] = name + " (" + std::to_string(c - m.first_column + 1) + ")";
    }
  }
  return names;
}

Result<std::unique_ptr<SheetReader>> OpenSheet(ByteSource& source, SpreadsheetFormat format,
                                               const std::string& sheet) {
  if (format == SpreadsheetFormat::kXls) return OpenXlsSheet(source, sheet);
  if (format == SpreadsheetFormat::kXlsx) return OpenXlsxSheet(source, sheet);
  return InvalidInput(source.name() + ": not a spreadsheet (.xlsx, .xls)");
}

Result<std::vector<std::string>> SheetNames(ByteSource& source, SpreadsheetFormat format) {
  if (format == SpreadsheetFormat::kXls) return XlsSheetNames(source);
  if (format == SpreadsheetFormat::kXlsx) return XlsxSheetNames(source);
  return InvalidInput(source.name() + ": not a spreadsheet (.xlsx, .xls)");
}

}  // namespace habeas::ingest
