#include "habeas/names/similarity.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace habeas::names {
namespace {

// Orders the pair so every function sees the same (shorter, then smaller) first
// argument regardless of call order: this makes symmetry hold by construction.
void Canonicalise(std::string_view* a, std::string_view* b) {
  if (a->size() > b->size() || (a->size() == b->size() && *a > *b)) std::swap(*a, *b);
}

// Jaro with 64-bit match masks: both strings at most 64 bytes.
double JaroSmall(std::string_view a, std::string_view b) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  uint64_t matched_b = 0;
  uint64_t matched_a = 0;
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    const char c = a[i];
    for (int j = lo; j <= hi; ++j) {
      if (b[j] == c && !(matched_b & (uint64_t{1} << j))) {
        matched_b |= uint64_t{1} << j;
        matched_a |= uint64_t{1} << i;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  uint64_t ma = matched_a, mb = matched_b;
  while (ma != 0) {
    const int i = __builtin_ctzll(ma);
    const int j = __builtin_ctzll(mb);
    if (a[i] != b[j]) ++transpositions;
    ma &= ma - 1;
    mb &= mb - 1;
  }
  const double m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3.0;
}

double JaroLarge(std::string_view a, std::string_view b) {
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<char> matched_a(la, 0), matched_b(lb, 0);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!matched_b[j] && b[j] == a[i]) {
        matched_b[j] = matched_a[i] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!matched_a[i]) continue;
    while (!matched_b[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3.0;
}

}  // namespace

double Jaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  Canonicalise(&a, &b);
  if (b.size() <= 64) return JaroSmall(a, b);
  return JaroLarge(a, b);
}

double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale) {
  if (a == b) return 1.0;
  const double jaro = Jaro(a, b);
  prefix_scale = std::clamp(prefix_scale, 0.0, 0.25);
  const size_t limit = std::min<size_t>({4, a.size(), b.size()});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  const double result = jaro + static_cast<double>(prefix) * prefix_scale * (1.0 - jaro);
  return std::clamp(result, 0.0, 1.0);
}

double JaroWinklerUpperBound(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  // Letters in common as a multiset, by byte value modulo 32: lower-case ASCII letters
  // each have their own counter; bytes that share one only raise the count, so the
  // bound stays a bound.
  // Byte counters (vectorised); a string long enough to overflow one is not bounded.
  if (a.size() > 255 || b.size() > 255) return 1.0;
  alignas(32) std::array<uint8_t, 32> count_a{}, count_b{};
  for (char c : a) ++count_a[static_cast<unsigned char>(c) & 31];
  for (char c : b) ++count_b[static_cast<unsigned char>(c) & 31];
  int common = 0;
  for (size_t k = 0; k < count_a.size(); ++k) common += std::min(count_a[k], count_b[k]);
  if (common == 0) return 0.0;
  const double m = common;
  const double jaro = std::min(1.0, (m / static_cast<double>(a.size()) +
                                     m / static_cast<double>(b.size()) + 1.0) / 3.0);
  const size_t limit = std::min<size_t>({4, a.size(), b.size()});
  size_t prefix = 0;
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  // The margin covers rounding: JaroWinkler's own sum may round the other way.
  return std::min(1.0, jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro) + 1e-9);
}

