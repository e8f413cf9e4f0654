#include "common/encoding.h"

#include <array>
#include <cctype>
#include <cstring>
#include <string>

namespace habeas {
namespace {

// Windows-1252 0x80..0x9F; 0 marks the five undefined bytes.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};


std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '_' || c == ' ') c = '-';
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kWindows1252:
      return "windows-1252";
    case Encoding::kLatin1:
      return "latin-1";
  }
  return "utf-8";
}

Result<Encoding> ParseEncodingName(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
  if (n == "windows-1252" || n == "cp1252" || n == "cp-1252" || n == "win1252") {
    return Encoding::kWindows1252;
  }
  if (n == "latin-1" || n == "latin1" || n == "iso-8859-1" || n == "iso8859-1") {
    return Encoding::kLatin1;
  }
  return InvalidInput("unknown encoding \"" + std::string(name) +
                      "\" (supported: utf-8, windows-1252, latin-1)");
}

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return len;
}

size_t DecodeUtf8At(std::string_view s, size_t i, uint32_t* code_point) {
  const size_t len = Utf8SequenceLength(s, i);
  const auto byte = [&](size_t k) {
    return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k]));
  };
  if (len == 0) return 0;
  uint32_t cp = len == 1 ? byte(0) : byte(0) & (0xFFu >> (len + 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (byte(k) & 0x3F);
  *code_point = cp;
  return len;
}

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t len = Utf8SequenceLength(bytes, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

namespace {

// The kUtf8 case of AppendUtf8.
bool AppendUtf8ReadingStrayBytesAsWindows1252(std::string_view bytes, std::string* out) {
  bool stray = false;
  for (size_t i = 0; i < bytes.size();) {
    // Copy ASCII runs in one go: the common case.
    size_t j = i;
    while (j < bytes.size() && static_cast<unsigned char>(bytes[j]) < 0x80) ++j;
    out->append(bytes.data() + i, j - i);
    i = j;
    if (i == bytes.size()) break;
    if (const size_t len = Utf8SequenceLength(bytes, i); len > 0) {
      out->append(bytes.data() + i, len);
      i += len;
      continue;
    }
    const auto b = static_cast<unsigned char>(bytes[i++]);
    const uint32_t cp = b >= 0xA0 ? b : kCp1252High[b - 0x80];
    AppendCodePointUtf8(cp == 0 ? 0xFFFD : cp, out);
    stray = true;
  }
  return stray;
}

}  // namespace

bool AppendUtf8(std::string_view bytes, Encoding encoding, std::string* out) {
  switch (encoding) {
    case Encoding::kUtf8:
      return AppendUtf8ReadingStrayBytesAsWindows1252(bytes, out);
    case Encoding::kWindows1252:
    case Encoding::kLatin1:
      for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80) {
          out->push_back(c);
        } else if (b < 0xA0 && encoding == Encoding::kWindows1252) {
          const uint16_t cp = kCp1252High[b - 0x80];
          AppendCodePointUtf8(cp == 0 ? b : cp, out);
        } else {
          AppendCodePointUtf8(b, out);
        }
      }
      return false;
  }
  return false;
}

namespace {

// The Windows-1252 (or Latin-1) byte that reads as `cp`, or -1.
int Cp1252ByteOf(uint32_t cp) {
  // Latin-1 reads every byte as the code point of its value (0x80–0x9F as C1 controls,
  // which is also what Windows-1252 readers make of its five undefined bytes).
  if (cp <= 0xFF) return static_cast<int>(cp);
  for (size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == cp) return static_cast<int>(0x80 + i);
  }
  return -1;
}

bool IsPlausibleInText(uint32_t cp) {
  return cp < 0x80 || (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x2010 && cp <= 0x206F) || cp == 0x20AC;
}

// Whether the bytes `text`'s characters map back to could be UTF-8 with a multi-byte
// sequence: each lead byte followed by its number of continuation bytes. Checked
// before anything is built, since most accented text fails at its first accent ("José":
// 0xE9 starts a three-byte sequence that "" does not continue).
bool MayBeMisread(std::string_view text) {
  int pending = 0;  // continuation bytes the last lead byte still needs
  bool multibyte = false;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII maps to itself
      if (pending > 0) return false;
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = DecodeUtf8At(text, i, &cp);
    if (len == 0) return false;
    const int byte = Cp1252ByteOf(cp);
    i += len;
    if (byte < 0) return false;
    if (pending > 0) {
      if (byte < 0x80 || byte > 0xBF) return false;
      --pending;
    } else if (byte >= 0xC2 && byte <= 0xF4) {
      pending = byte < 0xE0 ? 1 : byte < 0xF0 ? 2 : 3;
      multibyte = true;
    } else if (byte >= 0x80) {
      return false;
    }
  }
  return multibyte && pending == 0;
}

