// EstimateWithLinkageDraws: the estimate with the linker's doubtful links resampled
// (docs/estimation.md "Linkage uncertainty").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "common/union_find.h"
#include "estimate/estimate_internal.h"
#include "estimate/lcmcr.h"
#include "estimate/linear_algebra.h"
#include "estimate/loglinear.h"
#include "estimate/random.h"
#include "habeas/estimate.h"

namespace habeas {
namespace {

double Variance(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / xs.size();
  double s = 0;
  for (double x : xs) s += (x - mean) * (x - mean);
  return s / (xs.size() - 1);
}

// One draw's log-linear answer read as a split normal on log N: median log(estimate),
// the interval's limits at the (1 ± confidence) / 2 quantiles.
struct SplitNormal {
  double center = 0;   // log estimate
  double sd_low = 0;   // from the lower limit
  double sd_high = 0;  // from the upper limit; infinity when unbounded
  double Cdf(double log_x) const {
    const double sd = log_x < center ? sd_low : sd_high;
    if (!(sd > 0)) return log_x < center ? 0.0 : 1.0;
    if (std::isinf(sd)) return 0.5;
    return mse::NormalCdf((log_x - center) / sd);
  }
};

// The p-quantile of the equal-weight mixture, by bisection on log N; infinity when
// the mixture never reaches p (draws without an upper limit weigh too much).
double MixtureQuantile(const std::vector<SplitNormal>& parts, double p, double log_low,
                       double log_high) {
  auto cdf = [&](double x) {
    double s = 0;
    for (const SplitNormal& part : parts) s += part.Cdf(x);
    return s / parts.size();
  };
  if (cdf(log_high) < p) return kUnbounded;
  if (cdf(log_low) >= p) return std::exp(log_low);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (log_low + log_high);
    (cdf(mid) < p ? log_low : log_high) = mid;
  }
  return std::exp(0.5 * (log_low + log_high));
}

}  // namespace

std::vector<PersonCaptures> PersonsOfLinkage(const LinkageGraph& graph,
                                             const std::vector<uint8_t>& present) {
  const uint32_t n = static_cast<uint32_t>(graph.units.size());
  DisjointSets<uint32_t> sets(n);  // the root is the smallest unit
  for (size_t i = 0; i < graph.links.size(); ++i) {
    if (present[i]) sets.Union(graph.links[i].unit_a, graph.links[i].unit_b);
  }
  std::vector<int64_t> slot(n, -1);
  std::vector<PersonCaptures> persons;
  std::vector<Membership> membership;
  for (uint32_t u = 0; u < n; ++u) {
    const uint32_t root = sets.Find(u);
    if (slot[root] < 0) {
      slot[root] = static_cast<int64_t>(persons.size());
      persons.push_back({"U" + std::to_string(root), {}, ""});
      membership.push_back(Membership::kUnknown);
    }
    PersonCaptures& p = persons[static_cast<size_t>(slot[root])];
    const LinkageUnit& unit = graph.units[u];
    p.sources.insert(p.sources.end(), unit.sources.begin(), unit.sources.end());
    if (p.stratum.empty()) p.stratum = unit.stratum;
    Membership& m = membership[static_cast<size_t>(slot[root])];
    m = std::max(m, unit.membership);  // in > out > unknown, as for records
  }
  std::vector<PersonCaptures> in;
  in.reserve(persons.size());
  for (size_t i = 0; i < persons.size(); ++i) {
    if (membership[i] == Membership::kIn) in.push_back(std::move(persons[i]));
  }
  return in;
}

