// The store side of `habeas estimate`: which lists each person is on.
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/estimate_command.h"
#include "cli/record_format.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

// One PersonCaptures per person: the sources of its records, and the stratum
// (the first non-empty value of `stratify_field` among its records).
Result<std::vector<PersonCaptures>> LoadMemberships(CliContext& ctx,
                                                    const std::string& stratify_field,
                                                    std::vector<DependentPair>* /*dependent*/) {
  std::optional<CanonicalField> stratum_field;
  if (!stratify_field.empty()) {
    stratum_field = ParseCanonicalField(stratify_field);
    if (!stratum_field) {
      return InvalidInput("--stratify " + stratify_field +
                          ": not a canonical field (e.g. facility, region, nationality)");
    }
  }
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, ctx.OpenStore());
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store->ListSources());
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  std::map<std::string, PersonCaptures> persons;
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assigned, store->ListPersonRecords());
  size_t next_assigned = 0;
  HABEAS_RETURN_IF_ERROR(store->ForEachRecord({}, [&](const RecordData& r) {
    while (next_assigned < assigned.size() && assigned[next_assigned].record_id < r.id) {
      ++next_assigned;
    }
    std::optional<int64_t> person;
    if (next_assigned < assigned.size() && assigned[next_assigned].record_id == r.id) {
      person = assigned[next_assigned].person_id;
    }
    const std::string person_id = link::PersonIdForRecord(person, r.id);
    PersonCaptures& p = persons[person_id];
    p.person_id = person_id;
    p.sources.push_back(source_names[r.source_id]);
    if (stratum_field && p.stratum.empty()) p.stratum = r.field(*stratum_field);
    return true;
  }));
  std::vector<PersonCaptures> out;
  out.reserve(persons.size());
  for (auto& [id, p] : persons) out.push_back(std::move(p));
  if (out.empty()) return NotFound("the store holds no records: import lists first");
  return out;
}

}  // namespace

void RegisterEstimateCommandFromStore(CLI::App& app, CliContext& ctx) {
  RegisterEstimateCommandWithLoader(app, ctx, LoadMemberships);
}

}  // namespace habeas::cli
