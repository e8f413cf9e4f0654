// Prepared name forms stored in the locator index, so ranking compares candidates
// without re-deriving phonetic keys and particles per query (docs/locator.md "Index
// format", FormEntry::names).
//
// A record's name interpretations are kept as names::PreparedName values, flattened to
// text: interpretations separated by '\n'; inside one, four groups separated by '\x1d':
// the joined given names, the given-name words, surname 1, surname 2. A word is its
// folded text and its phonetic key separated by '\x1f' (a surname: particles, folded
// core, key), words separated by '\x1e'. Folded names never hold these control bytes.
//
//   std::string text;
//   AppendPreparedForm(names::PrepareName(parsed), &text);
//   names::PreparedName decoded;
//   ForEachPreparedForm(text, &decoded, [&](const names::PreparedName& n) { ... });
//
// Decoding reuses the capacity of the PreparedName it writes to, so a warm decoder does
// not allocate. Accented forms equal the folded ones (as names::PrepareName(ParsedName)
// gives). Internal to src/search; pure functions.
#pragma once

#include <string>
#include <string_view>

#include "habeas/names/compare.h"

namespace habeas::search {

// Appends one interpretation (with a '\n' before it unless `out` is empty).
void AppendPreparedForm(const names::PreparedName& name, std::string* out);

// Decodes one interpretation (a line of the text); false if malformed (then `out` is
// left partially written).
bool DecodePreparedForm(std::string_view line, names::PreparedName* out);

// Calls fn(const PreparedName&) for every well-formed interpretation in `text`, decoding
// into `scratch`.
template <typename Fn>
void ForEachPreparedForm(std::string_view text, names::PreparedName* scratch, Fn&& fn) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    if (DecodePreparedForm(text.substr(0, nl), scratch)) fn(*scratch);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

}  // namespace habeas::search
