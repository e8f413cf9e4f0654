#include "estimate/lcmcr.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>
#include <thread>

#include "estimate/linear_algebra.h"
#include "estimate/random.h"

namespace habeas::mse {
namespace {

// Geweke (1992) z-score of one chain with batch-means variances.
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

// The Geweke z of largest size among the chains.
double LargestGewekeZ(const std::vector<std::vector<double>>& chains) {
  double z = 0;
  for (const auto& c : chains) {
    const double zc = GewekeZ(c);
    if (std::fabs(zc) > std::fabs(z)) z = zc;
  }
  return z;
}

}  // namespace

// Effective sample size of the chains' draws by batch means: n var(x) / (b var(batch
// means)), with about 30 batches of size b cut inside the chains (none straddles two),
// so chains that disagree make the batch means disagree too. O(n), adequate for a
// warning threshold and a stopping rule.
double EffectiveSampleSize(const std::vector<std::vector<double>>& chains) {
  size_t n = 0;
  for (const auto& c : chains) n += c.size();
  if (n < 60) return static_cast<double>(n);
  const size_t per_chain = std::max<size_t>(30 / chains.size(), 2);
  const size_t size = std::max<size_t>(chains.front().size() / per_chain, 1);
  double sum = 0;
  size_t used = 0;
  for (const auto& c : chains) {
    const size_t batches = c.size() / size;
    sum = std::accumulate(c.begin(), c.begin() + batches * size, sum);
    used += batches * size;
  }
  const double mean = sum / used;
  double var = 0, batch_var = 0;
  size_t batch_count = 0;
  for (const auto& c : chains) {
    for (size_t b = 0; b < c.size() / size; ++b) {
      double bm = 0;
      for (size_t i = 0; i < size; ++i) {
        const double v = c[b * size + i];
        bm += v;
        var += (v - mean) * (v - mean);
      }
      bm /= size;
      batch_var += (bm - mean) * (bm - mean);
      ++batch_count;
    }
  }
  if (batch_count < 2) return static_cast<double>(n);
  var /= (used - 1);
  batch_var /= (batch_count - 1);
  if (!(batch_var > 0)) return static_cast<double>(n);
  return std::min(static_cast<double>(n), static_cast<double>(n) * var / (size * batch_var));
}

// Rank-normalised split R-hat (Vehtari, Gelman, Simpson, Carpenter & Burkner 2021,
// "Rank-normalization, folding, and localization: an improved R-hat", Bayesian
// Analysis 16:667-718): every draw replaced by the normal quantile of its average rank
// among all draws, each chain cut in halves, and R-hat = sqrt(var+ / W) over the
// halves. Ranks make it hold for the heavy right tail of N. 1 when the chains agree;
// the reference's threshold for trusting them is 1.01.
double SplitRhat(const std::vector<std::vector<double>>& chains) {
  size_t shortest = chains.front().size();
  for (const auto& c : chains) shortest = std::min(shortest, c.size());
  const size_t half = shortest / 2;
  if (half < 2) return 1.0;
  std::vector<std::pair<double, size_t>> all;  // value, position
  for (const auto& c : chains) {
    for (size_t i = 0; i < 2 * half; ++i) all.emplace_back(c[i], all.size());
  }
  std::sort(all.begin(), all.end());
  std::vector<double> z(all.size());
  const double s = static_cast<double>(all.size());
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double rank = 0.5 * static_cast<double>(i + j + 1);  // average rank, from 1
    const double q = NormalQuantile((rank - 0.375) / (s + 0.25));
    for (size_t k = i; k < j; ++k) z[all[k].second] = q;
    i = j;
  }
  const size_t m = 2 * chains.size();
  double within = 0, mean_of_means = 0;
  std::vector<double> means(m);
  for (size_t h = 0; h < m; ++h) {
    const double* x = z.data() + h * half;
    const double mean = std::accumulate(x, x + half, 0.0) / half;
    double v = 0;
    for (size_t i = 0; i < half; ++i) v += (x[i] - mean) * (x[i] - mean);
    within += v / (half - 1);
    means[h] = mean;
    mean_of_means += mean;
  }
  within /= m;
  mean_of_means /= m;
  double between = 0;
  for (double mean : means) between += (mean - mean_of_means) * (mean - mean_of_means);
  between = between * half / (m - 1);
  // Halves that never move: they agree only if they sit at the same value.
  if (!(within > 0)) return between > 0 ? std::numeric_limits<double>::infinity() : 1.0;
  const double var_plus = (half - 1.0) / half * within + between / half;
  return std::sqrt(var_plus / within);
}

