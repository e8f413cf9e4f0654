#include "habeas/partial_date.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <vector>

#include "common/message_text.h"

namespace habeas {
namespace {

constexpr std::string_view kExpected =
    "expected YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD, YYYY-MM or YYYY";

constexpr std::array<std::string_view, 13> kMonthNamesEn = {
    "",     "January", "February",  "March",   "April",    "May",     "June",
    "July", "August",  "September", "October", "November", "December"};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 13> kDays = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m];
}

// Month number for an English or Spanish month name or abbreviation, else 0.
int MonthFromName(std::string_view word) {
  struct Name {
    std::string_view text;
    int month;
  };
  static constexpr Name kNames[] = {
      {"ene", 1},        {"enero", 1},     {"jan", 1},      {"january", 1},    {"feb", 2},
      {"febrero", 2},    {"february", 2},  {"mar", 3},      {"marzo", 3},      {"march", 3},
      {"abr", 4},        {"abril", 4},     {"apr", 4},      {"april", 4},      {"may", 5},
      {"mayo", 5},       {"jun", 6},       {"junio", 6},    {"june", 6},       {"jul", 7},
      {"julio", 7},      {"july", 7},      {"ago", 8},      {"agosto", 8},     {"aug", 8},
      {"august", 8},     {"sep", 9},       {"sept", 9},     {"septiembre", 9}, {"setiembre", 9},
      {"september", 9},  {"oct", 10},      {"octubre", 10}, {"october", 10},   {"nov", 11},
      {"noviembre", 11}, {"november", 11}, {"dic", 12},     {"diciembre", 12}, {"dec", 12},
      {"december", 12}};
  std::string lower;
  for (char c : word)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const Name& n : kNames) {
    if (n.text == lower) return n.month;
  }
  return 0;
}

struct Token {
  std::string_view text;
  bool numeric = false;
  int value = 0;  // numeric value, or month number for a month name
};

// At most four tokens are kept; a date never needs more than three.
class Tokens {
 public:
  void push_back(const Token& t) {
    if (size_ < kMax) items_[size_] = t;
    ++size_;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Token& operator[](size_t i) const { return items_[i]; }

 private:
  static constexpr size_t kMax = 4;
  std::array<Token, kMax> items_;
  size_t size_ = 0;
};

// Splits on '/', '-', '.', ',', spaces; drops the connectors "de", "del", "of".
bool Tokenize(std::string_view s, Tokens* tokens) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = s[i];
    if (c == '/' || c == '-' || c == '.' || c == ',' || c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    size_t j = i;
    Token t;
    if (std::isdigit(c)) {
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      t.text = s.substr(i, j - i);
      t.numeric = true;
      if (t.text.size() > 8) return false;
      std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.value);
    } else if (std::isalpha(c)) {
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
      t.text = s.substr(i, j - i);
      std::string lower;
      for (char ch : t.text)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      if (lower == "de" || lower == "del" || lower == "of") {
        i = j;
        continue;
      }
      t.value = MonthFromName(t.text);
      if (t.value == 0) return false;
    } else {
      return false;
    }
    tokens->push_back(t);
    i = j;
  }
  return !tokens->empty();
}

// Ten bytes, digits except for separators at 2 and 5 ("11/03/1994") or at 4 and 7
// ("1994-03-11"): split into three numeric tokens as Tokenize() would.
bool FixedWidthTokens(std::string_view s, Tokens* tokens) {
  if (s.size() != 10) return false;
  auto is_sep = [&](size_t i) { return s[i] == '/' || s[i] == '-' || s[i] == '.'; };
  size_t a, b;
  if (is_sep(2) && is_sep(5)) {
    a = 2;
    b = 5;
  } else if (is_sep(4) && is_sep(7)) {
    a = 4;
    b = 7;
  } else {
    return false;
  }
  int values[3] = {0, 0, 0};
  const size_t starts[3] = {0, a + 1, b + 1};
  const size_t ends[3] = {a, b, 10};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = starts[k]; i < ends[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      values[k] = values[k] * 10 + (s[i] - '0');
    }
  }
  for (int k = 0; k < 3; ++k) {
    Token t;
    t.text = s.substr(starts[k], ends[k] - starts[k]);
    t.numeric = true;
    t.value = values[k];
    tokens->push_back(t);
  }
  return true;
}

