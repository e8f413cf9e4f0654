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
  // A blocked Bloom filter: eight probes inside one 64-byte block (one cache miss
  // per id). With 16 MiB, a million ids give about 0.02 expected false positives,
  // so the exact check at the end of the import almost never has to run unless
  // the file really repeats an id.
  const uint64_t h = Hash(id);
  constexpr uint64_t kWordsPerBlock = 8;
  const uint64_t blocks = bits_.size() / kWordsPerBlock;
  uint64_t* block = &bits_[(h % blocks) * kWordsPerBlock];
  uint64_t probe = h * 0x9E3779B97F4A7C15ULL | 1;
  bool all_set = true;
  for (int i = 0; i < 8; ++i) {
    probe = probe * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t bit = probe >> 55;  // 0..511
    uint64_t& word = block[bit >> 6];
    const uint64_t mask = uint64_t{1} << (bit & 63);
    if (!(word & mask)) {
      all_set = false;
      word |= mask;
    }
  }
  if (all_set) candidates_.emplace(id);
}

}  // namespace habeas::ingest
