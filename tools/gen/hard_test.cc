#include "hard.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace habeas::gen {
namespace {

bool AllDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

int Number(std::string_view text) { return std::stoi(std::string(text)); }

bool ValidDate(int year, int month, int day) {
  return year >= 1900 && year <= 2030 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

// True when `text` reads as a date in the list's own layout or in any layout a
// reader tries without a hint (YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYY).
bool ReadsAsDate(const std::string& text, DateLayout layout) {
  if (text.size() == 4 && AllDigits(text)) return true;
  if (text.size() == 8 && AllDigits(text)) {
    return ValidDate(Number(text.substr(0, 4)), Number(text.substr(4, 2)),
                     Number(text.substr(6, 2)));
  }
  if (text.size() == 7 && text[4] == '-' && AllDigits(text.substr(0, 4)) &&
      AllDigits(text.substr(5))) {
    const int month = Number(text.substr(5));
    return month >= 1 && month <= 12;
  }
  if (text.size() == 10 && text[2] == '/' && text[5] == '/' && AllDigits(text.substr(0, 2)) &&
      AllDigits(text.substr(3, 2)) && AllDigits(text.substr(6))) {
    const int first = Number(text.substr(0, 2));
    const int second = Number(text.substr(3, 2));
    const int year = Number(text.substr(6));
    return layout == DateLayout::kMonthDayYear ? ValidDate(year, first, second)
                                               : ValidDate(year, second, first);
  }
  return false;
}

TEST(HardTest, UnparsableDatesNeverReadAsDates) {
  std::set<std::string> shapes;
  for (DateLayout layout :
       {DateLayout::kDayMonthYear, DateLayout::kMonthDayYear, DateLayout::kYearMonth}) {
    for (uint64_t i = 0; i < 400; ++i) {
      Rng rng(i);
      const Date birth{1960 + static_cast<int>(i % 45), 1 + static_cast<int>(i % 12),
                       1 + static_cast<int>(i % 28)};
      const std::string text = UnparsableDate(birth, layout, rng);
      EXPECT_FALSE(ReadsAsDate(text, layout)) << text;
      EXPECT_NE(text.find(std::to_string(birth.year)), std::string::npos)
          << text << ": the year is still there for a person to read";
      shapes.insert(text.substr(0, 3));
    }
  }
  EXPECT_GT(shapes.size(), 20u) << "several shapes of bad dates";
  // The canonical example from the brief's real lists.
  EXPECT_FALSE(ReadsAsDate("31/02/1990", DateLayout::kDayMonthYear));
  EXPECT_TRUE(ReadsAsDate("28/02/1990", DateLayout::kDayMonthYear));  // the checker can say yes
}

TEST(HardTest, RedactedANumbersShowOnlyTheLastThreeDigits) {
  std::set<std::string> forms;
  for (uint64_t i = 0; i < 300; ++i) {
    Rng rng(i);
    const std::string redacted = RedactedANumber("220123435", rng);
    size_t digits = 0;
    for (char c : redacted) digits += c >= '0' && c <= '9';
    EXPECT_EQ(digits, 3u) << redacted;
    EXPECT_EQ(redacted.substr(redacted.size() - 3), "435") << redacted;
    forms.insert(redacted);
  }
  EXPECT_TRUE(forms.count("XXX-XXX-435"));
  EXPECT_TRUE(forms.count("A-XXX-XXX-435"));
  EXPECT_TRUE(forms.count("***-***-435"));
  EXPECT_GE(forms.size(), 5u);
}

TEST(HardTest, PlaceholdersAreTheKnownOnes) {
  const std::set<std::string> known = {"N/A",      "desconocido", "sin cedula", "no tiene",
                                       "REDACTED", "0",           "000000000"};
  std::set<std::string> seen;
  for (uint64_t i = 0; i < 300; ++i) {
    Rng rng(i);
    seen.insert(IdPlaceholder(rng));
  }
  EXPECT_EQ(seen, known);
}

TEST(HardTest, LevelsVaryWithTheSeedWithinEachStyleRange) {
  std::set<double> leak_word_errors;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const HardListLevels manifest = DrawHardListLevels(ListStyle::kManifest, seed, 0, 1.0);
    const HardListLevels leak = DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0);
    const HardListLevels court = DrawHardListLevels(ListStyle::kCourt, seed, 3, 1.0);
    // Documents are typed, not transcribed; a transcribed leak is noisier.
    EXPECT_EQ(manifest.word_error, 0);
    EXPECT_GE(leak.word_error, 0.18);
    EXPECT_LE(leak.word_error, 0.32);
    EXPECT_GE(leak.name_only, 0.40);
    EXPECT_LE(leak.name_only, 0.70);
    EXPECT_LT(manifest.noise, leak.noise);
    EXPECT_LT(manifest.drop_surname2, leak.drop_surname2);
    EXPECT_GE(court.initials, 0.30);
    EXPECT_LE(court.initials, 0.37);
    EXPECT_EQ(court.name_only, 0);
    leak_word_errors.insert(leak.word_error);
    // Same seed, same levels.
    EXPECT_EQ(DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0).word_error, leak.word_error);
  }
  EXPECT_EQ(leak_word_errors.size(), 50u) << "each seed draws its own level";
  // About half the seeds' leaks name no flight; the others name it on half the rows or
  // more. Other lists are not drawn.
  int without_flights = 0;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const double share = DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0).flight_share;
    if (share == 0) {
      ++without_flights;
    } else {
      EXPECT_GE(share, 0.5);
      EXPECT_LE(share, 1.0);
    }
    EXPECT_EQ(DrawHardListLevels(ListStyle::kNgo, seed, 4, 1.0).flight_share, 1.0);
  }
  EXPECT_GT(without_flights, 10);
  EXPECT_LT(without_flights, 40);
  // Transcribed lists sometimes keep the second given name, the one a person goes by;
  // documents keep the first.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const double leak_second = DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0).second_given_kept;
    EXPECT_GE(leak_second, 0.15);
    EXPECT_LE(leak_second, 0.35);
    EXPECT_EQ(DrawHardListLevels(ListStyle::kManifest, seed, 0, 1.0).second_given_kept, 0.0);
    EXPECT_EQ(DrawHardListLevels(ListStyle::kCourt, seed, 3, 1.0).second_given_kept, 0.0);
  }
  // Rows misread as Windows-1252: about half the seeds' hand-typed UTF-8 lists have
  // none, the others 5–25% of their rows; documents and the Windows-1252 leak never.
  int without_misread = 0;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const double share = DrawHardListLevels(ListStyle::kFamily, seed, 2, 1.0).misread_text;
    if (share == 0) {
      ++without_misread;
    } else {
      EXPECT_GE(share, 0.05);
      EXPECT_LE(share, 0.25);
    }
    EXPECT_EQ(DrawHardListLevels(ListStyle::kManifest, seed, 0, 1.0).misread_text, 0.0);
    EXPECT_EQ(DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0).misread_text, 0.0);
    EXPECT_EQ(DrawHardListLevels(ListStyle::kCourt, seed, 3, 1.0).misread_text, 0.0);
  }
  EXPECT_GT(without_misread, 10);
  EXPECT_LT(without_misread, 40);
  // Typed accents and asides: every list typed by hand, about half the seeds none.
  int without_typed = 0, without_asides = 0;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    for (const auto& [style, index] :
         {std::pair{ListStyle::kLeak, size_t{1}}, std::pair{ListStyle::kFamily, size_t{2}},
          std::pair{ListStyle::kNgo, size_t{4}}}) {
      const HardListLevels levels = DrawHardListLevels(style, seed, index, 1.0);
      if (levels.typed_accents == 0) {
        ++without_typed;
      } else {
        EXPECT_GE(levels.typed_accents, 0.1);
        EXPECT_LE(levels.typed_accents, 0.4);
      }
      if (levels.name_aside == 0) {
        ++without_asides;
      } else {
        EXPECT_GE(levels.name_aside, 0.03);
        EXPECT_LE(levels.name_aside, 0.12);
      }
    }
    for (const auto& [style, index] :
         {std::pair{ListStyle::kManifest, size_t{0}}, std::pair{ListStyle::kCourt, size_t{3}}}) {
      EXPECT_EQ(DrawHardListLevels(style, seed, index, 1.0).typed_accents, 0.0);
      EXPECT_EQ(DrawHardListLevels(style, seed, index, 1.0).name_aside, 0.0);
    }
  }
  EXPECT_GT(without_typed, 40);
  EXPECT_LT(without_typed, 110);
  EXPECT_GT(without_asides, 40);
  EXPECT_LT(without_asides, 110);
  // Rows pasted from a Windows-1252 list: the hand-typed UTF-8 lists, half the seeds none.
  int without_pasted = 0;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const double share = DrawHardListLevels(ListStyle::kNgo, seed, 4, 1.0).pasted_windows1252;
    if (share == 0) {
      ++without_pasted;
    } else {
      EXPECT_GE(share, 0.02);
      EXPECT_LE(share, 0.10);
    }
    EXPECT_EQ(DrawHardListLevels(ListStyle::kLeak, seed, 1, 1.0).pasted_windows1252, 0.0);
    EXPECT_EQ(DrawHardListLevels(ListStyle::kManifest, seed, 0, 1.0).pasted_windows1252, 0.0);
  }
  EXPECT_GT(without_pasted, 10);
  EXPECT_LT(without_pasted, 40);
  // --noise scales rates, not the shares of rows.
  const HardListLevels one = DrawHardListLevels(ListStyle::kLeak, 9, 1, 1.0);
  const HardListLevels half = DrawHardListLevels(ListStyle::kLeak, 9, 1, 0.5);
  EXPECT_DOUBLE_EQ(half.word_error, one.word_error * 0.5);
  EXPECT_DOUBLE_EQ(half.name_only, one.name_only);
}

TEST(HardTest, ProfileNamesRoundTrip) {
  EXPECT_EQ(ParseProfile("hard"), Profile::kHard);
  EXPECT_EQ(ParseProfile("default"), Profile::kDefault);
  EXPECT_EQ(ParseProfile("Hard"), std::nullopt);
  EXPECT_EQ(ProfileName(Profile::kHard), "hard");
}

}  // namespace
}  // namespace habeas::gen
