#include "habeas/names/normalize.h"

#include <gtest/gtest.h>

#include <random>

namespace habeas::names {
namespace {

TEST(NormalizeNameTest, FoldsAccentsAndKeepsThemInAccentedForm) {
  NormalizedName n = NormalizeName("PÉREZ INFANTE, José Pedro");
  EXPECT_EQ(n.folded, "perez infante jose pedro");
  EXPECT_EQ(n.accented, "pérez infante josé pedro");
  ASSERT_EQ(n.tokens.size(), 4u);
  EXPECT_EQ(n.tokens_before_comma, 2);
  EXPECT_EQ(n.Folded(2), "jose");
  EXPECT_EQ(n.Accented(2), "josé");
  EXPECT_TRUE(n.tokens[0].Has(kTokenAllCapsInMixedCase));
  EXPECT_TRUE(n.tokens[0].Has(kTokenHadAccent));
  EXPECT_FALSE(n.tokens[2].Has(kTokenAllCapsInMixedCase));
}

TEST(NormalizeNameTest, KeepsEnyeInformation) {
  NormalizedName n = NormalizeName("Muñoz");
  EXPECT_EQ(n.folded, "munoz");
  EXPECT_EQ(n.accented, "muñoz");
  EXPECT_TRUE(n.tokens[0].Has(kTokenHadEnye));
  EXPECT_TRUE(NormalizeName("Mun\u0303oz").tokens[0].Has(kTokenHadEnye));
}

TEST(NormalizeNameTest, InitialsAndCommaMetadata) {
  NormalizedName n = NormalizeName("PEREZ, J.P.");
  EXPECT_EQ(n.folded, "perez j p");
  EXPECT_EQ(n.tokens_before_comma, 1);
  EXPECT_TRUE(n.tokens[1].Has(kTokenInitial));
  EXPECT_TRUE(n.tokens[2].Has(kTokenInitial));
  EXPECT_FALSE(n.tokens[0].Has(kTokenInitial));
  // A comma with nothing on one side carries no structure.
  EXPECT_EQ(NormalizeName(", Jose").tokens_before_comma, -1);
  EXPECT_EQ(NormalizeName("Jose,").tokens_before_comma, -1);
}

TEST(NormalizeNameTest, GluedParticlesAreSplit) {
  NormalizedName n = NormalizeName("JUAN DELACRUZ");
  EXPECT_EQ(n.folded, "juan de la cruz");
  EXPECT_TRUE(n.tokens[1].Has(kTokenFromGluedParticle));
  EXPECT_EQ(NormalizeName("Delgado Delia").folded, "delgado delia");
  EXPECT_EQ(NormalizeName("DELAPEÑA").accented, "de la peña");
}

TEST(NormalizeNameTest, OtherTextKeepsWhatAPersonsNameSetsAside) {
  // A person's name sets brackets, aliases and titles aside (golden normalize.tsv) ...
  EXPECT_EQ(FoldName("Jesús Martínez (hermano)"), "jesus martinez");
  EXPECT_EQ(FoldName("Sr. Ángel Díaz alias Cheo"), "angel diaz");
  // ... other text folded for keys keeps every word: facility and place names, mapped
  // values, filter values; keys stored by earlier versions stay the same.
  EXPECT_EQ(FoldName("Centro de Confinamiento del Terrorismo (CECOT)", TextKind::kOtherText),
            "centro de confinamiento del terrorismo cecot");
  EXPECT_EQ(FoldName("Don Bosco, Dr. Gil alias X", TextKind::kOtherText),
            "don bosco dr gil alias x");
  EXPECT_EQ(FoldName("Gu¨iria", TextKind::kOtherText), "guiria");  // typed accents join
  // Words typed together with their capitals are two words of a name, one of a key.
  EXPECT_EQ(FoldName("GabrielTorres"), "gabriel torres");
  EXPECT_EQ(FoldName("KarnesCounty Center", TextKind::kOtherText), "karnescounty center");
  EXPECT_EQ(FoldName("CalleMéndez", TextKind::kOtherText), "callemendez");
}

TEST(NormalizeNameTest, CountsWordsAsWritten) {
  EXPECT_EQ(CountWrittenWords(NormalizeName("J.P. PÉREZ"), 2), 1);
  EXPECT_EQ(CountWrittenWords(NormalizeName("D.R.G."), 2), 0);
  EXPECT_EQ(CountWrittenWords(NormalizeName("José Pérez"), 2), 2);
  EXPECT_EQ(CountWrittenWords(NormalizeName("Ñu Ó"), 2), 1);  // "ñu" has two letters
  // A glued surname is the one word it was written as, however it is split.
  EXPECT_EQ(CountWrittenWords(NormalizeName("DELACRUZ"), 2), 1);
  EXPECT_EQ(CountWrittenWords(NormalizeName("DELAO"), 2), 1);
  EXPECT_EQ(CountWrittenWords(NormalizeName("Juan DELVALLE DELAPEÑA"), 2), 3);
  EXPECT_EQ(CountWrittenWords(NormalizeName("de la Cruz"), 2), 3);  // written apart
  // Digits are not letters; an abbreviation counts as written ("Ma." is María).
  EXPECT_EQ(CountWrittenWords(NormalizeName("A1 Pérez"), 2), 1);
  EXPECT_EQ(CountWrittenWords(NormalizeName("Ma. Pérez"), 2), 2);
  EXPECT_EQ(CountWrittenWords(NormalizeName(""), 2), 0);
  EXPECT_EQ(CountWrittenWords(NormalizeName("Pérez"), 6), 0);
}

TEST(NormalizeNameTest, InvalidUtf8IsASeparatorOrAnError) {
  NormalizedName n = NormalizeName(
      "Jos\xC3"
      "e P\xFF"
      "erez");
  EXPECT_TRUE(n.had_invalid_utf8);
  EXPECT_EQ(n.folded, "jos e p erez");
  Result<NormalizedName> strict = NormalizeNameStrict("Jos\xC3");
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(strict.status().message().find("byte 3"), std::string::npos);
  EXPECT_TRUE(NormalizeNameStrict("José").ok());
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_TRUE(IsValidUtf8("añ€𝄞"));
}

TEST(NormalizeNameTest, ParticlesAreRecognised) {
  for (const char* p : {"de", "del", "la", "las", "los", "da", "dos", "van", "von"}) {
    EXPECT_TRUE(IsNameParticle(p)) << p;
  }
  for (const char* p : {"san", "santa", "y", "d", "dela"}) EXPECT_FALSE(IsNameParticle(p)) << p;
}

TEST(NormalizeNameTest, ReusedBufferGivesTheSameResult) {
  NormalizedName reused;
  for (const char* raw : {"José Pérez", "PEREZ, J.", "María de los Ángeles", ""}) {
    NormalizeNameInto(raw, &reused);
    NormalizedName fresh = NormalizeName(raw);
    EXPECT_EQ(reused.folded, fresh.folded);
    EXPECT_EQ(reused.accented, fresh.accented);
    EXPECT_EQ(reused.tokens.size(), fresh.tokens.size());
    EXPECT_EQ(reused.tokens_before_comma, fresh.tokens_before_comma);
  }
}

// Property: normalisation is idempotent on the folded and accented forms, for
// generated names mixing ASCII, Spanish letters, punctuation and random Unicode.
TEST(NormalizeNamePropertyTest, Idempotent) {
  std::mt19937 rng(20240611);
  const std::vector<std::string> pieces = {
      "José",   "PÉREZ",  "de",     "la",     "Cruz", "DELACRUZ", ", ", ". ",
      "J.",     "ñ",      "Ñ",      "ü",      "ß",    " ",        "-",  "'",
      "\u200B", "\u0301", "\u043E", "\u0435", "ＡＢ", "ﬁ",        "½",  "Ⅻ",
      "ǅ",      "İ",      "ı",      "ς",      "Ω",    "한",       "ᄀ", "ᅡ",
      "\u0345", "\u00AD", "\xFF",   "\xC3",   "7",    "ª"};
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string raw;
    const int parts = 1 + static_cast<int>(rng() % 8);
    for (int p = 0; p < parts; ++p) {
      if (rng() % 4 == 0) {
        // a random code point from the BMP or beyond
        char32_t cp = rng() % 3 == 0 ? 0x80 + rng() % 0x780 : rng() % 0x30000;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
        std::string encoded;
        if (cp < 0x80) {
          encoded.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          encoded = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        } else if (cp < 0x10000) {
          encoded = {static_cast<char>(0xE0 | (cp >> 12)),
                     static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                     static_cast<char>(0x80 | (cp & 0x3F))};
        } else {
          encoded = {
              static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
              static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
        }
        raw += encoded;
      } else {
        raw += pieces[rng() % pieces.size()];
      }
    }
    const NormalizedName once = NormalizeName(raw);
    const NormalizedName twice = NormalizeName(once.folded);
    ASSERT_EQ(twice.folded, once.folded) << "input: " << raw;
    ASSERT_EQ(NormalizeName(once.accented).accented, once.accented) << "input: " << raw;
    ASSERT_TRUE(IsValidUtf8(once.folded));
    ASSERT_TRUE(IsValidUtf8(once.accented));
  }
}

}  // namespace
}  // namespace habeas::names
