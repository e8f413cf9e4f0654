// What a spreadsheet shows in a numeric cell, as text: the value stored in the file
// (a double written as text: "12345678", "1.5", "33239") read through the cell's
// number format. Dates become ISO text for the one date parser (habeas/partial_date.h);
// identifiers keep the leading zeros their format shows; integers never get an
// exponent.
//
//   NumberFormat f = ClassifyNumberFormat(164, "00000000");   // kDigits, 8 digits
//   FormatNumberCell("1234567", f, DateSystem::k1900);         // "01234567"
//   FormatNumberCell("33239", ClassifyNumberFormat(14, ""), DateSystem::k1900);
//                                                               // "1991-01-01"
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace habeas::ingest {

// Which day serial number 0 means: workbook.xml's <workbookPr date1904="1"/> says 1904.
enum class DateSystem { k1900, k1904 };

enum class NumberFormatKind {
  kGeneral,   // the number as stored: integers in full, never with an exponent
  kDigits,    // "00000000", "0.00", "\"A\"000000000": zero-padded, fixed decimals, literals
  kDate,      // shown as YYYY-MM-DD
  kDateTime,  // YYYY-MM-DD HH:MM:SS (YYYY-MM-DD at midnight)
  kTime,      // HH:MM:SS
};

struct NumberFormat {
  NumberFormatKind kind = NumberFormatKind::kGeneral;
  int integer_digits = 0;  // kDigits: at least this many digits before the point
  int decimals = 0;        // kDigits: exactly this many after it
  std::string prefix;      // kDigits: literal text around the number
  std::string suffix;
};

// `id` is the style's numFmtId; `code` its formatCode from styles.xml (empty for a
// built-in). Built-ins 14–17 are dates, 22 date and time, 18–21 and 45–47 times, 1 and
// 2 digits; custom codes with d/m/y tokens (outside quoted text, escapes and [..])
// are dates, with h/s times. Anything else (grouping, percent, exponent, fractions)
// shows as kGeneral.
NumberFormat ClassifyNumberFormat(int id, std::string_view code);

// The ISO date (and time) of a day serial number; nullopt outside 1900-01-01 (1904-01-01)
// – 9999-12-31. Serial 60 of the 1900 system is "1900-02-29", the day Lotus 1-2-3 (and
// Excel after it) counts though it never was: the date parser then reports it as not a
// date rather than shifting it by a day.
std::optional<std::string> SerialToIso(double serial, DateSystem system, NumberFormatKind kind);

// The text shown for a numeric cell whose stored value is `value` (text not a number:
// returned unchanged).
std::string FormatNumberCell(std::string_view value, const NumberFormat& format,
                             DateSystem system);
// The same into *out (replacing its content, reusing its buffer: no allocation per
// cell once the buffer is grown).
void FormatNumberCellInto(std::string_view value, const NumberFormat& format, DateSystem system,
                          std::string* out);

}  // namespace habeas::ingest
