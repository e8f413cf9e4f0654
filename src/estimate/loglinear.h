// Log-linear models for capture tables: Poisson regression on the observed
// cells (Fienberg 1972; Cormack 1989), with all main effects and a chosen set
// of two-way interactions. The unobserved cell's fitted count is exp(intercept).
//
//   LogLinearAnalysis a = AnalyzeLogLinear(table, /*forced=*/{}, LogLinearOptions{});
//   a.average_bic.estimate;   // model-averaged N
//
// Intervals are profile-likelihood intervals for N under the multinomial
// likelihood (Cormack 1992; as in Rcapture's closedpCI), and model-averaged
// intervals use the MATA-PL rule (Fletcher & Turek 2012, JABES 17:505-525):
// the limits L, U solve sum_m w_m Phi(r_m(L)) = alpha/2 and
// sum_m w_m Phi(r_m(U)) = 1 - alpha/2, r_m the signed root deviance of model m.
//
// Pure computation; thread-compatible (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "habeas/estimate.h"

namespace habeas::mse {

using ListPair = std::pair<int, int>;

// All pairs (i < j) of k lists, in a fixed order; models refer to them by index.
std::vector<ListPair> AllPairs(int k);

// "[LA:NG][PF:GO]" or "independence".
std::string DescribeModel(const std::vector<int>& pairs, const std::vector<ListPair>& all,
                          const std::vector<std::string>& lists);

struct LogLinearFit {
  std::vector<int> pairs;  // indices into AllPairs(k), ascending
  bool converged = false;
  // The maximum likelihood estimate lies on the boundary (an interaction or
  // main effect runs off to +-infinity, e.g. a pair of lists with no overlap):
  // the model is not estimable and is left out of selection and averaging.
  bool boundary = false;
  int parameters = 0;
  double missing = 0;   // fitted count of the unobserved cell, exp(intercept)
  double estimate = 0;  // observed + missing
  double deviance = 0;  // G^2 against the saturated model
  int df = 0;
  double log_likelihood = 0;  // Poisson log-likelihood of the observed cells
  double aic = 0;
  double bic = 0;              // penalty log(observed persons) per parameter, as Rcapture
  std::vector<double> fitted;  // per pattern 1..2^k-1 (index pattern - 1)
  std::vector<double> beta;    // intercept, main effects, interactions
  bool estimable() const { return converged && !boundary; }
};

LogLinearFit FitLogLinear(const CaptureTable& table, const std::vector<int>& pairs);

// Profile likelihood of N for one model: for a fixed number x of unobserved
// persons, the multinomial log-likelihood maximised over the model's other
// parameters, l(x) = log (n+x)! - log x! + sum_cells c log(mu/(n+x)), where the
// Poisson fit uses the complete table with x in the unobserved cell.
// Caches a warm start; not thread-safe.
class ProfileLikelihood {
 public:
  ProfileLikelihood(const CaptureTable& table, const std::vector<int>& pairs,
                    const LogLinearFit& fit);

  double LogLikelihood(double missing);
  // Signed root deviance sign(x - x_ml) sqrt(2 (l(x_ml) - l(x))).
  double SignedRoot(double missing);
  double ml_missing() const { return ml_missing_; }
  // Limits of {x : 2 (l(x_ml) - l(x)) <= z^2}; high is kUnbounded when the
  // likelihood stays flat up to 1e12 persons.
  void Interval(double confidence, double* low, double* high);

 private:
  double observed_;
  int columns_;
  std::vector<std::vector<int>> active_;  // per row of the complete table
  std::vector<double> counts_;            // row 0 is the unobserved cell
  std::vector<double> beta_;
  double ml_missing_ = 0;
  double ml_log_likelihood_ = 0;
};

// Solves the MATA-PL equations for weighted models (weights need not sum to 1).
void ModelAveragedInterval(const std::vector<std::pair<double, ProfileLikelihood*>>& models,
                           double confidence, double* low, double* high);

struct LogLinearAnalysis {
  std::vector<LogLinearFit> fits;   // every model examined (fitted/beta cleared)
  bool exhaustive = true;           // all subsets, or a stepwise search
  // Stepwise only: the free pairs, those the search considered (the strongest
  // pairwise dependences), and whether it stopped at max_stepwise_fits.
  int free_pairs = 0;
  int candidate_pairs = 0;
  bool fit_budget_reached = false;
  int64_t not_estimable = 0;        // boundary or non-converged fits
  LogLinearFit selected;            // best estimable model by the criterion (with fitted)
  std::vector<ModelEstimate> rows;  // per-model table: averages first, then models
  ModelEstimate average_aic;
  ModelEstimate average_bic;
  ModelEstimate headline;  // the average by the chosen criterion
  // Estimates of the models within 4 units of the best by the criterion.
  std::vector<std::pair<std::string, double>> reasonable;
};

// Fits all hierarchical models with two-way terms that contain `forced` (pair
// indices), or searches them stepwise when there are too many; selects,
// averages and computes intervals. Needs at least 2 lists, each non-empty.
Result<LogLinearAnalysis> AnalyzeLogLinear(const CaptureTable& table,
                                           const std::vector<int>& forced,
                                           const LogLinearOptions& options);

}  // namespace habeas::mse
