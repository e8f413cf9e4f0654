#include "estimate/loglinear.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace habeas::mse {
namespace {

CaptureTable Table(const std::string& csv) {
  auto t = ParseCaptureTableCsv(csv, "test.csv");
  EXPECT_TRUE(t.ok()) << t.status().message();
  return std::move(t).value();
}

TEST(LogLinear, TwoListsIsLincolnPetersen) {
  // n1 = 100, n2 = 80, both = 20: N = n1 n2 / m = 400 (Petersen 1896).
  CaptureTable t = Table("A,B,count\n1,0,80\n0,1,60\n1,1,20\n");
  LogLinearFit fit = FitLogLinear(t, {});
  ASSERT_TRUE(fit.estimable());
  EXPECT_NEAR(fit.estimate, 400.0, 1e-6);
  EXPECT_EQ(fit.df, 0);
  auto a = AnalyzeLogLinear(t, {}, LogLinearOptions{});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fits.size(), 1u);  // only independence is identifiable
  EXPECT_NEAR(a->headline.estimate, 400.0, 1e-6);
  EXPECT_LT(a->headline.interval_low, 400.0);
  EXPECT_GT(a->headline.interval_high, 400.0);
}

TEST(LogLinear, IndependenceRecoversExactExpectedTable) {
  // N = 1000, three independent lists with capture probability 1/2: each of
  // the 8 cells expects 125, so the unobserved cell is 125 and N-hat = 1000.
  std::string csv = "A,B,C,count\n";
  for (int p = 1; p < 8; ++p) {
    csv += std::to_string(p & 1) + "," + std::to_string(p >> 1 & 1) + "," +
           std::to_string(p >> 2 & 1) + ",125\n";
  }
  CaptureTable t = Table(csv);
  LogLinearFit fit = FitLogLinear(t, {});
  ASSERT_TRUE(fit.estimable());
  EXPECT_NEAR(fit.estimate, 1000.0, 1e-6);
  EXPECT_NEAR(fit.deviance, 0.0, 1e-8);
  ProfileLikelihood profile(t, {}, fit);
  EXPECT_NEAR(profile.ml_missing(), 125.0, 1.0);  // within a person (Sanathanan 1972)
  double low = 0, high = 0;
  profile.Interval(0.95, &low, &high);
  EXPECT_LT(low, 125.0);
  EXPECT_GT(high, 125.0);
  EXPECT_GT(low, 0.0);
  // The signed root is monotone through zero at the maximum.
  EXPECT_LT(profile.SignedRoot(low), 0.0);
  EXPECT_NEAR(profile.SignedRoot(high), 1.96, 0.01);
}

TEST(LogLinear, NoOverlapMakesInteractionNotEstimable) {
  // A and C never overlap: the A:C interaction runs off to -infinity.
  CaptureTable t = Table("A,B,C,count\n1,0,0,50\n0,1,0,60\n0,0,1,70\n1,1,0,12\n0,1,1,15\n");
  const std::vector<ListPair> all = AllPairs(3);
  const int ac = 1;  // (0,2)
  ASSERT_EQ(all[ac], ListPair(0, 2));
  EXPECT_FALSE(FitLogLinear(t, {ac}).estimable());
  EXPECT_TRUE(FitLogLinear(t, {}).estimable());
  auto a = AnalyzeLogLinear(t, {}, LogLinearOptions{});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fits.size(), 8u);
  // The 4 models with A:C, and [A:B][B:C]: with both A-and-C cells empty it
  // sends the unobserved cell to infinity.
  EXPECT_EQ(a->not_estimable, 5);
  EXPECT_FALSE(FitLogLinear(t, {0, 2}).estimable());
  EXPECT_EQ(DescribeModel({0, 2}, all, t.lists()), "[A:B][B:C]");
}

TEST(LogLinear, ForcedPairsAreInEveryModel) {
  CaptureTable t = Table(
      "A,B,C,D,count\n1,0,0,0,50\n0,1,0,0,60\n0,0,1,0,70\n0,0,0,1,40\n"
      "1,1,0,0,12\n0,1,1,0,15\n1,0,1,0,9\n0,0,1,1,8\n1,0,0,1,6\n0,1,0,1,7\n"
      "1,1,1,0,3\n1,1,1,1,1\n");
  auto a = AnalyzeLogLinear(t, {0}, LogLinearOptions{});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fits.size(), 32u);
  for (const LogLinearFit& f : a->fits) EXPECT_THAT(f.pairs, ::testing::Contains(0));
}

TEST(LogLinear, StepwiseWhenTooManyModels) {
  CaptureTable t = Table(
      "A,B,C,D,count\n1,0,0,0,50\n0,1,0,0,60\n0,0,1,0,70\n0,0,0,1,40\n"
      "1,1,0,0,12\n0,1,1,0,15\n1,0,1,0,9\n0,0,1,1,8\n1,0,0,1,6\n0,1,0,1,7\n"
      "1,1,1,0,3\n1,1,1,1,1\n");
  LogLinearOptions options;
  options.max_exhaustive_models = 10;
  auto a = AnalyzeLogLinear(t, {}, options);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->exhaustive);
  EXPECT_LT(a->fits.size(), 64u);
  EXPECT_GT(a->headline.estimate, static_cast<double>(t.observed()));
}

}  // namespace
}  // namespace habeas::mse
