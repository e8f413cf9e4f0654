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

// "value", "*partial*" for a partial id, "placeholder", or "error"; "+ others" when
// the cell held more identifiers.
std::string Id(const Result<ParsedIdentifier>& r) {
  if (!r.ok()) return "error";
  std::string out = r->kind == IdentifierKind::kPlaceholder ? "placeholder"
                    : r->kind == IdentifierKind::kPartial   ? "partial " + r->value
                                                            : r->value;
  if (!r->others.empty()) out += " + " + r->others;
  return out;
}

TEST(FieldParsersTest, ANumber) {
  EXPECT_EQ(Id(ParseANumber("A-012-345-678")), "012345678");
  EXPECT_EQ(Id(ParseANumber("A12345678")), "012345678");
  EXPECT_EQ(Id(ParseANumber("A# 212-345-678")), "212345678");
  EXPECT_EQ(Id(ParseANumber("212 345 678")), "212345678");
  EXPECT_EQ(Id(ParseANumber("1234")), "error");
  EXPECT_EQ(Id(ParseANumber("1234567890")), "error");
  EXPECT_EQ(Id(ParseANumber("A12x45678")), "partial *12*45678");  // x hides a digit
  EXPECT_EQ(Id(ParseANumber("A12?45678")), "error");
}

TEST(FieldParsersTest, ANumberRedactions) {
  EXPECT_EQ(Id(ParseANumber("XXX-XXX-435")), "partial ******435");
  EXPECT_EQ(Id(ParseANumber("xxx-xxx-435")), "partial ******435");
  EXPECT_EQ(Id(ParseANumber("***-**-6789")), "partial *****6789");
  EXPECT_EQ(Id(ParseANumber("A-XXX-XXX-123")), "partial ******123");
  EXPECT_EQ(Id(ParseANumber("A# XXX-XXX-123")), "partial ******123");
  EXPECT_EQ(Id(ParseANumber("XXX-435")), "partial ******435");  // short mask: padded to 9
  EXPECT_EQ(Id(ParseANumber("XXXX-XXX-XXX-435")), "error");     // 13 > 9 digits
  EXPECT_EQ(Id(ParseANumber("XXX-XXX-XXX")), "placeholder");    // no visible digit
}

TEST(FieldParsersTest, ANumberPlaceholders) {
  for (const char* p : {"N/A",           "NA",          "n/a",        "-",
                        "desconocido",   "Desconocida", "unknown",    "none",
                        "REDACTED",      "[redacted]",  "0",          "000000000",
                        "A-000-000-000", "A#",          "A-",         "no tiene",
                        "NINGUNO",       "SIN CÉDULA",  "sin cedula", "999999999",
                        "A-111-111-111", "A 99999999"}) {
    EXPECT_EQ(Id(ParseANumber(p)), "placeholder") << p;
  }
}

// One digit repeated six or more times fills a mandatory field; it is nobody's number
// (two strangers with 99999999 were linked by it, +10.7 bits). Numbers that merely
// repeat a digit often, or are short, stay identifiers.
TEST(FieldParsersTest, RepeatedDigitsAreFillersNotIdentifiers) {
  for (const char* p : {"99999999", "V-99.999.999", "11111111", "E-7777777", "V 888888"}) {
    EXPECT_EQ(Id(ParseNationalId(p)), "placeholder") << p;
  }
  EXPECT_EQ(Id(ParseNationalId("V-11.111.112")), "V11111112");
  EXPECT_EQ(Id(ParseNationalId("V-12.345.678")), "V12345678");
  EXPECT_EQ(Id(ParseANumber("A-099-999-999")), "099999999");
  EXPECT_EQ(Id(ParseANumber("XXX-XX9-999")), "partial *****9999");  // partial: the digits seen
}

