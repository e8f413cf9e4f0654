#include "estimate/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace habeas::mse {
namespace {

TEST(Rng, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.NextBits();
    EXPECT_EQ(x, b.NextBits());
    (void)c;
  }
  EXPECT_NE(Rng(42).NextBits(), Rng(43).NextBits());
}

// Moments of each sampler over many draws, within ~5 standard errors.
TEST(Rng, SamplerMoments) {
  Rng rng(7);
  const int n = 200000;
  for (double shape : {0.3, 1.0, 4.5, 4400.0}) {
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double g = rng.Gamma(shape);
      s += g;
      s2 += g * g;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, shape, 5 * std::sqrt(shape / n)) << shape;
    EXPECT_NEAR(var / shape, 1.0, 0.05) << shape;
  }
  for (double lambda : {0.5, 7.0, 12.0, 950.0, 1e6}) {
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double k = static_cast<double>(rng.Poisson(lambda));
      s += k;
      s2 += k * k;
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    EXPECT_NEAR(mean, lambda, 5 * std::sqrt(lambda / n)) << lambda;
    EXPECT_NEAR(var / lambda, 1.0, 0.05) << lambda;
  }
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double lv, l1v;
    rng.LogBeta(2.0, 6.0, &lv, &l1v);
    EXPECT_NEAR(std::exp(lv) + std::exp(l1v), 1.0, 1e-12);
    s += std::exp(lv);
  }
  EXPECT_NEAR(s / n, 0.25, 0.003);
  double tiny_v, tiny_1v;
  rng.LogBeta(1e-4, 5000, &tiny_v, &tiny_1v);
  EXPECT_TRUE(std::isfinite(tiny_v));
  EXPECT_TRUE(std::isfinite(tiny_1v));
}

// The whole distribution, not only its moments: the total variation distance
// between 200,000 draws and the exact binomial pmf, for parameters that take
// each branch (inversion, BTRS, p > 1/2 by symmetry, a large n with small p).
TEST(Rng, BinomialMatchesItsPmf) {
  Rng rng(11);
  const int draws = 200000;
  struct Case {
    int64_t trials;
    double p;
  };
  for (const Case c : {Case{5, 0.3}, Case{40, 0.2}, Case{60, 0.5}, Case{1000, 0.5},
                       Case{30, 0.97}, Case{100000, 0.003}, Case{2000, 0.9}}) {
    std::vector<double> seen(static_cast<size_t>(c.trials) + 1, 0.0);
    for (int i = 0; i < draws; ++i) {
      const int64_t k = rng.Binomial(c.trials, c.p);
      ASSERT_GE(k, 0);
      ASSERT_LE(k, c.trials);
      seen[static_cast<size_t>(k)] += 1.0 / draws;
    }
    double distance = 0;
    const double n = static_cast<double>(c.trials);
    for (int64_t k = 0; k <= c.trials; ++k) {
      const double x = static_cast<double>(k);
      const double pmf = std::exp(std::lgamma(n + 1) - std::lgamma(x + 1) - std::lgamma(n - x + 1) +
                                  x * std::log(c.p) + (n - x) * std::log1p(-c.p));
      distance += std::fabs(seen[static_cast<size_t>(k)] - pmf) / 2;
    }
    // Sampling noise alone gives ~sqrt(support / draws) / 2: 0.004 for ~60 values.
    EXPECT_LT(distance, 0.012) << c.trials << " " << c.p;
  }
  EXPECT_EQ(rng.Binomial(0, 0.5), 0);
  EXPECT_EQ(rng.Binomial(10, 0.0), 0);
  EXPECT_EQ(rng.Binomial(10, 1.0), 10);
}

}  // namespace
}  // namespace habeas::mse
