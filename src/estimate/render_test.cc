// RenderEstimateJson and RenderEstimateText over reports built by hand: every field in
// its place, unbounded limits as null / "inf", the method names as reports spell them.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "habeas/estimate.h"

namespace habeas {
namespace {

ModelEstimate LogLinearAverage() {
  ModelEstimate m;
  m.method = ModelFamily::kLogLinear;
  m.kind = ModelRowKind::kAverageAic;
  m.model = "model average (AIC weights, 3 models)";
  m.estimate = 1234.4;
  m.interval_low = 1100;
  m.interval_high = 1500.6;
  return m;
}

ModelEstimate OneLogLinearModel() {
  ModelEstimate m;
  m.method = ModelFamily::kLogLinear;
  m.kind = ModelRowKind::kModel;
  m.model = "[A:B]";
  m.estimate = 1200;
  m.interval_low = 1000;
  m.interval_high = kUnbounded;
  m.parameters = 5;
  m.deviance = 2.25;
  m.df = 2;
  m.aic = 14.25;
  m.bic = 20.5;
  m.weight = 0.625;
  return m;
}

ModelEstimate Posterior() {
  ModelEstimate m;
  m.method = ModelFamily::kLatentClass;
  m.kind = ModelRowKind::kPosterior;
  m.model = "LCMCR K=10";
  m.estimate = 1310;
  m.posterior_median = 1300;
  m.interval_low = 1150;
  m.interval_high = 1600;
  m.effective_sample_size = 420;
  return m;
}

EstimateReport Report() {
  EstimateReport r;
  r.total.lists = {"manifest", "leak", "family"};
  r.total.observed = 1000;
  r.total.estimate = 1300;
  r.total.interval_low = 1150;
  r.total.interval_high = 1600;
  r.total.method = HeadlineMethod{ModelFamily::kLatentClass, ModelRowKind::kPosterior};
  r.total.models = {OneLogLinearModel(), LogLinearAverage(), Posterior()};
  r.total.models_examined = 8;
  r.total.warnings = {{"sparse_table", "3 of 7 capture patterns are empty"}};
  return r;
}

TEST(HeadlineMethodName, SpellsEachHeadline) {
  EXPECT_EQ(HeadlineMethodName(HeadlineMethod{}), "none");
  EXPECT_EQ(HeadlineMethodName({ModelFamily::kLogLinear, ModelRowKind::kAverageAic}),
            "loglinear:average-aic");
  EXPECT_EQ(HeadlineMethodName({ModelFamily::kLogLinear, ModelRowKind::kSelected}),
            "loglinear:selected");
  EXPECT_EQ(HeadlineMethodName({ModelFamily::kLatentClass, ModelRowKind::kPosterior}), "lcmcr");
  EXPECT_EQ(HeadlineMethodName({ModelFamily::kLatentClass, ModelRowKind::kPosteriorLinkage,
                                /*over_linkage_draws=*/true}),
            "lcmcr+linkage");
  EXPECT_EQ(HeadlineMethodName({ModelFamily::kLogLinear, ModelRowKind::kAverageLinkage, true}),
            "loglinear+linkage");
}

TEST(ModelRowKindName, SpellsEveryKind) {
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kModel), "model");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kSelected), "selected");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kAverageAic), "average-aic");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kAverageBic), "average-bic");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kPosterior), "posterior");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kPosteriorLinkage), "posterior-linkage");
  EXPECT_EQ(ModelRowKindName(ModelRowKind::kAverageLinkage), "average-linkage");
}

TEST(RenderEstimateJson, TheHeadlineItsModelsAndWarnings) {
  const nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(Report()));
  EXPECT_FALSE(j.contains("stratum"));
  EXPECT_FALSE(j.contains("linkage"));
  EXPECT_FALSE(j.contains("strata"));
  EXPECT_EQ(j["observed"], 1000);
  EXPECT_EQ(j["estimate"], 1300.0);
  EXPECT_EQ(j["interval"], nlohmann::json::parse("[1150.0, 1600.0]"));
  EXPECT_EQ(j["method"], "lcmcr");
  EXPECT_EQ(j["lists"], nlohmann::json::parse(R"(["manifest", "leak", "family"])"));
  EXPECT_EQ(j["models_examined"], 8);
  ASSERT_EQ(j["models"].size(), 3u);
  const nlohmann::json& model = j["models"][0];
  EXPECT_EQ(model["method"], "loglinear");
  EXPECT_EQ(model["kind"], "model");
  EXPECT_EQ(model["interval"][0], 1000.0);
  EXPECT_TRUE(model["interval"][1].is_null());  // unbounded
  EXPECT_EQ(model["parameters"], 5);
  EXPECT_EQ(model["deviance"], 2.25);
  EXPECT_EQ(model["df"], 2);
  EXPECT_EQ(model["aic"], 14.25);
  EXPECT_EQ(model["bic"], 20.5);
  EXPECT_EQ(model["weight"], 0.625);
  // Optional members are left out, not null.
  const nlohmann::json& average = j["models"][1];
  EXPECT_EQ(average["kind"], "average-aic");
  EXPECT_FALSE(average.contains("parameters"));
  EXPECT_FALSE(average.contains("aic"));
  EXPECT_FALSE(average.contains("posterior_median"));
  const nlohmann::json& posterior = j["models"][2];
  EXPECT_EQ(posterior["method"], "lcmcr");
  EXPECT_EQ(posterior["kind"], "posterior");
  EXPECT_EQ(posterior["estimate"], 1310.0);  // the mean
  EXPECT_EQ(posterior["posterior_median"], 1300.0);
  EXPECT_EQ(posterior["effective_sample_size"], 420.0);
  ASSERT_EQ(j["warnings"].size(), 1u);
  EXPECT_EQ(j["warnings"][0]["code"], "sparse_table");
  EXPECT_EQ(j["warnings"][0]["message"], "3 of 7 capture patterns are empty");
}