std::string ChainsRun(const LatentClassResult& result) {
  std::string text = std::to_string(result.chains) +
                     (result.chains == 1 ? " chain, " : " chains, ") +
                     std::to_string(result.draws.size()) + " draws";
  if (result.rounds > 1) {
    text += " of the last " + std::to_string(result.rounds_kept) + " of " +
            std::to_string(result.rounds) + " rounds";
  }
  return text;
}

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
    // Every chain burns in, and burns in again after each switch of table.
    const double chains = options.chains;
    const double switches =
        segments > 1 ? chains * static_cast<double>(segments * *switch_burn_in) : 0;
    const double round = (static_cast<double>(options.iterations) + switches) * work_per_sweep;
    const double first = chains * static_cast<double>(options.burn_in) * work_per_sweep + round;
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

Status CheckChainOptions(const LatentClassOptions& options) {
  if (options.max_classes < 1 || options.max_classes > 1000) {
    return InvalidInput("--classes must be between 1 and 1000");
  }
  if (options.iterations < 1) return InvalidInput("--iterations must be at least 1");
  if (options.burn_in < 0) return InvalidInput("--burn-in cannot be negative");
  if (options.thinning < 1) return InvalidInput("thinning must be at least 1");
  if (options.max_rounds < 1) return InvalidInput("the latent-class chain needs at least 1 round");
  if (options.chains < 1 || options.chains > 64) {
    return InvalidInput("--chains must be between 1 and 64");
  }
  if (!(options.min_effective_draws >= 0)) {
    return InvalidInput("--min-ess cannot be negative");
  }
  if (!(options.max_work >= 0)) return InvalidInput("the work bound cannot be negative");
  if (!(options.alpha_shape > 0) || !(options.alpha_rate > 0)) {
    return InvalidInput("the Gamma prior on alpha needs positive shape and rate");
  }
  return Status::Ok();
}

// The tables share their lists and have persons; the options are usable; no person is
// in a cell made only of lists that never record the population (`unrecorded`).
Status CheckChainInput(const std::vector<CaptureTable>& tables, const LatentClassOptions& options,
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
  if (first.num_lists() < 2) return InvalidInput("the latent-class model needs at least 2 lists");
  HABEAS_RETURN_IF_ERROR(CheckChainOptions(options));
  const uint32_t unrecorded = options.unrecorded_lists & (first.num_patterns() - 1);
  if (unrecorded == first.num_patterns() - 1) {
    return InvalidInput("every list is marked as not recording the population");
  }
  for (const CaptureTable& t : tables) {
    for (uint32_t p = 1; p < t.num_patterns(); ++p) {
      if ((p & ~unrecorded) == 0 && t.count(p) > 0) {
        return InvalidInput(
            "persons are observed only on lists marked as not recording the "
            "population; their cell must be empty");
      }
    }
  }
  return Status::Ok();
}

// The Gibbs sampler's state and its sweep (lcmcr.h: steps 1 to 5). Capture
// probabilities are indexed [j * K + k] (list j, class k).
class GibbsChain {
 public:
  GibbsChain(const CaptureTable& first, const LatentClassOptions& options)
      : options_(options),
        lists_(first.num_lists()),
        classes_(options.max_classes),
        unrecorded_(options.unrecorded_lists & (first.num_patterns() - 1)),
        rng_(options.seed),
        log_lambda_(static_cast<size_t>(lists_) * classes_),
        log_one_minus_lambda_(log_lambda_.size()),
        log_pi_(classes_, -std::log(static_cast<double>(classes_))),
        missing_class_(classes_, 0),
        log_weights_(classes_),
        tail_weight_(classes_),
        observed_size_(classes_),
        class_size_(classes_),
        captures_(log_lambda_.size()),
        log_theta_(classes_) {
    Load(first);
    Start(first);
  }

