#include "common/encoding.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

Result<Encoding> Sniff(std::string_view bytes, size_t chunk = 3) {
  EncodingSniffer s;
  for (size_t i = 0; i < bytes.size(); i += chunk) s.Feed(bytes.substr(i, chunk));
  return s.Verdict("t.csv");
}

TEST(EncodingTest, DetectsUtf8EvenWhenSequencesSpanChunks) {
  EXPECT_EQ(*Sniff("Jos\xC3\xA9 P\xC3\xA9rez,Nu\xC3\xB1"
                   "ez\n",
                   1),
            Encoding::kUtf8);
  EXPECT_EQ(*Sniff("plain ascii\n"), Encoding::kUtf8);
  EXPECT_EQ(*Sniff("\xEF\xBB\xBFnombre\n"), Encoding::kUtf8);
}

TEST(EncodingTest, DetectsWindows1252AndLatin1) {
  // "José Núñez" in Windows-1252, with a curly quote (0x93) only 1252 has.
  EXPECT_EQ(*Sniff("Jos\xE9 N\xFA\xF1"
                   "ez \x93"
                   "x\x94\n"),
            Encoding::kWindows1252);
  // 0x81 is undefined in Windows-1252: Latin-1 is the only reading.
  EXPECT_EQ(*Sniff("a\x81"
                   "b\xE9\n"),
            Encoding::kLatin1);
  // A single bad byte at the very end still makes the file non-UTF-8.
  std::string big(100000, 'a');
  big += "\xE9";
  EXPECT_EQ(*Sniff(big, 4096), Encoding::kWindows1252);
}

// 30 lines of UTF-8 names with accents, one of them damaged by a lone 0xFA byte (a
// Windows-1252 "ú" pasted in).
std::string MostlyUtf8(bool bom) {
  std::string text = bom ? "\xEF\xBB\xBFnombre\n" : "nombre\n";
  for (int i = 0; i < 30; ++i) text += i == 6 ? "Jes\xFAs\n" : "Jes\xC3\xBAs P\xC3\xA9rez\n";
  return text;
}

EncodingSniffer SniffAll(std::string_view bytes, size_t chunk = 5) {
  EncodingSniffer s;
  for (size_t i = 0; i < bytes.size(); i += chunk) s.Feed(bytes.substr(i, chunk));
  return s;
}

TEST(EncodingTest, AFewStrayBytesInUtf8AreReadAsWindows1252AndReportedWithTheirLine) {
  const EncodingSniffer s = SniffAll(MostlyUtf8(false));
  ASSERT_TRUE(s.Verdict("t.csv").ok());
  EXPECT_EQ(*s.Verdict("t.csv"), Encoding::kUtf8);
  EXPECT_EQ(s.invalid_utf8_sequences(), 1u);
  ASSERT_EQ(s.invalid_utf8_positions().size(), 1u);
  EXPECT_EQ(s.invalid_utf8_positions()[0].line, 8u);  // header, then the 7th name
  const std::string warning = s.Warning("t.csv");
  EXPECT_NE(warning.find("t.csv: read as UTF-8"), std::string::npos) << warning;
  EXPECT_NE(warning.find("1 invalid byte sequence read as Windows-1252 (bytes pasted from a "
                         "Windows-1252 file) at line 8"),
            std::string::npos)
      << warning;
  std::string out;
  EXPECT_TRUE(AppendUtf8("Jes\xFAs", Encoding::kUtf8, &out));
  EXPECT_EQ(out, "Jes\xC3\xBAs");  // the Windows-1252 ú, not U+FFFD (until 2026-12-07)
  out.clear();
  EXPECT_FALSE(AppendUtf8("Jes\xC3\xBAs", Encoding::kUtf8, &out));
  EXPECT_EQ(out, "Jes\xC3\xBAs");
}

