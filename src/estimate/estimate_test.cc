#include "habeas/estimate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <optional>

#include "estimate/estimate_internal.h"
#include "estimate/random.h"
#include "estimate/test_tables.h"

namespace habeas {
namespace {

using ::testing::HasSubstr;

bool HasWarning(const StratumEstimate& s, const std::string& code) {
  for (const auto& w : s.warnings) {
    if (w.code == code) return true;
  }
  return false;
}

const ModelEstimate* Row(const StratumEstimate& s, const std::string& kind) {
  for (const auto& m : s.models) {
    if (ModelRowKindName(m.kind) == kind) return &m;
  }
  return nullptr;
}

EstimateOptions FastOptions() {
  EstimateOptions o;
  o.latent_class.burn_in = 5000;
  o.latent_class.iterations = 40000;
  o.latent_class.thinning = 4;
  o.latent_class.min_effective_draws = 0;
  return o;
}

// UK 2013 potential victims of modern slavery, 6 lists, n = 2,744 (SparseMSE
// UKdat). Silverman (2014), Home Office, "Modern Slavery: an application of
// multiple systems estimation": point estimate 11,313 (95% interval about
// 10,000-13,000) from a Poisson log-linear model with selected two-way
// interactions. The table is sparse (38 of 63 cells empty; LA-GP and LA-NCA
// never overlap), and Silverman (2020, JRSS A 183:691-736) shows that a minority
// of models give very different answers; we must land in the published range.
TEST(EstimateUk, LogLinearReproducesHomeOfficeRange) {
  auto table = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/uk_modern_slavery_2013.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EstimateOptions options = FastOptions();
  options.method = EstimationMethod::kLogLinear;
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  const StratumEstimate& r = report->total;
  std::printf("UK 2013 log-linear:\n");
  for (const auto& m : r.models) {
    std::printf("  %-11s %8.0f [%8.0f, %8.0f]  %s\n", std::string(ModelRowKindName(m.kind)).c_str(), m.estimate, m.interval_low,
                m.interval_high, m.model.c_str());
  }
  EXPECT_EQ(r.observed, 2744);
  EXPECT_EQ(HeadlineMethodName(r.method), "loglinear:average-aic");
  EXPECT_GE(r.estimate, 10000.0);
  EXPECT_LE(r.estimate, 13000.0);
  EXPECT_LT(r.interval_low, 11313.0);
  EXPECT_GT(r.interval_high, 11313.0);
  const ModelEstimate* selected = Row(r, "selected");
  ASSERT_NE(selected, nullptr);
  EXPECT_GE(selected->estimate, 10000.0);
  EXPECT_LE(selected->estimate, 13000.0);
  EXPECT_EQ(r.models_examined, 32768);
  EXPECT_TRUE(HasWarning(r, "sparse_table"));
  EXPECT_TRUE(HasWarning(r, "no_overlap"));
  EXPECT_TRUE(HasWarning(r, "model_not_estimable"));
}

TEST(EstimateUk, LatentClassRunsOnSparseTable) {
  auto table = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/uk_modern_slavery_2013.csv");
  ASSERT_TRUE(table.ok());
  EstimateOptions options = FastOptions();
  options.method = EstimationMethod::kLatentClass;
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::printf("UK 2013 LCMCR: median %.0f [%.0f, %.0f]\n", report->total.estimate,
              report->total.interval_low, report->total.interval_high);
  EXPECT_EQ(HeadlineMethodName(report->total.method), "lcmcr");
  EXPECT_GT(report->total.estimate, 2744.0);
}

TEST(EstimateKosovo, AllMethodsReportedWithHeadlineFromLcmcr) {
  auto table = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/kosovo.csv");
  ASSERT_TRUE(table.ok());
  auto report = EstimateFromTable(*table, FastOptions());
  ASSERT_TRUE(report.ok()) << report.status().message();
  const StratumEstimate& r = report->total;
  std::printf("Kosovo:\n");
  for (const auto& m : r.models) {
    if (m.kind == ModelRowKind::kModel) continue;
    std::printf("  %-9s %-11s %8.0f [%8.0f, %8.0f]  %s\n",
                std::string(ModelFamilyName(m.method)).c_str(), std::string(ModelRowKindName(m.kind)).c_str(), m.estimate,
                m.interval_low, m.interval_high, m.model.c_str());
  }
  EXPECT_EQ(HeadlineMethodName(r.method), "lcmcr");
  // Published stratified interval 9,002-12,122 (Ball et al. 2002): see lcmcr_test.cc.
  EXPECT_LT(r.interval_low, 12122.0);
  EXPECT_GT(r.interval_high, 9002.0);
  ASSERT_NE(Row(r, "average-aic"), nullptr);
  ASSERT_NE(Row(r, "posterior"), nullptr);
  EXPECT_EQ(r.models_examined, 64);

  const nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(*report));
  EXPECT_EQ(j["observed"], 4400);
  EXPECT_EQ(j["method"], "lcmcr");
  EXPECT_EQ(j["interval"].size(), 2u);
  EXPECT_EQ(j["lists"], nlohmann::json({"EXH", "ABA", "OSCE", "HRW"}));
  EXPECT_TRUE(j["models"].is_array());
  EXPECT_TRUE(j["models"][0].contains("aic") || j["models"][0]["kind"] == "average-aic");
  EXPECT_TRUE(j["warnings"].is_array());
  EXPECT_FALSE(j.contains("strata"));
  EXPECT_THAT(RenderEstimateText(*report), HasSubstr("Observed: 4400 persons"));
}

// Draws a capture table for a population of known size with heterogeneous
// capture: two latent classes (60% visible, 40% hard to reach), lists
// independent within a class, so lists are positively dependent overall.
CaptureTable SimulateHeterogeneous(int population, uint64_t seed) {
  mse::Rng rng(seed);
  const double visible[5] = {0.45, 0.40, 0.50, 0.35, 0.40};
  const double hidden[5] = {0.15, 0.10, 0.18, 0.08, 0.12};  // 55% / 45%
  auto table = CaptureTable::Create({"L1", "L2", "L3", "L4", "L5"});
  for (int i = 0; i < population; ++i) {
    const double* p = rng.Uniform() < 0.55 ? visible : hidden;
    uint32_t pattern = 0;
    for (int j = 0; j < 5; ++j) {
      if (rng.Uniform() < p[j]) pattern |= 1u << j;
    }
    if (pattern != 0) {
      EXPECT_TRUE(table->Add(pattern, 1).ok());
    }
  }
  return std::move(table).value();
}

// Known truth, heterogeneous capture (two latent classes, 55% visible with
// capture probabilities 0.35-0.50 per list, 45% hard to reach with 0.08-0.18).
// Measured with this seed (N = 20,000, about 14,700 observed):
//   LCMCR posterior median ~19,400, interval ~[18,200, 22,200]: covers N.
//   Log-linear AIC average ~18,300, interval ~[18,000, 18,600]: ~8.5% low and
//   misses N. Two-way interactions cannot represent latent-class heterogeneity
//   (it induces interactions of every order); this is why the headline is the
//   latent-class posterior, and docs/estimation.md says so. At N = 3,000 both
//   methods are ~10% low: with ~2,200 observed the hard-to-reach class is barely
//   identifiable.
TEST(EstimateSimulated, TrueTotalInsideLatentClassIntervalUnderHeterogeneity) {
  constexpr int kTruth = 20000;
  CaptureTable table = SimulateHeterogeneous(kTruth, 20240601);
  auto report = EstimateFromTable(table, FastOptions());
  ASSERT_TRUE(report.ok()) << report.status().message();
  const StratumEstimate& r = report->total;
  std::printf("Simulated (N = %d, observed %lld):\n", kTruth, static_cast<long long>(r.observed));
  for (const auto& m : r.models) {
    if (m.kind == ModelRowKind::kModel) continue;
    std::printf("  %-9s %-11s %8.0f [%8.0f, %8.0f]  off by %+.1f%%  %s\n",
                std::string(ModelFamilyName(m.method)).c_str(), std::string(ModelRowKindName(m.kind)).c_str(), m.estimate,
                m.interval_low, m.interval_high, 100.0 * (m.estimate - kTruth) / kTruth,
                m.model.c_str());
  }
  const ModelEstimate* lcmcr = Row(r, "posterior");
  ASSERT_NE(lcmcr, nullptr);
  EXPECT_LE(lcmcr->interval_low, kTruth);
  EXPECT_GE(lcmcr->interval_high, kTruth);
  EXPECT_LE(r.interval_low, kTruth);
  EXPECT_GE(r.interval_high, kTruth);
  EXPECT_NEAR(*lcmcr->posterior_median, kTruth, 0.07 * kTruth);
  // The log-linear average is biased low here (documented above), but not wildly.
  const ModelEstimate* average = Row(r, "average-aic");
  ASSERT_NE(average, nullptr);
  EXPECT_LT(average->estimate, kTruth);
  EXPECT_GT(average->estimate, 0.85 * kTruth);
}

// Independent lists (the log-linear independence model is true). Measured
// with this seed: LCMCR 3,053 [2,972, 3,161] and the BIC average 3,068
// [2,977, 3,170] cover N = 3,000; the AIC average 3,123 [3,023, 3,262] and the
// AIC-selected model miss it narrowly: AIC admits spurious interactions and
// model-averaged intervals still understate selection uncertainty. Kept as a
// regression record of that behaviour, not hidden.
TEST(EstimateSimulated, TrueTotalInsideAllIntervalsWhenListsIndependent) {
  constexpr int kTruth = 3000;
  mse::Rng rng(77);
  const double p[5] = {0.30, 0.25, 0.35, 0.20, 0.30};
  auto table = CaptureTable::Create({"L1", "L2", "L3", "L4", "L5"});
  for (int i = 0; i < kTruth; ++i) {
    uint32_t pattern = 0;
    for (int j = 0; j < 5; ++j) {
      if (rng.Uniform() < p[j]) pattern |= 1u << j;
    }
    if (pattern != 0) {
      ASSERT_TRUE(table->Add(pattern, 1).ok());
    }
  }
  auto report = EstimateFromTable(*table, FastOptions());
  ASSERT_TRUE(report.ok()) << report.status().message();
  for (const auto& m : report->total.models) {
    if (m.kind == ModelRowKind::kModel) continue;
    std::printf("  %-9s %-11s %8.0f [%8.0f, %8.0f]  off by %+.1f%%\n",
                std::string(ModelFamilyName(m.method)).c_str(), std::string(ModelRowKindName(m.kind)).c_str(), m.estimate,
                m.interval_low, m.interval_high, 100.0 * (m.estimate - kTruth) / kTruth);
    if (m.kind == ModelRowKind::kAverageBic || m.kind == ModelRowKind::kPosterior) {
      EXPECT_LE(m.interval_low, kTruth) << ModelRowKindName(m.kind);
      EXPECT_GE(m.interval_high, kTruth) << ModelRowKindName(m.kind);
    }
    EXPECT_NEAR(m.estimate, kTruth, 0.06 * kTruth) << ModelRowKindName(m.kind);
  }
}

TEST(EstimateWarnings, DeclaredDependenceForcesInteraction) {
  auto table = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/kosovo.csv");
  ASSERT_TRUE(table.ok());
  EstimateOptions options = FastOptions();
  options.method = EstimationMethod::kLogLinear;
  options.dependent.push_back({"HRW", "ABA", "HRW interviews derived from ABA's"});
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(HasWarning(report->total, "declared_dependence"));
  EXPECT_EQ(report->total.models_examined, 32);
  for (const auto& m : report->total.models) {
    if (m.method == ModelFamily::kLogLinear && (m.kind == ModelRowKind::kModel || m.kind == ModelRowKind::kSelected)) {
      EXPECT_THAT(m.model, HasSubstr("[ABA:HRW]"));
    }
  }
  // Merged lists need no interaction and raise no warning.
  options.lists.merge = {"ABA+HRW"};
  report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(HasWarning(report->total, "declared_dependence"));
  EXPECT_EQ(report->total.lists, (std::vector<std::string>{"EXH", "ABA+HRW", "OSCE"}));
}

TEST(EstimateWarnings, TwoListsOnlyIndependence) {
  auto table = ParseCaptureTableCsv("A,B,count\n1,0,80\n0,1,60\n1,1,20\n", "two.csv");
  ASSERT_TRUE(table.ok());
  EstimateOptions options = FastOptions();
  options.method = EstimationMethod::kLatentClass;
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(HasWarning(report->total, "few_lists"));
  EXPECT_TRUE(HasWarning(report->total, "method_unavailable"));
  EXPECT_NEAR(report->total.estimate, 400.0, 1e-6);
  EXPECT_EQ(HeadlineMethodName(report->total.method), "loglinear:average-aic");
}

TEST(EstimateWarnings, WideSpreadAcrossModels) {
  // Little overlap and conflicting pairwise dependence: models disagree.
  auto table = ParseCaptureTableCsv(
      "A,B,C,count\n1,0,0,300\n0,1,0,280\n0,0,1,310\n1,1,0,30\n1,0,1,2\n0,1,1,25\n1,1,1,1\n",
      "spread.csv");
  ASSERT_TRUE(table.ok());
  EstimateOptions options = FastOptions();
  options.method = EstimationMethod::kLogLinear;
  options.log_linear.criterion = InformationCriterion::kAic;
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok());
  for (const auto& w : report->total.warnings)
    std::printf("  [%s] %s\n", w.code.c_str(), w.message.c_str());
  EXPECT_TRUE(HasWarning(report->total, "wide_model_spread") ||
              HasWarning(report->total, "unbounded_interval") ||
              HasWarning(report->total, "large_extrapolation"));
}

