// Name normalisation: the one way Habeas turns a written name into comparable tokens.
//
// NormalizeName() cleans a name as it appears in any list ("PÉREZ INFANTE, José
// Pedro", "DELACRUZ", "J.P.P.I.", text with zero-width or Cyrillic look-alike
// letters) into two parallel forms with the same tokens:
//   folded   – ASCII lowercase, accents removed, ñ→n, one space between tokens:
//              "perez infante jose pedro". This is the fast form the linker compares.
//   accented – lowercase NFC with accents and ñ kept: "pérez infante josé pedro".
// Punctuation is dropped, but what it says about structure is kept as metadata:
// the position of the first comma ("SURNAMES, GIVEN") and which tokens were written
// as initials ("J." or a lone letter). Glued particles are split ("delacruz" →
// "de la cruz"). Invalid UTF-8 is never fatal: bad bytes act as separators and
// `had_invalid_utf8` is set. Pure-ASCII input never touches ICU (fast path).
//
// Normalisation is idempotent: NormalizeName(n.folded).folded == n.folded.
//
// Thread-safety: all functions are thread-safe (no shared mutable state).
//
// Example:
//   habeas::names::NormalizedName n = habeas::names::NormalizeName("PEREZ, José");
//   // n.folded == "perez jose", n.accented == "perez josé", n.tokens_before_comma == 1
//   for (size_t i = 0; i < n.tokens.size(); ++i) Use(n.Folded(i));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas::names {

// Facts about one token that the parser and comparators use.
enum NameTokenFlag : uint8_t {
  kTokenInitial = 1 << 0,             // written as "J." or a single letter
  kTokenAllCapsInMixedCase = 1 << 1,  // "PEREZ" in "PEREZ Jose" (a surname convention)
  kTokenHadAccent = 1 << 2,           // lost a diacritic when folded (é → e)
  kTokenHadEnye = 1 << 3,             // contained ñ (folded to n)
  kTokenFromGluedParticle = 1 << 4,   // split out of e.g. "DELACRUZ"
};

// Where one token lives inside NormalizedName::folded and ::accented.
struct NameTokenSpan {
  uint32_t folded_begin = 0;
  uint32_t folded_size = 0;
  uint32_t accented_begin = 0;
  uint32_t accented_size = 0;
  uint8_t flags = 0;  // NameTokenFlag bits

  bool Has(NameTokenFlag flag) const { return (flags & flag) != 0; }
};

struct NormalizedName {
  std::string folded;    // ASCII-folded lowercase tokens separated by single spaces
  std::string accented;  // lowercase NFC tokens (accents, ñ kept), same token order
  std::vector<NameTokenSpan> tokens;
  // Number of tokens before the first comma of the input, or -1 if there was none
  // (or it had no tokens on one side).
  int tokens_before_comma = -1;
  bool had_invalid_utf8 = false;

  std::string_view Folded(size_t token) const {
    return std::string_view(folded).substr(tokens[token].folded_begin, tokens[token].folded_size);
  }
  std::string_view Accented(size_t token) const {
    return std::string_view(accented).substr(tokens[token].accented_begin,
                                             tokens[token].accented_size);
  }
  void Clear();
};

// Raised whenever NormalizeName reads some name differently, so that what is derived from
// names and kept (the locator index's cache) is rebuilt. 2: asides and typed accents
// (2026-12-07). 3: two capitalised words typed without their space split (2026-12-08).
// 4: not after a glued particle ("DelaCruz" is "de la cruz" again; 2026-12-08).
inline constexpr int kNormalizationVersion = 4;

// What is being normalised. A person's name has what lists write beside it set aside
// (docs/names.md "Normalisation": text in brackets, an alias and what follows it, a
// title before it). Other text folded the same way for keys (facility and place names,
// mapped values, filter values) keeps all of its words: "Centro (CECOT)" is not
// "Centro", and keys already stored must not change.
enum class TextKind { kPersonName, kOtherText };

// Normalises `raw` (any bytes). Never fails; see the header comment for the forms.
NormalizedName NormalizeName(std::string_view raw, TextKind kind = TextKind::kPersonName);

// Same, reusing `out`'s buffers (no allocation once they are warm). For hot loops.
void NormalizeNameInto(std::string_view raw, NormalizedName* out,
                       TextKind kind = TextKind::kPersonName);

// Strict variant for ingest: rejects invalid UTF-8 with kInvalidInput (message says
// at which byte) instead of treating bad bytes as separators.
Result<NormalizedName> NormalizeNameStrict(std::string_view raw);

// Just the folded form ("José  PÉREZ" → "jose perez"); convenience for keys.
std::string FoldName(std::string_view raw, TextKind kind = TextKind::kPersonName);

// True for particles that attach to the following word of a surname or compound
// given name ("de la cruz", "del valle", "dos santos", "van der berg"): de, del,
// la, las, los, da, das, do, dos, di, du, van, von, der, den. "san"/"santa" are
// not particles ("san juan" is a surname of its own). Input must be folded.
bool IsNameParticle(std::string_view folded_token);

// Words of a name as written with at least `min_letters` letters each: a glued
// surname ("DELACRUZ", split into the tokens "de la cruz") is the one word it was
// written as, and digits are not letters. For policies about how much of a name a
// record gives (fewer than two words of two letters: only initials or one name).
//   CountWrittenWords(NormalizeName("J.P. PÉREZ"), 2) == 1
int CountWrittenWords(const NormalizedName& name, int min_letters);

// True if `text` is valid UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace habeas::names
