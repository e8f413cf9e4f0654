#include "ingest/cell_text.h"

#include <gtest/gtest.h>

namespace habeas::ingest {
namespace {

std::string Date1900(const char* serial) {
  return FormatNumberCell(serial, ClassifyNumberFormat(14, ""), DateSystem::k1900);
}

TEST(CellTextTest, SerialDatesOfThe1900SystemCountLotusPhantomLeapDay) {
  EXPECT_EQ(Date1900("1"), "1900-01-01");
  EXPECT_EQ(Date1900("59"), "1900-02-28");
  EXPECT_EQ(Date1900("60"), "1900-02-29");  // never was: the date parser refuses it
  EXPECT_EQ(Date1900("61"), "1900-03-01");
  EXPECT_EQ(Date1900("25569"), "1970-01-01");
  EXPECT_EQ(Date1900("33239"), "1991-01-01");
  EXPECT_EQ(Date1900("45658.0"), "2025-01-01");
  EXPECT_EQ(Date1900("2958465"), "9999-12-31");
  EXPECT_EQ(Date1900("2958466"), "2958466");  // past the last day: the number
  EXPECT_EQ(Date1900("-3"), "-3");
}

TEST(CellTextTest, SerialDatesOfThe1904System) {
  const NumberFormat date = ClassifyNumberFormat(14, "");
  EXPECT_EQ(FormatNumberCell("0", date, DateSystem::k1904), "1904-01-01");
  EXPECT_EQ(FormatNumberCell("31777", date, DateSystem::k1904), "1991-01-01");
  EXPECT_EQ(FormatNumberCell("24107", date, DateSystem::k1904), "1970-01-01");
}

TEST(CellTextTest, BuiltInAndCustomDateFormats) {
  for (int id : {14, 15, 16, 17}) {
    EXPECT_EQ(ClassifyNumberFormat(id, "").kind, NumberFormatKind::kDate) << id;
  }
  EXPECT_EQ(ClassifyNumberFormat(22, "").kind, NumberFormatKind::kDateTime);
  for (int id : {18, 19, 20, 21, 45, 46, 47}) {
    EXPECT_EQ(ClassifyNumberFormat(id, "").kind, NumberFormatKind::kTime) << id;
  }
  EXPECT_EQ(ClassifyNumberFormat(164, "dd/mm/yyyy").kind, NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(165, "[$-C0A]d \"de\" mmmm \"de\" yyyy;@").kind,
            NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(166, "yyyy-mm-dd hh:mm").kind, NumberFormatKind::kDateTime);
  EXPECT_EQ(ClassifyNumberFormat(167, "[h]:mm").kind, NumberFormatKind::kTime);
  // Letters inside quotes or colour brackets are not date tokens.
  EXPECT_EQ(ClassifyNumberFormat(168, "[Red]0\" days\"").kind, NumberFormatKind::kDigits);
  EXPECT_EQ(ClassifyNumberFormat(0, "General").kind, NumberFormatKind::kGeneral);
  EXPECT_EQ(ClassifyNumberFormat(49, "@").kind, NumberFormatKind::kGeneral);
}

TEST(CellTextTest, DateTimesAndTimes) {
  const NumberFormat datetime = ClassifyNumberFormat(22, "");
  EXPECT_EQ(FormatNumberCell("33239.5", datetime, DateSystem::k1900), "1991-01-01 12:00:00");
  EXPECT_EQ(FormatNumberCell("33239", datetime, DateSystem::k1900), "1991-01-01");
  EXPECT_EQ(FormatNumberCell("0.75", ClassifyNumberFormat(21, ""), DateSystem::k1900), "18:00:00");
  // A date format drops the time of day.
  EXPECT_EQ(Date1900("33239.99"), "1991-01-01");
}

TEST(CellTextTest, ZeroPaddedFormatsKeepLeadingZeros) {
  const NumberFormat cedula = ClassifyNumberFormat(164, "00000000");
  EXPECT_EQ(cedula.kind, NumberFormatKind::kDigits);
  EXPECT_EQ(FormatNumberCell("1234567", cedula, DateSystem::k1900), "01234567");
  EXPECT_EQ(FormatNumberCell("12345678", cedula, DateSystem::k1900), "12345678");
  const NumberFormat a_number = ClassifyNumberFormat(165, "000000000");
  EXPECT_EQ(FormatNumberCell("12345678", a_number, DateSystem::k1900), "012345678");
  EXPECT_EQ(FormatNumberCell("1.2345678E7", a_number, DateSystem::k1900), "012345678");
  const NumberFormat prefixed = ClassifyNumberFormat(166, "\"A-\"000000000");
  EXPECT_EQ(FormatNumberCell("12345678", prefixed, DateSystem::k1900), "A-012345678");
  EXPECT_EQ(FormatNumberCell("3.14159", ClassifyNumberFormat(2, ""), DateSystem::k1900), "3.14");
  EXPECT_EQ(FormatNumberCell("2.5", ClassifyNumberFormat(1, ""), DateSystem::k1900), "3");
}

TEST(CellTextTest, GeneralNumbersHaveNoExponent) {
  const NumberFormat general;
  EXPECT_EQ(FormatNumberCell("10000000", general, DateSystem::k1900), "10000000");
  EXPECT_EQ(FormatNumberCell("1.0E7", general, DateSystem::k1900), "10000000");
  EXPECT_EQ(FormatNumberCell("1E+15", general, DateSystem::k1900), "1000000000000000");
  EXPECT_EQ(FormatNumberCell("0.1", general, DateSystem::k1900), "0.1");
  EXPECT_EQ(FormatNumberCell("34.5", general, DateSystem::k1900), "34.5");
  // Integers are kept as written, even past a double's precision.
  EXPECT_EQ(FormatNumberCell("12345678901234567890", general, DateSystem::k1900),
            "12345678901234567890");
  EXPECT_EQ(FormatNumberCell("not a number", general, DateSystem::k1900), "not a number");
}

}  // namespace
}  // namespace habeas::ingest
