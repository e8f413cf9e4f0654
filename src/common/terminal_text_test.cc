#include "habeas/terminal_text.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

TEST(TerminalSafeTest, KeepsValidTextIncludingAccents) {
  EXPECT_EQ(TerminalSafe("José Pérez Núñez"), "José Pérez Núñez");
  EXPECT_EQ(TerminalSafe("€ 𝄞 ü"), "€ 𝄞 ü");
  EXPECT_EQ(TerminalSafe(""), "");
}

TEST(TerminalSafeTest, EscapesC0C1AndEsc) {
  EXPECT_EQ(TerminalSafe("Ana\x1b[2J"), "Ana\\x1b[2J");
  EXPECT_EQ(TerminalSafe("a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
  EXPECT_EQ(TerminalSafe(std::string_view("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(TerminalSafe("x\x7fy"), "x\\x7fy");
  EXPECT_EQ(TerminalSafe("\xC2\x9B" "31m"), "\\x9b31m");  // U+009B, the 8-bit CSI
  EXPECT_EQ(TerminalSafe("\xC2\x85"), "\\x85");
}

TEST(TerminalSafeTest, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(TerminalSafe("Jes\xFAs"), "Jes\xEF\xBF\xBDs");  // a lone Windows-1252 ú
  EXPECT_EQ(TerminalSafe("\x9B"), "\xEF\xBF\xBD");          // a raw C1 byte is not UTF-8
  EXPECT_EQ(TerminalSafe("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(TerminalSafe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(TerminalSafe("ab\xE2\x82"), "ab\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

}  // namespace
}  // namespace habeas
