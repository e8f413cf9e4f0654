#include <nlohmann/json.hpp>

#include <algorithm>

#include "habeas/link.h"

namespace habeas::link {

nlohmann::json PersonEventsJson(const std::vector<PersonEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const PersonEvent& e : events) {
    nlohmann::json persons = nlohmann::json::array();
    for (int64_t p : e.person_ids) persons.push_back(FormatPersonId(p));
    out.push_back({{"kind", std::string(PersonEventKindName(e.kind))},
                   {"persons", persons},
                   {"records", e.record_ids},
                   {"at", e.at},
                   {"by", e.by},
                   {"reason", e.reason}});
  }
  return out;
}

nlohmann::json DecisionsAboutJson(const std::vector<LinkDecision>& decisions,
                                  const std::vector<int64_t>& record_ids) {
  std::vector<int64_t> ids = record_ids;
  std::sort(ids.begin(), ids.end());
  auto about = [&](int64_t id) { return std::binary_search(ids.begin(), ids.end(), id); };
  nlohmann::json out = nlohmann::json::array();
  for (const LinkDecision& d : decisions) {
    if (!about(d.record_a) && !about(d.record_b)) continue;
    out.push_back({{"decision_id", d.id},
                   {"record_a", d.record_a},
                   {"record_b", d.record_b},
                   {"decision", std::string(ReviewDecisionName(d.decision))},
                   {"reason", d.reason},
                   {"by", d.decided_by},
                   {"at", d.decided_at}});
  }
  return out;
}

}  // namespace habeas::link
