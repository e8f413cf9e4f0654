// EstimateFromTable / EstimateFromMemberships: runs the estimators on each
// stratum, chooses the headline, and attaches the honesty warnings.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>

#include "estimate/capture_table.h"
#include "estimate/estimate_internal.h"
#include "estimate/lcmcr.h"
#include "estimate/loglinear.h"
#include "habeas/estimate.h"

namespace habeas {
namespace {

using mse::JoinNames;

std::string Number(double x) {
  if (x == kUnbounded) return "unbounded";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", x);
  return buf;
}

std::string Interval(double low, double high) {
  return "[" + Number(low) + ", " + Number(high) + "]";
}

void Warn(StratumEstimate* s, std::string code, std::string message) {
  if (!s->stratum.empty() && s->stratum != "(total)")
    message = "stratum \"" + s->stratum + "\": " + message;
  s->warnings.push_back({std::move(code), std::move(message)});
}

// What the bounded stepwise search did (LogLinearOptions: candidates, fits, profiles).
std::string StepwiseWarning(const mse::LogLinearAnalysis& ll, const LogLinearOptions& options) {
  std::string text = "too many lists for an exhaustive search; models were chosen stepwise";
  if (ll.candidate_pairs < ll.free_pairs) {
    text += " over the " + std::to_string(ll.candidate_pairs) + " of " +
            std::to_string(ll.free_pairs) +
            " pairs of lists with the strongest pairwise dependence";
  }
  if (ll.fit_budget_reached) {
    text += ", stopping at the limit of " + std::to_string(options.max_stepwise_fits) +
            " models fitted";
  }
  text += "; the average covers only the " + std::to_string(ll.fits.size()) +
          " models visited and its interval the " +
          std::to_string(options.max_profiled_models_stepwise) +
          " heaviest of them (docs/estimation.md \"Many lists\")";
  return text;
}

// What a stratified total needs from each stratum.
struct StratumDetail {
  StratumEstimate result;
  bool has_log_linear = false;
  ModelEstimate log_linear;
  std::vector<double> lcmcr_draws;
};

// Maps declared pairs onto the lists of `table` (after merges and drops).
// Lists merged together need no term; pairs naming absent lists are skipped.
std::vector<int> ForcedPairs(const CaptureTable& table, const std::vector<DependentPair>& pairs,
                             StratumEstimate* result) {
  const auto index_of = [&](const std::string& name) -> int {
    for (int j = 0; j < table.num_lists(); ++j) {
      // A merged list "A+B" stands for its parts.
      for (const std::string& part : mse::MergedListParts(table.lists()[j])) {
        if (part == name) return j;
      }
    }
    return -1;
  };
  const std::vector<mse::ListPair> all = mse::AllPairs(table.num_lists());
  std::vector<int> forced;
  for (const DependentPair& pair : pairs) {
    int a = index_of(pair.first), b = index_of(pair.second);
    if (a < 0 || b < 0 || a == b) continue;
    if (a > b) std::swap(a, b);
    const int t =
        static_cast<int>(std::find(all.begin(), all.end(), mse::ListPair(a, b)) - all.begin());
    forced.push_back(t);
    std::string why = pair.reason.empty() ? "" : " (" + pair.reason + ")";
    Warn(result, "declared_dependence",
         "lists " + table.lists()[a] + " and " + table.lists()[b] + " are declared dependent" +
             why +
             "; every log-linear model includes their interaction, but the latent-class model "
             "assumes lists independent within classes and may be biased. If one list is derived "
             "from the other, merge them (--merge \"" +
             table.lists()[a] + "+" + table.lists()[b] + "\").");
  }
  return forced;
}

Result<StratumDetail> EstimateStratum(const CaptureTable& raw, const std::string& stratum,
                                      const EstimateOptions& options, uint64_t seed) {
  StratumDetail detail;
  StratumEstimate& out = detail.result;
  out.stratum = stratum;
  HABEAS_ASSIGN_OR_RETURN(CaptureTable selected, SelectLists(raw, options.lists));

  // Lists with nobody on them carry no information and break every model.
  ListSelection drop_empty;
  for (int j = 0; j < selected.num_lists(); ++j) {
    if (selected.list_total(j) == 0) drop_empty.drop.push_back(selected.lists()[j]);
  }
  if (!drop_empty.drop.empty() && drop_empty.drop.size() < selected.lists().size()) {
    Warn(&out, "empty_list",
         "no observed person is on " + JoinNames(drop_empty.drop) + "; left out of this estimate");
    HABEAS_ASSIGN_OR_RETURN(selected, SelectLists(selected, drop_empty));
  }
  const CaptureTable& table = selected;
  const int k = table.num_lists();
  out.lists = table.lists();
  out.observed = table.observed();
  const double n = static_cast<double>(table.observed());

  if (out.observed == 0 || k < 2) {
    out.method = "none";
    out.estimate = n;
    out.interval_low = n;
    out.interval_high = kUnbounded;
    Warn(&out, out.observed == 0 ? "empty_stratum" : "single_list",
         out.observed == 0
             ? "nobody is observed; nothing can be estimated"
             : "only one list has persons; capture-recapture needs at least two overlapping lists "
               "(the total is reported as observed, with no upper limit)");
    return detail;
  }
  if (k < 3) {
    Warn(&out, "few_lists",
         "only " + std::to_string(k) +
             " lists: only the independence (Lincoln-Petersen) model can be fitted, and its "
             "assumption that the lists are independent cannot be checked");
  }
  if (out.observed < 50) {
    Warn(&out, "small_sample",
         "only " + std::to_string(out.observed) +
             " persons are observed; intervals rest on large-sample approximations");
  }

  // Sparsity of the observed table.
  const int cells = static_cast<int>(table.num_patterns()) - 1;
  int empty_cells = 0;
  for (uint32_t p = 1; p < table.num_patterns(); ++p) empty_cells += table.count(p) == 0;
  if (k >= 3 && (empty_cells * 10 > cells * 3 || n / cells < 5.0)) {
    Warn(&out, "sparse_table",
         std::to_string(empty_cells) + " of " + std::to_string(cells) +
             " capture patterns are empty (" + Number(n / cells) +
             " persons per pattern on average); models with many interactions may not be "
             "estimable and estimates depend on which interactions are allowed. Consider merging "
             "small lists.");
  }
  for (int a = 0; a < k; ++a) {
    for (int b = a + 1; b < k; ++b) {
      int64_t both = 0;
      for (uint32_t p = 1; p < table.num_patterns(); ++p) {
        if ((p >> a & 1u) && (p >> b & 1u)) both += table.count(p);
      }
      if (both == 0) {
        Warn(&out, "no_overlap",
             "lists " + table.lists()[a] + " and " + table.lists()[b] +
                 " have nobody in common; models with their interaction are not estimable");
      }
    }
  }

  const std::vector<int> forced = ForcedPairs(table, options.dependent, &out);
  bool run_log_linear = options.method != EstimationMethod::kLatentClass;
  bool run_lcmcr = options.method != EstimationMethod::kLogLinear;
  if (run_lcmcr && k < 3) {
    run_lcmcr = false;
    run_log_linear = true;
    if (options.method == EstimationMethod::kLatentClass) {
      Warn(&out, "method_unavailable",
           "the latent-class model needs at least 3 lists; reporting the log-linear estimate");
    }
  }

  std::vector<std::pair<std::string, double>> reasonable;
  if (run_log_linear) {
    HABEAS_ASSIGN_OR_RETURN(const CaptureTable ll_table, mse::LogLinearTable(table, options));
    const int ll_lists = ll_table.num_lists();
    const int ll_cells = static_cast<int>(ll_table.num_patterns()) - 1;
    if (ll_lists < k) {
      std::vector<std::string> left_out;  // the lists LogLinearTable dropped
      for (const std::string& list : table.lists()) {
        const auto& kept = ll_table.lists();
        if (std::find(kept.begin(), kept.end(), list) == kept.end()) left_out.push_back(list);
      }
      Warn(&out, "unrecorded_list_left_out",
           mse::JoinNames(left_out) +
               " never records the population's attribute: the log-linear models are "
               "fitted without it (the persons seen only there cannot be placed, and "
               "these models cannot leave their cell unobserved); LCMCR keeps it");
    }
    const std::vector<int> ll_forced =
        ll_lists < k ? mse::ForcedPairIndices(ll_table, options.dependent) : forced;
    HABEAS_ASSIGN_OR_RETURN(mse::LogLinearAnalysis ll,
                            mse::AnalyzeLogLinear(ll_table, ll_forced, options.log_linear));
    out.models_examined = static_cast<int64_t>(ll.fits.size());
    out.models.insert(out.models.end(), ll.rows.begin(), ll.rows.end());
    detail.has_log_linear = true;
    detail.log_linear = ll.headline;
    reasonable = ll.reasonable;
    if (ll.not_estimable > 0) {
      Warn(&out, "model_not_estimable",
           std::to_string(ll.not_estimable) + " of " + std::to_string(ll.fits.size()) +
               " log-linear models have no finite maximum likelihood estimate (an interaction "
               "or main effect on the boundary, usually from empty cells) and were left out of "
               "selection and averaging");
    }
    if (!ll.exhaustive) Warn(&out, "stepwise_search", StepwiseWarning(ll, options.log_linear));
    int small = 0;
    for (double mu : ll.selected.fitted) small += mu < 5.0;
    if (ll_lists >= 3 && small * 5 > ll_cells) {
      Warn(&out, "small_expected_cells",
           std::to_string(small) + " of " + std::to_string(ll_cells) +
               " cells have expected counts below 5 under the selected model " +
               mse::DescribeModel(ll.selected.pairs, mse::AllPairs(ll_lists), ll_table.lists()) +
               "; goodness-of-fit statistics and AIC/BIC are unreliable there");
    }
  }
  if (run_lcmcr) {
    LatentClassOptions lco = options.latent_class;
    lco.seed = seed;
    lco.unrecorded_lists = mse::UnrecordedListsMask(table, options.unrecorded_lists);
    HABEAS_ASSIGN_OR_RETURN(mse::LatentClassResult lc, mse::RunLatentClass(table, lco));
    ModelEstimate row;
    row.method = "lcmcr";
    row.kind = "posterior";
    row.model = "LCMCR K=" + std::to_string(lco.max_classes) + " (" +
                std::to_string(lc.draws.size()) + " draws, seed " + std::to_string(seed) + ")";
    row.estimate = lc.mean;
    row.posterior_median = lc.median;
    row.effective_sample_size = lc.effective_sample_size;
    row.interval_low = lc.low;
    row.interval_high = lc.high;
    out.models.push_back(row);
    reasonable.emplace_back("LCMCR posterior median", lc.median);
    if (auto w = mse::LcmcrBoundWarning(lc, lco, "the latent-class sampler")) {
      Warn(&out, w->code, w->message);
    }
    if (auto w = mse::LcmcrMixingWarning(lc, "the latent-class sampler")) {
      Warn(&out, w->code, w->message);
    }
    if (k == 3) {
      Warn(&out, "lcmcr_weakly_identified",
           "with 3 lists the latent-class model has more parameters than the table has cells; "
           "its estimate leans on the prior");
    }
    detail.lcmcr_draws = std::move(lc.draws);
  }

  // Headline: the latent-class posterior when it ran (it absorbs heterogeneous
  // capture), otherwise the log-linear model average.
  const ModelEstimate* headline = nullptr;
  for (const ModelEstimate& m : out.models) {
    if (run_lcmcr && m.method == "lcmcr") headline = &m;
  }
  if (headline == nullptr) headline = &detail.log_linear;
  out.method = headline->method == "lcmcr" ? "lcmcr" : "loglinear:" + headline->kind;
  out.estimate = headline->method == "lcmcr" ? *headline->posterior_median : headline->estimate;
  out.interval_low = headline->interval_low;
  out.interval_high = headline->interval_high;

  if (out.interval_high == kUnbounded) {
    Warn(&out, "unbounded_interval",
         "the data give no upper limit for the total: the lists overlap too little");
  }
  if (out.estimate > 10.0 * n) {
    Warn(&out, "large_extrapolation",
         "the estimate is " + Number(out.estimate / n) +
             " times the observed count; it rests almost entirely on model assumptions");
  }
  if (reasonable.size() >= 2) {
    auto [lo, hi] =
        std::minmax_element(reasonable.begin(), reasonable.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; });
    if (lo->second > 0 && hi->second / lo->second > options.spread_warning_ratio) {
      char ratio[32];
      std::snprintf(ratio, sizeof ratio, "%.2f", hi->second / lo->second);
      Warn(&out, "wide_model_spread",
           "reasonable models disagree: estimates range from " + Number(lo->second) + " (" +
               lo->first + ") to " + Number(hi->second) + " (" + hi->first + "), a ratio of " +
               ratio + " across " + std::to_string(reasonable.size()) +
               " models (log-linear models within 4 of the best information criterion, and the "
               "latent-class posterior); report the spread, not one number");
    }
  }
  if (run_lcmcr && run_log_linear) {
    const ModelEstimate* lc = nullptr;
    for (const ModelEstimate& m : out.models) {
      if (m.method == "lcmcr") lc = &m;
    }
    const ModelEstimate& ll = detail.log_linear;
    if (lc != nullptr &&
        (lc->interval_high < ll.interval_low || ll.interval_high < lc->interval_low)) {
      Warn(&out, "methods_disagree",
           "the log-linear interval " + Interval(ll.interval_low, ll.interval_high) +
               " and the latent-class interval " + Interval(lc->interval_low, lc->interval_high) +
               " do not overlap: at least one model's assumptions fail (heterogeneous capture "
               "favours the latent-class model; direct dependence between lists favours "
               "log-linear interactions)");
    }
  }
  return detail;
}

}  // namespace

