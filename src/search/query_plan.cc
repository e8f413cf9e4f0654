#include "search/query_plan.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace habeas::search {

namespace {

constexpr float kBirthExactBonus = 6.f;  // the full date
constexpr float kBirthNearBonus = 2.5f;  // day/month swapped or a year off
constexpr float kBirthBonus = 1.5f;      // on top of those; half for a partial agreement

void Push(BirthKeys* keys, uint32_t key, float bonus) {
  keys->keys[keys->count++] = BirthKey{key, bonus};
}

}  // namespace

IdentifierKinds IdentifierKindsOf(std::string_view typed, std::string_view digits) {
  // Cédulas have up to 8 digits (typed "V12345678" or bare), A-numbers 9 ("A-...", older
  // ones 8): a letter says which, else the length. Only a number of the same kind can
  // disagree; an exact or one-edit agreement counts whatever the kind.
  const bool typed_a = typed.find_first_of("Aa") != std::string_view::npos;
  const bool typed_v = typed.find_first_of("VvEe") != std::string_view::npos;
  IdentifierKinds kinds;
  kinds.may_be_cedula = typed_v || (!typed_a && digits.size() <= 8);
  kinds.may_be_a_number = typed_a || (!typed_v && digits.size() >= 9);
  return kinds;
}

double QueryTokenIdf(size_t exact_postings, size_t most_postings, double persons) {
  // A query word that some record also misspelt ("martginez": one record) is still
  // most likely the common name it is one edit from: then that name's IDF.
  // A word only misspelt spellings of a rare name match (fewer than 8 postings) is that
  // rare name: then the rarest IDF, not none.
  const size_t base =
      std::max({exact_postings, most_postings / 8, std::min<size_t>(most_postings, 1)});
  return base == 0 ? 0.0 : std::log(1.0 + persons / static_cast<double>(base));
}

// The full date, one error away (day/month swapped, a year off), or only as far as a
// partial date goes (year, year-month).
BirthKeys BirthKeysOf(const PartialDate& b) {
  BirthKeys keys;
  const float partial = kBirthBonus / 2;
  const uint32_t year = static_cast<uint32_t>(b.year) * 10000;
  if (b.has_month() && b.has_day()) {
    const uint32_t packed = year + b.month * 100 + b.day;
    Push(&keys, packed, kBirthExactBonus + kBirthBonus);
    if (b.day <= 12 && b.day != b.month) {
      Push(&keys, year + b.day * 100 + b.month, kBirthNearBonus + partial);
    }
    Push(&keys, packed + 10000, kBirthNearBonus + partial);
    Push(&keys, packed - 10000, kBirthNearBonus + partial);
    Push(&keys, year + b.month * 100, partial);  // records with year and month only
    Push(&keys, year, partial);                  // records with the year only
  } else {
    Push(&keys, year, partial);
    Push(&keys, static_cast<uint32_t>(b.year), partial);  // full dates in that year
    for (int m = 1; m <= 12; ++m) {
      if (!b.has_month() || m == b.month) Push(&keys, year + m * 100, partial);
    }
  }
  return keys;
}

Decision DecideFromProbabilities(double top, double second) {
  if (top >= kMatchProbability && top - second >= kMatchMargin) return Decision::kMatch;
  if (top >= kCandidateProbability) return Decision::kCandidates;
  return Decision::kNoConfidentMatch;
}

}  // namespace habeas::search
