#include "link/compare.h"

#include <algorithm>
#include <cstdlib>

#include "habeas/identifier.h"
#include "habeas/names/similarity.h"

namespace habeas::link {
namespace {

using names::NameAgreement;
using names::TokenAgreement;

enum GivenLevel : uint8_t {
  kGivenExact,
  kGivenExactPartial,
  kGivenPhonetic,
  kGivenNickname,
  kGivenFuzzy,
  kGivenInitial,
  kGivenFuzzyLow,
  // Given names alike by sound or a typo with one side's second given name dropped
  // ("yeferzon" / "yeferson jose"): as common between strangers as exact_given_dropped,
  // so it must not take the weight of every given name agreeing.
  kGivenAlikeDropped,
  // One given word garbled past recognition while another agrees ("juan jose" / "yuna
  // jose"), where the weakest word alone would call the given names a disagreement. A
  // word only at fuzzy_low beside one that agrees stays fuzzy_low: folding those in
  // too cost the default profile about 0.0003 F1 and gained nothing on the hard one.
  kGivenOneAgrees,
  kGivenDisagree,
};

enum SurnameLevel : uint8_t {
  kSurnameBothExact,
  kSurnameExactOneMissing,
  kSurnamePhonetic,  // both surnames on both sides agree, one at least only by sound
  kSurnameFuzzy,     // ... one at least only with a typo
  // One surname compared (the other missing on a side): "flores" / "florez" is far
  // commoner between strangers than "gonzalez romero" / "gonzales romero".
  kSurnamePhoneticOneMissing,
  kSurnameFuzzyOneMissing,
  kSurnameSwapped,           // both surnames on both sides, in crossed order
  kSurnameDroppedOrCrossed,  // the other's maternal as the only surname; words across fields
  kSurnameInitials,
  kSurname2Variant,  // paternal surnames agree; maternal ones only alike (typed by ear)
  kSurname1Variant,  // maternal surnames agree; paternal ones only alike
  kSurname2Conflict,
  kSurnameFuzzyLow,
  kSurnameDisagree,
};

enum DateLevel : uint8_t {
  kDateExact,
  kDateSwapped,
  kDateOneDigit,
  kDateYearPm1,
  kDateYearMonth,
  kDateYear,
  kDateAge,
  // An age one year off the date (the age on another day than the list says, or
  // mistyped): under the hard profile a quarter of written ages. Between strangers it
  // is about as common as age_consistent, so it must not take the weight of two full
  // dates within two years (kDateNear).
  kDateAgePm1,
  kDateNear,
  kDateDisagree,
};

enum IdLevel : uint8_t {
  kIdExact,
  kIdOneEdit,
  kIdPrefix,
  kIdPartialAgree,     // a redacted identifier's visible digits agree ("XXX-XXX-435")
  kIdPartialDisagree,  // ... and disagree
  kIdDisagree,
};

bool Exactish(TokenAgreement t) {
  return t == TokenAgreement::kExact || t == TokenAgreement::kExactFolded;
}
bool Good(TokenAgreement t) { return t <= TokenAgreement::kFuzzyHigh; }

uint8_t GivenLevelOf(const names::NameComparison& c) {
  switch (c.given) {
    case TokenAgreement::kExact:
    case TokenAgreement::kExactFolded:
      return c.Has(names::kReasonGivenDropped) ? kGivenExactPartial : kGivenExact;
    case TokenAgreement::kPhonetic:
      return c.Has(names::kReasonGivenDropped) ? kGivenAlikeDropped : kGivenPhonetic;
    case TokenAgreement::kNickname:
      return kGivenNickname;
    case TokenAgreement::kFuzzyHigh:
      return c.Has(names::kReasonGivenDropped) ? kGivenAlikeDropped : kGivenFuzzy;
    case TokenAgreement::kInitial:
      return kGivenInitial;
    case TokenAgreement::kFuzzyLow:
      return kGivenFuzzyLow;
    case TokenAgreement::kDisagree:
      return c.Has(names::kReasonGivenPartlyAgrees) ? kGivenOneAgrees : kGivenDisagree;
    case TokenAgreement::kMissing:
      return kMissingLevel;
  }
  return kMissingLevel;
}

uint8_t SurnameLevelOf(const names::NameComparison& c) {
  const TokenAgreement s1 = c.surname1, s2 = c.surname2;
  if (s1 == TokenAgreement::kMissing && s2 == TokenAgreement::kMissing) return kMissingLevel;
  if (s1 == TokenAgreement::kDisagree) return kSurnameDisagree;
  if (c.Has(names::kReasonSurname2Conflict) || s2 == TokenAgreement::kDisagree) {
    return Good(s1) ? kSurname2Conflict : kSurnameDisagree;
  }
  if (s1 == TokenAgreement::kInitial || s2 == TokenAgreement::kInitial) return kSurnameInitials;
  // A full swap (paternal and maternal surname in crossed order, as in "QUEVEDO, JAVIER
  // GONZALEZ") agrees on two surnames, about as rare between strangers as both_exact; a
  // dropped paternal surname agrees on one (often a common one). Separate levels, so
  // that EM does not give the swap the weight of the drop.
  if (c.Has(names::kReasonSurnamesSwapped) && !c.Has(names::kReasonCrossFieldMatch)) {
    return Good(s1) && Good(s2) ? kSurnameSwapped : kSurnameFuzzyLow;
  }
  if (c.Has(names::kReasonPaternalDropped) || c.Has(names::kReasonCrossFieldMatch)) {
    return Good(s1) ? kSurnameDroppedOrCrossed : kSurnameFuzzyLow;
  }
  if (Good(s1) && s2 == TokenAgreement::kFuzzyLow) return kSurname2Variant;
  if (s1 == TokenAgreement::kFuzzyLow && Good(s2)) return kSurname1Variant;
  if (s1 == TokenAgreement::kFuzzyLow || s2 == TokenAgreement::kFuzzyLow) return kSurnameFuzzyLow;
  if (Exactish(s1) && Exactish(s2)) return kSurnameBothExact;
  if (Exactish(s1) && s2 == TokenAgreement::kMissing) return kSurnameExactOneMissing;
  const TokenAgreement worst =
      std::max(s1 == TokenAgreement::kMissing ? TokenAgreement::kExact : s1,
               s2 == TokenAgreement::kMissing ? TokenAgreement::kExact : s2);
  const bool one_missing = s1 == TokenAgreement::kMissing || s2 == TokenAgreement::kMissing;
  if (worst <= TokenAgreement::kPhonetic) {
    return one_missing ? kSurnamePhoneticOneMissing : kSurnamePhonetic;
  }
  if (worst <= TokenAgreement::kFuzzyHigh) {
    return one_missing ? kSurnameFuzzyOneMissing : kSurnameFuzzy;
  }
  return kSurnameFuzzyLow;
}

// A full date written as the digits of an unparsed one of `length` (6 or 8) would be, in
// each order lists write: YYYYMMDD, DDMMYYYY, MMDDYYYY (YYMMDD, DDMMYY, MMDDYY).
std::array<std::string, 3> DateRenderings(const LinkRecord& d, size_t length) {
  char year[16], month[16], day[16];  // room for any int: no truncation
  std::snprintf(year, sizeof year, length == 8 ? "%04d" : "%02d",
                length == 8 ? d.year : d.year % 100);
  std::snprintf(month, sizeof month, "%02d", d.month);
  std::snprintf(day, sizeof day, "%02d", d.day);
  return {std::string(year) + month + day, std::string(day) + month + year,
          std::string(month) + day + year};
}

// Unparsed birth dates compared as digit strings ("19450493" against 1945-04-03): the
// same digits (in some order a list writes dates) are exact, one digit off (a typo:
// DL distance 1) is one_part_differs, anything else says nothing (missing), as an
// unparsed date may be in a form no rendering covers.
uint8_t UnparsedDateLevel(const LinkRecord& a, const LinkRecord& b) {
  const std::string_view da = a.unparsed_date_digits(), db = b.unparsed_date_digits();
  if (da.empty() && db.empty()) return kMissingLevel;
  auto level_of = [](std::string_view x, std::string_view y) -> uint8_t {
    if (x == y) return kDateExact;
    if (names::DamerauLevenshteinCapped(x, y, 1) <= 1) return kDateOneDigit;
    return kMissingLevel;
  };
  if (!da.empty() && !db.empty()) return level_of(da, db);
  const std::string_view digits = da.empty() ? db : da;
  const LinkRecord& dated = da.empty() ? a : b;
  if (dated.date_kind != DateKind::kFull || (digits.size() != 8 && digits.size() != 6)) {
    return kMissingLevel;
  }
  uint8_t best = kMissingLevel;
  for (const std::string& rendering : DateRenderings(dated, digits.size())) {
    best = std::min(best, level_of(digits, rendering));
  }
  return best;
}

uint8_t DateLevelOf(const LinkRecord& a, const LinkRecord& b) {
  if (!a.has_year() || !b.has_year()) return UnparsedDateLevel(a, b);
  if ((a.date_kind == DateKind::kAge) != (b.date_kind == DateKind::kAge)) {
    // An age against a date: the ages the date allows on the age's reference date.
    const LinkRecord& g = a.date_kind == DateKind::kAge ? a : b;
    const LinkRecord& d = a.date_kind == DateKind::kAge ? b : a;
    const int ref_year = g.year + g.age;
    int oldest = ref_year - d.year, youngest = oldest - 1;  // unknown month: either
    if (d.month != 0 && g.ref_month != 0) {
      const int ref_md = g.ref_month * 100 + (g.ref_day != 0 ? g.ref_day : 15);
      if (d.day != 0) {
        youngest = oldest = ref_year - d.year - (d.month * 100 + d.day > ref_md ? 1 : 0);
      } else if (d.month != g.ref_month) {
        youngest = oldest = ref_year - d.year - (d.month > g.ref_month ? 1 : 0);
      }
    }
    if (g.age >= youngest && g.age <= oldest) return kDateAge;
    const int gap = std::min(std::abs(g.age - youngest), std::abs(g.age - oldest));
    return gap <= 1 ? kDateAgePm1 : kDateDisagree;
  }
  if (a.date_kind == DateKind::kAge || b.date_kind == DateKind::kAge) {
    const int alo = a.date_kind == DateKind::kAge ? a.year_low : a.year;
    const int blo = b.date_kind == DateKind::kAge ? b.year_low : b.year;
    if (alo <= b.year && blo <= a.year) return kDateAge;
    const int gap = std::min(std::abs(alo - b.year), std::abs(blo - a.year));
    return gap <= 1 ? kDateAgePm1 : kDateDisagree;
  }
  const int dy = std::abs(a.year - b.year);
  if (a.date_kind == DateKind::kFull && b.date_kind == DateKind::kFull) {
    if (dy == 0) {
      if (a.month == b.month && a.day == b.day) return kDateExact;
      if (a.month == b.day && a.day == b.month) return kDateSwapped;
      if (a.month == b.month || a.day == b.day) return kDateOneDigit;
      return kDateYear;
    }
    if (a.month == b.month && a.day == b.day) return dy == 1 ? kDateYearPm1 : kDateOneDigit;
    return dy <= 2 ? kDateNear : kDateDisagree;
  }
  if (dy == 0) {
    const bool both_months = a.month != 0 && b.month != 0;
    if (both_months) {
      if (a.month == b.month) return kDateYearMonth;
      if ((a.day != 0 && a.day == b.month) || (b.day != 0 && b.day == a.month)) return kDateYear;
      return kDateNear;
    }
    return kDateYear;
  }
  if (dy == 1) {
    if (a.month != 0 && a.month == b.month) return kDateYearPm1;
    return kDateNear;
  }
  return dy <= 2 ? kDateNear : kDateDisagree;
}

bool WithinOneEdit(std::string_view a, std::string_view b) {
  return names::DamerauLevenshteinCapped(a, b, 1) <= 1;
}

const std::string kNoTail;  // other ids are never partial

// Whole identifiers compare digit by digit; a partial one (a court filing's redacted
// A-number) on the digits it shows, with levels of its own: three digits agree by
// chance once in a thousand pairs, a whole identifier once in millions.
uint8_t IdLevelOf(const std::string& a, const std::string& b, const std::string& a_tail,
                  const std::string& b_tail) {
  if (a.empty() || b.empty()) {
    const std::string& tail = a_tail.empty() ? b_tail : a_tail;
    const std::string& other = a_tail.empty() ? a : (b_tail.empty() ? b : b_tail);
    switch (CompareIdentifierTails(tail, other)) {
      case TailAgreement::kAgree:
        return kIdPartialAgree;
      case TailAgreement::kDisagree:
        return kIdPartialDisagree;
      case TailAgreement::kMissing:
        return kMissingLevel;
    }
  }
  if (a == b) return kIdExact;
  if (WithinOneEdit(a, b)) return kIdOneEdit;
  const size_t n = std::min(a.size(), b.size());
  if (n >= 5 && a.compare(0, n, b, 0, n) == 0) return kIdPrefix;
  return kIdDisagree;
}

uint8_t HashLevel(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return kMissingLevel;
  return a == b ? 0 : 1;
}

}  // namespace

std::string_view FieldName(Field field) {
  static constexpr std::string_view kNames[kFieldCount] = {
      "given_name", "surname",  "birth_date", "sex",     "national_id", "a_number",   "other_id",
      "region",     "locality", "postcode",   "address", "phone",       "same_source", "flight"};
  return kNames[static_cast<int>(field)];
}

const std::vector<std::string_view>& LevelNames(Field field) {
  static const std::vector<std::vector<std::string_view>> kLevels = {
      {"exact", "exact_given_dropped", "phonetic", "nickname", "fuzzy", "initial", "fuzzy_low",
       "alike_given_dropped", "one_given_agrees", "disagree"},
      {"both_exact", "exact_one_missing", "phonetic", "fuzzy", "phonetic_one_missing",
       "fuzzy_one_missing", "swapped", "dropped_or_crossed", "initials", "maternal_variant",
       "paternal_variant", "maternal_conflict", "fuzzy_low", "disagree"},
      {"exact", "day_month_swapped", "one_part_differs", "year_pm1", "same_year_month", "same_year",
       "age_consistent", "age_one_year_off", "within_2_years", "disagree"},
      {"agree", "disagree"},
      {"exact", "one_edit", "prefix", "partial_agree", "partial_disagree", "disagree"},
      {"exact", "one_edit", "prefix", "partial_agree", "partial_disagree", "disagree"},
      {"exact", "one_edit", "prefix", "partial_agree", "partial_disagree", "disagree"},
      {"agree", "disagree"},
      {"agree", "disagree"},
      {"exact", "one_edit", "disagree"},
      {"exact", "similar", "disagree"},
      {"agree", "disagree"},
      {"different_sources", "same_source"},
      {"agree", "disagree"},
  };
  return kLevels[static_cast<int>(field)];
}

bool TermFrequencyApplies(Field field, uint8_t level) {
  switch (field) {
    case Field::kGivenName:
      return level <= kGivenFuzzy || level == kGivenAlikeDropped;
    case Field::kSurname:
      // A swap of two common surnames ("Rodriguez Hernandez" / "Hernandez Rodriguez")
      // is weak evidence, as both_exact on them is.
      return level <= kSurnameFuzzyOneMissing || level == kSurnameSwapped;
    default:
      return false;
  }
}

int LevelKind(Field field, uint8_t level) {
  const bool identifier =
      field == Field::kNationalId || field == Field::kANumber || field == Field::kOtherId;
  return identifier && (level == kIdPartialAgree || level == kIdPartialDisagree) ? 1 : 0;
}

namespace {

// Comparison::tf_surname2 of two records whose surnames reached `surname_level`.
float MaternalSurnameTf(const LinkRecord& a, const LinkRecord& b, uint8_t surname_level) {
  if (a.tf_surname2 <= 0 || b.tf_surname2 <= 0) return 0;
  // Both exact: the maternal surnames are one word. Crossed: tf_surname took the more
  // common of the two words (the larger paternal tf), so this takes the rarer.
  if (surname_level == kSurnameBothExact || surname_level == kSurnamePhonetic ||
      surname_level == kSurnameFuzzy) {
    return std::max(a.tf_surname2, b.tf_surname2);
  }
  if (surname_level == kSurnameSwapped) return std::min(a.tf_surname2, b.tf_surname2);
  return 0;
}

// The given-name levels at which every given name agrees, a second one included
// (exact_given_dropped, nickname and the weaker levels leave one out or in doubt).
bool EveryGivenNameAgrees(uint8_t given_level) {
  return given_level == kGivenExact || given_level == kGivenPhonetic || given_level == kGivenFuzzy;
}

// Comparison::tf_given of two records whose given names reached `given_level`: the
// first given names' (the commoner of the two), except where one side's only given name
// is the other's second ("gregorio" / "jose gregorio": the name a person goes by), whose
// frequency is then the evidence, not that of "jose".
float GivenTf(const LinkRecord& a, const LinkRecord& b, uint8_t given_level) {
  if (given_level == kGivenExactPartial) {
    const LinkRecord* one = a.given2_key == 0 ? &a : &b;
    const LinkRecord* two = one == &a ? &b : &a;
    if (one->given2_key == 0 && two->given2_key != 0 && one->given_key == two->given2_key &&
        one->given_key != two->given_key && two->tf_given2 > 0) {
      return std::max(one->tf_given, two->tf_given2);
    }
  }
  return std::max(a.tf_given, b.tf_given);
}

// Comparison::tf_given2 of two records whose given names reached `given_level`: both
// have a second given name and every given name agrees.
float SecondGivenTf(const LinkRecord& a, const LinkRecord& b, uint8_t given_level) {
  if (a.tf_given2 <= 0 || b.tf_given2 <= 0 || !EveryGivenNameAgrees(given_level)) return 0;
  return std::max(a.tf_given2, b.tf_given2);
}

}  // namespace

uint64_t Comparison::Pattern() const {
  uint64_t p = 0;
  for (int i = 0; i < kFieldCount; ++i) p |= static_cast<uint64_t>(levels[i] & 15) << (4 * i);
  return p | static_cast<uint64_t>(pair_class) << kPairClassShift;
}

Comparison Comparison::FromPattern(uint64_t pattern) {
  Comparison c;
  for (int f = 0; f < kFieldCount; ++f) c.levels[f] = (pattern >> (4 * f)) & 15;
  c.pair_class = (pattern >> kPairClassShift) & 255;
  return c;
}

uint8_t PairClassOf(uint8_t source_index_a, uint8_t source_index_b) {
  if (source_index_a >= kIndexedSources || source_index_b >= kIndexedSources) return kNoPairClass;
  const int lo = std::min(source_index_a, source_index_b);
  const int hi = std::max(source_index_a, source_index_b);
  return static_cast<uint8_t>(hi * (hi + 1) / 2 + lo);  // triangular: (0,0) 0, (0,1) 1, (1,1) 2
}

std::pair<uint8_t, uint8_t> SourceIndicesOf(uint8_t pair_class) {
  for (int hi = 0; hi < static_cast<int>(kIndexedSources); ++hi) {
    if (pair_class < (hi + 1) * (hi + 2) / 2) {
      return {static_cast<uint8_t>(pair_class - hi * (hi + 1) / 2), static_cast<uint8_t>(hi)};
    }
  }
  return {kNoSourceIndex, kNoSourceIndex};
}

bool IdentifiersConflict(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty() || a == b) return false;
  return !WithinOneEdit(a, b);
}

