#include "corrupt.h"

#include <gtest/gtest.h>

#include <set>

#include "text.h"

namespace habeas::gen {
namespace {

TEST(CorruptTest, KeyboardTypoIsOneSmallEdit) {
  for (uint64_t i = 0; i < 500; ++i) {
    Rng rng(i);
    const std::string typo = KeyboardTypo("Rodríguez", rng);
    EXPECT_NE(typo, "Rodríguez");
    const auto before = DecodeUtf8("Rodríguez").size();
    const auto after = DecodeUtf8(typo).size();
    EXPECT_LE(after > before ? after - before : before - after, 1u) << typo;
    EXPECT_TRUE(IsValidUtf8(typo));
  }
}

TEST(CorruptTest, PhoneticVariantsAreSpanishSoundAlikes) {
  std::set<std::string> seen;
  for (uint64_t i = 0; i < 400; ++i) {
    Rng rng(i);
    seen.insert(PhoneticVariant("Jhonny", rng));
  }
  EXPECT_TRUE(seen.count("Jonny")) << "jh -> j";
  EXPECT_TRUE(seen.count("Yonny")) << "jh -> y";
  seen.clear();
  for (uint64_t i = 0; i < 400; ++i) {
    Rng rng(i);
    seen.insert(PhoneticVariant("VILLEGAS", rng));
  }
  EXPECT_TRUE(seen.count("BILLEGAS"));
  EXPECT_TRUE(seen.count("VIYEGAS"));
  EXPECT_TRUE(seen.count("VILLEGAZ"));
  Rng rng(1);
  EXPECT_EQ(PhoneticVariant("Peña", rng).substr(0, 3), "Pen");
  EXPECT_EQ(PhoneticVariant("", rng), "");
}

TEST(CorruptTest, IdentifierTypoChangesDigits) {
  for (uint64_t i = 0; i < 300; ++i) {
    Rng rng(i);
    const std::string changed = IdentifierTypo("18084223", rng);
    EXPECT_NE(changed, "18084223");
    EXPECT_GE(changed.size(), 7u);
    EXPECT_EQ(changed.find_first_not_of("0123456789"), std::string::npos);
  }
}

TEST(CorruptTest, NamePartRatesMatchConfiguration) {
  CorruptionRates rates;
  rates.typo = 0.10;
  rates.phonetic = 0.0;
  CorruptionCounts counts;
  Corruptor corruptor(rates, /*noise=*/1.5, counts);
  constexpr int kDraws = 20000;
  int changed = 0;
  for (int i = 0; i < kDraws; ++i) {
    Rng rng = Rng::ForStream(3, 99, static_cast<uint64_t>(i));
    changed += corruptor.NamePart("González", rng) != "González";
  }
  // Expected 0.15 (rate 0.10 x noise 1.5); binomial sd is about 0.0025.
  EXPECT_NEAR(changed / static_cast<double>(kDraws), 0.15, 0.01);
  EXPECT_EQ(counts.Get(Corruption::kTypo), static_cast<uint64_t>(changed));
  EXPECT_EQ(counts.Get(Corruption::kPhonetic), 0u);
}

TEST(CorruptTest, BirthDateErrorsFollowRatesAndAllowedKinds) {
  CorruptionRates rates;
  rates.date_error = 0.3;
  CorruptionCounts counts;
  Corruptor corruptor(rates, 1.0, counts);
  constexpr int kDraws = 30000;
  int year_only = 0, swapped = 0, shifted = 0;
  for (int i = 0; i < kDraws; ++i) {
    Rng rng = Rng::ForStream(5, 1, static_cast<uint64_t>(i));
    const DateVariant v = corruptor.BirthDate({1990, 7, 25}, DateErrors::kAll, rng);
    year_only += v.year_only;
    swapped += v.day_month_swapped;
    shifted += v.date.year != 1990;
  }
  EXPECT_NEAR(year_only / double{kDraws}, 0.1, 0.01);
  EXPECT_NEAR(swapped / double{kDraws}, 0.1, 0.01);
  EXPECT_NEAR(shifted / double{kDraws}, 0.1, 0.01);
  for (int i = 0; i < 2000; ++i) {
    Rng rng = Rng::ForStream(6, 1, static_cast<uint64_t>(i));
    const DateVariant v = corruptor.BirthDate({1990, 7, 25}, DateErrors::kShiftOnly, rng);
    EXPECT_FALSE(v.year_only || v.day_month_swapped);
  }
}

TEST(CorruptTest, CaptionInitialsUseFirstGivenAndBothSurnames) {
  const Vocabulary& vocab = Vocabulary::Get();
  Person p;
  p.sex = Sex::kMale;
  const auto& names = vocab.given_names(Sex::kMale);
  p.given[0] =
      static_cast<uint16_t>(std::find(names.begin(), names.end(), "Ángel") - names.begin());
  p.given_count = 1;
  const auto& surnames = vocab.surnames();
  p.surname1 = static_cast<uint16_t>(std::find(surnames.begin(), surnames.end(), "González") -
                                     surnames.begin());
  p.surname2 = static_cast<uint16_t>(std::find(surnames.begin(), surnames.end(), "De La Cruz") -
                                     surnames.begin());
  EXPECT_EQ(CaptionInitials(p), "A.G.D.");
}

TEST(CorruptTest, DoubledOrDroppedLettersAndTranspositions) {
  std::set<std::string> doubled, transposed;
  for (uint64_t i = 0; i < 400; ++i) {
    Rng rng(i);
    doubled.insert(DoubleOrDropLetter("Villegas", rng));
    transposed.insert(TransposeLetters("RODRIGUEZ", rng));
  }
  EXPECT_TRUE(doubled.count("Vilegas")) << "double letter written once";
  EXPECT_TRUE(doubled.count("Villegass")) << "a single consonant doubled";
  EXPECT_FALSE(doubled.count("Villlegas")) << "no triple letters";
  EXPECT_FALSE(doubled.count("Villegas")) << "always one change";
  EXPECT_TRUE(transposed.count("RORDIGUEZ")) << "the brief's example, before the seseo";
  EXPECT_FALSE(transposed.count("ORDRIGUEZ")) << "the first letter stays";
  for (const std::string& t : transposed) EXPECT_EQ(t.size(), 9u) << t;
  Rng rng(1);
  EXPECT_EQ(TransposeLetters("AA", rng), "AA");
  EXPECT_EQ(DoubleOrDropLetter("Gil", rng).size() != 3, true);
}

TEST(CorruptTest, TranscriptionSoundAlikesIncludeIY) {
  std::set<std::string> seen;
  for (uint64_t i = 0; i < 400; ++i) {
    Rng rng(i);
    seen.insert(TranscriptionSoundAlike("Deivis", rng));
  }
  EXPECT_TRUE(seen.count("Deyvis"));
  EXPECT_TRUE(seen.count("Deibis")) << "the ordinary sound-alikes stay";
}

TEST(CorruptTest, TranscriptionGivesSeveralErrorsPerWordAndCountsThem) {
  CorruptionRates rates;
  CorruptionCounts counts;
  Corruptor corruptor(rates, 1.0, counts);
  corruptor.SetTranscription(/*word_error=*/1.0, /*extra_error=*/1.0);
  int far = 0;
  for (uint64_t i = 0; i < 300; ++i) {
    Rng rng(i);
    const std::string typed = corruptor.NamePart("Rodríguez del Valle", rng);
    EXPECT_NE(typed.find(" del "), std::string::npos) << typed << ": particles kept";
    const std::string first = typed.substr(0, typed.find(' '));
    EXPECT_NE(first, "Rodríguez");
    // Three errors per word: at least two letters differ from the true spelling.
    size_t same = 0;
    const std::u32string a = DecodeUtf8(first), b = DecodeUtf8("Rodríguez");
    for (size_t k = 0; k < std::min(a.size(), b.size()); ++k) same += a[k] == b[k];
    far += same + 2 <= b.size();
  }
  EXPECT_GT(far, 200);
  const uint64_t letter_errors = counts.Get(Corruption::kTypo) +
                                 counts.Get(Corruption::kDoubledOrDroppedLetter) +
                                 counts.Get(Corruption::kTransposition);
  EXPECT_EQ(letter_errors + counts.Get(Corruption::kPhonetic), 2 * 3 * 300u)
      << "three counted errors in each of the two words";
  EXPECT_GT(counts.Get(Corruption::kPhoneticAndTypo), 200u);
  EXPECT_GT(counts.Get(Corruption::kTransposition), 50u);
  EXPECT_GT(counts.Get(Corruption::kDoubledOrDroppedLetter), 50u);
}

TEST(CorruptTest, NicknamesComeFromTheTable) {
  const Vocabulary& vocab = Vocabulary::Get();
  EXPECT_GE(vocab.nickname_count(), 20u);
  std::set<std::string> nicknames;
  for (const Nickname* n : vocab.NicknamesFor("jesús", Sex::kMale)) nicknames.insert(n->nickname);
  EXPECT_TRUE(nicknames.count("chuy"));
  const auto parsed =
      Vocabulary::ParseNicknames("# comment\nchuy\tjesús\tM\n\npepa\tjosefa\tF\r\nx\n");
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].sex, 0);
  EXPECT_EQ(parsed[1].formal, "josefa");
  EXPECT_EQ(parsed[1].sex, 1);
}

}  // namespace
}  // namespace habeas::gen
