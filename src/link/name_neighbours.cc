#include "link/name_neighbours.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>

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

// The distinct word keys of all records (the vocabulary) and, for each, the records
// that hold it: record i's words are key ids [word_begin[i], word_begin[i+1]).
struct Words {
  std::vector<uint32_t> word_begin;
  std::vector<uint32_t> word_key;
  std::vector<std::string_view> keys;         // by key id
  std::vector<uint32_t> holder_begin;         // by key id, into holders
  std::vector<uint32_t> holders;              // record indices
  uint32_t Frequency(uint32_t key) const { return holder_begin[key + 1] - holder_begin[key]; }
};

Words CollectWords(const std::vector<LinkRecord>& records) {
  Words w;
  std::unordered_map<std::string_view, uint32_t> ids;
  w.word_begin.reserve(records.size() + 1);
  for (const LinkRecord& r : records) {
    w.word_begin.push_back(static_cast<uint32_t>(w.word_key.size()));
    for (std::string_view key : NameWordKeys(r)) {
      const auto [it, added] = ids.emplace(key, static_cast<uint32_t>(w.keys.size()));
      if (added) w.keys.push_back(key);
      w.word_key.push_back(it->second);
    }
  }
  w.word_begin.push_back(static_cast<uint32_t>(w.word_key.size()));
  // Holders by counting sort: each key's records in record order.
  w.holder_begin.assign(w.keys.size() + 1, 0);
  for (uint32_t key : w.word_key) ++w.holder_begin[key + 1];
  for (size_t k = 1; k < w.holder_begin.size(); ++k) w.holder_begin[k] += w.holder_begin[k - 1];
  w.holders.resize(w.word_key.size());
  std::vector<uint32_t> next(w.holder_begin.begin(), w.holder_begin.end() - 1);
  for (uint32_t i = 0; i + 1 < w.word_begin.size(); ++i) {
    for (uint32_t s = w.word_begin[i]; s < w.word_begin[i + 1]; ++s) {
      w.holders[next[w.word_key[s]]++] = i;
    }
  }
  return w;
}

// For each key of the vocabulary, the keys that share a variant with it (itself
// included): key k's are similar[similar_begin[k] .. similar_begin[k+1]).
struct SimilarKeys {
  std::vector<uint32_t> similar_begin;
  std::vector<uint32_t> similar;
};

SimilarKeys FindSimilarKeys(const Words& w, int max_postings) {
  // (variant hash | key id) sorted: keys sharing a variant form a run (the hash keeps
  // the bits above the key id's; a collision of the rest only adds a candidate word).
  const size_t n_keys = w.keys.size();
  const int key_bits = std::max(1, static_cast<int>(std::bit_width(n_keys)));
  const uint64_t key_mask = (uint64_t{1} << key_bits) - 1;
  std::vector<uint64_t> packed;
  std::vector<uint64_t> variants;
  for (uint32_t k = 0; k < n_keys; ++k) {
    variants.clear();
    AppendVariants(w.keys[k], &variants);
    for (uint64_t v : variants) packed.push_back((v & ~key_mask) | k);
  }
  RadixSort(&packed, [](uint64_t x) { return x; });
  std::vector<std::vector<uint32_t>> similar(n_keys);
  for (size_t b = 0; b < packed.size();) {
    size_t e = b + 1;
    while (e < packed.size() && ((packed[e] ^ packed[b]) & ~key_mask) == 0) ++e;
    // A spelling held by too many records (a deletion that "maria", "mario" and
    // "marin" share) says nothing: only sparse neighbourhoods are read as typos.
    uint64_t holders = 0;
    for (size_t i = b; i < e; ++i) holders += w.Frequency(static_cast<uint32_t>(packed[i] & key_mask));
    if (holders > static_cast<uint64_t>(max_postings)) {
      b = e;
      continue;
    }
    for (size_t i = b; i < e; ++i) {
      for (size_t j = b; j < e; ++j) {
        similar[packed[i] & key_mask].push_back(static_cast<uint32_t>(packed[j] & key_mask));
      }
    }
    b = e;
  }
  SimilarKeys out;
  out.similar_begin.reserve(n_keys + 1);
  for (uint32_t k = 0; k < n_keys; ++k) similar[k].push_back(k);  // a key is its own
  for (std::vector<uint32_t>& keys : similar) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    out.similar_begin.push_back(static_cast<uint32_t>(out.similar.size()));
    out.similar.insert(out.similar.end(), keys.begin(), keys.end());
    std::vector<uint32_t>().swap(keys);
  }
  out.similar_begin.push_back(static_cast<uint32_t>(out.similar.size()));
  return out;
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

bool TwoOrMoreBits(uint8_t bits) { return (bits & (bits - 1)) != 0; }

// One asking record's state: which of its words each touched record shares.
class Asker {
 public:
  explicit Asker(size_t n_records) : words_of_(n_records, 0) {}

