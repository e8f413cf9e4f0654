// Court orders in a small declarative rule language, and the checks that find the
// removals an order in force forbade (docs/timeline.md, "Orders").
//
//   order jgg_class_written {
//     court "D.D.C."
//     case "1:25-cv-00766"
//     issued "2025-03-15 19:26" in "America/New_York"
//     effective for 14 days
//     scope class nationality = "VE" and age at issued >= 14 and in_custody at issued
//     forbids removal under "aea"
//   }
//
//   HABEAS_ASSIGN_OR_RETURN(std::vector<Order> orders, ParseOrders(text, "orders.rules"));
//   HABEAS_ASSIGN_OR_RETURN(OrderCheckInput input, LoadOrderCheckInput(store));
//   OrderCheckReport report = CheckOrders(orders, input);
//
// Every answer is three-valued: a removal the facts show was forbidden is a
// violation, one that time precision or disagreeing sources leave open is *possible*
// (with the reason), never a silent yes or no. Value types; functions are pure except
// those taking a Store.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "habeas/status.h"
#include "habeas/timeline.h"
#include "habeas/timeline_view.h"

namespace habeas {

class Store;

// A time in the rule language: `issued` (the order's own issuing instant) or a
// quoted time with an optional zone.
struct RuleTime {
  bool issued = false;
  ValidTime time;
};

enum class PredicateKind {
  kNationality,  // nationality = "VE" / != / in (...)
  kAttribute,    // attribute "status" = "lpr"; `status ...` is attribute "status"
  kAge,          // age at T >= 14
  kInCustody,    // in_custody at T
  kDesignated,   // designated under "aea"
};
enum class Comparison { kEq, kNe, kIn, kGe, kGt, kLe, kLt };

// A class rule: a tree of and/or/not over predicates.
struct RuleExpr {
  enum class Op { kAnd, kOr, kNot, kPredicate } op = Op::kPredicate;
  std::vector<std::unique_ptr<RuleExpr>> operands;  // and/or: 2+, not: 1
  PredicateKind predicate = PredicateKind::kNationality;
  std::string attribute;            // kAttribute: which one
  Comparison comparison = Comparison::kEq;
  std::vector<std::string> values;  // = / != / in
  int number = 0;                   // kAge
  RuleTime at;                      // kAge, kInCustody
  std::string authority;            // kDesignated
  std::string text;                 // the expression as written, for traces
};

// A named person in an order's scope.
struct NamedPerson {
  enum class By { kANumber, kRecord, kPerson } by = By::kANumber;
  std::string value;   // A-number, source_record_id, or person id
  std::string source;  // kRecord: the list
  std::string Describe() const;
};

enum class ForbiddenAction { kRemoval, kDeparture };
std::string_view ForbiddenActionName(ForbiddenAction action);

struct Forbidden {
  ForbiddenAction action = ForbiddenAction::kRemoval;
  std::string authority;  // empty: under any authority
};

// `requires notice at least 24 hours before removal [under "aea"]` and
// `requires notice in a language the person reads`.
struct NoticeRequirement {
  int min_hours = 0;         // 0: no minimum
  bool in_language = false;  // notice must be in a language the person reads
  std::string authority;     // removals it applies to; empty: all
};

struct Order {
  std::string name;
  std::string court, case_number, title;
  ValidTime issued;
  // Effective interval: [issued, until); days > 0: issued + days; until_further: open.
  int days = 0;
  std::optional<ValidTime> until;
  bool until_further_order = false;
  std::vector<NamedPerson> named;
  std::vector<std::unique_ptr<RuleExpr>> classes;  // a person in any class is in scope
  std::vector<Forbidden> forbids;
  std::vector<NoticeRequirement> notices;
  std::vector<std::string> vacates;  // names of orders this one ends at its issuing
  std::string file;
  int line = 0;          // where `order` stands
  std::string text;      // the block as written
};

// Parses every order in `text`. Errors are kInvalidInput "file:line:column: expected
// X, found Y" (the first error; the grammar is in docs/timeline.md).
// `vacates` is checked separately (CheckVacates), since an order may vacate one stored
// from another file.
Result<std::vector<Order>> ParseOrders(std::string_view text, const std::string& file);
// kInvalidInput naming the order when it vacates an order neither in `orders` nor `known`.
Status CheckVacates(const std::vector<Order>& orders, const std::vector<std::string>& known);

// What orders are checked against: every person with claims, their timelines.
struct OrderCheckInput {
  std::vector<PersonTimeline> persons;
};
// How much of each timeline LoadOrderCheckInput reads.
enum class TimelineReading {
  // Every claim, with episodes, last known and conflicts: what a timeline shows
  // (`check designations`, exports).
  kWhole,
  // Only what CheckOrders reads (ClaimKindsOrdersRead; no episodes, last known or
  // conflicts): the same findings, byte for byte, from a third less memory.
  kForOrderCheck,
};
// The claim kinds CheckOrders reads: custody (removals, and `in_custody`), designation,
// notice, attribute. Charges, convictions, petitions, hearings and (counter-)evidence
// never change a finding.
std::vector<ClaimKind> ClaimKindsOrdersRead();
Result<OrderCheckInput> LoadOrderCheckInput(Store& store, const TimelineContext& context,
                                            TimelineReading reading = TimelineReading::kWhole);

// One removal (a person on a flight), from one or more claims.
struct RemovalEvent {
  const PersonTimeline* person = nullptr;
  std::string flight;  // resolved label, or as written
  ValidTime departure;
  ValidTime arrival;  // unknown: still in the air as far as we know
  std::vector<const ResolvedClaim*> claims;
  std::vector<std::string> authorities;  // distinct, as claimed
};

enum class FindingKind { kForbiddenRemoval, kNoticeTooShort, kNoticeLanguage };
std::string_view FindingKindName(FindingKind kind);

struct OrderFinding {
  FindingKind kind = FindingKind::kForbiddenRemoval;
  Tri verdict = Tri::kYes;  // kYes: violation; kPossible: open
  std::string order;
  int64_t person_id = 0;
  RemovalEvent removal;
  std::vector<std::string> trace;  // the rule evaluation, one line per step
  std::vector<std::string> open;   // why it is only possible
  std::vector<const ResolvedClaim*> evidence;  // claims the finding rests on
};

struct OrderCheckReport {
  std::vector<OrderFinding> findings;  // by order, then person, then departure
  int64_t removals_checked = 0;
  int64_t orders_checked = 0;
};

OrderCheckReport CheckOrders(const std::vector<Order>& orders, const OrderCheckInput& input);
// The same, handing each finding to `sink` as it is found instead of keeping it (the
// report returned has the counts and no findings): a large check's findings need not
// all be held at once. Findings come in the report's order.
using FindingSink = std::function<void(OrderFinding&&)>;
OrderCheckReport CheckOrders(const std::vector<Order>& orders, const OrderCheckInput& input,
                             const FindingSink& sink);

// An order whose scope reaches a person (named, or in a class as the facts stood at
// its issuing): kYes, or kPossible with why. What a court packet lists as "orders in
// force" for the person, whether or not a removal broke them.
struct OrderCoverage {
  const Order* order = nullptr;
  Tri in_scope = Tri::kYes;
  std::string in_force;            // "in force from ... until ..."
  std::vector<std::string> trace;  // the scope evaluation, one line per step
  std::vector<std::string> open;   // why it is only possible
};
std::vector<OrderCoverage> OrdersCovering(const std::vector<Order>& orders,
                                          const PersonTimeline& person);
nlohmann::json OrderCoverageJson(const OrderCoverage& coverage);

// JSON for one finding and for the whole report (docs/timeline.md).
nlohmann::json OrderFindingJson(const OrderFinding& finding, const std::vector<Order>& orders);
nlohmann::json OrderReportJson(const OrderCheckReport& report, const std::vector<Order>& orders);
// Writes OrderReportJson(report, orders).dump(2), byte for byte, one finding at a time:
// the whole document of a large check (295k findings, 1.2 GB of text) held as one JSON
// value took 10 GB.
void WriteOrderReportJson(std::ostream& out, const OrderCheckReport& report,
                          const std::vector<Order>& orders);
// The same, a finding at a time as CheckOrders hands them out, formatted on a thread of
// its own and written on a third while the check goes on (each took about as long):
//   OrderReportJsonWriter writer(std::cout, orders);
//   const OrderCheckReport counts = CheckOrders(orders, input, [&](OrderFinding&& f) {
//     writer.Add(std::move(f));
//   });
//   writer.Finish(counts);
// Until Finish returns, nothing else may write to `out`, and `out`, `orders` and the
// claims the findings point to (the OrderCheckInput) must stay alive. Add and Finish are
// called from one thread.
class OrderReportJsonWriter {
 public:
  OrderReportJsonWriter(std::ostream& out, const std::vector<Order>& orders);
  ~OrderReportJsonWriter();  // finishes the writing thread if Finish was not called
  void Add(OrderFinding&& finding);
  void Finish(const OrderCheckReport& counts);  // its orders and removals checked

 private:
  struct Pipeline;
  std::unique_ptr<Pipeline> pipeline_;
};

// Stores the orders of a rules file (each block verbatim) as one timeline write.
Result<int64_t> StoreOrders(Store& store, const std::string& text, const std::string& file,
                            const std::string& by);
// Reads and parses every stored order.
Result<std::vector<Order>> LoadOrders(Store& store);

}  // namespace habeas
