// Checking removals against orders (habeas/orders.h). Every test is three-valued and
// leaves a line in the finding's trace.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <ostream>
#include <set>
#include <thread>

#include "habeas/orders.h"
#include "habeas/store.h"
#include "common/background_output.h"
#include "orders/check_claims.h"
#include "orders/finding_json_writer.h"

namespace habeas {
namespace {

constexpr int64_t kDay = 86400;

// When an order is in force: from its issuing to its end, each known within bounds.
struct Window {
  int64_t start_earliest = 0, start_latest = 0;
  int64_t end_earliest = ValidTime::kMax, end_latest = ValidTime::kMax;
  std::string ended_by;  // the vacating order, if any
  std::string text;      // WindowText, once per order rather than once per removal
};

std::string Utc(int64_t t) { return FormatUtcSeconds(t); }

std::string WindowText(const Window& w) {
  std::string s = "in force from " + Utc(w.start_earliest) + " until " +
                  (w.end_earliest >= ValidTime::kMax ? std::string("further order")
                                                     : Utc(w.end_earliest));
  if (!w.ended_by.empty()) s += " (vacated by " + w.ended_by + ")";
  return s;
}

Window InForce(const Order& o, const std::vector<Order>& all) {
  Window w;
  w.start_earliest = o.issued.earliest;
  w.start_latest = o.issued.latest;
  if (o.days > 0) {
    w.end_earliest = o.issued.earliest + o.days * kDay;
    w.end_latest = o.issued.latest + o.days * kDay;
  } else if (o.until) {
    w.end_earliest = o.until->earliest;
    w.end_latest = o.until->latest;
  }
  for (const Order& v : all) {
    if (std::find(v.vacates.begin(), v.vacates.end(), o.name) == v.vacates.end()) continue;
    if (v.issued.earliest < w.end_earliest) {
      w.end_earliest = v.issued.earliest;
      w.end_latest = std::min(w.end_latest, v.issued.latest);
      w.ended_by = v.name;
    }
  }
  w.text = WindowText(w);
  return w;
}

std::string TimeText(const ValidTime& t) {
  if (!t.known()) return "unknown";
  if (t.exact_to_minute()) return Utc(t.earliest);
  return Utc(t.earliest) + ".." + Utc(t.latest) + " (" + std::string(TimePrecisionName(t.precision)) + ")";
}

// Removals: a person's removal claims grouped by flight (resolved, else as written,
// else by day).
std::vector<RemovalEvent> RemovalsOf(const PersonTimeline& tl) {
  std::map<std::string, RemovalEvent> by_flight;
  for (const ResolvedClaim& c : tl.claims) {
    if (c.claim.kind != ClaimKind::kRemoval) continue;
    const std::string key = c.flight ? c.flight->Label()
                            : !c.claim.flight.empty() ? c.claim.flight
                                                      : "no flight given (" + c.when.text + ")";
    RemovalEvent& r = by_flight[key];
    if (r.claims.empty()) {
      r.person = &tl;
      r.flight = key;
      r.departure = c.when;
      if (c.flight) r.arrival = c.flight->arrival;
    } else if (c.when.known()) {
      // Sources that disagree on the time widen it (each is kept in the evidence).
      if (!r.departure.known()) {
        r.departure = c.when;
      } else {
        r.departure.earliest = std::min(r.departure.earliest, c.when.earliest);
        r.departure.latest = std::max(r.departure.latest, c.when.latest);
      }
    }
    r.claims.push_back(&c);
    if (!c.claim.authority.empty() &&
        std::find(r.authorities.begin(), r.authorities.end(), c.claim.authority) ==
            r.authorities.end()) {
      r.authorities.push_back(c.claim.authority);
    }
  }
  std::vector<RemovalEvent> out;
  for (auto& [key, r] : by_flight) out.push_back(std::move(r));
  return out;
}

struct Eval {
  const Order& order;
  const PersonTimeline& person;
  std::vector<std::string>* trace;
  std::vector<std::string>* open;
  std::vector<const ResolvedClaim*>* evidence;
  const CheckClaims& packed;  // what the rules read of the person's claims
  std::span<const CheckClaim> removal_claims = {};  // the removal's, as packed

  std::span<const CheckClaim> claims() const { return packed.Of(person); }
  const StringIds& ids() const { return packed.ids(); }

