#include "link/cluster.h"

#include <algorithm>
#include <numeric>

namespace habeas::link {
namespace {

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n), members_(n) {
    std::iota(parent_.begin(), parent_.end(), 0u);
    for (uint32_t i = 0; i < n; ++i) members_[i] = {i};
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Joins the clusters of roots a and b; returns the new root.
  uint32_t Union(uint32_t a, uint32_t b) {
    if (members_[a].size() < members_[b].size()) std::swap(a, b);
    parent_[b] = a;
    members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
    std::vector<uint32_t>().swap(members_[b]);
    return a;
  }
  const std::vector<uint32_t>& Members(uint32_t root) const { return members_[root]; }

 private:
  std::vector<uint32_t> parent_;
  std::vector<std::vector<uint32_t>> members_;
};

constexpr size_t kMaxCrossPairs = 2500;

}  // namespace

namespace {

// Greedy clustering state: the union–find, the reviewer "distinct" decisions per
// record, and the inputs every merge check reads.
class Clusterer {
 public:
  Clusterer(const std::vector<LinkRecord>& records, const std::vector<uint64_t>& pairs,
            const std::vector<float>& weights, const std::vector<uint8_t>& cannot_link,
            const Model& model, const LinkSettings& settings)
      : records_(records),
        pairs_(pairs),
        weights_(weights),
        cannot_link_(cannot_link),
        model_(model),
        settings_(settings),
        uf_(records.size()),
        has_fixed_(records.size(), 0),
        distinct_(records.size()),
        cache_(18) {}

  // Existing persons start as clusters, and two of them never merge (new-records-only
  // runs).
  void SeedFixedPersons(const std::vector<int64_t>& fixed_person) {
    keep_fixed_apart_ = true;
    std::vector<std::pair<int64_t, uint32_t>> by_person;
    for (uint32_t i = 0; i < fixed_person.size(); ++i) {
      if (fixed_person[i] != 0) by_person.push_back({fixed_person[i], i});
    }
    std::sort(by_person.begin(), by_person.end());
    for (size_t k = 1; k < by_person.size(); ++k) {
      if (by_person[k].first == by_person[k - 1].first) {
        const uint32_t a = uf_.Find(by_person[k - 1].second), b = uf_.Find(by_person[k].second);
        if (a != b) uf_.Union(a, b);
      }
    }
    for (uint32_t i = 0; i < fixed_person.size(); ++i) has_fixed_[i] = fixed_person[i] != 0;
  }

  // Reviewer decisions: "same" joins at once (it overrides the model), "distinct"
  // forbids every merge that would put the two records together.
  void ApplyDecisions(const std::vector<IndexDecision>& decisions, ClusterResult* result) {
    for (const IndexDecision& d : decisions) {
      if (!d.same) {
        distinct_[d.a].push_back(d.b);
        distinct_[d.b].push_back(d.a);
      }
    }
    for (const IndexDecision& d : decisions) {
      if (!d.same) continue;
      const uint32_t a = uf_.Find(d.a), b = uf_.Find(d.b);
      if (a == b) continue;
      uf_.Union(a, b);
      result->edges.push_back({d.a, d.b, 0, true});
    }
  }

  // Candidate pair k (records i and j) at or above the threshold: joins their clusters
  // unless the merge is refused.
  void Consider(uint32_t k, ClusterResult* result) {
    const uint32_t i = static_cast<uint32_t>(pairs_[k] >> 32);
    const uint32_t j = static_cast<uint32_t>(pairs_[k] & 0xffffffffu);
    const uint32_t ra = uf_.Find(i), rb = uf_.Find(j);
    if (ra == rb) return;
    if ((keep_fixed_apart_ && FixedRoot(ra) && FixedRoot(rb)) || DecidedDistinct(ra, rb) ||
        CrossPairsConflict(ra, rb, SameIdentifier(records_[i], records_[j]))) {
      result->refused.push_back(k);
      return;
    }
    uf_.Union(ra, rb);
    result->edges.push_back({i, j, weights_[k], false});
  }

  std::vector<uint32_t> Roots() {
    std::vector<uint32_t> root(records_.size());
    for (uint32_t i = 0; i < root.size(); ++i) root[i] = uf_.Find(i);
    return root;
  }

 private:
  bool FixedRoot(uint32_t root) const {
    for (uint32_t m : uf_.Members(root)) {
      if (has_fixed_[m]) return true;
    }
    return false;
  }

