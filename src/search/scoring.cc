#include "search/scoring.h"

#include <cmath>

#include "habeas/search.h"

namespace habeas::search {

namespace {

constexpr std::string_view kFeatureNames[kFeatureCount] = {
    "bias",          "name_exact",      "name_exact_folded", "name_phonetic",
    "name_nickname", "name_fuzzy_high", "name_swapped",      "name_partial",
    "name_initials", "name_fuzzy_low",  "name_disagree",     "name_score",
    "birth_exact",   "birth_partial",   "birth_near",        "birth_disagree",
    "id_exact",      "id_one_edit",     "id_disagree",       "log_as_strong",
    "coverage",      "prescore_share",  "query_idf",         "log_records",
};

// Fitted by bench/search/fit_model.py (docs/locator.md "Calibration"). Same order as
// kFeatureNames. Replace the whole block when refitting.
// BEGIN FITTED WEIGHTS
constexpr double kWeights[kFeatureCount] = {
    -14.6428, 0.3762, 0.1057,  0.1158,  -0.5298, -0.1376, -2.5085, 0.7669,
    -0.6531,  0.2166, 2.2476,  1.5516,  7.0028,  2.4697,  0.5038,  -4.9997,
    5.4602,   2.5822, -0.2713, -0.6567, 9.5019,  2.2989,  1.1376,  -0.8706,
};
// END FITTED WEIGHTS

}  // namespace

std::span<const std::string_view> CandidateFeatureNames() { return kFeatureNames; }

std::string_view BirthAgreementName(BirthAgreement a) {
  switch (a) {
    case BirthAgreement::kExact:
      return "exact";
    case BirthAgreement::kPartial:
      return "partial";
    case BirthAgreement::kNear:
      return "near";
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
  if (e.id != IdAgreement::kNone) f[16 + static_cast<int>(e.id)] = 1.0;
  f[19] = std::log1p(static_cast<double>(e.as_strong));
  f[20] = e.coverage;
  f[21] = e.prescore_share;
  f[22] = e.query_idf / 10.0;
  f[23] = std::log1p(static_cast<double>(e.record_count));
}

double ModelProbability(const FeatureVector& features) {
  double z = 0;
  for (int i = 0; i < kFeatureCount; ++i) z += kWeights[i] * features[i];
  return 1.0 / (1.0 + std::exp(-z));
}

}  // namespace habeas::search
