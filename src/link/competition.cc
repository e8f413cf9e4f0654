#include "link/competition.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "link/compare.h"
#include "link/parallel.h"

namespace habeas::link {
namespace {

// Rounds of re-estimating the priors; they settle within 1% in two or three.
constexpr int kMaxRounds = 5;
constexpr double kPriorSettled = 0.01;  // relative change of every pair of lists' prior

uint32_t FirstOf(uint64_t pair) { return static_cast<uint32_t>(pair >> 32); }
uint32_t SecondOf(uint64_t pair) { return static_cast<uint32_t>(pair & 0xffffffffu); }

struct Neighbour {
  uint32_t record;
  uint32_t pair;
};

// Every record's candidate pairs with odds worth counting, sorted by the other record.
class Neighbours {
 public:
  Neighbours(size_t records, const std::vector<uint64_t>& pairs, const std::vector<double>& odds)
      : offsets_(records + 1, 0) {
    for (size_t k = 0; k < pairs.size(); ++k) {
      if (odds[k] < kNegligibleOdds) continue;
      ++offsets_[FirstOf(pairs[k]) + 1];
      ++offsets_[SecondOf(pairs[k]) + 1];
    }
    for (size_t r = 0; r < records; ++r) offsets_[r + 1] += offsets_[r];
    neighbours_.resize(offsets_[records]);
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (size_t k = 0; k < pairs.size(); ++k) {
      if (odds[k] < kNegligibleOdds) continue;
      const uint32_t a = FirstOf(pairs[k]), b = SecondOf(pairs[k]);
      neighbours_[fill[a]++] = {b, static_cast<uint32_t>(k)};
      neighbours_[fill[b]++] = {a, static_cast<uint32_t>(k)};
    }
    for (size_t r = 0; r < records; ++r) {
      std::sort(neighbours_.begin() + offsets_[r], neighbours_.begin() + offsets_[r + 1],
                [](const Neighbour& x, const Neighbour& y) { return x.record < y.record; });
    }
  }

  std::span<const Neighbour> Of(uint32_t r) const {
    return {neighbours_.data() + offsets_[r], neighbours_.data() + offsets_[r + 1]};
  }

  // The odds of pair (a, b), 0 when it is not a candidate worth counting.
  double OddsOf(const std::vector<double>& odds, uint32_t a, uint32_t b) const {
    const std::span<const Neighbour> of = Of(a);
    auto it = std::lower_bound(of.begin(), of.end(), b,
                               [](const Neighbour& x, uint32_t r) { return x.record < r; });
    return it != of.end() && it->record == b ? odds[it->pair] : 0.0;
  }