TEST(EstimateFromMemberships, StratifiedTotalsAddUp) {
  mse::Rng rng(5);
  std::vector<PersonCaptures> persons;
  const char* lists[4] = {"manifest", "court", "ngo", "press"};
  for (int s = 0; s < 2; ++s) {
    for (int i = 0; i < 800; ++i) {
      PersonCaptures p;
      p.person_id = std::to_string(s) + "-" + std::to_string(i);
      p.stratum = s == 0 ? "2023-01" : "2023-02";
      for (int j = 0; j < 4; ++j) {
        if (rng.Uniform() < 0.35) p.sources.push_back(lists[j]);
      }
      persons.push_back(std::move(p));
    }
  }
  auto report = EstimateFromMemberships(persons, FastOptions());
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->strata.size(), 2u);
  EXPECT_EQ(report->total.stratum, "(total)");
  EXPECT_EQ(report->total.observed, report->strata[0].observed + report->strata[1].observed);
  const ModelEstimate* ll = nullptr;
  for (const auto& m : report->total.models) {
    if (m.method == ModelFamily::kLogLinear) ll = &m;
  }
  ASSERT_NE(ll, nullptr);
  double sum = 0;
  for (const auto& s : report->strata) sum += Row(s, "average-aic")->estimate;
  EXPECT_NEAR(ll->estimate, sum, 1e-6);
  EXPECT_EQ(HeadlineMethodName(report->total.method), "lcmcr");
  // Truth 1,600; all lists independent with p = 0.35.
  EXPECT_LE(report->total.interval_low, 1600.0);
  EXPECT_GE(report->total.interval_high, 1600.0);
  const nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(*report));
  EXPECT_EQ(j["strata"].size(), 2u);
  EXPECT_EQ(j["strata"][0]["stratum"], "2023-01");
}

