// The data model of what Habeas imports: sources, batches, records, rejected rows.
//
// A Source is one list as a provider gives it ("family_reports"); each file of
// that list we receive is a Batch; each row of the file is a Record (kept
// verbatim, plus its parsed canonical fields) or a RejectedRow (kept verbatim,
// with the reason it could not be parsed). Plain value types; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas {

enum class SourceKind { kGovernment, kLeak, kFamily, kCourt, kNgo, kMedia, kOther };

std::string_view SourceKindName(SourceKind kind);  // "government", ...
Result<SourceKind> ParseSourceKind(std::string_view name);

// The canonical fields a mapping can fill. Order is the storage order; append only.
enum class CanonicalField : int {
  kFullName,
  kGivenNames,
  kSurnames,
  kSurname1,
  kSurname2,
  kSex,
  kBirthDate,
  kAge,
  kRecordDate,
  kNationalId,
  kANumber,
  kOtherId,
  kNationality,
  kBirthPlace,
  kAddress,
  kLocality,
  kRegion,
  kPostcode,
  kFacility,
  kPhone,
  kEmail,
  kNote,
  // A removal flight as written ("GlobalX 6143", "6143"); linkage compares its number.
  kFlight,
};
inline constexpr int kCanonicalFieldCount = 23;

// "full_name", "given_names", ... (the names used in mapping files and the store).
std::string_view CanonicalFieldName(CanonicalField field);
std::optional<CanonicalField> ParseCanonicalField(std::string_view name);

struct SourceInfo {
  int64_t id = 0;
  std::string name;  // unique in the store
  SourceKind kind = SourceKind::kOther;
  std::string description;
  std::string created_at;  // UTC, ISO 8601
  // Filled by listings:
  int64_t batch_count = 0;
  int64_t record_count = 0;
  int64_t rejected_count = 0;
  std::string last_received;  // received date of the newest batch
};

struct BatchInfo {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string source_name;
  std::string file_name;    // as given on the command line (basename stored)
  std::string file_sha256;  // hex digest of the file's bytes
  uint64_t file_size = 0;
  std::string received_date;  // when the list was received (from the mapping), may be empty
  std::string imported_at;    // UTC, ISO 8601
  std::string format;         // "csv" or "jsonl"
  std::string encoding;       // "utf-8", "windows-1252", "latin-1"
  std::string delimiter;      // "comma", "semicolon", "tab" (CSV only)
  std::string header_json;    // JSON array of the file's column names, in order
  std::string mapping_toml;   // the mapping file's text, verbatim
  int64_t rows_read = 0;
  int64_t rows_imported = 0;
  int64_t rows_rejected = 0;
  int64_t blank_lines = 0;
  int64_t first_record_id = 0;  // ids of this batch's records: [first, last]
  int64_t last_record_id = -1;
};

struct RecordData {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t source_id = 0;
  std::string source_record_id;  // the source's own id, or the line number
  int64_t line = 0;              // first physical line in the file (1-based)
  int64_t end_line = 0;          // last physical line (quoted newlines)
  std::string raw;               // the row's bytes exactly as in the file
  // Parsed canonical values, UTF-8; empty means absent. Dates are ISO partial dates.
  std::array<std::string, kCanonicalFieldCount> fields;
  // JSON array of parse notes, or empty: ambiguous dates, placeholders, partial
  // identifiers, other identifiers in a cell, and unparsed fields (docs/formats.md).
  std::string notes_json;

  const std::string& field(CanonicalField f) const { return fields[static_cast<int>(f)]; }
  std::string& field(CanonicalField f) { return fields[static_cast<int>(f)]; }
};

// The name as the source gave it: full_name, else given names and surnames joined by
// spaces (what every listing and page shows for a record).
std::string DisplayName(const RecordData& record);

// Contacts and notes: the fields only analysts and admins see (pages, API, packets).
bool IsRestrictedField(CanonicalField field);

// A field whose text could not be parsed: the record was imported with the field
// empty, and its notes keep the text and the message. Stored in notes_json as
//   {"field": "birth_date", "column": "fecha_nacimiento", "unparsed": "19450493",
//    "message": "febrl.csv:12: birth_date (column ...): ..."}
struct UnparsedField {
  CanonicalField field = CanonicalField::kFullName;
  std::string column;   // the (first) column the field is mapped from
  std::string text;     // the field's text, UTF-8, as cleaned
  std::string message;  // the full message: file:line, field, column, what to do
};

// The unparsed fields of a record, in the order the notes hold them. Cheap when
// notes_json is empty; never throws: malformed notes (or unknown field names) give
// {} (or skip that note). Thread-safe.
//
//   for (const UnparsedField& u : UnparsedFields(record)) std::cerr << u.message << "\n";
std::vector<UnparsedField> UnparsedFields(const RecordData& record);

// Person ids, as `habeas export links` and every command print them: "P000123" for a
// linked person; a record not yet linked (imported after the last `habeas link`)
// shows the provisional "R<record id>", stable until it is linked.
std::string FormatPersonId(int64_t person_id);
// Accepts "P000123", "p123" or "123"; nullopt for anything else.
std::optional<int64_t> ParsePersonId(const std::string& text);
std::string PersonIdForRecord(std::optional<int64_t> person_id, int64_t record_id);

struct RejectedRow {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t line = 0;
  int64_t end_line = 0;
  std::string raw;     // the row's bytes exactly as in the file
  std::string field;   // the canonical field or column at fault, if any
  std::string reason;  // the full message shown to the user
};

}  // namespace habeas