Result<CaptureTable> mse::PrepareTable(const CaptureTable& raw, const ListSelection& selection) {
  HABEAS_ASSIGN_OR_RETURN(CaptureTable selected, SelectLists(raw, selection));
  ListSelection drop_empty;
  for (int j = 0; j < selected.num_lists(); ++j) {
    if (selected.list_total(j) == 0) drop_empty.drop.push_back(selected.lists()[j]);
  }
  if (!drop_empty.drop.empty() && drop_empty.drop.size() < selected.lists().size()) {
    HABEAS_ASSIGN_OR_RETURN(selected, SelectLists(selected, drop_empty));
  }
  return selected;
}

std::vector<int> mse::ForcedPairIndices(const CaptureTable& table,
                                        const std::vector<DependentPair>& pairs) {
  StratumEstimate scratch;  // the warnings are the stratum's, given once
  return ForcedPairs(table, pairs, &scratch);
}

namespace {

double SumQuadrature(const std::vector<double>& halves) {
  double s = 0;
  for (double h : halves) {
    if (h == kUnbounded) return kUnbounded;
    s += h * h;
  }
  return std::sqrt(s);
}

}  // namespace

Result<EstimationMethod> ParseEstimationMethod(std::string_view name) {
  if (name == "loglinear") return EstimationMethod::kLogLinear;
  if (name == "lcmcr") return EstimationMethod::kLatentClass;
  if (name == "all") return EstimationMethod::kAll;
  return InvalidInput("--method \"" + std::string(name) + "\": expected loglinear, lcmcr or all");
}

