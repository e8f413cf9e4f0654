// Capture tables for the estimate tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "habeas/estimate.h"

namespace habeas::mse {

// The expected table (no sampling noise) of `total` persons in latent classes with
// shares `share[k]`, list j capturing a person of class k independently with
// probability `capture[k][j]`; counts rounded. The cells `omit` (patterns) are left
// out, as a store leaves out persons it cannot place.
inline CaptureTable ExpectedLatentClassTable(const std::vector<std::string>& lists, double total,
                                             const std::vector<double>& share,
                                             const std::vector<std::vector<double>>& capture,
                                             const std::vector<uint32_t>& omit = {}) {
  CaptureTable table = CaptureTable::Create(lists).value();
  const int k = static_cast<int>(lists.size());
  for (uint32_t p = 1; p < (1u << k); ++p) {
    bool omitted = false;
    for (uint32_t o : omit) omitted = omitted || o == p;
    if (omitted) continue;
    double expected = 0;
    for (size_t c = 0; c < share.size(); ++c) {
      double q = share[c];
      for (int j = 0; j < k; ++j) q *= (p >> j & 1u) ? capture[c][j] : 1 - capture[c][j];
      expected += total * q;
    }
    (void)table.Add(p, static_cast<int64_t>(std::llround(expected)));
  }
  return table;
}

}  // namespace habeas::mse
