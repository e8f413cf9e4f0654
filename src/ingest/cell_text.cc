#include "ingest/cell_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace habeas::ingest {
namespace {

// The first of a code's sections ("pos;neg;zero;text"): the one positive numbers use.
std::string_view FirstSection(std::string_view code) {
  bool quoted = false;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '"') quoted = !quoted;
    if (code[i] == '\\') ++i;
    if (code[i] == ';' && !quoted) return code.substr(0, i);
  }
  return code;
}

// The code's format letters, lower case, without quoted text, escapes and [..] parts
// (colours, locales, conditions), except the elapsed-time brackets [h] [m] [s].
std::string FormatLetters(std::string_view section) {
  std::string out;
  for (size_t i = 0; i < section.size(); ++i) {
    const char c = section[i];
    if (c == '"') {
      const size_t end = section.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped literal, a space the width of the next char, a fill char
    } else if (c == '[') {
      const size_t end = section.find(']', i + 1);
      if (end == std::string_view::npos) break;
      const std::string_view inner = section.substr(i + 1, end - i - 1);
      if (inner.find_first_not_of("hHmMsS") == std::string_view::npos) out += "h";
      i = end;
    } else {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return out;
}

NumberFormat DateFormatOf(const std::string& letters) {
  const bool date = letters.find_first_of("dy") != std::string::npos ||
                    (letters.find('m') != std::string::npos &&
                     letters.find_first_of("hs") == std::string::npos);
  const bool time = letters.find_first_of("hs") != std::string::npos;
  NumberFormat f;
  f.kind = date && time ? NumberFormatKind::kDateTime
           : date       ? NumberFormatKind::kDate
                        : NumberFormatKind::kTime;
  return f;
}

// "00000000", "0.00", "\"A-\"000000000": digits placeholders with literal text around
// them; nullopt for anything else (grouping, percent, exponents, fractions, text).
std::optional<NumberFormat> DigitsFormatOf(std::string_view section) {
  NumberFormat f;
  f.kind = NumberFormatKind::kDigits;
  bool in_number = false, after_number = false, after_point = false;
  for (size_t i = 0; i < section.size(); ++i) {
    const char c = section[i];
    std::string* literal = in_number || after_number ? &f.suffix : &f.prefix;
    if (c == '0' || c == '#' || c == '?' || (c == '.' && in_number && !after_point)) {
      if (after_number) return std::nullopt;
      in_number = true;
      if (c == '.') after_point = true;
      if (c == '0') ++(after_point ? f.decimals : f.integer_digits);
      if (c != '0' && c != '.' && after_point) ++f.decimals;
      continue;
    }
    if (in_number) after_number = true;
    if (c == '"') {
      const size_t end = section.find('"', i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      literal->append(section.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '\\' && i + 1 < section.size()) {
      literal->push_back(section[++i]);
    } else if (c == '[') {  // a colour or a condition: nothing shown
      const size_t end = section.find(']', i + 1);
      if (end == std::string_view::npos) return std::nullopt;
      i = end;
    } else if (c == '-' || c == ' ' || c == '(' || c == ')' || c == '/' || c == ':') {
      literal->push_back(c);
    } else {
      return std::nullopt;
    }
  }
  if (!in_number) return std::nullopt;
  return f;
}

bool IsGeneral(std::string_view code) {
  if (code.size() != 7) return code.empty() || code == "@";
  for (size_t i = 0; i < 7; ++i) {
    if ((code[i] | 0x20) != "general"[i]) return false;
  }
  return true;
}

std::optional<double> ParseNumber(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

bool IsInteger(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = static_cast<int>(yoe + era * 400 + (*month <= 2 ? 1 : 0));
}

// Serial day 0 as days since 1970-01-01: 1899-12-30 in the 1900 system (past the
// phantom 1900-02-29), 1904-01-01 in the 1904 system.
constexpr int64_t kEpoch1900 = -25569;
constexpr int64_t kEpoch1904 = -24107;
constexpr double kLastSerial1900 = 2958465;  // 9999-12-31

std::string GeneralNumber(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e21) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 0);
    return std::string(buf, r.ptr);
  }
  const auto fmt = std::fabs(v) >= 1e-6 && std::fabs(v) < 1e21 ? std::chars_format::fixed
                                                                 : std::chars_format::general;
  const auto r = std::to_chars(buf, buf + sizeof buf, v, fmt);
  return std::string(buf, r.ptr);
}

std::string DigitsNumber(double v, const NumberFormat& f) {
  char buf[400];
  // Excel rounds halves away from zero (to_chars would round 2.5 to even, 2).
  const double scale = std::pow(10.0, f.decimals);
  const double rounded = std::round(std::fabs(v) * scale) / scale;
  const auto r = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed,
                               f.decimals);
  std::string digits(buf, r.ptr);
  if (digits == "0" && f.integer_digits == 0 && f.decimals == 0) digits.clear();
  const size_t point = digits.find('.');
  const size_t integer = point == std::string::npos ? digits.size() : point;
  if (integer < static_cast<size_t>(f.integer_digits)) {
    digits.insert(0, static_cast<size_t>(f.integer_digits) - integer, '0');
  }
  if (f.integer_digits == 0 && digits.rfind("0.", 0) == 0) digits.erase(0, 1);
  return (v < 0 ? "-" : "") + f.prefix + digits + f.suffix;
}

}  // namespace