 private:
  std::vector<uint32_t> offsets_;
  std::vector<Neighbour> neighbours_;
};

// C_i: the odds of i's candidates k on j's list other than j, each counted as much as
// k is not j's own duplicate, times how exclusive that list is (`exclusive`, by source
// index: 1 for a list without duplicates, 0 for one that holds each person many times).
// That k and j both resemble i is evidence that they are one person, as strong as the
// weaker of the two resemblances: the odds that k is j's duplicate are odds(j, k) times
// min(odds(i, j), odds(i, k)) when that is more than 1.
double CompetitorOdds(const std::vector<LinkRecord>& records, const Neighbours& neighbours,
                      const std::vector<double>& odds, const std::array<double, 256>& exclusive,
                      uint32_t i, uint32_t j) {
  const double share = exclusive[records[j].source_index];
  if (share <= 0) return 0.0;
  const double to_j = neighbours.OddsOf(odds, i, j);
  double sum = 0.0;
  for (const Neighbour& k : neighbours.Of(i)) {
    if (k.record == j || records[k.record].source != records[j].source) continue;
    const double via_i = std::max(1.0, std::min(to_j, odds[k.pair]));
    sum += odds[k.pair] / (1.0 + neighbours.OddsOf(odds, j, k.record) * via_i);
  }
  return share * sum;
}

// Records per source index (kNoSourceIndex counts every later source together).
std::array<double, 256> ListSizes(const std::vector<LinkRecord>& records) {
  std::array<double, 256> sizes{};
  for (const LinkRecord& r : records) ++sizes[r.source_index];
  return sizes;
}

double PairsOfClass(const std::array<double, 256>& sizes, uint8_t pair_class) {
  const auto [a, b] = SourceIndicesOf(pair_class);
  if (a == kNoPairClass) return 0;
  return a == b ? 0.5 * sizes[a] * (sizes[a] - 1) : sizes[a] * sizes[b];
}

// π of a pair: the larger of the two records' chances of being on the other's list.
double Presence(const std::array<double, 256>& sizes, double prior, uint8_t list_a,
                uint8_t list_b) {
  const double same = list_a == list_b ? 1 : 0;
  return std::min(kMaxPresence, prior * std::max(sizes[list_a], sizes[list_b]) - prior * same);
}

// How exclusive each list is: 1 − its expected duplicates per record (the prior of its
// pairs within itself times its other records), at least 0. A list that holds each
// person once (a manifest) makes a record's other candidates on it rivals; one that
// holds many reports of each person (FEBRL3's duplicates) makes them likely the same
// person again.
std::array<double, 256> Exclusiveness(const std::array<double, 256>& sizes,
                                      const std::array<double, 256>& prior) {
  std::array<double, 256> exclusive{};
  for (int s = 0; s < 256; ++s) {
    if (sizes[s] <= 0) continue;
    const uint8_t within = PairClassOf(static_cast<uint8_t>(s), static_cast<uint8_t>(s));
    exclusive[s] = std::max(0.0, 1.0 - prior[within] * (sizes[s] - 1));
  }
  return exclusive;
}

// Pairs across two lists with odds worth counting are weighed; the others keep their
// weight (within one list a person may appear any number of times).
bool IsWeighed(const std::vector<LinkRecord>& records, uint64_t pair, double odds) {
  return odds >= kNegligibleOdds && records[FirstOf(pair)].source != records[SecondOf(pair)].source;
}

// Each pair of lists' prior re-estimated as its expected matches (`matched`) over its
// record pairs; returns the largest relative change.
double ReestimatePriors(const std::array<double, 256>& matched,
                        const std::array<double, 256>& sizes, std::array<double, 256>* prior) {
  double change = 0;
  for (int c = 0; c < 256; ++c) {
    const double n = PairsOfClass(sizes, static_cast<uint8_t>(c));
    if (c == kNoPairClass || n <= 0 || matched[c] <= 0) continue;
    const double updated = std::min(0.5, matched[c] / n);
    change = std::max(change, std::abs(updated / (*prior)[c] - 1));
    (*prior)[c] = updated;
  }
  return change;
}

}  // namespace

CompetitionReport WeighAgainstCompetition(const std::vector<LinkRecord>& records,
                                          const std::vector<uint64_t>& pairs, const Model& model,
                                          int threads, std::vector<float>* weights) {
  CompetitionReport report;
  std::vector<double> odds(pairs.size());
  for (size_t k = 0; k < pairs.size(); ++k) odds[k] = std::exp2(std::min((*weights)[k], 60.0f));
  const Neighbours neighbours(records.size(), pairs, odds);
  const std::array<double, 256> sizes = ListSizes(records);
  std::array<double, 256> prior{};
  for (int c = 0; c < 256; ++c) prior[c] = model.prior(static_cast<uint8_t>(c));

  std::vector<double> competitors(pairs.size(), 0.0);
  std::vector<float> out(*weights);
  for (report.rounds = 1;; ++report.rounds) {
    // The rivals: how exclusive each list is depends on this round's priors.
    const std::array<double, 256> exclusive = Exclusiveness(sizes, prior);
    ParallelFor(pairs.size(), threads, [&](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k) {
        if (!IsWeighed(records, pairs[k], odds[k])) continue;
        const uint32_t i = FirstOf(pairs[k]), j = SecondOf(pairs[k]);
        competitors[k] = CompetitorOdds(records, neighbours, odds, exclusive, i, j) +
                         CompetitorOdds(records, neighbours, odds, exclusive, j, i);
      }
    });
    // The weights against them, and the matches they add up to per pair of lists.
    std::array<double, 256> matched{};
    report.pairs_weighed = 0;
    for (size_t k = 0; k < pairs.size(); ++k) {
      const LinkRecord& a = records[FirstOf(pairs[k])];
      const LinkRecord& b = records[SecondOf(pairs[k])];
      const uint8_t pair_class = PairClassOf(a.source_index, b.source_index);
      double p_odds = odds[k];
      if (IsWeighed(records, pairs[k], odds[k])) {
        const double presence = Presence(sizes, prior[pair_class], a.source_index, b.source_index);
        p_odds = odds[k] / ((1.0 - presence) + competitors[k]);
        out[k] = static_cast<float>(std::log2(p_odds));
        ++report.pairs_weighed;
      }
      matched[pair_class] += p_odds / (1.0 + p_odds);
    }
    if (ReestimatePriors(matched, sizes, &prior) < kPriorSettled || report.rounds == kMaxRounds) {
      break;
    }
  }
  *weights = std::move(out);
  return report;
}

}  // namespace habeas::link
