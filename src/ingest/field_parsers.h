// Parsers that turn one source value (UTF-8, trimmed) into a canonical value.
// Each returns the canonical text, or kInvalidInput with a message that says what
// was expected. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

// Texts that stand for "no identifier" in the lists we receive ("N/A", "desconocido",
// "sin cédula", "[redacted]", "0", ...; the built-in list is in docs/formats.md), plus
// any a mapping adds with `[formats] placeholders = [...]`. Compared after folding
// ASCII and Latin-1 letters to lower case. Value type; const methods thread-safe.
class Placeholders {
 public:
  Placeholders();  // the built-in list
  static const Placeholders& BuiltIn();
  void Add(std::string_view text);
  bool Contains(std::string_view text) const;

 private:
  std::vector<std::string> folded_;
  size_t longest_ = 0;
};

// What an identifier cell held.
enum class IdentifierKind {
  kFull,         // every digit known
  kPartial,      // some digits hidden by a redaction ("XXX-XXX-435"): written '*'
  kPlaceholder,  // no identifier ("N/A", "000000000", "V-"): stored as missing
};

struct ParsedIdentifier {
  IdentifierKind kind = IdentifierKind::kFull;
  std::string value;   // canonical form, '*' for each hidden digit; empty for a placeholder
  std::string others;  // the cell's other identifiers, as written ("E-1.234"); empty if none
};

// A U.S. alien registration number: 7–9 digits with optional "A", "A#", spaces, dots
// or dashes; left-padded to 9 digits ("A-12-345-678" → "012345678"). Redacted digits
// (X, x or *) are kept as '*' and a shorter mask is padded with '*' to 9
// ("XXX-XXX-435" → "******435", "***-**-6789" → "*****6789"). Several ids in one cell
// ("A012345678; A087654321"): the first that reads as one is the value, the rest go to
// `others`. A text with no visible digit, an all-zero number or a placeholder is
// kPlaceholder.
Result<ParsedIdentifier> ParseANumber(std::string_view text,
                                      const Placeholders& placeholders = Placeholders::BuiltIn());

// A national identity number, upper-cased with separators removed; a Venezuelan
// cédula keeps its letter ("v-12.345.678" → "V12345678", "12345678" stays). Hidden
// digits are '*' ("V-XX.XXX.678" → "V*****678"): '*' always, X/x when the cell has
// two or more of them (one X is a letter, as in a Spanish NIE "X1234567L"). Several
// ids, placeholders: as ParseANumber. A text with letters but no digit that is not
// a placeholder is an error (add it to the mapping's placeholders if it means "none").
Result<ParsedIdentifier> ParseNationalId(
    std::string_view text, const Placeholders& placeholders = Placeholders::BuiltIn());

// True if an identifier of free form (other_id) is a placeholder: one of
// `placeholders`, or digits that are all zero ("000-000").
bool IsIdentifierPlaceholder(std::string_view text, const Placeholders& placeholders);

}  // namespace habeas::ingest
