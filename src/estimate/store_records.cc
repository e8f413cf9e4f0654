// The records of a linked store as an estimate reads them: see store_records.h.
#include "estimate/store_records.h"

#include <algorithm>
#include <set>
#include <utility>

#include "estimate/capture_table.h"

namespace habeas::mse {
namespace {

bool IsListOf(const std::vector<SourceInfo>& sources, const std::string& name) {
  return std::any_of(sources.begin(), sources.end(),
                     [&](const SourceInfo& s) { return s.name == name; });
}

std::string ListNames(const std::vector<SourceInfo>& sources) {
  std::string names;
  for (const SourceInfo& s : sources) names += (names.empty() ? "" : ", ") + s.name;
  return names;
}

// The name fields RecordTooThinToLink counts words in.
bool HasThinName(const RecordData& r) {
  return RecordTooThinToLink(
      {r.field(CanonicalField::kFullName), r.field(CanonicalField::kGivenNames),
       r.field(CanonicalField::kSurnames), r.field(CanonicalField::kSurname1),
       r.field(CanonicalField::kSurname2)},
      false);
}

uint8_t IdentifierKinds(const RecordData& r) {
  uint8_t kinds = 0;
  for (size_t k = 0; k < kIdentifierFields.size(); ++k) {
    if (!r.field(kIdentifierFields[k]).empty()) kinds |= static_cast<uint8_t>(1u << k);
  }
  return kinds;
}

void CountIdentifiers(uint8_t kinds, ListIdentifiers* list) {
  ++list->records;
  for (size_t k = 0; k < kIdentifierFields.size(); ++k) list->with_kind[k] += kinds >> k & 1u;
}

// The record as the estimate reads it; `person` is its person in the store's linkage.
EstimateRecord ReadRecord(const RecordData& r, std::optional<int64_t> person,
                          const std::string& source, const RequestFields& fields,
                          const std::vector<PopulationCondition>& where) {
  EstimateRecord record;
  record.id = r.id;
  record.person = person;
  record.person_key = PersonIdForRecord(person, r.id);
  record.source = source;
  if (fields.stratum) record.stratum = r.field(*fields.stratum);
  record.thin_name = HasThinName(r);
  record.dated = RecordDatedToLink(r.field(CanonicalField::kBirthDate));
  record.identifiers = IdentifierKinds(r);
  record.says = where.empty() ? Membership::kIn
                              : RecordMembership(where, source, [&](const std::string& name) {
                                  return r.field(fields.where.at(name));
                                });
  return record;
}

// Sums the counts of the lists in the estimate per list of the estimate.
std::map<std::string, ListIdentifiers> IdentifiersPerEstimateList(
    const std::map<std::string, ListIdentifiers>& per_list,
    const std::map<std::string, std::string>& list_in_estimate) {
  std::map<std::string, ListIdentifiers> grouped;
  for (const auto& [list, counts] : per_list) {
    auto it = list_in_estimate.find(list);
    if (it == list_in_estimate.end()) continue;
    ListIdentifiers& g = grouped[it->second];
    g.records += counts.records;
    for (size_t k = 0; k < counts.with_kind.size(); ++k) g.with_kind[k] += counts.with_kind[k];
  }
  return grouped;
}

void TallyDropped(const EstimateRecord& record, ThinRecordTally* t) {
  t->list = record.source;
  ++t->thin;
  t->name_only += !record.thin_name;
}

void TallyMembership(const EstimateRecord& record, PersonSelection* person) {
  person->membership = std::max(person->membership, record.says);  // in > out > unknown
  bool& list_says = person->list_says[record.source];
  list_says = list_says || record.says != Membership::kUnknown;
}

PopulationTally TallyPersons(const std::map<std::string, PersonSelection>& persons) {
  PopulationTally tally;
  std::map<std::string, std::pair<int64_t, int64_t>> silent;
  for (const auto& [id, person] : persons) {
    for (const auto& [list, says] : person.list_says) {
      ++silent[list].first;
      if (!says) ++silent[list].second;
    }
    if (person.membership == Membership::kUnknown) {
      ++tally.unknown;
    } else if (person.membership == Membership::kOut) {
      ++tally.out;
    } else {
      ++tally.in;
    }
  }
  tally.silent_by_list.assign(silent.begin(), silent.end());
  return tally;
}

bool InPopulation(const RecordSelection& selection, const std::string& person_key) {
  if (!selection.with_conditions) return true;
  const auto it = selection.persons.find(person_key);
  return it != selection.persons.end() && it->second.membership == Membership::kIn;
}

}  // namespace

Result<RequestFields> ParseRequestFields(const StoreEstimateRequest& request) {
  RequestFields fields;
  if (!request.stratify_field.empty()) {
    fields.stratum = ParseCanonicalField(request.stratify_field);
    if (!fields.stratum) {
      return InvalidInput("--stratify " + request.stratify_field +
                          ": not a canonical field (e.g. facility, region, nationality)");
    }
  }
  for (const PopulationCondition& c : request.where) {
    if (c.field == "source") continue;
    const auto field = ParseCanonicalField(c.field);
    if (!field) {
      return InvalidInput("--where " + c.field +
                          ": not a canonical field or `source` (e.g. facility, region)");
    }
    fields.where[c.field] = *field;
  }
  return fields;
}

Status CheckListNames(const std::vector<SourceInfo>& sources, const StoreEstimateRequest& request,
                      const std::vector<std::string>& unrecorded_lists) {
  for (const PopulationCondition& c : request.where) {
    if (c.field != "source") continue;
    for (const std::string& name : c.values) {
      if (!IsListOf(sources, name)) {
        return InvalidInput("--where source=" + name +
                            ": no such list (lists: " + ListNames(sources) + ")");
      }
    }
  }
  for (const std::string& name : unrecorded_lists) {
    if (!IsListOf(sources, name)) return InvalidInput("--unrecorded " + name + ": no such list");
  }
  return Status::Ok();
}

Result<RecordsRead> ReadEstimateRecords(Store& store, const std::vector<SourceInfo>& sources,
                                        const RequestFields& fields,
                                        const std::vector<PopulationCondition>& where) {
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  // Both in record id order: the assignment is walked beside the records.
  HABEAS_ASSIGN_OR_RETURN(const std::vector<PersonRecord> assigned, store.ListPersonRecords());
  size_t next = 0;
  RecordsRead read;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord({}, [&](const RecordData& r) {
    while (next < assigned.size() && assigned[next].record_id < r.id) ++next;
    std::optional<int64_t> person;
    if (next < assigned.size() && assigned[next].record_id == r.id) {
      person = assigned[next].person_id;
    }
    read.records.push_back(ReadRecord(r, person, source_names[r.source_id], fields, where));
    CountIdentifiers(read.records.back().identifiers, &read.per_list[read.records.back().source]);
    return true;
  }));
  return read;
}

