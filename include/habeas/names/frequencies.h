// NameFrequencies: how often each folded name token occurs in the store, counted by
// role (as a given name, as a surname).
//
// Two uses: term-frequency weighting in linkage ("gonzalez" agreeing is weaker evidence
// than "uzcategui": see TokenFrequency) and the parser's ranking of ambiguous forms
// (GivenProbability: is "jose luis garcia" given+given+surname?). Learnt counts are
// smoothed towards a built-in prior of common Venezuelan/Spanish given names and
// surnames (data/names/name_priors.tsv, compiled in), so parsing works with an empty
// store.
//
// Persisted as TSV (see docs/names.md "Frequency table format"):
//   # habeas name frequencies v1
//   token<TAB>count_as_given<TAB>count_as_surname
//
// Thread-safety: const methods may run concurrently; Add* must not race with anything.
//
//   habeas::names::NameFrequencies freq = habeas::names::NameFrequencies::WithBuiltinPrior();
//   freq.AddParsedName(parse.best());
//   double p = freq.GivenProbability("jose");  // ≈ 0.99
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "habeas/status.h"

namespace habeas::names {

struct ParsedName;

class NameFrequencies {
 public:
  struct Counts {
    uint64_t as_given = 0;
    uint64_t as_surname = 0;
    uint64_t total() const { return as_given + as_surname; }
  };

  // Empty table: every token unknown; GivenProbability falls back to the prior table.
  NameFrequencies() = default;

  // The shared built-in prior (counts from data/names/name_priors.tsv).
  static const NameFrequencies& BuiltinPrior();

  // A copy of the prior, ready to learn on top of.
  static NameFrequencies WithBuiltinPrior() { return BuiltinPrior(); }

  // Counts one token in a role. `folded_token` must be folded; empty tokens, particles
  // and initials are ignored (they carry no role evidence).
  void AddToken(std::string_view folded_token, bool as_given, uint64_t count = 1);

  // Counts every word of a folded text ("jose luis", "de la cruz") in a role.
  void AddWords(std::string_view folded_text, bool as_given);

  // Counts every token of a parsed name (given names as given, surnames as surnames;
  // particles inside surnames are skipped).
  void AddParsedName(const ParsedName& name);

  // Adds every count of `other` into this table.
  void Merge(const NameFrequencies& other);

  Counts CountsOf(std::string_view folded_token) const;

  // Calls visit(token, counts) for every token counted, in no particular order.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const auto& [token, counts] : counts_) visit(std::string_view(token), counts);
  }

  // Occurrences of the token in any role divided by all token occurrences; 0 when the
  // table is empty. Use for term-frequency weighting.
  double TokenFrequency(std::string_view folded_token) const;

  // P(the token is used as a given name), smoothed: learnt counts plus the built-in
  // prior's counts (weight `kPriorWeight` pseudo-observations), 0.5 for a token known to
  // neither. Always in [0.01, 0.99].
  double GivenProbability(std::string_view folded_token) const;

  uint64_t total_tokens() const { return total_tokens_; }
  size_t distinct_tokens() const { return counts_.size(); }

  // TSV (de)serialisation; FromTsv reports "line N: ..." errors as kInvalidInput.
  std::string ToTsv() const;
  static Result<NameFrequencies> FromTsv(std::string_view tsv);

  static constexpr double kPriorWeight = 20.0;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Counts, Hash, std::equal_to<>> counts_;
  uint64_t total_tokens_ = 0;
  // When false GivenProbability does not consult the prior (used for the prior itself).
  bool use_prior_ = true;
};

}  // namespace habeas::names
