#include "ingest/field_parsers.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

#include "common/encoding.h"
#include "common/message_text.h"
#include "habeas/identifier.h"

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

namespace {

// Where the built-in list comes from: markers seen in Venezuelan, Salvadoran and U.S.
// lists (family reports, court filings, FOIA releases). Documented in docs/formats.md.
constexpr std::string_view kBuiltInPlaceholders[] = {"n/a",
                                                     "na",
                                                     "n.a.",
                                                     "n/d",
                                                     "nd",
                                                     "s/i",
                                                     "s/d",
                                                     "-",
                                                     "--",
                                                     "---",
                                                     "?",
                                                     "0",
                                                     "desconocido",
                                                     "desconocida",
                                                     "sin cedula",
                                                     "sin cédula",
                                                     "sin documento",
                                                     "indocumentado",
                                                     "no tiene",
                                                     "ninguno",
                                                     "ninguna",
                                                     "no aplica",
                                                     "unknown",
                                                     "none",
                                                     "null",
                                                     "redacted",
                                                     "[redacted]",
                                                     "(redacted)",
                                                     "redactado",
                                                     "no posee",
                                                     "no porta",
                                                     "sin dato",
                                                     "sin datos",
                                                     "s/c",
                                                     "s/n",
                                                     "n.a",
                                                     "n.d.",
                                                     "no disponible",
                                                     "pendiente",
                                                     "??",
                                                     "???"};

// Lower case for ASCII and the Latin-1 capitals (UTF-8 C3 80–C3 9E, but not ×).
std::string FoldCase(std::string_view text) {
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsMaskLetter(char c) { return c == 'X' || c == 'x'; }

// Digits and mask characters in `text`: the weight of a candidate identifier.
int IdentifierWeight(std::string_view text) {
  int n = 0;
  for (char c : text) n += IsDigit(c) || IsMaskLetter(c) || c == kHiddenDigit;
  return n;
}

// A token of five or more digits (or hidden digits) is a whole identifier, not a
// group of one ("12 345 678" is one id; "12345678 87654321" is two).
constexpr int kWholeIdentifierWeight = 5;

// Splits a cell on whitespace when two or more tokens are whole identifiers; the
// short tokens before each one ("V", "A#") belong to it.
void SplitOnSpaces(std::string_view part, std::vector<std::string_view>* out) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < part.size()) {
    while (i < part.size() && part[i] == ' ') ++i;
    size_t j = i;
    while (j < part.size() && part[j] != ' ') ++j;
    if (j > i) tokens.push_back(part.substr(i, j - i));
    i = j;
  }
  int whole = 0;
  for (std::string_view t : tokens) whole += IdentifierWeight(t) >= kWholeIdentifierWeight;
  if (whole < 2) {
    out->push_back(part);
    return;
  }
  const char* group_start = nullptr;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (group_start == nullptr) group_start = tokens[k].data();
    const bool closes = IdentifierWeight(tokens[k]) >= kWholeIdentifierWeight;
    // Trailing short tokens stay with the last identifier.
    bool more_whole = false;
    for (size_t m = k + 1; m < tokens.size(); ++m) {
      more_whole |= IdentifierWeight(tokens[m]) >= kWholeIdentifierWeight;
    }
    if ((closes && more_whole) || k + 1 == tokens.size()) {
      const char* end = tokens[k].data() + tokens[k].size();
      out->push_back(std::string_view(group_start, static_cast<size_t>(end - group_start)));
      group_start = nullptr;
    }
  }
}

// Splits a cell holding several identifiers: on ';', '|' and line breaks; on '/' and
// ',' next to a space ("V-12.345.678 / E-1.234"; "N/A" and "12,345,678" stay whole);
// on the words " y ", " o ", " or ", " and "; and on spaces between whole ids.
std::vector<std::string_view> SplitIdentifierCell(std::string_view cell) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  auto cut = [&](size_t end, size_t next) {
    const std::string_view part = TrimView(cell.substr(start, end - start));
    if (!part.empty()) SplitOnSpaces(part, &parts);
    start = next;
  };
  for (size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    const bool spaced =
        (i > 0 && cell[i - 1] == ' ') || (i + 1 < cell.size() && cell[i + 1] == ' ');
    if (c == ';' || c == '|' || c == '\n' || ((c == '/' || c == ',') && spaced)) {
      cut(i, i + 1);
      continue;
    }
    if (c == ' ') {
      for (std::string_view word : {" y ", " o ", " or ", " and "}) {
        if (FoldCase(cell.substr(i, word.size())) == word) {
          cut(i, i + word.size() - 1);
          i += word.size() - 2;
          break;
        }
      }
    }
  }
  cut(cell.size(), cell.size());
  return parts;
}

// Reads a cell part by part with `parse_one`: the first part that is an identifier
// (full or partial) is the value; the other non-placeholder parts are `others`.
template <typename ParseOne>
Result<ParsedIdentifier> ParseIdentifierCell(std::string_view text,
                                             const Placeholders& placeholders, ParseOne parse_one) {
  if (placeholders.Contains(text)) return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  const std::vector<std::string_view> parts = SplitIdentifierCell(text);
  if (parts.size() <= 1) return parse_one(parts.empty() ? text : parts.front());
  std::optional<ParsedIdentifier> chosen;
  std::optional<Status> first_error;
  std::string others;
  for (std::string_view part : parts) {
    Result<ParsedIdentifier> id = parse_one(part);
    if (id.ok() && id->kind == IdentifierKind::kPlaceholder) continue;
    if (id.ok() && !chosen) {
      chosen = std::move(id).value();
      continue;
    }
    if (!id.ok() && !first_error) first_error = id.status();
    if (!others.empty()) others += "; ";
    others.append(part);
  }
  if (!chosen) {
    if (first_error) return *first_error;
    return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  }
  chosen->others = std::move(others);
  return *chosen;
}

