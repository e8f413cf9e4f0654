// JSON text that cannot throw on the bytes it carries, and cannot drive a terminal.
//
// nlohmann::json::dump() throws (type_error 316) on a string that is not valid UTF-8,
// and such strings reach us from outside: a file name or a command-line argument in
// another encoding, a person id from a CSV. Uncaught, that ends the process. JsonText
// passes the replacing error handler, which writes each invalid byte as U+FFFD (valid
// text is unchanged). dump() escapes the C0 controls (ESC is \u001b) but writes DEL
// and the C1 controls (U+0080-U+009F; U+009B is an 8-bit CSI to many terminals) as
// they are: JsonText writes them as \u007f and \u0080...\u009f. The JSON means the
// same strings; only their spelling changes, so `--json` on a terminal is as safe as
// the plain-text output.
//
//   std::cout << JsonText(j) << "\n";
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace habeas {

inline constexpr nlohmann::json::error_handler_t kJsonReplaceInvalidUtf8 =
    nlohmann::json::error_handler_t::replace;

// j.dump(indent) with invalid UTF-8 written as U+FFFD instead of throwing, and DEL and
// the C1 controls as \u escapes.
inline std::string JsonText(const nlohmann::json& j, int indent = -1) {
  std::string text = j.dump(indent, ' ', false, kJsonReplaceInvalidUtf8);
  // The text is valid UTF-8, and raw bytes below 0x20 cannot occur in it: DEL is the
  // byte 0x7F, a C1 control the pair C2 80-9F, both only ever inside strings.
  size_t i = 0;
  while (i < text.size() && text[i] != '\x7f' &&
         !(text[i] == '\xc2' && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) <= 0x9f)) {
    ++i;
  }
  if (i == text.size()) return text;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = text.substr(0, i);
  for (; i < text.size(); ++i) {
    unsigned code = 0x100;  // not a control
    if (text[i] == '\x7f') {
      code = 0x7f;
    } else if (text[i] == '\xc2' && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      code = static_cast<unsigned char>(text[i + 1]);
      ++i;
    }
    if (code == 0x100) {
      out.push_back(text[i]);
    } else {
      out += "\\u00";
      out.push_back(kHex[code >> 4]);
      out.push_back(kHex[code & 15]);
    }
  }
  return out;
}

}  // namespace habeas
