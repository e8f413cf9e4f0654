// The .xlsx and .xls halves of OpenSheet and SheetNames (ingest/spreadsheet.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ingest/spreadsheet.h"

namespace habeas::ingest {

Result<std::unique_ptr<SheetReader>> OpenXlsxSheet(ByteSource& source, const std::string& sheet);
Result<std::vector<std::string>> XlsxSheetNames(ByteSource& source);

// FreeXL reads a path: `source.name()` must be the file's path.
Result<std::unique_ptr<SheetReader>> OpenXlsSheet(ByteSource& source, const std::string& sheet);
Result<std::vector<std::string>> XlsSheetNames(ByteSource& source);

}  // namespace habeas::ingest
