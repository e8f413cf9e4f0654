#include "habeas/partial_date.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

std::string Iso(std::string_view text, std::string format = "") {
  DateParseOptions o;
  o.format = std::move(format);
  Result<ParsedDate> d = ParseDate(text, o);
  return d.ok() ? d->date.ToIso() : "error: " + d.status().message();
}

TEST(PartialDateTest, ParsesCommonFormats) {
  EXPECT_EQ(Iso("1990-03-15"), "1990-03-15");
  EXPECT_EQ(Iso("15/03/1990"), "1990-03-15");
  EXPECT_EQ(Iso("03/15/1990"), "1990-03-15");  // only one reading possible
  EXPECT_EQ(Iso("19900315"), "1990-03-15");
  EXPECT_EQ(Iso("15.03.1990"), "1990-03-15");
  EXPECT_EQ(Iso("15-03-90"), "1990-03-15");
  EXPECT_EQ(Iso("15/03/05"), "2005-03-15");
  EXPECT_EQ(Iso("15 de marzo de 1990"), "1990-03-15");
  EXPECT_EQ(Iso("Mar 15, 1990"), "1990-03-15");
  EXPECT_EQ(Iso(" 1990-03-15 00:00:00 "), "1990-03-15");
}

TEST(PartialDateTest, ParsesPartialDates) {
  EXPECT_EQ(Iso("1990"), "1990");
  EXPECT_EQ(Iso("1990-03"), "1990-03");
  EXPECT_EQ(Iso("03/1990"), "1990-03");
  EXPECT_EQ(Iso("marzo 1990"), "1990-03");
  EXPECT_EQ(Iso("199003"), "1990-03");
  EXPECT_EQ(Iso("00/00/1990"), "1990");
  EXPECT_EQ(Iso("00/03/1990"), "1990-03");
}

TEST(PartialDateTest, AmbiguousDatesAreFlaggedNotGuessedSilently) {
  Result<ParsedDate> d = ParseDate("03/04/1990");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->ambiguous);
  EXPECT_EQ(d->date.ToIso(), "1990-04-03");  // day-first by default
  ASSERT_TRUE(d->alternative.has_value());
  EXPECT_EQ(d->alternative->ToIso(), "1990-03-04");

  DateParseOptions us;
  us.default_order = DayMonthOrder::kMonthFirst;
  d = ParseDate("03/04/1990", us);
  EXPECT_EQ(d->date.ToIso(), "1990-03-04");
  EXPECT_TRUE(d->ambiguous);

  // Same day and month: one reading.
  d = ParseDate("05/05/1990");
  EXPECT_FALSE(d->ambiguous);
  // A hint resolves the ambiguity.
  DateParseOptions hint;
  hint.format = "MM/DD/YYYY";
  d = ParseDate("03/04/1990", hint);
  EXPECT_FALSE(d->ambiguous);
  EXPECT_EQ(d->date.ToIso(), "1990-03-04");
}

TEST(PartialDateTest, HintIsObeyedAndConflictsAreErrors) {
  EXPECT_EQ(Iso("15/03/1990", "DD/MM/YYYY"), "1990-03-15");
  EXPECT_EQ(Iso("15031990", "DDMMYYYY"), "1990-03-15");
  EXPECT_EQ(Iso("1990", "DD/MM/YYYY"), "1990");              // a year alone is still a partial date
  EXPECT_EQ(Iso("1990-03-15", "DD/MM/YYYY"), "1990-03-15");  // unambiguous ISO accepted
  EXPECT_EQ(Iso("15/03/1990", "MM/DD/YYYY"),
            "error: \"15/03/1990\" is not a date (month 15 does not exist; expected "
            "YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD, YYYY-MM or YYYY)");
  EXPECT_FALSE(ValidateDateFormat("QQ/MM").ok());
  EXPECT_TRUE(ValidateDateFormat("YYYY-MM").ok());
}