void MarkThinRecords(const std::map<std::string, ListIdentifiers>& per_list,
                     const std::map<std::string, std::string>& list_in_estimate,
                     std::vector<EstimateRecord>* records) {
  const std::map<std::string, ListIdentifiers> grouped =
      IdentifiersPerEstimateList(per_list, list_in_estimate);
  const auto linkable_through = [&](const std::string& source, uint8_t identifiers, bool pooled) {
    const auto own = list_in_estimate.find(source);
    std::vector<ListIdentifiers> others;
    for (const auto& [list, counts] : grouped) {
      if (own == list_in_estimate.end() || list != own->second) others.push_back(counts);
    }
    return IdentifierLinks(others, identifiers, pooled);
  };
  for (EstimateRecord& r : *records) {
    r.thin = r.thin_name ? !linkable_through(r.source, r.identifiers, /*pooled=*/false)
                         : !r.dated && !linkable_through(r.source, r.identifiers, /*pooled=*/true);
  }
}

RecordSelection SelectRecords(std::vector<EstimateRecord> records, bool with_conditions,
                              UnlinkableRecords unlinkable) {
  RecordSelection selection;
  selection.with_conditions = with_conditions;
  selection.kept.reserve(records.size());
  for (EstimateRecord& record : records) {
    if (record.thin && unlinkable == UnlinkableRecords::kDrop) {
      // Says nothing and is on no list; only counted for the warning.
      TallyDropped(record, &selection.dropped[record.source]);
      continue;
    }
    if (with_conditions) TallyMembership(record, &selection.persons[record.person_key]);
    selection.kept.push_back(std::move(record));
  }
  return selection;
}

