#include "estimate/loglinear.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "estimate/linear_algebra.h"

namespace habeas::mse {
namespace {

// Parameters beyond this magnitude mean the MLE is on the boundary: a fitted
// probability below e^-15 (3e-7) relative to the baseline cell.
constexpr double kBoundaryParameter = 15.0;
constexpr double kMaxMissing = 1e12;

struct Design {
  int columns = 0;
  std::vector<std::vector<int>> active;  // columns equal to 1 in each row
};

// Rows are patterns first_pattern .. 2^k - 1; columns are the intercept, the k
// main effects, then the interactions in `pairs`.
Design MakeDesign(int k, const std::vector<ListPair>& all, const std::vector<int>& pairs,
                  uint32_t first_pattern) {
  Design d;
  d.columns = 1 + k + static_cast<int>(pairs.size());
  const uint32_t patterns = uint32_t{1} << k;
  for (uint32_t p = first_pattern; p < patterns; ++p) {
    std::vector<int> row{0};
    for (int j = 0; j < k; ++j) {
      if (p & (uint32_t{1} << j)) row.push_back(1 + j);
    }
    for (size_t t = 0; t < pairs.size(); ++t) {
      const ListPair& lp = all[pairs[t]];
      if ((p >> lp.first & 1u) && (p >> lp.second & 1u)) row.push_back(1 + k + static_cast<int>(t));
    }
    d.active.push_back(std::move(row));
  }
  return d;
}

double Deviance(const std::vector<double>& y, const std::vector<double>& mu) {
  double dev = 0;
  for (size_t r = 0; r < y.size(); ++r) {
    dev += (y[r] > 0 ? y[r] * std::log(y[r] / mu[r]) : 0.0) - (y[r] - mu[r]);
  }
  return 2.0 * dev;
}

void Predict(const Design& d, const std::vector<double>& beta, std::vector<double>* eta,
             std::vector<double>* mu) {
  const size_t rows = d.active.size();
  eta->assign(rows, 0.0);
  mu->assign(rows, 0.0);
  for (size_t r = 0; r < rows; ++r) {
    double e = 0;
    for (int c : d.active[r]) e += beta[c];
    (*eta)[r] = e;
    (*mu)[r] = std::exp(std::min(e, 700.0));
  }
}

// Iteratively reweighted least squares for a Poisson log-linear model. `beta`
// is the start when it has the right size, and receives the estimate. Returns
// true on convergence of the deviance.
bool FitPoisson(const Design& d, const std::vector<double>& y, std::vector<double>* beta,
                std::vector<double>* mu_out) {
  const int p = d.columns;
  const size_t rows = d.active.size();
  std::vector<double> eta(rows), mu(rows);
  bool have_beta = beta->size() == static_cast<size_t>(p);
  if (have_beta) {
    Predict(d, *beta, &eta, &mu);
  } else {
    for (size_t r = 0; r < rows; ++r) {
      mu[r] = y[r] + 0.1;
      eta[r] = std::log(mu[r]);
    }
    beta->assign(p, 0.0);
  }
  double dev = Deviance(y, mu);
  std::vector<double> a(static_cast<size_t>(p) * p), b(p), next_eta, next_mu;
  bool converged = false;
  for (int iteration = 0; iteration < 100; ++iteration) {
    std::fill(a.begin(), a.end(), 0.0);
    std::fill(b.begin(), b.end(), 0.0);
    for (size_t r = 0; r < rows; ++r) {
      const double w = mu[r];
      const double wz = w * eta[r] + (y[r] - mu[r]);
      const std::vector<int>& act = d.active[r];
      for (size_t i = 0; i < act.size(); ++i) {
        b[act[i]] += wz;
        for (size_t j = i; j < act.size(); ++j) a[act[i] * p + act[j]] += w;
      }
    }
    std::vector<double> a_copy = a;
    std::vector<double> solution = b;
    if (!CholeskySolve(&a_copy, &solution, p)) {
      // Nearly singular (cells fitted at ~0): a tiny ridge keeps IRLS moving.
      double scale = 0;
      for (int i = 0; i < p; ++i) scale = std::max(scale, a[i * p + i]);
      a_copy = a;
      for (int i = 0; i < p; ++i) a_copy[i * p + i] += 1e-9 * scale + 1e-300;
      solution = b;
      if (!CholeskySolve(&a_copy, &solution, p)) return false;
    }
    Predict(d, solution, &next_eta, &next_mu);
    double next_dev = Deviance(y, next_mu);
    // Step halving when a full step makes things worse (only after a real start).
    for (int halving = 0; have_beta && halving < 30 && !(next_dev <= dev * (1 + 1e-12) + 1e-12);
         ++halving) {
      for (int i = 0; i < p; ++i) solution[i] = 0.5 * (solution[i] + (*beta)[i]);
      Predict(d, solution, &next_eta, &next_mu);
      next_dev = Deviance(y, next_mu);
    }
    *beta = solution;
    have_beta = true;
    eta.swap(next_eta);
    mu.swap(next_mu);
    const double change = std::fabs(next_dev - dev);
    dev = next_dev;
    if (change < 1e-10 * (std::fabs(dev) + 0.1)) {
      converged = true;
      break;
    }
  }
  if (mu_out != nullptr) *mu_out = std::move(mu);
  return converged && std::isfinite(dev);
}

double ChiSquareOneCritical(double confidence) {
  const double z = NormalQuantile(0.5 + confidence / 2.0);
  return z * z;
}

}  // namespace

std::vector<ListPair> AllPairs(int k) {
  std::vector<ListPair> pairs;
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < k; ++j) pairs.emplace_back(i, j);
  }
  return pairs;
}

