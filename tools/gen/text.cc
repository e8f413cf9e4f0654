#include "text.h"

#include <array>
#include <cstdint>

namespace habeas::gen {
namespace {

// ASCII fallbacks for U+00C0..U+00FF ('\0' = keep as is).
constexpr std::string_view kLatin1Plain =
    "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUYTsaaaaaaaceeeeiiiidnooooo\0ouuuuyty";

char32_t Latin1Upper(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 32;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  return c;
}

char32_t Latin1Lower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  return c;
}

template <typename Map>
std::string MapCodePoints(std::string_view text, Map map) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      out.push_back(static_cast<char>(map(static_cast<char32_t>(b))));
    } else if (b == 0xC3 && i + 1 < text.size()) {
      const char32_t c = 0xC0 + (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      const char32_t mapped = map(c);
      if (mapped < 0x80) {
        out.push_back(static_cast<char>(mapped));
      } else {
        out.push_back(static_cast<char>(0xC3));
        out.push_back(static_cast<char>(0x80 | (mapped & 0x3F)));
      }
      ++i;
    } else {
      out.push_back(static_cast<char>(b));  // other code points pass through
    }
  }
  return out;
}

// Windows-1252 bytes 0x80..0x9F and the code points they stand for.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t c = 0;
    if (b < 0x80) {
      c = b;
    } else if ((b & 0xE0) == 0xC0) {
      c = b & 0x1F, extra = 1;
    } else if ((b & 0xF0) == 0xE0) {
      c = b & 0x0F, extra = 2;
    } else if ((b & 0xF8) == 0xF0) {
      c = b & 0x07, extra = 3;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + static_cast<size_t>(extra) >= text.size()) {  // truncated sequence
      out.push_back(0xFFFD);
      break;
    }
    bool valid = true;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cont = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
      if ((cont & 0xC0) != 0x80) valid = false;
      c = (c << 6) | (cont & 0x3F);
    }
    if (!valid) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    if (b < 0x80) {
      extra = 0;
    } else if (b >= 0xC2 && b <= 0xDF) {
      extra = 1;
    } else if ((b & 0xF0) == 0xE0) {
      extra = 2;
    } else if (b >= 0xF0 && b <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string ToUpper(std::string_view text) { return MapCodePoints(text, Latin1Upper); }
std::string ToLower(std::string_view text) { return MapCodePoints(text, Latin1Lower); }

std::string StripAccents(std::string_view text) {
  return MapCodePoints(text, [](char32_t c) -> char32_t {
    if (c < 0xC0 || c > 0xFF) return c;
    const char plain = kLatin1Plain[c - 0xC0];
    return plain == '\0' ? c : static_cast<char32_t>(plain);
  });
}

std::string SpanishTitleCase(std::string_view text) {
  const std::string lower = ToLower(text);
  std::string out;
  out.reserve(lower.size());
  size_t start = 0;
  bool first_word = true;
  while (start <= lower.size()) {
    size_t end = lower.find(' ', start);
    if (end == std::string::npos) end = lower.size();
    const std::string_view word(lower.data() + start, end - start);
    if (!word.empty()) {
      if (!first_word && IsParticle(word)) {
        out.append(word);
      } else {
        // Capitalise the first code point (one or two bytes for our alphabet).
        const size_t first_len = static_cast<unsigned char>(word[0]) < 0x80 ? 1 : 2;
        out += ToUpper(word.substr(0, std::min(first_len, word.size())));
        if (word.size() > first_len) out.append(word.substr(first_len));
      }
      first_word = false;
    }
    if (end < lower.size()) out.push_back(' ');
    start = end + 1;
  }
  return out;
}

std::string MisreadAsWindows1252(std::string_view text) {
  std::u32string read;
  read.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const char32_t high = byte >= 0x80 && byte < 0xA0 ? kCp1252High[byte - 0x80] : 0;
    read.push_back(high != 0 ? high : static_cast<char32_t>(byte));
  }
  return EncodeUtf8(read);
}

std::string Utf8ToWindows1252(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : DecodeUtf8(text)) {
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
      out.push_back(static_cast<char>(static_cast<unsigned char>(c)));
      continue;
    }
    char byte = '?';
    for (size_t k = 0; k < kCp1252High.size(); ++k) {
      if (kCp1252High[k] == c && c != 0) {
        byte = static_cast<char>(0x80 + k);
        break;
      }
    }
    out.push_back(byte);
  }
  return out;
}

bool IsParticle(std::string_view lowercase_word) {
  const std::string_view w = lowercase_word;
  return w == "de" || w == "del" || w == "la" || w == "las" || w == "los" || w == "y";
}

}  // namespace habeas::gen
