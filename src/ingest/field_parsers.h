// Parsers that turn one source value (UTF-8, trimmed) into a canonical value.
// Each returns the canonical text, or kInvalidInput with a message that says what
// was expected. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas::ingest {

// Trims ASCII and Unicode no-break spaces at both ends and folds internal runs of
// whitespace (including newlines) into one space.
std::string CleanText(std::string_view text);
// The same, appended to `out`.
void CleanTextAppend(std::string_view text, std::string* out);

// Trims whitespace (ASCII and no-break spaces) at both ends only.
std::string_view TrimView(std::string_view text);
// True if the text is empty or only whitespace (CleanText would give "").
bool IsBlank(std::string_view text);

// "M", "F" or "X" from: m/male/masculino/hombre/h/varón/v, f/female/femenino/mujer,
// x/otro/other. Unknown markers ("?", "unknown", "desconocido", "n/a") give "".
Result<std::string> ParseSex(std::string_view text);

// An age in whole years, 0–120: "34", "34 años", "34 years", "34.0".
Result<std::string> ParseAge(std::string_view text);

// A U.S. alien registration number: 7–9 digits with optional "A", spaces, dots or
// dashes; left-padded to 9 digits ("A-12-345-678" → "012345678").
Result<std::string> ParseANumber(std::string_view text);

// A national identity number, upper-cased with separators removed; a Venezuelan
// cédula keeps its letter ("v-12.345.678" → "V12345678", "12345678" stays).
Result<std::string> ParseNationalId(std::string_view text);

}  // namespace habeas::ingest
