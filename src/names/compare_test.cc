#include "habeas/names/compare.h"
#include "habeas/names/frequencies.h"
#include "habeas/names/glued.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace habeas::names {
namespace {

NameComparison Compare(std::string_view a, std::string_view b) {
  static const NameParser parser;
  return CompareNames(PrepareName(parser.Parse(a)), PrepareName(parser.Parse(b)));
}

TEST(CompareNamesTest, ReasonsExplainTheLevel) {
  NameComparison c = Compare("PEREZ INFANTE, JOSE PEDRO", "Pepe Peres");
  EXPECT_EQ(c.level, NameAgreement::kPartial);
  EXPECT_TRUE(c.Has(kReasonNicknameUsed));
  EXPECT_TRUE(c.Has(kReasonGivenDropped));
  EXPECT_TRUE(c.Has(kReasonSurname2Dropped));
  EXPECT_EQ(c.surname1, TokenAgreement::kPhonetic);
  const std::string why = ExplainComparison(c);
  EXPECT_NE(why.find("nickname table used"), std::string::npos) << why;
  EXPECT_NE(why.find("-> partial"), std::string::npos) << why;

  c = Compare("José Pérez González", "José González Pérez");
  EXPECT_EQ(c.level, NameAgreement::kSwapped);
  EXPECT_TRUE(c.Has(kReasonSurnamesSwapped));

  c = Compare("José Pérez González", "José Pérez Rodríguez");
  EXPECT_EQ(c.level, NameAgreement::kFuzzyLow);
  EXPECT_TRUE(c.Has(kReasonSurname2Conflict));
}

TEST(CompareNamesTest, AGivenNameThatAgreesBesideOneThatDoesNotIsNoted) {
  NameComparison c = Compare("PEREZ LOPEZ, JUAN JOSE", "PEREZ LOPEZ, YUNA JOSE");
  EXPECT_EQ(c.given, TokenAgreement::kDisagree);
  EXPECT_TRUE(c.Has(kReasonGivenPartlyAgrees));
  EXPECT_NE(ExplainComparison(c).find("another given name agrees"), std::string::npos);
  // Every given word matched: nothing partial.
  EXPECT_FALSE(Compare("PEREZ, JUAN JOSE", "PEREZ, JUAN JOSE").Has(kReasonGivenPartlyAgrees));
  // No word agrees.
  EXPECT_FALSE(Compare("PEREZ, JUAN JOSE", "PEREZ, PEDRO LUIS").Has(kReasonGivenPartlyAgrees));
  // An initial is not agreement enough.
  EXPECT_FALSE(Compare("PEREZ, J YUNA", "PEREZ, JUAN JOSE").Has(kReasonGivenPartlyAgrees));
}

TEST(CompareNamesTest, WordsTypedWithoutTheirSpaceAreTheSameWords) {
  // Given names typed as one word, on either side.
  NameComparison c = Compare("PAREDES GONZALEZ, JOSE GREGORIO", "Josegregorio Paredes González");
  EXPECT_EQ(c.given, TokenAgreement::kExactFolded);
  EXPECT_TRUE(c.Has(kReasonWordsGlued));
  EXPECT_FALSE(c.Has(kReasonGivenDropped));
  EXPECT_NE(ExplainComparison(c).find("two words written as one"), std::string::npos);
  EXPECT_EQ(Compare("Josegregorio Paredes González", "PAREDES GONZALEZ, JOSE GREGORIO").level,
            c.level);
  // Two of three given names glued: the third is dropped.
  c = Compare("PAREDES, JOSE GREGORIO ANTONIO", "Josegregorio Paredes");
  EXPECT_EQ(c.given, TokenAgreement::kExactFolded);
  EXPECT_TRUE(c.Has(kReasonGivenDropped));
  // Both surnames as one word; one letter off is still the same words.
  c = Compare("PAREDES GONZALEZ, JOSE", "José Paredesgonzalez");
  EXPECT_EQ(c.surname1, TokenAgreement::kExactFolded);
  EXPECT_EQ(c.surname2, TokenAgreement::kExactFolded);
  EXPECT_EQ(c.level, NameAgreement::kExactFolded);
  c = Compare("PAREDES GONZALEZ, JOSE", "José Paredesgonzales");
  EXPECT_EQ(c.level, NameAgreement::kFuzzyHigh);
  EXPECT_TRUE(c.Has(kReasonWordsGlued));
  // Not glued: other letters, or the glued part of another field.
  EXPECT_FALSE(Compare("PAREDES, JOSE GREGORIO", "Josemaria Paredes").Has(kReasonWordsGlued));
  EXPECT_FALSE(Compare("PAREDES GONZALEZ, JOSE", "José Paredesgomez").Has(kReasonWordsGlued));
  // Names that already agree word by word are not read as glued.
  EXPECT_FALSE(
      Compare("PAREDES GONZALEZ, JOSE GREGORIO", "José Gregorio Paredes").Has(kReasonWordsGlued));
}

TEST(GluedWordCutTest, CutsWhereBothPartsAreWordsTheNamesHold) {
  const std::map<std::string, uint64_t, std::less<>> held = {
      {"jhonny", 40}, {"zerpa", 6}, {"jose", 900},  {"gregorio", 120},
      {"luis", 700},  {"ana", 300}, {"luisana", 3}, {"zerp", 1}};
  auto count = [&](std::string_view w) {
    const auto it = held.find(w);
    return it == held.end() ? uint64_t{0} : it->second;
  };
  const GluedWordRule rule;
  EXPECT_EQ(GluedWordCut("jhonnyzerpa", count, rule), 6u);
  EXPECT_EQ(GluedWordCut("josegregorio", count, rule), 4u);
  EXPECT_EQ(GluedWordCut("luisana", count, rule), 0u) << "held three times: a name of its own";
  EXPECT_EQ(GluedWordCut("luisana", count, GluedWordRule{.max_word_count = 3}), 4u);
  EXPECT_EQ(GluedWordCut("jhonnyzerp", count, rule), 0u) << "a part held once is no word";
  EXPECT_EQ(GluedWordCut("joseal", count, rule), 0u);
  EXPECT_EQ(GluedWordCut("jose", count, rule), 0u);

  EXPECT_EQ(CutAtLetter("joségregorio", "josegregorio", 4), "josé gregorio");
  EXPECT_EQ(CutAtLetter("núñezdíaz", "nunezdiaz", 5), "núñez díaz");
  EXPECT_EQ(CutAtLetter("straßeluis", "strasseluis", 7), "strasse luis") << "no letter each";
}

TEST(GluedWordReaderTest, CutsAMisspeltPartButNotAMisspeltWord) {
  NameFrequencies words;
  for (const char* w : {"carlos", "edgar", "jose", "gregorio", "gutierrez", "gutie", "rez",
                        "hernandez", "luz", "maria"}) {
    words.AddToken(w, /*as_given=*/true, 10);
  }
  const GluedWordReader reader(words);
  EXPECT_EQ(reader.Cut("josegregorio"), 4u);  // both parts held
  EXPECT_EQ(reader.Cut("carloshedgar"), 6u);  // "hedgar" one letter from edgar
  EXPECT_EQ(reader.Cut("hedgarcarlos"), 6u);  // the misspelt part first
  // A word one edit from a held word is that word misspelt, however it could be cut.
  EXPECT_EQ(reader.Cut("gutierez"), 0u);
  EXPECT_EQ(reader.Cut("gutirrez"), 0u);
  // A misspelt part must have five letters or more ("lz" / "luzz" say nothing).
  EXPECT_EQ(reader.Cut("marialuzz"), 0u);
  // Held words are never cut; nor are words neither part of which is held.
  EXPECT_EQ(reader.Cut("hernandez"), 0u);
  EXPECT_EQ(reader.Cut("pedrodiaz"), 0u);
}

TEST(CompareNamesTest, ScoresOrderWithinAndAcrossLevels) {
  const double exact = Compare("José Pérez", "José Pérez").score;
  const double phonetic = Compare("José Pérez", "José Peres").score;
  const double different = Compare("José Pérez", "Luis Rodríguez").score;
  EXPECT_DOUBLE_EQ(exact, 1.0);
  EXPECT_LT(phonetic, exact);
  EXPECT_LT(different, phonetic);
  EXPECT_DOUBLE_EQ(Compare("", "José").score, 0.0);
}

// One word prepared as a given name ("" gives an empty word).
PreparedWord Word(std::string_view folded) {
  if (folded.empty()) return PreparedWord{};
  return PrepareName(ParsedName{{std::string(folded)}, "", "", NameForm::kSingleGivenName, 1.0})
      .given[0];
}

// CompareWords of two words written folded.
TokenAgreement Agreement(std::string_view a, std::string_view b) {
  return CompareWords(Word(a), Word(b));
}

TEST(CompareWordsTest, Levels) {
  EXPECT_EQ(Agreement("jose", "jose"), TokenAgreement::kExact);
  EXPECT_EQ(Agreement("j", "jose"), TokenAgreement::kInitial);
  EXPECT_EQ(Agreement("j", "pedro"), TokenAgreement::kDisagree);
  EXPECT_EQ(Agreement("yony", "jhonny"), TokenAgreement::kPhonetic);
  EXPECT_EQ(Agreement("chuy", "jesus"), TokenAgreement::kNickname);
  EXPECT_EQ(Agreement("alejandro", "alejnadro"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("jose", ""), TokenAgreement::kMissing);
  EXPECT_EQ(Agreement("maria", "pedro"), TokenAgreement::kDisagree);
}

// Names typed by strangers, by ear: a sound-alike and a typo in the same word are
// still the same word; short names a letter apart are not.
TEST(CompareWordsTest, ASoundAlikePlusATypoIsStillFuzzy) {
  // Before: JW 0.88 and three edits, read as a maternal-surname conflict.
  EXPECT_EQ(Agreement("gonzalez", "gonslaes"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("rodriguez", "rordigues"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("villalobos", "biyalobso"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("hernandez", "ernandes"), TokenAgreement::kPhonetic);
  EXPECT_EQ(Agreement("yusmary", "llusmari"), TokenAgreement::kPhonetic);
  EXPECT_NE(Agreement("luis", "luz"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("gonzalez", "marquez"), TokenAgreement::kDisagree);
}

// Two neighbouring letters swapped is a slip of the hand even in a short word; another
// single edit in a short word is a different name.
TEST(CompareWordsTest, NeighbouringLettersSwappedAreFuzzyEvenInShortWords) {
  EXPECT_EQ(Agreement("sosa", "ossa"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("juan", "jaun"), TokenAgreement::kFuzzyHigh);
  EXPECT_EQ(Agreement("rosa", "rosa"), TokenAgreement::kExact);
  EXPECT_NE(Agreement("sosa", "sasa"), TokenAgreement::kFuzzyHigh);
  EXPECT_NE(Agreement("ana", "aan"), TokenAgreement::kFuzzyHigh);  // 3 letters
  EXPECT_NE(Agreement("sosa", "osas"), TokenAgreement::kFuzzyHigh);
}

// Venezuelan given names are spelt with an initial J or Y alike, and lists typed by ear
// write "Yose" for José: in a given name only the initial is read as one letter. Surnames
// keep J and Y apart (different sounds in Spanish), as CompareWords does for any word.
TEST(CompareNamesTest, AnInitialJOrYOfAGivenNameIsOneLetter) {
  NameParser parser;
  auto given = [&](std::string_view a, std::string_view b) {
    return CompareNames(PrepareName(parser.Parse(a)), PrepareName(parser.Parse(b))).given;
  };
  EXPECT_EQ(given("PEREZ GIL, JORMAN", "Yorman Perez Gil"), TokenAgreement::kPhonetic);
  EXPECT_EQ(given("PEREZ GIL, JOSE", "Yoze Perez Gil"), TokenAgreement::kPhonetic);
  EXPECT_EQ(given("PEREZ GIL, YONATHAN", "Jonathan Perez Gil"), TokenAgreement::kPhonetic);
  EXPECT_EQ(given("PEREZ GIL, JOSE", "Yolis Perez Gil"), TokenAgreement::kDisagree);
  EXPECT_NE(given("PEREZ GIL, MAJA", "Maya Perez Gil"), TokenAgreement::kPhonetic)
      << "not inside a word";
  const NameComparison surnames = CompareNames(PrepareName(parser.Parse("JARA PEREZ, LUIS")),
                                               PrepareName(parser.Parse("YARA PEREZ, LUIS")));
  EXPECT_NE(surnames.surname1, TokenAgreement::kPhonetic);
  EXPECT_NE(Agreement("jose", "yoze"), TokenAgreement::kPhonetic) << "a word of any field";
}

TEST(CompareNamesTest, AMaternalSurnameTypedByEarIsNotAConflict) {
  NameParser parser;
  auto prepared = [&](std::string_view text) { return PrepareName(parser.Parse(text)); };
  const NameComparison variant = CompareNames(prepared("PAREDES GONZALEZ, JOSE GREGORIO"),
                                              prepared("PAREDES GOSNLAES, JOSE GREGORIO"));
  EXPECT_FALSE(variant.Has(kReasonSurname2Conflict)) << ExplainComparison(variant);
  const NameComparison conflict = CompareNames(prepared("PAREDES GONZALEZ, JOSE GREGORIO"),
                                               prepared("PAREDES MARTINEZ, JOSE GREGORIO"));
  EXPECT_TRUE(conflict.Has(kReasonSurname2Conflict)) << ExplainComparison(conflict);
}

TEST(InitialsCompatibleTest, Subsequences) {
  std::vector<std::string_view> full = {"jose", "pedro", "de", "la", "cruz", "infante"};
  EXPECT_TRUE(InitialsCompatible("jpci", full));
  EXPECT_TRUE(InitialsCompatible("j.p.c.", full));
  EXPECT_TRUE(InitialsCompatible("jc", full));
  EXPECT_FALSE(InitialsCompatible("pj", full));
  EXPECT_FALSE(InitialsCompatible("jd", full));  // particles are skipped
  EXPECT_TRUE(InitialsCompatible("", full));
}

TEST(NameAgreementTest, NamesRoundTrip) {
  for (int i = 0; i < kNameAgreementLevels; ++i) {
    NameAgreement level;
    ASSERT_TRUE(ParseNameAgreement(NameAgreementName(static_cast<NameAgreement>(i)), &level));
    EXPECT_EQ(static_cast<int>(level), i);
  }
  NameAgreement level;
  EXPECT_FALSE(ParseNameAgreement("nope", &level));
}

// Property: CompareNames is symmetric and its score stays in [0, 1], over names built
// from a pool of realistic and corrupted words.
TEST(CompareNamesPropertyTest, SymmetricAndInRange) {
  const std::vector<std::string> pool = {
      "José",     "Jose",      "Pepe",      "J.",    "María",    "Maria",    "Maye",
      "Eugenia",  "Pérez",     "Peres",     "PEREZ", "González", "Gonzalez", "de la Cruz",
      "DELACRUZ", "Cruz",      "Luis",      "Lucho", "Jhonny",   "Yony",     "Wilmer",
      "Wuilmer",  "Rodríguez", "Rodrigues", "y",     ",",        "Infante",  "Uzcátegui",
      "Ángeles",  "de los",    "del Valle", "P.",    "G.",       "Garcia",   "García"};
  std::mt19937 rng(1234);
  NameParser parser;
  for (int i = 0; i < 5000; ++i) {
    std::string a, b;
    for (size_t k = rng() % 5; k > 0; --k) a += pool[rng() % pool.size()] + " ";
    for (size_t k = rng() % 5; k > 0; --k) b += pool[rng() % pool.size()] + " ";
    const NameParse pa = parser.Parse(a), pb = parser.Parse(b);
    for (size_t alt = 0; alt < std::min<size_t>(2, pa.alternatives.size()); ++alt) {
      const PreparedName x = PrepareName(pa, alt), y = PrepareName(pb);
      const NameComparison xy = CompareNames(x, y), yx = CompareNames(y, x);
      ASSERT_EQ(xy.level, yx.level) << a << " / " << b;
      ASSERT_EQ(xy.score, yx.score) << a << " / " << b;
      ASSERT_GE(xy.score, 0.0);
      ASSERT_LE(xy.score, 1.0);
      ASSERT_EQ(CompareNames(x, x).level <= NameAgreement::kExactFolded || x.empty(), true) << a;
    }
  }
}

}  // namespace
}  // namespace habeas::names