TEST(PartialDateTest, HintedOrderSwapsOnlyWhenAskedAndOnlyWhenImpossible) {
  DateParseOptions o;
  o.format = "MM/DD/YYYY";
  o.hinted_order = HintedOrder::kSwapWhenImpossible;
  Result<ParsedDate> d = ParseDate("25/12/1990", o);  // month 25: only DD/MM reads
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->date.ToIso(), "1990-12-25");
  EXPECT_TRUE(d->order_swapped);
  d = ParseDate("03/04/1990", o);  // possible as hinted: never swapped
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->date.ToIso(), "1990-03-04");
  EXPECT_FALSE(d->order_swapped);
  EXPECT_FALSE(ParseDate("25/32/1990", o).ok());  // neither order is a date
  o.format = "DDMMYYYY";
  d = ParseDate("12251990", o);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->date.ToIso(), "1990-12-25");
  EXPECT_TRUE(d->order_swapped);
  o.hinted_order = HintedOrder::kStrict;
  EXPECT_FALSE(ParseDate("12251990", o).ok());
}

TEST(PartialDateTest, RejectsNonDates) {
  EXPECT_EQ(Iso("31/02/1990"), "error: \"31/02/1990\" is not a date (February 1990 has 28 days)");
  EXPECT_EQ(Iso("29/02/2000"), "2000-02-29");
  EXPECT_EQ(Iso("29/02/1900").substr(0, 5), "error");
  EXPECT_EQ(Iso("unknown").substr(0, 5), "error");
  EXPECT_EQ(Iso("32/13/1990").substr(0, 5), "error");
  EXPECT_EQ(Iso("1990-13-01").substr(0, 5), "error");
  EXPECT_EQ(Iso("0000-01-01").substr(0, 5), "error");
  EXPECT_EQ(Iso("12/12/12/12").substr(0, 5), "error");
  EXPECT_EQ(Iso("").substr(0, 5), "error");
  EXPECT_EQ(Iso("1990-03-15x").substr(0, 5), "error");
  EXPECT_EQ(Iso("123456789012").substr(0, 5), "error");
}

// "11/03/1994" and "1994-03-11" take a fast path; spaced out they take the general
// tokenizer. Both must read every value, valid or not, the same way.
TEST(PartialDateTest, FixedWidthFastPathAgreesWithTokenizer) {
  auto pad = [](int v, int w) {
    std::string s = std::to_string(v);
    return std::string(w - s.size(), '0') + s;
  };
  for (const char* hint : {"", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD"}) {
    DateParseOptions o;
    o.format = hint;
    for (int y : {1850, 1988, 2000, 2024}) {
      for (int a = 0; a <= 32; ++a) {
        for (int b = 0; b <= 13; ++b) {
          for (const auto& [fast, slow] :
               {std::pair{pad(a, 2) + "/" + pad(b, 2) + "/" + pad(y, 4),
                          pad(a, 2) + " / " + pad(b, 2) + " / " + pad(y, 4)},
                std::pair{pad(y, 4) + "-" + pad(b, 2) + "-" + pad(a, 2),
                          pad(y, 4) + " - " + pad(b, 2) + " - " + pad(a, 2)}}) {
            const Result<ParsedDate> f = ParseDate(fast, o);
            const Result<ParsedDate> g = ParseDate(slow, o);
            ASSERT_EQ(f.ok(), g.ok()) << fast << " hint " << hint;
            if (!f.ok()) continue;
            EXPECT_EQ(f->date.ToIso(), g->date.ToIso()) << fast;
            EXPECT_EQ(f->ambiguous, g->ambiguous) << fast;
          }
        }
      }
    }
  }
}

TEST(PartialDateTest, IsoRoundTrip) {
  for (const char* s : {"1990", "1990-03", "1990-03-15", "2000-02-29"}) {
    Result<PartialDate> d = PartialDate::FromIso(s);
    ASSERT_TRUE(d.ok()) << s;
    EXPECT_EQ(d->ToIso(), s);
  }
  EXPECT_FALSE(PartialDate::FromIso("1990-3-15").ok());
  EXPECT_FALSE(PartialDate::FromIso("1990-02-30").ok());
}

}  // namespace
}  // namespace habeas