std::string DescribeModel(const std::vector<int>& pairs, const std::vector<ListPair>& all,
                          const std::vector<std::string>& lists) {
  if (pairs.empty()) return "independence";
  std::string out;
  for (int t : pairs) out += "[" + lists[all[t].first] + ":" + lists[all[t].second] + "]";
  return out;
}

LogLinearFit FitLogLinear(const CaptureTable& table, const std::vector<int>& pairs) {
  const int k = table.num_lists();
  const std::vector<ListPair> all = AllPairs(k);
  const Design d = MakeDesign(k, all, pairs, 1);
  std::vector<double> y;
  for (uint32_t p = 1; p < table.num_patterns(); ++p)
    y.push_back(static_cast<double>(table.count(p)));

  LogLinearFit fit;
  fit.pairs = pairs;
  fit.parameters = d.columns;
  fit.df = static_cast<int>(y.size()) - d.columns;
  fit.converged = FitPoisson(d, y, &fit.beta, &fit.fitted);
  for (int c = 1; c < d.columns; ++c) {
    if (!(std::fabs(fit.beta[c]) <= kBoundaryParameter)) fit.boundary = true;
  }
  fit.missing = std::exp(std::min(fit.beta[0], 700.0));
  if (!(fit.missing <= kMaxMissing)) fit.boundary = true;
  fit.estimate = static_cast<double>(table.observed()) + fit.missing;
  if (fit.fitted.size() != y.size()) {
    fit.converged = false;
    return fit;
  }
  fit.deviance = Deviance(y, fit.fitted);
  double ll = 0;
  for (size_t r = 0; r < y.size(); ++r) {
    ll += (y[r] > 0 ? y[r] * std::log(fit.fitted[r]) : 0.0) - fit.fitted[r] -
          LogGammaFunction(y[r] + 1);
  }
  fit.log_likelihood = ll;
  fit.aic = -2 * ll + 2.0 * fit.parameters;
  fit.bic = -2 * ll + std::log(static_cast<double>(table.observed())) * fit.parameters;
  return fit;
}

