// Spreadsheets (.xlsx, .xls) read as rows of displayed cell texts, for the importer
// (ImportFile) and its fuzz target. The one spreadsheet reader.
//
//   HABEAS_ASSIGN_OR_RETURN(auto sheet, OpenSheet(source, SpreadsheetFormat::kXlsx, ""));
//   SheetRow row;
//   while (true) {
//     HABEAS_ASSIGN_OR_RETURN(bool more, sheet->Next(&row));
//     if (!more) break;
//     // row.number: the sheet's row number (1-based); row.cells[i]: column i (A = 0)
//   }
//
// .xlsx is streamed (zip via minizip, XML via expat): memory holds the shared-string
// table and a few hundred rows, never the sheet. Cells read as the sheet shows them
// (ingest/cell_text.h): dates as ISO text, identifiers with the zeros their format
// shows, booleans TRUE/FALSE, rich text as its plain text; a formula cell is its
// cached value, flagged; an error cell (#N/A) is empty, flagged. .xls goes through
// FreeXL, which reads the chosen sheet whole (an .xls holds at most 65,536 rows).
//
// Errors name the file and, where they apply, the part, sheet, row and cell:
// kInvalidInput for a damaged or malicious file, kNotFound for a missing sheet.
// The ByteSource must outlive the reader and support ReadAt (.xlsx). Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/byte_source.h"
#include "habeas/status.h"

namespace habeas::ingest {

enum class SpreadsheetFormat {
  kNone,  // not a spreadsheet
  kXlsx,
  kXls,
};

// By the file's extension (any case): .xlsx/.xlsm → kXlsx, .xls → kXls; else kNone.
SpreadsheetFormat SpreadsheetFormatOfFile(std::string_view path);
std::string_view SpreadsheetFormatName(SpreadsheetFormat format);  // "xlsx", "xls", ""

enum class CellFlag {
  kNone,
  kFormula,  // text is the formula's cached value; detail the formula (may be empty)
  kError,    // text is empty; detail the error shown (#N/A, #DIV/0!, ...)
};

struct SheetCell {
  std::string text;  // UTF-8, as displayed
  CellFlag flag = CellFlag::kNone;
  std::string detail;
};

struct SheetRow {
  int64_t number = 0;            // the sheet's row number, 1-based
  std::vector<SheetCell> cells;  // by column (A = 0); trailing cells may be absent
};

// A cell's column as the sheet names it: 0 → "A", 26 → "AA".
std::string ColumnLetters(size_t column);

// The row as a CSV line (RFC 4180, comma; an error cell as its error text): what the
// importer stores as the row's "raw" bytes.
std::string RowAsCsv(const SheetRow& row);

// One rectangle of merged cells (0-based, inclusive).
struct MergedRange {
  int64_t first_row = 0, last_row = 0;
  size_t first_column = 0, last_column = 0;
};

// Header names for `header`: its cells' texts, where a merged range starting in the
// header row names every column it spans: "Apellidos", "Apellidos (2)", ...
std::vector<std::string> HeaderNames(const SheetRow& header,
                                     const std::vector<MergedRange>& merged);

class SheetReader {
 public:
  virtual ~SheetReader() = default;
  // The next row that holds a cell (rows absent from the file are skipped).
  virtual Result<bool> Next(SheetRow* row) = 0;
  virtual const std::string& sheet_name() const = 0;
  // The sheet's merged cells (.xlsx; .xls: none). Read on demand, from a second pass
  // over the sheet (they follow its rows in the file): call it only when needed.
  virtual Result<std::vector<MergedRange>> MergedCells() = 0;
  // Bytes of the sheet read so far and in all, for progress bars.
  virtual uint64_t bytes_done() const = 0;
  virtual uint64_t bytes_total() const = 0;
};

// Opens `sheet` (empty: the workbook's first sheet) of the workbook `source` holds.
// kNotFound naming the sheets there are when no sheet has that name.
Result<std::unique_ptr<SheetReader>> OpenSheet(ByteSource& source, SpreadsheetFormat format,
                                               const std::string& sheet);

// The names of the workbook's sheets, in order.
Result<std::vector<std::string>> SheetNames(ByteSource& source, SpreadsheetFormat format);

}  // namespace habeas::ingest