namespace {

struct NameLevelPair {
  uint8_t given = kMissingLevel;
  uint8_t surname = kMissingLevel;
};

NameLevelPair LinkNameLevels(const names::NameComparison& n) {
  if (n.Has(names::kReasonCrossFieldMatch) && n.level == NameAgreement::kSwapped) {
    // Given names and surnames exchanged: one piece of evidence, counted once.
    return {kMissingLevel, kSurnameDroppedOrCrossed};
  }
  return {GivenLevelOf(n), SurnameLevelOf(n)};
}

// About how many bits each level is worth (log2 m/u of the hard profile's 50k model,
// rounded; docs/linkage.md "Readings"): only to choose between two readings of a name, before any
// model exists, so the pattern stays a function of the two names.
// A second given name that agrees on both sides is a draw of its own (about log2(0.8 /
// 0.03) bits, Model::SecondGivenBits at a typical second name's share).
int ReadingEvidence(const names::NameComparison& n, const names::PreparedName& x,
                    const names::PreparedName& y) {
  static constexpr int kGiven[] = {8, 3, 7, 4, 7, -6, 1, 3, -2, -7};
  static constexpr int kSurname[] = {11, 5, 11, 10, 4, 4, 7, 0, -4, 6, 7, -4, 0, -11};
  static constexpr int kSecondGiven = 5;
  static_assert(std::size(kGiven) == kGivenDisagree + 1, "a bit count for every given level");
  static_assert(std::size(kSurname) == kSurnameDisagree + 1, "a bit count for every surname level");
  const NameLevelPair levels = LinkNameLevels(n);
  int bits = 0;
  if (levels.given != kMissingLevel) bits += kGiven[levels.given];
  if (levels.surname != kMissingLevel) bits += kSurname[levels.surname];
  if (x.given.size() >= 2 && y.given.size() >= 2 && EveryGivenNameAgrees(levels.given)) {
    bits += kSecondGiven;
  }
  return bits;
}

}  // namespace