  void Note(Tri t, std::string line) {
    if (t == Tri::kPossible) open->push_back(line);
    line += " → ";
    line += TriName(t);
    trace->push_back(std::move(line));
  }
};

ValidTime TimeOf(const RuleTime& t, const Order& o) { return t.issued ? o.issued : t.time; }

Tri Compare(const std::set<std::string>& values, const RuleExpr& e) {
  if (values.empty()) return Tri::kPossible;
  int match = 0;
  for (const std::string& v : values) {
    const bool in = std::find(e.values.begin(), e.values.end(), v) != e.values.end();
    if (e.comparison == Comparison::kNe ? !in : in) ++match;
  }
  if (match == static_cast<int>(values.size())) return Tri::kYes;
  return match == 0 ? Tri::kNo : Tri::kPossible;
}

std::string Join(const std::set<std::string>& values) {
  std::string s;
  for (const std::string& v : values) s += (s.empty() ? "" : ", ") + v;
  return s.empty() ? "none recorded" : s;
}

Tri EvalNationality(const RuleExpr& e, Eval& ev) {
  std::set<std::string> values;
  for (const RecordFact& f : ev.person.facts.nationalities) values.insert(f.value);
  const StringIds::Id nationality = ev.ids().Find("nationality");
  for (const CheckClaim& c : ev.claims()) {
    if (c.kind == ClaimKind::kAttribute && c.item == nationality) {
      values.insert(NormalizeCountry(ev.ids().Text(c.value)));
      ev.evidence->push_back(c.claim);
    }
  }
  const Tri t = Compare(values, e);
  ev.Note(t, e.text + " (nationality: " + Join(values) +
                 (values.size() > 1 ? ", sources disagree" : "") + ")");
  return t;
}

Tri EvalAttribute(const RuleExpr& e, Eval& ev) {
  std::set<std::string> values;
  const StringIds::Id attribute = ev.ids().Find(e.attribute);
  for (const CheckClaim& c : ev.claims()) {
    if (c.kind == ClaimKind::kAttribute && c.item == attribute) {
      values.insert(ev.ids().Text(c.value));
      ev.evidence->push_back(c.claim);
    }
  }
  // No claim of the attribute: the person is not known to hold any value of it.
  Tri t = values.empty() ? (e.comparison == Comparison::kNe ? Tri::kYes : Tri::kNo)
                         : Compare(values, e);
  ev.Note(t, e.text + " (" + e.attribute + ": " + Join(values) + ")");
  return t;
}

struct Ymd {
  int y = 0, m = 0, d = 0;
};
Ymd YmdOf(int64_t seconds) {
  const std::string s = FormatUtcSeconds(seconds);
  return {std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))};
}
int AgeOn(const Ymd& birth, const Ymd& day) {
  int age = day.y - birth.y;
  if (day.m < birth.m || (day.m == birth.m && day.d < birth.d)) --age;
  return age;
}

Tri CompareAge(int lo, int hi, const RuleExpr& e) {
  auto holds = [&](int a) {
    switch (e.comparison) {
      case Comparison::kGe: return a >= e.number;
      case Comparison::kGt: return a > e.number;
      case Comparison::kLe: return a <= e.number;
      case Comparison::kLt: return a < e.number;
      case Comparison::kEq: return a == e.number;
      case Comparison::kNe: return a != e.number;
      case Comparison::kIn: return false;
    }
    return false;
  };
  bool any = false, all = true;
  for (int a = lo; a <= hi; ++a) {
    if (holds(a)) {
      any = true;
    } else {
      all = false;
    }
  }
  if (all) return Tri::kYes;
  return any ? Tri::kPossible : Tri::kNo;
}

Tri EvalAge(const RuleExpr& e, Eval& ev) {
  const ValidTime at = TimeOf(e.at, ev.order);
  const Ymd day_lo = YmdOf(at.earliest), day_hi = YmdOf(at.latest);
  int lo = 1000, hi = -1;
  std::string said;
  for (const RecordFact& f : ev.person.facts.birth_dates) {
    Result<PartialDate> b = PartialDate::FromIso(f.value);
    if (!b.ok()) continue;
    const Ymd earliest{b->year, b->has_month() ? b->month : 1, b->has_day() ? b->day : 1};
    const Ymd latest{b->year, b->has_month() ? b->month : 12, b->has_day() ? b->day : 31};
    lo = std::min(lo, AgeOn(latest, day_lo));
    hi = std::max(hi, AgeOn(earliest, day_hi));
    said += (said.empty() ? "" : ", ") + std::string("born ") + f.value + " (" + f.source + ")";
  }
  for (size_t i = 0; i < ev.person.facts.ages.size(); ++i) {
    const RecordFact& f = ev.person.facts.ages[i];
    const int age = std::atoi(f.value.c_str());
    const std::string& when = ev.person.facts.age_dates[i];
    Result<PartialDate> d = when.empty() ? Result<PartialDate>(InvalidInput("")) : PartialDate::FromIso(when);
    if (!d.ok()) {
      said += (said.empty() ? "" : ", ") + std::string("age ") + f.value + " at an unknown date";
      lo = std::min(lo, age);
      hi = std::max(hi, age + 150);  // unknown date: older by any amount
      continue;
    }
    // Age A on date D: A..A+1 years old on D, plus the years between D and the order.
    const int years = day_hi.y - d->year;
    lo = std::min(lo, age + years - 1);
    hi = std::max(hi, age + years + 1);
    said += (said.empty() ? "" : ", ") + std::string("age ") + f.value + " on " + when + " (" +
            f.source + ")";
  }
  Tri t = Tri::kPossible;
  std::string range = "no birth date or age recorded";
  if (hi >= 0) {
    lo = std::max(lo, 0);
    t = CompareAge(lo, hi, e);
    range = (lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi)) +
            " years (" + said + ")";
  }
  ev.Note(t, e.text + ": age at " + TimeText(at) + " is " + range);
  return t;
}

bool OpensCustody(ClaimKind k) {
  return k == ClaimKind::kArrest || k == ClaimKind::kBookIn || k == ClaimKind::kTransfer ||
         k == ClaimKind::kRemoval || k == ClaimKind::kArrival;
}

