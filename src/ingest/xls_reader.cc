// OpenSheet for .xls (BIFF, Excel 97–2003) through FreeXL. FreeXL reads the chosen
// sheet whole (at most 65,536 rows × 256 columns), decodes text to UTF-8 and dates
// (both date systems) to ISO text; it does not expose number formats, merged cells
// or formulas, so numbers show as General (no leading zeros) and formulas as their
// cached values, unflagged (docs/formats.md).
#include <freexl.h>

#include <charconv>

#include "ingest/cell_text.h"
#include "ingest/xlsx_reader.h"

namespace habeas::ingest {
namespace {

std::string FreeXlError(const std::string& file, int code) {
  switch (code) {
    case FREEXL_FILE_NOT_FOUND:
      return file + ": cannot be opened";
    case FREEXL_INSUFFICIENT_MEMORY:
      return file + ": too large to read (out of memory)";
    default:
      return file + ": not an .xls workbook, or a damaged one (FreeXL error " +
             std::to_string(code) + "); open it in a spreadsheet program and save it as .xlsx";
  }
}

// Closes the FreeXL handle.
struct Handle {
  const void* handle = nullptr;
  ~Handle() {
    if (handle != nullptr) freexl_close(handle);
  }
};

Status OpenHandle(const std::string& path, Handle* out) {
  const int rc = freexl_open(path.c_str(), &out->handle);
  if (rc != FREEXL_OK) return InvalidInput(FreeXlError(path, rc));
  return Status::Ok();
}

Result<std::vector<std::string>> Names(const std::string& path, const void* handle) {
  unsigned int count = 0;
  if (freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0) {
    return InvalidInput(path + ": the workbook holds no sheet");
  }
  std::vector<std::string> names;
  for (unsigned int i = 0; i < count && i < 65535; ++i) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(handle, static_cast<unsigned short>(i), &name) != FREEXL_OK ||
        name == nullptr) {
      return InvalidInput(path + ": sheet " + std::to_string(i + 1) + " has no name; damaged");
    }
    names.emplace_back(name);
  }
  return names;
}

std::string CellText(const FreeXL_CellValue& value) {
  switch (value.type) {
    case FREEXL_CELL_INT:
      return std::to_string(value.value.int_value);
    case FREEXL_CELL_DOUBLE: {
      char buf[64];
      const auto end = std::to_chars(buf, buf + sizeof buf, value.value.double_value).ptr;
      return FormatNumberCell(std::string_view(buf, end), NumberFormat{}, DateSystem::k1900);
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
      return value.value.text_value == nullptr ? "" : value.value.text_value;
    default:
      return "";
  }
}

class XlsSheetReader final : public SheetReader {
 public:
  static Result<std::unique_ptr<SheetReader>> Open(const std::string& path,
                                                   const std::string& sheet) {
    std::unique_ptr<XlsSheetReader> reader(new XlsSheetReader);
    HABEAS_RETURN_IF_ERROR(OpenHandle(path, &reader->handle_));
    HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> names, Names(path, reader->handle_.handle));
    size_t index = 0;
    if (!sheet.empty()) {
      while (index < names.size() && names[index] != sheet) ++index;
      if (index == names.size()) {
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "\"" : ", \"") + n + "\"";
        return NotFound(path + ": no sheet named \"" + sheet + "\" (the workbook has " + list +
                        "); name one of them with --sheet");
      }
    }
    reader->sheet_name_ = names[index];
    const void* h = reader->handle_.handle;
    if (freexl_select_active_worksheet(h, static_cast<unsigned short>(index)) != FREEXL_OK ||
        freexl_worksheet_dimensions(h, &reader->rows_, &reader->columns_) != FREEXL_OK) {
      return InvalidInput(path + ": sheet \"" + reader->sheet_name_ +
                          "\" cannot be read; the file is damaged");
    }
    reader->path_ = path;
    return std::unique_ptr<SheetReader>(std::move(reader));
  }

  Result<bool> Next(SheetRow* row) override {
    while (next_row_ < rows_) {
      const unsigned int r = next_row_++;
      row->number = static_cast<int64_t>(r) + 1;
      row->cells.clear();
      for (unsigned short c = 0; c < columns_; ++c) {
        FreeXL_CellValue value{};
        if (freexl_get_cell_value(handle_.handle, r, c, &value) != FREEXL_OK) {
          return InvalidInput(path_ + ": sheet \"" + sheet_name_ + "\", cell " + ColumnLetters(c) +
                              std::to_string(r + 1) + " cannot be read; the file is damaged");
        }
        if (value.type == FREEXL_CELL_NULL) continue;
        row->cells.resize(c + 1u);
        row->cells[c].text = CellText(value);
      }
      if (!row->cells.empty()) return true;
    }
    return false;
  }

  const std::string& sheet_name() const override { return sheet_name_; }
  Result<std::vector<MergedRange>> MergedCells() override { return std::vector<MergedRange>{}; }
  uint64_t bytes_done() const override { return next_row_; }
  uint64_t bytes_total() const override { return rows_; }

 private:
  XlsSheetReader() = default;

  Handle handle_;
  std::string path_, sheet_name_;
  unsigned int rows_ = 0, next_row_ = 0;
  unsigned short columns_ = 0;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> OpenXlsSheet(ByteSource& source, const std::string& sheet) {
  return XlsSheetReader::Open(source.name(), sheet);
}

Result<std::vector<std::string>> XlsSheetNames(ByteSource& source) {
  Handle handle;
  HABEAS_RETURN_IF_ERROR(OpenHandle(source.name(), &handle));
  return Names(source.name(), handle.handle);
}

}  // namespace habeas::ingest
