// Valid times: dates and times as sources write them, in their time zone, turned
// into an interval of UTC seconds (docs/timeline.md, "Valid time").
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cstdio>
#include <memory>
#include <string>

#include "habeas/partial_date.h"
#include "habeas/timeline.h"

namespace habeas {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yy + (*m <= 2));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "+05:30", "-04:00", "-0400", "Z": seconds east of UTC.
std::optional<int64_t> ParseOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  std::string digits;
  for (char c : s.substr(1)) {
    if (c != ':') digits += c;
  }
  if (!AllDigits(digits) || (digits.size() != 2 && digits.size() != 4)) return std::nullopt;
  const int h = std::stoi(digits.substr(0, 2));
  const int m = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  if (h > 14 || m > 59) return std::nullopt;
  const int64_t off = h * 3600 + m * 60;
  return s[0] == '-' ? -off : off;
}

// A zone: a fixed offset or an ICU time zone (DST aware).
class Zone {
 public:
  static Result<Zone> Make(std::string_view name) {
    Zone z;
    const std::string_view n = Trim(name);
    if (n.empty() || n == "UTC" || n == "Z" || n == "GMT") return z;
    if (auto off = ParseOffset(n)) {
      z.fixed_ = *off;
      return z;
    }
    z.icu_.reset(icu::TimeZone::createTimeZone(
        icu::UnicodeString::fromUTF8(icu::StringPiece(n.data(), static_cast<int32_t>(n.size())))));
    icu::UnicodeString id;
    if (!z.icu_ || z.icu_->getID(id) == icu::UnicodeString("Etc/Unknown")) {
      return InvalidInput("time zone \"" + std::string(n) +
                          "\" is not known (expected an IANA zone such as America/New_York, an "
                          "offset such as -04:00, or UTC)");
    }
    return z;
  }

  // UTC seconds of a local wall-clock time given as seconds since the local epoch.
  int64_t ToUtc(int64_t local) const {
    if (!icu_) return local - fixed_;
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    icu_->getOffset(static_cast<UDate>(local) * 1000.0, true, raw, dst, status);
    if (U_FAILURE(status)) return local;
    return local - (raw + dst) / 1000;
  }

  int64_t OffsetAt(int64_t utc) const {
    if (!icu_) return fixed_;
    UErrorCode status = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    icu_->getOffset(static_cast<UDate>(utc) * 1000.0, false, raw, dst, status);
    if (U_FAILURE(status)) return 0;
    return (raw + dst) / 1000;
  }

 private:
  int64_t fixed_ = 0;
  std::shared_ptr<icu::TimeZone> icu_;
};

struct ClockTime {
  int hour = 0, minute = 0, second = 0;
  TimePrecision precision = TimePrecision::kDay;
};

// "17", "17:45", "17:45:30" (after a 'T' or a space).
Result<ClockTime> ParseClock(std::string_view s, std::string_view whole) {
  ClockTime t;
  auto bad = [&] {
    return InvalidInput("\"" + std::string(whole) + "\": \"" + std::string(s) +
                        "\" is not a time of day (expected HH:MM or HH:MM:SS, 24-hour)");
  };
  size_t pos = 0;
  int parts[3] = {0, 0, 0};
  int n = 0;
  while (pos <= s.size() && n < 3) {
    size_t colon = s.find(':', pos);
    std::string_view part = s.substr(pos, colon == std::string_view::npos ? s.npos : colon - pos);
    if (!AllDigits(part) || part.size() > 2) return bad();
    parts[n++] = std::stoi(std::string(part));
    if (colon == std::string_view::npos) break;
    pos = colon + 1;
    if (pos >= s.size()) return bad();
  }
  if (s.find(':', pos) != std::string_view::npos) return bad();
  t.hour = parts[0];
  t.minute = parts[1];
  t.second = parts[2];
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return bad();
  t.precision = n == 1 ? TimePrecision::kHour : n == 2 ? TimePrecision::kMinute : TimePrecision::kSecond;
  return t;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// One instant or span without '/': date, optional clock time, optional offset.
Result<ValidTime> ParseOne(std::string_view text, const Zone& default_zone,
                           std::string_view zone_name, std::string_view whole) {
  std::string_view s = Trim(text);
  std::optional<Zone> own_zone;
  std::string own_zone_name;
  // An offset suffix after a time: "...T17:45Z", "... 17:45-04:00".
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    if (s.back() == 'Z' || s.back() == 'z') {
      own_zone = Zone();
      own_zone_name = "UTC";
      s = Trim(s.substr(0, s.size() - 1));
    } else {
      const size_t sign = s.find_last_of("+-");
      if (sign != std::string_view::npos && sign > colon) {
        if (auto off = ParseOffset(s.substr(sign))) {
          HABEAS_ASSIGN_OR_RETURN(Zone z, Zone::Make(s.substr(sign)));
          own_zone = z;
          own_zone_name = std::string(s.substr(sign));
          (void)off;
          s = Trim(s.substr(0, sign));
        }
      }
    }
  }
  // Split the clock time off: after 'T' in an ISO date, or the last space-separated
  // token when it contains ':'.
  std::string_view date_part = s, clock_part;
  const size_t t = s.find_first_of("Tt");
  if (t != std::string_view::npos && t >= 4 && AllDigits(s.substr(0, 4))) {
    date_part = s.substr(0, t);
    clock_part = s.substr(t + 1);
  } else if (const size_t sp = s.find_last_of(' '); sp != std::string_view::npos &&
                                                    s.substr(sp + 1).find(':') != s.npos) {
    date_part = Trim(s.substr(0, sp));
    clock_part = s.substr(sp + 1);
  }
  DateParseOptions options;
  options.min_year = 1900;
  Result<ParsedDate> date = ParseDate(date_part, options);
  if (!date.ok()) {
    return InvalidInput("\"" + std::string(whole) + "\": " + date.status().message());
  }
  if (date->ambiguous) {
    return InvalidInput("\"" + std::string(whole) + "\": the date reads as " +
                        date->date.ToIso() + " or " + date->alternative->ToIso() +
                        "; write it as YYYY-MM-DD");
  }
  const PartialDate& d = date->date;
  ClockTime clock;
  if (!clock_part.empty()) {
    if (!d.has_day()) {
      return InvalidInput("\"" + std::string(whole) + "\": a time of day needs a full date");
    }
    HABEAS_ASSIGN_OR_RETURN(clock, ParseClock(clock_part, whole));
  }
  const Zone& zone = own_zone ? *own_zone : default_zone;
  ValidTime v;
  v.text = std::string(whole);
  v.time_zone = own_zone ? own_zone_name : std::string(zone_name.empty() ? "UTC" : zone_name);
  int64_t local_start = 0, local_end = 0;  // [start, end) in local seconds
  if (!d.has_month()) {
    local_start = DaysFromCivil(d.year, 1, 1) * kSecondsPerDay;
    local_end = DaysFromCivil(d.year + 1, 1, 1) * kSecondsPerDay;
    v.precision = TimePrecision::kYear;
  } else if (!d.has_day()) {
    local_start = DaysFromCivil(d.year, d.month, 1) * kSecondsPerDay;
    local_end = local_start + DaysInMonth(d.year, d.month) * kSecondsPerDay;
    v.precision = TimePrecision::kMonth;
  } else {
    const int64_t day = DaysFromCivil(d.year, d.month, d.day) * kSecondsPerDay;
    v.precision = clock_part.empty() ? TimePrecision::kDay : clock.precision;
    local_start = day + clock.hour * 3600 + clock.minute * 60 + clock.second;
    const int64_t span = v.precision == TimePrecision::kDay      ? kSecondsPerDay
                         : v.precision == TimePrecision::kHour   ? 3600
                         : v.precision == TimePrecision::kMinute ? 60
                                                                 : 1;
    local_end = local_start + span;
  }
  v.earliest = zone.ToUtc(local_start);
  v.latest = zone.ToUtc(local_end) - 1;
  return v;
}

}  // namespace