  // Sweeps the chain over `table` from now on.
  void Load(const CaptureTable& table) {
    n_ = static_cast<double>(table.observed());
    patterns_.clear();
    pattern_counts_.clear();
    for (uint32_t p = 1; p < table.num_patterns(); ++p) {
      if (table.count(p) > 0) {
        patterns_.push_back(p);
        pattern_counts_.push_back(table.count(p));
      }
    }
  }

  void Sweep() {
    DrawObservedClasses();
    DrawUnobserved();
    DrawCaptureProbabilities();
    DrawClassWeights();
    DrawConcentration();
  }

  double total() const { return n_ + static_cast<double>(missing_); }  // N of this sweep
  int occupied() const { return occupied_; }  // classes holding someone in this sweep
  double alpha() const { return alpha_; }

 private:
  // Capture probabilities near each list's observed share, jittered so classes can
  // separate.
  void Start(const CaptureTable& table) {
    for (int j = 0; j < lists_; ++j) {
      const double share = static_cast<double>(table.list_total(j)) / n_;
      for (int k = 0; k < classes_; ++k) {
        double lambda = std::clamp(share * (0.5 + rng_.Uniform()), 0.01, 0.99);
        log_lambda_[j * classes_ + k] = std::log(lambda);
        log_one_minus_lambda_[j * classes_ + k] = std::log1p(-lambda);
      }
    }
  }

  // Log weight of each class for a person with `pattern`, into log_weights_; returns
  // the largest.
  double ClassLogWeights(uint32_t pattern) {
    double max_weight = -INFINITY;
    for (int k = 0; k < classes_; ++k) {
      double w = log_pi_[k];
      for (int j = 0; j < lists_; ++j) {
        w += (pattern >> j & 1u) ? log_lambda_[j * classes_ + k]
                                 : log_one_minus_lambda_[j * classes_ + k];
      }
      log_weights_[k] = w;
      max_weight = std::max(max_weight, w);
    }
    return max_weight;
  }

  // 1. Classes of observed persons: the persons of one pattern are exchangeable, so
  //    their class counts are one multinomial draw (conditional binomials), at a cost
  //    independent of how many persons share the pattern.
  void DrawObservedClasses() {
    std::fill(observed_size_.begin(), observed_size_.end(), 0.0);
    std::fill(captures_.begin(), captures_.end(), 0.0);
    for (size_t p = 0; p < patterns_.size(); ++p) {
      const uint32_t pattern = patterns_[p];
      const double max_weight = ClassLogWeights(pattern);
      double tail = 0;  // sum of the weights of classes k..K-1
      for (int k = classes_ - 1; k >= 0; --k) {
        tail += std::exp(log_weights_[k] - max_weight);
        tail_weight_[k] = tail;
      }
      int64_t remaining = pattern_counts_[p];
      for (int k = 0; k < classes_ && remaining > 0; ++k) {
        const int64_t c = k + 1 == classes_
                              ? remaining
                              : rng_.Binomial(remaining, std::exp(log_weights_[k] - max_weight) /
                                                             tail_weight_[k]);
        if (c == 0) continue;
        remaining -= c;
        observed_size_[k] += static_cast<double>(c);
        for (int j = 0; j < lists_; ++j) {
          if (pattern >> j & 1u) captures_[j * classes_ + k] += static_cast<double>(c);
        }
      }
    }
  }

