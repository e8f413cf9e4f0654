// Pieces of the messages users read (Status messages, warnings).
//
//   InvalidInput(Quote(text) + " is not a date")  // "31/02/1990" is not a date
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace habeas {

// `value` between double quotes, as received (no escaping: messages quote the
// user's own text back to them; terminal output goes through TerminalSafe).
inline std::string Quote(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 2);
  out.push_back('"');
  out.append(value);
  out.push_back('"');
  return out;
}

}  // namespace habeas
