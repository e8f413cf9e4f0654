#include "server/sessions.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>

namespace habeas::server {
namespace {

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now_; }
  void AdvanceMinutes(int64_t minutes) { now_ += minutes * 60 * 1000000; }
  void AdvanceMicros(int64_t micros) { now_ += micros; }

 private:
  std::atomic<int64_t> now_{1'700'000'000'000'000};
};

TEST(SessionTableTest, StartThenFindReturnsTheSessionWithACsrfToken) {
  ManualClock clock;
  SessionTable table(&clock);
  const std::string id = table.Start("ana", Role::kAnalyst);
  EXPECT_GE(id.size(), 40u);  // 32 random bytes, base64
  const auto session = table.Find(id);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->user, "ana");
  EXPECT_EQ(session->role, Role::kAnalyst);
  EXPECT_GE(session->csrf_token.size(), 30u);
  EXPECT_NE(session->csrf_token, id);
  EXPECT_EQ(session->last_used_micros, clock.NowMicros());
}

TEST(SessionTableTest, IdsAndCsrfTokensAreNeverRepeated) {
  ManualClock clock;
  SessionTable table(&clock);
  std::set<std::string> ids, tokens;
  for (int i = 0; i < 200; ++i) {
    const std::string id = table.Start("u", Role::kReviewer);
    ids.insert(id);
    tokens.insert(table.Find(id)->csrf_token);
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_EQ(tokens.size(), 200u);
}

TEST(SessionTableTest, UnknownEmptyAndOverlongIdsFindNothing) {
  ManualClock clock;
  SessionTable table(&clock);
  const std::string id = table.Start("ana", Role::kAdmin);
  EXPECT_FALSE(table.Find("").has_value());
  EXPECT_FALSE(table.Find("not-a-session").has_value());
  EXPECT_FALSE(table.Find(id + "x").has_value());
  EXPECT_FALSE(table.Find(std::string(101, 'a')).has_value());
  EXPECT_TRUE(table.Find(id).has_value());
}

TEST(SessionTableTest, ExpiresAfterIdleMinutesAndUseRefreshesIt) {
  ManualClock clock;
  SessionTable table(&clock, /*idle_minutes=*/30);
  const std::string id = table.Start("rev", Role::kReviewer);
  // Exactly the idle time is still alive (the limit is "more than").
  clock.AdvanceMinutes(30);
  ASSERT_TRUE(table.Find(id).has_value());
  // Use refreshed it: another 30 minutes from now is still fine.
  clock.AdvanceMinutes(30);
  ASSERT_TRUE(table.Find(id).has_value());
  // One microsecond past the idle time ends it, for good.
  clock.AdvanceMinutes(30);
  clock.AdvanceMicros(1);
  EXPECT_FALSE(table.Find(id).has_value());
  clock.AdvanceMicros(-31 * 60 * 1000000LL);
  EXPECT_FALSE(table.Find(id).has_value()) << "an expired session is removed, not hidden";
}

TEST(SessionTableTest, EndRemovesOneSessionAndEndAllOfEveryOneOfAUser) {
  ManualClock clock;
  SessionTable table(&clock);
  const std::string a1 = table.Start("ana", Role::kAnalyst);
  const std::string a2 = table.Start("ana", Role::kAnalyst);
  const std::string b = table.Start("bea", Role::kReviewer);
  table.End(a1);
  EXPECT_FALSE(table.Find(a1).has_value());
  EXPECT_TRUE(table.Find(a2).has_value());
  table.End("no-such-session");  // harmless
  table.EndAllOf("ana");
  EXPECT_FALSE(table.Find(a2).has_value());
  EXPECT_TRUE(table.Find(b).has_value());
}

TEST(SessionTableTest, WhenFullTheLeastRecentlyUsedSessionIsDropped) {
  ManualClock clock;
  SessionTable table(&clock, /*idle_minutes=*/120, /*max_sessions=*/3);
  const std::string first = table.Start("a", Role::kReviewer);
  clock.AdvanceMinutes(1);
  const std::string second = table.Start("b", Role::kReviewer);
  clock.AdvanceMinutes(1);
  const std::string third = table.Start("c", Role::kReviewer);
  clock.AdvanceMinutes(1);
  // Using the first makes the second the least recently used.
  ASSERT_TRUE(table.Find(first).has_value());
  clock.AdvanceMinutes(1);
  const std::string fourth = table.Start("d", Role::kReviewer);
  EXPECT_TRUE(table.Find(first).has_value());
  EXPECT_FALSE(table.Find(second).has_value());
  EXPECT_TRUE(table.Find(third).has_value());
  EXPECT_TRUE(table.Find(fourth).has_value());
}

}  // namespace
}  // namespace habeas::server
