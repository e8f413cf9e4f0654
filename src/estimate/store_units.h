// The linker's persons as a LinkageGraph (estimate_store.cc): units of records
// joined by confident edges, and the doubtful links between units that the linkage
// draws resample. Internal to the estimate module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/union_find.h"
#include "estimate/store_records.h"
#include "habeas/estimate.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::mse {

// Whether an edge of a person keeps its records together in every draw: a reviewer's
// decision, or a model edge above the review band (settings.review_high).
bool EdgeIsConfident(const LinkEdge& edge, const link::LinkSettings& settings);

// Whether a review pair between two persons is a link the linker did not make but
// might have: probability in [review_low, threshold). Pairs at or above the threshold
// were refused by clustering on other evidence (conflicting identifiers, a pair that
// says different persons) and stay apart in every draw.
bool ReviewPairIsDoubtful(const ReviewPair& pair, const link::LinkSettings& settings);

// A link between two records (indexes into the records), made or not by the linker.
struct RecordLink {
  size_t a = 0;
  size_t b = 0;
  double probability = 0;
  bool linked = false;
};

// Records grouped into units, with the doubtful links between records.
struct RecordUnits {
  DisjointSets<size_t> units;
  std::vector<RecordLink> doubtful;
  explicit RecordUnits(size_t records) : units(records) {}
};

// Without doubtful links each person is one unit. With them, a person's records joined
// by confident edges form units, its other edges are doubtful links the linker made,
// and a record no stored edge reaches (a person from an earlier run) stays with the
// person. `records` are in id order.
Result<RecordUnits> JoinRecordsIntoUnits(Store& store, const std::vector<EstimateRecord>& records,
                                         bool doubtful_links, const link::LinkSettings& settings);

// Appends the review pairs between two persons that are doubtful (ReviewPairIsDoubtful)
// as links the linker did not make.
Status AddUnmadeLinks(Store& store, const std::vector<EstimateRecord>& records,
                      const link::LinkSettings& settings, RecordUnits* units);

// The graph: a unit per set of `units` (in the order of their first record), with its
// lists, first non-empty stratum and membership (in > out > unknown); one link per
// pair of units, the most probable evidence between them.
LinkageGraph GraphOfUnits(const std::vector<EstimateRecord>& records, RecordUnits& units);

}  // namespace habeas::mse
