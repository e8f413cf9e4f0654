#include "estimate/lcmcr.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "estimate/random.h"

namespace habeas::mse {
namespace {

// Effective sample size by batch means: n var(x) / (b var(batch means)), with
// 30 batches of size b. O(n), adequate for a warning threshold.
double EffectiveSampleSize(const std::vector<double>& x) {
  const size_t n = x.size();
  if (n < 60) return static_cast<double>(n);
  const size_t size = n / 30;
  const size_t batches = n / size;
  const double mean =
      std::accumulate(x.begin(), x.begin() + batches * size, 0.0) / (batches * size);
  double var = 0, batch_var = 0;
  for (size_t b = 0; b < batches; ++b) {
    double bm = 0;
    for (size_t i = 0; i < size; ++i) {
      const double v = x[b * size + i];
      bm += v;
      var += (v - mean) * (v - mean);
    }
    bm /= size;
    batch_var += (bm - mean) * (bm - mean);
  }
  var /= (batches * size - 1);
  batch_var /= (batches - 1);
  if (!(batch_var > 0)) return static_cast<double>(n);
  return std::min(static_cast<double>(n), n * var / (size * batch_var));
}

// Geweke (1992) z-score with batch-means variances.
double GewekeZ(const std::vector<double>& x) {
  const size_t n = x.size();
  if (n < 100) return 0.0;
  const auto stats = [&](size_t begin, size_t end, double* mean, double* var_of_mean) {
    const size_t m = end - begin;
    *mean = std::accumulate(x.begin() + begin, x.begin() + end, 0.0) / m;
    const size_t batches = 20, size = m / batches;
    double s = 0;
    for (size_t b = 0; b < batches; ++b) {
      double bm = 0;
      for (size_t i = 0; i < size; ++i) bm += x[begin + b * size + i];
      bm /= size;
      s += (bm - *mean) * (bm - *mean);
    }
    *var_of_mean = s / (batches - 1) / batches;
  };
  double m1, v1, m2, v2;
  stats(0, n / 10, &m1, &v1);
  stats(n / 2, n, &m2, &v2);
  if (!(v1 + v2 > 0)) return 0.0;
  return (m1 - m2) / std::sqrt(v1 + v2);
}

}  // namespace

double SortedQuantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double h = (sorted.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

Result<LatentClassResult> RunLatentClass(const CaptureTable& table,
                                         const LatentClassOptions& options) {
  return RunLatentClassOverTables({table}, options, 0);
}

namespace {

// The largest observed-pattern count of `tables` times classes times lists: the work
// of one sweep, in LatentClassOptions::max_work's units.
double WorkPerSweep(const std::vector<CaptureTable>& tables, int classes) {
  int64_t most = 0;
  for (const CaptureTable& t : tables) {
    int64_t observed = 0;
    for (uint32_t p = 1; p < t.num_patterns(); ++p) observed += t.count(p) > 0;
    most = std::max(most, observed);
  }
  return static_cast<double>(most) * classes * tables.front().num_lists();
}

// The schedule that fits options.max_work (see LatentClassOptions): the options as
// given when one round fits (and as many rounds as fit), else the first round scaled
// down and no other. Records what ran in `result`.
LatentClassOptions BoundedSchedule(const LatentClassOptions& options, double work_per_sweep,
                                   int64_t segments, int64_t* switch_burn_in,
                                   LatentClassResult* result) {
  LatentClassOptions run = options;
  result->work_per_sweep = work_per_sweep;
  if (options.max_work > 0) {
    const double switches = segments > 1 ? static_cast<double>(segments * *switch_burn_in) : 0;
    const double round = (static_cast<double>(options.iterations) + switches) * work_per_sweep;
    const double first = static_cast<double>(options.burn_in) * work_per_sweep + round;
    if (first > options.max_work) {
      const double f = options.max_work / first;
      run.burn_in = static_cast<int64_t>(static_cast<double>(options.burn_in) * f);
      run.iterations =
          std::max<int64_t>(static_cast<int64_t>(static_cast<double>(options.iterations) * f), 1);
      run.thinning = std::max(static_cast<int>(options.thinning * f), 1);
      *switch_burn_in = static_cast<int64_t>(static_cast<double>(*switch_burn_in) * f);
      run.max_rounds = 1;
      result->bounded = true;
    } else {
      const double fit = 1 + std::floor((options.max_work - first) / round);
      run.max_rounds = static_cast<int>(std::min<double>(options.max_rounds, fit));
    }
  }
  result->burn_in_run = run.burn_in;
  result->iterations_run = run.iterations;
  result->thinning_run = run.thinning;
  result->rounds_allowed = run.max_rounds;
  return run;
}

}  // namespace

Result<LatentClassResult> RunLatentClassOverTables(const std::vector<CaptureTable>& tables,
                                                   const LatentClassOptions& options,
                                                   int64_t switch_burn_in) {
  if (tables.empty()) return InvalidInput("the latent-class model needs a table");
  const CaptureTable& first = tables.front();
  for (const CaptureTable& t : tables) {
    if (t.lists() != first.lists()) {
      return InvalidInput("the latent-class chain over several tables needs the same lists");
    }
    if (t.observed() == 0) return InvalidInput("the table has no observed persons");
  }
  if (switch_burn_in < 0) return InvalidInput("switch burn-in cannot be negative");
  const CaptureTable* current = &first;
  const CaptureTable& table = first;  // the starting values
  const int lists = table.num_lists();
  const int classes = options.max_classes;
  if (lists < 2) return InvalidInput("the latent-class model needs at least 2 lists");
  if (classes < 1 || classes > 1000) return InvalidInput("--classes must be between 1 and 1000");
  if (options.iterations < 1) return InvalidInput("--iterations must be at least 1");
  if (options.burn_in < 0) return InvalidInput("--burn-in cannot be negative");
  if (options.thinning < 1) return InvalidInput("thinning must be at least 1");
  if (options.max_rounds < 1) return InvalidInput("the latent-class chain needs at least 1 round");
  if (!(options.min_effective_draws >= 0)) {
    return InvalidInput("--min-ess cannot be negative");
  }
  if (!(options.max_work >= 0)) return InvalidInput("the work bound cannot be negative");
  if (!(options.alpha_shape > 0) || !(options.alpha_rate > 0)) {
    return InvalidInput("the Gamma prior on alpha needs positive shape and rate");
  }
  double n = 0;
  // Observed patterns with their counts (of the current table).
  std::vector<uint32_t> patterns;
  std::vector<int64_t> pattern_counts;
  size_t num_patterns = 0;
  // Unobservable patterns: those made only of lists that never record the population
  // (options.unrecorded_lists), and the all-zero one.
  const uint32_t unrecorded = options.unrecorded_lists & (first.num_patterns() - 1);
  if (unrecorded == first.num_patterns() - 1) {
    return InvalidInput("every list is marked as not recording the population");
  }
  const auto hidden = [&](uint32_t p) { return (p & ~unrecorded) == 0; };
  for (const CaptureTable& t : tables) {
    for (uint32_t p = 1; p < t.num_patterns(); ++p) {
      if (hidden(p) && t.count(p) > 0) {
        return InvalidInput(
            "persons are observed only on lists marked as not recording the "
            "population; their cell must be empty");
      }
    }
  }
  const auto load = [&](const CaptureTable& t) {
    n = static_cast<double>(t.observed());
    patterns.clear();
    pattern_counts.clear();
    for (uint32_t p = 1; p < t.num_patterns(); ++p) {
      if (t.count(p) > 0) {
        patterns.push_back(p);
        pattern_counts.push_back(t.count(p));
      }
    }
    num_patterns = patterns.size();
  };
  load(*current);
  // Sweeps per table after the burn-in; the last table takes the remainder.
  const int64_t segments = static_cast<int64_t>(tables.size());
  LatentClassResult result;
  const LatentClassOptions run =
      BoundedSchedule(options, WorkPerSweep(tables, classes), segments, &switch_burn_in, &result);
  const int64_t per_table = std::max<int64_t>(run.iterations / segments, 1);

  Rng rng(options.seed);
  // State.
  std::vector<double> log_lambda(static_cast<size_t>(lists) * classes);  // [j * K + k]
  std::vector<double> log_one_minus_lambda(log_lambda.size());
  std::vector<double> log_pi(classes, -std::log(static_cast<double>(classes)));
  double alpha = 1.0;
  std::vector<int64_t> missing_class(classes, 0);

  // Start: capture probabilities near each list's observed share, jittered so
  // classes can separate.
  for (int j = 0; j < lists; ++j) {
    const double share = static_cast<double>(table.list_total(j)) / n;
    for (int k = 0; k < classes; ++k) {
      double lambda = std::clamp(share * (0.5 + rng.Uniform()), 0.01, 0.99);
      log_lambda[j * classes + k] = std::log(lambda);
      log_one_minus_lambda[j * classes + k] = std::log1p(-lambda);
    }
  }

  std::vector<double> log_weights(classes), tail_weight(classes);
  std::vector<double> observed_size(classes), class_size(classes);
  std::vector<double> captures(static_cast<size_t>(lists) * classes);  // [j * K + k], observed
  std::vector<double> log_theta(classes);
  result.draws.reserve(static_cast<size_t>(run.iterations / run.thinning + 1));
  double occupied_sum = 0, alpha_sum = 0;
  int64_t missing = 0;  // unobserved persons in the current sweep
  int occupied = 0;     // classes holding someone in the current sweep

  // One Gibbs sweep over the current table.
  const auto sweep = [&] {
    // 1. Classes of observed persons: the persons of one pattern are exchangeable,
    //    so their class counts are one multinomial draw (conditional binomials),
    //    at a cost independent of how many persons share the pattern.
    std::fill(observed_size.begin(), observed_size.end(), 0.0);
    std::fill(captures.begin(), captures.end(), 0.0);
    for (size_t p = 0; p < num_patterns; ++p) {
      const uint32_t pattern = patterns[p];
      double max_weight = -INFINITY;
      for (int k = 0; k < classes; ++k) {
        double w = log_pi[k];
        for (int j = 0; j < lists; ++j) {
          w += (pattern >> j & 1u) ? log_lambda[j * classes + k]
                                   : log_one_minus_lambda[j * classes + k];
        }
        log_weights[k] = w;
        max_weight = std::max(max_weight, w);
      }
      double tail = 0;  // sum of the weights of classes k..K-1
      for (int k = classes - 1; k >= 0; --k) {
        tail += std::exp(log_weights[k] - max_weight);
        tail_weight[k] = tail;
      }
      int64_t remaining = pattern_counts[p];
      for (int k = 0; k < classes && remaining > 0; ++k) {
        const int64_t c =
            k + 1 == classes
                ? remaining
                : rng.Binomial(remaining, std::exp(log_weights[k] - max_weight) / tail_weight[k]);
        if (c == 0) continue;
        remaining -= c;
        observed_size[k] += static_cast<double>(c);
        for (int j = 0; j < lists; ++j) {
          if (pattern >> j & 1u) captures[j * classes + k] += static_cast<double>(c);
        }
      }
    }

    // 2. Unobserved persons and their classes (Gamma-Poisson form of the
    //    negative binomial times multinomial; p(N) ~ 1/N). Unobserved: on none of
    //    the lists that record the population (the lists that do not may hold them).
    double captured_probability = 0;  // 1 - pi0, summed without cancellation
    for (int k = 0; k < classes; ++k) {
      double s = 0;
      for (int j = 0; j < lists; ++j) {
        if (!(unrecorded >> j & 1u)) s += log_one_minus_lambda[j * classes + k];
      }
      log_theta[k] = s;
      captured_probability += std::exp(log_pi[k]) * -std::expm1(s);
    }
    const double g = rng.Gamma(n);
    missing = 0;
    for (int k = 0; k < classes; ++k) {
      const double mean = g * std::exp(log_pi[k] + log_theta[k]) / captured_probability;
      missing_class[k] = rng.Poisson(std::min(mean, 1e15));
      missing += missing_class[k];
      // Given that, each is on each list that does not record the population
      // independently with its class's probability.
      for (int j = 0; j < lists; ++j) {
        if (!(unrecorded >> j & 1u) || missing_class[k] == 0) continue;
        captures[j * classes + k] += static_cast<double>(
            rng.Binomial(missing_class[k], std::exp(log_lambda[j * classes + k])));
      }
    }

    // 3. Capture probabilities per class and list.
    for (int k = 0; k < classes; ++k) {
      class_size[k] = observed_size[k] + static_cast<double>(missing_class[k]);
    }
    for (int j = 0; j < lists; ++j) {
      for (int k = 0; k < classes; ++k) {
        const double s = captures[j * classes + k];
        rng.LogBeta(1.0 + s, 1.0 + class_size[k] - s, &log_lambda[j * classes + k],
                    &log_one_minus_lambda[j * classes + k]);
      }
    }

    // 4. Stick-breaking weights.
    double remaining = 0;
    for (int k = 0; k < classes; ++k) remaining += class_size[k];
    double log_rest = 0;  // log prod_{h<k} (1 - V_h)
    double sum_log_one_minus_v = 0;
    occupied = 0;
    for (int k = 0; k < classes; ++k) {
      remaining -= class_size[k];
      if (class_size[k] > 0) ++occupied;
      if (k == classes - 1) {
        log_pi[k] = log_rest;
        break;
      }
      double log_v, log_one_minus_v;
      rng.LogBeta(1.0 + class_size[k], alpha + std::max(remaining, 0.0), &log_v, &log_one_minus_v);
      log_pi[k] = log_rest + log_v;
      log_rest += log_one_minus_v;
      sum_log_one_minus_v += log_one_minus_v;
    }

    // 5. Concentration.
    alpha = std::exp(rng.LogGamma(options.alpha_shape + classes - 1)) /
            (options.alpha_rate - sum_log_one_minus_v);
    if (!(alpha > 1e-300)) alpha = 1e-300;
  };

  // Rounds of run.iterations kept sweeps (split over the tables, each after its
  // burn-in), repeated until the draws of N reach options.min_effective_draws or
  // run.max_rounds rounds (those within options.max_work) have run.
  for (int rounds = 1;; ++rounds) {
    for (int64_t segment = 0; segment < segments; ++segment) {
      if (segments > 1) {
        current = &tables[static_cast<size_t>(segment)];
        load(*current);
      }
      const int64_t discard =
          rounds == 1 && segment == 0 ? run.burn_in : (segments > 1 ? switch_burn_in : 0);
      const int64_t keep = segment + 1 == segments
                               ? std::max<int64_t>(run.iterations - per_table * (segments - 1), 1)
                               : per_table;
      for (int64_t s = 0; s < discard + keep; ++s) {
        sweep();
        if (s >= discard && (s - discard) % run.thinning == 0) {
          result.draws.push_back(n + static_cast<double>(missing));
          occupied_sum += occupied;
          alpha_sum += alpha;
          result.max_occupied_classes = std::max<double>(result.max_occupied_classes, occupied);
        }
      }
    }
    result.rounds = rounds;
    if (EffectiveSampleSize(result.draws) >= options.min_effective_draws) break;
    if (rounds >= run.max_rounds) {
      // Stopped short of the draws asked for by the work bound, not by max_rounds.
      if (run.max_rounds < options.max_rounds) result.bounded = true;
      break;
    }
  }

  const double draws = static_cast<double>(result.draws.size());
  result.mean = std::accumulate(result.draws.begin(), result.draws.end(), 0.0) / draws;
  result.effective_sample_size = EffectiveSampleSize(result.draws);
  result.geweke_z = GewekeZ(result.draws);
  result.mean_occupied_classes = occupied_sum / draws;
  result.mean_alpha = alpha_sum / draws;
  std::vector<double> sorted = result.draws;
  std::sort(sorted.begin(), sorted.end());
  result.median = SortedQuantile(sorted, 0.5);
  result.low = SortedQuantile(sorted, (1.0 - options.confidence) / 2.0);
  result.high = SortedQuantile(sorted, (1.0 + options.confidence) / 2.0);
  return result;
}

}  // namespace habeas::mse
