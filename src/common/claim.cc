// Names of claim kinds, precisions and write kinds; three-valued logic.
#include <array>
#include <string>

#include "habeas/timeline.h"

namespace habeas {
namespace {

struct KindInfo {
  ClaimKind kind;
  std::string_view name;
  ClaimGroup group;
};

constexpr std::array<KindInfo, kClaimKindCount> kKinds = {{
    {ClaimKind::kArrest, "arrest", ClaimGroup::kCustody},
    {ClaimKind::kBookIn, "book_in", ClaimGroup::kCustody},
    {ClaimKind::kTransfer, "transfer", ClaimGroup::kCustody},
    {ClaimKind::kRemoval, "removal", ClaimGroup::kCustody},
    {ClaimKind::kArrival, "arrival", ClaimGroup::kCustody},
    {ClaimKind::kRelease, "release", ClaimGroup::kCustody},
    {ClaimKind::kRepatriation, "repatriation", ClaimGroup::kCustody},
    {ClaimKind::kDeath, "death", ClaimGroup::kCustody},
    {ClaimKind::kDesignation, "designation", ClaimGroup::kLegal},
    {ClaimKind::kNotice, "notice", ClaimGroup::kLegal},
    {ClaimKind::kCharge, "charge", ClaimGroup::kLegal},
    {ClaimKind::kConviction, "conviction", ClaimGroup::kLegal},
    {ClaimKind::kPetition, "petition", ClaimGroup::kLegal},
    {ClaimKind::kHearing, "hearing", ClaimGroup::kLegal},
    {ClaimKind::kEvidence, "evidence", ClaimGroup::kEvidence},
    {ClaimKind::kCounterEvidence, "counter_evidence", ClaimGroup::kEvidence},
    {ClaimKind::kAttribute, "attribute", ClaimGroup::kAttribute},
}};

constexpr std::array<std::string_view, 8> kPrecisions = {
    "unknown", "year", "month", "day", "hour", "minute", "second", "interval"};

}  // namespace

std::string_view ClaimKindName(ClaimKind kind) {
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

Result<ClaimKind> ParseClaimKind(std::string_view name) {
  for (const KindInfo& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  std::string all;
  for (const KindInfo& k : kKinds) all += (all.empty() ? "" : ", ") + std::string(k.name);
  return InvalidInput("\"" + std::string(name) + "\" is not a claim kind (expected one of " + all +
                      ")");
}

ClaimGroup GroupOf(ClaimKind kind) {
  for (const KindInfo& k : kKinds) {
    if (k.kind == kind) return k.group;
  }
  return ClaimGroup::kAttribute;
}

std::string_view ClaimGroupName(ClaimGroup group) {
  switch (group) {
    case ClaimGroup::kCustody: return "custody";
    case ClaimGroup::kLegal: return "legal";
    case ClaimGroup::kEvidence: return "evidence";
    case ClaimGroup::kAttribute: return "attribute";
  }
  return "?";
}

std::string_view TimePrecisionName(TimePrecision p) { return kPrecisions[static_cast<int>(p)]; }

Result<TimePrecision> ParseTimePrecision(std::string_view name) {
  for (size_t i = 0; i < kPrecisions.size(); ++i) {
    if (kPrecisions[i] == name) return static_cast<TimePrecision>(i);
  }
  return InvalidInput("\"" + std::string(name) + "\" is not a time precision");
}

std::string_view TimelineWriteKindName(TimelineWriteKind kind) {
  switch (kind) {
    case TimelineWriteKind::kEntities: return "entities";
    case TimelineWriteKind::kClaims: return "claims";
    case TimelineWriteKind::kListClaims: return "list_claims";
    case TimelineWriteKind::kOrders: return "orders";
    case TimelineWriteKind::kHandClaim: return "hand_claim";
  }
  return "?";
}

std::string_view TriName(Tri t) {
  return t == Tri::kYes ? "yes" : t == Tri::kNo ? "no" : "possible";
}
Tri TriAnd(Tri a, Tri b) {
  if (a == Tri::kNo || b == Tri::kNo) return Tri::kNo;
  if (a == Tri::kYes && b == Tri::kYes) return Tri::kYes;
  return Tri::kPossible;
}
Tri TriOr(Tri a, Tri b) {
  if (a == Tri::kYes || b == Tri::kYes) return Tri::kYes;
  if (a == Tri::kNo && b == Tri::kNo) return Tri::kNo;
  return Tri::kPossible;
}
Tri TriNot(Tri a) {
  return a == Tri::kYes ? Tri::kNo : a == Tri::kNo ? Tri::kYes : Tri::kPossible;
}

std::string Flight::Label() const {
  std::string s = carrier;
  if (!number.empty()) s += (s.empty() ? "" : " ") + number;
  if (s.empty()) s = tail;
  return s;
}

}  // namespace habeas
