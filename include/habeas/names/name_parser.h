// NameParser: turns a written Spanish name into given names, paternal surname and
// maternal surname, with ranked alternatives when the form is ambiguous.
//
// Forms understood (see docs/names.md "Parser"):
//   "PEREZ INFANTE, JOSE PEDRO"      comma form: surnames, then given names
//   "PEREZ, JOSE PEDRO INFANTE"      manifest form: maternal surname filed as a middle name
//   "José Pedro Pérez Infante"       natural order: given names, then surnames
//   "PEREZ INFANTE JOSE PEDRO"       surnames first without a comma (sorted lists)
//   "J.P.P.I.", "J. Pérez"           initials, alone or mixed with full words
//   "Pérez"                          a single word (surname or given name, ranked)
//   "María de los Ángeles García"    compound given names with particles
//   "Juan de la Cruz del Valle"      particle surnames kept whole ("de la cruz")
// Alternatives are scored with a small model: a prior over forms times, for every
// word, how likely it is to be a given name or a surname (NameFrequencies), then
// normalised to probabilities. Output strings are folded (see normalize.h).
//
// Thread-safety: a NameParser is immutable; Parse() may run concurrently. The
// NameFrequencies passed in must outlive the parser and must not change while parsing.
//
//   habeas::names::NameParser parser;  // built-in prior frequencies
//   habeas::names::NameParse parse = parser.Parse("Jose Luis Garcia");
//   const habeas::names::ParsedName& best = parse.best();
//   // best.given_names == {"jose", "luis"}, best.surname1 == "garcia", best.probability ≈ 0.9
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/names/normalize.h"

namespace habeas::names {

class NameFrequencies;

// Which written form an interpretation assumes.
enum class NameForm : uint8_t {
  kEmpty,                  // nothing name-like in the input
  kGivenFirst,             // "Jose Pedro Perez Infante"
  kSurnameFirst,           // "PEREZ INFANTE JOSE PEDRO" (no comma)
  kCommaSurnameFirst,      // "PEREZ INFANTE, JOSE PEDRO"
  kCommaMaternalAsMiddle,  // "PEREZ, JOSE PEDRO INFANTE"
  kInitialsOnly,           // "J.P.P.I."
  kSingleGivenName,        // "Jose"
  kSingleSurname,          // "Perez"
};

std::string_view NameFormName(NameForm form);

// One interpretation of a name (CLDR fields: given, given2…, surname, surname2).
struct ParsedName {
  // Given names in order; a compound with particles is one entry ("maria de los angeles"),
  // a plain compound is two ("jose", "luis"). Initials are one-letter entries.
  std::vector<std::string> given_names;
  std::string surname1;  // paternal, particles kept: "de la cruz"
  std::string surname2;  // maternal, may be empty
  NameForm form = NameForm::kEmpty;
  double probability = 0.0;  // among the alternatives of one parse; sums to 1

  bool empty() const { return given_names.empty() && surname1.empty() && surname2.empty(); }
  // "jose pedro | perez | infante" — for logs, tests and golden files.
  std::string ToString() const;
  // All given names joined by spaces ("jose luis").
  std::string GivenNamesJoined() const;
};

// A parse: alternatives sorted by descending probability (at least one, possibly empty).
struct NameParse {
  NormalizedName normalized;
  std::vector<ParsedName> alternatives;
  const ParsedName& best() const { return alternatives.front(); }
};

// Leading particles of a folded surname ("de la cruz" → "de la") and its core ("cruz").
std::string_view SurnameParticles(std::string_view folded_surname);
std::string_view SurnameCore(std::string_view folded_surname);

// Folded surname words split into the paternal surname (its particles and first word) and
// the maternal (the rest), each appended to its string: "de la cruz perez" → "de la cruz"
// / "perez". For a surnames column, or one surname column holding two ("ParedesGonzález"
// normalised to "paredes gonzalez").
void SplitSurnames(std::string_view folded, std::string* paternal, std::string* maternal);

// How often "<given> <particles> <core>" is one compound given name ("María de los
// Ángeles", "José de Jesús", "Yulimar del Valle") rather than a particle surname, for
// a folded core ("angeles"): 0 (never a given name) to 1. Our own estimates.
double CompoundGivenAffinity(std::string_view core);

struct NameParserOptions {
  size_t max_alternatives = 4;    // keep at most this many interpretations
  double min_probability = 0.02;  // drop interpretations below this (the best stays)
};

class NameParser {
 public:
  // Uses NameFrequencies::BuiltinPrior().
  NameParser();
  explicit NameParser(const NameFrequencies* frequencies, NameParserOptions options = {});

  // Parses any bytes (invalid UTF-8 is treated as separators). Never fails: an input
  // without letters yields one empty alternative with form kEmpty.
  NameParse Parse(std::string_view raw) const;

  // The table of word roles it reads with (never null).
  const NameFrequencies* frequencies() const { return frequencies_; }

  // Parses an already normalised name (lets callers normalise once and reuse).
  void ParseNormalized(const NormalizedName& name, std::vector<ParsedName>* alternatives) const;

 private:
  const NameFrequencies* frequencies_;
  NameParserOptions options_;
};

}  // namespace habeas::names
