#include "habeas/clock.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

namespace habeas {
namespace {

constexpr int64_t kSecond = 1000000;

TEST(FormatIsoUtc, TheEpochAndKnownInstants) {
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00Z");
  // 2025-03-15T21:25:00Z = 1742073900 s (date -u -d 2025-03-15T21:25:00Z +%s).
  EXPECT_EQ(FormatIsoUtc(1742073900 * kSecond), "2025-03-15T21:25:00Z");
  // A leap day: 2024-02-29T12:00:00Z = 1709208000 s.
  EXPECT_EQ(FormatIsoUtc(1709208000 * kSecond), "2024-02-29T12:00:00Z");
}

TEST(FormatIsoUtc, KeepsSecondsAndDropsTheFraction) {
  EXPECT_EQ(FormatIsoUtc(59 * kSecond + 999999), "1970-01-01T00:00:59Z");
  EXPECT_EQ(FormatIsoUtc(60 * kSecond), "1970-01-01T00:01:00Z");
}

TEST(FormatIsoUtc, InstantsBeforeTheEpochBelongToTheSecondBefore) {
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIsoUtc(-kSecond), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatIsoUtc(-kSecond - 1), "1969-12-31T23:59:58Z");
}

TEST(FixedClock, ReturnsItsInstantEveryTime) {
  const FixedClock clock(1742073900 * kSecond);
  EXPECT_EQ(clock.NowMicros(), 1742073900 * kSecond);
  EXPECT_EQ(clock.NowMicros(), clock.NowMicros());
  EXPECT_EQ(clock.NowIso(), "2025-03-15T21:25:00Z");
}

TEST(SystemClock, IsOneProcessWideClockThatMovesForward) {
  const Clock& clock = Clock::System();
  EXPECT_EQ(&clock, &Clock::System());
  const int64_t first = clock.NowMicros();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const int64_t second = clock.NowMicros();
  EXPECT_GT(second, first);
  // After 2020-01-01 (1577836800 s) and before 2100 (4102444800 s).
  EXPECT_GT(first, 1577836800 * kSecond);
  EXPECT_LT(first, 4102444800 * kSecond);
  EXPECT_TRUE(std::regex_match(clock.NowIso(),
                               std::regex(R"(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

}  // namespace
}  // namespace habeas
