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

std::string Interval(double low, double high) {
  return "[" + mse::RoundedNumber(low) + ", " + mse::RoundedNumber(high) + "]";
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

// The headline of a stratum or a total: the latent-class posterior when it ran (it
// absorbs heterogeneous capture), otherwise the log-linear average (`log_linear`, may
// be null). Null when neither ran.
const ModelEstimate* HeadlineOf(const std::vector<ModelEstimate>& models,
                                const ModelEstimate* log_linear) {
  const ModelEstimate* latent_class = nullptr;
  for (const ModelEstimate& m : models) {
    if (m.method == ModelFamily::kLatentClass) latent_class = &m;
  }
  return latent_class != nullptr ? latent_class : log_linear;
}

// Reports `headline`; without one, the observed persons with no upper limit.
void SetHeadline(const ModelEstimate* headline, StratumEstimate* out) {
  if (headline == nullptr) {
    out->method = HeadlineMethod{};
    out->estimate = static_cast<double>(out->observed);
    out->interval_low = out->estimate;
    out->interval_high = kUnbounded;
    return;
  }
  const bool latent_class = headline->method == ModelFamily::kLatentClass;
  out->method = HeadlineMethod{headline->method, headline->kind};
  out->estimate = latent_class ? *headline->posterior_median : headline->estimate;
  out->interval_low = headline->interval_low;
  out->interval_high = headline->interval_high;
}

// Nobody observed, or one list only: nothing to estimate.
void ReportObservedOnly(StratumEstimate* out) {
  SetHeadline(nullptr, out);
  Warn(out, out->observed == 0 ? "empty_stratum" : "single_list",
       out->observed == 0
           ? "nobody is observed; nothing can be estimated"
           : "only one list has persons; capture-recapture needs at least two overlapping lists "
             "(the total is reported as observed, with no upper limit)");
}

void WarnSparseTable(const CaptureTable& table, StratumEstimate* out) {
  const double n = static_cast<double>(table.observed());
  const int cells = static_cast<int>(table.num_patterns()) - 1;
  int empty_cells = 0;
  for (uint32_t p = 1; p < table.num_patterns(); ++p) empty_cells += table.count(p) == 0;
  if (table.num_lists() >= 3 && (empty_cells * 10 > cells * 3 || n / cells < 5.0)) {
    Warn(out, "sparse_table",
         std::to_string(empty_cells) + " of " + std::to_string(cells) +
             " capture patterns are empty (" + mse::RoundedNumber(n / cells) +
             " persons per pattern on average); models with many interactions may not be "
             "estimable and estimates depend on which interactions are allowed. Consider merging "
             "small lists.");
  }
}

void WarnNoOverlap(const CaptureTable& table, StratumEstimate* out) {
  const int k = table.num_lists();
  for (int a = 0; a < k; ++a) {
    for (int b = a + 1; b < k; ++b) {
      int64_t both = 0;
      for (uint32_t p = 1; p < table.num_patterns(); ++p) {
        if ((p >> a & 1u) && (p >> b & 1u)) both += table.count(p);
      }
      if (both == 0) {
        Warn(out, "no_overlap",
             "lists " + table.lists()[a] + " and " + table.lists()[b] +
                 " have nobody in common; models with their interaction are not estimable");
      }
    }
  }
}

// What the table alone says about the estimate: few lists, few persons, sparsity.
void WarnAboutTable(const CaptureTable& table, StratumEstimate* out) {
  const int k = table.num_lists();
  if (k < 3) {
    Warn(out, "few_lists",
         "only " + std::to_string(k) +
             " lists: only the independence (Lincoln-Petersen) model can be fitted, and its "
             "assumption that the lists are independent cannot be checked");
  }
  if (out->observed < 50) {
    Warn(out, "small_sample",
         "only " + std::to_string(out->observed) +
             " persons are observed; intervals rest on large-sample approximations");
  }
  WarnSparseTable(table, out);
  WarnNoOverlap(table, out);
}

struct MethodsToRun {
  bool log_linear = false;
  bool latent_class = false;
};

// The latent-class model needs 3 lists; with fewer the log-linear estimate stands in.
MethodsToRun ChooseMethods(EstimationMethod method, int lists, StratumEstimate* out) {
  MethodsToRun run{method != EstimationMethod::kLatentClass,
                   method != EstimationMethod::kLogLinear};
  if (run.latent_class && lists < 3) {
    run = {true, false};
    if (method == EstimationMethod::kLatentClass) {
      Warn(out, "method_unavailable",
           "the latent-class model needs at least 3 lists; reporting the log-linear estimate");
    }
  }
  return run;
}

void WarnUnrecordedLeftOut(const CaptureTable& table, const CaptureTable& ll_table,
                           StratumEstimate* out) {
  std::vector<std::string> left_out;  // the lists LogLinearTable dropped
  for (const std::string& list : table.lists()) {
    const auto& kept = ll_table.lists();
    if (std::find(kept.begin(), kept.end(), list) == kept.end()) left_out.push_back(list);
  }
  Warn(out, "unrecorded_list_left_out",
       mse::JoinNames(left_out) +
           " never records the population's attribute: the log-linear models are "
           "fitted without it (the persons seen only there cannot be placed, and "
           "these models cannot leave their cell unobserved); LCMCR keeps it");
}

// What the log-linear analysis says about itself: models not estimable, a stepwise
// search, small expected cells under the selected model.
void WarnAboutLogLinear(const mse::LogLinearAnalysis& ll, const CaptureTable& ll_table,
                        const LogLinearOptions& options, StratumEstimate* out) {
  const int ll_lists = ll_table.num_lists();
  const int ll_cells = static_cast<int>(ll_table.num_patterns()) - 1;
  if (ll.not_estimable > 0) {
    Warn(out, "model_not_estimable",
         std::to_string(ll.not_estimable) + " of " + std::to_string(ll.fits.size()) +
             " log-linear models have no finite maximum likelihood estimate (an interaction "
             "or main effect on the boundary, usually from empty cells) and were left out of "
             "selection and averaging");
  }
  if (!ll.exhaustive) Warn(out, "stepwise_search", StepwiseWarning(ll, options));
  int small = 0;
  for (double mu : ll.selected.fitted) small += mu < 5.0;
  if (ll_lists >= 3 && small * 5 > ll_cells) {
    Warn(out, "small_expected_cells",
         std::to_string(small) + " of " + std::to_string(ll_cells) +
             " cells have expected counts below 5 under the selected model " +
             mse::DescribeModel(ll.selected.pairs, mse::AllPairs(ll_lists), ll_table.lists()) +
             "; goodness-of-fit statistics and AIC/BIC are unreliable there");
  }
}

using ReasonableModels = std::vector<std::pair<std::string, double>>;

// Log-linear models on the table without the lists that never record the population.
Status AddLogLinear(const CaptureTable& table, const std::vector<int>& forced,
                    const EstimateOptions& options, StratumDetail* detail,
                    ReasonableModels* reasonable) {
  StratumEstimate& out = detail->result;
  HABEAS_ASSIGN_OR_RETURN(const CaptureTable ll_table, mse::LogLinearTable(table, options));
  const bool without_unrecorded = ll_table.num_lists() < table.num_lists();
  if (without_unrecorded) WarnUnrecordedLeftOut(table, ll_table, &out);
  const std::vector<int> ll_forced =
      without_unrecorded ? mse::ForcedPairIndices(ll_table, options.dependent) : forced;
  HABEAS_ASSIGN_OR_RETURN(mse::LogLinearAnalysis ll,
                          mse::AnalyzeLogLinear(ll_table, ll_forced, options.log_linear));
  out.models_examined = static_cast<int64_t>(ll.fits.size());
  out.models.insert(out.models.end(), ll.rows.begin(), ll.rows.end());
  detail->has_log_linear = true;
  detail->log_linear = ll.headline;
  *reasonable = ll.reasonable;
  WarnAboutLogLinear(ll, ll_table, options.log_linear, &out);
  return Status::Ok();
}

ModelEstimate LatentClassRow(const mse::LatentClassResult& lc, const LatentClassOptions& options) {
  ModelEstimate row;
  row.method = ModelFamily::kLatentClass;
  row.kind = ModelRowKind::kPosterior;
  row.model = "LCMCR K=" + std::to_string(options.max_classes) + " (" + mse::ChainsRun(lc) +
              ", seed " + std::to_string(options.seed) + ")";
  row.estimate = lc.mean;
  row.posterior_median = lc.median;
  row.effective_sample_size = lc.effective_sample_size;
  row.split_rhat = lc.split_rhat;
  row.chains = lc.chains;
  row.interval_low = lc.low;
  row.interval_high = lc.high;
  return row;
}

// The latent-class posterior, with warnings about its chain and identification.
Status AddLatentClass(const CaptureTable& table, const EstimateOptions& options, uint64_t seed,
                      StratumDetail* detail, ReasonableModels* reasonable) {
  StratumEstimate& out = detail->result;
  LatentClassOptions lco = options.latent_class;
  lco.seed = seed;
  lco.unrecorded_lists = mse::UnrecordedListsMask(table, options.unrecorded_lists);
  HABEAS_ASSIGN_OR_RETURN(mse::LatentClassResult lc, mse::RunLatentClass(table, lco));
  out.models.push_back(LatentClassRow(lc, lco));
  reasonable->emplace_back("LCMCR posterior median", lc.median);
  if (auto w = mse::LcmcrBoundWarning(lc, lco, "the latent-class sampler")) {
    Warn(&out, w->code, w->message);
  }
  if (auto w = mse::LcmcrMixingWarning(lc, "the latent-class sampler")) {
    Warn(&out, w->code, w->message);
  }
  if (table.num_lists() == 3) {
    Warn(&out, "lcmcr_weakly_identified",
         "with 3 lists the latent-class model has more parameters than the table has cells; "
         "its estimate leans on the prior");
  }
  detail->lcmcr_draws = std::move(lc.draws);
  return Status::Ok();
}

void WarnModelSpread(const ReasonableModels& reasonable, double ratio_limit, StratumEstimate* out) {
  if (reasonable.size() < 2) return;
  auto [lo, hi] =
      std::minmax_element(reasonable.begin(), reasonable.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; });
  if (!(lo->second > 0 && hi->second / lo->second > ratio_limit)) return;
  char ratio[32];
  std::snprintf(ratio, sizeof ratio, "%.2f", hi->second / lo->second);
  Warn(out, "wide_model_spread",
       "reasonable models disagree: estimates range from " + mse::RoundedNumber(lo->second) + " (" +
           lo->first + ") to " + mse::RoundedNumber(hi->second) + " (" + hi->first +
           "), a ratio of " + ratio + " across " + std::to_string(reasonable.size()) +
           " models (log-linear models within 4 of the best information criterion, and the "
           "latent-class posterior); report the spread, not one number");
}

