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
  // A blocked Bloom filter: the three probe bits live in one 64-bit word, so an
  // insertion costs one cache miss instead of three (the filter is 16 MiB).
  const uint64_t h = Hash(id);
  const uint64_t words = bits_.size();
  uint64_t& word = bits_[h & (words - 1)];
  const uint64_t probes = (uint64_t{1} << ((h >> 40) & 63)) | (uint64_t{1} << ((h >> 46) & 63)) |
                          (uint64_t{1} << ((h >> 52) & 63));
  if ((word & probes) == probes) candidates_.emplace(id);
  word |= probes;
}

}  // namespace habeas::ingest
