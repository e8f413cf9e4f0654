// Deterministic pseudo-random numbers for the synthetic data generator.
//
// The generator promises byte-identical output for the same seed and options on
// every platform and standard library, so it never uses <random> distributions
// (their algorithms are implementation-defined). Rng is xoshiro256** seeded through
// splitmix64; every derived value uses only integer arithmetic or IEEE-exact
// operations (+, *, /, comparisons), never libm functions.
//
// Each unit of work (a household, a person on a list, a query) draws from its own
// stream, Rng::ForStream(seed, stream, index), so adding a list or changing one
// list's rates does not change what the other lists contain.
//
//   Rng rng = Rng::ForStream(seed, kStreamQueries, query_index);
//   if (rng.Chance(0.2)) { ... }
//   const std::string& state = states[table.Sample(rng)];
//
// Thread-safety: an Rng is a small value; do not share one between threads.
// WeightedIndex is immutable after construction and safe to share.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace habeas::gen {

// splitmix64 step: a good 64-bit mixer, used for seeding and for stream derivation.
inline uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (uint64_t& word : state_) word = SplitMix64(s);
  }

  // An independent stream for (seed, stream, index); streams are named by constants.
  static Rng ForStream(uint64_t seed, uint64_t stream, uint64_t index) {
    uint64_t s = seed;
    uint64_t a = SplitMix64(s);
    s = a ^ (stream * 0xD6E8FEB86659FD93ULL);
    uint64_t b = SplitMix64(s);
    s = b ^ (index * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
    return Rng(SplitMix64(s));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. Modulo bias is below 2^-40 for the n we use.
  uint64_t Below(uint64_t n) { return Next() % n; }

  // Uniform integer in [low, high], inclusive.
  int Between(int low, int high) {
    return low + static_cast<int>(Below(static_cast<uint64_t>(high - low) + 1));
  }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p (p <= 0: never, p >= 1: always).
  bool Chance(double p) { return Uniform() < p; }

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// Samples indices 0..n-1 in proportion to non-negative weights (binary search over
// the cumulative sums).
class WeightedIndex {
 public:
  WeightedIndex() = default;
  explicit WeightedIndex(const std::vector<double>& weights) {
    cumulative_.reserve(weights.size());
    double total = 0;
    for (double w : weights) {
      total += w;
      cumulative_.push_back(total);
    }
  }
  size_t Sample(Rng& rng) const {
    const double target = rng.Uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    if (it == cumulative_.end()) --it;
    return static_cast<size_t>(it - cumulative_.begin());
  }
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

// Stream names: one per kind of work, so streams never overlap.
enum Stream : uint64_t {
  kStreamHousehold = 1,
  kStreamNamesake = 2,
  kStreamIdentifiers = 3,
  kStreamCapture = 4,  // + list index * 16
  kStreamRender = 5,   // + list index * 16
  kStreamOrder = 6,    // + list index * 16
  kStreamQueries = 7,
  kStreamHouseholdTraits = 8,
  kStreamProfileLevels = 9,  // + list index * 16: the hard profile's per-list levels
  kStreamMisread = 10,       // + list index * 16: rows whose text was misread (hard profile)
  kStreamNameAside = 11,     // + list index * 16: titles, relations, aliases, typed accents
  kStreamGluedWords = 12,    // + list index * 16: two words of a name typed as one
  kStreamQueryGlue = 13,     // queries with two words typed as one (hard profile)
};

inline uint64_t ListStream(Stream base, size_t list_index) {
  return static_cast<uint64_t>(base) + 16 * (static_cast<uint64_t>(list_index) + 1);
}

}  // namespace habeas::gen