ProfileLikelihood::ProfileLikelihood(const CaptureTable& table, const std::vector<int>& pairs,
                                     const LogLinearFit& fit)
    : observed_(static_cast<double>(table.observed())), beta_(fit.beta) {
  const int k = table.num_lists();
  Design d = MakeDesign(k, AllPairs(k), pairs, 0);
  columns_ = d.columns;
  active_ = std::move(d.active);
  counts_.assign(table.num_patterns(), 0.0);
  for (uint32_t p = 1; p < table.num_patterns(); ++p)
    counts_[p] = static_cast<double>(table.count(p));

  // The maximum over x is within a person or so of the conditional estimate
  // (Sanathanan 1972); golden-section search on log x around it.
  const double center = std::max(fit.missing, 1e-6);
  double lo = std::log(center) - 1.0, hi = std::log(center) + 1.0;
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo);
  double f1 = LogLikelihood(std::exp(x1)), f2 = LogLikelihood(std::exp(x2));
  for (int i = 0; i < 60 && hi - lo > 1e-9; ++i) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = LogLikelihood(std::exp(x2));
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = LogLikelihood(std::exp(x1));
    }
  }
  ml_missing_ = std::exp(0.5 * (lo + hi));
  ml_log_likelihood_ = LogLikelihood(ml_missing_);
  if (fit.missing > 0 && LogLikelihood(fit.missing) > ml_log_likelihood_) {
    ml_missing_ = fit.missing;
    ml_log_likelihood_ = LogLikelihood(fit.missing);
  }
}

double ProfileLikelihood::LogLikelihood(double missing) {
  counts_[0] = missing;
  Design d{columns_, active_};
  std::vector<double> mu;
  std::vector<double> beta = beta_;
  if (!FitPoisson(d, counts_, &beta, &mu) || mu.size() != counts_.size()) {
    return -std::numeric_limits<double>::infinity();
  }
  beta_ = beta;
  const double total = observed_ + missing;
  double ll = LogGammaFunction(total + 1.0) - LogGammaFunction(missing + 1.0);
  for (size_t r = 0; r < counts_.size(); ++r) {
    if (counts_[r] > 0) ll += counts_[r] * std::log(mu[r] / total);
  }
  return ll;
}

double ProfileLikelihood::SignedRoot(double missing) {
  const double drop = std::max(0.0, 2.0 * (ml_log_likelihood_ - LogLikelihood(missing)));
  const double root = std::sqrt(drop);
  return missing < ml_missing_ ? -root : root;
}

void ProfileLikelihood::Interval(double confidence, double* low, double* high) {
  const double crit = ChiSquareOneCritical(confidence);
  const auto drop = [&](double x) { return 2.0 * (ml_log_likelihood_ - LogLikelihood(x)); };
  const double floor = std::min(1e-6, ml_missing_ / 2);
  if (!(drop(floor) > crit)) {
    *low = 0.0;
  } else {
    double lo = std::log(floor), hi = std::log(ml_missing_);
    for (int i = 0; i < 80 && hi - lo > 1e-9; ++i) {
      const double mid = 0.5 * (lo + hi);
      (drop(std::exp(mid)) > crit ? lo : hi) = mid;
    }
    *low = std::exp(0.5 * (lo + hi));
  }
  double inside = ml_missing_, outside = 2.0 * ml_missing_ + 10.0;
  while (!(drop(outside) > crit)) {
    inside = outside;
    outside *= 4.0;
    if (outside > kMaxMissing) {
      *high = kUnbounded;
      return;
    }
  }
  double lo = std::log(inside), hi = std::log(outside);
  for (int i = 0; i < 80 && hi - lo > 1e-9; ++i) {
    const double mid = 0.5 * (lo + hi);
    (drop(std::exp(mid)) > crit ? hi : lo) = mid;
  }
  *high = std::exp(0.5 * (lo + hi));
}

void ModelAveragedInterval(const std::vector<std::pair<double, ProfileLikelihood*>>& models,
                           double confidence, double* low, double* high) {
  double total_weight = 0;
  for (const auto& m : models) total_weight += m.first;
  const auto tail = [&](double x) {
    double f = 0;
    for (const auto& [w, profile] : models) f += w * NormalCdf(profile->SignedRoot(x));
    return f / total_weight;
  };
  const double alpha = 1.0 - confidence;
  double min_ml = kMaxMissing, max_ml = 0;
  for (const auto& m : models) {
    min_ml = std::min(min_ml, m.second->ml_missing());
    max_ml = std::max(max_ml, m.second->ml_missing());
  }
  // Lower limit: F is increasing in x; F(max_ml) >= 1/2.
  const double floor = std::min(1e-6, min_ml / 2);
  if (!(tail(floor) < alpha / 2)) {
    *low = 0.0;
  } else {
    double lo = std::log(floor), hi = std::log(std::max(max_ml, floor * 2));
    for (int i = 0; i < 80 && hi - lo > 1e-9; ++i) {
      const double mid = 0.5 * (lo + hi);
      (tail(std::exp(mid)) < alpha / 2 ? lo : hi) = mid;
    }
    *low = std::exp(0.5 * (lo + hi));
  }
  double inside = std::max(min_ml, 1e-6), outside = 2.0 * max_ml + 10.0;
  while (!(tail(outside) > 1.0 - alpha / 2)) {
    inside = outside;
    outside *= 4.0;
    if (outside > kMaxMissing) {
      *high = kUnbounded;
      return;
    }
  }
  double lo = std::log(inside), hi = std::log(outside);
  for (int i = 0; i < 80 && hi - lo > 1e-9; ++i) {
    const double mid = 0.5 * (lo + hi);
    (tail(std::exp(mid)) > 1.0 - alpha / 2 ? hi : lo) = mid;
  }
  *high = std::exp(0.5 * (lo + hi));
}

