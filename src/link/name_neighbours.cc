#include "link/name_neighbours.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <string>
#include <string_view>

#include "link/parallel.h"
#include "link/radix_sort.h"

namespace habeas::link {
namespace {

constexpr size_t kMaxWords = 6;  // words of one name taken (given names, two surnames)
constexpr size_t kMinDeletionLength = 4;  // shorter keys give too common deletions
// Years further apart than this (each side's widest reading) make a candidate pointless.
constexpr int kMaxYearGap = 2;

// The phonetic keys of a record's words (first reading): given names, then the
// surnames; initials and repeats left out.
std::vector<std::string_view> NameWordKeys(const LinkRecord& r) {
  std::vector<std::string_view> keys;
  auto add = [&](const names::PreparedWord& w) {
    if (w.empty() || w.initial || w.key.empty() || keys.size() == kMaxWords) return;
    if (std::find(keys.begin(), keys.end(), w.key.view()) == keys.end()) {
      keys.push_back(w.key.view());
    }
  };
  for (const names::PreparedWord& w : r.name.given) add(w);
  add(r.name.surname1);
  add(r.name.surname2);
  return keys;
}

// The key itself first, then, from kMinDeletionLength symbols, each distinct
// one-symbol deletion: two keys one substitution, insertion or deletion apart share a
// variant.
void AppendVariants(std::string_view key, std::vector<uint64_t>* out) {
  out->push_back(HashText(key));
  if (key.size() < kMinDeletionLength) return;
  const size_t first = out->size();
  std::string shorter;
  for (size_t i = 0; i < key.size(); ++i) {
    shorter.assign(key.substr(0, i));
    shorter.append(key.substr(i + 1));
    out->push_back(HashText(shorter));
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end());
  out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(first), out->end()),
             out->end());
}

// Every record's variants, flat: record i owns slots [slot_begin[i], slot_begin[i+1]),
// each slot a variant hash and the index of the word it came from; a word's first
// slot is its key itself.
struct Variants {
  std::vector<uint32_t> slot_begin;
  std::vector<uint64_t> hash;
  std::vector<uint8_t> word;
  std::vector<uint8_t> is_key;
};

Variants CollectVariants(const std::vector<LinkRecord>& records) {
  Variants v;
  v.slot_begin.reserve(records.size() + 1);
  std::vector<uint64_t> word_variants;
  for (const LinkRecord& r : records) {
    v.slot_begin.push_back(static_cast<uint32_t>(v.hash.size()));
    const std::vector<std::string_view> keys = NameWordKeys(r);
    for (size_t w = 0; w < keys.size(); ++w) {
      word_variants.clear();
      AppendVariants(keys[w], &word_variants);
      v.hash.insert(v.hash.end(), word_variants.begin(), word_variants.end());
      v.word.insert(v.word.end(), word_variants.size(), static_cast<uint8_t>(w));
      v.is_key.push_back(1);
      v.is_key.insert(v.is_key.end(), word_variants.size() - 1, 0);
    }
  }
  v.slot_begin.push_back(static_cast<uint32_t>(v.hash.size()));
  return v;
}

// The records holding each variant: `record` lists them grouped by variant; slot s's
// group is [group_begin[s], group_begin[s] + group_size[s]). Groups are found by
// sorting (variant hash | slot) values: the hash keeps the bits above the slot's
// (a collision of the rest only adds a candidate to rank).
struct Postings {
  std::vector<uint32_t> record;
  std::vector<uint32_t> group_begin;
  std::vector<uint32_t> group_size;
};

Postings BuildPostings(const Variants& v) {
  const size_t n = v.hash.size();
  const int slot_bits = std::max(1, static_cast<int>(std::bit_width(n)));
  const uint64_t slot_mask = (uint64_t{1} << slot_bits) - 1;
  std::vector<uint64_t> packed(n);
  for (size_t s = 0; s < n; ++s) packed[s] = (v.hash[s] & ~slot_mask) | s;
  RadixSort(&packed, [](uint64_t x) { return x; });
  Postings p;
  p.record.resize(n);
  p.group_begin.resize(n);
  p.group_size.resize(n);
  for (size_t b = 0; b < n;) {
    size_t e = b + 1;
    while (e < n && ((packed[e] ^ packed[b]) & ~slot_mask) == 0) ++e;
    for (size_t i = b; i < e; ++i) {
      const size_t slot = packed[i] & slot_mask;
      p.group_begin[slot] = static_cast<uint32_t>(b);
      p.group_size[slot] = static_cast<uint32_t>(e - b);
    }
    b = e;
  }
  // Slots to records: each record's slots are a run.
  std::vector<uint32_t> record_of_slot(n);
  for (size_t r = 0; r + 1 < v.slot_begin.size(); ++r) {
    std::fill(record_of_slot.begin() + v.slot_begin[r], record_of_slot.begin() + v.slot_begin[r + 1],
              static_cast<uint32_t>(r));
  }
  for (size_t i = 0; i < n; ++i) p.record[i] = record_of_slot[packed[i] & slot_mask];
  return p;
}