  // 2. Unobserved persons and their classes (Gamma-Poisson form of the negative
  //    binomial times multinomial; p(N) ~ 1/N). Unobserved: on none of the lists that
  //    record the population (the lists that do not may hold them).
  void DrawUnobserved() {
    double captured_probability = 0;  // 1 - pi0, summed without cancellation
    for (int k = 0; k < classes_; ++k) {
      double s = 0;
      for (int j = 0; j < lists_; ++j) {
        if (!(unrecorded_ >> j & 1u)) s += log_one_minus_lambda_[j * classes_ + k];
      }
      log_theta_[k] = s;
      captured_probability += std::exp(log_pi_[k]) * -std::expm1(s);
    }
    const double g = rng_.Gamma(n_);
    missing_ = 0;
    for (int k = 0; k < classes_; ++k) {
      const double mean = g * std::exp(log_pi_[k] + log_theta_[k]) / captured_probability;
      missing_class_[k] = rng_.Poisson(std::min(mean, 1e15));
      missing_ += missing_class_[k];
      // Given that, each is on each list that does not record the population
      // independently with its class's probability.
      for (int j = 0; j < lists_; ++j) {
        if (!(unrecorded_ >> j & 1u) || missing_class_[k] == 0) continue;
        captures_[j * classes_ + k] += static_cast<double>(
            rng_.Binomial(missing_class_[k], std::exp(log_lambda_[j * classes_ + k])));
      }
    }
  }

  // 3. Capture probabilities per class and list.
  void DrawCaptureProbabilities() {
    for (int k = 0; k < classes_; ++k) {
      class_size_[k] = observed_size_[k] + static_cast<double>(missing_class_[k]);
    }
    for (int j = 0; j < lists_; ++j) {
      for (int k = 0; k < classes_; ++k) {
        const double s = captures_[j * classes_ + k];
        rng_.LogBeta(1.0 + s, 1.0 + class_size_[k] - s, &log_lambda_[j * classes_ + k],
                     &log_one_minus_lambda_[j * classes_ + k]);
      }
    }
  }

  // 4. Stick-breaking weights.
  void DrawClassWeights() {
    double remaining = 0;
    for (int k = 0; k < classes_; ++k) remaining += class_size_[k];
    double log_rest = 0;  // log prod_{h<k} (1 - V_h)
    sum_log_one_minus_v_ = 0;
    occupied_ = 0;
    for (int k = 0; k < classes_; ++k) {
      remaining -= class_size_[k];
      if (class_size_[k] > 0) ++occupied_;
      if (k == classes_ - 1) {
        log_pi_[k] = log_rest;
        break;
      }
      double log_v, log_one_minus_v;
      rng_.LogBeta(1.0 + class_size_[k], alpha_ + std::max(remaining, 0.0), &log_v,
                   &log_one_minus_v);
      log_pi_[k] = log_rest + log_v;
      log_rest += log_one_minus_v;
      sum_log_one_minus_v_ += log_one_minus_v;
    }
  }

  // 5. Concentration.
  void DrawConcentration() {
    alpha_ = std::exp(rng_.LogGamma(options_.alpha_shape + classes_ - 1)) /
             (options_.alpha_rate - sum_log_one_minus_v_);
    if (!(alpha_ > 1e-300)) alpha_ = 1e-300;
  }

  const LatentClassOptions options_;
  const int lists_;
  const int classes_;
  const uint32_t unrecorded_;
  Rng rng_;
  // The table swept: observed persons, and the observed patterns with their counts.
  double n_ = 0;
  std::vector<uint32_t> patterns_;
  std::vector<int64_t> pattern_counts_;
  // State.
  std::vector<double> log_lambda_;
  std::vector<double> log_one_minus_lambda_;
  std::vector<double> log_pi_;
  double alpha_ = 1.0;
  std::vector<int64_t> missing_class_;
  int64_t missing_ = 0;
  int occupied_ = 0;
  double sum_log_one_minus_v_ = 0;
  // Scratch of a sweep.
  std::vector<double> log_weights_, tail_weight_;
  std::vector<double> observed_size_, class_size_;
  std::vector<double> captures_;  // observed and drawn captures per list and class
  std::vector<double> log_theta_;
};

// One chain with what its sweeps after burn-in gave, round by round.
struct ChainRun {
  ChainRun(const CaptureTable& first, const LatentClassOptions& options) : chain(first, options) {}
  GibbsChain chain;
  std::vector<double> draws;          // N of each thinned sweep, all rounds
  std::vector<uint32_t> draw_tables;  // the table each was drawn on
  std::vector<int> occupied;          // classes holding someone, each draw
  std::vector<double> alpha;          // concentration, each draw
  std::vector<size_t> round_starts;   // where each round's draws begin
};

