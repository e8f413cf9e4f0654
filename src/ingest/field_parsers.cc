#include "ingest/field_parsers.h"

#include <cctype>
#include <cstdint>

#include "common/encoding.h"

namespace habeas::ingest {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Quote(std::string_view s) {
  std::string out;
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

// True if CleanText would return `text` unchanged: no control bytes, no
// (no-break) space at either end, no run of two spaces. Most values are like this,
// and checking (eight bytes at a time) is cheaper than rebuilding them.
bool IsAlreadyClean(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    const uint64_t w = swar::Load(text.data() + i);
    // 0xC2 starts U+00A0 (and a few other Latin-1 signs): take the careful path.
    if (swar::HasByteBelow(w, 0x20) | swar::HasByte(w, 0xC2)) return false;
    const uint64_t spaces = swar::ZeroBytes(w ^ (swar::kOnes * ' '));
    if (spaces & (spaces >> 8)) return false;                          // two spaces in the word
    if ((spaces & 0x80) && i > 0 && text[i - 1] == ' ') return false;  // across words
  }
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0xC2 || (c == ' ' && i > 0 && text[i - 1] == ' ')) return false;
  }
  return true;
}

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  CleanTextAppend(text, &out);
  return out;
}

std::string_view TrimView(std::string_view text) {
  auto is_space_at = [&](size_t i) { return IsAsciiSpace(text[i]); };
  while (!text.empty()) {
    if (is_space_at(0)) {
      text.remove_prefix(1);
    } else if (text.size() >= 2 && text[0] == '\xC2' && text[1] == '\xA0') {
      text.remove_prefix(2);
    } else {
      break;
    }
  }
  while (!text.empty()) {
    if (is_space_at(text.size() - 1)) {
      text.remove_suffix(1);
    } else if (text.size() >= 2 && text[text.size() - 2] == '\xC2' && text.back() == '\xA0') {
      text.remove_suffix(2);
    } else {
      break;
    }
  }
  return text;
}

bool IsBlank(std::string_view text) { return TrimView(text).empty(); }

void CleanTextAppend(std::string_view text, std::string* out_ptr) {
  std::string& out = *out_ptr;
  if (IsAlreadyClean(text)) {
    out.append(text);
    return;
  }
  const size_t start = out.size();
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Skip a run of whitespace (ASCII or U+00A0 NO-BREAK SPACE, C2 A0 in UTF-8).
    size_t j = i;
    while (j < n) {
      if (IsAsciiSpace(text[j])) {
        ++j;
      } else if (text[j] == '\xC2' && j + 1 < n && text[j + 1] == '\xA0') {
        j += 2;
      } else {
        break;
      }
    }
    if (j == n) break;
    if (j > i && out.size() > start) out.push_back(' ');
    // Copy a run of non-space bytes in one go.
    size_t k = j;
    while (k < n && !IsAsciiSpace(text[k]) &&
           !(text[k] == '\xC2' && k + 1 < n && text[k + 1] == '\xA0')) {
      ++k;
    }
    out.append(text.data() + j, k - j);
    i = k;
  }
}

Result<std::string> ParseSex(std::string_view text) {
  const std::string v = Lower(text);
  if (v == "m" || v == "male" || v == "masculino" || v == "masc" || v == "hombre" || v == "h" ||
      v == "v" || v == "varon" || v == "var\xc3\xb3n" || v == "man") {
    return std::string("M");
  }
  if (v == "f" || v == "female" || v == "femenino" || v == "fem" || v == "mujer" || v == "woman") {
    return std::string("F");
  }
  if (v == "x" || v == "otro" || v == "other" || v == "nb") return std::string("X");
  if (v == "?" || v == "u" || v == "unknown" || v == "desconocido" || v == "n/a" || v == "nd" ||
      v == "s/i") {
    return std::string();
  }
  return InvalidInput(Quote(text) +
                      " is not a sex (expected M/F, male/female, masculino/femenino, or X)");
}

Result<std::string> ParseAge(std::string_view text) {
  size_t i = 0;
  int value = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i < 4) {
    value = value * 10 + (text[i] - '0');
    ++i;
  }
  if (i == 0) return InvalidInput(Quote(text) + " is not an age (expected whole years, e.g. 34)");
  std::string rest = Lower(CleanText(text.substr(i)));
  if (rest == ".0" || rest == ",0") rest.clear();
  static const char* kUnits[] = {"", "años", "anos", "años.", "years", "yrs", "y", "a"};
  bool unit_ok = false;
  for (const char* u : kUnits) {
    if (rest == u) unit_ok = true;
  }
  if (!unit_ok) return InvalidInput(Quote(text) + " is not an age (expected whole years, e.g. 34)");
  if (value > 120) return InvalidInput(Quote(text) + " is not a plausible age (0–120)");
  return std::to_string(value);
}

Result<std::string> ParseANumber(std::string_view text) {
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if ((c == 'A' || c == 'a') && digits.empty()) {
      continue;
    } else if (c == '-' || c == ' ' || c == '.' || c == '#') {
      continue;
    } else {
      return InvalidInput(Quote(text) + " is not an A-number (expected 8 or 9 digits, e.g. " +
                          "A-012-345-678)");
    }
  }
  if (digits.size() < 7 || digits.size() > 9) {
    return InvalidInput(Quote(text) + " is not an A-number (expected 8 or 9 digits, got " +
                        std::to_string(digits.size()) + ")");
  }
  return std::string(9 - digits.size(), '0') + digits;
}

Result<std::string> ParseNationalId(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out.push_back(static_cast<char>(std::toupper(u)));
    } else if (c == '-' || c == '.' || c == ' ' || c == '/' || c == '_') {
      continue;
    } else {
      return InvalidInput(Quote(text) +
                          " is not an identity number (letters and digits, e.g. V-12.345.678)");
    }
  }
  if (out.empty()) {
    return InvalidInput(Quote(text) + " is not an identity number (no letters or digits)");
  }
  // A cédula written "V 012345678" keeps its digits as written: leading zeros matter
  // to no one, but we do not invent or drop digits.
  return out;
}

}  // namespace habeas::ingest
