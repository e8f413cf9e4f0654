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

// The trailing run of ASCII digits of `id` (may be empty).
std::string_view TrailingDigits(std::string_view id) {
  size_t i = id.size();
  while (i > 0 && id[i - 1] >= '0' && id[i - 1] <= '9') --i;
  return id.substr(i);
}

// A strict total order on digit strings: shorter first, then by digits. (Not the
// numeric order: "007" and "7" are different ids and must compare unequal.)
bool Greater(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a > b;
}

}  // namespace

bool SeenIds::ExtendsRun(std::string_view prefix, std::string_view digits) {
  if (digits.empty()) return false;
  if (run_max_.empty()) {  // the first id starts the run
    run_prefix_.assign(prefix);
    run_max_.assign(digits);
    return true;
  }
  if (prefix != run_prefix_ || !Greater(digits, run_max_)) return false;
  run_max_.assign(digits);
  return true;
}

bool SeenIds::InRunRange(std::string_view prefix, std::string_view digits) const {
  return !run_max_.empty() && !digits.empty() && prefix == run_prefix_ &&
         !Greater(digits, run_max_);
}

bool SeenIds::FilterAdd(std::string_view id) {
  if (bits_.empty()) bits_.assign((size_t{1} << kLogBits) / 64, 0);
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
  return all_set;
}

void SeenIds::Add(std::string_view id) {
  const std::string_view digits = TrailingDigits(id);
  const std::string_view prefix = id.substr(0, id.size() - digits.size());
  if (in_run_) {
    if (ExtendsRun(prefix, digits)) return;
    in_run_ = false;
  }
  // Past the run: ids inside the run's range may repeat one of its ids (which the
  // filter never saw); every id may repeat another id seen past the run.
  const bool maybe_in_run = InRunRange(prefix, digits);
  if (FilterAdd(id) || maybe_in_run) candidates_.emplace(id);
}

}  // namespace habeas::ingest