// One round of a chain: `options.iterations` sweeps split over the tables in order,
// each after its burn-in (the first round's first table after options.burn_in).
void RunRound(const std::vector<CaptureTable>& tables, const LatentClassOptions& options,
              int64_t switch_burn_in, bool first_round, ChainRun* run) {
  const int64_t segments = static_cast<int64_t>(tables.size());
  const int64_t per_table = std::max<int64_t>(options.iterations / segments, 1);
  GibbsChain& chain = run->chain;
  run->round_starts.push_back(run->draws.size());
  for (int64_t segment = 0; segment < segments; ++segment) {
    if (segments > 1) chain.Load(tables[static_cast<size_t>(segment)]);
    const int64_t discard =
        first_round && segment == 0 ? options.burn_in : (segments > 1 ? switch_burn_in : 0);
    const int64_t keep = segment + 1 == segments  // the last table takes the remainder
                             ? std::max<int64_t>(options.iterations - per_table * (segments - 1), 1)
                             : per_table;
    for (int64_t s = 0; s < discard + keep; ++s) {
      chain.Sweep();
      if (s >= discard && (s - discard) % options.thinning == 0) {
        run->draws.push_back(chain.total());
        run->draw_tables.push_back(static_cast<uint32_t>(segment));
        run->occupied.push_back(chain.occupied());
        run->alpha.push_back(chain.alpha());
      }
    }
  }
}

// A round of every chain, the chains on threads of their own (each owns its state and
// generator, so the draws do not depend on the scheduling). What a chain throws (memory)
// is thrown here once every thread has joined; a thread that cannot start throws here
// too, after the started ones have joined.
void RunRoundOfChains(const std::vector<CaptureTable>& tables, const LatentClassOptions& options,
                      int64_t switch_burn_in, bool first_round, std::vector<ChainRun>* runs) {
  std::vector<std::exception_ptr> failed(runs->size());
  auto run = [&](size_t c) {
    try {
      RunRound(tables, options, switch_burn_in, first_round, &(*runs)[c]);
    } catch (...) {
      failed[c] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> threads;  // joined when they leave this scope, also on a throw
    threads.reserve(runs->size());
    for (size_t c = 1; c < runs->size(); ++c) threads.emplace_back(run, c);
    run(0);
  }
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
}

// The rounds kept: the later half (rounded up) of those run, so that a chain still
// climbing from its start after the burn-in is left out however long it climbs (the
// rule of Gelman et al., Bayesian Data Analysis, 3rd ed., 11.4: discard the first half).
// Whole rounds keep a chain through linkage draws on every table equally.
size_t FirstKeptRound(const ChainRun& run) { return run.round_starts.size() / 2; }

std::vector<std::vector<double>> KeptDrawsOfChains(const std::vector<ChainRun>& runs) {
  std::vector<std::vector<double>> out;
  for (const ChainRun& run : runs) {
    out.emplace_back(run.draws.begin() + run.round_starts[FirstKeptRound(run)], run.draws.end());
  }
  return out;
}

// The kept draws pooled, round by round and chain by chain within a round, with their
// tables and what they sum to.
void PoolKeptDraws(const std::vector<ChainRun>& runs, LatentClassResult* result, double* occupied,
                   double* alpha) {
  const ChainRun& first = runs.front();
  for (size_t round = FirstKeptRound(first); round < first.round_starts.size(); ++round) {
    for (const ChainRun& run : runs) {
      const size_t begin = run.round_starts[round];
      const size_t end =
          round + 1 < run.round_starts.size() ? run.round_starts[round + 1] : run.draws.size();
      for (size_t i = begin; i < end; ++i) {
        result->draws.push_back(run.draws[i]);
        result->draw_tables.push_back(run.draw_tables[i]);
        *occupied += run.occupied[i];
        *alpha += run.alpha[i];
        result->max_occupied_classes =
            std::max<double>(result->max_occupied_classes, run.occupied[i]);
      }
    }
  }
}

void Summarize(const std::vector<ChainRun>& runs, double confidence, LatentClassResult* result) {
  double occupied = 0, alpha = 0;
  PoolKeptDraws(runs, result, &occupied, &alpha);
  const double draws = static_cast<double>(result->draws.size());
  const std::vector<std::vector<double>> chains = KeptDrawsOfChains(runs);
  result->chains = static_cast<int>(runs.size());
  result->rounds_kept =
      static_cast<int>(runs.front().round_starts.size() - FirstKeptRound(runs.front()));
  result->mean = std::accumulate(result->draws.begin(), result->draws.end(), 0.0) / draws;
  result->effective_sample_size = EffectiveSampleSize(chains);
  result->split_rhat = runs.size() > 1 ? SplitRhat(chains) : 1.0;
  result->geweke_z = LargestGewekeZ(chains);
  result->mean_occupied_classes = occupied / draws;
  result->mean_alpha = alpha / draws;
  result->chain_medians.clear();
  for (const auto& c : chains) {
    std::vector<double> sorted = c;
    std::sort(sorted.begin(), sorted.end());
    result->chain_medians.push_back(SortedQuantile(sorted, 0.5));
  }
  std::vector<double> sorted = result->draws;
  std::sort(sorted.begin(), sorted.end());
  result->median = SortedQuantile(sorted, 0.5);
  result->low = SortedQuantile(sorted, (1.0 - confidence) / 2.0);
  result->high = SortedQuantile(sorted, (1.0 + confidence) / 2.0);
}

// Chain c's generator seed: the seed itself for the first chain, others spread from it
// by a multiplier of their own (strata derive theirs with another, estimate.cc).
uint64_t ChainSeed(uint64_t seed, int chain) {
  return seed + 0xd1b54a32d192ed03ULL * static_cast<uint64_t>(chain);
}

// Whether the chains have run enough: `min_effective_draws` effective draws among the
// kept ones, and chains that agree.
bool Settled(const std::vector<ChainRun>& runs, double min_effective_draws) {
  const std::vector<std::vector<double>> chains = KeptDrawsOfChains(runs);
  if (EffectiveSampleSize(chains) < min_effective_draws) return false;
  return runs.size() < 2 || SplitRhat(chains) <= kSettledSplitRhat;
}

}  // namespace

