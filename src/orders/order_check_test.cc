#include "habeas/orders.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

Claim At(int64_t id, ClaimKind kind, const char* at, const char* source = "s") {
  Claim c;
  c.id = id;
  c.kind = kind;
  c.record_id = 1;
  c.source.source = source;
  if (at[0]) c.valid = *ParseValidTime(at, "America/New_York");
  return c;
}

PersonTimeline Person(std::vector<Claim> claims, const char* birth = "1990-01-01") {
  PersonFacts facts;
  facts.nationalities = {{"VE", 1, "list"}};
  facts.birth_dates = {{birth, 1, "list"}};
  facts.a_numbers = {{"111111111", 1, "list"}};
  return BuildPersonTimeline(1, facts, std::move(claims), TimelineContext{});
}

Result<OrderCheckReport> Check(const char* rules, std::vector<PersonTimeline> persons,
                               std::vector<Order>* keep) {
  HABEAS_ASSIGN_OR_RETURN(*keep, ParseOrders(rules, "t.rules"));
  OrderCheckInput input;
  input.persons = std::move(persons);
  static OrderCheckInput held;
  held = std::move(input);
  return CheckOrders(*keep, held);
}

TEST(OrderCheckTest, NoticeTooShortAndInTheWrongLanguage) {
  Claim removal = At(1, ClaimKind::kRemoval, "2025-04-20 10:00");
  removal.authority = "aea";
  Claim notice = At(2, ClaimKind::kNotice, "2025-04-19 20:00");
  notice.language = "en";
  Claim reads = At(3, ClaimKind::kAttribute, "");
  reads.item = "reads";
  reads.value = "es";
  std::vector<Order> orders;
  auto report = Check(R"(order n { issued "2025-04-07" effective until further order
      scope class nationality = "VE"
      requires notice at least 24 hours before removal under "aea"
      requires notice in a language the person reads })",
                      {Person({removal, notice, reads})}, &orders);
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->findings.size(), 2u);
  EXPECT_EQ(report->findings[0].kind, FindingKind::kNoticeTooShort);
  EXPECT_EQ(report->findings[0].verdict, Tri::kYes);
  EXPECT_EQ(report->findings[1].kind, FindingKind::kNoticeLanguage);
  EXPECT_EQ(report->findings[1].verdict, Tri::kYes);
}

TEST(OrderCheckTest, NoticeKnownOnlyToTheDayIsPossible) {
  Claim removal = At(1, ClaimKind::kRemoval, "2025-04-20 10:00");
  Claim notice = At(2, ClaimKind::kNotice, "2025-04-19");  // 10 to 34 hours before
  std::vector<Order> orders;
  auto report = Check(R"(order n { issued "2025-04-07" scope class nationality = "VE"
      requires notice at least 24 hours before removal })",
                      {Person({removal, notice})}, &orders);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(report->findings[0].verdict, Tri::kPossible);
}

TEST(OrderCheckTest, VacaturEndsTheOrder) {
  Claim before = At(1, ClaimKind::kRemoval, "2025-03-20 10:00");
  Claim after = At(2, ClaimKind::kRemoval, "2025-04-10 10:00");
  after.flight = "X";
  std::vector<Order> orders;
  auto report = Check(R"(order a { issued "2025-03-15" effective for 60 days
      scope named a_number "111111111" forbids departure }
      order v { issued "2025-04-07" vacates a })",
                      {Person({before, after})}, &orders);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->findings.size(), 1u);
  EXPECT_EQ(FormatUtcSeconds(report->findings[0].removal.departure.earliest),
            "2025-03-20T14:00:00Z");
}

TEST(OrderCheckTest, DepartureBeforeTheOrderIsNotForbiddenDeparture) {
  Claim removal = At(1, ClaimKind::kRemoval, "2025-03-15 17:45");
  std::vector<Order> orders;
  auto report = Check(R"(order a { issued "2025-03-15 18:47" in "America/New_York"
      scope named a_number "111111111" forbids departure })",
                      {Person({removal})}, &orders);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->findings.empty());
}

}  // namespace
}  // namespace habeas
