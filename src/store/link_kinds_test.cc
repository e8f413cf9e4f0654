// The names of the linkage kinds (habeas/store.h): each name read back as its kind,
// and anything else refused with the names it could have been.
#include <gtest/gtest.h>

#include "habeas/store.h"

namespace habeas {
namespace {

TEST(LinkKinds, EdgeKindsRoundTrip) {
  for (LinkEdgeKind kind : {LinkEdgeKind::kModel, LinkEdgeKind::kDecision}) {
    Result<LinkEdgeKind> back = ParseLinkEdgeKind(LinkEdgeKindName(kind));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, kind);
  }
  EXPECT_EQ(LinkEdgeKindName(LinkEdgeKind::kModel), "model");
  EXPECT_EQ(LinkEdgeKindName(LinkEdgeKind::kDecision), "decision");
}

TEST(LinkKinds, PersonEventKindsRoundTrip) {
  const std::pair<PersonEventKind, std::string_view> kinds[] = {
      {PersonEventKind::kCreate, "create"},
      {PersonEventKind::kMerge, "merge"},
      {PersonEventKind::kSplit, "split"},
      {PersonEventKind::kMove, "move"}};
  for (const auto& [kind, name] : kinds) {
    EXPECT_EQ(PersonEventKindName(kind), name);
    Result<PersonEventKind> back = ParsePersonEventKind(name);
    ASSERT_TRUE(back.ok()) << name;
    EXPECT_EQ(*back, kind);
  }
}

TEST(LinkKinds, ReviewDecisionsRoundTrip) {
  EXPECT_EQ(ReviewDecisionName(ReviewDecision::kSame), "same");
  EXPECT_EQ(ReviewDecisionName(ReviewDecision::kDistinct), "distinct");
  EXPECT_EQ(*ParseReviewDecision("same"), ReviewDecision::kSame);
  EXPECT_EQ(*ParseReviewDecision("distinct"), ReviewDecision::kDistinct);
}

TEST(LinkKinds, UnknownNamesAreRefusedWithTheAlternatives) {
  Result<LinkEdgeKind> edge = ParseLinkEdgeKind("guess");
  ASSERT_FALSE(edge.ok());
  EXPECT_EQ(edge.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(edge.status().message(),
            "\"guess\" is not a link edge kind (expected model or decision)");

  Result<PersonEventKind> event = ParsePersonEventKind("Merge");  // names are exact
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.status().message(),
            "\"Merge\" is not a person event kind (expected create, merge, split or move)");

  Result<ReviewDecision> decision = ParseReviewDecision("");
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.status().message(),
            "\"\" is not a review decision (expected same or distinct)");
}

}  // namespace
}  // namespace habeas