namespace {

// The linker's linkage: a flag per doubtful link, after checking the graph.
Result<std::vector<uint8_t>> LinkersLinkage(const LinkageGraph& graph) {
  std::vector<uint8_t> fixed(graph.links.size());
  for (size_t i = 0; i < graph.links.size(); ++i) {
    const DoubtfulLink& l = graph.links[i];
    if (l.unit_a >= graph.units.size() || l.unit_b >= graph.units.size()) {
      return InvalidInput("doubtful link " + std::to_string(i) + " names a unit out of range");
    }
    if (!(l.probability >= 0 && l.probability <= 1)) {
      return InvalidInput("doubtful link " + std::to_string(i) + " has no probability in [0, 1]");
    }
    fixed[i] = l.linked;
  }
  return fixed;
}

// What the linker's linkage alone gave, before the draws.
LinkageSummary FixedSummary(const LinkageGraph& graph, const StratumEstimate& total,
                            const LinkageDrawOptions& draw_options) {
  LinkageSummary summary;
  summary.draws = draw_options.draws;
  summary.seed = draw_options.seed;
  for (const DoubtfulLink& l : graph.links) {
    ++(l.linked ? summary.doubtful_linked : summary.doubtful_unlinked);
  }
  summary.observed_fixed = total.observed;
  summary.observed_min = std::numeric_limits<int64_t>::max();
  summary.fixed_method = total.method;
  summary.fixed_estimate = total.estimate;
  summary.fixed_interval_low = total.interval_low;
  summary.fixed_interval_high = total.interval_high;
  return summary;
}

// The draws' tables: each doubtful link kept with its probability, independently.
Result<std::vector<CaptureTable>> DrawTables(const LinkageGraph& graph,
                                             const EstimateOptions& options,
                                             const LinkageDrawOptions& draw_options,
                                             const std::vector<std::string>& lists,
                                             LinkageSummary* summary) {
  mse::Rng rng(draw_options.seed * 0x9e3779b97f4a7c15ULL + 0x6c696e6b616765ULL);  // "linkage"
  std::vector<CaptureTable> tables;
  std::vector<uint8_t> present(graph.links.size());
  for (int d = 0; d < draw_options.draws; ++d) {
    for (size_t i = 0; i < graph.links.size(); ++i) {
      present[i] = rng.Uniform() < graph.links[i].probability;
    }
    HABEAS_ASSIGN_OR_RETURN(auto raw, BuildCaptureTables(PersonsOfLinkage(graph, present)));
    if (raw.size() != 1) return Internal("a linkage draw is stratified");
    auto table = mse::PrepareTable(raw[0].second, options.lists);
    if (!table.ok()) return table.status().WithContext("linkage draw " + std::to_string(d + 1));
    if (table->lists() != lists) return Internal("a linkage draw changed the lists of the table");
    summary->observed_min = std::min(summary->observed_min, table->observed());
    summary->observed_max = std::max(summary->observed_max, table->observed());
    tables.push_back(std::move(*table));
  }
  return tables;
}

// A pooled row and the share of the variance of log N that the linkage adds.
struct PooledRow {
  ModelEstimate row;
  double linkage_share = 0;
};

// One chain through the draws' tables: the mixture of their posteriors at the cost of
// one run (plus a short burn-in after each switch).
Result<PooledRow> PoolLatentClass(const std::vector<CaptureTable>& tables,
                                  const EstimateOptions& options,
                                  const std::vector<double>& fixed_draws, LinkageSummary* summary,
                                  std::vector<EstimateWarning>* warnings) {
  const int k = static_cast<int>(tables.size());
  LatentClassOptions lco = options.latent_class;
  lco.unrecorded_lists = mse::UnrecordedListsMask(tables.front(), options.unrecorded_lists);
  // A fifth of each chain's share of a draw's sweeps, at most the burn-in.
  const int64_t switch_burn_in =
      std::min<int64_t>(options.latent_class.burn_in,
                        options.latent_class.iterations / options.latent_class.chains / k / 5);
  HABEAS_ASSIGN_OR_RETURN(mse::LatentClassResult lc,
                          mse::RunLatentClassOverTables(tables, lco, switch_burn_in));
  PooledRow pooled;
  ModelEstimate& row = pooled.row;
  row.method = ModelFamily::kLatentClass;
  row.kind = ModelRowKind::kPosteriorLinkage;
  row.model = "LCMCR K=" + std::to_string(lco.max_classes) + " through " + std::to_string(k) +
              " linkage draws (" + mse::ChainsRun(lc) + ", seed " + std::to_string(lco.seed) + ")";
  row.estimate = lc.mean;
  row.posterior_median = lc.median;
  row.effective_sample_size = lc.effective_sample_size;
  row.split_rhat = lc.split_rhat;
  row.chains = lc.chains;
  row.interval_low = lc.low;
  row.interval_high = lc.high;
  const double fixed_variance = Variance(fixed_draws);
  const double pooled_variance = Variance(lc.draws);
  if (pooled_variance > 0) {
    pooled.linkage_share = std::clamp(1 - fixed_variance / pooled_variance, 0.0, 1.0);
  }
  // The median of each draw's share of the chains, for the spread of the draws.
  std::vector<std::vector<double>> parts(static_cast<size_t>(k));
  for (size_t i = 0; i < lc.draws.size(); ++i) parts[lc.draw_tables[i]].push_back(lc.draws[i]);
  for (std::vector<double>& part : parts) {
    std::sort(part.begin(), part.end());
    if (!part.empty()) summary->draw_estimates.push_back(mse::SortedQuantile(part, 0.5));
  }
  if (auto w =
          mse::LcmcrBoundWarning(lc, lco, "the latent-class chain through the linkage draws")) {
    warnings->push_back(std::move(*w));
  }
  if (auto w = mse::LcmcrMixingWarning(lc, "the latent-class chain through the linkage draws")) {
    warnings->push_back(std::move(*w));
  }
  return pooled;
}

// One draw's log-linear headline as a split normal on log N (z: the interval's quantile).
SplitNormal SplitNormalOf(const ModelEstimate& m, double z) {
  SplitNormal part;
  part.center = std::log(m.estimate);
  part.sd_low = (part.center - std::log(std::max(m.interval_low, 1.0))) / z;
  part.sd_high = m.interval_high == kUnbounded ? std::numeric_limits<double>::infinity()
                                               : (std::log(m.interval_high) - part.center) / z;
  return part;
}

// Law of total variance on log N: the share between the draws' centres, over that and
// the variance within a draw (each draw's interval read as ± z standard deviations).
double BetweenDrawShare(const std::vector<SplitNormal>& parts) {
  std::vector<double> centers;
  double within = 0;
  for (const SplitNormal& part : parts) {
    centers.push_back(part.center);
    within += std::isfinite(part.sd_high)
                  ? 0.5 * (part.sd_low * part.sd_low + part.sd_high * part.sd_high)
                  : part.sd_low * part.sd_low;
  }
  within /= parts.size();
  const double between = Variance(centers);
  return between + within > 0 ? between / (between + within) : 0;
}

// Each draw's log-linear average, pooled as the mixture of their split normals.
Result<PooledRow> PoolLogLinear(const std::vector<CaptureTable>& tables,
                                const EstimateOptions& options, ModelRowKind fixed_kind,
                                bool draw_estimates, LinkageSummary* summary) {
  std::vector<SplitNormal> parts;
  const double z = mse::NormalQuantile((1 + options.log_linear.confidence) / 2);
  double log_low = std::log(static_cast<double>(summary->observed_min));
  double log_high = log_low;
  for (const CaptureTable& drawn : tables) {
    HABEAS_ASSIGN_OR_RETURN(const CaptureTable table, mse::LogLinearTable(drawn, options));
    const std::vector<int> forced = mse::ForcedPairIndices(table, options.dependent);
    HABEAS_ASSIGN_OR_RETURN(mse::LogLinearAnalysis ll,
                            mse::AnalyzeLogLinear(table, forced, options.log_linear));
    const ModelEstimate& m = ll.headline;
    parts.push_back(SplitNormalOf(m, z));
    if (std::isfinite(parts.back().sd_high)) {
      log_high = std::max(log_high, std::log(m.interval_high));
    }
    log_low = std::min(log_low, std::log(std::max(m.interval_low, 1.0)));
    if (draw_estimates) summary->draw_estimates.push_back(m.estimate);
  }
  PooledRow pooled;
  ModelEstimate& row = pooled.row;
  row.method = ModelFamily::kLogLinear;
  row.kind = ModelRowKind::kAverageLinkage;
  row.model = "log-linear " + std::string(ModelRowKindName(fixed_kind)) + " through " +
              std::to_string(tables.size()) + " linkage draws (mixture of split normals on log N)";
  const double wide_low = log_low - 1, wide_high = log_high + 1;
  const double conf = options.log_linear.confidence;
  row.estimate = MixtureQuantile(parts, 0.5, wide_low, wide_high);
  row.interval_low = MixtureQuantile(parts, (1 - conf) / 2, wide_low, wide_high);
  row.interval_high = MixtureQuantile(parts, (1 + conf) / 2, wide_low, wide_high);
  pooled.linkage_share = BetweenDrawShare(parts);
  return pooled;
}

// `linkage_uncertain` when the linkage adds a fifth of the variance or moves the
// estimate by 5% or more.
std::optional<EstimateWarning> LinkageWarning(const LinkageSummary& summary, double estimate) {
  const double shift = std::fabs(estimate - summary.fixed_estimate) / summary.fixed_estimate;
  if (!(summary.linkage_variance_share >= 0.2 || shift >= 0.05)) return std::nullopt;
  const auto [lo, hi] =
      std::minmax_element(summary.draw_estimates.begin(), summary.draw_estimates.end());
  char share[32];
  std::snprintf(share, sizeof share, "%.0f%%", 100 * summary.linkage_variance_share);
  return EstimateWarning{
      "linkage_uncertain",
      "the estimate depends on the linkage: " + std::to_string(summary.doubtful_linked) +
          " doubtful links made and " + std::to_string(summary.doubtful_unlinked) +
          " not made; over " + std::to_string(summary.draws) +
          " linkage draws the observed persons range " + std::to_string(summary.observed_min) +
          "-" + std::to_string(summary.observed_max) + " and the estimate " +
          mse::RoundedNumber(*lo) + "-" + mse::RoundedNumber(*hi) + "; " + share +
          " of the pooled variance is not there with the linker's linkage alone (" +
          mse::RoundedNumber(summary.fixed_estimate) + " [" +
          mse::RoundedNumber(summary.fixed_interval_low) + ", " +
          mse::RoundedNumber(summary.fixed_interval_high) +
          "]). Decide the doubtful pairs (habeas review, habeas decide); persons split by "
          "pairs no blocking rule proposed are not in these draws and push the estimate up"};
}

// The pooled headline: the latent-class one when its chain ran (as the linker's
// linkage alone had it: EstimateFromMemberships heads with the posterior when it ran).
void SetPooledHeadline(const std::optional<PooledRow>& lcmcr,
                       const std::optional<PooledRow>& log_linear, StratumEstimate* total) {
  const bool lcmcr_headline = lcmcr.has_value();
  const ModelEstimate& headline = lcmcr_headline ? lcmcr->row : log_linear->row;
  total->method = HeadlineMethod{
      lcmcr_headline ? ModelFamily::kLatentClass : ModelFamily::kLogLinear, headline.kind,
      /*over_linkage_draws=*/true};
  total->estimate = lcmcr_headline ? *headline.posterior_median : headline.estimate;
  total->interval_low = headline.interval_low;
  total->interval_high = headline.interval_high;
}

}  // namespace

