// The timeline: claims about persons (custody, legal events, evidence), the
// facilities and flights they name, and what a person's claims add up to.
//
// A Claim is one statement by one source about one record (and so about the person
// the record belongs to): "removed on GlobalX 6145 at 17:45 EDT under the Alien
// Enemies Act", "booked in at El Valle on 2025-03-10", "tattoo". Claims are
// append-only: a later claim never replaces an earlier one; when sources disagree
// the timeline computes the conflict and shows both (BuildTimeline). Every claim
// keeps when it happened (valid time: an interval in UTC with its precision and the
// original time zone and text) apart from when Habeas learned it (recorded time).
// The event model, files and mappings are specified in docs/timeline.md.
//
//   HABEAS_ASSIGN_OR_RETURN(ValidTime t, ParseValidTime("2025-03-15 17:45",
//                                                       "America/New_York"));
//   // t.earliest == t.latest - 59 (minute precision), UTC seconds
//   HABEAS_ASSIGN_OR_RETURN(PersonTimeline tl, LoadPersonTimeline(store, person_id));
//
// Value types; thread-compatible. Functions are thread-safe unless they take a Store.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas {

class Store;

// What a claim says happened. Order is not stored (names are); append freely.
enum class ClaimKind {
  // custody
  kArrest,        // taken into custody
  kBookIn,        // booked into (or placed at) a facility
  kTransfer,      // moved to another facility
  kRemoval,       // put on a removal flight: its valid time is the departure
  kArrival,       // a removal flight arrived and the person was handed over
  kRelease,       // released from custody
  kRepatriation,  // returned to the country of nationality
  kDeath,
  // legal
  kDesignation,  // designated under an authority (e.g. "aea")
  kNotice,       // notice served (language, content)
  kCharge,
  kConviction,
  kPetition,  // e.g. habeas petition filed
  kHearing,
  // evidence
  kEvidence,         // an evidence item (`item`: "tattoo", "clothing", ...)
  kCounterEvidence,  // contradicts an item (`item`: "no_us_conviction", ...)
  // attributes of the person ("nationality", "status" = usc | lpr | ...)
  kAttribute,
};
inline constexpr int kClaimKindCount = 17;

enum class ClaimGroup { kCustody, kLegal, kEvidence, kAttribute };

std::string_view ClaimKindName(ClaimKind kind);  // "book_in", "removal", ...
Result<ClaimKind> ParseClaimKind(std::string_view name);
ClaimGroup GroupOf(ClaimKind kind);
std::string_view ClaimGroupName(ClaimGroup group);

// How precisely a valid time is known.
enum class TimePrecision { kUnknown, kYear, kMonth, kDay, kHour, kMinute, kSecond, kInterval };
std::string_view TimePrecisionName(TimePrecision precision);
Result<TimePrecision> ParseTimePrecision(std::string_view name);

// When something happened: every instant it may have been, [earliest, latest] in
// UTC seconds since the epoch (inclusive), plus how it was written.
struct ValidTime {
  static constexpr int64_t kMin = std::numeric_limits<int64_t>::min() / 4;
  static constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 4;
  int64_t earliest = kMin;
  int64_t latest = kMax;
  TimePrecision precision = TimePrecision::kUnknown;
  std::string time_zone;  // the zone it was written in: "America/New_York", "-04:00", "UTC"
  std::string text;       // as written: "2025-03-15 17:45"

  bool known() const { return precision != TimePrecision::kUnknown; }
  bool exact_to_minute() const { return latest - earliest < 60; }
  // "2025-03-15T21:45Z (17:45 America/New_York, minute)" style summary.
  std::string Describe() const;
};

// Parses a valid time written in `time_zone` (an IANA zone such as
// "America/New_York", a fixed offset "-04:00", or "UTC"/"" for UTC). Accepted:
// every date ParseDate accepts (known to the year, month or day), optionally
// followed by " HH", " HH:MM" or " HH:MM:SS" (or "T" instead of the space), an ISO
// interval "A/B" (both ends in the zone), and an offset suffix ("Z", "-04:00")
// that overrides the zone. A day in a zone is that zone's local day (DST aware).
// Errors are kInvalidInput saying what was expected.
Result<ValidTime> ParseValidTime(std::string_view text, std::string_view time_zone);

