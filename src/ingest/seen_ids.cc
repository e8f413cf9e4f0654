#include "ingest/seen_ids.h"

namespace habeas::ingest {
namespace {

// 64-bit FNV-1a followed by a murmur-style finaliser.
uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace

SeenIds::SeenIds() : bits_((size_t{1} << kLogBits) / 64, 0) {}

void SeenIds::Add(std::string_view id) {
  const uint64_t h = Hash(id);
  const uint64_t mask = (uint64_t{1} << kLogBits) - 1;
  // Three probes from one hash (Kirsch–Mitzenmacher double hashing).
  const uint64_t h1 = h & 0xffffffffULL;
  const uint64_t h2 = h >> 32 | 1;
  bool all_set = true;
  for (uint64_t k = 0; k < 3; ++k) {
    const uint64_t bit = (h1 + k * h2) & mask;
    uint64_t& word = bits_[bit >> 6];
    const uint64_t m = uint64_t{1} << (bit & 63);
    if (!(word & m)) {
      all_set = false;
      word |= m;
    }
  }
  if (all_set) candidates_.emplace(id);
}

}  // namespace habeas::ingest
