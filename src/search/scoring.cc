#include "search/scoring.h"

#include <algorithm>
#include <cmath>

#include "habeas/search.h"

namespace habeas::search {

namespace {

constexpr std::string_view kFeatureNames[kFeatureCount] = {
    "bias",          "name_exact",      "name_exact_folded", "name_phonetic",
    "name_nickname", "name_fuzzy_high", "name_swapped",      "name_partial",
    "name_initials", "name_fuzzy_low",  "name_disagree",     "name_score",
    "birth_exact",   "birth_near",      "birth_partial_month", "birth_partial_year",
    "birth_near_year", "birth_disagree",
    "id_exact",      "id_one_edit",     "id_disagree",       "log_as_strong",
    "coverage",      "prescore_share",  "query_idf",         "log_records",
    "id_and_name", "birth_and_name",
    "name_paternal_dropped", "name_given_dropped", "name_given_reordered",
    "name_surname2_dropped", "name_surnames_swapped", "name_cross_field",
};

// Fitted by bench/search/fit_model.py (docs/locator.md "Calibration"). Same order as
// kFeatureNames. Replace the whole block when refitting.
// BEGIN FITTED WEIGHTS
constexpr double kWeights[kFeatureCount] = {
    -18.2982, 0.7405, 1.0017, 0.1209, -0.0120, 0.5294, -0.5185, 1.2516, -0.2255, -0.5720, -2.3161, 0.6225, 4.8014, 1.4858, 4.4284, 2.5905, -0.5390, -7.0417, 5.4588, 1.7764, -4.8606, -0.5757, 5.4025, 7.8892, 4.6594, -0.5220, 3.3132, 2.7652, -1.7790, -0.6655, -3.2464, -0.1305, -2.8435, 0.4165,
};
// END FITTED WEIGHTS

}  // namespace

std::span<const std::string_view> CandidateFeatureNames() { return kFeatureNames; }

std::string_view BirthAgreementName(BirthAgreement a) {
  switch (a) {
    case BirthAgreement::kExact:
      return "exact";
    case BirthAgreement::kNear:
      return "near";
    case BirthAgreement::kPartialMonth:
      return "partial_month";
    case BirthAgreement::kPartialYear:
      return "partial_year";
    case BirthAgreement::kNearYear:
      return "near_year";
    case BirthAgreement::kDisagree:
      return "disagree";
    case BirthAgreement::kNone:
      return "none";
  }
  return "none";
}

std::string_view IdAgreementName(IdAgreement a) {
  switch (a) {
    case IdAgreement::kExact:
      return "exact";
    case IdAgreement::kOneEdit:
      return "one_edit";
    case IdAgreement::kDisagree:
      return "disagree";
    case IdAgreement::kNone:
      return "none";
  }
  return "none";
}

void FillFeatures(const CandidateEvidence& e, FeatureVector* out) {
  FeatureVector& f = *out;
  f.fill(0.0);
  f[0] = 1.0;
  const int level = static_cast<int>(e.name.level);
  if (level < 10) f[1 + level] = 1.0;  // kMissing is the baseline
  f[11] = e.name.score;
  if (e.birth != BirthAgreement::kNone) f[12 + static_cast<int>(e.birth)] = 1.0;
  if (e.id != IdAgreement::kNone) f[18 + static_cast<int>(e.id)] = 1.0;
  f[21] = std::log1p(static_cast<double>(e.as_strong));
  f[22] = e.coverage;
  f[23] = e.prescore_share;
  f[24] = e.query_idf / 10.0;
  f[25] = std::log1p(static_cast<double>(e.record_count));
  // Interactions: an identifier or a full birth date that agrees is near-certain evidence
  // when the name agrees too, and little when it does not (a typo'd id can hit a stranger).
  const bool name_agrees = e.name.level < names::NameAgreement::kFuzzyLow;
  f[26] = name_agrees && (e.id == IdAgreement::kExact || e.id == IdAgreement::kOneEdit) ? 1.0 : 0.0;
  f[27] = name_agrees && e.birth == BirthAgreement::kExact ? 1.0 : 0.0;
  // Why the name agrees only partly: the candidate whose paternal surname and first given
  // name are the ones typed ("ruben ramos" ~ RAMOS GUERRERO, RUBEN) is likelier than one
  // that has them as maternal surname and second given name (SILVA RAMOS, JORGE RUBEN),
  // although both are kPartial.
  f[28] = e.name.Has(names::kReasonPaternalDropped) ? 1.0 : 0.0;
  f[29] = e.name.Has(names::kReasonGivenDropped) ? 1.0 : 0.0;
  f[30] = e.name.Has(names::kReasonGivenReordered) ? 1.0 : 0.0;
  f[31] = e.name.Has(names::kReasonSurname2Dropped) ? 1.0 : 0.0;
  f[32] = e.name.Has(names::kReasonSurnamesSwapped) ? 1.0 : 0.0;
  f[33] = e.name.Has(names::kReasonCrossFieldMatch) ? 1.0 : 0.0;
}

namespace {
// Measured on nameless queries of seeds 7 and 1 (docs/locator.md "Queries without a
// name"; the top result): an exact number was its holder's in 2,402 of 2,403 queries;
// one edit off in 72 of 121 (A-numbers 24 of 26, cédulas — dense numbers, where a typo
// lands on someone else's — 48 of 95); one edit with an exactly agreeing birth date 24
// of 27, capped below kMatchProbability all the same (3 wrong answers in 27, one for a
// person on no list: a one-edit number is a candidate, never an answer by itself); one
// edit with a birth date that contradicts it (near, a year off, or different) 0 of 19
// (kept above 0: a typed date can be wrong); a date that agrees only in part (the year,
// or year and month) says neither: 2 of 3, weighed as no date. An exact number beside a
// disagreeing birth date was never seen: weighed as a conflict (a candidate, not an
// answer).
constexpr double kExactIdAlone = 0.999;
constexpr double kExactIdDateConflict = 0.5;
constexpr double kOneEditIdAlone = 0.6;
constexpr double kOneEditIdDateAgrees = 0.75;
constexpr double kOneEditIdDateDisagrees = 0.05;
}  // namespace

double IdentifierOnlyProbability(IdAgreement id, BirthAgreement birth, int holders) {
  const double share = 1.0 / std::max(1, holders);
  const bool date_contradicts = birth == BirthAgreement::kNear ||
                                birth == BirthAgreement::kNearYear ||
                                birth == BirthAgreement::kDisagree;
  switch (id) {
    case IdAgreement::kExact:
      return share * (birth == BirthAgreement::kDisagree ? kExactIdDateConflict : kExactIdAlone);
    case IdAgreement::kOneEdit:
      if (birth == BirthAgreement::kExact) return share * kOneEditIdDateAgrees;
      return share * (date_contradicts ? kOneEditIdDateDisagrees : kOneEditIdAlone);
    case IdAgreement::kDisagree:
    case IdAgreement::kNone:
      return 0.0;
  }
  return 0.0;
}

double ModelProbability(const FeatureVector& features) {
  double z = 0;
  for (int i = 0; i < kFeatureCount; ++i) z += kWeights[i] * features[i];
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace habeas::search
