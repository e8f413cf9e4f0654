// Linkage draws: doubtful links change the capture table, the draws are seeded, and
// the pooled interval spans the answers with and without the doubtful links.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "estimate/random.h"
#include "habeas/estimate.h"

namespace habeas {
namespace {

EstimateOptions Options(EstimationMethod method) {
  EstimateOptions options;
  options.method = method;
  options.latent_class.iterations = 4000;
  options.latent_class.burn_in = 1000;
  options.latent_class.thinning = 2;
  options.latent_class.min_effective_draws = 0;
  return options;
}

// Three independent lists (capture 0.3, 0.4, 0.35) over `truth` persons, each observed
// person one unit. Then `splits` persons on A and B only are split into an A unit and a
// B unit with a doubtful link the linker did not make (probability `p`), as a linker
// that missed the pair would leave them.
LinkageGraph SplitPopulation(int truth, int splits, double p, uint64_t seed) {
  mse::Rng rng(seed);
  const double capture[3] = {0.3, 0.4, 0.35};
  const char* names[3] = {"A", "B", "C"};
  LinkageGraph graph;
  for (int i = 0; i < truth; ++i) {
    LinkageUnit unit;
    for (int j = 0; j < 3; ++j) {
      if (rng.Uniform() < capture[j]) unit.sources.push_back(names[j]);
    }
    if (unit.sources.empty()) continue;
    const bool a_and_b_only = unit.sources == std::vector<std::string>{"A", "B"};
    if (a_and_b_only && splits > 0) {
      --splits;
      const uint32_t first = static_cast<uint32_t>(graph.units.size());
      graph.units.push_back({{"A"}, "", Membership::kIn});
      graph.units.push_back({{"B"}, "", Membership::kIn});
      graph.links.push_back({first, first + 1, p, false});
      continue;
    }
    graph.units.push_back(std::move(unit));
  }
  return graph;
}

std::map<std::string, int64_t> Patterns(const std::vector<PersonCaptures>& persons) {
  std::map<std::string, int64_t> out;
  for (const PersonCaptures& p : persons) {
    std::vector<std::string> s = p.sources;
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    std::string key;
    for (const std::string& x : s) key += x;
    ++out[key];
  }
  return out;
}

TEST(LinkageDraws, DoubtfulLinksChangeTheTable) {
  const LinkageGraph graph = SplitPopulation(3000, 40, 0.5, 11);
  ASSERT_EQ(graph.links.size(), 40u);
  const std::vector<uint8_t> none(graph.links.size(), 0), all(graph.links.size(), 1);
  const auto apart = Patterns(PersonsOfLinkage(graph, none));
  const auto joined = Patterns(PersonsOfLinkage(graph, all));
  // Each link made turns an A-only and a B-only person into one person on A and B.
  EXPECT_EQ(joined.at("AB"), apart.at("AB") + 40);
  EXPECT_EQ(joined.at("A"), apart.at("A") - 40);
  EXPECT_EQ(joined.at("B"), apart.at("B") - 40);
  EXPECT_EQ(joined.at("C"), apart.at("C"));
}

TEST(LinkageDraws, MembershipAndStratumFollowTheUnits) {
  LinkageGraph graph;
  graph.units.push_back({{"A"}, "", Membership::kUnknown});
  graph.units.push_back({{"B"}, "cecot", Membership::kIn});
  graph.units.push_back({{"C"}, "", Membership::kOut});
  graph.units.push_back({{"A", "C"}, "", Membership::kUnknown});
  graph.links.push_back({0, 1, 0.4, false});
  graph.links.push_back({2, 3, 0.7, true});
  const std::vector<PersonCaptures> apart = PersonsOfLinkage(graph, {0, 0});
  ASSERT_EQ(apart.size(), 1u);  // only the unit that says "in"
  EXPECT_EQ(apart[0].sources, std::vector<std::string>{"B"});
  const std::vector<PersonCaptures> joined = PersonsOfLinkage(graph, {1, 1});
  ASSERT_EQ(joined.size(), 1u);  // A joins B's person; C + (A, C) says out and unknown
  EXPECT_EQ(joined[0].sources, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(joined[0].stratum, "cecot");
}

TEST(LinkageDraws, NoDrawsIsTheLinkersLinkage) {
  const LinkageGraph graph = SplitPopulation(2000, 30, 0.5, 3);
  auto pooled = EstimateWithLinkageDraws(graph, Options(EstimationMethod::kLogLinear), {0, 1});
  std::vector<uint8_t> fixed(graph.links.size(), 0);
  auto plain = EstimateFromMemberships(PersonsOfLinkage(graph, fixed),
                                       Options(EstimationMethod::kLogLinear));
  ASSERT_TRUE(pooled.ok() && plain.ok());
  EXPECT_FALSE(pooled->linkage.has_value());
  EXPECT_EQ(pooled->total.estimate, plain->total.estimate);
  EXPECT_EQ(pooled->total.interval_high, plain->total.interval_high);
}

// The pooled interval holds the centre of the estimate with every doubtful link made
// and with none, for both methods; the draws are reproducible from their seed.
TEST(LinkageDraws, PooledIntervalSpansMergedAndUnmerged) {
  const LinkageGraph graph = SplitPopulation(3000, 12, 0.5, 21);
  for (EstimationMethod method : {EstimationMethod::kLogLinear, EstimationMethod::kAll}) {
    SCOPED_TRACE(std::string(EstimationMethodName(method)));
    const EstimateOptions options = Options(method);
    const std::vector<uint8_t> none(graph.links.size(), 0), all(graph.links.size(), 1);
    auto apart = EstimateFromMemberships(PersonsOfLinkage(graph, none), options);
    auto joined = EstimateFromMemberships(PersonsOfLinkage(graph, all), options);
    auto pooled = EstimateWithLinkageDraws(graph, options, {20, 7});
    ASSERT_TRUE(apart.ok() && joined.ok() && pooled.ok()) << pooled.status().message();
    const StratumEstimate& t = pooled->total;
    std::printf(
        "  %s: apart %.0f, joined %.0f, pooled %.0f [%.0f, %.0f], fixed %.0f [%.0f, %.0f]\n",
        HeadlineMethodName(t.method).c_str(), apart->total.estimate, joined->total.estimate, t.estimate, t.interval_low,
        t.interval_high, pooled->linkage->fixed_estimate, pooled->linkage->fixed_interval_low,
        pooled->linkage->fixed_interval_high);
    // Splits only hide overlaps: apart the estimate is higher. Compared on the
    // log-linear AIC average, which is deterministic (a short LCMCR chain's median
    // moves by more than these 12 links do).
    const auto average = [](const EstimateReport& r) {
      for (const ModelEstimate& m : r.total.models) {
        if (m.kind == ModelRowKind::kAverageAic) return m.estimate;
      }
      return 0.0;
    };
    EXPECT_GT(average(*apart), average(*joined));
    EXPECT_LE(t.interval_low, joined->total.estimate);
    EXPECT_GE(t.interval_high, apart->total.estimate);
    ASSERT_TRUE(pooled->linkage.has_value());
    const LinkageSummary& l = *pooled->linkage;
    EXPECT_EQ(l.draws, 20);
    EXPECT_EQ(l.doubtful_unlinked, 12);
    EXPECT_EQ(l.doubtful_linked, 0);
    // The linker made none of the links: its answer is the "apart" one.
    EXPECT_EQ(l.fixed_estimate, apart->total.estimate);
    EXPECT_EQ(l.observed_fixed, apart->total.observed);
    EXPECT_GE(l.observed_min, joined->total.observed);
    EXPECT_LE(l.observed_max, apart->total.observed);
    EXPECT_LT(l.observed_min, l.observed_max);  // the draws differ
    EXPECT_GE(l.linkage_variance_share, 0.0);
    EXPECT_LE(l.linkage_variance_share, 1.0);
    EXPECT_EQ(HeadlineMethodName(t.method), method == EstimationMethod::kAll ? "lcmcr+linkage" : "loglinear+linkage");
    // Seeded: the same seed gives the same report.
    auto again = EstimateWithLinkageDraws(graph, options, {20, 7});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(RenderEstimateJson(*again), RenderEstimateJson(*pooled));
    const nlohmann::json j = nlohmann::json::parse(RenderEstimateJson(*pooled));
    EXPECT_EQ(j["linkage"]["draws"], 20);
    EXPECT_EQ(j["linkage"]["draw_estimates"].size(), 20u);
  }
}

TEST(LinkageDraws, CertainLinksLeaveTheEstimateAlone) {
  // Links the linker made with probability 1 never break: every draw is the same table.
  LinkageGraph graph = SplitPopulation(2000, 25, 1.0, 5);
  for (DoubtfulLink& l : graph.links) l.linked = true;
  auto pooled = EstimateWithLinkageDraws(graph, Options(EstimationMethod::kLogLinear), {5, 2});
  ASSERT_TRUE(pooled.ok());
  ASSERT_TRUE(pooled->linkage.has_value());
  EXPECT_EQ(pooled->linkage->observed_min, pooled->linkage->observed_max);
  EXPECT_EQ(pooled->linkage->observed_min, pooled->total.observed);
  EXPECT_NEAR(pooled->linkage->linkage_variance_share, 0.0, 1e-12);
  EXPECT_NEAR(pooled->total.estimate, pooled->linkage->fixed_estimate,
              1e-6 * pooled->total.estimate);
}

TEST(LinkageDraws, BadLinksAreInvalidInput) {
  LinkageGraph graph = SplitPopulation(500, 2, 0.5, 1);
  graph.links.push_back({0, 99999, 0.5, false});
  EXPECT_EQ(EstimateWithLinkageDraws(graph, Options(EstimationMethod::kLogLinear), {3, 1})
                .status()
                .code(),
            StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace habeas