std::string_view EstimationMethodName(EstimationMethod method) {
  switch (method) {
    case EstimationMethod::kLogLinear:
      return "loglinear";
    case EstimationMethod::kLatentClass:
      return "lcmcr";
    case EstimationMethod::kAll:
      return "all";
  }
  return "all";
}

Result<DependentPair> ParseDependentPair(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size() ||
      text.find(':', colon + 1) != std::string_view::npos) {
    return InvalidInput("--dependent \"" + std::string(text) +
                        "\": expected two list names as A:B");
  }
  DependentPair pair;
  pair.first = std::string(text.substr(0, colon));
  pair.second = std::string(text.substr(colon + 1));
  return pair;
}

Result<EstimateReport> EstimateFromTable(const CaptureTable& table,
                                         const EstimateOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(StratumDetail detail,
                          EstimateStratum(table, "", options, options.latent_class.seed));
  EstimateReport report;
  report.total = std::move(detail.result);
  return report;
}

Result<EstimateReport> EstimateFromMemberships(const std::vector<PersonCaptures>& persons,
                                               const EstimateOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(mse::MembershipEstimate detailed,
                          mse::EstimateMembershipsDetailed(persons, options));
  return std::move(detailed.report);
}

uint32_t mse::UnrecordedListsMask(const CaptureTable& table,
                                  const std::vector<std::string>& unrecorded) {
  uint32_t mask = 0;
  for (int j = 0; j < table.num_lists(); ++j) {
    // A merged list "A+B" does not record the population when none of its parts do.
    bool all = true;
    for (const std::string& part : MergedListParts(table.lists()[static_cast<size_t>(j)])) {
      all = all && std::find(unrecorded.begin(), unrecorded.end(), part) != unrecorded.end();
    }
    if (all) mask |= uint32_t{1} << j;
  }
  // Every list never recording it: nothing would be observable; treat none as such
  // (the population_unrecorded warning has said that the attribute is missing).
  if (mask == (uint32_t{1} << table.num_lists()) - 1) return 0;
  return mask;
}