namespace {

double Criterion(const LogLinearFit& fit, InformationCriterion c) {
  return c == InformationCriterion::kAic ? fit.aic : fit.bic;
}

// Akaike-type weights exp(-delta/2) over estimable fits (0 for the others).
std::vector<double> Weights(const std::vector<LogLinearFit>& fits, InformationCriterion c) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& f : fits) {
    if (f.estimable()) best = std::min(best, Criterion(f, c));
  }
  std::vector<double> w(fits.size(), 0.0);
  double sum = 0;
  for (size_t i = 0; i < fits.size(); ++i) {
    if (!fits[i].estimable()) continue;
    w[i] = std::exp(-0.5 * (Criterion(fits[i], c) - best));
    sum += w[i];
  }
  if (sum > 0) {
    for (double& x : w) x /= sum;
  }
  return w;
}

std::vector<LogLinearFit> SearchExhaustive(const CaptureTable& table,
                                           const std::vector<int>& forced,
                                           const std::vector<int>& free) {
  std::vector<LogLinearFit> fits;
  const uint64_t subsets = uint64_t{1} << free.size();
  fits.reserve(subsets);
  for (uint64_t s = 0; s < subsets; ++s) {
    std::vector<int> pairs = forced;
    for (size_t t = 0; t < free.size(); ++t) {
      if (s >> t & 1u) pairs.push_back(free[t]);
    }
    std::sort(pairs.begin(), pairs.end());
    LogLinearFit fit = FitLogLinear(table, pairs);
    fit.fitted.clear();
    fit.beta.clear();
    fits.push_back(std::move(fit));
  }
  return fits;
}

// |log odds ratio| / standard error of lists i and j in their 2x2 margin (0.5 added
// to each cell; the both-absent cell counts only persons seen elsewhere): how strongly
// the two lists depend on each other, for screening the stepwise candidates.
double PairwiseDependence(const CaptureTable& table, const ListPair& pair) {
  double cells[2][2] = {{0.5, 0.5}, {0.5, 0.5}};
  for (uint32_t p = 1; p < table.num_patterns(); ++p) {
    cells[p >> pair.first & 1u][p >> pair.second & 1u] += static_cast<double>(table.count(p));
  }
  const double log_or = std::log(cells[1][1] * cells[0][0] / (cells[1][0] * cells[0][1]));
  const double se =
      std::sqrt(1 / cells[0][0] + 1 / cells[0][1] + 1 / cells[1][0] + 1 / cells[1][1]);
  return std::fabs(log_or) / se;
}

// The `limit` free pairs with the strongest pairwise dependence (ties: lower index),
// in index order; all of them when there are no more than `limit`.
std::vector<int> StrongestPairs(const CaptureTable& table, const std::vector<int>& free,
                                int limit) {
  if (static_cast<int>(free.size()) <= limit) return free;
  const std::vector<ListPair> all = AllPairs(table.num_lists());
  std::vector<std::pair<double, int>> scored;
  for (int t : free) scored.emplace_back(-PairwiseDependence(table, all[t]), t);
  std::sort(scored.begin(), scored.end());
  std::vector<int> out;
  for (int i = 0; i < limit; ++i) out.push_back(scored[i].second);
  std::sort(out.begin(), out.end());
  return out;
}

