// Partial dates and the one date parser used everywhere in Habeas.
//
// Lists give birth dates as "15/03/1990", "03/15/1990", "1990-03-15", "19900315",
// "1990", "03/1990" or "15 mar 1990". A date may be known only to the year or the
// month. When a text could be read two ways ("03/04/1990": 3 April or 4 March) the
// parser does not guess silently: it returns the reading it chose (the format hint,
// else day-first, the Venezuelan convention), the other reading, and ambiguous=true.
//
//   DateParseOptions options;
//   options.format = "DD/MM/YYYY";            // optional hint from the mapping
//   Result<ParsedDate> d = ParseDate("03/04/1990", options);
//   d->date.ToIso();  // "1990-04-03"
//
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas {

// A calendar date known to the year, the month or the day. month and day are 0
// when unknown; day != 0 implies month != 0.
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;

  bool has_month() const { return month != 0; }
  bool has_day() const { return day != 0; }

  // "1990", "1990-03" or "1990-03-15".
  std::string ToIso() const;
  // Parses exactly the ToIso() forms.
  static Result<PartialDate> FromIso(std::string_view text);

  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

// Order of day and month in a numeric date with separators.
enum class DayMonthOrder { kDayFirst, kMonthFirst };

// What to do when a format hint's day/month order gives no date but the other order
// does ("25/12/1990" under "MM/DD/YYYY"): lists mix conventions row by row.
enum class HintedOrder {
  kStrict,              // the hint's order or nothing: an error
  kSwapWhenImpossible,  // read the other order and say so (ParsedDate::order_swapped)
};

struct DateParseOptions {
  // Format hint from a mapping file, e.g. "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD",
  // "YYYYMMDD", "YYYY", "YYYY-MM", "MM/YYYY"; separators '/', '-', '.' and ' ' are
  // interchangeable. Empty: detect.
  std::string format;
  HintedOrder hinted_order = HintedOrder::kStrict;
  // Reading chosen for an ambiguous date when no format is given.
  DayMonthOrder default_order = DayMonthOrder::kDayFirst;
  // Two-digit years: yy <= pivot is 20yy, else 19yy.
  int two_digit_year_pivot = 25;
  // Years outside [min_year, max_year] are rejected.
  int min_year = 1850;
  int max_year = 2100;
};

struct ParsedDate {
  PartialDate date;
  // True when the text also reads as `alternative` (day and month both <= 12 and
  // different, with no format hint).
  bool ambiguous = false;
  std::optional<PartialDate> alternative;
  // True when the hint's day/month order gave no date and the other order was read
  // (only with HintedOrder::kSwapWhenImpossible).
  bool order_swapped = false;
};

// Validates that a format hint is one ParseDate understands.
Status ValidateDateFormat(std::string_view format);

// Parses `text` (surrounding spaces ignored). An empty text is an error; callers
// treat empty fields as missing before calling. Errors are kInvalidInput with a
// message such as: "31/02/1990" is not a date (February has 29 days at most).
Result<ParsedDate> ParseDate(std::string_view text, const DateParseOptions& options = {});

}  // namespace habeas
