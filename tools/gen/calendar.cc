#include "calendar.h"

namespace habeas::gen {

int64_t DaysFromDate(Date date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (date.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date DateFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int AgeOn(Date birth, Date on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

std::string PadNumber(uint64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) {
    digits.insert(0, static_cast<size_t>(width) - digits.size(), '0');
  }
  return digits;
}

std::string FormatIso(Date date) {
  return PadNumber(static_cast<uint64_t>(date.year), 4) + "-" + PadNumber(date.month, 2) + "-" +
         PadNumber(date.day, 2);
}

std::string FormatIsoYearMonth(Date date) {
  return PadNumber(static_cast<uint64_t>(date.year), 4) + "-" + PadNumber(date.month, 2);
}

std::string FormatDayMonthYear(Date date, char sep) {
  return PadNumber(date.day, 2) + sep + PadNumber(date.month, 2) + sep +
         PadNumber(static_cast<uint64_t>(date.year), 4);
}

std::string FormatMonthDayYear(Date date, char sep) {
  return PadNumber(date.month, 2) + sep + PadNumber(date.day, 2) + sep +
         PadNumber(static_cast<uint64_t>(date.year), 4);
}

}  // namespace habeas::gen