TEST(EncodingTest, ABomFollowsTheSameRule) {
  const EncodingSniffer s = SniffAll(MostlyUtf8(true), 7);
  ASSERT_TRUE(s.Verdict("t.csv").ok()) << s.Verdict("t.csv").status().message();
  EXPECT_EQ(*s.Verdict("t.csv"), Encoding::kUtf8);
  EXPECT_FALSE(s.Warning("t.csv").empty());
  // A BOM before Windows-1252 text: refused, naming the line, not read as mojibake.
  Result<Encoding> r = Sniff("\xEF\xBB\xBFnombre\nJos\xE9\nN\xFA\xF1" "ez\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("t.csv:2:"), std::string::npos) << r.status().message();
}

// A short UTF-8 list with one bad byte, with and without a byte-order mark: UTF-8 both
// ways, the bad byte reported, never every accent turned into mojibake.
TEST(EncodingTest, AShortUtf8ListWithOneBadByteIsUtf8WithOrWithoutABom) {
  const std::string body =
      "id,nombre\n1,Jes\xC3\xBAs P\xC3\xA9rez\n2,Mar\xED" "a Lopez\n3,Jos\xC3\xA9 "
      "G\xC3\xB3mez\n4,Ram\xC3\xB3n N\xC3\xBA\xC3\xB1"
      "ez\n";
  for (const std::string& bytes : {body, "\xEF\xBB\xBF" + body}) {
    const EncodingSniffer s = SniffAll(bytes);
    ASSERT_TRUE(s.Verdict("t.csv").ok()) << s.Verdict("t.csv").status().message();
    EXPECT_EQ(*s.Verdict("t.csv"), Encoding::kUtf8);
    EXPECT_NE(s.Warning("t.csv").find("1 invalid byte sequence read as Windows-1252 (bytes "
                                      "pasted from a Windows-1252 file) at line 3"),
              std::string::npos)
        << s.Warning("t.csv");
  }
}

TEST(EncodingTest, Windows1252WithAStrayUtf8LookalikeStaysWindows1252) {
  // "É”" is C9 94: a valid UTF-8 pair by accident; the other accents are not.
  const EncodingSniffer s = SniffAll("\xC9\x94 Jos\xE9 N\xFA\xF1" "ez Mar\xED" "a \xC1ngel\n");
  EXPECT_EQ(*s.Verdict("t.csv"), Encoding::kWindows1252);
  EXPECT_EQ(s.Warning("t.csv"), "");
}

TEST(EncodingTest, RefusalsNeverSuggestAnEncodingThatDoesNotExist) {
  Result<Encoding> r = Sniff(std::string("\xFF\xFEn\0o\0m\0", 8));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("--encoding utf-16"), std::string::npos);
  EXPECT_NE(r.status().message().find("utf-8, windows-1252 and latin-1 only"), std::string::npos);
}

// FF FE 00 00 starts both UTF-16 LE and UTF-32 LE byte-order marks: the message said
// UTF-16 for a UTF-32 file.
TEST(EncodingTest, NamesUtf32ByItsByteOrderMark) {
  for (const std::string& bom : {std::string("\xFF\xFE\0\0", 4), std::string("\0\0\xFE\xFF", 4)}) {
    Result<Encoding> r = Sniff(bom + std::string("n\0\0\0o\0\0\0", 8));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("file is UTF-32 (byte-order mark found)"),
              std::string::npos)
        << r.status().message();
  }
}

TEST(EncodingTest, RejectsUtf16AndBinary) {
  Result<Encoding> r = Sniff(std::string("\xFF\xFEn\0o\0m\0", 8));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UTF-16"), std::string::npos);
  r = Sniff(std::string("n\0o\0m\0b\0r\0e\0", 12));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("t.csv: unknown encoding: NUL byte at offset 1"),
            std::string::npos);
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i == 0 ? 1 : i % 32));
  EXPECT_FALSE(Sniff(binary).ok());
}

