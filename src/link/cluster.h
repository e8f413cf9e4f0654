// Clustering records into persons without chaining.
//
// Union–find over candidate pairs in descending match weight. Before two clusters
// merge, every cross pair of records is scored (clusters are small, so this is
// cheap): the merge is refused if any cross pair cannot be the same person
// (different national ids or A-numbers, a reviewer's "distinct"), if any cross
// pair has a weight below settings.conflict_weight, or if the mean cross-pair
// probability is below settings.min_mean_probability (unless the pair that drives
// the merge shares an A-number or national id: a court caption with initials and
// an A-number has nothing else to agree on). Reviewer "same" decisions
// are applied first and are never refused. In new-records-only mode existing
// persons start as clusters and two existing persons are never merged.
// Not thread-safe; pure function of its inputs.
#pragma once

#include <cstdint>
#include <vector>

#include "link/compare.h"
#include "link/model.h"

namespace habeas::link {

struct IndexDecision {
  uint32_t a = 0;
  uint32_t b = 0;
  bool same = false;
};

struct ClusterEdge {
  uint32_t a = 0;
  uint32_t b = 0;
  float weight = 0;
  bool decision = false;
};

struct ClusterResult {
  std::vector<uint32_t> root;      // per record: a representative record index
  std::vector<ClusterEdge> edges;  // the edges that joined clusters
  std::vector<size_t> refused;     // candidate pair indices whose merge was refused
};

// `pairs` must be sorted (as GenerateCandidatePairs returns them): cross pairs that
// are candidate pairs reuse their weight and `cannot_link` flag instead of being
// compared again.
ClusterResult ClusterRecords(const std::vector<LinkRecord>& records,
                             const std::vector<uint64_t>& pairs, const std::vector<float>& weights,
                             const std::vector<uint8_t>& cannot_link, const Model& model,
                             const LinkSettings& settings,
                             const std::vector<IndexDecision>& decisions,
                             const std::vector<int64_t>& fixed_person, bool keep_fixed_apart);

}  // namespace habeas::link