// Text whose every character maps back to one Windows-1252 / Latin-1 byte, those bytes
// when they are well-formed UTF-8 with a multi-byte sequence; else nullopt.
std::optional<std::string> UndoOneMisreading(std::string_view text) {
  if (!MayBeMisread(text)) return std::nullopt;
  // Every character maps to a byte, and the bytes have UTF-8's shape: build them.
  std::string bytes;
  bytes.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    i += DecodeUtf8At(text, i, &cp);
    bytes.push_back(static_cast<char>(Cp1252ByteOf(cp)));
  }
  if (!IsValidUtf8(bytes)) return std::nullopt;  // an overlong form or a surrogate
  return bytes;
}

bool IsPlausibleText(std::string_view utf8) {
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = 0;
    i += DecodeUtf8At(utf8, i, &cp);
    if (!IsPlausibleInText(cp)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> RepairMisdecodedUtf8(std::string_view text) {
  // Every misread multi-byte sequence starts with a character of U+00C2–U+00EF, written
  // C3 82 – C3 AF: text without a 0xC3 byte has none.
  if (text.find('\xC3') == std::string_view::npos) return std::nullopt;
  // Undo the misreading as often as it reads as one (twice for text damaged twice,
  // whose first undoing can hold C1 controls) and keep the last plausible text.
  std::optional<std::string> repaired;
  std::optional<std::string> undone = UndoOneMisreading(text);
  for (int round = 0; round < 3 && undone; ++round) {
    std::optional<std::string> next = UndoOneMisreading(*undone);
    if (IsPlausibleText(*undone)) repaired = std::move(undone);
    undone = std::move(next);
  }
  return repaired;
}

void AppendCodePointUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t Utf8BomLength(std::string_view bytes) {
  return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

void EncodingSniffer::InvalidSequenceAt(uint64_t pos) {
  if (invalid_at_.size() < kInvalidPositionsKept) invalid_at_.push_back({line_, pos});
  ++invalid_utf8_;
}

void EncodingSniffer::Feed(std::string_view chunk) {
  if (head_.size() < 4 && !chunk.empty()) {
    // Byte-order marks, from the first four bytes however the file is chunked.
    head_.append(chunk.substr(0, 4 - head_.size()));
    const std::string_view head = head_;
    using namespace std::string_view_literals;
    utf8_bom_ = Utf8BomLength(head) == 3;
    utf32_bom_ = head == "\xFF\xFE\0\0"sv || head == "\0\0\xFE\xFF"sv;
    utf16_bom_ =
        !utf32_bom_ && (head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF");
  }
  for (size_t i = 0; i < chunk.size(); ++i) {
    // Fast path: eight printable ASCII bytes at a time (the common case) change no
    // state when no multi-byte sequence is pending, except the line count.
    // Tabs and line breaks are counted as nothing either, so a word holding them
    // stays on the fast path after a byte-by-byte look.
    if (utf8_pending_ == 0) {
      while (i + 8 <= chunk.size()) {
        const uint64_t word = swar::Load(chunk.data() + i);
        if (word & swar::kHigh) break;  // a byte >= 0x80
        if (swar::HasByteBelow(word, 0x20)) {
          bool plain = true;
          for (int k = 0; k < 8; ++k) {
            const char c = chunk[i + k];
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
                c != '\f') {
              plain = false;
              break;
            }
          }
          if (!plain) break;
          line_ += static_cast<uint64_t>(__builtin_popcountll(swar::HasByte(word, '\n')));
        }
        i += 8;
      }
      if (i >= chunk.size()) break;
    }
    const auto b = static_cast<unsigned char>(chunk[i]);
    const uint64_t pos = offset_ + i;
    if (b == 0) {
      if (nul_bytes_++ == 0) first_nul_ = pos;
    } else if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
      ++control_bytes_;
    }
    if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) ++undefined_in_1252_;
    if (utf8_pending_ > 0) {
      if (b >= utf8_min_next_ && b <= utf8_max_next_) {
        utf8_min_next_ = 0x80;
        utf8_max_next_ = 0xBF;
        if (--utf8_pending_ == 0) ++valid_multibyte_;
        continue;
      }
      // The sequence broke off: it is invalid, and this byte starts afresh.
      InvalidSequenceAt(pos);
      utf8_pending_ = 0;
    }
    if (b == '\n') ++line_;
    if (b < 0x80) continue;
    utf8_min_next_ = 0x80;
    utf8_max_next_ = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      utf8_pending_ = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      utf8_pending_ = 2;
      if (b == 0xE0) utf8_min_next_ = 0xA0;
      if (b == 0xED) utf8_max_next_ = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      utf8_pending_ = 3;
      if (b == 0xF0) utf8_min_next_ = 0x90;
      if (b == 0xF4) utf8_max_next_ = 0x8F;
    } else {
      InvalidSequenceAt(pos);
    }
  }
  offset_ += chunk.size();
}

