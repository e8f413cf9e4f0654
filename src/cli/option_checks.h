// CLI11 validators for numeric options. A value out of range is a usage error (exit 2)
// whose message names the option (CLI11 prefixes it) and the range:
//   --iterations: 0 is out of range: expected an integer from 1 to 1000000000
// Used by every numeric option of every command (docs/cli.md "Options").
#pragma once

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <system_error>
#include <vector>

#include "habeas/ingest.h"

namespace habeas::cli {

// A decimal integer: an optional sign and digits, nothing else, that fits in T. (CLI11's
// own conversion turns "99999999999999999999" into the largest value, and "-1" into
// 2^64 - 1 for an unsigned option, without a word: both would change the answer.)
template <typename T>
bool ParseDecimal(const std::string& input, T* value) {
  const char* begin = input.data();
  const char* end = begin + input.size();
  if (begin != end && *begin == '+') ++begin;
  if (begin == end) return false;
  const auto [stop, error] = std::from_chars(begin, end, *value);
  return error == std::errc() && stop == end;
}

// An integer in [min, max].
inline CLI::Validator IntegerIn(int64_t min, int64_t max) {
  return CLI::Validator(
      [min, max](std::string& input) -> std::string {
        int64_t value = 0;
        if (!ParseDecimal(input, &value) || value < min || value > max) {
          return "\"" + input + "\" is out of range: expected an integer from " +
                 std::to_string(min) + " to " + std::to_string(max);
        }
        return "";
      },
      "INT in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
}

// A listing limit: -1 (all) or an integer in [1, max].
inline CLI::Validator LimitOrAll(int64_t max = 1000000000) {
  return CLI::Validator(
      [max](std::string& input) -> std::string {
        int64_t value = 0;
        if (!ParseDecimal(input, &value) || value == 0 || value < -1 || value > max) {
          return "\"" + input + "\" is out of range: expected -1 (all) or an integer from 1 to " +
                 std::to_string(max);
        }
        return "";
      },
      "-1 or INT in [1, " + std::to_string(max) + "]");
}

// Any unsigned 64-bit integer (a seed): a sign or a value past 2^64 - 1 is refused.
inline CLI::Validator AnyUnsigned64() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        uint64_t value = 0;
        if (input.empty() || input[0] == '-' || !ParseDecimal(input, &value)) {
          return "\"" + input + "\" is out of range: expected an integer from 0 to " +
                 std::to_string(UINT64_MAX);
        }
        return "";
      },
      "INT in [0, " + std::to_string(UINT64_MAX) + "]");
}

// A record id: an integer from 1 to 2^63 - 1.
inline CLI::Validator RecordId() { return IntegerIn(1, INT64_MAX); }

// One of a fixed set of words, named in the message:
//   --method: "bogus" is not one of: loglinear, lcmcr, all
inline CLI::Validator OneOf(std::initializer_list<const char*> words) {
  std::string list;
  for (const char* w : words) list += (list.empty() ? "" : ", ") + std::string(w);
  std::vector<std::string> allowed(words.begin(), words.end());
  return CLI::Validator(
      [allowed, list](std::string& input) -> std::string {
        for (const std::string& w : allowed) {
          if (input == w) return "";
        }
        return "\"" + input + "\" is not one of: " + list;
      },
      "{" + list + "}");
}

// A text encoding habeas can read (habeas::CheckEncodingName: utf-8, windows-1252,
// latin-1 and their usual spellings).
inline CLI::Validator EncodingName() {
  return CLI::Validator(
      [](std::string& input) -> std::string {
        return CheckEncodingName(input).ok() ? "" : "\"" + input + "\" is not one of: utf-8, windows-1252, latin-1";
      },
      "{utf-8, windows-1252, latin-1}");
}

// 0.5 as "0.5", 1000000.0 as "1000000" (for messages).
inline std::string NumberText(double x) {
  std::string s = std::to_string(x);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// A finite number strictly between `low` and `high` (nan and inf are refused).
inline CLI::Validator StrictlyBetween(double low, double high) {
  const std::string range = "(" + NumberText(low) + ", " + NumberText(high) + ")";
  return CLI::Validator(
      [low, high, range](std::string& input) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value) || value <= low ||
            value >= high) {
          return "\"" + input + "\" is out of range: expected a number in " + range +
                 ", both ends excluded";
        }
        return "";
      },
      "NUMBER in " + range);
}

// A finite number in [low, high].
inline CLI::Validator NumberIn(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& input) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value) || value < low ||
            value > high) {
          return "\"" + input + "\" is out of range: expected a number from " + NumberText(low) +
                 " to " + NumberText(high);
        }
        return "";
      },
      "NUMBER");
}

}  // namespace habeas::cli
