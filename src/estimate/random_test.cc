#include "estimate/random.h"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace habeas::mse
