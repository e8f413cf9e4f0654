// The store side of `habeas estimate`: which lists each person is on.
#include <algorithm>
#include <map>
#include <optional>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/estimate_command.h"
#include "cli/record_format.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

// Per person while reading the records: what the records say about membership
// of the --where population, and on which lists a record said something.
struct PersonSelection {
  Membership membership = Membership::kUnknown;
  std::map<std::string, bool> list_says;  // list -> some record on it says in/out
};

// One PersonCaptures per person: the sources of its records, and the stratum
// (the first non-empty value of `stratify_field` among its records). With
// --where conditions only the persons of that population are returned; persons
// no record places are counted in a population_unrecorded warning.
Result<std::vector<PersonCaptures>> LoadMemberships(CliContext& ctx,
                                                    const EstimateStoreRequest& request,
                                                    std::vector<DependentPair>* /*dependent*/,
                                                    std::vector<EstimateWarning>* warnings) {
  std::optional<CanonicalField> stratum_field;
  if (!request.stratify_field.empty()) {
    stratum_field = ParseCanonicalField(request.stratify_field);
    if (!stratum_field) {
      return InvalidInput("--stratify " + request.stratify_field +
                          ": not a canonical field (e.g. facility, region, nationality)");
    }
  }
  std::map<std::string, CanonicalField> where_fields;
  for (const PopulationCondition& c : request.where) {
    if (c.field == "source") continue;
    const auto field = ParseCanonicalField(c.field);
    if (!field) {
      return InvalidInput("--where " + c.field +
                          ": not a canonical field or `source` (e.g. facility, region)");
    }
    where_fields[c.field] = *field;
  }
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, ctx.OpenStore());
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store->ListSources());
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  for (const PopulationCondition& c : request.where) {
    if (c.field != "source") continue;
    for (const std::string& name : c.values) {
      bool known = false;
      for (const SourceInfo& s : sources) known = known || s.name == name;
      if (!known) {
        std::string names;
        for (const SourceInfo& s : sources) names += (names.empty() ? "" : ", ") + s.name;
        return InvalidInput("--where source=" + name + ": no such list (lists: " + names + ")");
      }
    }
  }
  std::map<std::string, PersonCaptures> persons;
  std::map<std::string, PersonSelection> selection;
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
    const std::string& source = source_names[r.source_id];
    PersonCaptures& p = persons[person_id];
    p.person_id = person_id;
    p.sources.push_back(source);
    if (stratum_field && p.stratum.empty()) p.stratum = r.field(*stratum_field);
    if (!request.where.empty()) {
      const Membership says = RecordMembership(request.where, source, [&](const std::string& name) {
        return r.field(where_fields.at(name));
      });
      PersonSelection& sel = selection[person_id];
      sel.membership = std::max(sel.membership, says);  // in > out > unknown
      bool& list_says = sel.list_says[source];
      list_says = list_says || says != Membership::kUnknown;
    }
    return true;
  }));
  std::vector<PersonCaptures> out;
  out.reserve(persons.size());
  PopulationTally tally;
  std::map<std::string, std::pair<int64_t, int64_t>> silent;
  for (auto& [id, p] : persons) {
    if (!request.where.empty()) {
      const PersonSelection& sel = selection[id];
      for (const auto& [list, says] : sel.list_says) {
        ++silent[list].first;
        if (!says) ++silent[list].second;
      }
      if (sel.membership == Membership::kUnknown) {
        ++tally.unknown;
        continue;
      }
      if (sel.membership == Membership::kOut) {
        ++tally.out;
        continue;
      }
      ++tally.in;
    }
    out.push_back(std::move(p));
  }
  if (persons.empty()) return NotFound("the store holds no records: import lists first");
  if (!request.where.empty()) {
    tally.silent_by_list.assign(silent.begin(), silent.end());
    if (auto w = PopulationWarning(request.where, tally)) warnings->push_back(std::move(*w));
    if (out.empty()) {
      return NotFound("no linked person has a record satisfying --where (" +
                      std::to_string(tally.out) + " placed out, " + std::to_string(tally.unknown) +
                      " unknown)");
    }
  }
  return out;
}

}  // namespace

void RegisterEstimateCommandFromStore(CLI::App& app, CliContext& ctx) {
  RegisterEstimateCommandWithLoader(app, ctx, LoadMemberships);
}

}  // namespace habeas::cli
