// Character encodings of imported files: detection and transcoding to UTF-8.
//
// Lists arrive as UTF-8 (with or without a BOM) or as Windows-1252 / Latin-1
// (Excel on Windows). Detection is over the whole file, fed in chunks, because a
// file can be valid UTF-8 for its first megabyte and hold a single 0xE9 ("é" in
// Windows-1252) near the end.
//
//   EncodingSniffer sniffer;
//   while (read chunk) sniffer.Feed(chunk);
//   HABEAS_ASSIGN_OR_RETURN(Encoding enc, sniffer.Verdict("family.csv"));
//   std::string utf8;
//   AppendUtf8(field_bytes, enc, &utf8);
//
// UTF-8 by evidence: a file whose multi-byte sequences are valid UTF-8 except for a
// few stray bytes is UTF-8 (each stray byte, nearly always a row pasted from a
// Windows-1252 list, is read as Windows-1252, and Warning() names their lines), not
// Windows-1252, which would turn every accented name into mojibake
// ("JesÃºs"). The rule (kUtf8EvidenceRatio): at least 2 valid multi-byte sequences
// for each invalid one. A Windows-1252 or Latin-1 file almost never holds valid UTF-8
// sequences (an accented capital followed by a C1 punctuation byte or a symbol such as
// "É”"): the Windows-1252 leaks of `habeas-gen --persons 50000 --seed 5` (hard and
// default profiles) hold none against 11,108 and 15,418 invalid ones
// (bench/utf8_sequences.py), so it stays far below the ratio; a UTF-8 list with a few bad
// bytes stays above it even when it is short (four accented names and one bad byte: 8
// to 1). The ratio was 10 until 2026-12-06, which read such a short list as
// Windows-1252, every accent as mojibake, without a word.
// A file with a UTF-8 byte-order mark follows the same rule; when it fails the rule it
// is refused (the mark says UTF-8 and the bytes disagree) instead of read as
// Windows-1252.
//
// All functions are pure; an EncodingSniffer is not thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas {

enum class Encoding { kUtf8, kWindows1252, kLatin1 };

// "utf-8", "windows-1252", "latin-1".
std::string_view EncodingName(Encoding encoding);

// Accepts the usual spellings (utf8, UTF-8, cp1252, windows-1252, latin1, iso-8859-1).
Result<Encoding> ParseEncodingName(std::string_view name);

// True if `bytes` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) at `s[i]` (1 for ASCII), or 0 if ill-formed. i < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);

// The code point of the well-formed UTF-8 sequence at `s[i]` in *code_point, and the
// sequence's length (Utf8SequenceLength), or 0 if ill-formed. i < s.size().
size_t DecodeUtf8At(std::string_view s, size_t i, uint32_t* code_point);

// Appends `bytes`, encoded as `encoding`, to `out` as UTF-8. For kUtf8 the bytes are
// copied, and a byte that starts no well-formed sequence is read as Windows-1252 (the
// five bytes it leaves undefined become U+FFFD): rows pasted into a UTF-8 list from a
// Windows-1252 one keep their letters ("Jos\xE9 P\xE9rez" is "José Pérez", not
// "Jos\uFFFD P\uFFFDrez", which a name reader splits into "jos p rez"; U+FFFD until
// 2026-12-07). True if such a byte was read.
bool AppendUtf8(std::string_view bytes, Encoding encoding, std::string* out);

// Appends code point `cp` (<= U+10FFFF) to `out` as UTF-8.
void AppendCodePointUtf8(uint32_t cp, std::string* out);

// Text that was UTF-8, read as Windows-1252 (or Latin-1) and written out again as
// UTF-8: "JesÃºs" for "Jesús", "NÃšÃ‘EZ" for "NÚÑEZ", "Oâ€™Brien" for "O’Brien" — what
// a list suffers when it passes through a spreadsheet opened in the wrong encoding,
// row by row when rows were pasted from another file. Returns the text as it was
// before, or nullopt when `text` is not such text: every character must map back to
// one Windows-1252 / Latin-1 byte, those bytes must be well-formed UTF-8 with at least
// one multi-byte sequence, and what they spell must be Latin letters, signs or
// punctuation (U+00A0–U+024F, U+2010–U+206F, U+20AC), as names and places are. Text
// damaged twice is repaired twice. Text that lost a byte on the way (Windows-1252 has no
// character for 0x81, 0x8D, 0x8F, 0x90 and 0x9D, so "Í" can come out as "Ã" alone) is
// left as it is.
std::optional<std::string> RepairMisdecodedUtf8(std::string_view text);