TEST(EstimateOptionsParsing, MethodsAndPairs) {
  EXPECT_EQ(*ParseEstimationMethod("lcmcr"), EstimationMethod::kLatentClass);
  EXPECT_FALSE(ParseEstimationMethod("bayes").ok());
  auto pair = ParseDependentPair("leak:manifest");
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->first, "leak");
  EXPECT_EQ(pair->second, "manifest");
  EXPECT_FALSE(ParseDependentPair("leak").ok());
  EXPECT_FALSE(ParseDependentPair("a:b:c").ok());
  EXPECT_FALSE(ParseDependentPair(":b").ok());
}

TEST(EstimateOptionsParsing, ModelFamiliesAreNamedAsMethods) {
  EXPECT_EQ(ModelFamilyName(ModelFamily::kLogLinear), "loglinear");
  EXPECT_EQ(ModelFamilyName(ModelFamily::kLatentClass), "lcmcr");
}

// The one empty-list filter: the estimate warns with the names it returns.
TEST(EstimateSelection, PrepareTableNamesTheEmptyListsItLeavesOut) {
  auto table = CaptureTable::Create({"A", "B", "C"});
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table->Add(0b001, 40).ok());
  ASSERT_TRUE(table->Add(0b011, 10).ok());
  ASSERT_TRUE(table->Add(0b010, 30).ok());
  std::vector<std::string> empty;
  auto prepared = mse::PrepareTable(*table, {}, &empty);
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(prepared->lists(), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(empty, (std::vector<std::string>{"C"}));
  EstimateOptions options;
  options.method = EstimationMethod::kLogLinear;
  auto report = EstimateFromTable(*table, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(HasWarning(report->total, "empty_list"));
  EXPECT_EQ(HeadlineMethodName(report->total.method), "loglinear:average-aic");
}

TEST(EstimateSelection, UnrecordedListsMaskFollowsMerges) {
  auto table = CaptureTable::Create({"manifest+leak", "family", "court+ngo"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(mse::UnrecordedListsMask(*table, {"family"}), 2u);
  EXPECT_EQ(mse::UnrecordedListsMask(*table, {"court"}), 0u);  // ngo records it
  EXPECT_EQ(mse::UnrecordedListsMask(*table, {"ngo", "court", "leak"}), 4u);
  EXPECT_EQ(mse::UnrecordedListsMask(*table, {}), 0u);
  EXPECT_EQ(mse::UnrecordedListsMask(*table, {"manifest", "leak", "family", "court", "ngo"}), 0u);
}

// A list that never records the population (family reports with no place): the
// persons seen only there were left out, so the "family only" cell is unobservable.
// Expected counts of 8,000 persons in two classes, "family only" removed.
TEST(EstimateUnrecorded, LatentClassKeepsTheListLogLinearLeavesItOut) {
  const double truth = 8000;
  const std::optional<CaptureTable> table = mse::ExpectedLatentClassTable(
      {"manifest", "ngo", "court", "family"}, truth, {0.5, 0.5},
      {{0.6, 0.5, 0.3, 0.4}, {0.3, 0.2, 0.25, 0.2}}, {/*family only*/ 8u});
  EstimateOptions options = FastOptions();
  options.unrecorded_lists = {"family"};
  auto marked = EstimateFromTable(*table, options);
  ASSERT_TRUE(marked.ok()) << marked.status().message();
  const StratumEstimate& t = marked->total;
  EXPECT_TRUE(HasWarning(t, "unrecorded_list_left_out"));
  const ModelEstimate* lcmcr = Row(t, "posterior");
  ASSERT_NE(lcmcr, nullptr);
  EXPECT_LT(lcmcr->interval_low, truth);
  EXPECT_GT(lcmcr->interval_high, truth);
  // The log-linear models see manifest, ngo and court only.
  const ModelEstimate* selected = Row(t, "selected");
  ASSERT_NE(selected, nullptr);
  EXPECT_THAT(selected->model, ::testing::Not(HasSubstr("family")));
  EXPECT_EQ(t.models_examined, 8);  // all subsets of 3 two-way terms
  // Read as an empty cell, both fall short.
  auto empty = EstimateFromTable(*table, FastOptions());
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(HasWarning(empty->total, "unrecorded_list_left_out"));
  EXPECT_LT(Row(empty->total, "posterior")->interval_high, lcmcr->estimate);
  EXPECT_EQ(empty->total.models_examined, 64);
}

TEST(EstimateSelection, UnknownListIsInvalidInput) {
  auto table = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/kosovo.csv");
  ASSERT_TRUE(table.ok());
  EstimateOptions options;
  options.lists.drop = {"UN"};
  auto report = EstimateFromTable(*table, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(report.status().message(), HasSubstr("EXH, ABA, OSCE, HRW"));
}

}  // namespace
// lcmcr_mixing: few effective draws, or chains that disagree; a single chain's drift
// by Geweke's score, since it has no other chain to disagree with.
TEST(LcmcrMixingWarning, FiresOnFewDrawsOrDisagreeingChains) {
  mse::LatentClassResult settled;
  settled.chains = 4;
  settled.effective_sample_size = 500;
  settled.split_rhat = 1.02;
  settled.geweke_z = 3.5;  // one of four chains, by chance: R-hat speaks for them
  settled.chain_medians = {10400, 10500, 10450, 10380};
  settled.draws.assign(1000, 10450);
  EXPECT_FALSE(mse::LcmcrMixingWarning(settled, "the sampler").has_value());

  mse::LatentClassResult apart = settled;
  apart.split_rhat = 1.2;
  apart.chain_medians = {10400, 13900, 10450, 10380};
  const auto warning = mse::LcmcrMixingWarning(apart, "the sampler");
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(warning->code, "lcmcr_mixing");
  EXPECT_THAT(warning->message, testing::HasSubstr("split R-hat 1.20 over 4 chains"));
  EXPECT_THAT(warning->message, testing::HasSubstr("10400, 13900, 10450, 10380"));

  mse::LatentClassResult few = settled;
  few.effective_sample_size = 60;
  EXPECT_TRUE(mse::LcmcrMixingWarning(few, "the sampler").has_value());

  mse::LatentClassResult one = settled;
  one.chains = 1;
  one.split_rhat = 1;
  EXPECT_TRUE(mse::LcmcrMixingWarning(one, "the sampler").has_value());
  one.geweke_z = -1.2;
  EXPECT_FALSE(mse::LcmcrMixingWarning(one, "the sampler").has_value());
}

}  // namespace habeas
