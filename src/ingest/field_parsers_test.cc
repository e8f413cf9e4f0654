#include "ingest/field_parsers.h"

#include <gtest/gtest.h>

namespace habeas::ingest {
namespace {

std::string Or(const Result<std::string>& r) { return r.ok() ? *r : "error"; }

TEST(FieldParsersTest, CleanTextTrimsAndFoldsWhitespace) {
  EXPECT_EQ(CleanText("  José \t Luis\n Pérez\xC2\xA0"), "José Luis Pérez");
  EXPECT_EQ(CleanText(""), "");
  // Values that are already clean come back as they are; anything else is folded.
  EXPECT_EQ(CleanText("Carmen Deivis"), "Carmen Deivis");
  EXPECT_EQ(CleanText("De La Cruz Núñez"), "De La Cruz Núñez");
  EXPECT_EQ(CleanText("Ana  María"), "Ana María");
  EXPECT_EQ(CleanText(" Ana"), "Ana");
  EXPECT_EQ(CleanText("Ana\xC2\xA0María"), "Ana María");
  EXPECT_EQ(CleanText("Ana\tMaría"), "Ana María");
  EXPECT_EQ(CleanText("   "), "");
  EXPECT_EQ(CleanText("abcdefg  hij"), "abcdefg hij");      // two spaces across 8-byte words
  EXPECT_EQ(CleanText("abcdefghij  kl"), "abcdefghij kl");  // inside the second word
  EXPECT_EQ(CleanText("abcdefghijk\nlmnop"), "abcdefghijk lmnop");
  EXPECT_TRUE(IsBlank(" \t\xC2\xA0 "));
  EXPECT_FALSE(IsBlank(" x "));
  EXPECT_EQ(TrimView("\xC2\xA0 a b \n"), "a b");
  EXPECT_EQ(TrimView("  línea1\nlínea2 \xC2\xA0"), "línea1\nlínea2");
}

TEST(FieldParsersTest, Sex) {
  EXPECT_EQ(Or(ParseSex("M")), "M");
  EXPECT_EQ(Or(ParseSex("Masculino")), "M");
  EXPECT_EQ(Or(ParseSex("hombre")), "M");
  EXPECT_EQ(Or(ParseSex("F")), "F");
  EXPECT_EQ(Or(ParseSex("MUJER")), "F");
  EXPECT_EQ(Or(ParseSex("desconocido")), "");
  EXPECT_EQ(Or(ParseSex("yes")), "error");
}

TEST(FieldParsersTest, Age) {
  EXPECT_EQ(Or(ParseAge("34")), "34");
  EXPECT_EQ(Or(ParseAge("34 años")), "34");
  EXPECT_EQ(Or(ParseAge("34 years")), "34");
  EXPECT_EQ(Or(ParseAge("34.0")), "34");
  EXPECT_EQ(Or(ParseAge("treinta")), "error");
  EXPECT_EQ(Or(ParseAge("340")), "error");
  EXPECT_EQ(Or(ParseAge("34 meses")), "error");
}

TEST(FieldParsersTest, ANumber) {
  EXPECT_EQ(Or(ParseANumber("A-012-345-678")), "012345678");
  EXPECT_EQ(Or(ParseANumber("A12345678")), "012345678");
  EXPECT_EQ(Or(ParseANumber("212 345 678")), "212345678");
  EXPECT_EQ(Or(ParseANumber("1234")), "error");
  EXPECT_EQ(Or(ParseANumber("1234567890")), "error");
  EXPECT_EQ(Or(ParseANumber("A12x45678")), "error");
}

TEST(FieldParsersTest, NationalId) {
  EXPECT_EQ(Or(ParseNationalId("V-12.345.678")), "V12345678");
  EXPECT_EQ(Or(ParseNationalId("e 8.123.456")), "E8123456");
  EXPECT_EQ(Or(ParseNationalId("12345678")), "12345678");
  EXPECT_EQ(Or(ParseNationalId("12#45")), "error");
  EXPECT_EQ(Or(ParseNationalId("--")), "error");
}

}  // namespace
}  // namespace habeas::ingest
