#include "habeas/timeline.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace habeas {
namespace {

TEST(ClaimKindTest, EveryKindRoundTripsThroughItsName) {
  std::set<std::string_view> names;
  for (int i = 0; i < kClaimKindCount; ++i) {
    const ClaimKind kind = static_cast<ClaimKind>(i);
    const std::string_view name = ClaimKindName(kind);
    EXPECT_NE(name, "?") << i;
    names.insert(name);
    const Result<ClaimKind> parsed = ParseClaimKind(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, kind) << name;
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kClaimKindCount)) << "names are unique";
}

TEST(ClaimKindTest, KindsBelongToTheirGroups) {
  const std::pair<ClaimKind, ClaimGroup> cases[] = {
      {ClaimKind::kArrest, ClaimGroup::kCustody},    {ClaimKind::kRemoval, ClaimGroup::kCustody},
      {ClaimKind::kDeath, ClaimGroup::kCustody},     {ClaimKind::kDesignation, ClaimGroup::kLegal},
      {ClaimKind::kHearing, ClaimGroup::kLegal},     {ClaimKind::kEvidence, ClaimGroup::kEvidence},
      {ClaimKind::kCounterEvidence, ClaimGroup::kEvidence},
      {ClaimKind::kAttribute, ClaimGroup::kAttribute},
  };
  for (const auto& [kind, group] : cases) {
    EXPECT_EQ(GroupOf(kind), group) << ClaimKindName(kind);
  }
  EXPECT_EQ(ClaimGroupName(ClaimGroup::kCustody), "custody");
  EXPECT_EQ(ClaimGroupName(ClaimGroup::kLegal), "legal");
  EXPECT_EQ(ClaimGroupName(ClaimGroup::kEvidence), "evidence");
  EXPECT_EQ(ClaimGroupName(ClaimGroup::kAttribute), "attribute");
}

TEST(ClaimKindTest, AnUnknownNameListsTheKindsThatExist) {
  for (std::string_view bad : {"", "Removal", "book-in", "removal "}) {
    const Result<ClaimKind> parsed = ParseClaimKind(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(parsed.status().message().rfind("\"" + std::string(bad) + "\" is not a claim kind "
                                              "(expected one of arrest, book_in, transfer, ",
                                              0),
              0u)
        << parsed.status().message();
  }
  EXPECT_NE(ParseClaimKind("x").status().message().find(", counter_evidence, attribute)"),
            std::string::npos);
}

TEST(TimePrecisionTest, NamesRoundTripAndUnknownNamesAreRefused) {
  const std::pair<TimePrecision, std::string_view> cases[] = {
      {TimePrecision::kUnknown, "unknown"}, {TimePrecision::kYear, "year"},
      {TimePrecision::kMonth, "month"},     {TimePrecision::kDay, "day"},
      {TimePrecision::kHour, "hour"},       {TimePrecision::kMinute, "minute"},
      {TimePrecision::kSecond, "second"},   {TimePrecision::kInterval, "interval"},
  };
  for (const auto& [precision, name] : cases) {
    EXPECT_EQ(TimePrecisionName(precision), name);
    const Result<TimePrecision> parsed = ParseTimePrecision(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(*parsed, precision);
  }
  const Result<TimePrecision> bad = ParseTimePrecision("days");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "\"days\" is not a time precision");
}

TEST(TimelineWriteKindTest, NamesAreStable) {
  EXPECT_EQ(TimelineWriteKindName(TimelineWriteKind::kEntities), "entities");
  EXPECT_EQ(TimelineWriteKindName(TimelineWriteKind::kClaims), "claims");
  EXPECT_EQ(TimelineWriteKindName(TimelineWriteKind::kListClaims), "list_claims");
  EXPECT_EQ(TimelineWriteKindName(TimelineWriteKind::kOrders), "orders");
  EXPECT_EQ(TimelineWriteKindName(TimelineWriteKind::kHandClaim), "hand_claim");
}

// Kleene's strong three-valued logic, the whole truth table.
TEST(TriTest, AndOrNotFollowKleenesTables) {
  constexpr Tri N = Tri::kNo, P = Tri::kPossible, Y = Tri::kYes;
  struct Row {
    Tri a, b, and_, or_;
  };
  const Row rows[] = {
      {N, N, N, N}, {N, P, N, P}, {N, Y, N, Y},  //
      {P, N, N, P}, {P, P, P, P}, {P, Y, P, Y},  //
      {Y, N, N, Y}, {Y, P, P, Y}, {Y, Y, Y, Y},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(TriName(r.a)) + " , " + std::string(TriName(r.b)));
    EXPECT_EQ(TriAnd(r.a, r.b), r.and_);
    EXPECT_EQ(TriOr(r.a, r.b), r.or_);
    // De Morgan holds in Kleene logic.
    EXPECT_EQ(TriNot(TriAnd(r.a, r.b)), TriOr(TriNot(r.a), TriNot(r.b)));
  }
  EXPECT_EQ(TriNot(N), Y);
  EXPECT_EQ(TriNot(P), P);
  EXPECT_EQ(TriNot(Y), N);
  EXPECT_EQ(TriName(N), "no");
  EXPECT_EQ(TriName(P), "possible");
  EXPECT_EQ(TriName(Y), "yes");
}

TEST(FlightLabelTest, CarrierAndNumberElseTheTail) {
  struct Case {
    std::string carrier, number, tail, label;
  };
  const Case cases[] = {
      {"GlobalX", "6143", "N278GX", "GlobalX 6143"},
      {"GlobalX", "", "N278GX", "GlobalX"},
      {"", "6143", "N278GX", "6143"},
      {"", "", "N278GX", "N278GX"},
      {"", "", "", ""},
  };
  for (const Case& c : cases) {
    Flight flight;
    flight.carrier = c.carrier;
    flight.number = c.number;
    flight.tail = c.tail;
    EXPECT_EQ(flight.Label(), c.label);
  }
}

}  // namespace
}  // namespace habeas