// Formats UTC seconds as "2025-03-15T21:45:00Z".
std::string FormatUtcSeconds(int64_t seconds);
// Formats UTC seconds in `time_zone` as "2025-03-15 17:45" (zone as ParseValidTime).
std::string FormatLocal(int64_t seconds, std::string_view time_zone);

// Three-valued answers: facts with gaps or disagreements give kPossible, never a
// silent yes or no.
enum class Tri { kNo, kPossible, kYes };
std::string_view TriName(Tri t);  // "no", "possible", "yes"
Tri TriAnd(Tri a, Tri b);
Tri TriOr(Tri a, Tri b);
Tri TriNot(Tri a);

// A place people are held. Names as lists write them resolve through aliases.
struct Facility {
  int64_t id = 0;
  std::string name;  // canonical
  std::vector<std::string> aliases;
  std::string place;
  std::string country;
  std::string op;  // the operator ("ICE", "GEO Group", "El Salvador")
};

// A removal flight.
struct Flight {
  int64_t id = 0;
  std::string carrier;        // "GlobalX"
  std::string number;         // "6143"
  std::string tail;           // "N278GX"
  std::vector<std::string> aliases;  // other ways lists write it ("GXA6143")
  std::string departure_place;
  ValidTime departure;
  std::string arrival_place;
  ValidTime arrival;
  std::string Label() const;  // "GlobalX 6143"
};

// Where a claim came from.
struct ClaimSource {
  std::string source;  // the list or person that says it ("manifest_leak", "analyst:ana")
  std::string file;    // the file it was read from, empty for a hand-typed claim
  int64_t line = 0;    // the row's line in the file
  std::string raw;     // the row as received (UTF-8), or the command typed
};

struct Claim {
  int64_t id = 0;
  int64_t write_id = 0;  // the TimelineWrite that stored it
  ClaimKind kind = ClaimKind::kBookIn;
  // About whom: a record (a claim read from a list row, or about a named record), or a
  // person typed by hand. At least one is set.
  int64_t record_id = 0;
  int64_t person_id = 0;
  ClaimSource source;
  ValidTime valid;
  std::string recorded_at;  // UTC ISO 8601: when Habeas stored it
  double confidence = 1.0;  // 0–1, the source's (or analyst's) confidence
  std::string facility;     // as written; resolved through facility aliases when read
  std::string flight;       // as written ("GlobalX 6143", "GXA6143", "N278GX")
  std::string authority;    // "aea", "title8", ... (lower case)
  std::string item;         // evidence item, charge, notice content, attribute name
  std::string value;        // attribute value; notice: minimum hours it gave; etc.
  std::string language;     // notice language ("en", "es")
  std::string note;
};

// Filter for reading claims. Empty vectors mean "any".
struct ClaimFilter {
  std::vector<ClaimKind> kinds;
  std::vector<int64_t> record_ids;
  std::vector<int64_t> person_ids;  // claims typed for these persons (not via records)
};

// An order as stored: its name and the rule-language text that defines it.
struct StoredOrder {
  int64_t id = 0;
  int64_t write_id = 0;
  std::string name;
  std::string text;  // the order's block, verbatim
  std::string file;
  int64_t line = 0;  // where the block starts in `file`
};

// What a timeline write is, for its record (and later the ledger, docs/timeline.md).
enum class TimelineWriteKind { kEntities, kClaims, kListClaims, kOrders, kHandClaim };
std::string_view TimelineWriteKindName(TimelineWriteKind kind);

// One write to the timeline: everything in it is stored in one transaction, with one
// row in `timeline_writes` saying what was written (so it can be logged as one entry).
struct TimelineWrite {
  TimelineWriteKind kind = TimelineWriteKind::kClaims;
  std::string source;       // source name
  std::string file_name;    // file read, empty for hand-typed claims
  std::string file_sha256;  // its bytes' hash; a file already written is a conflict
  int64_t batch_id = 0;     // kListClaims: the record batch the claims were read from
  std::string by;           // who wrote it
  std::vector<Facility> facilities;
  std::vector<Flight> flights;
  std::vector<Claim> claims;
  std::vector<StoredOrder> orders;
};

struct TimelineWriteInfo {
  int64_t id = 0;
  TimelineWriteKind kind = TimelineWriteKind::kClaims;
  std::string source;
  std::string file_name;
  std::string file_sha256;
  int64_t batch_id = 0;
  std::string written_at;
  std::string by;
  int64_t facilities = 0, flights = 0, claims = 0, orders = 0;
};

}  // namespace habeas
