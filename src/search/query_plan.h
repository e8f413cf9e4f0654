// The locator's decisions about a query before and after the index is read
// (docs/locator.md "Query", "Decision"): which kinds of number a typed identifier can be,
// the IDF a query word counts with, the birth-date keys a date reads and what each is
// worth, and the decision from the ranked probabilities.
//
//   const BirthKeys keys = BirthKeysOf(PartialDate{1990, 4, 3});
//   for (const BirthKey& k : keys.view()) ...  // 19900403 first, worth the most
//
// Internal to src/search; pure functions (thread-safe), no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "habeas/partial_date.h"
#include "habeas/search.h"

namespace habeas::search {

// Which kinds of number the query's identifier can be: a record's number of another kind
// says nothing against it (an A-number does not disagree with a cédula).
struct IdentifierKinds {
  bool may_be_cedula = false;
  bool may_be_a_number = false;
};
// `typed`: the identifier as the relative typed it; `digits`: its digits.
IdentifierKinds IdentifierKindsOf(std::string_view typed, std::string_view digits);

// The IDF one query word counts with, from its matches' posting counts: `exact_postings`
// of the word itself (0 when the lists lack it), `most_postings` of its most common
// matching spelling, over `persons` persons. 0 when nothing matched.
double QueryTokenIdf(size_t exact_postings, size_t most_postings, double persons);

// One key of the births table (index_layout.h) and what a person on its list collects.
struct BirthKey {
  uint32_t key = 0;
  float bonus = 0;
};
// The keys one reading of a birth date looks up, in the order the search adds them.
struct BirthKeys {
  static constexpr size_t kMax = 14;  // a year alone: itself, its full dates, 12 months
  std::array<BirthKey, kMax> keys{};
  size_t count = 0;
  std::span<const BirthKey> view() const { return {keys.data(), count}; }
};
BirthKeys BirthKeysOf(const PartialDate& date);

// The decision from the best and second-best candidates' probabilities (0 when absent).
Decision DecideFromProbabilities(double top, double second);

}  // namespace habeas::search
