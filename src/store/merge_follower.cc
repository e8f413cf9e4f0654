#include "habeas/store.h"

namespace habeas {

Result<int64_t> MergeFollower::Survivor(int64_t person_id) {
  if (auto it = known_.find(person_id); it != known_.end()) return it->second;
  int64_t p = person_id;
  for (int hops = 0;; ++hops) {
    if (hops == 64) {
      return DataLoss("person " + FormatPersonId(person_id) + " is merged in a cycle");
    }
    HABEAS_ASSIGN_OR_RETURN(std::optional<PersonInfo> info, store_.GetPerson(p));
    if (!info || info->status != PersonStatus::kMerged || info->merged_into == 0) break;
    p = info->merged_into;
  }
  known_[person_id] = p;
  return p;
}

}  // namespace habeas