// The readings' comparisons, the one whose levels carry the most evidence first: a
// stranger's "Antonio Ossa Torres" read as given "antonio", surnames "ossa torres" agrees
// with "SOSA TORRES, ANTONIO" on the given name and a misspelt surname, more than read
// as given "antonio ossa" and one surname "torres", though that reading's weakest part
// is stronger. Ties keep the name comparison's own order (level, then score).
names::NameComparison CompareRecordNames(const LinkRecord& a, const LinkRecord& b) {
  names::NameComparison best = names::CompareNames(a.name, b.name);
  if (a.alt_name.empty() && b.alt_name.empty()) return best;
  int best_bits = ReadingEvidence(best, a.name, b.name);
  auto consider = [&](const names::PreparedName& x, const names::PreparedName& y) {
    if (x.empty() || y.empty()) return;
    const names::NameComparison c = names::CompareNames(x, y);
    const int bits = ReadingEvidence(c, x, y);
    if (bits > best_bits ||
        (bits == best_bits &&
         (c.level < best.level || (c.level == best.level && c.score > best.score)))) {
      best = c;
      best_bits = bits;
    }
  };
  consider(a.alt_name, b.name);
  consider(a.name, b.alt_name);
  consider(a.alt_name, b.alt_name);
  return best;
}