// The widest range of birth years a record allows ({0, 0}: no year).
std::pair<int, int> YearRange(const LinkRecord& r) {
  if (!r.has_year()) return {0, 0};
  return {r.date_kind == DateKind::kAge ? r.year_low : r.year, r.year};
}

bool YearsFar(const LinkRecord& a, const LinkRecord& b) {
  const auto [a_low, a_high] = YearRange(a);
  const auto [b_low, b_high] = YearRange(b);
  if (a_high == 0 || b_high == 0) return false;
  return a_low - b_high > kMaxYearGap || b_low - a_high > kMaxYearGap;
}

// One asking record's state: which of its words each touched record shares.
class Asker {
 public:
  explicit Asker(size_t n_records) : words_of_(n_records, 0) {}

  // The best k neighbours of record i, appended to out as pairs.
  void Ask(const std::vector<LinkRecord>& records, const Variants& v, const Postings& p,
           uint32_t i, const NameNeighbourOptions& options, const std::vector<uint8_t>* eligible,
           std::vector<uint64_t>* out) {
    std::array<float, kMaxWords> idf{};
    const uint32_t first = v.slot_begin[i];
    const uint32_t last = v.slot_begin[i + 1];
    const double n = static_cast<double>(records.size());
    for (uint32_t s = first; s < last; ++s) {
      const uint8_t w = v.word[s];
      if (v.is_key[s]) idf[w] = static_cast<float>(std::log(n / (1.0 + p.group_size[s])));
      const uint32_t size = p.group_size[s];
      if (size > static_cast<uint32_t>(options.max_postings)) continue;
      for (uint32_t g = p.group_begin[s], end = g + size; g < end; ++g) {
        const uint32_t other = p.record[g];
        if (other == i) continue;
        if (words_of_[other] == 0) touched_.push_back(other);
        words_of_[other] |= static_cast<uint8_t>(1u << w);
      }
    }
    ranked_.clear();
    for (uint32_t other : touched_) {
      const uint8_t words = words_of_[other];
      words_of_[other] = 0;
      if (std::popcount(words) < 2 || YearsFar(records[i], records[other])) continue;
      if (eligible && !(*eligible)[i] && !(*eligible)[other]) continue;
      float score = 0;
      for (size_t w = 0; w < kMaxWords; ++w) {
        if (words & (1u << w)) score += idf[w];
      }
      ranked_.push_back({score, other});
    }
    touched_.clear();
    const size_t k = std::min(ranked_.size(), static_cast<size_t>(options.k));
    std::partial_sort(ranked_.begin(), ranked_.begin() + static_cast<std::ptrdiff_t>(k),
                      ranked_.end(), [](const Ranked& a, const Ranked& b) {
                        return a.score != b.score ? a.score > b.score : a.other < b.other;
                      });
    // Namesakes that tie at the cut are not ranked by anything: keep none of them
    // rather than the first few by record order.
    size_t kept = k;
    if (k > 0 && k < ranked_.size()) {
      const float cut = ranked_[k - 1].score;
      const bool tie_beyond = std::any_of(ranked_.begin() + static_cast<std::ptrdiff_t>(k), ranked_.end(),
                                          [&](const Ranked& r) { return r.score == cut; });
      if (tie_beyond) {
        while (kept > 0 && ranked_[kept - 1].score == cut) --kept;
      }
    }
    for (size_t r = 0; r < kept; ++r) {
      const uint64_t a = std::min(i, ranked_[r].other);
      const uint64_t b = std::max(i, ranked_[r].other);
      out->push_back(a << 32 | b);
    }
  }

 private:
  struct Ranked {
    float score;
    uint32_t other;
  };

  std::vector<uint8_t> words_of_;
  std::vector<uint32_t> touched_;
  std::vector<Ranked> ranked_;
};

}  // namespace

std::vector<uint64_t> NameNeighbourPairs(const std::vector<LinkRecord>& records,
                                         const NameNeighbourOptions& options,
                                         const std::vector<uint8_t>* eligible) {
  if (options.k <= 0 || records.size() < 2) return {};
  const Variants variants = CollectVariants(records);
  const Postings postings = BuildPostings(variants);
  const size_t n = records.size();
  const size_t n_chunks = (n + kParallelGrain - 1) / kParallelGrain;
  std::vector<std::vector<uint64_t>> per_chunk(n_chunks);
  ParallelFor(n, options.threads, [&](size_t begin, size_t end) {
    Asker asker(n);
    std::vector<uint64_t>& out = per_chunk[begin / kParallelGrain];
    for (size_t i = begin; i < end; ++i) {
      if (records[i].date_kind == DateKind::kFull) continue;
      asker.Ask(records, variants, postings, static_cast<uint32_t>(i), options, eligible, &out);
    }
  });
  std::vector<uint64_t> pairs;
  for (std::vector<uint64_t>& chunk : per_chunk) pairs.insert(pairs.end(), chunk.begin(), chunk.end());
  RadixSort(&pairs, [](uint64_t x) { return x; });
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace habeas::link