bool EncodingSniffer::Utf8ByEvidence() const {
  // A sequence cut off by the end of the file counts as one more invalid sequence.
  const uint64_t invalid = invalid_utf8_ + (utf8_pending_ > 0 ? 1 : 0);
  if (invalid == 0) return true;
  return valid_multibyte_ >= kUtf8EvidenceRatio * invalid;
}

Result<Encoding> EncodingSniffer::Verdict(std::string_view file_name) const {
  const std::string file(file_name);
  const std::string advice =
      "; save it as \"CSV UTF-8\" and import again (--encoding accepts utf-8, windows-1252 "
      "and latin-1 only)";
  if (utf16_bom_ || utf32_bom_) {
    return InvalidInput(file + ": file is " + (utf32_bom_ ? "UTF-32" : "UTF-16") +
                        " (byte-order mark found), which is not supported" + advice);
  }
  if (nul_bytes_ > 0) {
    return InvalidInput(file + ": unknown encoding: NUL byte at offset " +
                        std::to_string(first_nul_) + " (UTF-16 or binary data, not a text list)" +
                        advice);
  }
  if (offset_ > 0 && control_bytes_ * 100 > offset_) {
    return InvalidInput(file + ": unknown encoding: " + std::to_string(control_bytes_) +
                        " control bytes (binary data, not a text list)" + advice);
  }
  if (Utf8ByEvidence()) return Encoding::kUtf8;
  if (utf8_bom_) {
    const uint64_t first = invalid_at_.empty() ? offset_ : invalid_at_.front().offset;
    const uint64_t line = invalid_at_.empty() ? line_ : invalid_at_.front().line;
    return InvalidInput(file + ":" + std::to_string(line) +
                        ": starts with a UTF-8 byte-order mark but " +
                        std::to_string(invalid_utf8_) + " byte sequences are not valid UTF-8 "
                        "(the first at byte " + std::to_string(first) + ", against " +
                        std::to_string(valid_multibyte_) +
                        " valid ones); save it again as \"CSV UTF-8\", or pass --encoding "
                        "windows-1252 if the text after the mark is Windows-1252");
  }
  return undefined_in_1252_ > 0 ? Encoding::kLatin1 : Encoding::kWindows1252;
}

std::string EncodingSniffer::Warning(std::string_view file_name) const {
  const uint64_t invalid = invalid_utf8_ + (utf8_pending_ > 0 ? 1 : 0);
  if (invalid == 0 || !Utf8ByEvidence()) return "";
  std::string where;
  for (const InvalidSequence& at : invalid_at_) {
    where += (where.empty() ? "line " : ", line ") + std::to_string(at.line) + " (byte " +
             std::to_string(at.offset) + ")";
  }
  if (utf8_pending_ > 0 && invalid_at_.size() < kInvalidPositionsKept) {
    where += (where.empty() ? "" : ", ") + std::string("the end of the file");
  }
  if (invalid > invalid_at_.size() + (utf8_pending_ > 0 ? 1 : 0)) where += ", ...";
  return std::string(file_name) + ": read as UTF-8 (" + std::to_string(valid_multibyte_) +
         " valid multi-byte sequences); " + std::to_string(invalid) + " invalid byte sequence" +
         (invalid == 1 ? "" : "s") +
         " read as Windows-1252 (bytes pasted from a Windows-1252 file) at " + where +
         "; check those values in the source file, or pass --encoding windows-1252 if the "
         "file is not UTF-8";
}

}  // namespace habeas
