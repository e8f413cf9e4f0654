#include "orders/check_claims.h"

namespace habeas {

StringIds::StringIds() { Intern(""); }

StringIds::Id StringIds::Intern(std::string_view text) {
  const auto it = ids_.find(text);
  if (it != ids_.end()) return it->second;
  const Id id = static_cast<Id>(texts_.size());
  ids_.emplace(texts_.emplace_back(text), id);
  return id;
}

StringIds::Id StringIds::Find(std::string_view text) const {
  const auto it = ids_.find(text);
  return it == ids_.end() ? kAbsent : it->second;
}

namespace {

CheckClaim Pack(const ResolvedClaim& c, StringIds& ids) {
  CheckClaim p;
  p.earliest = c.when.earliest;
  p.latest = c.when.latest;
  p.claim = &c;
  p.kind = c.claim.kind;
  p.known = c.when.known();
  if (c.claim.kind == ClaimKind::kAttribute) {
    p.item = ids.Intern(c.claim.item);
    p.value = ids.Intern(c.claim.value);
  } else if (c.claim.kind == ClaimKind::kRemoval || c.claim.kind == ClaimKind::kDesignation) {
    p.authority = ids.Intern(c.claim.authority);
    p.source = ids.Intern(c.claim.source.source);
  }
  return p;
}

}  // namespace

CheckClaims::CheckClaims(std::span<const PersonTimeline> persons)
    : first_(persons.empty() ? nullptr : persons.data()) {
  size_t total = 0;
  for (const PersonTimeline& p : persons) total += p.claims.size();
  claims_.reserve(total);
  start_.reserve(persons.size() + 1);
  for (const PersonTimeline& p : persons) {
    start_.push_back(claims_.size());
    for (const ResolvedClaim& c : p.claims) claims_.push_back(Pack(c, ids_));
  }
  start_.push_back(claims_.size());
}

std::span<const CheckClaim> CheckClaims::Of(const PersonTimeline& person) const {
  const size_t i = static_cast<size_t>(&person - first_);
  return std::span<const CheckClaim>(claims_.data() + start_[i], start_[i + 1] - start_[i]);
}

}  // namespace habeas
