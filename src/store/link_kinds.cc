// The names of the linkage tables' kinds (habeas/store.h): one table per enum, in
// the enum's order, read both ways.
#include <array>
#include <string>
#include <string_view>

#include "habeas/store.h"

namespace habeas {
namespace {

constexpr std::array<std::string_view, 2> kLinkEdgeKindNames = {"model", "decision"};
constexpr std::array<std::string_view, 4> kPersonEventKindNames = {"create", "merge", "split",
                                                                   "move"};
constexpr std::array<std::string_view, 2> kReviewDecisionNames = {"same", "distinct"};

// "a, b or c": the names a message offers.
template <size_t N>
std::string Alternatives(const std::array<std::string_view, N>& names) {
  std::string out;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += names[i];
  }
  return out;
}

template <typename Kind, size_t N>
Result<Kind> ParseName(std::string_view name, const std::array<std::string_view, N>& names,
                       std::string_view what) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Kind>(i);
  }
  return InvalidInput("\"" + std::string(name) + "\" is not a " + std::string(what) +
                      " (expected " + Alternatives(names) + ")");
}

}  // namespace

std::string_view PersonStatusName(PersonStatus status) {
  switch (status) {
    case PersonStatus::kActive: return "active";
    case PersonStatus::kMerged: return "merged";
    case PersonStatus::kEmpty: return "empty";
  }
  return "?";
}

std::string_view LinkEdgeKindName(LinkEdgeKind kind) {
  return kLinkEdgeKindNames[static_cast<size_t>(kind)];
}
Result<LinkEdgeKind> ParseLinkEdgeKind(std::string_view name) {
  return ParseName<LinkEdgeKind>(name, kLinkEdgeKindNames, "link edge kind");
}

std::string_view PersonEventKindName(PersonEventKind kind) {
  return kPersonEventKindNames[static_cast<size_t>(kind)];
}
Result<PersonEventKind> ParsePersonEventKind(std::string_view name) {
  return ParseName<PersonEventKind>(name, kPersonEventKindNames, "person event kind");
}

std::string_view ReviewDecisionName(ReviewDecision decision) {
  return kReviewDecisionNames[static_cast<size_t>(decision)];
}
Result<ReviewDecision> ParseReviewDecision(std::string_view name) {
  return ParseName<ReviewDecision>(name, kReviewDecisionNames, "review decision");
}

}  // namespace habeas