enum class Part { kDay, kMonth, kYear };

// Parses a format hint ("DD/MM/YYYY") into the order of its parts.
bool ParseFormat(std::string_view format, std::vector<Part>* parts, bool* compact) {
  *compact = format.find_first_of("/-. ") == std::string_view::npos;
  size_t i = 0;
  while (i < format.size()) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(format[i])));
    if (c == '/' || c == '-' || c == '.' || c == ' ') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < format.size() &&
           std::toupper(static_cast<unsigned char>(format[j])) == static_cast<unsigned char>(c)) {
      ++j;
    }
    const size_t run = j - i;
    if (c == 'D' && run <= 2) {
      parts->push_back(Part::kDay);
    } else if (c == 'M' && run <= 3) {
      parts->push_back(Part::kMonth);
    } else if (c == 'Y' && (run == 2 || run == 4)) {
      parts->push_back(Part::kYear);
    } else {
      return false;
    }
    i = j;
  }
  if (parts->empty() || parts->size() > 3) return false;
  int d = 0, m = 0, y = 0;
  for (Part p : *parts) (p == Part::kDay ? d : p == Part::kMonth ? m : y)++;
  if (d > 1 || m > 1 || y != 1) return false;
  if (d == 1 && m == 0) return false;
  return true;
}

int ExpandYear(const Token& t, const DateParseOptions& o) {
  if (t.text.size() == 2) {
    return t.value <= o.two_digit_year_pivot ? 2000 + t.value : 1900 + t.value;
  }
  return t.value;
}

bool LooksLikeYear(const Token& t) { return t.numeric && t.text.size() == 4; }

// Checks ranges; day 0 / month 0 mean "unknown" (as in "00/00/1990").
Status Validate(std::string_view text, int y, int m, int d, const DateParseOptions& o,
                PartialDate* out) {
  if (y < o.min_year || y > o.max_year) {
    return InvalidInput(Quote(text) + " is not a date (year " + std::to_string(y) + " is outside " +
                        std::to_string(o.min_year) + "–" + std::to_string(o.max_year) + ")");
  }
  if (m < 0 || m > 12) {
    return InvalidInput(Quote(text) + " is not a date (month " + std::to_string(m) +
                        " does not exist; " + std::string(kExpected) + ")");
  }
  if (m == 0 && d != 0) {
    return InvalidInput(Quote(text) + " is not a date (a day without a month)");
  }
  if (m != 0 && (d < 0 || d > DaysInMonth(y, m))) {
    return InvalidInput(Quote(text) + " is not a date (" + std::string(kMonthNamesEn[m]) + " " +
                        std::to_string(y) + " has " + std::to_string(DaysInMonth(y, m)) + " days)");
  }
  *out = PartialDate{y, m, d};
  return Status::Ok();
}

Result<ParsedDate> Make(std::string_view text, int y, int m, int d, const DateParseOptions& o) {
  ParsedDate r;
  HABEAS_RETURN_IF_ERROR(Validate(text, y, m, d, o, &r.date));
  return r;
}

// Reads `first` and `second` as day and month in the hint's order; with
// kSwapWhenImpossible, in the other order when the hint's gives no date.
Result<ParsedDate> HintedDayMonth(std::string_view text, int y, int first, int second,
                                  DayMonthOrder order, const DateParseOptions& o) {
  const bool day_first = order == DayMonthOrder::kDayFirst;
  Result<ParsedDate> hinted =
      day_first ? Make(text, y, second, first, o) : Make(text, y, first, second, o);
  if (hinted.ok() || o.hinted_order != HintedOrder::kSwapWhenImpossible) return hinted;
  Result<ParsedDate> swapped =
      day_first ? Make(text, y, first, second, o) : Make(text, y, second, first, o);
  if (!swapped.ok()) return hinted;
  swapped->order_swapped = true;
  return swapped;
}

