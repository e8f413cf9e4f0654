// Exports others import (docs/formats.md "Exports"): persons, records, and claims and
// events, with Habeas's stable ids, as CSV for spreadsheets, as JSON Lines for
// programs, or as CSV in the conventions of HURIDOCS Uwazi's CSV import (a `title`
// column, several values joined by "|", dates as Uwazi date ranges).
//
//   ExportOptions options;
//   options.format = ExportFormat::kUwazi;
//   HABEAS_ASSIGN_OR_RETURN(ExportSummary s, ExportTable(store, ExportKind::kPersons,
//                                                         options, file->stream()));
//
// The store is read from the calling thread; rows come in id order.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>

#include "habeas/status.h"

namespace habeas {

class Store;

enum class ExportKind {
  kPersons,  // one row per active person (and per record not yet linked: R<record id>)
  kRecords,  // one row per record, with its person
  kEvents,   // one row per claim or event of the timeline, with its person
};
Result<ExportKind> ParseExportKind(std::string_view name);  // "persons", "records", "events"

enum class ExportFormat {
  kCsv,        // RFC 4180, UTF-8; several values in one cell joined by "|"
  kJsonLines,  // one JSON object per line; several values as arrays; exact
  kUwazi,      // CSV as Uwazi's import reads it (docs/formats.md)
};
Result<ExportFormat> ParseExportFormat(std::string_view name);  // "csv", "jsonl", "uwazi"

struct ExportOptions {
  ExportFormat format = ExportFormat::kCsv;
  bool byte_order_mark = false;     // a UTF-8 BOM first, for spreadsheets (CSV formats)
  bool include_restricted = false;  // contacts and notes (records and events)
};

struct ExportSummary {
  int64_t rows = 0;
};

// Writes the table to `out`. The caller checks `out` after (a full disk).
Result<ExportSummary> ExportTable(Store& store, ExportKind kind, const ExportOptions& options,
                                  std::ostream& out);

}  // namespace habeas