Result<LatentClassResult> RunLatentClassOverTables(const std::vector<CaptureTable>& tables,
                                                   const LatentClassOptions& options,
                                                   int64_t switch_burn_in) {
  HABEAS_RETURN_IF_ERROR(CheckChainInput(tables, options, switch_burn_in));
  LatentClassResult result;
  const LatentClassOptions run =
      BoundedSchedule(options, WorkPerSweep(tables, options.max_classes),
                      static_cast<int64_t>(tables.size()), &switch_burn_in, &result);
  // Each chain keeps its share of the round's sweeps (rounded up).
  LatentClassOptions per_chain = run;
  per_chain.iterations = (run.iterations + options.chains - 1) / options.chains;
  std::vector<ChainRun> runs;
  runs.reserve(static_cast<size_t>(options.chains));
  for (int c = 0; c < options.chains; ++c) {
    LatentClassOptions seeded = per_chain;
    seeded.seed = ChainSeed(options.seed, c);
    runs.emplace_back(tables.front(), seeded);
  }
  // Rounds until the kept draws of N reach options.min_effective_draws with agreeing
  // chains, or run.max_rounds rounds (those within options.max_work) have run.
  for (int rounds = 1;; ++rounds) {
    RunRoundOfChains(tables, per_chain, switch_burn_in, rounds == 1, &runs);
    result.rounds = rounds;
    if (options.min_effective_draws == 0 || Settled(runs, options.min_effective_draws)) break;
    if (rounds >= run.max_rounds) {
      // Stopped short of the draws asked for by the work bound, not by max_rounds.
      if (run.max_rounds < options.max_rounds) result.bounded = true;
      break;
    }
  }
  Summarize(runs, options.confidence, &result);
  return result;
}

}  // namespace habeas::mse