// Length of a UTF-8 byte-order mark at the start of `bytes` (3) or 0.
size_t Utf8BomLength(std::string_view bytes);

class EncodingSniffer {
 public:
  // Feeds the next chunk of the file; chunks may split multi-byte sequences.
  void Feed(std::string_view chunk);

  // The detected encoding, or kInvalidInput naming `file_name` when the bytes are
  // not text in a supported encoding (UTF-16/32, binary data).
  Result<Encoding> Verdict(std::string_view file_name) const;
  // The encoding to read the file with: `declared` (an --encoding option, a mapping's
  // `encoding`) when there is one, else the Verdict.
  Result<Encoding> Decide(std::optional<Encoding> declared, std::string_view file_name) const {
    if (declared) return *declared;
    return Verdict(file_name);
  }

  bool starts_with_utf8_bom() const { return utf8_bom_; }

  // Invalid UTF-8 sequences seen, and the 1-based line and byte offset of the first
  // kInvalidPositionsKept of them.
  struct InvalidSequence {
    uint64_t line = 0;
    uint64_t offset = 0;
  };
  static constexpr size_t kInvalidPositionsKept = 10;
  uint64_t invalid_utf8_sequences() const { return invalid_utf8_; }
  uint64_t valid_utf8_multibyte_sequences() const { return valid_multibyte_; }
  const std::vector<InvalidSequence>& invalid_utf8_positions() const { return invalid_at_; }

  // When the verdict is UTF-8 despite invalid sequences: a warning naming the file, how
  // many sequences were read as Windows-1252 (AppendUtf8) and their lines, and what to
  // do; else "".
  //   family.csv: read as UTF-8 (40 valid multi-byte sequences); 1 invalid byte sequence
  //   read as Windows-1252 (bytes pasted from a Windows-1252 file) at line 7 (byte 312);
  //   check those values in the source file, or pass --encoding ...
  std::string Warning(std::string_view file_name) const;

  // Valid multi-byte sequences needed per invalid sequence for a UTF-8 verdict.
  static constexpr uint64_t kUtf8EvidenceRatio = 2;

 private:
  bool Utf8ByEvidence() const;
  void InvalidSequenceAt(uint64_t pos);

  uint64_t offset_ = 0;
  uint64_t line_ = 1;  // of the byte being looked at
  uint64_t invalid_utf8_ = 0;
  uint64_t valid_multibyte_ = 0;
  std::vector<InvalidSequence> invalid_at_;
  int utf8_pending_ = 0;           // continuation bytes still expected
  uint32_t utf8_min_next_ = 0x80;  // lower bound for the second byte checks
  uint32_t utf8_max_next_ = 0xBF;
  bool utf8_bom_ = false;
  bool utf16_bom_ = false;
  bool utf32_bom_ = false;  // FF FE 00 00 also starts like UTF-16's
  std::string head_;        // the first four bytes
  uint64_t nul_bytes_ = 0;
  uint64_t first_nul_ = 0;
  uint64_t control_bytes_ = 0;
  uint64_t undefined_in_1252_ = 0;
};

// Byte tests on eight bytes at a time (SWAR), for the per-row hot paths.
namespace swar {
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;
inline uint64_t Load(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
// The high bit of each byte of `w` that is zero, exactly (no false positives).
inline uint64_t ZeroBytes(uint64_t w) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((w & kLow7) + kLow7) | w | kLow7);
}
// Nonzero if any byte of `w` equals `b`.
inline uint64_t HasByte(uint64_t w, unsigned char b) { return ZeroBytes(w ^ (kOnes * b)); }
// Nonzero if any byte of `w` is below `n` (n <= 128).
inline uint64_t HasByteBelow(uint64_t w, unsigned char n) { return (w - kOnes * n) & ~w & kHigh; }
}  // namespace swar

}  // namespace habeas
