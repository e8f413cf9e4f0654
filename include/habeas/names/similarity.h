// String and token-set similarity for name tokens.
//
// All functions are pure, symmetric in their two arguments, thread-safe, and do not
// allocate for inputs up to 64 bytes (name tokens); longer inputs use a heap buffer.
// They compare bytes, so pass folded tokens (NormalizeName's folded form).
//
//   double s = habeas::names::JaroWinkler("martinez", "martines");   // 0.95
//   int d = habeas::names::DamerauLevenshteinCapped("gonzalez", "gonzales", 2);  // 1
//   double t = habeas::names::OrderFreeTokenSimilarity({"jose", "perez"}, {"perez", "jose"});  // 1
#pragma once

#include <span>
#include <string_view>

namespace habeas::names {

// Jaro similarity in [0, 1]; 1 for two empty strings, 0 if exactly one is empty.
double Jaro(std::string_view a, std::string_view b);

// Jaro–Winkler in [0, 1]: Jaro boosted by the common prefix (up to 4 bytes) with
// scale `prefix_scale` (≤ 0.25 keeps the result in range; values are clamped).
double JaroWinkler(std::string_view a, std::string_view b, double prefix_scale = 0.1);

// An upper bound of JaroWinkler(a, b, 0.1) that costs one pass over each string: Jaro
// with every letter the two strings have in common counted as a match (positions and
// transpositions ignored), plus the Winkler boost of the real common prefix. Callers
// that only compare the similarity with a threshold skip JaroWinkler when the bound is
// already below it: most pairs of unrelated words (the linker's random pairs, most
// words of two candidates' names) are decided this way.
//   JaroWinklerUpperBound("jose", "gonzalez") < 0.8  // so JaroWinkler is too
double JaroWinklerUpperBound(std::string_view a, std::string_view b);

// Optimal-string-alignment (restricted Damerau–Levenshtein) distance: insertions,
// deletions, substitutions and adjacent transpositions cost 1. Returns cap + 1 as
// soon as the distance is known to exceed `cap` (early exit; the work is banded to
// O((2·cap+1)·length)). cap < 0 is treated as 0.
int DamerauLevenshteinCapped(std::string_view a, std::string_view b, int cap);

// Jaccard overlap of the two token sets (duplicates ignored) in [0, 1]; 1 if both empty.
double TokenSetJaccard(std::span<const std::string_view> a, std::span<const std::string_view> b);

// Order-free fuzzy token similarity in [0, 1]: the best one-to-one assignment of tokens
// by Jaro–Winkler (exact optimum for up to 8 tokens a side, greedy beyond), scored as
// 2·Σ matched similarity / (|a| + |b|), so unmatched (dropped) tokens lower the score.
// "jose luis perez" vs "perez jose luis" → 1.
double OrderFreeTokenSimilarity(std::span<const std::string_view> a,
                                std::span<const std::string_view> b);

}  // namespace habeas::names
