// libFuzzer target: the .xlsx reader (OpenSheet, src/ingest/spreadsheet.h). An input
// starting with '<' is a sheet's XML, put into an otherwise valid workbook (so that
// mutations reach the XML and cell layers, not only the zip checksums); any other input
// is the bytes of an .xlsx file. Invariants: nothing crashes or hangs; an error names
// the file; merged cells read (a second archive over the same bytes) leave the rows'
// stream intact; row numbers strictly increase; cells stay within Excel's 16,384 columns;
// reading twice gives the same rows (deterministic); each row's CSV rendering is one
// CSV record with one field per cell.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/csv_reader.h"
#include "habeas/byte_source.h"
#include "ingest/spreadsheet.h"
#include "ingest/xlsx_fixture.h"

namespace {

using habeas::ingest::SheetRow;

void Check(bool condition) {
  if (!condition) std::abort();
}

constexpr const char* kName = "fuzz.xlsx";

// The workbook around a fuzzed sheet, written to memory-backed scratch space.
std::string WorkbookAround(const std::string& sheet_xml) {
  static const std::filesystem::path path =
      (std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                 : std::filesystem::temp_directory_path()) /
      ("habeas_xlsx_fuzz_" + std::to_string(::getpid()) + ".xlsx");
  habeas::ingest::testing::Workbook book;
  book.shared_strings = {"<t>id</t>", "<r><t>Ana</t></r><r><t> María</t></r>"};
  book.num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"00000000\"/>";
  book.cell_formats = {0, 14, 164, 22};
  book.sheets[0] = {"S", ""};
  auto parts = book.Parts();
  parts["xl/worksheets/sheet1.xml"] = sheet_xml;
  Check(habeas::ingest::testing::WriteZip(path.string(), parts));
  std::string bytes;
  auto source = habeas::FileSource::Open(path.string());
  Check(source.ok());
  char buf[65536];
  for (;;) {
    auto n = (*source)->Read(buf, sizeof buf);
    Check(n.ok());
    if (*n == 0) break;
    bytes.append(buf, *n);
  }
  std::filesystem::remove(path);
  return bytes;
}

// Every row of the workbook's first sheet as CSV lines with their numbers; an error's
// message in `error`.
std::vector<std::string> ReadRows(const std::string& bytes, std::string* error) {
  habeas::StringSource source(bytes, kName);
  std::vector<std::string> out;
  auto reader = habeas::ingest::OpenSheet(source, habeas::ingest::SpreadsheetFormat::kXlsx, "");
  if (!reader.ok()) {
    *error = reader.status().message();
    return out;
  }
  std::vector<habeas::ingest::MergedRange> merged;
  if (auto m = (*reader)->MergedCells(); m.ok()) merged = std::move(*m);
  SheetRow row;
  int64_t previous = 0;
  for (int rows = 0; rows < 100000; ++rows) {
    auto more = (*reader)->Next(&row);
    if (!more.ok()) {
      *error = more.status().message();
      return out;
    }
    if (!*more) break;
    Check(row.number > previous);
    previous = row.number;
    Check(row.cells.size() <= 16384);
    Check(habeas::ingest::HeaderNames(row, merged).size() <= 16384);
    const std::string csv = habeas::ingest::RowAsCsv(row);
    habeas::StringSource csv_source(csv);
    habeas::CsvReader csv_reader(&csv_source, habeas::CsvDialect{','});
    habeas::CsvRow parsed;
    auto got = csv_reader.Next(&parsed);
    Check(got.ok());
    if (!row.cells.empty() && !(row.cells.size() == 1 && csv.empty())) {
      Check(*got && parsed.problem.empty() && parsed.fields.size() == row.cells.size());
    }
    out.push_back(std::to_string(row.number) + ":" + csv);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (!bytes.empty() && bytes[0] == '<') bytes = WorkbookAround(bytes);
  std::string error, error_again;
  const std::vector<std::string> rows = ReadRows(bytes, &error);
  if (!error.empty()) Check(error.rfind(kName, 0) == 0);
  Check(ReadRows(bytes, &error_again) == rows);
  Check(error_again == error);
  return 0;
}