Tri EvalInCustody(const RuleExpr& e, Eval& ev) {
  const ValidTime at = TimeOf(e.at, ev.order);
  const ResolvedClaim* last_before = nullptr;
  const ResolvedClaim* overlapping_end = nullptr;
  for (const CheckClaim& c : ev.claims()) {
    if (GroupOf(c.kind) != ClaimGroup::kCustody || !c.known) continue;
    if (c.latest < at.earliest) {
      last_before = c.claim;
    } else if (c.earliest <= at.latest && !OpensCustody(c.kind)) {
      overlapping_end = c.claim;
    }
  }
  Tri t;
  std::string why;
  if (!last_before) {
    t = Tri::kPossible;
    why = "no custody claim before " + TimeText(at);
  } else {
    ev.evidence->push_back(last_before);
    const std::string what = std::string(ClaimKindName(last_before->claim.kind)) + " " +
                             last_before->Place() + " " + TimeText(last_before->when) + " (" +
                             last_before->claim.source.source + ")";
    t = OpensCustody(last_before->claim.kind) ? Tri::kYes : Tri::kNo;
    why = "last custody claim before: " + what;
  }
  if (overlapping_end && t == Tri::kYes) {
    t = Tri::kPossible;
    why += "; " + std::string(ClaimKindName(overlapping_end->claim.kind)) +
           " at a time that may be before or after";
  }
  ev.Note(t, e.text + ": " + why);
  return t;
}

Tri EvalDesignated(const RuleExpr& e, Eval& ev) {
  std::vector<std::string> by;
  const StringIds::Id authority = ev.ids().Find(e.authority);
  for (const CheckClaim& c : ev.claims()) {
    if (c.kind == ClaimKind::kDesignation && c.authority == authority) {
      by.push_back(ev.ids().Text(c.source));
      ev.evidence->push_back(c.claim);
    }
  }
  const Tri t = by.empty() ? Tri::kNo : Tri::kYes;
  ev.Note(t, e.text + (by.empty() ? ": no designation claim" : ": designated per " + by.front()));
  return t;
}

Tri EvalExpr(const RuleExpr& e, Eval& ev) {
  switch (e.op) {
    case RuleExpr::Op::kAnd: {
      Tri t = Tri::kYes;
      for (const auto& o : e.operands) t = TriAnd(t, EvalExpr(*o, ev));
      return t;
    }
    case RuleExpr::Op::kOr: {
      Tri t = Tri::kNo;
      for (const auto& o : e.operands) t = TriOr(t, EvalExpr(*o, ev));
      return t;
    }
    case RuleExpr::Op::kNot: {
      const Tri t = TriNot(EvalExpr(*e.operands.front(), ev));
      ev.trace->push_back(e.text + " → " + std::string(TriName(t)));
      return t;
    }
    case RuleExpr::Op::kPredicate:
      break;
  }
  switch (e.predicate) {
    case PredicateKind::kNationality: return EvalNationality(e, ev);
    case PredicateKind::kAttribute: return EvalAttribute(e, ev);
    case PredicateKind::kAge: return EvalAge(e, ev);
    case PredicateKind::kInCustody: return EvalInCustody(e, ev);
    case PredicateKind::kDesignated: return EvalDesignated(e, ev);
  }
  return Tri::kPossible;
}

bool IsNamed(const NamedPerson& n, const PersonTimeline& p) {
  switch (n.by) {
    case NamedPerson::By::kANumber:
      for (const RecordFact& f : p.facts.a_numbers) {
        if (f.value == n.value) return true;
      }
      return false;
    case NamedPerson::By::kRecord:
      for (const auto& [source, id] : p.facts.record_keys) {
        if (source == n.source && id == n.value) return true;
      }
      return false;
    case NamedPerson::By::kPerson:
      return ParsePersonId(n.value) == p.person_id;
  }
  return false;
}

Tri EvalScope(const Order& o, Eval& ev) {
  for (const NamedPerson& n : o.named) {
    if (IsNamed(n, ev.person)) {
      ev.trace->push_back("scope named " + n.Describe() + " → yes");
      return Tri::kYes;
    }
  }
  if (!o.named.empty()) ev.trace->push_back("scope named: not one of the " +
                                            std::to_string(o.named.size()) + " named → no");
  Tri t = Tri::kNo;
  for (const auto& c : o.classes) t = TriOr(t, EvalExpr(*c, ev));
  return t;
}

// Was the action in progress while the order was in force?
Tri EvalTime(ForbiddenAction action, const RemovalEvent& r, const Window& w, Eval& ev) {
  const ValidTime& dep = r.departure;
  if (!dep.known()) {
    ev.Note(Tri::kPossible, "departure time unknown");
    return Tri::kPossible;
  }
  Tri t;
  std::string line;
  if (action == ForbiddenAction::kDeparture) {
    const bool surely = dep.earliest >= w.start_latest && dep.latest < w.end_earliest;
    const bool maybe = dep.latest >= w.start_earliest && dep.earliest < w.end_latest;
    t = surely ? Tri::kYes : maybe ? Tri::kPossible : Tri::kNo;
    line = "departure " + TimeText(dep) + " while " + w.text;
  } else {
    // A removal is underway from departure until the hand-over at arrival: a plane in
    // the air when the order takes effect is a removal the order reaches.
    const int64_t arr_earliest = r.arrival.known() ? r.arrival.earliest : dep.earliest;
    const int64_t arr_latest = r.arrival.known() ? r.arrival.latest : ValidTime::kMax;
    const bool surely = dep.latest < w.end_earliest && arr_earliest > w.start_latest;
    const bool maybe = dep.earliest < w.end_latest && arr_latest > w.start_earliest;
    t = surely ? Tri::kYes : maybe ? Tri::kPossible : Tri::kNo;
    line = "removal on " + r.flight + " departed " + TimeText(dep) + ", handed over " +
           (r.arrival.known() ? TimeText(r.arrival) : std::string("at an unknown time")) +
           "; order " + w.text;
    if (t != Tri::kNo && dep.latest < w.start_earliest) line += " (in the air when issued)";
  }
  ev.Note(t, line);
  return t;
}