TEST(EncodingTest, FastPathStillSeesNulAndControlBytesBetweenLineBreaks) {
  std::string lines;
  for (int i = 0; i < 1000; ++i) lines += "id\tnombre,apellido\r\n";
  EXPECT_EQ(*Sniff(lines, 65536), Encoding::kUtf8);
  std::string with_nul = lines;
  with_nul[12345] = '\0';
  Result<Encoding> r = Sniff(with_nul, 65536);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("NUL byte at offset 12345"), std::string::npos)
      << r.status().message();
}

TEST(EncodingTest, TranscodesToUtf8) {
  std::string out;
  AppendUtf8("Jos\xE9 \x80 \x93x\x94", Encoding::kWindows1252, &out);
  EXPECT_EQ(out, "Jos\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D");
  out.clear();
  AppendUtf8("\x80\xE9", Encoding::kLatin1, &out);
  EXPECT_EQ(out, "\xC2\x80\xC3\xA9");
  out.clear();
  AppendUtf8(
      "a\xFF"
      "b\xC3\xB1 \x8D",
      Encoding::kUtf8, &out);
  // A stray byte is read as Windows-1252 (ÿ); one Windows-1252 leaves undefined is U+FFFD.
  EXPECT_EQ(out,
            "a\xC3\xBF"
            "b\xC3\xB1 \xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(EncodingTest, ValidatesUtf8Strictly) {
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
}

// What a spreadsheet set to Windows-1252 (or Latin-1) makes of UTF-8 text and writes
// back as UTF-8.
std::string Misread(std::string_view utf8, Encoding as = Encoding::kWindows1252) {
  std::string out;
  AppendUtf8(utf8, as, &out);
  return out;
}

TEST(EncodingTest, RepairsTextMisreadAsWindows1252) {
  EXPECT_EQ(Misread("Jes\u00fas"), "Jes\u00c3\u00bas");  // "JesÃºs"
  for (const std::string good :
       {"Jes\u00fas", "N\u00da\u00d1EZ", "MAR\u00cdA DEL \u00c1NGEL", "O\u2019Brien", "G\u00fciria",
        "Pe\u00f1a \u2013 Z\u00fa\u00f1iga"}) {
    for (Encoding as : {Encoding::kWindows1252, Encoding::kLatin1}) {
      const std::string bad = Misread(good, as);
      ASSERT_NE(bad, good);
      const std::optional<std::string> repaired = RepairMisdecodedUtf8(bad);
      ASSERT_TRUE(repaired.has_value()) << bad;
      EXPECT_EQ(*repaired, good) << bad;
    }
    // Misread twice (passed through two such spreadsheets).
    EXPECT_EQ(RepairMisdecodedUtf8(Misread(Misread(good))), good);
  }
}

TEST(EncodingTest, LeavesTextThatIsNotMisreadAsItIs) {
  for (const std::string text :
       {"Jose", "Jos\u00e9", "Pe\u00f1a", "S\u00e3o Paulo", "M\u00dcLLER",
        "\u00c1NGEL \u00d1A\u00d1EZ",
        "N\u00ba 12 \u00bfd\u00f3nde?",  // º and ¿ beside letters, as typed
        "\u00c3 solo", "MART\u00c3NEZ",  // "Í" whose second byte was lost on the way
        "Jes\u00c3\u00bas Pe\u00f1a",    // one word misread, another not: not one reading
        "\u00e6\u00bc\u00a2"}) {         // reads back as a CJK character, not a name
    EXPECT_EQ(RepairMisdecodedUtf8(text), std::nullopt) << text;
  }
}

TEST(EncodingTest, ParsesEncodingNames) {
  EXPECT_EQ(*ParseEncodingName("UTF8"), Encoding::kUtf8);
  EXPECT_EQ(*ParseEncodingName("cp1252"), Encoding::kWindows1252);
  EXPECT_EQ(*ParseEncodingName("ISO-8859-1"), Encoding::kLatin1);
  EXPECT_FALSE(ParseEncodingName("ebcdic").ok());
}

}  // namespace
}  // namespace habeas
