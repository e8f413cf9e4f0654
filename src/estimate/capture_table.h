// Internal helpers around habeas::CaptureTable (declared in habeas/estimate.h):
// reading the contingency-table CSV from any ByteSource, so tests can feed
// strings and I/O errors.
#pragma once

#include "common/file_io.h"
#include "habeas/estimate.h"

namespace habeas::mse {

// Reads the CSV contingency format (see ParseCaptureTableCsv) from `source`;
// messages are prefixed with source->name() and the line.
Result<CaptureTable> ReadCaptureTable(ByteSource* source);

// The input lists behind a list name of a selected table: "manifest+leak" -> manifest,
// leak (the --merge spelling); a plain name -> itself.
std::vector<std::string> MergedListParts(const std::string& name);

// "LA, NG and PF" style list of names for messages.
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace habeas::mse
