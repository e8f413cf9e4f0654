// The calibrated match model of the locator: evidence → features → probability.
//
// A logistic model over the name agreement level (names::CompareNames), birth date and
// identifier agreement, and how ambiguous the name is among the candidates. Weights are
// fitted on generated data with known truth (bench/search/fit_model.py; the fit and its
// seed are in docs/locator.md "Calibration"). Internal to src/search; pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "habeas/names/compare.h"

namespace habeas::search {

// Order = strength order; kNone (nothing to compare) last.
enum class BirthAgreement : uint8_t {
  kExact,         // full dates equal
  kNear,          // full dates one error apart: day/month swapped, day or month off, year ±1
  kPartialMonth,  // same year and month, one side lacks the day
  kPartialYear,   // same year, one side lacks the month
  kNearYear,      // years one apart, one side lacks the day or month
  kDisagree,
  kNone,
};
enum class IdAgreement : uint8_t { kExact, kOneEdit, kDisagree, kNone };

// "exact", "near", "partial_month", "partial_year", "near_year", "disagree", "none".
std::string_view BirthAgreementName(BirthAgreement a);
// "exact", "one_edit", "disagree", "none".
std::string_view IdAgreementName(IdAgreement a);

struct CandidateEvidence {
  names::NameComparison name;
  BirthAgreement birth = BirthAgreement::kNone;
  IdAgreement id = IdAgreement::kNone;
  int as_strong = 0;          // other candidates whose name agrees at least as well
  double coverage = 0;        // share of query tokens that found this person
  double prescore_share = 0;  // candidate-generation score / the query's total IDF
  double query_idf = 0;       // how rare the query's words are (sum of IDF)
  uint32_t record_count = 0;  // records of the person
};

inline constexpr int kFeatureCount = 34;
using FeatureVector = std::array<double, kFeatureCount>;

void FillFeatures(const CandidateEvidence& e, FeatureVector* out);
double ModelProbability(const FeatureVector& features);

// A query with an identifier and no name (a lawyer types an A-number). The fitted model
// never saw one: every query of its calibration set had a name, and it reads a nameless
// one as "name missing" (p ≈ 0 even for an exact A-number held by one person). Such a
// query is answered by the identifier, with probabilities measured on nameless queries
// built from the generated query sets (seeds 7 and 1; docs/locator.md "Queries without
// a name"): an exact number is its holder's (shared among `holders`, the candidates
// that hold it exactly or, with no exact holder, within one edit); one edit off is a
// typo of the holder's number 60% of the time, more when the typed birth date agrees
// exactly (never a confident answer), hardly ever when it contradicts it (a date that
// agrees only in part counts as none). `birth` is kNone when no birth date was typed.
double IdentifierOnlyProbability(IdAgreement id, BirthAgreement birth, int holders);

}  // namespace habeas::search