// Forward-backward stepwise search from the forced model: at each step the
// best single addition or removal by the criterion, until none improves it or
// `max_fits` distinct models have been fitted (*budget_reached then).
std::vector<LogLinearFit> SearchStepwise(const CaptureTable& table, const std::vector<int>& forced,
                                         const std::vector<int>& free, InformationCriterion c,
                                         int max_fits, bool* budget_reached) {
  std::map<std::vector<int>, LogLinearFit> seen;
  const auto fit_of = [&](const std::vector<int>& pairs) -> const LogLinearFit& {
    auto it = seen.find(pairs);
    if (it == seen.end()) {
      LogLinearFit fit = FitLogLinear(table, pairs);
      fit.fitted.clear();
      fit.beta.clear();
      it = seen.emplace(pairs, std::move(fit)).first;
    }
    return it->second;
  };
  *budget_reached = false;
  std::vector<int> current = forced;
  std::sort(current.begin(), current.end());
  double current_ic = fit_of(current).estimable() ? Criterion(fit_of(current), c)
                                                  : std::numeric_limits<double>::infinity();
  for (int step = 0; step < 500; ++step) {
    std::vector<int> best_pairs;
    double best_ic = current_ic;
    for (int t : free) {
      if (static_cast<int>(seen.size()) >= max_fits) {
        *budget_reached = true;
        break;
      }
      std::vector<int> next = current;
      auto it = std::find(next.begin(), next.end(), t);
      if (it == next.end()) {
        next.push_back(t);
        std::sort(next.begin(), next.end());
      } else {
        next.erase(it);
      }
      const LogLinearFit& f = fit_of(next);
      if (f.estimable() && Criterion(f, c) < best_ic - 1e-9) {
        best_ic = Criterion(f, c);
        best_pairs = next;
      }
    }
    if (best_ic >= current_ic) break;
    current = best_pairs;
    current_ic = best_ic;
    if (*budget_reached) break;
  }
  std::vector<LogLinearFit> fits;
  for (auto& [pairs, fit] : seen) fits.push_back(std::move(fit));
  return fits;
}

ModelEstimate RowOf(const LogLinearFit& fit, const std::string& description) {
  ModelEstimate row;
  row.method = ModelFamily::kLogLinear;
  row.kind = ModelRowKind::kModel;
  row.model = description;
  row.estimate = fit.estimate;
  row.parameters = fit.parameters;
  row.deviance = fit.deviance;
  row.df = fit.df;
  row.aic = fit.aic;
  row.bic = fit.bic;
  return row;
}

// The pairs every model holds (`forced`, sorted and unique) and those the search may
// add. With 2 lists only independence is identifiable (3 cells, 3 parameters).
void SplitPairs(int k, const std::vector<int>& forced, std::vector<int>* forced_sorted,
                std::vector<int>* free) {
  *forced_sorted = forced;
  std::sort(forced_sorted->begin(), forced_sorted->end());
  forced_sorted->erase(std::unique(forced_sorted->begin(), forced_sorted->end()),
                       forced_sorted->end());
  if (k < 3) {
    forced_sorted->clear();
    return;
  }
  const int pairs = static_cast<int>(AllPairs(k).size());
  for (int t = 0; t < pairs; ++t) {
    if (!std::binary_search(forced_sorted->begin(), forced_sorted->end(), t)) free->push_back(t);
  }
}

// Every subset of the free pairs when there are few enough, otherwise a stepwise search
// over the pairs with the strongest pairwise dependence. A model with every two-way
// term is saturated at k = 3 and still estimable.
void SearchModels(const CaptureTable& table, const std::vector<int>& forced,
                  const std::vector<int>& free, const LogLinearOptions& options,
                  LogLinearAnalysis* out) {
  out->exhaustive =
      free.size() < 62 && (int64_t{1} << free.size()) <= options.max_exhaustive_models;
  out->free_pairs = static_cast<int>(free.size());
  if (out->exhaustive) {
    out->fits = SearchExhaustive(table, forced, free);
    return;
  }
  const std::vector<int> candidates = StrongestPairs(table, free, options.stepwise_candidate_pairs);
  out->candidate_pairs = static_cast<int>(candidates.size());
  out->fits = SearchStepwise(table, forced, candidates, options.criterion,
                             options.max_stepwise_fits, &out->fit_budget_reached);
}

