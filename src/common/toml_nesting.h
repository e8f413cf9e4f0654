// A bound on how deeply a TOML file can nest tables, checked before it is parsed.
//
// toml++ (the parser of mapping and linkage settings files) limits nested arrays and
// inline tables to 256 levels, but not dotted keys: `[a.a.a. ... .a]` with 50,000
// parts builds 50,000 nested tables, and freeing them recurses once per level until
// the stack overflows (SIGSEGV). No mapping or settings file nests more than three
// levels, so a key of more than kMaxTomlKeyParts parts is refused first, with its line:
//
//   HABEAS_RETURN_IF_ERROR(CheckTomlNesting(text, "family.toml"));
//   // family.toml:7: a key of more than 64 dotted parts ([a.a.a...]); ...
//
// The scan knows TOML's strings (basic, literal and their multi-line forms) and
// comments, so dots inside them do not count. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas {

inline constexpr int kMaxTomlKeyParts = 64;

// kInvalidInput naming `name` and the line when a dotted key (a table header or the
// key of a key/value pair) has more than kMaxTomlKeyParts parts.
Status CheckTomlNesting(std::string_view text, const std::string& name);

}  // namespace habeas