Result<CaptureTable> mse::LogLinearTable(const CaptureTable& table,
                                         const EstimateOptions& options) {
  const uint32_t unrecorded = UnrecordedListsMask(table, options.unrecorded_lists);
  ListSelection without;
  for (int j = 0; j < table.num_lists(); ++j) {
    if (unrecorded >> j & 1u) without.drop.push_back(table.lists()[static_cast<size_t>(j)]);
  }
  if (without.drop.empty() || table.num_lists() - static_cast<int>(without.drop.size()) < 2) {
    return table;
  }
  return SelectLists(table, without);
}

std::optional<EstimateWarning> mse::LcmcrMixingWarning(const LatentClassResult& chain,
                                                       const char* name) {
  if (chain.effective_sample_size >= 100 && std::fabs(chain.geweke_z) <= 3.0) return std::nullopt;
  char buf[240];
  std::snprintf(buf, sizeof buf,
                "%s mixes poorly (effective sample size %.0f of %zu draws, Geweke z %.1f); "
                "rerun with more --iterations and --burn-in or another --seed and compare",
                name, chain.effective_sample_size, chain.draws.size(), chain.geweke_z);
  return EstimateWarning{"lcmcr_mixing", buf};
}

std::optional<EstimateWarning> mse::LcmcrBoundWarning(const LatentClassResult& chain,
                                                      const LatentClassOptions& asked,
                                                      const char* name) {
  if (!chain.bounded) return std::nullopt;
  char what[400];
  if (chain.rounds_allowed == 1 && chain.iterations_run < asked.iterations) {
    std::snprintf(what, sizeof what,
                  "ran %lld sweeps (burn-in %lld, %lld kept, thinning %d) instead of the %lld "
                  "asked for",
                  static_cast<long long>(chain.burn_in_run + chain.iterations_run),
                  static_cast<long long>(chain.burn_in_run),
                  static_cast<long long>(chain.iterations_run), chain.thinning_run,
                  static_cast<long long>(asked.burn_in + asked.iterations));
  } else {
    std::snprintf(what, sizeof what,
                  "stopped after %d rounds of %lld sweeps instead of running up to %d until "
                  "%.0f effective draws",
                  chain.rounds, static_cast<long long>(chain.iterations_run), asked.max_rounds,
                  asked.min_effective_draws);
  }
  char buf[900];
  std::snprintf(buf, sizeof buf,
                "%s was bounded in time: each sweep costs %.0f updates (observed capture "
                "patterns x %d classes x lists) and the chain may make %.0e (about 15 s), so "
                "it %s; effective sample size %.0f of %zu draws. Merge or drop lists "
                "(--merge, --drop) for a longer chain",
                name, chain.work_per_sweep, asked.max_classes, asked.max_work, what,
                chain.effective_sample_size, chain.draws.size());
  return EstimateWarning{"lcmcr_bounded", buf};
}