bool AllZero(std::string_view digits) {
  return digits.find_first_not_of('0') == std::string_view::npos;
}

// Digits typed to fill a mandatory field, not anyone's number: all zeros, or one digit
// repeated six or more times (99999999, 111111111). Two strangers carrying 99999999
// must not be linked by it.
bool FillerDigits(std::string_view digits) {
  if (AllZero(digits)) return true;
  return digits.size() >= 6 && digits.find_first_not_of(digits[0]) == std::string_view::npos;
}

Result<ParsedIdentifier> ParseOneANumber(std::string_view text, const Placeholders& placeholders) {
  if (placeholders.Contains(text)) return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  std::string value;
  int visible = 0;
  for (const char c : text) {
    if (IsDigit(c)) {
      value.push_back(c);
      ++visible;
    } else if (IsMaskLetter(c) || c == kHiddenDigit) {
      value.push_back(kHiddenDigit);
    } else if ((c == 'A' || c == 'a') && value.empty()) {
      continue;
    } else if (c == '-' || c == ' ' || c == '.' || c == '#') {
      continue;
    } else {
      return InvalidInput(Quote(text) + " is not an A-number (expected 8 or 9 digits, e.g. " +
                          "A-012-345-678)");
    }
  }
  const bool partial = static_cast<size_t>(visible) < value.size();
  if (visible == 0 || (!partial && FillerDigits(value))) {
    return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  }
  if (partial) {
    if (value.size() > 9) {
      return InvalidInput(Quote(text) + " is not an A-number (9 digits at most, got " +
                          std::to_string(value.size()) + " digits and hidden digits)");
    }
    return ParsedIdentifier{IdentifierKind::kPartial,
                            std::string(9 - value.size(), kHiddenDigit) + value, ""};
  }
  if (value.size() < 7 || value.size() > 9) {
    return InvalidInput(Quote(text) + " is not an A-number (expected 8 or 9 digits, got " +
                        std::to_string(value.size()) + ")");
  }
  return ParsedIdentifier{IdentifierKind::kFull, std::string(9 - value.size(), '0') + value, ""};
}

Result<ParsedIdentifier> ParseOneNationalId(std::string_view text,
                                            const Placeholders& placeholders) {
  if (placeholders.Contains(text)) return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  int mask_letters = 0;
  for (char c : text) mask_letters += IsMaskLetter(c);
  const bool x_hides = mask_letters >= 2;
  std::string value;
  int digits = 0, hidden = 0, letters = 0;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == kHiddenDigit || (x_hides && IsMaskLetter(c))) {
      value.push_back(kHiddenDigit);
      ++hidden;
    } else if (std::isalnum(u)) {
      value.push_back(static_cast<char>(std::toupper(u)));
      IsDigit(c) ? ++digits : ++letters;
    } else if (c == '-' || c == '.' || c == ' ' || c == '/' || c == '_') {
      continue;
    } else {
      return InvalidInput(Quote(text) +
                          " is not an identity number (letters and digits, e.g. V-12.345.678)");
    }
  }
  if (digits == 0) {
    // "XX.XXX.XXX" hides everything; "V-" or "--" never had a number.
    if (hidden > 0 || letters <= 1) return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
    return InvalidInput(Quote(text) +
                        " is not an identity number (no digits; if it means \"no identifier\", "
                        "add it to the mapping's [formats] placeholders)");
  }
  if (hidden == 0) {
    std::string only_digits;
    for (char c : value) {
      if (IsDigit(c)) only_digits.push_back(c);
    }
    if (FillerDigits(only_digits)) return ParsedIdentifier{IdentifierKind::kPlaceholder, "", ""};
  }
  // A cédula written "V 012345678" keeps its digits as written: leading zeros matter
  // to no one, but we do not invent or drop digits.
  return ParsedIdentifier{hidden > 0 ? IdentifierKind::kPartial : IdentifierKind::kFull,
                          std::move(value), ""};
}

}  // namespace

Placeholders::Placeholders() {
  for (std::string_view p : kBuiltInPlaceholders) Add(p);
}

const Placeholders& Placeholders::BuiltIn() {
  static const Placeholders* const kBuiltIn = new Placeholders();
  return *kBuiltIn;
}

void Placeholders::Add(std::string_view text) {
  std::string folded = FoldCase(CleanText(text));
  if (folded.empty()) return;
  longest_ = std::max(longest_, folded.size());
  folded_.push_back(std::move(folded));
}

bool Placeholders::Contains(std::string_view text) const {
  text = TrimView(text);
  if (text.empty() || text.size() > longest_ + 4) return false;
  const std::string folded = FoldCase(CleanText(text));
  return std::find(folded_.begin(), folded_.end(), folded) != folded_.end();
}

Result<ParsedIdentifier> ParseANumber(std::string_view text, const Placeholders& placeholders) {
  return ParseIdentifierCell(text, placeholders, [&](std::string_view part) {
    return ParseOneANumber(part, placeholders);
  });
}

Result<ParsedIdentifier> ParseNationalId(std::string_view text, const Placeholders& placeholders) {
  return ParseIdentifierCell(text, placeholders, [&](std::string_view part) {
    return ParseOneNationalId(part, placeholders);
  });
}

bool IsIdentifierPlaceholder(std::string_view text, const Placeholders& placeholders) {
  if (placeholders.Contains(text)) return true;
  bool any_digit = false;
  for (char c : text) {
    if (IsDigit(c)) {
      if (c != '0') return false;
      any_digit = true;
    } else if (c != '-' && c != '.' && c != ' ' && c != '/') {
      return false;
    }
  }
  return any_digit;
}

}  // namespace habeas::ingest
