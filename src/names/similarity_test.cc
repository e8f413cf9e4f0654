#include "habeas/names/similarity.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace habeas::names {
namespace {

TEST(JaroWinklerTest, KnownValues) {
  EXPECT_NEAR(Jaro("martha", "marhta"), 0.944, 0.001);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_DOUBLE_EQ(JaroWinkler("perez", "perez"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  const std::string long_a(100, 'a'), long_b = std::string(99, 'a') + "b";
  EXPECT_GT(JaroWinkler(long_a, long_b), 0.95);  // heap path
}

// Cap 1 has its own short path: it must agree with the banded matrix of a wider cap.
TEST(DamerauLevenshteinCappedTest, CapOneAgreesWithTheMatrix) {
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  for (int n = 0; n < 20000; ++n) {
    std::string a, b;
    const int la = static_cast<int>(next() >> 29), lb = static_cast<int>(next() >> 29);
    for (int i = 0; i < la; ++i) a.push_back(static_cast<char>('a' + (next() >> 30)));
    for (int i = 0; i < lb; ++i) b.push_back(static_cast<char>('a' + (next() >> 30)));
    EXPECT_EQ(DamerauLevenshteinCapped(a, b, 1), std::min(DamerauLevenshteinCapped(a, b, 8), 2))
        << a << " / " << b;
  }
}

TEST(DamerauLevenshteinCappedTest, DistancesAndCap) {
  EXPECT_EQ(DamerauLevenshteinCapped("gonzalez", "gonzales", 2), 1);
  EXPECT_EQ(DamerauLevenshteinCapped("perez", "peerz", 2), 1);  // transposition
  EXPECT_EQ(DamerauLevenshteinCapped("perez", "perez", 0), 0);
  EXPECT_EQ(DamerauLevenshteinCapped("kitten", "sitting", 5), 3);
  EXPECT_EQ(DamerauLevenshteinCapped("kitten", "sitting", 2), 3);  // cap + 1
  EXPECT_EQ(DamerauLevenshteinCapped("", "abc", 5), 3);
  EXPECT_EQ(DamerauLevenshteinCapped("abc", "", 1), 2);
  EXPECT_EQ(DamerauLevenshteinCapped("ca", "abc", 5), 3);  // OSA, not unrestricted DL
  EXPECT_EQ(DamerauLevenshteinCapped("a", "b", -3), 1);
}

// Reference OSA distance without band or cap.
int ReferenceOsa(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string RandomToken(std::mt19937& rng, size_t max_size) {
  std::string s(rng() % (max_size + 1), 'a');
  for (char& c : s) c = static_cast<char>('a' + rng() % 4);  // small alphabet: many matches
  return s;
}

// Properties: symmetric, in range, identity; the banded DL agrees with the reference.
TEST(SimilarityPropertyTest, SymmetricInRangeAndCorrect) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    const std::string a = RandomToken(rng, i % 10 == 0 ? 90 : 12);
    const std::string b = RandomToken(rng, i % 10 == 0 ? 90 : 12);
    const double ab = JaroWinkler(a, b), ba = JaroWinkler(b, a);
    ASSERT_EQ(ab, ba) << a << " / " << b;
    ASSERT_GE(ab, 0.0);
    ASSERT_LE(ab, 1.0);
    ASSERT_EQ(JaroWinkler(a, a), 1.0);
    const int cap = static_cast<int>(rng() % 5);
    const int reference = ReferenceOsa(a, b);
    const int capped = DamerauLevenshteinCapped(a, b, cap);
    ASSERT_EQ(capped, std::min(reference, cap + 1)) << a << " / " << b << " cap " << cap;
    ASSERT_EQ(capped, DamerauLevenshteinCapped(b, a, cap));
  }
}

// The bound is never below the real value (random words over small and full alphabets,
// accented bytes among them), and it is below the fuzzy threshold for unrelated names.
TEST(JaroWinklerUpperBoundTest, NeverBelowJaroWinkler) {
  std::mt19937 rng(7);
  const std::string letters = "abcdefghijklmnopqrstuvwxyz\xc3\xb1\xa9";
  for (int i = 0; i < 50000; ++i) {
    std::string a = RandomToken(rng, i % 10 == 0 ? 90 : 12);
    std::string b = RandomToken(rng, i % 10 == 0 ? 90 : 12);
    if (i % 2) {
      for (char& c : a) c = letters[rng() % letters.size()];
      for (char& c : b) c = letters[rng() % letters.size()];
    }
    ASSERT_GE(JaroWinklerUpperBound(a, b), JaroWinkler(a, b)) << a << " / " << b;
    ASSERT_EQ(JaroWinklerUpperBound(a, b), JaroWinklerUpperBound(b, a)) << a << " / " << b;
  }
  EXPECT_LT(JaroWinklerUpperBound("jose", "gonzalez"), 0.8);
  EXPECT_LT(JaroWinklerUpperBound("maria", "pedro"), 0.8);
  EXPECT_GE(JaroWinklerUpperBound("gonzalez", "gonslaes"), 0.8);  // a real fuzzy pair
  EXPECT_EQ(JaroWinklerUpperBound("perez", "perez"), 1.0);
  EXPECT_EQ(JaroWinklerUpperBound("abc", ""), 0.0);
  // Past 255 bytes a byte counter could wrap: such strings are not bounded (1).
  EXPECT_EQ(JaroWinklerUpperBound(std::string(300, 'a'), std::string(300, 'b')), 1.0);
}

TEST(TokenSimilarityTest, SetAndOrderFree) {
  std::vector<std::string_view> a = {"jose", "luis", "perez"};
  std::vector<std::string_view> b = {"perez", "jose", "luis"};
  std::vector<std::string_view> c = {"jose", "perez"};
  std::vector<std::string_view> empty;
  EXPECT_DOUBLE_EQ(TokenSetJaccard(a, b), 1.0);
  EXPECT_NEAR(TokenSetJaccard(a, c), 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(TokenSetJaccard(empty, empty), 1.0);
  EXPECT_DOUBLE_EQ(OrderFreeTokenSimilarity(a, b), 1.0);
  EXPECT_NEAR(OrderFreeTokenSimilarity(a, c), 0.8, 1e-12);  // 2·2 / 5
  EXPECT_DOUBLE_EQ(OrderFreeTokenSimilarity(a, empty), 0.0);
  std::vector<std::string_view> typo = {"peres", "jose", "luiz"};
  EXPECT_GT(OrderFreeTokenSimilarity(a, typo), 0.9);
}

TEST(TokenSimilarityPropertyTest, SymmetricAndInRange) {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::string> sa, sb;
    for (size_t k = rng() % 11; k > 0; --k) sa.push_back(RandomToken(rng, 6));
    for (size_t k = rng() % 11; k > 0; --k) sb.push_back(RandomToken(rng, 6));
    std::vector<std::string_view> a(sa.begin(), sa.end()), b(sb.begin(), sb.end());
    const double ab = OrderFreeTokenSimilarity(a, b), ba = OrderFreeTokenSimilarity(b, a);
    ASSERT_NEAR(ab, ba, 1e-12);
    ASSERT_GE(ab, 0.0);
    ASSERT_LE(ab, 1.0);
    ASSERT_EQ(TokenSetJaccard(a, b), TokenSetJaccard(b, a));
  }
}

}  // namespace
}  // namespace habeas::names