  bool DecidedDistinct(uint32_t ra, uint32_t rb) {
    const bool a_smaller = uf_.Members(ra).size() < uf_.Members(rb).size();
    const auto& small = a_smaller ? uf_.Members(ra) : uf_.Members(rb);
    const uint32_t other = a_smaller ? rb : ra;
    for (uint32_t m : small) {
      for (uint32_t x : distinct_[m]) {
        if (uf_.Find(x) == other) return true;
      }
    }
    return false;
  }

  // A pair with the same A-number or national id is not a look-alike: a record with
  // nothing else to compare (a court caption with initials and an A-number) would
  // otherwise never join its person through the mean-probability check.
  static bool SameIdentifier(const LinkRecord& a, const LinkRecord& b) {
    return (!a.a_number.empty() && a.a_number == b.a_number) ||
           (!a.national_id.empty() && a.national_id == b.national_id);
  }

  // The weight of records x and y and whether they cannot be one person: a candidate
  // pair's score, else compared now.
  std::pair<double, bool> CrossPairWeight(uint32_t x, uint32_t y) {
    const uint64_t key = (static_cast<uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
    const auto it = std::lower_bound(pairs_.begin(), pairs_.end(), key);
    if (it != pairs_.end() && *it == key) {
      const size_t k = static_cast<size_t>(it - pairs_.begin());
      return {weights_[k], cannot_link_[k] != 0};
    }
    const Comparison c = Compare(records_[x], records_[y], settings_, &cache_);
    return {c.cannot_link ? 0.0 : model_.Weight(c), c.cannot_link};
  }

  // Every cross pair of the two clusters (at most kMaxCrossPairs): a cannot-link pair or
  // one below conflict_weight refuses the merge, and so does a mean probability below
  // min_mean_probability (namesakes chaining through one look-alike pair) unless the
  // pair driving the merge shares an identifier.
  bool CrossPairsConflict(uint32_t ra, uint32_t rb, bool same_identifier) {
    double sum_probability = 0;
    size_t compared = 0;
    for (uint32_t x : uf_.Members(ra)) {
      for (uint32_t y : uf_.Members(rb)) {
        if (compared >= kMaxCrossPairs) break;
        const auto [w, cannot] = CrossPairWeight(x, y);
        if (cannot || w < settings_.conflict_weight) return true;
        sum_probability += Model::Probability(w);
        ++compared;
      }
    }
    return !same_identifier && compared > 0 &&
           sum_probability / compared < settings_.min_mean_probability;
  }

  const std::vector<LinkRecord>& records_;
  const std::vector<uint64_t>& pairs_;
  const std::vector<float>& weights_;
  const std::vector<uint8_t>& cannot_link_;
  const Model& model_;
  const LinkSettings& settings_;
  UnionFind uf_;
  std::vector<uint8_t> has_fixed_;
  std::vector<std::vector<uint32_t>> distinct_;
  NameLevelCache cache_;
  bool keep_fixed_apart_ = false;
};

// Candidate pairs at or above the threshold, strongest first (ties by pair).
std::vector<uint32_t> PairsByWeight(const std::vector<uint64_t>& pairs,
                                    const std::vector<float>& weights, double threshold) {
  std::vector<uint32_t> order;
  order.reserve(pairs.size() / 8);
  for (uint32_t k = 0; k < pairs.size(); ++k) {
    if (Model::Probability(weights[k]) >= threshold) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (weights[x] != weights[y]) return weights[x] > weights[y];
    return pairs[x] < pairs[y];
  });
  return order;
}

}  // namespace

ClusterResult ClusterRecords(const std::vector<LinkRecord>& records,
                             const std::vector<uint64_t>& pairs, const std::vector<float>& weights,
                             const std::vector<uint8_t>& cannot_link, const Model& model,
                             const LinkSettings& settings,
                             const std::vector<IndexDecision>& decisions,
                             const std::vector<int64_t>& fixed_person, bool keep_fixed_apart) {
  ClusterResult result;
  Clusterer clusterer(records, pairs, weights, cannot_link, model, settings);
  if (keep_fixed_apart) clusterer.SeedFixedPersons(fixed_person);
  clusterer.ApplyDecisions(decisions, &result);
  for (uint32_t k : PairsByWeight(pairs, weights, settings.threshold)) {
    clusterer.Consider(k, &result);
  }
  result.root = clusterer.Roots();
  return result;
}

}  // namespace habeas::link