bool NameLevelCache::Find(uint64_t a, uint64_t b, uint8_t* given, uint8_t* surname) const {
  const Slot& s = slots_[SlotOf(a, b)];
  if (s.a != a || s.b != b) return false;
  *given = s.given;
  *surname = s.surname;
  return true;
}

void NameLevelCache::Insert(uint64_t a, uint64_t b, uint8_t given, uint8_t surname) {
  Slot& s = slots_[SlotOf(a, b)];
  s = {a, b, given, surname};
}

namespace {

void NameLevels(const LinkRecord& a, const LinkRecord& b, uint8_t* given, uint8_t* surname) {
  const NameLevelPair levels = LinkNameLevels(CompareRecordNames(a, b));
  *given = levels.given;
  *surname = levels.surname;
}

uint8_t PostcodeLevel(const LinkRecord& a, const LinkRecord& b) {
  if (a.postcode == 0 || b.postcode == 0) return kMissingLevel;
  if (a.postcode == b.postcode) return 0;
  return WithinOneEdit(a.postcode_text, b.postcode_text) ? 1 : 2;
}

uint8_t AddressLevel(const LinkRecord& a, const LinkRecord& b) {
  if (a.address.empty() || b.address.empty()) return kMissingLevel;
  if (a.address == b.address) return 0;
  constexpr double kAddressFuzzy = 0.9;
  // The bound decides most unrelated addresses (random pairs for u) without Jaro.
  if (names::JaroWinklerUpperBound(a.address, b.address) < kAddressFuzzy) return 2;
  return names::JaroWinkler(a.address, b.address) >= kAddressFuzzy ? 1 : 2;
}

void FillOtherFields(const LinkRecord& a, const LinkRecord& b, const LinkSettings& settings,
                     Comparison* out) {
  Comparison& c = *out;
  for (int f = static_cast<int>(Field::kBirthDate); f < kFieldCount; ++f) {
    c.levels[f] = FieldLevel(a, b, static_cast<Field>(f));
  }
  c.cannot_link =
      (settings.national_id_cannot_link && IdentifiersConflict(a.national_id, b.national_id)) ||
      (settings.a_number_cannot_link && IdentifiersConflict(a.a_number, b.a_number));
  if (!c.cannot_link && settings.max_birth_year_gap > 0 && a.date_kind == DateKind::kFull &&
      b.date_kind == DateKind::kFull && std::abs(a.year - b.year) > settings.max_birth_year_gap) {
    c.cannot_link = true;
  }
}

}  // namespace

