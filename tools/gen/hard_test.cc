#include "hard.h"

#include <gtest/gtest.h>

#include <initializer_list>
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

// A list of the five: its style and its index.
struct ListAt {
  ListStyle style;
  size_t index;
};
constexpr ListAt kManifest{ListStyle::kManifest, 0}, kLeak{ListStyle::kLeak, 1},
    kFamily{ListStyle::kFamily, 2}, kCourt{ListStyle::kCourt, 3}, kNgo{ListStyle::kNgo, 4};
constexpr uint64_t kSeeds = 50;

// Over seeds 1..kSeeds: how many draw `level` as 0 for `list`; every other draw must lie
// in [low, high].
int SeedsWithoutLevel(double HardListLevels::*level, ListAt list, double low, double high) {
  int zero = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const double drawn = DrawHardListLevels(list.style, seed, list.index, 1.0).*level;
    if (drawn == 0) {
      ++zero;
      continue;
    }
    EXPECT_GE(drawn, low) << "seed " << seed;
    EXPECT_LE(drawn, high) << "seed " << seed;
  }
  return zero;
}

// `level` is `value` for every seed of each of `lists` (lists that never draw it).
void ExpectLevelOnEverySeed(double HardListLevels::*level, std::initializer_list<ListAt> lists,
                            double value) {
  for (const ListAt list : lists) {
    for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
      EXPECT_EQ(DrawHardListLevels(list.style, seed, list.index, 1.0).*level, value)
          << "seed " << seed << ", list " << list.index;
    }
  }
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
  const int without_flights = SeedsWithoutLevel(&HardListLevels::flight_share, kLeak, 0.5, 1.0);
  EXPECT_GT(without_flights, 10);
  EXPECT_LT(without_flights, 40);
  ExpectLevelOnEverySeed(&HardListLevels::flight_share, {kNgo}, 1.0);
  // Transcribed lists sometimes keep the second given name, the one a person goes by;
  // documents keep the first.
  EXPECT_EQ(SeedsWithoutLevel(&HardListLevels::second_given_kept, kLeak, 0.15, 0.35), 0);
  ExpectLevelOnEverySeed(&HardListLevels::second_given_kept, {kManifest, kCourt}, 0.0);
  // Rows misread as Windows-1252 and rows pasted from a Windows-1252 list: about half
  // the seeds' hand-typed UTF-8 lists have none; documents and the Windows-1252 leak
  // never.
  const int without_misread = SeedsWithoutLevel(&HardListLevels::misread_text, kFamily, 0.05, 0.25);
  EXPECT_GT(without_misread, 10);
  EXPECT_LT(without_misread, 40);
  ExpectLevelOnEverySeed(&HardListLevels::misread_text, {kManifest, kLeak, kCourt}, 0.0);
  const int without_pasted =
      SeedsWithoutLevel(&HardListLevels::pasted_windows1252, kNgo, 0.02, 0.10);
  EXPECT_GT(without_pasted, 10);
  EXPECT_LT(without_pasted, 40);
  ExpectLevelOnEverySeed(&HardListLevels::pasted_windows1252, {kManifest, kLeak}, 0.0);
  // Typed accents and asides: every list typed by hand, about half the seeds none.
  int without_typed = 0, without_asides = 0;
  for (const ListAt list : {kLeak, kFamily, kNgo}) {
    without_typed += SeedsWithoutLevel(&HardListLevels::typed_accents, list, 0.1, 0.4);
    without_asides += SeedsWithoutLevel(&HardListLevels::name_aside, list, 0.03, 0.12);
  }
  EXPECT_GT(without_typed, 40);
  EXPECT_LT(without_typed, 110);
  EXPECT_GT(without_asides, 40);
  EXPECT_LT(without_asides, 110);
  ExpectLevelOnEverySeed(&HardListLevels::typed_accents, {kManifest, kCourt}, 0.0);
  ExpectLevelOnEverySeed(&HardListLevels::name_aside, {kManifest, kCourt}, 0.0);
  // Glued words: every list typed by hand, about half the seeds none; documents never.
  int without_glued = 0;
  for (const ListAt list : {kLeak, kFamily, kNgo}) {
    without_glued += SeedsWithoutLevel(&HardListLevels::glued_words, list, 0.03, 0.12);
  }
  EXPECT_GT(without_glued, 40);
  EXPECT_LT(without_glued, 110);
  ExpectLevelOnEverySeed(&HardListLevels::glued_words, {kManifest, kCourt}, 0.0);
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