NumberFormat ClassifyNumberFormat(int id, std::string_view code) {
  NumberFormat f;
  if (code.empty()) {
    if ((id >= 14 && id <= 17)) f.kind = NumberFormatKind::kDate;
    if (id == 22) f.kind = NumberFormatKind::kDateTime;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) f.kind = NumberFormatKind::kTime;
    if (id == 1) f = *DigitsFormatOf("0");
    if (id == 2) f = *DigitsFormatOf("0.00");
    return f;
  }
  const std::string_view section = FirstSection(code);
  if (IsGeneral(section)) return f;
  const std::string letters = FormatLetters(section);
  if (letters.find_first_of("dmyhs") != std::string::npos) return DateFormatOf(letters);
  return DigitsFormatOf(section).value_or(f);
}

std::optional<std::string> SerialToIso(double serial, DateSystem system, NumberFormatKind kind) {
  if (!(serial >= 0) || serial > kLastSerial1900) return std::nullopt;
  int64_t days = static_cast<int64_t>(std::floor(serial));
  int64_t seconds = std::llround((serial - static_cast<double>(days)) * 86400.0);
  if (seconds == 86400) {
    ++days;
    seconds = 0;
  }
  char buf[32];
  if (kind == NumberFormatKind::kTime) {
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    return std::string(buf);
  }
  int year = 0, month = 0, day = 0;
  if (system == DateSystem::k1904) {
    CivilFromDays(kEpoch1904 + days, &year, &month, &day);
  } else if (days == 0) {
    return std::nullopt;  // Excel shows 1900-01-00: no date
  } else if (days == 60) {
    year = 1900, month = 2, day = 29;
  } else {
    CivilFromDays(kEpoch1900 + days + (days < 60 ? 1 : 0), &year, &month, &day);
  }
  if (year > 9999) return std::nullopt;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  std::string out(buf);
  if (kind == NumberFormatKind::kDateTime && seconds != 0) {
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    out += buf;
  }
  return out;
}

std::string FormatNumberCell(std::string_view value, const NumberFormat& format,
                             DateSystem system) {
  std::string out;
  FormatNumberCellInto(value, format, system, &out);
  return out;
}

void FormatNumberCellInto(std::string_view value, const NumberFormat& format, DateSystem system,
                          std::string* out) {
  if (format.kind == NumberFormatKind::kGeneral && IsInteger(value)) {
    out->assign(value);
    return;
  }
  const std::optional<double> v = ParseNumber(value);
  if (!v) {
    out->assign(value);
    return;
  }
  switch (format.kind) {
    case NumberFormatKind::kDigits:
      out->assign(DigitsNumber(*v, format));
      return;
    case NumberFormatKind::kDate:
    case NumberFormatKind::kDateTime:
    case NumberFormatKind::kTime:
      if (auto iso = SerialToIso(*v, system, format.kind)) {
        out->assign(*iso);
        return;
      }
      break;
    case NumberFormatKind::kGeneral:
      break;
  }
  out->assign(GeneralNumber(*v));
}

}  // namespace habeas::ingest