void WarnMethodsDisagree(const ModelEstimate& ll, StratumEstimate* out) {
  const ModelEstimate* lc = HeadlineOf(out->models, nullptr);
  if (lc != nullptr &&
      (lc->interval_high < ll.interval_low || ll.interval_high < lc->interval_low)) {
    Warn(out, "methods_disagree",
         "the log-linear interval " + Interval(ll.interval_low, ll.interval_high) +
             " and the latent-class interval " + Interval(lc->interval_low, lc->interval_high) +
             " do not overlap: at least one model's assumptions fail (heterogeneous capture "
             "favours the latent-class model; direct dependence between lists favours "
             "log-linear interactions)");
  }
}

// What the estimate says about itself: no upper limit, extrapolation, models that
// disagree.
void WarnAboutEstimate(const StratumDetail& detail, const MethodsToRun& run,
                       const ReasonableModels& reasonable, double spread_ratio,
                       StratumEstimate* out) {
  const double n = static_cast<double>(out->observed);
  if (out->interval_high == kUnbounded) {
    Warn(out, "unbounded_interval",
         "the data give no upper limit for the total: the lists overlap too little");
  }
  if (out->estimate > 10.0 * n) {
    Warn(out, "large_extrapolation",
         "the estimate is " + mse::RoundedNumber(out->estimate / n) +
             " times the observed count; it rests almost entirely on model assumptions");
  }
  WarnModelSpread(reasonable, spread_ratio, out);
  if (run.latent_class && run.log_linear) WarnMethodsDisagree(detail.log_linear, out);
}