// Reads three tokens as (a, b, year) where a/b are day/month in some order.
Result<ParsedDate> DayMonthYear(std::string_view text, const Token& a, const Token& b,
                                const Token& year_token, const DateParseOptions& o,
                                std::optional<DayMonthOrder> forced) {
  const int y = ExpandYear(year_token, o);
  // A month name settles the order.
  if (!a.numeric) return Make(text, y, a.value, b.value, o);
  if (!b.numeric) return Make(text, y, b.value, a.value, o);
  if (forced) return HintedDayMonth(text, y, a.value, b.value, *forced, o);
  // Only one reading is possible when one number exceeds 12.
  if (a.value > 12 && b.value <= 12) return Make(text, y, b.value, a.value, o);
  if (b.value > 12 && a.value <= 12) return Make(text, y, a.value, b.value, o);
  const bool day_first = o.default_order == DayMonthOrder::kDayFirst;
  Result<ParsedDate> chosen =
      day_first ? Make(text, y, b.value, a.value, o) : Make(text, y, a.value, b.value, o);
  if (!chosen.ok()) return chosen;
  if (a.value != b.value && a.value != 0 && b.value != 0) {
    Result<ParsedDate> other =
        day_first ? Make(text, y, a.value, b.value, o) : Make(text, y, b.value, a.value, o);
    if (other.ok()) {
      chosen->ambiguous = true;
      chosen->alternative = other->date;
    }
  }
  return chosen;
}

Result<ParsedDate> Compact(std::string_view text, const Token& t, const DateParseOptions& o,
                           const std::vector<Part>* parts) {
  const std::string_view s = t.text;
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    std::from_chars(s.data() + pos, s.data() + pos + len, v);
    return v;
  };
  if (s.size() == 4) return Make(text, t.value, 0, 0, o);
  if (s.size() == 6) {  // YYYYMM
    return Make(text, num(0, 4), num(4, 2), 0, o);
  }
  if (s.size() == 8) {
    if (parts != nullptr && parts->size() == 3 && (*parts)[2] == Part::kYear) {
      const int first = num(0, 2), second = num(2, 2), y = num(4, 4);
      return HintedDayMonth(
          text, y, first, second,
          (*parts)[0] == Part::kDay ? DayMonthOrder::kDayFirst : DayMonthOrder::kMonthFirst, o);
    }
    return Make(text, num(0, 4), num(4, 2), num(6, 2), o);
  }
  return InvalidInput(Quote(text) + " is not a date (" + std::string(kExpected) + ")");
}

}  // namespace

std::string PartialDate::ToIso() const {
  // Hand-formatted: this runs for every date of every imported row.
  char buf[10];
  size_t n = 0;
  auto digits = [&](int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[n + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    n += width;
  };
  digits(year < 0 ? 0 : year % 10000, 4);
  if (month != 0) {
    buf[n++] = '-';
    digits(month, 2);
    if (day != 0) {
      buf[n++] = '-';
      digits(day, 2);
    }
  }
  return std::string(buf, n);
}

Result<PartialDate> PartialDate::FromIso(std::string_view text) {
  DateParseOptions o;
  o.min_year = 0;
  o.max_year = 9999;
  const bool shape_ok = (text.size() == 4 || (text.size() == 7 && text[4] == '-') ||
                         (text.size() == 10 && text[4] == '-' && text[7] == '-'));
  if (!shape_ok) return InvalidInput(Quote(text) + " is not an ISO date (YYYY[-MM[-DD]])");
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(text[i]))) {
      return InvalidInput(Quote(text) + " is not an ISO date (YYYY[-MM[-DD]])");
    }
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    std::from_chars(text.data() + pos, text.data() + pos + len, v);
    return v;
  };
  PartialDate d;
  HABEAS_RETURN_IF_ERROR(Validate(text, num(0, 4), text.size() >= 7 ? num(5, 2) : 0,
                                  text.size() == 10 ? num(8, 2) : 0, o, &d));
  return d;
}