// The best estimable model by the criterion (-1 when none); counts the others.
int BestModel(InformationCriterion c, LogLinearAnalysis* out) {
  int best = -1;
  for (size_t i = 0; i < out->fits.size(); ++i) {
    if (!out->fits[i].estimable()) {
      ++out->not_estimable;
      continue;
    }
    if (best < 0 || Criterion(out->fits[i], c) < Criterion(out->fits[best], c)) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

// The estimable models, best first by the criterion.
std::vector<int> ModelsByCriterion(const std::vector<LogLinearFit>& fits, InformationCriterion c) {
  std::vector<int> order;
  for (size_t i = 0; i < fits.size(); ++i) {
    if (fits[i].estimable()) order.push_back(static_cast<int>(i));
  }
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return Criterion(fits[a], c) < Criterion(fits[b], c); });
  return order;
}

// The models carrying weight in an average, heaviest first: at most `max_profiled`,
// until 0.9999 of the weight, none below 1e-6.
std::vector<int> HeaviestModels(const std::vector<int>& order, const std::vector<double>& w,
                                size_t max_profiled) {
  std::vector<int> idx(order);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return w[a] > w[b]; });
  std::vector<int> keep;
  double cumulative = 0;
  for (int i : idx) {
    if (keep.size() >= max_profiled || cumulative >= 0.9999 || w[i] < 1e-6) break;
    keep.push_back(i);
    cumulative += w[i];
  }
  return keep;
}

// The models shown in the per-model table: the best `limit` by the criterion, and the
// base model (only the forced pairs).
std::vector<int> ReportedModels(const std::vector<int>& order, int limit,
                                const std::vector<LogLinearFit>& fits,
                                const std::vector<int>& forced) {
  std::vector<int> reported;
  for (size_t r = 0; r < order.size() && static_cast<int>(r) < limit; ++r) {
    reported.push_back(order[r]);
  }
  for (size_t i = 0; i < fits.size(); ++i) {
    if (fits[i].pairs == forced &&
        std::find(reported.begin(), reported.end(), static_cast<int>(i)) == reported.end()) {
      reported.push_back(static_cast<int>(i));
    }
  }
  return reported;
}

// Profile likelihoods of models, and their intervals for the missing persons.
struct Profiles {
  std::map<int, std::unique_ptr<ProfileLikelihood>> of_model;
  std::map<int, std::pair<double, double>> intervals;
};

Profiles ProfileModels(const CaptureTable& table, const std::vector<LogLinearFit>& fits,
                       const std::set<int>& wanted, double confidence) {
  Profiles profiles;
  for (int i : wanted) {
    LogLinearFit full = FitLogLinear(table, fits[i].pairs);
    auto profile = std::make_unique<ProfileLikelihood>(table, full.pairs, full);
    double low = 0, high = 0;
    if (full.estimable()) profile->Interval(confidence, &low, &high);
    profiles.intervals[i] = {low, high};
    profiles.of_model[i] = std::move(profile);
  }
  return profiles;
}

// A model average: the weighted estimates, and the MATA-PL interval over `used`.
ModelEstimate AverageRow(const std::vector<LogLinearFit>& fits, const std::vector<double>& w,
                         const std::vector<int>& used, Profiles& profiles, double observed,
                         double confidence, ModelRowKind kind, const std::string& label) {
  ModelEstimate row;
  row.method = ModelFamily::kLogLinear;
  row.kind = kind;
  row.model = label;
  double est = 0;
  for (size_t i = 0; i < fits.size(); ++i) est += w[i] * fits[i].estimate;
  row.estimate = est;
  std::vector<std::pair<double, ProfileLikelihood*>> models;
  for (int i : used) models.emplace_back(w[i], profiles.of_model[i].get());
  double low = 0, high = 0;
  ModelAveragedInterval(models, confidence, &low, &high);
  row.interval_low = observed + low;
  row.interval_high = high == kUnbounded ? kUnbounded : observed + high;
  return row;
}

// One model's row of the per-model table, with its weight and interval.
ModelEstimate ReportedRow(const LogLinearFit& fit, const std::string& description, double weight,
                          const std::pair<double, double>& interval, double observed) {
  ModelEstimate row = RowOf(fit, description);
  row.weight = weight;
  if (fit.estimable()) {
    row.interval_low = observed + interval.first;
    row.interval_high = interval.second == kUnbounded ? kUnbounded : observed + interval.second;
  } else {
    row.model += " (not estimable)";
    row.interval_low = observed;
    row.interval_high = kUnbounded;
  }
  return row;
}

