// What the linkage draws (linkage_draws.cc) need from one estimate beyond the
// report: the LCMCR posterior draws of the total and the log-linear headline row.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "estimate/lcmcr.h"
#include "habeas/estimate.h"

namespace habeas::mse {

// `x` rounded to a whole number for a warning's text ("1234"), or "unbounded" for
// kUnbounded (an interval with no upper limit).
inline std::string RoundedNumber(double x) {
  if (x == kUnbounded) return "unbounded";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", x);
  return buf;
}

struct MembershipEstimate {
  EstimateReport report;
  std::vector<double> lcmcr_draws;  // of the total (summed over strata); empty without LCMCR
  std::optional<ModelEstimate> log_linear;  // the log-linear headline (average by the criterion)
};

// The table a stratum's estimators see: lists selected (merges, drops, keep), and
// lists with nobody on them left out (named in `empty_lists` when not null) unless
// that would leave none.
Result<CaptureTable> PrepareTable(const CaptureTable& raw, const ListSelection& selection,
                                  std::vector<std::string>* empty_lists = nullptr);

// The two-way terms every log-linear model must hold for the declared pairs.
std::vector<int> ForcedPairIndices(const CaptureTable& table,
                                   const std::vector<DependentPair>& pairs);

// The lists of `table` (bit j: list j) that never record the population: those named
// in `unrecorded` (input lists), a merged list "A+B" when all its parts are; 0 when
// that would be every list.
uint32_t UnrecordedListsMask(const CaptureTable& table, const std::vector<std::string>& unrecorded);

// The table the log-linear models see: `table` without the lists that never record the
// population (their only-cells are unobservable, which these models cannot express;
// without those lists they are valid on the rest) when at least two lists remain.
Result<CaptureTable> LogLinearTable(const CaptureTable& table, const EstimateOptions& options);

// `lcmcr_mixing` when a chain's effective sample size is below 100 or its Geweke |z|
// above 3; `chain` names it in the message ("the latent-class sampler").
std::optional<EstimateWarning> LcmcrMixingWarning(const LatentClassResult& chain, const char* name);

// `lcmcr_bounded` when LatentClassOptions::max_work shortened `chain`: what ran instead
// of what was asked, why, and what to do.
std::optional<EstimateWarning> LcmcrBoundWarning(const LatentClassResult& chain,
                                                 const LatentClassOptions& asked, const char* name);

// EstimateFromMemberships, keeping the draws.
Result<MembershipEstimate> EstimateMembershipsDetailed(const std::vector<PersonCaptures>& persons,
                                                       const EstimateOptions& options);

}  // namespace habeas::mse