// Under which authority the removal whose claims are `ev.removal_claims` was made.
Tri EvalAuthority(const std::string& authority, Eval& ev) {
  if (authority.empty()) return Tri::kYes;
  std::string said;
  bool any = false, all = true;
  const StringIds& ids = ev.ids();
  const StringIds::Id wanted = ids.Find(authority);
  for (const CheckClaim& c : ev.removal_claims) {
    if (c.authority == 0) continue;  // no authority claimed
    if (!said.empty()) said += ", ";
    said.append(ids.Text(c.authority)).append(" per ").append(ids.Text(c.source));
    const bool match = c.authority == wanted;
    any = any || match;
    all = all && match;
  }
  Tri t;
  if (said.empty()) {
    t = Tri::kPossible;
    said = "no source says under which authority";
  } else {
    t = all ? Tri::kYes : any ? Tri::kPossible : Tri::kNo;
    if (t == Tri::kPossible) said += " (contested)";
  }
  ev.Note(t, "removal under \"" + authority + "\": " + said);
  return t;
}

// `removal_claims`: r's claims as packed.
void CheckRemoval(const Order& o, const Window& w, const RemovalEvent& r,
                  std::span<const CheckClaim> removal_claims, const CheckClaims& packed,
                  const FindingSink& sink) {
  for (const Forbidden& f : o.forbids) {
    OrderFinding finding;
    finding.evidence = r.claims;
    Eval ev{o, *r.person, &finding.trace, &finding.open, &finding.evidence, packed, removal_claims};
    Tri t = EvalTime(f.action, r, w, ev);
    if (t != Tri::kNo) t = TriAnd(t, EvalAuthority(f.authority, ev));
    if (t != Tri::kNo) t = TriAnd(t, EvalScope(o, ev));
    if (t == Tri::kNo) continue;
    finding.order = o.name;
    finding.person_id = r.person->person_id;
    finding.removal = r;  // copied only for a finding
    finding.verdict = t;
    sink(std::move(finding));
    return;  // one finding per order and removal
  }
}

// The person's notice claims before a removal, latest first.
const ResolvedClaim* LastNoticeBefore(const RemovalEvent& r, const CheckClaims& packed) {
  const CheckClaim* last = nullptr;
  for (const CheckClaim& c : packed.Of(*r.person)) {
    if (c.kind != ClaimKind::kNotice || !c.known) continue;
    if (c.earliest > r.departure.latest) continue;
    if (!last || c.earliest > last->earliest) last = &c;
  }
  return last ? last->claim : nullptr;
}

void CheckNotice(const Order& o, const Window& w, const NoticeRequirement& n, const RemovalEvent& r,
                 std::span<const CheckClaim> removal_claims, const CheckClaims& packed,
                 const FindingSink& sink) {
  if (!r.departure.known()) return;
  if (r.departure.latest < w.start_earliest || r.departure.earliest >= w.end_latest) return;
  OrderFinding finding;
  finding.order = o.name;
  finding.person_id = r.person->person_id;
  finding.removal = r;
  finding.evidence = r.claims;
  Eval ev{o, *r.person, &finding.trace, &finding.open, &finding.evidence, packed, removal_claims};
  Tri t = EvalAuthority(n.authority, ev);
  if (t != Tri::kNo) t = TriAnd(t, EvalScope(o, ev));
  if (t == Tri::kNo) return;
  const ResolvedClaim* notice = LastNoticeBefore(r, packed);
  Tri broken;
  if (!notice) {
    broken = Tri::kPossible;
    ev.Note(broken, "no notice recorded before the departure " + TimeText(r.departure));
  } else if (n.min_hours > 0) {
    finding.evidence.push_back(notice);
    const int64_t need = int64_t{n.min_hours} * 3600;
    const int64_t most = r.departure.latest - notice->when.earliest;
    const int64_t least = r.departure.earliest - notice->when.latest;
    broken = most < need ? Tri::kYes : least < need ? Tri::kPossible : Tri::kNo;
    ev.Note(broken, "notice " + TimeText(notice->when) + " (" + notice->claim.source.source +
                        ") to departure " + TimeText(r.departure) + ": under " +
                        std::to_string(n.min_hours) + " hours");
  } else {
    finding.evidence.push_back(notice);
    std::set<std::string> reads;
    const StringIds::Id reads_item = packed.ids().Find("reads");
    for (const CheckClaim& c : packed.Of(*r.person)) {
      if (c.kind == ClaimKind::kAttribute && c.item == reads_item) {
        reads.insert(packed.ids().Text(c.value));
        finding.evidence.push_back(c.claim);
      }
    }
    if (notice->claim.language.empty() || reads.empty()) {
      broken = Tri::kPossible;
    } else {
      broken = reads.count(notice->claim.language) ? Tri::kNo : Tri::kYes;
    }
    ev.Note(broken, "notice in \"" +
                        (notice->claim.language.empty() ? std::string("?") : notice->claim.language) +
                        "\"; the person reads " + Join(reads));
  }
  t = TriAnd(t, broken);
  if (t == Tri::kNo) return;
  finding.kind = n.min_hours > 0 || !notice ? FindingKind::kNoticeTooShort
                                            : FindingKind::kNoticeLanguage;
  finding.verdict = t;
  sink(std::move(finding));
}

