// The records of a linked store as an estimate reads them (estimate_store.cc): what
// each record says, which are too thin to link, which enter the capture histories,
// and the tallies behind the selection's warnings. Internal to the estimate module.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "habeas/estimate.h"
#include "habeas/estimate_store.h"
#include "habeas/record.h"
#include "habeas/store.h"

namespace habeas::mse {

// The identifier kinds of ListIdentifiers::with_kind, in its order (bit k of
// EstimateRecord::identifiers).
inline constexpr std::array<CanonicalField, 3> kIdentifierFields = {
    CanonicalField::kANumber, CanonicalField::kNationalId, CanonicalField::kOtherId};

// One record, in record id order.
struct EstimateRecord {
  int64_t id = 0;
  std::optional<int64_t> person;  // none: a record the linker has not assigned
  std::string person_key;         // PersonIdForRecord: one key per person
  std::string source;
  std::string stratum;  // its value of the stratifying field
  Membership says = Membership::kUnknown;
  bool thin_name = false;   // only initials or one name word (RecordTooThinToLink)
  bool dated = false;       // a birth date to the month (RecordDatedToLink)
  uint8_t identifiers = 0;  // kinds it carries: bit k is kIdentifierFields[k]
  bool thin = false;        // too weak to link (MarkThinRecords)
};

// The canonical fields a request reads.
struct RequestFields {
  std::optional<CanonicalField> stratum;
  std::map<std::string, CanonicalField> where;  // by the name the condition uses
};
Result<RequestFields> ParseRequestFields(const StoreEstimateRequest& request);

// --where source=NAME and --unrecorded NAME name lists of the store.
Status CheckListNames(const std::vector<SourceInfo>& sources, const StoreEstimateRequest& request,
                      const std::vector<std::string>& unrecorded_lists);

struct RecordsRead {
  std::vector<EstimateRecord> records;              // every record, in id order
  std::map<std::string, ListIdentifiers> per_list;  // records and identifier kinds per list
};
Result<RecordsRead> ReadEstimateRecords(Store& store, const std::vector<SourceInfo>& sources,
                                        const RequestFields& fields,
                                        const std::vector<PopulationCondition>& where);

// Sets `thin` on each record: a thin name that no identifier links (IdentifierLinks,
// not pooled), or a name without a date that no identifier links (pooled), counting
// only the other lists of the estimate (`list_in_estimate`: input list -> its list in
// the estimate, a merged list as one; ListsUsed).
void MarkThinRecords(const std::map<std::string, ListIdentifiers>& per_list,
                     const std::map<std::string, std::string>& list_in_estimate,
                     std::vector<EstimateRecord>* records);

// What a person's records say about the population, and on which lists a record
// said something.
struct PersonSelection {
  Membership membership = Membership::kUnknown;
  std::map<std::string, bool> list_says;  // list -> some record on it says in or out
};

// The records that enter the capture histories.
struct RecordSelection {
  std::vector<EstimateRecord> kept;
  std::map<std::string, PersonSelection> persons;  // by person_key; with conditions only
  std::map<std::string, ThinRecordTally> dropped;  // per list, thin records left out
  bool with_conditions = false;                    // a --where population
};
// Leaves out the thin records when `unlinkable` is kDrop, and tallies the persons'
// membership when `with_conditions`.
RecordSelection SelectRecords(std::vector<EstimateRecord> records, bool with_conditions,
                              UnlinkableRecords unlinkable);

// NotFound when no record is kept, naming why.
Status CheckRecordsKept(const RecordSelection& selection);

// A list whose every record was left out is in no capture history: it leaves `drop`
// (already done), and --sources or --merge naming it are InvalidInput.
Status ForgetEmptiedLists(const RecordSelection& selection, ListSelection* lists);

// Tallies the persons' membership: appends population_unrecorded to `warnings` and
// the lists never recording the attribute to `unrecorded_lists`; NotFound when no
// person is in the population. Only with conditions.
Status PlacePopulation(const RecordSelection& selection,
                       const std::vector<PopulationCondition>& where,
                       std::vector<std::string>* unrecorded_lists,
                       std::vector<EstimateWarning>* warnings);

// The thin records per list among the persons in the population, with those left out;
// lists the estimate leaves out (not in `list_in_estimate`) are not named.
std::optional<EstimateWarning> ThinRecordsWarningOf(
    const RecordSelection& selection, const std::map<std::string, std::string>& list_in_estimate,
    UnlinkableRecords unlinkable);

}  // namespace habeas::mse
