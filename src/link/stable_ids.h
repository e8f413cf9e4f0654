// Stable person ids: which person each cluster of a link run is (docs/linkage.md
// "Stable person ids").
//
// Each old person's *home* is the new cluster holding most of its records (ties: the
// cluster whose first record comes first). A cluster that is the home of no old person
// is a new person; of one, keeps its id; of several, keeps the smallest id and the
// others are merged into it. Records of an old person that land in a cluster with a new
// id are a split; in another existing person's cluster, a move. Old persons left
// without records (not merged) are emptied. Pure: the caller writes the result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "habeas/store.h"

namespace habeas::link {

struct PersonAssignment {
  // created_persons, merged_into, emptied_persons, assignments and events of the
  // store update (edges and the review queue are the caller's).
  LinkageUpdate update;
  std::vector<int64_t> person_of;  // per record index: its person after the run
  int64_t created = 0;
  int64_t merges = 0;
  int64_t splits = 0;
  int64_t moves = 0;
};

// `record_ids[i]`, `cluster_of[i]` (a representative record index) and `old_person[i]`
// (0: none) describe record i; `decisions` give the reason of a split they caused;
// `max_person_id` is the largest id allocated so far; `by` signs events and persons.
PersonAssignment AssignStableIds(const std::vector<int64_t>& record_ids,
                                 const std::vector<uint32_t>& cluster_of,
                                 const std::vector<int64_t>& old_person,
                                 const std::vector<LinkDecision>& decisions,
                                 int64_t max_person_id, const std::string& by);

}  // namespace habeas::link