Result<EstimateReport> EstimateWithLinkageDraws(const LinkageGraph& graph,
                                                const EstimateOptions& options,
                                                const LinkageDrawOptions& draw_options) {
  HABEAS_ASSIGN_OR_RETURN(const std::vector<uint8_t> fixed, LinkersLinkage(graph));
  if (draw_options.draws < 0 || draw_options.draws > LinkageDrawOptions::kMaxDraws) {
    return InvalidInput("--linkage-draws must be between 0 and " +
                        std::to_string(LinkageDrawOptions::kMaxDraws));
  }
  const std::vector<PersonCaptures> fixed_persons = PersonsOfLinkage(graph, fixed);
  if (fixed_persons.empty()) return NotFound("no person is in the population");
  HABEAS_ASSIGN_OR_RETURN(mse::MembershipEstimate base,
                          mse::EstimateMembershipsDetailed(fixed_persons, options));
  if (draw_options.draws == 0 || graph.links.empty()) return std::move(base.report);
  EstimateReport report = std::move(base.report);
  StratumEstimate& total = report.total;
  if (!report.strata.empty()) {
    total.warnings.push_back(
        {"linkage_draws_skipped",
         "linkage draws are not pooled for stratified estimates; the strata use the linker's "
         "linkage (estimate without --stratify to see the linkage's share of the interval)"});
    return report;
  }
  const bool run_lcmcr = !base.lcmcr_draws.empty();
  const bool run_log_linear = base.log_linear.has_value();
  if (!run_lcmcr && !run_log_linear) return report;
  LinkageSummary summary = FixedSummary(graph, total, draw_options);
  HABEAS_ASSIGN_OR_RETURN(const std::vector<CaptureTable> tables,
                          DrawTables(graph, options, draw_options, total.lists, &summary));
  std::optional<PooledRow> lcmcr, log_linear;
  if (run_lcmcr) {
    HABEAS_ASSIGN_OR_RETURN(
        lcmcr, PoolLatentClass(tables, options, base.lcmcr_draws, &summary, &total.warnings));
    total.models.push_back(lcmcr->row);
  }
  if (run_log_linear) {
    HABEAS_ASSIGN_OR_RETURN(
        log_linear, PoolLogLinear(tables, options, base.log_linear->kind, !run_lcmcr, &summary));
    total.models.push_back(log_linear->row);
  }
  SetPooledHeadline(lcmcr, log_linear, &total);
  // The log-linear share when there is one: it is deterministic given the draws,
  // whereas the chain's own noise enters the latent-class comparison.
  summary.linkage_variance_share =
      run_log_linear ? log_linear->linkage_share : lcmcr->linkage_share;
  if (auto w = LinkageWarning(summary, total.estimate)) total.warnings.push_back(std::move(*w));
  report.linkage = std::move(summary);
  return report;
}

}  // namespace habeas