Comparison Compare(const LinkRecord& a, const LinkRecord& b, const LinkSettings& settings,
                   NameLevelCache* cache) {
  Comparison c;
  c.pair_class = PairClassOf(a.source_index, b.source_index);
  uint8_t given = kMissingLevel, surname = kMissingLevel;
  // Names compared in name-hash order, so the levels are a function of the two hashes
  // (ties between readings resolve the same way with or without the cache).
  const bool swap = b.name_hash < a.name_hash;
  const LinkRecord& na = swap ? b : a;
  const LinkRecord& nb = swap ? a : b;
  if (cache == nullptr) {
    NameLevels(na, nb, &given, &surname);
  } else {
    // CompareRecordNames is symmetric: key on the ordered pair of hashes.
    const uint64_t ha = std::min(a.name_hash, b.name_hash);
    const uint64_t hb = std::max(a.name_hash, b.name_hash);
    if (cache->Find(ha, hb, &given, &surname)) {
      ++cache->hits;
    } else {
      ++cache->misses;
      NameLevels(na, nb, &given, &surname);
      cache->Insert(ha, hb, given, surname);
    }
  }
  c.levels[static_cast<int>(Field::kGivenName)] = given;
  c.levels[static_cast<int>(Field::kSurname)] = surname;
  if (TermFrequencyApplies(Field::kGivenName, given)) {
    c.tf_given = GivenTf(a, b, given);
    c.tf_given2 = SecondGivenTf(a, b, given);
  }
  if (TermFrequencyApplies(Field::kSurname, surname)) {
    c.tf_surname = std::max(a.tf_surname, b.tf_surname);
  }
  c.tf_surname2 = MaternalSurnameTf(a, b, surname);
  FillOtherFields(a, b, settings, &c);
  return c;
}