// Claims grouped by person key. A person's claims mostly come one after another (an
// import's rows): each run is moved into the person's vector at once, so the vector is
// allocated at its size instead of grown claim by claim (the growth touched half again
// as much memory, measured in page faults).
class ClaimsByPerson {
 public:
  void Add(int64_t key, ResolvedClaim&& claim) {
    if (key != run_key_) Flush();
    run_key_ = key;
    run_.push_back(std::move(claim));
  }
  std::map<int64_t, std::vector<ResolvedClaim>> Take() {
    Flush();
    return std::move(by_key_);
  }

 private:
  void Flush() {
    if (run_.empty()) return;
    std::vector<ResolvedClaim>& claims = by_key_[run_key_];
    if (claims.empty()) claims.reserve(run_.size());
    for (ResolvedClaim& c : run_) claims.push_back(std::move(c));
    run_.clear();
  }
  int64_t run_key_ = 0;
  std::vector<ResolvedClaim> run_;
  std::map<int64_t, std::vector<ResolvedClaim>> by_key_;
};

nlohmann::json ClaimEvidenceJson(const ResolvedClaim& c) {
  nlohmann::json j = {{"claim_id", c.claim.id},
                      {"kind", std::string(ClaimKindName(c.claim.kind))},
                      {"source", c.claim.source.source},
                      {"valid_time", ValidTimeJson(c.when)},
                      {"recorded_at", c.claim.recorded_at},
                      {"confidence", c.claim.confidence}};
  if (c.claim.record_id) j["record_id"] = c.claim.record_id;
  if (!c.claim.source.file.empty()) {
    j["file"] = c.claim.source.file;
    j["line"] = c.claim.source.line;
  }
  if (!c.claim.source.raw.empty()) j["as_received"] = c.claim.source.raw;
  if (!c.claim.authority.empty()) j["authority"] = c.claim.authority;
  if (!c.claim.flight.empty()) j["flight"] = c.claim.flight;
  if (!c.Place().empty()) j["place"] = c.Place();
  if (!c.claim.item.empty()) j["item"] = c.claim.item;
  if (!c.claim.value.empty()) j["value"] = c.claim.value;
  if (!c.claim.language.empty()) j["language"] = c.claim.language;
  return j;
}

}  // namespace

std::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kForbiddenRemoval: return "forbidden removal";
    case FindingKind::kNoticeTooShort: return "notice too short";
    case FindingKind::kNoticeLanguage: return "notice not in a language the person reads";
  }
  return "?";
}

namespace {

// What the order loop reads of a removal to pass over it, side by side in one array (the
// loop reads every removal departing before each order's end: 100 orders × 100k
// removals on the bench, which through pointers to whole removals was a cache miss each).
struct RemovalReach {
  int64_t departure_earliest = 0;
  int64_t departure_latest = 0;
  int64_t arrival_latest = 0;
  bool departure_known = false;
  bool arrival_known = false;
  const RemovalEvent* removal = nullptr;
};

// Removals by departure, so each order reads only those that can fall in its window (an
// unknown departure's earliest is ValidTime::kMin: those come first, always read).
std::vector<RemovalReach> ByDeparture(const std::vector<RemovalEvent>& removals) {
  std::vector<RemovalReach> out;
  out.reserve(removals.size());
  for (const RemovalEvent& r : removals) {
    out.push_back({r.departure.earliest, r.departure.latest, r.arrival.latest, r.departure.known(),
                   r.arrival.known(), &r});
  }
  std::sort(out.begin(), out.end(), [](const RemovalReach& a, const RemovalReach& b) {
    return a.departure_earliest < b.departure_earliest;
  });
  return out;
}

// The removals moved into the order the order loop reads them (`by_departure`'s), each
// with its claims as packed, side by side: the loop reads ~390k (order, removal) pairs on
// the bench, and reached through pointers into removals kept in person order, each
// removal and each of its claims was a cache miss (perf annotate of EvalAuthority and
// CheckOrders). Repoints `by_departure` at the moved removals.
struct RemovalsInReadingOrder {
  std::vector<RemovalEvent> removals;
  std::vector<CheckClaim> claims;
  std::vector<size_t> start;  // removals[i]'s claims: claims[start[i], start[i + 1])

  std::span<const CheckClaim> ClaimsOf(size_t i) const {
    return std::span<const CheckClaim>(claims.data() + start[i], start[i + 1] - start[i]);
  }
};

RemovalsInReadingOrder InReadingOrder(std::vector<RemovalEvent>&& removals,
                                      std::vector<RemovalReach>& by_departure,
                                      const CheckClaims& packed) {
  RemovalsInReadingOrder out;
  out.removals.reserve(by_departure.size());
  out.start.reserve(by_departure.size() + 1);
  for (RemovalReach& reach : by_departure) {
    RemovalEvent& r = removals[static_cast<size_t>(reach.removal - removals.data())];
    out.start.push_back(out.claims.size());
    for (const ResolvedClaim* c : r.claims) out.claims.push_back(packed.Of(*r.person, c));
    out.removals.push_back(std::move(r));
    reach.removal = &out.removals.back();  // reserved: never moves again
  }
  out.start.push_back(out.claims.size());
  removals.clear();
  return out;
}

// Out of the order's reach without evaluating it: landed before the order, or (an order
// that forbids only departures and requires no notice) departed before it.
bool SurelyOutOfReach(const RemovalReach& r, const Window& w, bool departures_only) {
  if (r.departure_known && r.arrival_known && r.arrival_latest <= w.start_earliest) return true;
  return departures_only && r.departure_known && !r.arrival_known &&
         r.departure_latest < w.start_earliest;
}

}  // namespace

