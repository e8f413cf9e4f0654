// The Bayesian non-parametric latent-class model for capture-recapture of
// Manrique-Vallier (2016), "Bayesian population size estimation using
// Dirichlet process mixtures", Biometrics 72(4):1246-1254 (the R package LCMCR).
//
// Model: each of N persons belongs to a latent class z in 1..K with
// probabilities pi from a truncated stick-breaking prior (V_k ~ Beta(1, alpha),
// alpha ~ Gamma(a, b)); within class k list j captures independently with
// probability lambda_jk ~ Beta(1, 1); p(N) proportional to 1/N. Heterogeneous
// capture probabilities, and the positive dependence between lists they cause,
// are absorbed by the classes.
//
// Gibbs sampler with data augmentation for the unobserved persons:
//   1. classes of observed persons, pattern by pattern: the persons sharing a
//      pattern are exchangeable, so their class counts are one multinomial draw
//      (conditional binomials), at a cost independent of n;
//   2. the number of unobserved persons and their classes jointly: with
//      theta_k = prod_j (1 - lambda_jk) and pi0 = sum_k pi_k theta_k,
//      N - n ~ NegBin(n, 1 - pi0) and, given it, the classes are multinomial
//      with probabilities pi_k theta_k / pi0; drawn exactly as independent
//      Poisson(G pi_k theta_k / (1 - pi0)) counts with G ~ Gamma(n, 1);
//   3. lambda_jk ~ Beta(1 + captures, 1 + non-captures) in class k;
//   4. stick-breaking V_k ~ Beta(1 + n_k, alpha + sum_{h>k} n_h);
//   5. alpha ~ Gamma(a + K - 1, b - sum_{k<K} log(1 - V_k)).
// Draws are reproducible for a given seed on every platform (estimate/random.h).
//
//   LatentClassResult r = RunLatentClass(table, LatentClassOptions{});
//   r.median, r.low, r.high;
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "habeas/estimate.h"

namespace habeas::mse {

// The split R-hat at or below which the chains count as agreeing (RunLatentClass's
// stopping rule, the lcmcr_mixing warning). Vehtari et al. (2021) trust 1.01; the
// chains here are short for a heavy-tailed N, and 1.05 is the looser bound they name.
inline constexpr double kSettledSplitRhat = 1.05;

struct LatentClassResult {
  // Posterior draws of N (thinned) of every chain, from the rounds kept (the later half
  // of those run, rounded up; all of one): round by round, and within a round chain
  // by chain.
  std::vector<double> draws;
  std::vector<uint32_t> draw_tables;  // the table (RunLatentClassOverTables) of each draw
  double mean = 0;
  double median = 0;
  double low = 0;   // quantile (1 - confidence) / 2
  double high = 0;  // quantile (1 + confidence) / 2
  // Diagnostics.
  int chains = 1;
  double effective_sample_size = 0;   // of the N draws, by batch means within the chains
  double split_rhat = 1;              // rank-normalised, over the chains' halves
  std::vector<double> chain_medians;  // each chain's median of N
  double geweke_z = 0;  // first 10% vs last 50% of a chain's draws: the largest of the chains
  double mean_occupied_classes = 0;  // classes holding >= 1 person, averaged
  double max_occupied_classes = 0;
  double mean_alpha = 0;
  int rounds = 0;  // rounds of options.iterations sweeps run (min_effective_draws)
  int rounds_kept = 0;
  // The work bound (LatentClassOptions::max_work): set when it shortened the chain,
  // with the schedule that ran.
  bool bounded = false;
  double work_per_sweep = 0;  // the largest table's observed patterns x classes x lists
  int64_t burn_in_run = 0;
  int64_t iterations_run = 0;  // per round
  int thinning_run = 0;
  int rounds_allowed = 0;
};

// Needs at least 2 lists (3+ for the model to be informative) and options with
// max_classes >= 1, iterations >= 1, burn_in >= 0, thinning >= 1.
Result<LatentClassResult> RunLatentClass(const CaptureTable& table,
                                         const LatentClassOptions& options);

// One chain over several tables of the same lists (the capture tables of resampled
// linkages): burn-in on tables[0], then options.iterations split evenly over the
// tables in order; after each switch `switch_burn_in` sweeps are discarded (the chain
// carries its capture probabilities, class weights and alpha across; the classes of
// the observed persons are redrawn every sweep anyway). The draws are those of the
// mixture of the tables' posteriors. One table: RunLatentClass.
Result<LatentClassResult> RunLatentClassOverTables(const std::vector<CaptureTable>& tables,
                                                   const LatentClassOptions& options,
                                                   int64_t switch_burn_in);

// Effective sample size of the draws of several chains of equal length, by batch means
// (batches cut inside the chains, about 30 in all): chains that disagree lower it.
double EffectiveSampleSize(const std::vector<std::vector<double>>& chains);

// Rank-normalised split R-hat of two or more chains (Vehtari et al. 2021): about 1 when
// they sample the same distribution, above kSettledSplitRhat when they disagree.
double SplitRhat(const std::vector<std::vector<double>>& chains);

// What ran, for a model row: "4 chains, 20000 draws of the last 2 of 3 rounds" (one
// round: "4 chains, 10000 draws").
std::string ChainsRun(const LatentClassResult& result);

// Quantile of sorted values with linear interpolation (R's type 7).
double SortedQuantile(const std::vector<double>& sorted, double p);

}  // namespace habeas::mse