int DamerauLevenshteinCapped(std::string_view a, std::string_view b, int cap) {
  if (cap < 0) cap = 0;
  Canonicalise(&a, &b);  // a is the shorter
  // Trim the common prefix and suffix: they never change the distance.
  while (!a.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  if (lb - la > cap) return cap + 1;
  if (la == 0) return lb;
  // Cap 1 (identifiers and typo checks: most calls, most of them far apart) needs
  // no matrix: with the common ends trimmed, what is left differs at both ends, so
  // it is one edit only as a single substitution or an adjacent transposition.
  if (cap == 1) {
    const bool one_edit = la == lb && (la == 1 || (la == 2 && a[0] == b[1] && a[1] == b[0]));
    return one_edit ? 1 : 2;
  }
  const int big = cap + 1;
  // Three rolling rows of the OSA matrix, restricted to the band |i - j| <= cap.
  constexpr int kStackColumns = 65;
  int stack_rows[3][kStackColumns];
  std::vector<int> heap_rows;
  int* rows[3];
  if (lb + 1 <= kStackColumns) {
    rows[0] = stack_rows[0], rows[1] = stack_rows[1], rows[2] = stack_rows[2];
  } else {
    heap_rows.assign(3 * static_cast<size_t>(lb + 1), big);
    rows[0] = heap_rows.data(), rows[1] = rows[0] + lb + 1, rows[2] = rows[1] + lb + 1;
  }
  int* two_back = rows[0];
  int* previous = rows[1];
  int* current = rows[2];
  for (int j = 0; j <= lb; ++j) previous[j] = j <= cap ? j : big;
  for (int j = 0; j <= lb; ++j) two_back[j] = big;
  for (int i = 1; i <= la; ++i) {
    const int lo = std::max(1, i - cap);
    const int hi = std::min(lb, i + cap);
    current[0] = i <= cap ? i : big;
    if (lo > 1) current[lo - 1] = big;
    int row_min = current[0];
    for (int j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        value = std::min(value, two_back[j - 2] + 1);
      }
      value = std::min(value, big);
      current[j] = value;
      row_min = std::min(row_min, value);
    }
    if (hi < lb) current[hi + 1] = big;
    if (row_min > cap) return big;
    int* recycled = two_back;
    two_back = previous;
    previous = current;
    current = recycled;
  }
  return std::min(previous[lb], big);
}

double TokenSetJaccard(std::span<const std::string_view> a, std::span<const std::string_view> b) {
  if (a.empty() && b.empty()) return 1.0;
  auto contains = [](std::span<const std::string_view> tokens, size_t end, std::string_view t) {
    for (size_t i = 0; i < end; ++i)
      if (tokens[i] == t) return true;
    return false;
  };
  size_t distinct_a = 0, distinct_b = 0, shared = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (contains(a, i, a[i])) continue;
    ++distinct_a;
    if (contains(b, b.size(), a[i])) ++shared;
  }
  for (size_t i = 0; i < b.size(); ++i) {
    if (!contains(b, i, b[i])) ++distinct_b;
  }
  const size_t unioned = distinct_a + distinct_b - shared;
  return unioned == 0 ? 1.0 : static_cast<double>(shared) / static_cast<double>(unioned);
}

double OrderFreeTokenSimilarity(std::span<const std::string_view> a,
                                std::span<const std::string_view> b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  // a is the smaller side; equal sizes are ordered by content so the result (including
  // the greedy fallback's tie-breaking) does not depend on argument order.
  if (a.size() > b.size() ||
      (a.size() == b.size() &&
       std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end()))) {
    std::swap(a, b);
  }
  const size_t na = a.size(), nb = b.size();
  double best_total = 0.0;
  if (nb <= 8) {
    // Exact: DP over subsets of b's tokens, assigning a's tokens in order.
    double sim[8][8];
    for (size_t i = 0; i < na; ++i)
      for (size_t j = 0; j < nb; ++j) sim[i][j] = JaroWinkler(a[i], b[j]);
    double dp[1 << 8];
    const size_t states = size_t{1} << nb;
    std::fill(dp, dp + states, -1.0);
    dp[0] = 0.0;
    for (size_t mask = 0; mask < states; ++mask) {
      if (dp[mask] < 0) continue;
      const size_t i = static_cast<size_t>(__builtin_popcountll(mask));
      if (i >= na) {
        best_total = std::max(best_total, dp[mask]);
        continue;
      }
      for (size_t j = 0; j < nb; ++j) {
        if (mask & (size_t{1} << j)) continue;
        const size_t next = mask | (size_t{1} << j);
        dp[next] = std::max(dp[next], dp[mask] + sim[i][j]);
      }
    }
  } else {
    // Greedy: repeatedly take the best remaining pair (ties broken by content, so the
    // result does not depend on argument order).
    std::vector<char> used_a(na, 0), used_b(nb, 0);
    for (size_t round = 0; round < na; ++round) {
      double best = -1.0;
      size_t bi = 0, bj = 0;
      for (size_t i = 0; i < na; ++i) {
        if (used_a[i]) continue;
        for (size_t j = 0; j < nb; ++j) {
          if (used_b[j]) continue;
          const double s = JaroWinkler(a[i], b[j]);
          if (s > best) best = s, bi = i, bj = j;
        }
      }
      used_a[bi] = used_b[bj] = 1;
      best_total += best;
    }
  }
  const double score = 2.0 * best_total / static_cast<double>(na + nb);
  return std::clamp(score, 0.0, 1.0);
}

}  // namespace habeas::names