OrderCheckReport CheckOrders(const std::vector<Order>& orders, const OrderCheckInput& input) {
  OrderCheckReport report;
  const OrderCheckReport counts = CheckOrders(orders, input, [&](OrderFinding&& f) {
    report.findings.push_back(std::move(f));
  });
  report.removals_checked = counts.removals_checked;
  report.orders_checked = counts.orders_checked;
  return report;
}

OrderCheckReport CheckOrders(const std::vector<Order>& orders, const OrderCheckInput& input,
                             const FindingSink& sink) {
  OrderCheckReport report;
  std::vector<RemovalEvent> removals;
  for (const PersonTimeline& p : input.persons) {
    for (RemovalEvent& r : RemovalsOf(p)) removals.push_back(std::move(r));
  }
  // std::sort sees the same comparisons as when it sorted pointers to removals: the same
  // order of removals with equal departures, so the same order of findings.
  std::vector<RemovalReach> by_departure = ByDeparture(removals);
  report.removals_checked = static_cast<int64_t>(removals.size());
  const CheckClaims packed(input.persons);
  const RemovalsInReadingOrder in_order = InReadingOrder(std::move(removals), by_departure, packed);
  for (const Order& o : orders) {
    if (o.forbids.empty() && o.notices.empty()) continue;
    ++report.orders_checked;
    const Window w = InForce(o, orders);
    const bool departures_only =
        o.notices.empty() && std::all_of(o.forbids.begin(), o.forbids.end(), [](const Forbidden& f) {
          return f.action == ForbiddenAction::kDeparture;
        });
    // Removals departing at or after the window's latest end cannot be reached.
    auto last = std::lower_bound(by_departure.begin(), by_departure.end(), w.end_latest,
                                 [](const RemovalReach& r, int64_t t) {
                                   return r.departure_earliest < t;
                                 });
    for (auto it = by_departure.begin(); it != last; ++it) {
      if (SurelyOutOfReach(*it, w, departures_only)) continue;
      const RemovalEvent& r = *it->removal;
      const std::span<const CheckClaim> claims =
          in_order.ClaimsOf(static_cast<size_t>(it - by_departure.begin()));
      CheckRemoval(o, w, r, claims, packed, sink);
      for (const NoticeRequirement& n : o.notices) CheckNotice(o, w, n, r, claims, packed, sink);
    }
  }
  return report;
}

std::vector<OrderCoverage> OrdersCovering(const std::vector<Order>& orders,
                                          const PersonTimeline& person) {
  std::vector<OrderCoverage> out;
  const CheckClaims packed(std::span<const PersonTimeline>(&person, 1));
  for (const Order& o : orders) {
    OrderCoverage c;
    c.order = &o;
    std::vector<const ResolvedClaim*> evidence;
    Eval ev{o, person, &c.trace, &c.open, &evidence, packed};
    c.in_scope = EvalScope(o, ev);
    if (c.in_scope == Tri::kNo) continue;
    c.in_force = InForce(o, orders).text;
    out.push_back(std::move(c));
  }
  return out;
}

nlohmann::json OrderCoverageJson(const OrderCoverage& c) {
  const Order& o = *c.order;
  std::vector<std::string> forbids;
  for (const Forbidden& f : o.forbids) {
    forbids.push_back(std::string(ForbiddenActionName(f.action)) +
                      (f.authority.empty() ? "" : " under \"" + f.authority + "\""));
  }
  return {{"order", o.name},
          {"court", o.court},
          {"case", o.case_number},
          {"title", o.title},
          {"issued", ValidTimeJson(o.issued)},
          {"in_force", c.in_force},
          {"forbids", forbids},
          {"in_scope", c.in_scope == Tri::kYes ? "yes" : "possible"},
          {"trace", c.trace},
          {"open", c.open},
          {"defined_at", o.file + ":" + std::to_string(o.line)}};
}

namespace {

// The "order_detail" object of a finding's order.
nlohmann::json OrderDetailJson(const Order& order, const std::vector<Order>& orders) {
  return {{"court", order.court},
          {"case", order.case_number},
          {"title", order.title},
          {"issued", ValidTimeJson(order.issued)},
          {"defined_at", order.file + ":" + std::to_string(order.line)},
          {"in_force", InForce(order, orders).text}};
}

// The order a finding names: the last of that name, as the rules file reads.
const Order* OrderNamed(const std::string& name, const std::vector<Order>& orders) {
  const Order* order = nullptr;
  for (const Order& o : orders) {
    if (o.name == name) order = &o;
  }
  return order;
}

nlohmann::json FindingJson(const OrderFinding& f, const nlohmann::json* order_detail) {
  nlohmann::json evidence = nlohmann::json::array();
  std::set<int64_t> seen;
  for (const ResolvedClaim* c : f.evidence) {
    if (seen.insert(c->claim.id).second) evidence.push_back(ClaimEvidenceJson(*c));
  }
  nlohmann::json j = {
      {"verdict", f.verdict == Tri::kYes ? "violation" : "possible"},
      {"finding", std::string(FindingKindName(f.kind))},
      {"order", f.order},
      {"person_id", FormatPersonId(f.person_id)},
      {"removal",
       {{"flight", f.removal.flight},
        {"departure", ValidTimeJson(f.removal.departure)},
        {"arrival", ValidTimeJson(f.removal.arrival)},
        {"authorities", f.removal.authorities}}},
      {"evidence", evidence},
      {"trace", f.trace},
      {"open", f.open}};
  if (f.person_id <= 0) j["person_id"] = "R" + std::to_string(-f.person_id);
  if (order_detail != nullptr) j["order_detail"] = *order_detail;
  return j;
}

}  // namespace