uint8_t FieldLevel(const LinkRecord& a, const LinkRecord& b, Field field) {
  switch (field) {
    case Field::kGivenName:
    case Field::kSurname: {
      uint8_t given = kMissingLevel, surname = kMissingLevel;
      const bool swap = b.name_hash < a.name_hash;
      NameLevels(swap ? b : a, swap ? a : b, &given, &surname);
      return field == Field::kGivenName ? given : surname;
    }
    case Field::kBirthDate:
      return DateLevelOf(a, b);
    case Field::kSex:
      return (a.sex == 0 || b.sex == 0 || a.sex == 'X' || b.sex == 'X') ? kMissingLevel
             : a.sex == b.sex                                           ? 0
                                                                        : 1;
    case Field::kNationalId:
      return IdLevelOf(a.national_id, b.national_id, a.national_id_tail, b.national_id_tail);
    case Field::kANumber:
      return IdLevelOf(a.a_number, b.a_number, a.a_number_tail, b.a_number_tail);
    case Field::kOtherId:
      return IdLevelOf(a.other_id, b.other_id, kNoTail, kNoTail);
    case Field::kRegion:
      return HashLevel(a.region, b.region);
    case Field::kLocality:
      return HashLevel(a.locality, b.locality);
    case Field::kPostcode:
      return PostcodeLevel(a, b);
    case Field::kAddress:
      return AddressLevel(a, b);
    case Field::kPhone:
      return (a.phone == 0 || b.phone == 0) ? kMissingLevel : (a.phone == b.phone ? 0 : 1);
    case Field::kSameSource:
      return a.source == b.source ? 1 : 0;
    case Field::kFlight:
      return (a.flight == 0 || b.flight == 0) ? kMissingLevel : (a.flight == b.flight ? 0 : 1);
  }
  return kMissingLevel;
}