  // The best k neighbours of record i, appended to out as pairs.
  void Ask(const std::vector<LinkRecord>& records, const Words& w, const SimilarKeys& similar,
           uint32_t i, const NameNeighbourOptions& options, const std::vector<uint8_t>* eligible,
           std::vector<uint64_t>* out) {
    MarkSharedWords(w, similar, i, static_cast<uint32_t>(options.max_postings));
    RankTouched(records, i, eligible);
    const size_t kept = KeptAtTheCut(static_cast<size_t>(options.k));
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

  // For every record holding a spelling similar to one of record i's words, which of
  // i's words it shares (words_of_, touched_), and each word's IDF.
  void MarkSharedWords(const Words& w, const SimilarKeys& similar, uint32_t i,
                       uint32_t max_postings) {
    const double n = static_cast<double>(w.word_begin.size() - 1);
    for (uint32_t s = w.word_begin[i]; s < w.word_begin[i + 1]; ++s) {
      const uint32_t word = s - w.word_begin[i];
      const uint32_t key = w.word_key[s];
      idf_[word] = static_cast<float>(std::log(n / (1.0 + w.Frequency(key))));
      for (uint32_t x = similar.similar_begin[key]; x < similar.similar_begin[key + 1]; ++x) {
        const uint32_t other_key = similar.similar[x];
        if (w.Frequency(other_key) > max_postings) continue;
        for (uint32_t h = w.holder_begin[other_key]; h < w.holder_begin[other_key + 1]; ++h) {
          const uint32_t other = w.holders[h];
          if (other == i) continue;
          if (words_of_[other] == 0) touched_.push_back(other);
          words_of_[other] |= static_cast<uint8_t>(1u << word);
        }
      }
    }
  }

  // ranked_: the touched records sharing two or more words, with years that fit and
  // eligible, scored by the IDF of the words they share; clears the marks.
  void RankTouched(const std::vector<LinkRecord>& records, uint32_t i,
                   const std::vector<uint8_t>* eligible) {
    ranked_.clear();
    for (uint32_t other : touched_) {
      const uint8_t words = words_of_[other];
      words_of_[other] = 0;
      if (!TwoOrMoreBits(words) || YearsFar(records[i], records[other])) continue;
      if (eligible && !(*eligible)[i] && !(*eligible)[other]) continue;
      float score = 0;
      for (size_t word = 0; word < kMaxWords; ++word) {
        if (words & (1u << word)) score += idf_[word];
      }
      ranked_.push_back({score, other});
    }
    touched_.clear();
  }

  // Sorts the best k of ranked_ first and says how many to keep: namesakes tied at the
  // cut are ranked by nothing but record order, so none of them is kept.
  size_t KeptAtTheCut(size_t k) {
    k = std::min(k, ranked_.size());
    const auto cut_at = ranked_.begin() + static_cast<std::ptrdiff_t>(k);
    std::partial_sort(ranked_.begin(), cut_at, ranked_.end(), [](const Ranked& a, const Ranked& b) {
      return a.score != b.score ? a.score > b.score : a.other < b.other;
    });
    if (k == 0 || k == ranked_.size()) return k;
    const float cut = ranked_[k - 1].score;
    if (std::none_of(cut_at, ranked_.end(), [&](const Ranked& r) { return r.score == cut; })) {
      return k;
    }
    while (k > 0 && ranked_[k - 1].score == cut) --k;
    return k;
  }

  std::array<float, kMaxWords> idf_{};
  std::vector<uint8_t> words_of_;
  std::vector<uint32_t> touched_;
  std::vector<Ranked> ranked_;
};

}  // namespace

std::vector<uint64_t> NameNeighbourPairs(const std::vector<LinkRecord>& records,
                                         const NameNeighbourOptions& options,
                                         const std::vector<uint8_t>* eligible) {
  if (options.k <= 0 || records.size() < 2) return {};
  const Words words = CollectWords(records);
  const SimilarKeys similar = FindSimilarKeys(words, options.max_postings);
  const size_t n = records.size();
  const size_t n_chunks = (n + kParallelGrain - 1) / kParallelGrain;
  std::vector<std::vector<uint64_t>> per_chunk(n_chunks);
  ParallelFor(n, options.threads, [&](size_t begin, size_t end) {
    Asker asker(n);
    std::vector<uint64_t>& out = per_chunk[begin / kParallelGrain];
    for (size_t i = begin; i < end; ++i) {
      if (records[i].date_kind == DateKind::kFull) continue;
      asker.Ask(records, words, similar, static_cast<uint32_t>(i), options, eligible, &out);
    }
  });
  std::vector<uint64_t> pairs;
  for (std::vector<uint64_t>& chunk : per_chunk) pairs.insert(pairs.end(), chunk.begin(), chunk.end());
  RadixSort(&pairs, [](uint64_t x) { return x; });
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace habeas::link