// A declared dependence must name two lists of the input: a misspelt name would
// otherwise be skipped without a word (ForcedPairs skips only lists that --drop,
// --sources or an empty stratum took out).
Status CheckDependentPairs(const CaptureTable& raw, const std::vector<DependentPair>& pairs) {
  const std::vector<std::string>& lists = raw.lists();
  for (const DependentPair& pair : pairs) {
    const std::string text = "--dependent \"" + pair.first + ":" + pair.second + "\"";
    if (pair.first == pair.second) return InvalidInput(text + ": names one list twice");
    for (const std::string& name : {pair.first, pair.second}) {
      if (std::find(lists.begin(), lists.end(), name) == lists.end()) {
        return InvalidInput(text + ": no list named \"" + name + "\" (lists: " + JoinNames(lists) +
                            ")");
      }
    }
  }
  return Status::Ok();
}

Result<StratumDetail> EstimateStratum(const CaptureTable& raw, const std::string& stratum,
                                      const EstimateOptions& options, uint64_t seed) {
  HABEAS_RETURN_IF_ERROR(CheckDependentPairs(raw, options.dependent));
  StratumDetail detail;
  StratumEstimate& out = detail.result;
  out.stratum = stratum;
  std::vector<std::string> empty_lists;
  HABEAS_ASSIGN_OR_RETURN(const CaptureTable table,
                          mse::PrepareTable(raw, options.lists, &empty_lists));
  if (!empty_lists.empty()) {
    Warn(&out, "empty_list",
         "no observed person is on " + JoinNames(empty_lists) + "; left out of this estimate");
  }
  out.lists = table.lists();
  out.observed = table.observed();
  if (out.observed == 0 || table.num_lists() < 2) {
    ReportObservedOnly(&out);
    return detail;
  }
  WarnAboutTable(table, &out);
  const std::vector<int> forced = ForcedPairs(table, options.dependent, &out);
  const MethodsToRun run = ChooseMethods(options.method, table.num_lists(), &out);
  ReasonableModels reasonable;
  if (run.log_linear) {
    HABEAS_RETURN_IF_ERROR(AddLogLinear(table, forced, options, &detail, &reasonable));
  }
  if (run.latent_class) {
    HABEAS_RETURN_IF_ERROR(AddLatentClass(table, options, seed, &detail, &reasonable));
  }
  SetHeadline(HeadlineOf(out.models, &detail.log_linear), &out);
  WarnAboutEstimate(detail, run, reasonable, options.spread_warning_ratio, &out);
  return detail;
}

}  // namespace

