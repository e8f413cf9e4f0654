#include "server/i18n.h"

#include <gtest/gtest.h>

#include <string>

namespace habeas::server {
namespace {

struct LanguageCase {
  std::string query, cookie, accept;
  Language want;
};

TEST(ChooseLanguageTest, QueryThenCookieThenAcceptLanguageThenSpanish) {
  const LanguageCase cases[] = {
      {"", "", "", Language::kSpanish},
      {"en", "", "", Language::kEnglish},
      {"es", "en", "en", Language::kSpanish},
      {"", "en", "es", Language::kEnglish},
      {"", "", "en", Language::kEnglish},
      // An unsupported or malformed code is skipped, not taken as Spanish.
      {"fr", "en", "", Language::kEnglish},
      {"e", "", "en", Language::kEnglish},
      {"", "english", "en", Language::kEnglish},
      {"", "eng", "es", Language::kSpanish},
      // Regions and case do not matter.
      {"EN", "", "", Language::kEnglish},
      {"en-GB", "", "", Language::kEnglish},
      {"", "es_MX", "en", Language::kSpanish},
  };
  for (const LanguageCase& c : cases) {
    EXPECT_EQ(ChooseLanguage(c.query, c.cookie, c.accept), c.want)
        << "query=" << c.query << " cookie=" << c.cookie << " accept=" << c.accept;
  }
}

TEST(ChooseLanguageTest, AcceptLanguageTakesTheSupportedLanguageWithTheHighestQ) {
  const std::pair<std::string, Language> cases[] = {
      {"en-US,en;q=0.9", Language::kEnglish},
      {"es-419,es;q=0.9,en;q=0.8", Language::kSpanish},
      {"fr-FR,fr;q=0.9,en;q=0.8,es;q=0.7", Language::kEnglish},
      {"es;q=0.5, en;q=0.6", Language::kEnglish},
      {"en;q=0.5, es", Language::kSpanish},  // no q is q=1
      {"de, fr", Language::kSpanish},
      {"*", Language::kSpanish},
      {"en;q=bogus, es;q=0.1", Language::kSpanish},  // an unreadable q counts as 0
      {",,, en", Language::kEnglish},
      // Equal q: the first listed wins.
      {"en;q=0.8, es;q=0.8", Language::kEnglish},
  };
  for (const auto& [accept, want] : cases) {
    EXPECT_EQ(ChooseLanguage("", "", accept), want) << accept;
  }
}

TEST(TranslateTest, EveryTextHasBothLanguages) {
  for (int i = 0; i <= static_cast<int>(Text::kMatchIntro); ++i) {
    const Text text = static_cast<Text>(i);
    EXPECT_FALSE(Translate(Language::kSpanish, text).empty()) << i;
    EXPECT_FALSE(Translate(Language::kEnglish, text).empty()) << i;
  }
}

TEST(TranslateTest, TextsAreInTheirLanguage) {
  EXPECT_EQ(Translate(Language::kSpanish, Text::kSearch), "Buscar");
  EXPECT_EQ(Translate(Language::kEnglish, Text::kSearch), "Search");
  EXPECT_EQ(Translate(Language::kEnglish, Text::kMatchIntro), "We found a person who matches.");
  // The language switch names the other language, in that language.
  EXPECT_EQ(Translate(Language::kSpanish, Text::kSwitchLanguage), "English");
  EXPECT_EQ(Translate(Language::kEnglish, Text::kSwitchLanguage), "Español");
}

TEST(LanguageCodeTest, RoundTripsThroughChooseLanguage) {
  for (Language language : {Language::kSpanish, Language::kEnglish}) {
    EXPECT_EQ(ChooseLanguage(LanguageCode(language), "", ""), language);
  }
  EXPECT_EQ(LanguageCode(Language::kSpanish), "es");
  EXPECT_EQ(LanguageCode(Language::kEnglish), "en");
}

// Regression: "q=0" means "not acceptable" (RFC 9110, 12.4.2), but a language listed
// only with q=0 was chosen, as if it were the browser's preference: a reader who asked
// for anything but English got the English page.
TEST(ChooseLanguageRegressionTest, AQOfZeroRefusesTheLanguage) {
  const std::pair<std::string, Language> cases[] = {
      {"en;q=0", Language::kSpanish},
      {"fr, en;q=0", Language::kSpanish},
      {"en;q=0.0, es;q=0", Language::kSpanish},
      {"es;q=0, en;q=0.001", Language::kEnglish},
      {"en;q=0, es;q=0.2", Language::kSpanish},
  };
  for (const auto& [accept, want] : cases) {
    EXPECT_EQ(ChooseLanguage("", "", accept), want) << accept;
  }
}

}  // namespace
}  // namespace habeas::server