nlohmann::json OrderFindingJson(const OrderFinding& f, const std::vector<Order>& orders) {
  const Order* order = OrderNamed(f.order, orders);
  if (order == nullptr) return FindingJson(f, nullptr);
  const nlohmann::json detail = OrderDetailJson(*order, orders);
  return FindingJson(f, &detail);
}

nlohmann::json OrderReportJson(const OrderCheckReport& report, const std::vector<Order>& orders) {
  nlohmann::json findings = nlohmann::json::array();
  int64_t violations = 0, possible = 0;
  for (const OrderFinding& f : report.findings) {
    findings.push_back(OrderFindingJson(f, orders));
    (f.verdict == Tri::kYes ? violations : possible)++;
  }
  return {{"orders_checked", report.orders_checked},
          {"removals_checked", report.removals_checked},
          {"violations", violations},
          {"possible", possible},
          {"findings", findings}};
}

namespace {

// The report's text as dump(2) writes it, a finding at a time, handed to `emit` a chunk
// at a time.
class ReportText {
 public:
  using Emit = std::function<void(std::string&&)>;
  ReportText(const std::vector<Order>& orders, Emit emit) : emit_(std::move(emit)) {
    // A later order of the same name replaces an earlier one, as OrderNamed reads.
    for (const Order& o : orders) order_details_[o.name] = OrderDetailJson(o, orders).dump(2);
    // dump(2) of the report: its keys in nlohmann's order (alphabetical), "findings" first.
    text_ = "{\n  \"findings\": ";
  }

  // The finding as its dump(2) two levels deep.
  void Add(const OrderFinding& f) {
    constexpr size_t kChunk = 1 << 20;
    const auto detail = order_details_.find(f.order);
    text_ += violations_ + possible_ == 0 ? "[\n    " : ",\n    ";
    AppendFindingJson(f, detail == order_details_.end() ? std::string_view() : detail->second,
                      4, &text_);
    (f.verdict == Tri::kYes ? violations_ : possible_)++;
    if (text_.size() >= kChunk) {
      emit_(std::move(text_));
      text_ = std::string();
      text_.reserve(kChunk + (kChunk >> 2));
    }
  }

  void Finish(const OrderCheckReport& counts) {
    text_ += violations_ + possible_ == 0 ? "[]" : "\n  ]";
    text_ += ",\n  \"orders_checked\": " + std::to_string(counts.orders_checked) +
             ",\n  \"possible\": " + std::to_string(possible_) +
             ",\n  \"removals_checked\": " + std::to_string(counts.removals_checked) +
             ",\n  \"violations\": " + std::to_string(violations_) + "\n}";
    emit_(std::move(text_));
    text_ = std::string();
  }

 private:
  Emit emit_;
  std::map<std::string, std::string> order_details_;  // by order name, as dump(2) writes it
  std::string text_;                                  // not yet emitted
  int64_t violations_ = 0, possible_ = 0;
};

}  // namespace

// Three threads: the caller's checks, a second formats (ReportText), a third writes
// (BackgroundOutput). Findings pass to the formatting thread in batches (one lock per
// batch, not per finding); at most kMaxBatches wait, so a slow output holds the check
// back instead of filling memory.
struct OrderReportJsonWriter::Pipeline {
  static constexpr size_t kBatch = 256;
  static constexpr size_t kMaxBatches = 64;

  Pipeline(std::ostream& out, const std::vector<Order>& orders)
      : output(out),
        text(orders, [this](std::string&& chunk) { output.Write(std::move(chunk)); }),
        formatting(kMaxBatches, [this](std::vector<OrderFinding>& batch) {
          for (const OrderFinding& f : batch) text.Add(f);
        }) {}

  BackgroundOutput output;  // the chunks' writes, on a third thread
  ReportText text;          // only the formatting thread touches it until it is closed
  std::vector<OrderFinding> pending;  // the checking thread's batch being filled
  // The formatting thread; what it throws (invalid UTF-8, bad_alloc) Close rethrows.
  BackgroundWorker<std::vector<OrderFinding>> formatting;  // last: started once the rest is built
};

OrderReportJsonWriter::OrderReportJsonWriter(std::ostream& out, const std::vector<Order>& orders)
    : pipeline_(std::make_unique<Pipeline>(out, orders)) {}

OrderReportJsonWriter::~OrderReportJsonWriter() = default;  // the workers close themselves

void OrderReportJsonWriter::Add(OrderFinding&& finding) {
  pipeline_->pending.push_back(std::move(finding));
  if (pipeline_->pending.size() < Pipeline::kBatch) return;
  pipeline_->formatting.Push(std::move(pipeline_->pending));
  pipeline_->pending = {};
  pipeline_->pending.reserve(Pipeline::kBatch);
}

void OrderReportJsonWriter::Finish(const OrderCheckReport& counts) {
  if (!pipeline_->pending.empty()) pipeline_->formatting.Push(std::move(pipeline_->pending));
  pipeline_->formatting.Close();
  pipeline_->text.Finish(counts);
  pipeline_->output.Close();
}