TEST(RenderEstimateJson, IndentIsTheCallers) {
  const std::string compact = RenderEstimateJson(Report(), -1);
  EXPECT_EQ(compact.find('\n'), std::string::npos);
  EXPECT_NE(RenderEstimateJson(Report()).find("\n  \"estimate\""), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(compact), nlohmann::json::parse(RenderEstimateJson(Report())));
}

TEST(RenderEstimateJson, StrataAndLinkageDraws) {
  EstimateReport r = Report();
  r.total.stratum = "(total)";
  StratumEstimate south = r.total;
  south.stratum = "south";
  south.method = HeadlineMethod{};
  south.interval_high = kUnbounded;
  r.strata = {south};
  LinkageSummary l;
  l.draws = 10;
  l.seed = 3;
  l.doubtful_linked = 4;
  l.doubtful_unlinked = 6;
  l.observed_fixed = 1000;
  l.observed_min = 995;
  l.observed_max = 1004;
  l.fixed_method = HeadlineMethod{ModelFamily::kLogLinear, ModelRowKind::kAverageAic};
  l.fixed_estimate = 1250;
  l.fixed_interval_low = 1100;
  l.fixed_interval_high = kUnbounded;
  l.linkage_variance_share = 0.25;
  l.draw_estimates = {1240, 1260};
  r.linkage = l;
  const nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(r));
  EXPECT_EQ(j["stratum"], "(total)");
  ASSERT_EQ(j["strata"].size(), 1u);
  EXPECT_EQ(j["strata"][0]["stratum"], "south");
  EXPECT_EQ(j["strata"][0]["method"], "none");
  EXPECT_TRUE(j["strata"][0]["interval"][1].is_null());
  const nlohmann::json& linkage = j["linkage"];
  EXPECT_EQ(linkage["draws"], 10);
  EXPECT_EQ(linkage["seed"], 3);
  EXPECT_EQ(linkage["doubtful_linked"], 4);
  EXPECT_EQ(linkage["doubtful_unlinked"], 6);
  EXPECT_EQ(linkage["observed_range"], nlohmann::json::parse("[995, 1004]"));
  EXPECT_EQ(linkage["fixed"]["method"], "loglinear:average-aic");
  EXPECT_EQ(linkage["fixed"]["estimate"], 1250.0);
  EXPECT_TRUE(linkage["fixed"]["interval"][1].is_null());
  EXPECT_EQ(linkage["linkage_variance_share"], 0.25);
  EXPECT_EQ(linkage["draw_estimates"], nlohmann::json::parse("[1240.0, 1260.0]"));
}

TEST(RenderEstimateText, TheSummaryTableAndWarnings) {
  const std::string text = RenderEstimateText(Report());
  EXPECT_EQ(text.rfind("Lists (3): manifest, leak, family\nObserved: 1000 persons\n"
                       "Estimate: 1300  95% interval [1150, 1600]  (method: lcmcr)\n"
                       "Log-linear models examined: 8\n",
                       0),
            0u)
      << text;
  // One row per model: the log-linear model with its criteria, the average, and the
  // posterior shown by its median with the mean beside the model.
  EXPECT_NE(text.find("loglinear  model                   1200             [1000, inf]     14.2"
                      "     20.5    0.625     2.2    2  [A:B]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("loglinear  average-aic             1234"), std::string::npos) << text;
  EXPECT_NE(text.find("lcmcr      posterior median        1300"), std::string::npos) << text;
  EXPECT_NE(text.find("LCMCR K=10; posterior mean 1310\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nWarnings:\n  [sparse_table] 3 of 7 capture patterns are empty\n"),
            std::string::npos)
      << text;
}

TEST(RenderEstimateText, NoModelsNoTableAndAnUnboundedHeadline) {
  EstimateReport r;
  r.total.lists = {"a", "b"};
  r.total.observed = 12;
  r.total.estimate = 12;
  r.total.interval_low = 12;
  r.total.interval_high = kUnbounded;
  EXPECT_EQ(RenderEstimateText(r),
            "Lists (2): a, b\nObserved: 12 persons\n"
            "Estimate: 12  95% interval [12, inf]  (method: none)\n");
}

TEST(RenderEstimateText, StrataFollowTheTotalUnderTheirNames) {
  EstimateReport r;
  r.total.lists = {"a", "b"};
  r.total.stratum = "(total)";
  StratumEstimate north;
  north.stratum = "north";
  north.lists = {"a", "b"};
  north.observed = 5;
  north.estimate = 7;
  north.interval_low = 6;
  north.interval_high = 9;
  north.method = HeadlineMethod{ModelFamily::kLogLinear, ModelRowKind::kAverageBic};
  r.strata = {north};
  const std::string text = RenderEstimateText(r);
  EXPECT_EQ(text.rfind("== (total) ==\n", 0), 0u);
  EXPECT_NE(text.find("\n\n== north ==\nLists (2): a, b\nObserved: 5 persons\nEstimate: 7  95% "
                      "interval [6, 9]  (method: loglinear:average-bic)\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace habeas