std::string DescribeField(const LinkRecord& r, Field field) {
  switch (field) {
    case Field::kGivenName: {
      std::string out;
      for (const auto& w : r.name.given) out += (out.empty() ? "" : " ") + w.folded;
      return out;
    }
    case Field::kSurname:
      return r.name.surname1.folded +
             (r.name.surname2.empty() ? std::string() : " " + r.name.surname2.folded);
    case Field::kBirthDate: {
      if (r.date_kind == DateKind::kNone && r.date_digit_count > 0) {
        return std::string(r.unparsed_date_digits()) + " (unparsed)";
      }
      if (r.date_kind == DateKind::kNone) return "";
      if (r.date_kind == DateKind::kAge) {
        return "born " + std::to_string(r.year_low) + "-" + std::to_string(r.year) + " (age)";
      }
      char buf[32];
      if (r.date_kind == DateKind::kFull) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", r.year, r.month, r.day);
      } else if (r.date_kind == DateKind::kYearMonth) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", r.year, r.month);
      } else {
        std::snprintf(buf, sizeof buf, "%04d", r.year);
      }
      return buf;
    }
    case Field::kSex:
      return r.sex == 0 ? "" : std::string(1, r.sex);
    case Field::kNationalId:
      return r.national_id_tail.empty() ? r.national_id : "…" + r.national_id_tail;
    case Field::kANumber:
      return r.a_number_tail.empty() ? r.a_number : "…" + r.a_number_tail;
    case Field::kOtherId:
      return r.other_id;
    case Field::kPostcode:
      return r.postcode_text;
    case Field::kAddress:
      return r.address;
    case Field::kPhone:
      return r.phone == 0 ? "" : "…" + std::to_string(r.phone - 1);
    case Field::kFlight:
      return r.flight == 0 ? "" : std::to_string(r.flight - 1);
    case Field::kRegion:
    case Field::kLocality:
    case Field::kSameSource:
      return "";
  }
  return "";
}

}  // namespace habeas::link