Result<CaptureTable> mse::PrepareTable(const CaptureTable& raw, const ListSelection& selection,
                                       std::vector<std::string>* empty_lists) {
  HABEAS_ASSIGN_OR_RETURN(CaptureTable selected, SelectLists(raw, selection));
  ListSelection drop_empty;
  for (int j = 0; j < selected.num_lists(); ++j) {
    if (selected.list_total(j) == 0) drop_empty.drop.push_back(selected.lists()[j]);
  }
  if (!drop_empty.drop.empty() && drop_empty.drop.size() < selected.lists().size()) {
    HABEAS_ASSIGN_OR_RETURN(selected, SelectLists(selected, drop_empty));
    if (empty_lists != nullptr) *empty_lists = std::move(drop_empty.drop);
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

std::string_view ModelRowKindName(ModelRowKind kind) {
  switch (kind) {
    case ModelRowKind::kModel:
      return "model";
    case ModelRowKind::kSelected:
      return "selected";
    case ModelRowKind::kAverageAic:
      return "average-aic";
    case ModelRowKind::kAverageBic:
      return "average-bic";
    case ModelRowKind::kPosterior:
      return "posterior";
    case ModelRowKind::kPosteriorLinkage:
      return "posterior-linkage";
    case ModelRowKind::kAverageLinkage:
      return "average-linkage";
  }
  return "model";
}

std::string HeadlineMethodName(const HeadlineMethod& method) {
  if (!method.family) return "none";
  std::string name(ModelFamilyName(*method.family));
  if (method.over_linkage_draws) return name + "+linkage";
  if (*method.family == ModelFamily::kLatentClass) return name;
  return name + ":" + std::string(ModelRowKindName(method.row));
}

std::string_view ModelFamilyName(ModelFamily family) {
  return family == ModelFamily::kLatentClass ? EstimationMethodName(EstimationMethod::kLatentClass)
                                             : EstimationMethodName(EstimationMethod::kLogLinear);
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
  if (pair.first == pair.second) {
    return InvalidInput("--dependent \"" + std::string(text) + "\": names one list twice");
  }
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
  // Several chains: their split R-hat sees a drift within one (its halves disagree) as
  // well as chains apart, where the largest of their Geweke scores would fire by chance
  // alone (of eight chains' |z|, one above 3 now and then). One chain: Geweke.
  const bool drifting =
      chain.chains > 1 ? chain.split_rhat > kSettledSplitRhat : std::fabs(chain.geweke_z) > 3.0;
  if (chain.effective_sample_size >= 100 && !drifting) return std::nullopt;
  std::string medians;
  for (double m : chain.chain_medians) {
    medians += medians.empty() ? "" : ", ";
    medians += std::to_string(static_cast<int64_t>(std::llround(m)));
  }
  char stats[200];
  std::snprintf(stats, sizeof stats, "effective sample size %.0f of %zu draws, split R-hat %.2f",
                chain.effective_sample_size, chain.draws.size(), chain.split_rhat);
  char geweke[40];
  std::snprintf(geweke, sizeof geweke, ", Geweke z %.1f", chain.geweke_z);
  return EstimateWarning{"lcmcr_mixing",
                         std::string(name) + " mixes poorly (" + stats + " over " +
                             std::to_string(chain.chains) + " chains whose medians are " + medians +
                             geweke +
                             "); the interval is unsettled: rerun with more --iterations and "
                             "--burn-in or another --seed and compare"};
}

std::optional<EstimateWarning> mse::LcmcrBoundWarning(const LatentClassResult& chain,
                                                      const LatentClassOptions& asked,
                                                      const char* name) {
  if (!chain.bounded) return std::nullopt;
  char what[400];
  if (chain.rounds_allowed == 1 && chain.iterations_run < asked.iterations) {
    // Every chain burns in; the sweeps after it are shared among the chains.
    std::snprintf(what, sizeof what,
                  "ran %lld sweeps (%d chains' burn-in of %lld each, %lld after it, thinning "
                  "%d) instead of the %lld asked for",
                  static_cast<long long>(asked.chains * chain.burn_in_run + chain.iterations_run),
                  asked.chains, static_cast<long long>(chain.burn_in_run),
                  static_cast<long long>(chain.iterations_run), chain.thinning_run,
                  static_cast<long long>(asked.chains * asked.burn_in + asked.iterations));
  } else {
    std::snprintf(what, sizeof what,
                  "stopped after %d rounds of %lld sweeps instead of running up to %d until "
                  "%.0f effective draws and chains that agree (split R-hat at most 1.05)",
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

namespace {

// Each stratum's estimate, with its own stream derived from the seed and its position.
Result<std::vector<StratumDetail>> EstimateStrata(
    const std::vector<std::pair<std::string, CaptureTable>>& tables,
    const EstimateOptions& options) {
  std::vector<StratumDetail> details;
  for (size_t i = 0; i < tables.size(); ++i) {
    const uint64_t seed = options.latent_class.seed + 0x9e3779b97f4a7c15ULL * (i + 1);
    std::string name = tables[i].first.empty() ? "(none)" : tables[i].first;
    auto detail = EstimateStratum(tables[i].second, name, options, seed);
    if (!detail.ok()) return detail.status().WithContext("stratum \"" + name + "\"");
    details.push_back(std::move(detail).value());
  }
  return details;
}

// The sum of the strata's log-linear headlines; the interval's half-widths are added
// in quadrature, the lower limit no lower than the observed persons.
ModelEstimate SumOfLogLinear(const std::vector<StratumDetail>& details, int64_t observed) {
  ModelEstimate row;
  row.method = ModelFamily::kLogLinear;
  row.kind = details[0].log_linear.kind;
  row.model = "sum over " + std::to_string(details.size()) + " strata of " +
              std::string(ModelRowKindName(row.kind)) +
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
      std::max<double>(static_cast<double>(observed), row.estimate - SumQuadrature(below));
  const double up = SumQuadrature(above);
  row.interval_high = up == kUnbounded ? kUnbounded : row.estimate + up;
  return row;
}

// Strata are independent chains: summing draw by draw gives draws from the posterior
// of the total. A chain that ran more rounds (min_effective_draws) is cut to the
// shortest: its first draws are draws of the same posterior. `sum` gets the sorted sums.
ModelEstimate SumOfLatentClass(const std::vector<StratumDetail>& details, double confidence,
                               std::vector<double>* sum) {
  size_t length = details[0].lcmcr_draws.size();
  for (const StratumDetail& d : details) length = std::min(length, d.lcmcr_draws.size());
  sum->assign(length, 0.0);
  for (const StratumDetail& d : details) {
    for (size_t i = 0; i < length; ++i) (*sum)[i] += d.lcmcr_draws[i];
  }
  ModelEstimate row;
  row.method = ModelFamily::kLatentClass;
  row.kind = ModelRowKind::kPosterior;
  row.model = "sum over " + std::to_string(details.size()) + " strata of LCMCR posteriors";
  row.estimate = std::accumulate(sum->begin(), sum->end(), 0.0) / sum->size();
  std::sort(sum->begin(), sum->end());
  row.posterior_median = mse::SortedQuantile(*sum, 0.5);
  row.interval_low = mse::SortedQuantile(*sum, (1 - confidence) / 2);
  row.interval_high = mse::SortedQuantile(*sum, (1 + confidence) / 2);
  return row;
}

// The stratified total: the sums of the methods every stratum ran, and the strata.
mse::MembershipEstimate SumOfStrata(std::vector<StratumDetail> details,
                                    const EstimateOptions& options) {
  mse::MembershipEstimate result;
  StratumEstimate& total = result.report.total;
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
    result.log_linear = SumOfLogLinear(details, total.observed);
    total.models.push_back(*result.log_linear);
  }
  if (all_lcmcr) {
    total.models.push_back(
        SumOfLatentClass(details, options.latent_class.confidence, &result.lcmcr_draws));
  }
  SetHeadline(HeadlineOf(total.models, all_log_linear ? &total.models[0] : nullptr), &total);
  if (!all_log_linear && !all_lcmcr) {
    Warn(&total, "stratum_methods_differ",
         "no single method could be applied to every stratum; the total is observed persons "
         "only, with no upper limit");
  }
  int with_warnings = 0;
  for (StratumDetail& d : details) {
    with_warnings += !d.result.warnings.empty();
    result.report.strata.push_back(std::move(d.result));
  }
  if (with_warnings > 0) {
    Warn(&total, "stratum_warnings",
         std::to_string(with_warnings) + " of " + std::to_string(result.report.strata.size()) +
             " strata have warnings; see each stratum");
  }
  return result;
}

}  // namespace

Result<mse::MembershipEstimate> mse::EstimateMembershipsDetailed(
    const std::vector<PersonCaptures>& persons, const EstimateOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(auto tables, BuildCaptureTables(persons));
  if (tables.size() != 1) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<StratumDetail> details, EstimateStrata(tables, options));
    return SumOfStrata(std::move(details), options);
  }
  HABEAS_ASSIGN_OR_RETURN(StratumDetail detail, EstimateStratum(tables[0].second, "", options,
                                                                options.latent_class.seed));
  mse::MembershipEstimate result;
  result.report.total = std::move(detail.result);
  result.lcmcr_draws = std::move(detail.lcmcr_draws);
  if (detail.has_log_linear) result.log_linear = detail.log_linear;
  return result;
}

}  // namespace habeas
