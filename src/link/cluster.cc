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

ClusterResult ClusterRecords(const std::vector<LinkRecord>& records,
                             const std::vector<uint64_t>& pairs, const std::vector<float>& weights,
                             const std::vector<uint8_t>& cannot_link, const Model& model,
                             const LinkSettings& settings,
                             const std::vector<IndexDecision>& decisions,
                             const std::vector<int64_t>& fixed_person, bool keep_fixed_apart) {
  const size_t n = records.size();
  UnionFind uf(n);
  ClusterResult result;
  std::vector<uint8_t> has_fixed(n, 0);
  // Existing persons start as clusters (new-records-only runs).
  if (keep_fixed_apart) {
    std::vector<std::pair<int64_t, uint32_t>> by_person;
    for (uint32_t i = 0; i < n; ++i) {
      if (fixed_person[i] != 0) by_person.push_back({fixed_person[i], i});
    }
    std::sort(by_person.begin(), by_person.end());
    for (size_t k = 1; k < by_person.size(); ++k) {
      if (by_person[k].first == by_person[k - 1].first) {
        const uint32_t a = uf.Find(by_person[k - 1].second), b = uf.Find(by_person[k].second);
        if (a != b) uf.Union(a, b);
      }
    }
    for (uint32_t i = 0; i < n; ++i) has_fixed[i] = fixed_person[i] != 0;
  }
  // Distinct decisions per record.
  std::vector<std::vector<uint32_t>> distinct(n);
  for (const IndexDecision& d : decisions) {
    if (!d.same) {
      distinct[d.a].push_back(d.b);
      distinct[d.b].push_back(d.a);
    }
  }
  auto fixed_root = [&](uint32_t root) {
    for (uint32_t m : uf.Members(root)) {
      if (has_fixed[m]) return true;
    }
    return false;
  };
  auto decided_distinct = [&](uint32_t ra, uint32_t rb) {
    const auto& small =
        uf.Members(ra).size() < uf.Members(rb).size() ? uf.Members(ra) : uf.Members(rb);
    const uint32_t other = uf.Members(ra).size() < uf.Members(rb).size() ? rb : ra;
    for (uint32_t m : small) {
      for (uint32_t x : distinct[m]) {
        if (uf.Find(x) == other) return true;
      }
    }
    return false;
  };
  // Reviewer "same" decisions first: they override the model.
  for (const IndexDecision& d : decisions) {
    if (!d.same) continue;
    const uint32_t a = uf.Find(d.a), b = uf.Find(d.b);
    if (a == b) continue;
    uf.Union(a, b);
    result.edges.push_back({d.a, d.b, 0, true});
  }
  const double min_probability = settings.threshold;
  NameLevelCache cache(18);
  std::vector<uint32_t> order;
  order.reserve(pairs.size() / 8);
  for (uint32_t k = 0; k < pairs.size(); ++k) {
    if (Model::Probability(weights[k]) >= min_probability) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (weights[x] != weights[y]) return weights[x] > weights[y];
    return pairs[x] < pairs[y];
  });
  for (uint32_t k : order) {
    const uint32_t i = static_cast<uint32_t>(pairs[k] >> 32);
    const uint32_t j = static_cast<uint32_t>(pairs[k] & 0xffffffffu);
    const uint32_t ra = uf.Find(i), rb = uf.Find(j);
    if (ra == rb) continue;
    bool refuse = false;
    if (keep_fixed_apart && fixed_root(ra) && fixed_root(rb)) refuse = true;
    if (!refuse && decided_distinct(ra, rb)) refuse = true;
    if (!refuse) {
      const auto& ma = uf.Members(ra);
      const auto& mb = uf.Members(rb);
      double sum_probability = 0;
      size_t compared = 0;
      for (uint32_t x : ma) {
        for (uint32_t y : mb) {
          if (compared >= kMaxCrossPairs) break;
          const uint64_t key = (static_cast<uint64_t>(std::min(x, y)) << 32) | std::max(x, y);
          const auto it = std::lower_bound(pairs.begin(), pairs.end(), key);
          double w;
          if (it != pairs.end() && *it == key) {
            const size_t kk = static_cast<size_t>(it - pairs.begin());
            if (cannot_link[kk]) {
              refuse = true;
              break;
            }
            w = weights[kk];
          } else {
            const Comparison c = Compare(records[x], records[y], settings, &cache);
            if (c.cannot_link) {
              refuse = true;
              break;
            }
            w = model.Weight(c);
          }
          if (w < settings.conflict_weight) {
            refuse = true;
            break;
          }
          sum_probability += Model::Probability(w);
          ++compared;
        }
        if (refuse) break;
      }
      // A low mean says the two clusters share little evidence (namesakes chaining
      // through one look-alike pair). A pair with the same A-number or national id
      // is not a look-alike: a record with nothing else to compare (a court caption
      // with initials and an A-number) would otherwise never join its person.
      const bool same_identifier =
          (!records[i].a_number.empty() && records[i].a_number == records[j].a_number) ||
          (!records[i].national_id.empty() && records[i].national_id == records[j].national_id);
      if (!refuse && !same_identifier && compared > 0 &&
          sum_probability / compared < settings.min_mean_probability) {
        refuse = true;
      }
    }
    if (refuse) {
      result.refused.push_back(k);
      continue;
    }
    uf.Union(ra, rb);
    result.edges.push_back({i, j, weights[k], false});
  }
  result.root.resize(n);
  for (uint32_t i = 0; i < n; ++i) result.root[i] = uf.Find(i);
  return result;
}

}  // namespace habeas::link
