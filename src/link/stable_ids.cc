#include "link/stable_ids.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace habeas::link {
namespace {

using Members = std::unordered_map<uint32_t, std::vector<uint32_t>>;

// Each cluster's records, in record order.
Members MembersOf(const std::vector<uint32_t>& cluster_of) {
  Members members;
  members.reserve(cluster_of.size());
  for (uint32_t i = 0; i < cluster_of.size(); ++i) members[cluster_of[i]].push_back(i);
  return members;
}

// Each old person's home: the cluster holding most of its records; ties go to the
// cluster whose first record comes first (deterministic).
std::unordered_map<int64_t, uint32_t> HomesOfOldPersons(const std::vector<uint32_t>& cluster_of,
                                                        const std::vector<int64_t>& old_person,
                                                        const Members& members) {
  std::unordered_map<int64_t, std::unordered_map<uint32_t, int64_t>> overlap;
  for (uint32_t i = 0; i < cluster_of.size(); ++i) {
    if (old_person[i] != 0) ++overlap[old_person[i]][cluster_of[i]];
  }
  std::unordered_map<int64_t, uint32_t> home;
  for (const auto& [person, per_cluster] : overlap) {
    uint32_t best = 0;
    int64_t best_count = -1;
    for (const auto& [root, count] : per_cluster) {
      const uint32_t first = members.at(root).front();
      if (count > best_count || (count == best_count && first < members.at(best).front())) {
        best = root;
        best_count = count;
      }
    }
    home[person] = best;
  }
  return home;
}

// The person of each cluster: a new id for a cluster no old person calls home, else the
// smallest id of those that do, the others recorded as merged into it.
std::unordered_map<uint32_t, int64_t> NameClusters(
    const std::vector<int64_t>& record_ids, const std::vector<int64_t>& old_person,
    const Members& members, const std::unordered_map<int64_t, uint32_t>& home,
    int64_t max_person_id, const std::string& by, PersonAssignment* out) {
  std::unordered_map<uint32_t, std::vector<int64_t>> claimants;
  for (const auto& [person, root] : home) claimants[root].push_back(person);
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> ordered(members.begin(), members.end());
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.second.front() < b.second.front(); });
  int64_t next_id = max_person_id;
  std::unordered_map<uint32_t, int64_t> cluster_person;
  for (const auto& [root, recs] : ordered) {
    auto it = claimants.find(root);
    if (it == claimants.end()) {
      cluster_person[root] = ++next_id;
      PersonInfo p;
      p.id = next_id;
      p.created_by = by;
      out->update.created_persons.push_back(p);
      ++out->created;
      continue;
    }
    std::vector<int64_t>& ids = it->second;
    std::sort(ids.begin(), ids.end());
    cluster_person[root] = ids.front();
    for (size_t k = 1; k < ids.size(); ++k) {
      out->update.merged_into.push_back({ids[k], ids.front()});
      PersonEvent e;
      e.kind = PersonEventKind::kMerge;
      e.person_ids = {ids.front(), ids[k]};
      for (uint32_t r : recs) {
        if (old_person[r] == ids[k]) e.record_ids.push_back(record_ids[r]);
      }
      e.by = by;
      e.reason = "the model now links these records to " + FormatPersonId(ids.front());
      out->update.events.push_back(std::move(e));
      ++out->merges;
    }
  }
  return cluster_person;
}

// Why records left their person: the reviewer "distinct" decision that separates them
// from the rest, else the model.
std::string WhyRecordsLeft(const std::vector<int64_t>& ids, int64_t from,
                           const std::vector<LinkDecision>& decisions) {
  for (const LinkDecision& d : decisions) {
    if (d.decision != ReviewDecision::kDistinct) continue;
    const bool a_in = std::find(ids.begin(), ids.end(), d.record_a) != ids.end();
    const bool b_in = std::find(ids.begin(), ids.end(), d.record_b) != ids.end();
    if (a_in != b_in) {
      return "reviewer decision #" + std::to_string(d.id) + " by " + d.decided_by + ": records " +
             std::to_string(d.record_a) + " and " + std::to_string(d.record_b) +
             " are distinct (" + d.reason + ")";
    }
  }
  return "the evidence no longer supports joining these records to " + FormatPersonId(from) +
         " (model or reviewer decision)";
}

// Assignments of records whose person changed, and split/move events for records that
// left an old person other than by its merge.
void RecordMoves(const std::vector<int64_t>& record_ids, const std::vector<int64_t>& old_person,
                 const std::vector<LinkDecision>& decisions, const std::string& by,
                 PersonAssignment* out) {
  std::unordered_map<int64_t, int64_t> merged_into(out->update.merged_into.begin(),
                                                   out->update.merged_into.end());
  std::unordered_set<int64_t> created;
  for (const PersonInfo& p : out->update.created_persons) created.insert(p.id);
  std::map<std::pair<int64_t, int64_t>, std::vector<int64_t>> moved;
  for (uint32_t i = 0; i < record_ids.size(); ++i) {
    const int64_t now = out->person_of[i];
    if (now == old_person[i]) continue;
    out->update.assignments.push_back({record_ids[i], now});
    if (old_person[i] == 0) continue;
    auto m = merged_into.find(old_person[i]);
    if (m == merged_into.end() || m->second != now) {
      moved[{old_person[i], now}].push_back(record_ids[i]);
    }
  }
  for (const auto& [key, ids] : moved) {
    const bool split = created.count(key.second) > 0;
    PersonEvent e;
    e.kind = split ? PersonEventKind::kSplit : PersonEventKind::kMove;
    e.person_ids = {key.first, key.second};
    e.record_ids = ids;
    e.by = by;
    e.reason = WhyRecordsLeft(ids, key.first, decisions);
    out->update.events.push_back(std::move(e));
    ++(split ? out->splits : out->moves);
  }
}

}  // namespace

PersonAssignment AssignStableIds(const std::vector<int64_t>& record_ids,
                                 const std::vector<uint32_t>& cluster_of,
                                 const std::vector<int64_t>& old_person,
                                 const std::vector<LinkDecision>& decisions,
                                 int64_t max_person_id, const std::string& by) {
  PersonAssignment out;
  out.update.expected_max_person_id = max_person_id;
  const Members members = MembersOf(cluster_of);
  const std::unordered_map<int64_t, uint32_t> home =
      HomesOfOldPersons(cluster_of, old_person, members);
  const std::unordered_map<uint32_t, int64_t> cluster_person =
      NameClusters(record_ids, old_person, members, home, max_person_id, by, &out);
  out.person_of.resize(record_ids.size());
  for (uint32_t i = 0; i < record_ids.size(); ++i) {
    out.person_of[i] = cluster_person.at(cluster_of[i]);
  }
  RecordMoves(record_ids, old_person, decisions, by, &out);
  // Old persons left without records (all moved away, not merged): emptied.
  std::unordered_set<int64_t> alive(out.person_of.begin(), out.person_of.end());
  std::unordered_set<int64_t> merged;
  for (const auto& [from, into] : out.update.merged_into) merged.insert(from);
  for (const auto& [person, root] : home) {
    if (!alive.count(person) && !merged.count(person)) {
      out.update.emptied_persons.push_back(person);
    }
  }
  return out;
}

}  // namespace habeas::link
