// Mapping files: which source a file belongs to and which of its columns fill
// which canonical fields. Format specified in docs/formats.md:
//
//   [source]
//   name = "family_reports"
//   kind = "family"
//   record_id = "record_id"
//   [fields]
//   given_names = "nombres"
//   address = ["street_number", "address_1"]
//   [formats]
//   birth_date = "DD/MM/YYYY"
//   placeholders = ["s/d", "no consta"]
//
// Parse() checks everything that can be checked without the data file;
// CheckColumns() checks the named columns against the file's header.
// Value type; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "habeas/partial_date.h"
#include "habeas/record.h"
#include "habeas/status.h"

namespace habeas::ingest {

struct FieldMapping {
  CanonicalField field;
  std::vector<std::string> columns;  // joined with a space when more than one
  int line = 0;                      // line in the mapping file, for messages
};

struct Mapping {
  std::string path;  // the mapping file, for messages
  std::string text;  // verbatim, stored with each batch
  SourceInfo source;
  std::string received_date;     // ISO date or empty
  std::string record_id_column;  // empty: the line number is the record id
  int record_id_line = 0;
  std::optional<Encoding> encoding;
  std::optional<char> delimiter;
  std::string format;  // "csv", "jsonl", or empty (by file extension)
  std::vector<FieldMapping> fields;
  std::map<CanonicalField, std::string> date_formats;
  // Texts that mean "no identifier" in this list, besides the built-in ones.
  std::vector<std::string> placeholders;
  DayMonthOrder default_date_order = DayMonthOrder::kDayFirst;

  static Result<Mapping> Parse(std::string text, std::string path);
  static Result<Mapping> Load(const std::string& path);

  // kInvalidInput naming the mapping line and the file when a mapped column is
  // not in `header` (or appears in it more than once).
  Status CheckColumns(const std::vector<std::string>& header, const std::string& file_name) const;
};

}  // namespace habeas::ingest
