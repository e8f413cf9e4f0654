// What CheckOrders' rules read of each claim, packed: a person's claims side by side in
// one array of small entries, the strings the rules compare held once as ids. Internal
// to src/orders (docs/timeline.md, "check orders").
//
// Why: a ResolvedClaim is ~600 bytes (strings, source row, facility and flight), and a
// rule walks every claim of the person for each removal it tests (~390k evaluations on
// the bench's store). Read through the whole claims, each step was a cache miss (perf
// annotate: most of EvalExpr's and EvalAuthority's samples on one load of a claim
// field); read here, a person's claims fill a few cache lines. The whole claim is still
// what a finding points to (`claim`), read only for evidence and trace text.
//
//   const CheckClaims packed(input.persons);
//   for (const CheckClaim& c : packed.Of(person)) {
//     if (c.kind == ClaimKind::kAttribute && c.item == packed.ids().Find("nationality")) ...
//   }
//
// Borrows the timelines: they must outlive it and not move. Immutable once built, so
// safe to read from several threads.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "habeas/timeline_view.h"

namespace habeas {

// Strings as small ids: equal strings, equal ids. Id 0 is the empty string.
class StringIds {
 public:
  using Id = uint32_t;
  // The id no string has: what Find answers for a string never interned, so comparing
  // it with a claim's id is false, as comparing the strings would be.
  static constexpr Id kAbsent = UINT32_MAX;

  StringIds();
  Id Intern(std::string_view text);
  Id Find(std::string_view text) const;
  const std::string& Text(Id id) const { return texts_[id]; }

 private:
  std::deque<std::string> texts_;  // a deque: its strings never move, so views stay valid
  std::unordered_map<std::string_view, Id> ids_;  // views into texts_
};

// One claim as the rules read it. Ids are set only for the kinds whose fields a rule
// reads (item and value of an attribute; authority and source of a removal or a
// designation); elsewhere they are 0.
struct CheckClaim {
  int64_t earliest = 0;  // the resolved valid time (ResolvedClaim::when)
  int64_t latest = 0;
  const ResolvedClaim* claim = nullptr;  // the whole claim
  StringIds::Id item = 0;
  StringIds::Id value = 0;
  StringIds::Id authority = 0;
  StringIds::Id source = 0;  // claim.source.source
  ClaimKind kind = ClaimKind::kArrest;
  bool known = false;  // when.known()
};

class CheckClaims {
 public:
  // Packs every claim of every person, in each person's order.
  explicit CheckClaims(std::span<const PersonTimeline> persons);

  // The claims of `person`, one of those given, in the order of person.claims.
  std::span<const CheckClaim> Of(const PersonTimeline& person) const;
  // The packed form of `claim`, one of person.claims.
  const CheckClaim& Of(const PersonTimeline& person, const ResolvedClaim* claim) const {
    return Of(person)[static_cast<size_t>(claim - person.claims.data())];
  }
  const StringIds& ids() const { return ids_; }

 private:
  const PersonTimeline* first_ = nullptr;
  std::vector<CheckClaim> claims_;
  std::vector<size_t> start_;  // person i's claims: claims_[start_[i], start_[i + 1])
  StringIds ids_;
};

}  // namespace habeas
