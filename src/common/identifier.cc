#include "habeas/identifier.h"

#include <algorithm>

namespace habeas {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsPartialIdentifier(std::string_view stored) {
  return stored.find(kHiddenDigit) != std::string_view::npos;
}

std::string IdentifierDigits(std::string_view stored) {
  std::string out;
  if (IsPartialIdentifier(stored)) return out;
  for (char c : stored) {
    if (!IsDigit(c) || (out.empty() && c == '0')) continue;
    out.push_back(c);
  }
  return out;
}

std::string VisibleIdentifierTail(std::string_view stored) {
  const size_t last_hidden = stored.rfind(kHiddenDigit);
  std::string out;
  if (last_hidden == std::string_view::npos) return out;
  for (char c : stored.substr(last_hidden + 1)) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

TailAgreement CompareIdentifierTails(std::string_view tail, std::string_view other) {
  if (tail.empty() || other.empty()) return TailAgreement::kMissing;
  const size_t n = std::min(tail.size(), other.size());
  return tail.substr(tail.size() - n) == other.substr(other.size() - n) ? TailAgreement::kAgree
                                                                        : TailAgreement::kDisagree;
}

}  // namespace habeas