Result<ValidTime> ParseValidTime(std::string_view text, std::string_view time_zone) {
  const std::string_view s = Trim(text);
  if (s.empty()) return InvalidInput("empty time (expected e.g. 2025-03-15 17:45)");
  HABEAS_ASSIGN_OR_RETURN(Zone zone, Zone::Make(time_zone));
  // "A/B": an interval, when A is an ISO date (so "15/03/2025" stays a date).
  const size_t slash = s.find('/');
  if (slash != std::string_view::npos && slash >= 4 && AllDigits(s.substr(0, 4))) {
    HABEAS_ASSIGN_OR_RETURN(ValidTime a, ParseOne(s.substr(0, slash), zone, time_zone, s));
    HABEAS_ASSIGN_OR_RETURN(ValidTime b, ParseOne(s.substr(slash + 1), zone, time_zone, s));
    if (b.latest < a.earliest) {
      return InvalidInput("\"" + std::string(s) + "\": the interval ends before it starts");
    }
    a.latest = b.latest;
    a.precision = TimePrecision::kInterval;
    return a;
  }
  return ParseOne(s, zone, time_zone, s);
}

std::string FormatUtcSeconds(int64_t seconds) {
  if (seconds <= ValidTime::kMin) return "-inf";
  if (seconds >= ValidTime::kMax) return "+inf";
  int64_t days = seconds / kSecondsPerDay;
  int64_t rem = seconds % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    --days;
  }
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  const int hour = static_cast<int>(rem / 3600), minute = static_cast<int>(rem / 60 % 60),
            second = static_cast<int>(rem % 60);
  if (y < 0 || y > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hour, minute, second);
    return buf;
  }
  // The same text as the snprintf above, digit by digit: order checks format millions.
  std::string out = "0000-00-00T00:00:00Z";
  auto put = [&out](size_t at, int value, int digits) {
    for (size_t i = at + digits; i > at; value /= 10) out[--i] = static_cast<char>('0' + value % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  put(11, hour, 2);
  put(14, minute, 2);
  put(17, second, 2);
  return out;
}

std::string FormatLocal(int64_t seconds, std::string_view time_zone) {
  if (seconds <= ValidTime::kMin || seconds >= ValidTime::kMax) return FormatUtcSeconds(seconds);
  Result<Zone> zone = Zone::Make(time_zone);
  const int64_t local = seconds + (zone.ok() ? zone->OffsetAt(seconds) : 0);
  std::string utc = FormatUtcSeconds(local);  // "YYYY-MM-DDTHH:MM:SSZ"
  return utc.substr(0, 10) + " " + utc.substr(11, 5);
}

std::string ValidTime::Describe() const {
  if (!known()) return "time unknown";
  const std::string zone = time_zone.empty() ? "UTC" : time_zone;
  std::string out = "\"" + text + "\" " + zone + " = ";
  if (exact_to_minute()) {
    out += FormatUtcSeconds(earliest);
  } else {
    out += FormatUtcSeconds(earliest) + " .. " + FormatUtcSeconds(latest);
  }
  out += " (" + std::string(TimePrecisionName(precision)) + ")";
  return out;
}

}  // namespace habeas
