// CLI11 validators for numeric options. A value out of range is a usage error (exit 2)
// whose message names the option (CLI11 prefixes it) and the range:
//   --iterations: 0 is out of range: expected an integer from 1 to 1000000000
// Used by every numeric option of every command (docs/cli.md "Options").
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdint>
#include <string>

namespace habeas::cli {

// An integer in [min, max].
inline CLI::Validator IntegerIn(int64_t min, int64_t max) {
  return CLI::Validator(
      [min, max](std::string& input) -> std::string {
        int64_t value = 0;
        if (!CLI::detail::lexical_cast(input, value) || value < min || value > max) {
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
        if (!CLI::detail::lexical_cast(input, value) || value == 0 || value < -1 || value > max) {
          return "\"" + input + "\" is out of range: expected -1 (all) or an integer from 1 to " +
                 std::to_string(max);
        }
        return "";
      },
      "-1 or INT in [1, " + std::to_string(max) + "]");
}

// A finite number strictly between `low` and `high` (nan and inf are refused).
inline CLI::Validator StrictlyBetween(double low, double high) {
  auto text = [](double x) {
    std::string s = std::to_string(x);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
  };
  const std::string range = "(" + text(low) + ", " + text(high) + ")";
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
          return "\"" + input + "\" is out of range: expected a number from " +
                 std::to_string(low) + " to " + std::to_string(high);
        }
        return "";
      },
      "NUMBER");
}

}  // namespace habeas::cli