Result<mse::MembershipEstimate> mse::EstimateMembershipsDetailed(
    const std::vector<PersonCaptures>& persons, const EstimateOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(auto tables, BuildCaptureTables(persons));
  mse::MembershipEstimate result;
  if (tables.size() == 1) {
    HABEAS_ASSIGN_OR_RETURN(StratumDetail detail, EstimateStratum(tables[0].second, "", options,
                                                                  options.latent_class.seed));
    result.report.total = std::move(detail.result);
    result.lcmcr_draws = std::move(detail.lcmcr_draws);
    if (detail.has_log_linear) result.log_linear = detail.log_linear;
    return result;
  }
  EstimateReport& report = result.report;
  std::vector<StratumDetail> details;
  for (size_t i = 0; i < tables.size(); ++i) {
    // Each stratum gets its own stream, derived from the seed and its position.
    const uint64_t seed = options.latent_class.seed + 0x9e3779b97f4a7c15ULL * (i + 1);
    std::string name = tables[i].first.empty() ? "(none)" : tables[i].first;
    auto detail = EstimateStratum(tables[i].second, name, options, seed);
    if (!detail.ok()) return detail.status().WithContext("stratum \"" + name + "\"");
    details.push_back(std::move(detail).value());
  }

  StratumEstimate& total = report.total;
  total.stratum = "(total)";
  std::set<std::string> lists;
  bool all_log_linear = true, all_lcmcr = true;
  for (const StratumDetail& d : details) {
    total.observed += d.result.observed;
    total.models_examined += d.result.models_examined;
    lists.insert(d.result.lists.begin(), d.result.lists.end());
    all_log_linear = all_log_linear && d.has_log_linear;
    all_lcmcr = all_lcmcr && !d.lcmcr_draws.empty();
  }
  total.lists.assign(lists.begin(), lists.end());

  if (all_log_linear) {
    ModelEstimate row;
    row.method = "loglinear";
    row.kind = details[0].log_linear.kind;
    row.model = "sum over " + std::to_string(details.size()) + " strata of " + row.kind +
                " (interval: half-widths added in quadrature)";
    std::vector<double> below, above;
    for (const StratumDetail& d : details) {
      row.estimate += d.log_linear.estimate;
      below.push_back(d.log_linear.estimate - d.log_linear.interval_low);
      above.push_back(d.log_linear.interval_high == kUnbounded
                          ? kUnbounded
                          : d.log_linear.interval_high - d.log_linear.estimate);
    }
    row.interval_low =
        std::max<double>(static_cast<double>(total.observed), row.estimate - SumQuadrature(below));
    const double up = SumQuadrature(above);
    row.interval_high = up == kUnbounded ? kUnbounded : row.estimate + up;
    total.models.push_back(row);
    result.log_linear = row;
  }
  if (all_lcmcr) {
    // Strata are independent chains: summing draw by draw gives draws from the
    // posterior of the total. A chain that ran more rounds (min_effective_draws) is
    // cut to the shortest: its first draws are draws of the same posterior.
    size_t length = details[0].lcmcr_draws.size();
    for (const StratumDetail& d : details) length = std::min(length, d.lcmcr_draws.size());
    std::vector<double> sum(length, 0.0);
    for (const StratumDetail& d : details) {
      for (size_t i = 0; i < length; ++i) sum[i] += d.lcmcr_draws[i];
    }
    ModelEstimate row;
    row.method = "lcmcr";
    row.kind = "posterior";
    row.model = "sum over " + std::to_string(details.size()) + " strata of LCMCR posteriors";
    row.estimate = std::accumulate(sum.begin(), sum.end(), 0.0) / sum.size();
    std::sort(sum.begin(), sum.end());
    row.posterior_median = mse::SortedQuantile(sum, 0.5);
    row.interval_low = mse::SortedQuantile(sum, (1 - options.latent_class.confidence) / 2);
    row.interval_high = mse::SortedQuantile(sum, (1 + options.latent_class.confidence) / 2);
    total.models.push_back(row);
    result.lcmcr_draws = std::move(sum);  // sorted: pooling needs no order
  }
  const ModelEstimate* headline = nullptr;
  for (const ModelEstimate& m : total.models) {
    if (headline == nullptr || m.method == "lcmcr") headline = &m;
  }
  if (headline == nullptr) {
    total.method = "none";
    total.estimate = static_cast<double>(total.observed);
    total.interval_low = total.estimate;
    total.interval_high = kUnbounded;
  } else {
    total.method = headline->method == "lcmcr" ? "lcmcr" : "loglinear:" + headline->kind;
    total.estimate = headline->method == "lcmcr" ? *headline->posterior_median : headline->estimate;
    total.interval_low = headline->interval_low;
    total.interval_high = headline->interval_high;
  }
  if (!all_log_linear && !all_lcmcr) {
    Warn(&total, "stratum_methods_differ",
         "no single method could be applied to every stratum; the total is observed persons "
         "only, with no upper limit");
  }
  int with_warnings = 0;
  for (StratumDetail& d : details) {
    with_warnings += !d.result.warnings.empty();
    report.strata.push_back(std::move(d.result));
  }
  if (with_warnings > 0) {
    Warn(&total, "stratum_warnings",
         std::to_string(with_warnings) + " of " + std::to_string(report.strata.size()) +
             " strata have warnings; see each stratum");
  }
  return result;
}

}  // namespace habeas
