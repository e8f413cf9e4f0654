// Timeline mappings: the [[claims]], [subject] and [entity] tables of a mapping file
// (docs/timeline.md). Private to the timeline module. Value types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/encoding.h"
#include "habeas/record.h"
#include "habeas/status.h"
#include "habeas/timeline.h"
#include "habeas/timeline_import.h"

namespace habeas::timeline {

// A value read from a column of the row, or a constant; optionally mapped.
struct ValueSpec {
  std::string column;    // empty: constant
  std::string constant;  // used when column is empty
  std::map<std::string, std::string> map;  // column text (folded) → value
  int line = 0;          // in the mapping, for messages
  bool present() const { return !column.empty() || !constant.empty(); }
};

struct ClaimSpec {
  int number = 0;  // 1-based among the mapping's [[claims]]
  int line = 0;
  ValueSpec kind, at, time_zone, facility, flight, authority, item, value, language, note;
  ValueSpec confidence;
  std::string only_if;  // column: the claim is made only when it is not empty
};

enum class SubjectMode { kRowRecord, kRecordOfSource, kStoreRecord, kPerson };
struct SubjectSpec {
  SubjectMode mode = SubjectMode::kRowRecord;
  std::string source;  // kRecordOfSource
  std::string column;  // the column naming the record / person
  int line = 0;
};

enum class EntityKind { kFacility, kFlight };

struct TimelineMapping {
  std::string path;
  std::string text;
  MappingRole role = MappingRole::kList;
  SourceInfo source;
  std::string received;
  std::string format;  // csv | jsonl | "" (by extension)
  char delimiter = 0;  // 0: detect
  std::optional<Encoding> encoding;  // [source] encoding; unset: detected from the bytes
  std::string default_time_zone;
  SubjectSpec subject;
  std::vector<ClaimSpec> claims;
  EntityKind entity = EntityKind::kFacility;
  std::map<std::string, ValueSpec> entity_columns;  // entity field → value
};

// Parses the timeline parts of a mapping. For a list mapping only [[claims]] is read
// (the rest belongs to ingest::Mapping).
Result<TimelineMapping> ParseTimelineMapping(const std::string& text, const std::string& path);

// The columns a mapping's specs name, with the mapping line naming each.
std::vector<std::pair<std::string, int>> NamedColumns(const TimelineMapping& m);

// One row: its columns by name, line and text as received.
struct Row {
  std::map<std::string, std::string> columns;
  int64_t line = 0;
  std::string raw;
};

// Reads the value of `spec` in `row` ("" when its column is empty).
std::string ValueOf(const ValueSpec& spec, const Row& row);

// Builds the claim a spec makes from a row. Problems (a time that does not parse, an
// unknown kind) are appended to `problems` as full messages; `skip` is set when the
// spec makes no claim for this row (only_if empty, or no kind).
Claim ClaimFromRow(const ClaimSpec& spec, const Row& row, const TimelineMapping& mapping,
                   const std::string& file_name, std::vector<std::string>* problems, bool* skip);

}  // namespace habeas::timeline