void WriteOrderReportJson(std::ostream& out, const OrderCheckReport& report,
                          const std::vector<Order>& orders) {
  ReportText text(orders, [&out](std::string&& chunk) {
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  });
  for (const OrderFinding& f : report.findings) text.Add(f);
  text.Finish(report);
}

std::vector<ClaimKind> ClaimKindsOrdersRead() {
  std::vector<ClaimKind> kinds;
  for (int k = 0; k < kClaimKindCount; ++k) {
    const ClaimKind kind = static_cast<ClaimKind>(k);
    if (GroupOf(kind) == ClaimGroup::kCustody || GroupOf(kind) == ClaimGroup::kAttribute ||
        kind == ClaimKind::kDesignation || kind == ClaimKind::kNotice) {
      kinds.push_back(kind);
    }
  }
  return kinds;
}

Result<OrderCheckInput> LoadOrderCheckInput(Store& store, const TimelineContext& context,
                                            TimelineReading reading) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assignments, store.ListPersonRecords());
  std::map<int64_t, int64_t> person_of_record;
  std::map<int64_t, std::vector<int64_t>> records_of_person;
  for (const PersonRecord& pr : assignments) {
    person_of_record[pr.record_id] = pr.person_id;
    records_of_person[pr.person_id].push_back(pr.record_id);
  }
  // Persons typed by hand may have been merged since: follow merged_into.
  MergeFollower merges(store);
  // Unlinked records are their own provisional person, keyed by -record id.
  ClaimsByPerson by_person;
  Status status = Status::Ok();
  ClaimFilter filter;
  if (reading == TimelineReading::kForOrderCheck) filter.kinds = ClaimKindsOrdersRead();
  HABEAS_RETURN_IF_ERROR(store.ForEachClaim(filter, [&](Claim&& c) {
    int64_t key;
    if (c.record_id) {
      auto it = person_of_record.find(c.record_id);
      key = it == person_of_record.end() ? -c.record_id : it->second;
    } else {
      Result<int64_t> p = merges.Survivor(c.person_id);
      if (!p.ok()) {
        status = p.status();
        return false;
      }
      key = *p;
    }
    by_person.Add(key, ResolveClaim(std::move(c), context));
    return true;
  }));
  HABEAS_RETURN_IF_ERROR(status);
  std::map<int64_t, std::vector<ResolvedClaim>> claims_of = by_person.Take();
  std::set<int64_t> wanted;
  for (const auto& [key, claims] : claims_of) {
    if (key < 0) {
      wanted.insert(-key);
    } else {
      for (int64_t r : records_of_person[key]) wanted.insert(r);
    }
  }
  std::map<int64_t, std::vector<RecordData>> records;  // by person key
  if (!wanted.empty()) {
    RecordFilter all;
    all.after_id = *wanted.begin() - 1;
    HABEAS_RETURN_IF_ERROR(store.ForEachRecord(all, [&](const RecordData& r) {
      if (!wanted.count(r.id)) return r.id < *wanted.rbegin();
      auto it = person_of_record.find(r.id);
      records[it == person_of_record.end() ? -r.id : it->second].push_back(r);
      return r.id < *wanted.rbegin();
    }));
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  std::map<int64_t, std::string> batch_dates;
  for (const BatchInfo& b : batches) batch_dates[b.id] = b.received_date;
  OrderCheckInput input;
  input.persons.reserve(claims_of.size());
  for (auto& [key, claims] : claims_of) {
    input.persons.push_back(BuildPersonTimeline(
        key, FactsFromRecords(records[key], context.source_names, batch_dates), std::move(claims),
        reading == TimelineReading::kWhole ? TimelineParts::kAll : TimelineParts::kClaimsOnly));
  }
  return input;
}

Result<int64_t> StoreOrders(Store& store, const std::string& text, const std::string& file,
                            const std::string& by) {
  const size_t slash = file.find_last_of('/');
  const std::string base = slash == std::string::npos ? file : file.substr(slash + 1);
  HABEAS_ASSIGN_OR_RETURN(std::vector<Order> orders, ParseOrders(text, base));
  HABEAS_ASSIGN_OR_RETURN(std::vector<StoredOrder> stored, store.ListOrders());
  std::vector<std::string> known;
  for (const StoredOrder& s : stored) known.push_back(s.name);
  HABEAS_RETURN_IF_ERROR(CheckVacates(orders, known));
  TimelineWrite write;
  write.kind = TimelineWriteKind::kOrders;
  write.source = "orders";
  write.file_name = base;
  write.by = by;
  for (const Order& o : orders) {
    write.orders.push_back({0, 0, o.name, o.text, base, o.line});
  }
  return store.WriteTimeline(write);
}

Result<std::vector<Order>> LoadOrders(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<StoredOrder> stored, store.ListOrders());
  if (stored.empty()) return std::vector<Order>{};
  // Parsed together, so `vacates` may name an order of another file.
  std::string all;
  for (const StoredOrder& s : stored) all += s.text + "\n";
  HABEAS_ASSIGN_OR_RETURN(std::vector<Order> orders, ParseOrders(all, "stored orders"));
  HABEAS_RETURN_IF_ERROR(CheckVacates(orders, {}));
  for (Order& o : orders) {
    for (const StoredOrder& s : stored) {
      if (s.name == o.name) {
        o.file = s.file;
        o.line = static_cast<int>(s.line);
      }
    }
  }
  return orders;
}

}  // namespace habeas