Status ValidateDateFormat(std::string_view format) {
  std::vector<Part> parts;
  bool compact = false;
  if (!ParseFormat(format, &parts, &compact)) {
    return InvalidInput("date format " + Quote(format) +
                        " is not understood (use e.g. DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD, "
                        "YYYYMMDD, YYYY-MM or YYYY)");
  }
  return Status::Ok();
}

Result<ParsedDate> ParseDate(std::string_view text, const DateParseOptions& o) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty()) return InvalidInput("empty date");
  // Spreadsheet exports append a midnight time: "1990-03-15 00:00:00", "1990-03-15T00:00".
  if (const size_t t = text.find_first_of("T "); t != std::string_view::npos && t >= 8) {
    const std::string_view rest = text.substr(t + 1);
    if (rest.size() >= 4 && rest.find(':') != std::string_view::npos &&
        rest.find_first_not_of("0123456789:.Z+-") == std::string_view::npos) {
      text = text.substr(0, t);
    }
  }

  // The hint is the same for every row of a column: parse it once per thread.
  thread_local std::string cached_format;
  thread_local std::vector<Part> cached_parts;
  thread_local bool cached_ok = false;
  const bool has_hint = !o.format.empty();
  if (has_hint && o.format != cached_format) {
    cached_format = o.format;
    cached_parts.clear();
    bool compact_hint = false;
    cached_ok = ParseFormat(o.format, &cached_parts, &compact_hint);
  }
  if (has_hint && !cached_ok) return ValidateDateFormat(o.format);
  const std::vector<Part>& parts = cached_parts;

  Tokens tokens;
  // Fast path for the two shapes most lists use, "DD/MM/YYYY" (or MM/DD) and
  // "YYYY-MM-DD": the same tokens Tokenize() would give, without the scan.
  if (!FixedWidthTokens(text, &tokens) && !Tokenize(text, &tokens)) {
    return InvalidInput(Quote(text) + " is not a date (" + std::string(kExpected) + ")");
  }
  const auto bad_shape = [&] {
    return InvalidInput(
        Quote(text) + " is not a date (" +
        (has_hint ? "expected " + o.format + " as the mapping says" : std::string(kExpected)) +
        ")");
  };

  if (tokens.size() == 1) {
    if (!tokens[0].numeric) return bad_shape();
    return Compact(text, tokens[0], o, has_hint ? &parts : nullptr);
  }
  if (tokens.size() == 2) {
    // YYYY-MM, MM/YYYY, "mar 1990".
    const Token& a = tokens[0];
    const Token& b = tokens[1];
    if (LooksLikeYear(a)) return Make(text, a.value, b.value, 0, o);
    if (LooksLikeYear(b)) return Make(text, b.value, a.value, 0, o);
    return bad_shape();
  }
  if (tokens.size() == 3) {
    const Token& a = tokens[0];
    const Token& b = tokens[1];
    const Token& c = tokens[2];
    if (LooksLikeYear(a)) {
      if (!c.numeric) return bad_shape();
      return Make(text, a.value, b.value, c.value, o);  // YYYY-MM-DD, "1990 mar 15"
    }
    const bool c_is_year = c.numeric && (c.text.size() == 4 || c.text.size() == 2);
    if (!c_is_year || (!a.numeric && !b.numeric)) return bad_shape();
    std::optional<DayMonthOrder> forced;
    if (has_hint && parts.size() == 3 && parts[2] == Part::kYear) {
      forced = parts[0] == Part::kDay ? DayMonthOrder::kDayFirst : DayMonthOrder::kMonthFirst;
    }
    return DayMonthYear(text, a, b, c, o, forced);
  }
  return bad_shape();
}

}  // namespace habeas
