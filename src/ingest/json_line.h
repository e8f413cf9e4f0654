// One line of a JSON Lines file read as the row it is: each top-level key of the
// object with its value as text. The one JSON Lines reader (import, `show record`).
//
//   std::vector<ingest::JsonMember> members;
//   Status s = ingest::ReadJsonObjectLine(R"({"id": 0012345, "age": 1e3})", &members);
//   // members[0] = {"id", "0012345", kNumber}, members[1] = {"age", "1e3", kNumber}
//
// Values are never re-serialised: a number is its source text (so a 23-digit id, "1e3"
// or "0012345" reach the record as written, not rounded through a double), a string
// its decoded text, an array or object its exact source text, null the empty text.
// Reading is iterative and nesting is limited to kMaxJsonDepth: no input can exhaust
// the stack, here or in anything that later reads the stored value.
//
// The grammar is RFC 8259's with one leniency: a number may have leading zeros
// ("0012345"), since such "numbers" are identifiers written without quotes and their
// text is kept as is. A leading UTF-8 byte-order mark is skipped. Duplicate keys are
// all returned, in order (the importer keeps the last, as most JSON readers do).
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas::ingest {

enum class JsonValueKind { kString, kNumber, kBoolean, kNull, kArray, kObject };

struct JsonMember {
  std::string key;  // decoded (escapes resolved)
  std::string text;
  JsonValueKind kind = JsonValueKind::kNull;
};

// The deepest nesting accepted, the line's own object being level 1. Lists are flat
// (a record may hold an address object or a list of aliases: 2 or 3 levels); 64 is far
// beyond any list and keeps every reader of a stored value far from stack limits.
inline constexpr int kMaxJsonDepth = 64;

// Reads `line` (UTF-8, without its line terminator) as one JSON object into `members`
// (cleared first; their strings are reused). kInvalidInput when it is not valid JSON,
// not an object, or nested deeper than kMaxJsonDepth; the message says what and at
// which byte (1-based), without the file and line, which the caller knows:
//   not valid JSON (byte 14: expected ':' after the key "id")
//   not a JSON object (the line holds an array)
//   a value nested more than 64 levels deep (byte 70); Habeas reads at most 64 levels
Status ReadJsonObjectLine(std::string_view line, std::vector<JsonMember>* members);

}  // namespace habeas::ingest