Status CheckRecordsKept(const RecordSelection& selection) {
  if (!selection.kept.empty()) return Status::Ok();
  return NotFound(selection.dropped.empty()
                      ? "no linked person has a record: import lists first"
                      : "every record is too weak to link (" + std::string(kTooWeakToLink) +
                            "): "
                            "estimate with --unlinkable keep");
}

Status ForgetEmptiedLists(const RecordSelection& selection, ListSelection* lists) {
  std::set<std::string> remaining;
  for (const EstimateRecord& record : selection.kept) remaining.insert(record.source);
  const auto emptied = [&](const std::string& list) {
    return selection.dropped.count(list) > 0 && remaining.count(list) == 0;
  };
  const auto refuse = [](const std::string& option, const std::string& list) {
    return InvalidInput(option + ": every record of " + list +
                        " is too weak to link and was left out (--unlinkable keep counts "
                        "them)");
  };
  lists->drop.erase(std::remove_if(lists->drop.begin(), lists->drop.end(), emptied),
                    lists->drop.end());
  for (const std::string& list : lists->keep) {
    if (emptied(list)) return refuse("--sources", list);
  }
  for (const std::string& spec : lists->merge) {
    for (const std::string& part : MergedListParts(spec)) {
      if (emptied(part)) return refuse("--merge \"" + spec + "\"", part);
    }
  }
  return Status::Ok();
}

Status PlacePopulation(const RecordSelection& selection,
                       const std::vector<PopulationCondition>& where,
                       std::vector<std::string>* unrecorded_lists,
                       std::vector<EstimateWarning>* warnings) {
  const PopulationTally tally = TallyPersons(selection.persons);
  if (auto w = PopulationWarning(where, tally)) warnings->push_back(std::move(*w));
  for (std::string& list : ListsNeverRecording(tally)) {
    if (std::find(unrecorded_lists->begin(), unrecorded_lists->end(), list) ==
        unrecorded_lists->end()) {
      unrecorded_lists->push_back(std::move(list));
    }
  }
  if (tally.in > 0) return Status::Ok();
  return NotFound("no linked person has a record satisfying --where (" + std::to_string(tally.out) +
                  " placed out, " + std::to_string(tally.unknown) + " unknown)");
}

std::optional<EstimateWarning> ThinRecordsWarningOf(
    const RecordSelection& selection, const std::map<std::string, std::string>& list_in_estimate,
    UnlinkableRecords unlinkable) {
  std::map<std::string, int64_t> records_per_person;
  for (const EstimateRecord& r : selection.kept) ++records_per_person[r.person_key];
  int64_t observed = 0;
  for (const auto& [person, count] : records_per_person)
    observed += InPopulation(selection, person);
  std::map<std::string, ThinRecordTally> thin;
  for (const EstimateRecord& r : selection.kept) {
    if (!InPopulation(selection, r.person_key)) continue;
    ThinRecordTally& t = thin[r.source];
    t.list = r.source;
    ++t.records;
    t.thin += r.thin;
    t.thin_alone += r.thin && records_per_person[r.person_key] == 1;
    t.name_only += r.thin && !r.thin_name;
  }
  for (const auto& [list, d] : selection.dropped) {
    ThinRecordTally& t = thin[list];
    t.list = list;
    t.records += d.thin;
    t.thin += d.thin;
    t.name_only += d.name_only;
  }
  std::vector<ThinRecordTally> tally;  // lists the estimate leaves out do not matter
  for (auto& [list, t] : thin) {
    if (list_in_estimate.count(list)) tally.push_back(std::move(t));
  }
  return ThinRecordsWarning(tally, observed, unlinkable);
}

}  // namespace habeas::mse
