#include "estimate/linear_algebra.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace habeas::mse {
namespace {

TEST(CholeskySolve, SolvesASmallSystemKnownByHand) {
  // [4 2; 2 3] x = [2; 5]  →  x = [-0.5; 2]  (det 8: x1 = (2*3 - 2*5)/8, x2 = (4*5 - 2*2)/8)
  std::vector<double> a = {4, 2, 2, 3};
  std::vector<double> b = {2, 5};
  ASSERT_TRUE(CholeskySolve(&a, &b, 2));
  EXPECT_NEAR(b[0], -0.5, 1e-12);
  EXPECT_NEAR(b[1], 2.0, 1e-12);
  // A holds the upper factor U (A = UᵀU): U = [2 1; 0 √2].
  EXPECT_NEAR(a[0], 2.0, 1e-12);
  EXPECT_NEAR(a[1], 1.0, 1e-12);
  EXPECT_NEAR(a[3], std::sqrt(2.0), 1e-12);
}

TEST(CholeskySolve, ReadsOnlyTheUpperTriangle) {
  std::vector<double> a = {4, 2, -999, 3};  // the lower entry is never read
  std::vector<double> b = {2, 5};
  ASSERT_TRUE(CholeskySolve(&a, &b, 2));
  EXPECT_NEAR(b[0], -0.5, 1e-12);
  EXPECT_NEAR(b[1], 2.0, 1e-12);
}

TEST(CholeskySolve, RecoversAKnownSolutionOfALargerSystem) {
  // A = MᵀM + I is symmetric positive definite; b = A x for a chosen x.
  const int n = 12;
  std::vector<double> m(n * n);
  for (int i = 0; i < n * n; ++i) m[i] = std::sin(1.7 * i + 0.3);
  std::vector<double> a(n * n, 0.0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      for (int k = 0; k < n; ++k) a[i * n + j] += m[k * n + i] * m[k * n + j];
      if (i == j) a[i * n + j] += 1;
    }
  }
  std::vector<double> x(n), b(n, 0.0);
  for (int i = 0; i < n; ++i) x[i] = i - 5.5;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) b[i] += a[i * n + j] * x[j];
  }
  ASSERT_TRUE(CholeskySolve(&a, &b, n));
  for (int i = 0; i < n; ++i) EXPECT_NEAR(b[i], x[i], 1e-9) << i;
}

TEST(CholeskySolve, RefusesMatricesThatAreNotPositiveDefinite) {
  std::vector<double> singular = {1, 1, 1, 1};
  std::vector<double> b = {1, 1};
  EXPECT_FALSE(CholeskySolve(&singular, &b, 2));
  std::vector<double> indefinite = {1, 2, 2, 1};  // eigenvalues 3 and -1
  b = {1, 1};
  EXPECT_FALSE(CholeskySolve(&indefinite, &b, 2));
  std::vector<double> negative = {-1};
  b = {1};
  EXPECT_FALSE(CholeskySolve(&negative, &b, 1));
  std::vector<double> not_a_number = {std::nan("")};
  b = {1};
  EXPECT_FALSE(CholeskySolve(&not_a_number, &b, 1));
}

TEST(CholeskySolve, AnEmptySystemIsSolved) {
  std::vector<double> a, b;
  EXPECT_TRUE(CholeskySolve(&a, &b, 0));
}

TEST(NormalCdf, KnownValues) {
  EXPECT_DOUBLE_EQ(NormalCdf(0), 0.5);
  EXPECT_NEAR(NormalCdf(1.959963984540054), 0.975, 1e-12);
  EXPECT_NEAR(NormalCdf(-1), 0.15865525393145707, 1e-14);
  EXPECT_NEAR(NormalCdf(3) + NormalCdf(-3), 1.0, 1e-15);
  EXPECT_EQ(NormalCdf(-40), 0.0 + NormalCdf(-40));  // tiny but finite, no NaN
  EXPECT_GE(NormalCdf(-40), 0.0);
  EXPECT_EQ(NormalCdf(40), 1.0);
}

TEST(NormalQuantile, InvertsTheDistributionFunction) {
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-10);
  EXPECT_NEAR(NormalQuantile(0.025), -1.959963984540054, 1e-10);
  EXPECT_NEAR(NormalQuantile(0.95), 1.6448536269514722, 1e-10);
  for (double p : {1e-6, 0.01, 0.3, 0.7, 0.99, 1 - 1e-6}) {
    EXPECT_NEAR(NormalCdf(NormalQuantile(p)), p, 1e-11) << p;
  }
}

}  // namespace
}  // namespace habeas::mse
