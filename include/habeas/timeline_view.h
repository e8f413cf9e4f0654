// What a person's claims add up to: facility and flight resolution, custody
// episodes, last known place and status, legal events, evidence, and conflicts
// between sources (computed on every read, never resolved by last write wins).
//
//   HABEAS_ASSIGN_OR_RETURN(TimelineContext context, LoadTimelineContext(store));
//   HABEAS_ASSIGN_OR_RETURN(PersonTimeline tl, LoadPersonTimeline(store, context, 12));
//   if (tl.last_known) std::cout << tl.last_known->place;
//   nlohmann::json j = PersonTimelineJson(tl);   // what `show person --json` prints
//
// Thread-compatible value types; functions taking a Store are not thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "habeas/partial_date.h"
#include "habeas/record.h"
#include "habeas/status.h"
#include "habeas/timeline.h"

namespace habeas {

class Store;

// Resolvers remember what each written form resolved to (a mutable cache): a resolver is
// used by one thread at a time.
//
// Resolves facility names as lists write them ("Cecot", "CECOT, Tecoluca", "Centro
// de Confinamiento del Terrorismo") to one facility: the name and every alias are
// compared accent- and case-folded, punctuation ignored; a name not known as a whole
// whose part before a comma is known, and whose rest names that facility's place,
// resolves to it too.
class FacilityResolver {
 public:
  explicit FacilityResolver(std::vector<Facility> facilities);
  const Facility* Resolve(std::string_view written) const;  // nullptr: unknown
  const std::vector<Facility>& facilities() const { return facilities_; }

 private:
  const Facility* ResolveUncached(std::string_view written) const;
  std::vector<Facility> facilities_;
  std::map<std::string, size_t> by_key_;
  mutable std::unordered_map<std::string, const Facility*> cache_;
};

// Resolves a flight as written ("GlobalX 6143", "6143", "GXA6143", "N278GX") to a
// flight: carrier + number, number, tail or an alias, compared on letters and digits
// only. When several flights share the key, the one whose departure day overlaps
// `when` is chosen; nullptr when none or several remain.
class FlightResolver {
 public:
  explicit FlightResolver(std::vector<Flight> flights);
  const Flight* Resolve(std::string_view written, const ValidTime& when) const;
  const std::vector<Flight>& flights() const { return flights_; }

 private:
  std::vector<Flight> flights_;
  std::multimap<std::string, size_t> by_key_;
  mutable std::unordered_map<std::string, std::vector<const Flight*>> cache_;  // by written form
};

// Everything a timeline is read against: the store's facilities, flights and source
// names. Load once per command.
struct TimelineContext {
  FacilityResolver facilities{{}};
  FlightResolver flights{{}};
  std::map<int64_t, std::string> source_names;  // source id → name
};
Result<TimelineContext> LoadTimelineContext(Store& store);

// A claim with what it names resolved and when it happened (a removal without its own
// time takes its flight's departure; an arrival its flight's arrival).
struct ResolvedClaim {
  Claim claim;
  const Facility* facility = nullptr;
  const Flight* flight = nullptr;
  ValidTime when;
  std::string Place() const;  // the facility's name, else as written, else the flight
};
ResolvedClaim ResolveClaim(Claim claim, const TimelineContext& context);

// A span in one custodian's hands at one place (or on one flight).
struct CustodyEpisode {
  std::string place;  // facility name or "flight GlobalX 6143"
  int64_t facility_id = 0;
  int64_t flight_id = 0;
  std::string how;                   // claim kind that opened it: book_in, removal, ...
  ValidTime start;                   // when it began (as precise as the sources say)
  std::optional<ValidTime> end;      // when the next step began; nullopt: open
  std::vector<int64_t> claim_ids;    // every claim that supports it
  std::vector<std::string> sources;  // their sources, deduplicated
};

enum class CustodyStatus { kUnknown, kInCustody, kInFlight, kReleased, kRepatriated, kDead };
std::string_view CustodyStatusName(CustodyStatus status);

struct LastKnown {
  std::string place;
  CustodyStatus status = CustodyStatus::kUnknown;
  ValidTime since;
  std::vector<std::string> sources;
  std::vector<int64_t> claim_ids;
};

// Two or more claims that cannot all be true.
struct ClaimConflict {
  std::string about;        // "removal authority", "place", "conviction", "nationality", ...
  std::string description;  // one sentence naming the values and their sources
  std::vector<int64_t> claim_ids;
  std::vector<int64_t> record_ids;  // for conflicts between records' fields
};

// What the person's records say about them (values with the record that says it).
struct RecordFact {
  std::string value;
  int64_t record_id = 0;
  std::string source;
};
struct PersonFacts {
  std::vector<int64_t> record_ids;
  std::vector<std::pair<std::string, std::string>> record_keys;  // (source, source_record_id)
  std::vector<RecordFact> nationalities;  // normalised: "VE", "SV", ... (else as written)
  std::vector<RecordFact> birth_dates;    // ISO partial dates
  std::vector<RecordFact> ages;           // "34" with the record date in `source` context
  std::vector<std::string> age_dates;     // parallel to ages: the record date or received date
  std::vector<RecordFact> a_numbers;
  std::vector<RecordFact> national_ids;
  std::vector<RecordFact> sexes;
  std::vector<RecordFact> names;
};

// "venezolano", "Venezuela", "VEN", "ve" → "VE" (a small table of the countries the
// scenarios name; anything else is returned folded to upper case).
std::string NormalizeCountry(std::string_view written);

struct PersonTimeline {
  int64_t person_id = 0;
  PersonFacts facts;
  std::vector<ResolvedClaim> claims;  // every claim, in valid-time order (unknown last)
  std::vector<CustodyEpisode> episodes;
  std::optional<LastKnown> last_known;
  std::vector<ClaimConflict> conflicts;
};

// Collects a person's facts from its records.
PersonFacts FactsFromRecords(const std::vector<RecordData>& records,
                             const std::map<int64_t, std::string>& source_names,
                             const std::map<int64_t, std::string>& batch_dates);

// Builds the timeline from a person's facts and claims (any order). Pure.
PersonTimeline BuildPersonTimeline(int64_t person_id, PersonFacts facts, std::vector<Claim> claims,
                                   const TimelineContext& context);
// What BuildPersonTimeline derives from the sorted claims.
enum class TimelineParts {
  kAll,         // custody episodes, last known, conflicts
  kClaimsOnly,  // none of them: for a reader of the claims alone (CheckOrders)
};
// The same from claims already resolved (ResolveClaim), as a loader of many persons
// reads them: no second copy of every claim.
PersonTimeline BuildPersonTimeline(int64_t person_id, PersonFacts facts,
                                   std::vector<ResolvedClaim> claims,
                                   TimelineParts parts = TimelineParts::kAll);

// Reads a person's records and claims (those about its records and those typed for
// it) and builds the timeline. kNotFound for an unknown person.
Result<PersonTimeline> LoadPersonTimeline(Store& store, const TimelineContext& context,
                                          int64_t person_id);

// The timeline as JSON (docs/timeline.md "show person --json"): claims with sources,
// episodes, last_known, conflicts. What the pages show.
nlohmann::json PersonTimelineJson(const PersonTimeline& timeline);
// Removes from one claim's JSON (a PersonTimelineJson claim, or a finding's evidence
// item) what only analysts see: the note and the row as received.
void WithholdRestrictedClaimFields(nlohmann::json& claim);
nlohmann::json ValidTimeJson(const ValidTime& time);

}  // namespace habeas
