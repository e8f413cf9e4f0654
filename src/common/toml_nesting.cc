#include "common/toml_nesting.h"

#include <cstdint>

namespace habeas {

Status CheckTomlNesting(std::string_view text, const std::string& name) {
  uint64_t line = 1;
  int parts = 1;  // of the dotted chain being read, outside strings and comments
  const size_t n = text.size();
  auto starts = [&](size_t i, std::string_view what) {
    return text.substr(i, what.size()) == what;
  };
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      parts = 1;
    } else if (c == '#') {  // a comment, to the end of the line
      while (i + 1 < n && text[i + 1] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const bool basic = c == '"';
      const bool multi = starts(i, basic ? "\"\"\"" : "'''");
      const std::string_view close = multi ? (basic ? "\"\"\"" : "'''") : (basic ? "\"" : "'");
      i += multi ? 3 : 1;
      for (; i < n; ++i) {
        if (text[i] == '\n') {
          ++line;
          if (!multi) break;  // an unterminated string: the parser will say so
        }
        if (basic && text[i] == '\\') {
          if (i + 1 < n && text[i + 1] == '\n') ++line;
          ++i;
          continue;
        }
        if (starts(i, close)) {
          i += close.size() - 1;
          // A multi-line string may end with up to two more quotes ("""a"""" is a"").
          while (multi && i + 1 < n && text[i + 1] == close[0]) ++i;
          break;
        }
      }
    } else if (c == '.') {
      if (++parts > kMaxTomlKeyParts) {
        return InvalidInput(name + ":" + std::to_string(line) + ": a key of more than " +
                            std::to_string(kMaxTomlKeyParts) +
                            " dotted parts (tables nested that deep); Habeas reads at most " +
                            std::to_string(kMaxTomlKeyParts) + " levels");
      }
    } else if (c == '=' || c == '[' || c == ']' || c == '{' || c == '}' || c == ',') {
      parts = 1;
    }
  }
  return Status::Ok();
}

}  // namespace habeas
