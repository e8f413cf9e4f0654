// Getting claims and entities into the timeline: from list rows (a list mapping's
// [[claims]] tables), from event and entity files (CSV or JSON Lines with a mapping
// of the same shape), and one claim typed by hand. Formats: docs/timeline.md.
//
//   // after `ImportFile` stored a batch whose mapping declares [[claims]]:
//   HABEAS_ASSIGN_OR_RETURN(ListClaimsSummary s, DeriveListClaims(store, batch_id));
//   // an entity or event file:
//   HABEAS_ASSIGN_OR_RETURN(TimelineFileSummary f, ImportTimelineFile(store, options));
//
// Each call is one store transaction (Store::WriteTimeline) with one timeline_writes
// row saying what was written; a file already written is a no-op. Not thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "habeas/status.h"
#include "habeas/timeline.h"

namespace habeas {

class Store;

// What a mapping file describes, from its tables: a list of persons ([fields]),
// facilities or flights ([entity]), or claims about records named in each row
// ([subject]). Reads the TOML only; kInvalidInput naming the line for bad TOML.
enum class MappingRole { kList, kEntities, kClaims };
Result<MappingRole> MappingRoleOf(const std::string& mapping_text, const std::string& path);

// Checks a list mapping's [[claims]] tables (keys, kinds, zones, constants) and that the
// columns they name are in `header`. OK when there are none.
Status CheckListClaims(const std::string& mapping_text, const std::string& path,
                       const std::vector<std::string>& header, const std::string& file_name);

// Reads the header of a CSV or JSON Lines file as the importer would (first row; for
// JSON Lines the keys of the first object). For checking mappings before an import.
Result<std::vector<std::string>> ReadFileHeader(const std::string& file,
                                                const std::string& mapping_text,
                                                const std::string& mapping_path);

struct ListClaimsSummary {
  int64_t write_id = 0;      // 0 when the batch declares no claims or already has them
  bool already_written = false;
  int64_t claims = 0;
  int64_t unparsed = 0;      // claims kept with a value left empty (see messages)
  std::vector<std::string> messages;  // "list.csv:12: claim 1 at (column ...): ..."
};
// Reads the claims a batch's mapping declares from its stored rows (the batch keeps
// the mapping and every row as received) and stores them as one write. A value that
// does not parse is left empty (a time becomes unknown) and noted in the claim and in
// `messages`, as unparsed record fields are. A batch whose claims are already stored
// is left alone.
Result<ListClaimsSummary> DeriveListClaims(Store& store, int64_t batch_id);

struct TimelineFileOptions {
  std::string file;
  std::string mapping_file;
  std::string by = "import";
  int max_messages = 20;
};
struct TimelineFileSummary {
  MappingRole role = MappingRole::kEntities;
  std::string source;
  int64_t write_id = 0;
  bool already_written = false;
  int64_t rows = 0;
  int64_t facilities = 0, flights = 0, claims = 0;
  // A file read as UTF-8 whose few damaged bytes were replaced by U+FFFD: which lines,
  // and what to do (the list importer's notice); "" otherwise.
  std::string encoding_warning;
};
// Imports an entity or claims file. All or nothing: any row that cannot be read
// (a time that does not parse, a subject record that does not exist, a missing
// facility name) fails the whole file with kInvalidInput listing the first
// `max_messages` problems as file:line messages; nothing is written.
Result<TimelineFileSummary> ImportTimelineFile(Store& store, const TimelineFileOptions& options);

// One claim typed by hand: `habeas add claim`. Exactly one of record_id / person_id.
struct HandClaim {
  std::string kind;
  int64_t record_id = 0;
  int64_t person_id = 0;
  std::string at;  // valid time as written; empty: unknown
  std::string time_zone;
  std::string source;  // who says it (required)
  std::string by;      // who typed it
  double confidence = 1.0;
  std::string facility, flight, authority, item, value, language, note;
  std::string command_line;  // kept as the claim's "as received"
};
// Checks and stores one claim; returns the claim id's write id. kNotFound for a
// record or person that does not exist.
Result<int64_t> AddHandClaim(Store& store, const HandClaim& claim);

}  // namespace habeas