TEST(FieldParsersTest, NationalId) {
  EXPECT_EQ(Id(ParseNationalId("V-12.345.678")), "V12345678");
  EXPECT_EQ(Id(ParseNationalId("e 8.123.456")), "E8123456");
  EXPECT_EQ(Id(ParseNationalId("12345678")), "12345678");
  EXPECT_EQ(Id(ParseNationalId("X1234567L")), "X1234567L");  // one X is a letter (NIE)
  EXPECT_EQ(Id(ParseNationalId("12#45")), "error");
  EXPECT_EQ(Id(ParseNationalId("ver anexo")), "error");  // letters, no digit, not a placeholder
}

TEST(FieldParsersTest, NationalIdRedactions) {
  EXPECT_EQ(Id(ParseNationalId("V-XX.XXX.678")), "partial V*****678");
  EXPECT_EQ(Id(ParseNationalId("v-xx.xxx.678")), "partial V*****678");
  EXPECT_EQ(Id(ParseNationalId("V-**.***.678")), "partial V*****678");
  EXPECT_EQ(Id(ParseNationalId("***-**-6789")), "partial *****6789");
  EXPECT_EQ(Id(ParseNationalId("XX.XXX.XXX")), "placeholder");
  EXPECT_EQ(Id(ParseNationalId("V-XX.XXX.XXX")), "placeholder");
}

TEST(FieldParsersTest, NationalIdPlaceholders) {
  for (const char* p : {"N/A",         "NA",           "n/a",          "-",          "--",
                        "desconocido", "desconocida",  "sin cedula",   "Sin Cédula", "no tiene",
                        "ninguno",     "unknown",      "none",         "REDACTED",   "[redacted]",
                        "0",           "000000000",    "V-00.000.000", "V-.-.",      "V-",
                        "V",           "no posee",     "sin datos",    "s/c",        "redactado",
                        "??",          "No Disponible"}) {
    EXPECT_EQ(Id(ParseNationalId(p)), "placeholder") << p;
  }
}

TEST(FieldParsersTest, SeveralIdentifiersInACellKeepTheFirst) {
  EXPECT_EQ(Id(ParseNationalId("V-12.345.678 / E-1.234")), "V12345678 + E-1.234");
  EXPECT_EQ(Id(ParseNationalId("12345678; 87654321")), "12345678 + 87654321");
  EXPECT_EQ(Id(ParseNationalId("12345678 87654321")), "12345678 + 87654321");  // never 16 digits
  EXPECT_EQ(Id(ParseNationalId("V 12345678 E 87654321")), "V12345678 + E 87654321");
  EXPECT_EQ(Id(ParseNationalId("V-12.345.678, V-8.765.432")), "V12345678 + V-8.765.432");
  EXPECT_EQ(Id(ParseNationalId("12345678 y 87654321")), "12345678 + 87654321");
  EXPECT_EQ(Id(ParseNationalId("N/A / V-12.345.678")), "V12345678");  // the first that is an id
  EXPECT_EQ(Id(ParseNationalId("V 12 345 678")), "V12345678");        // groups of one id
  EXPECT_EQ(Id(ParseANumber("A012345678; A087654321")), "012345678 + A087654321");
  EXPECT_EQ(Id(ParseANumber("XXX-XXX-435 | 212345678")), "partial ******435 + 212345678");
  EXPECT_EQ(Id(ParseANumber("12-34; 56-78")), "error");
}

TEST(FieldParsersTest, MappingPlaceholdersAreAdded) {
  Placeholders placeholders;
  EXPECT_EQ(Id(ParseNationalId("no consta", placeholders)), "error");
  placeholders.Add("No Consta");
  EXPECT_EQ(Id(ParseNationalId("NO CONSTA", placeholders)), "placeholder");
  EXPECT_EQ(Id(ParseANumber("no consta", placeholders)), "placeholder");
  EXPECT_TRUE(IsIdentifierPlaceholder("no consta", placeholders));
  EXPECT_TRUE(IsIdentifierPlaceholder("000-000", placeholders));
  EXPECT_FALSE(IsIdentifierPlaceholder("P-000-001", placeholders));
  EXPECT_FALSE(IsIdentifierPlaceholder("AB123", placeholders));
}

}  // namespace
}  // namespace habeas::ingest
