// Disjoint sets over 0..n-1 (union-find with path halving). The root of a set is
// its smallest element, so the result does not depend on the order of the unions.
#pragma once

#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace habeas {

template <typename Index = size_t>
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), Index{0});
  }
  Index Find(Index x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  // Joins the sets of a and b; returns whether they were apart.
  bool Union(Index a, Index b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return false;
    if (b < a) std::swap(a, b);
    parent_[b] = a;
    return true;
  }

 private:
  std::vector<Index> parent_;
};

}  // namespace habeas
