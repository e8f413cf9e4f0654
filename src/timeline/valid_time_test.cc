#include "habeas/timeline.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

std::string Utc(int64_t s) { return FormatUtcSeconds(s); }

TEST(ValidTimeTest, MinuteInNewYorkDaylightTimeIsStoredInUtc) {
  auto t = ParseValidTime("2025-03-15 17:45", "America/New_York");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(Utc(t->earliest), "2025-03-15T21:45:00Z");  // EDT = UTC-4 (DST since 9 March)
  EXPECT_EQ(Utc(t->latest), "2025-03-15T21:45:59Z");
  EXPECT_EQ(t->precision, TimePrecision::kMinute);
  EXPECT_EQ(t->time_zone, "America/New_York");
  EXPECT_EQ(t->text, "2025-03-15 17:45");
}

TEST(ValidTimeTest, StandardTimeBeforeTheSwitch) {
  auto t = ParseValidTime("2025-03-08T12:00", "America/New_York");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Utc(t->earliest), "2025-03-08T17:00:00Z");  // EST = UTC-5
}

TEST(ValidTimeTest, DayIsTheLocalDay) {
  auto t = ParseValidTime("15/03/2025", "America/New_York");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->precision, TimePrecision::kDay);
  EXPECT_EQ(Utc(t->earliest), "2025-03-15T04:00:00Z");
  EXPECT_EQ(Utc(t->latest), "2025-03-16T03:59:59Z");
}

TEST(ValidTimeTest, MonthAndYearPrecision) {
  auto m = ParseValidTime("2025-03", "UTC");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->precision, TimePrecision::kMonth);
  EXPECT_EQ(Utc(m->earliest), "2025-03-01T00:00:00Z");
  EXPECT_EQ(Utc(m->latest), "2025-03-31T23:59:59Z");
  auto y = ParseValidTime("2024", "");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(Utc(y->latest), "2024-12-31T23:59:59Z");
}

TEST(ValidTimeTest, HourAndSecondPrecision) {
  auto h = ParseValidTime("2025-03-15T18", "-04:00");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->precision, TimePrecision::kHour);
  EXPECT_EQ(Utc(h->earliest), "2025-03-15T22:00:00Z");
  EXPECT_EQ(Utc(h->latest), "2025-03-15T22:59:59Z");
  auto s = ParseValidTime("2025-03-15 18:47:30", "-04:00");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->precision, TimePrecision::kSecond);
  EXPECT_EQ(s->earliest, s->latest);
}

TEST(ValidTimeTest, OffsetSuffixOverridesTheZone) {
  auto t = ParseValidTime("2025-03-16T00:10-06:00", "America/New_York");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Utc(t->earliest), "2025-03-16T06:10:00Z");
  auto z = ParseValidTime("2025-03-16T04:10Z", "America/New_York");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(Utc(z->earliest), "2025-03-16T04:10:00Z");
  EXPECT_EQ(z->time_zone, "UTC");
}

TEST(ValidTimeTest, IntervalForAMinuteNotConfirmed) {
  auto t = ParseValidTime("2025-03-15T19:27/2025-03-15T23:59", "America/New_York");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->precision, TimePrecision::kInterval);
  EXPECT_EQ(Utc(t->earliest), "2025-03-15T23:27:00Z");
  EXPECT_EQ(Utc(t->latest), "2025-03-16T03:59:59Z");
}

TEST(ValidTimeTest, ElSalvadorHasNoDaylightTime) {
  auto t = ParseValidTime("2025-03-16", "America/El_Salvador");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Utc(t->earliest), "2025-03-16T06:00:00Z");
}

TEST(ValidTimeTest, FormatsLocalTime) {
  auto t = ParseValidTime("2025-03-15 17:45", "America/New_York");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatLocal(t->earliest, "America/New_York"), "2025-03-15 17:45");
  EXPECT_EQ(FormatLocal(t->earliest, "UTC"), "2025-03-15 21:45");
}

TEST(ValidTimeTest, ErrorsSayWhatWasExpected) {
  struct Case {
    const char* text;
    const char* zone;
    const char* message;
  };
  const Case cases[] = {
      {"", "UTC", "empty time (expected e.g. 2025-03-15 17:45)"},
      {"2025-03-15 25:00", "UTC",
       "\"2025-03-15 25:00\": \"25:00\" is not a time of day (expected HH:MM or HH:MM:SS, 24-hour)"},
      {"2025-03 17:45", "UTC", "\"2025-03 17:45\": a time of day needs a full date"},
      {"03/04/2025", "UTC",
       "\"03/04/2025\": the date reads as 2025-04-03 or 2025-03-04; write it as YYYY-MM-DD"},
      {"2025-03-15", "Mars/Olympus",
       "time zone \"Mars/Olympus\" is not known (expected an IANA zone such as America/New_York, "
       "an offset such as -04:00, or UTC)"},
      {"2025-03-16/2025-03-15", "UTC", "\"2025-03-16/2025-03-15\": the interval ends before it starts"},
  };
  for (const Case& c : cases) {
    auto t = ParseValidTime(c.text, c.zone);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().message(), c.message) << c.text;
  }
}

TEST(TriTest, ThreeValuedLogic) {
  EXPECT_EQ(TriAnd(Tri::kYes, Tri::kPossible), Tri::kPossible);
  EXPECT_EQ(TriAnd(Tri::kNo, Tri::kPossible), Tri::kNo);
  EXPECT_EQ(TriOr(Tri::kNo, Tri::kPossible), Tri::kPossible);
  EXPECT_EQ(TriOr(Tri::kYes, Tri::kPossible), Tri::kYes);
  EXPECT_EQ(TriNot(Tri::kPossible), Tri::kPossible);
}

}  // namespace
}  // namespace habeas
