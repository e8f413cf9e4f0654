// JSON and text renderings of an EstimateReport.
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "habeas/json_text.h"
#include "habeas/estimate.h"

namespace habeas {
namespace {

nlohmann::json Bound(double x) {
  if (!std::isfinite(x)) return nullptr;
  return x;
}

nlohmann::json ModelJson(const ModelEstimate& m) {
  nlohmann::json j;
  j["method"] = ModelFamilyName(m.method);
  j["kind"] = ModelRowKindName(m.kind);
  j["model"] = m.model;
  j["estimate"] = m.estimate;
  j["interval"] = {Bound(m.interval_low), Bound(m.interval_high)};
  if (m.parameters > 0) j["parameters"] = m.parameters;
  if (m.deviance) j["deviance"] = *m.deviance;
  if (m.df) j["df"] = *m.df;
  if (m.aic) j["aic"] = *m.aic;
  if (m.bic) j["bic"] = *m.bic;
  if (m.weight) j["weight"] = *m.weight;
  if (m.posterior_median) j["posterior_median"] = *m.posterior_median;
  if (m.effective_sample_size) j["effective_sample_size"] = *m.effective_sample_size;
  if (m.split_rhat) j["split_rhat"] = *m.split_rhat;
  if (m.chains) j["chains"] = *m.chains;
  return j;
}

nlohmann::json StratumJson(const StratumEstimate& s) {
  nlohmann::json j;
  if (!s.stratum.empty()) j["stratum"] = s.stratum;
  j["observed"] = s.observed;
  j["estimate"] = s.estimate;
  j["interval"] = {Bound(s.interval_low), Bound(s.interval_high)};
  j["method"] = HeadlineMethodName(s.method);
  j["lists"] = s.lists;
  j["models_examined"] = s.models_examined;
  j["models"] = nlohmann::json::array();
  for (const ModelEstimate& m : s.models) j["models"].push_back(ModelJson(m));
  j["warnings"] = nlohmann::json::array();
  for (const EstimateWarning& w : s.warnings) {
    j["warnings"].push_back({{"code", w.code}, {"message", w.message}});
  }
  return j;
}

std::string Fixed(double x, int decimals = 0) {
  if (x == kUnbounded) return "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

std::string Optional(const std::optional<double>& x, int decimals) {
  return x ? Fixed(*x, decimals) : "";
}

void AppendStratumText(const StratumEstimate& s, std::string* out) {
  char line[512];
  if (!s.stratum.empty()) *out += "== " + s.stratum + " ==\n";
  std::string lists;
  for (size_t i = 0; i < s.lists.size(); ++i) lists += (i ? ", " : "") + s.lists[i];
  *out += "Lists (" + std::to_string(s.lists.size()) + "): " + lists + "\n";
  std::snprintf(line, sizeof line, "Observed: %lld persons\n", static_cast<long long>(s.observed));
  *out += line;
  *out += "Estimate: " + Fixed(s.estimate) + "  95% interval [" + Fixed(s.interval_low) + ", " +
          Fixed(s.interval_high) + "]  (method: " + HeadlineMethodName(s.method) + ")\n";
  if (s.models_examined > 0) {
    *out += "Log-linear models examined: " + std::to_string(s.models_examined) + "\n";
  }
  if (!s.models.empty()) {
    std::snprintf(line, sizeof line, "\n%-10s %-17s %10s %23s %8s %8s %8s %7s %4s  %s\n", "method",
                  "kind", "estimate", "interval", "AIC", "BIC", "weight", "dev", "df", "model");
    *out += line;
    for (const ModelEstimate& m : s.models) {
      std::string interval = "[";  // built stepwise: GCC 12 -Wrestrict false positive on "[" + s
      interval += Fixed(m.interval_low);
      interval += ", ";
      interval += Fixed(m.interval_high);
      interval += "]";
      // A posterior row shows its median, as the headline does; the mean is named beside
      // the model (JSON carries both: "estimate" is the mean, "posterior_median").
      const bool posterior = m.posterior_median.has_value();
      const std::string kind = posterior ? "posterior median" : std::string(ModelRowKindName(m.kind));
      const std::string model =
          posterior ? m.model + "; posterior mean " + Fixed(m.estimate) : m.model;
      std::snprintf(line, sizeof line, "%-10s %-17s %10s %23s %8s %8s %8s %7s %4s  %s\n",
                    std::string(ModelFamilyName(m.method)).c_str(), kind.c_str(),
                    Fixed(posterior ? *m.posterior_median : m.estimate).c_str(), interval.c_str(),
                    Optional(m.aic, 1).c_str(), Optional(m.bic, 1).c_str(),
                    Optional(m.weight, 3).c_str(), Optional(m.deviance, 1).c_str(),
                    m.df ? std::to_string(*m.df).c_str() : "", model.c_str());
      *out += line;
    }
  }
  if (!s.warnings.empty()) {
    *out += "\nWarnings:\n";
    for (const EstimateWarning& w : s.warnings) *out += "  [" + w.code + "] " + w.message + "\n";
  }
}

}  // namespace

std::string RenderEstimateJson(const EstimateReport& report, int indent) {
  nlohmann::json j = StratumJson(report.total);
  if (report.linkage) {
    const LinkageSummary& l = *report.linkage;
    j["linkage"] = {{"draws", l.draws},
                    {"seed", l.seed},
                    {"doubtful_linked", l.doubtful_linked},
                    {"doubtful_unlinked", l.doubtful_unlinked},
                    {"observed_fixed", l.observed_fixed},
                    {"observed_range", {l.observed_min, l.observed_max}},
                    {"fixed",
                     {{"method", HeadlineMethodName(l.fixed_method)},
                      {"estimate", l.fixed_estimate},
                      {"interval", {Bound(l.fixed_interval_low), Bound(l.fixed_interval_high)}}}},
                    {"linkage_variance_share", l.linkage_variance_share},
                    {"draw_estimates", l.draw_estimates}};
  }
  if (!report.strata.empty()) {
    j["strata"] = nlohmann::json::array();
    for (const StratumEstimate& s : report.strata) j["strata"].push_back(StratumJson(s));
  }
  return j.dump(indent, ' ', false, kJsonReplaceInvalidUtf8);
}

std::string RenderEstimateText(const EstimateReport& report) {
  std::string out;
  AppendStratumText(report.total, &out);
  if (report.linkage) {
    const LinkageSummary& l = *report.linkage;
    char line[512];
    std::snprintf(line, sizeof line,
                  "\nLinkage: %d draws (seed %llu) over %lld doubtful links made and %lld not "
                  "made; observed persons %lld (linker) and %lld-%lld (draws); %.0f%% of the "
                  "variance from the linkage\n",
                  l.draws, static_cast<unsigned long long>(l.seed),
                  static_cast<long long>(l.doubtful_linked),
                  static_cast<long long>(l.doubtful_unlinked),
                  static_cast<long long>(l.observed_fixed), static_cast<long long>(l.observed_min),
                  static_cast<long long>(l.observed_max), 100 * l.linkage_variance_share);
    out += line;
    out += "With the linker's linkage alone: " + Fixed(l.fixed_estimate) + "  [" +
           Fixed(l.fixed_interval_low) + ", " + Fixed(l.fixed_interval_high) +
           "]  (method: " + HeadlineMethodName(l.fixed_method) + ")\n";
  }
  for (const StratumEstimate& s : report.strata) {
    out += "\n";
    AppendStratumText(s, &out);
  }
  return out;
}

}  // namespace habeas
