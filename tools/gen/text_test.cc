#include "text.h"

#include <gtest/gtest.h>

namespace habeas::gen {
namespace {

TEST(TextTest, UpperLowerKeepAccents) {
  EXPECT_EQ(ToUpper("José Ñáñez Güiria"), "JOSÉ ÑÁÑEZ GÜIRIA");
  EXPECT_EQ(ToLower("JOSÉ ÑÁÑEZ"), "josé ñáñez");
}

TEST(TextTest, StripAccentsMapsSpanishLetters) {
  EXPECT_EQ(StripAccents("José Ñáñez Güiria Ángel"), "Jose Nanez Guiria Angel");
  EXPECT_EQ(StripAccents("plain ascii"), "plain ascii");
}

TEST(TextTest, SpanishTitleCaseKeepsParticlesLower) {
  EXPECT_EQ(SpanishTitleCase("maría de los ángeles"), "María de los Ángeles");
  EXPECT_EQ(SpanishTitleCase("DE LA CRUZ"), "De la Cruz");
  EXPECT_EQ(SpanishTitleCase("ÁNGEL"), "Ángel");
}

TEST(TextTest, MisreadAsWindows1252GivesTheMojibakeOfSpreadsheets) {
  EXPECT_EQ(MisreadAsWindows1252("Jesús Peña"), "JesÃºs PeÃ±a");
  EXPECT_EQ(MisreadAsWindows1252("NÚÑEZ"), "NÃšÃ‘EZ");
  // The second byte of "Í" (C3 8D) is undefined in Windows-1252: its C1 control.
  EXPECT_EQ(MisreadAsWindows1252("MARÍA"), "MARÃ\u008dA");
  EXPECT_EQ(MisreadAsWindows1252("O’Brien"), "Oâ€™Brien");
  EXPECT_EQ(MisreadAsWindows1252("plain"), "plain");
  EXPECT_TRUE(IsValidUtf8(MisreadAsWindows1252("Ángel")));
}

TEST(TextTest, Windows1252EncodesLatin1AndIsNotUtf8) {
  const std::string bytes = Utf8ToWindows1252("Peña Ávila €");
  EXPECT_EQ(bytes,
            "Pe\xF1"
            "a \xC1vila \x80");
  EXPECT_FALSE(IsValidUtf8(bytes));
  EXPECT_EQ(Utf8ToWindows1252("日"), "?");
}

TEST(TextTest, Utf8RoundTripAndValidation) {
  const std::string text = "Uzcátegui ñ 日本 😀";
  EXPECT_EQ(EncodeUtf8(DecodeUtf8(text)), text);
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_FALSE(IsValidUtf8("\xC3"));  // truncated
  EXPECT_FALSE(
      IsValidUtf8("a\xF1"
                  "b"));  // Latin-1 byte
  EXPECT_TRUE(IsAscii("Jose"));
  EXPECT_FALSE(IsAscii("José"));
}

}  // namespace
}  // namespace habeas::gen
