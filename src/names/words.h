// The words of a normalised name text: the runs between single spaces (normalised
// text has no other separators). Internal to src/names.
//
//   ForEachWord("maria del carmen", [&](std::string_view w) { words.push_back(w); });
//   // "maria", "del", "carmen"
//
// Pure; thread-safe.
#pragma once

#include <string_view>

namespace habeas::names {

// Calls `fn` with each non-empty run of `text` between spaces, in order.
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) fn(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

}  // namespace habeas::names