// The averages and the per-model rows, profiling the models that matter: the reported
// ones and those carrying weight in either average.
void AddRows(const CaptureTable& table, const std::vector<int>& forced, int best,
             const LogLinearOptions& options, LogLinearAnalysis* out) {
  // Profiles are the costly part on large tables: at most this many per average, and
  // as many models reported (each reported model's interval is a profile too).
  const size_t max_profiled =
      out->exhaustive ? 40 : static_cast<size_t>(std::max(1, options.max_profiled_models_stepwise));
  const int reported_limit =
      out->exhaustive ? options.max_models_reported
                      : std::min(options.max_models_reported, static_cast<int>(max_profiled));
  const std::vector<double> w_aic = Weights(out->fits, InformationCriterion::kAic);
  const std::vector<double> w_bic = Weights(out->fits, InformationCriterion::kBic);
  const std::vector<int> order = ModelsByCriterion(out->fits, options.criterion);
  const std::vector<int> reported = ReportedModels(order, reported_limit, out->fits, forced);
  const std::vector<int> heavy_aic = HeaviestModels(order, w_aic, max_profiled);
  const std::vector<int> heavy_bic = HeaviestModels(order, w_bic, max_profiled);
  std::set<int> wanted(reported.begin(), reported.end());
  wanted.insert(heavy_aic.begin(), heavy_aic.end());
  wanted.insert(heavy_bic.begin(), heavy_bic.end());
  Profiles profiles = ProfileModels(table, out->fits, wanted, options.confidence);
  const double n = static_cast<double>(table.observed());
  const std::string models = std::to_string(order.size()) + " models)";
  out->average_aic = AverageRow(out->fits, w_aic, heavy_aic, profiles, n, options.confidence,
                                ModelRowKind::kAverageAic, "model average (AIC weights, " + models);
  out->average_bic = AverageRow(out->fits, w_bic, heavy_bic, profiles, n, options.confidence,
                                ModelRowKind::kAverageBic, "model average (BIC weights, " + models);
  out->headline =
      options.criterion == InformationCriterion::kAic ? out->average_aic : out->average_bic;
  out->rows.push_back(out->average_aic);
  out->rows.push_back(out->average_bic);
  const std::vector<double>& w_main =
      options.criterion == InformationCriterion::kAic ? w_aic : w_bic;
  const std::vector<ListPair> all = AllPairs(table.num_lists());
  for (int i : reported) {
    out->rows.push_back(ReportedRow(out->fits[i],
                                    DescribeModel(out->fits[i].pairs, all, table.lists()),
                                    w_main[i], profiles.intervals[i], n));
    if (i == best) out->rows.back().kind = ModelRowKind::kSelected;
  }
  const double best_ic = Criterion(out->fits[best], options.criterion);
  for (int i : order) {
    if (Criterion(out->fits[i], options.criterion) - best_ic > 4.0) break;
    out->reasonable.emplace_back(DescribeModel(out->fits[i].pairs, all, table.lists()),
                                 out->fits[i].estimate);
  }
}

}  // namespace

Result<LogLinearAnalysis> AnalyzeLogLinear(const CaptureTable& table,
                                           const std::vector<int>& forced,
                                           const LogLinearOptions& options) {
  if (table.num_lists() < 2) return InvalidInput("log-linear estimation needs at least 2 lists");
  std::vector<int> forced_sorted, free;
  SplitPairs(table.num_lists(), forced, &forced_sorted, &free);
  LogLinearAnalysis out;
  SearchModels(table, forced_sorted, free, options, &out);
  const int best = BestModel(options.criterion, &out);
  if (best < 0) {
    return InvalidInput(
        "no log-linear model can be estimated from this table (every model's maximum likelihood "
        "estimate lies on the boundary); the lists overlap too little");
  }
  out.selected = FitLogLinear(table, out.fits[best].pairs);
  AddRows(table, forced_sorted, best, options, &out);
  return out;
}

}  // namespace habeas::mse
