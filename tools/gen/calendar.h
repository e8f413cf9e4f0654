// Civil dates for the generator: birth dates, report dates, ages.
//
// Proleptic Gregorian, no time zones (the generator only needs days). Conversions
// use Howard Hinnant's days_from_civil algorithm, integer-only, so output is
// identical everywhere.
//
//   Date birth = DateFromDays(DaysFromDate({1994, 7, 3}) + 10);
//   int age = AgeOn(birth, kReferenceDate);   // age on 2025-03-15
//   std::string text = FormatIso(birth);      // "1994-07-13"
//
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <string>

namespace habeas::gen {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  friend bool operator==(const Date&, const Date&) = default;
};

// The departure date of the March 2025 flights; ages are computed on this day.
inline constexpr Date kReferenceDate{2025, 3, 15};

int64_t DaysFromDate(Date date);
Date DateFromDays(int64_t days);
int DaysInMonth(int year, int month);
int AgeOn(Date birth, Date on);

std::string FormatIso(Date date);                     // YYYY-MM-DD
std::string FormatIsoYearMonth(Date date);            // YYYY-MM
std::string FormatDayMonthYear(Date date, char sep);  // DD/MM/YYYY
std::string FormatMonthDayYear(Date date, char sep);  // MM/DD/YYYY

// Zero-padded decimal of at least `width` digits, e.g. PadNumber(42, 3) == "042".
std::string PadNumber(uint64_t value, int width);

}  // namespace habeas::gen
