// The public page's two languages. Spanish first: most families searching speak it.
// The language comes from ?lang=, then the "lang" cookie (set by the switch), then the
// browser's Accept-Language, else Spanish. Thread-safe (constant tables).
#pragma once

#include <string_view>

namespace habeas::server {

enum class Language { kSpanish, kEnglish };
std::string_view LanguageCode(Language language);  // "es", "en"

// Picks the language from the three places, in that order.
Language ChooseLanguage(std::string_view query_lang, std::string_view cookie_lang,
                        std::string_view accept_language);

enum class Text {
  kTitle,
  kIntro,
  kNameLabel,
  kNameHint,
  kBirthLabel,
  kBirthHint,
  kIdLabel,
  kIdHint,
  kSearch,
  kResultsFor,
  kNoConfidentMatch,
  kTryNext1,
  kTryNext2,
  kTryNext3,
  kTryNext4,
  kCertaintyVeryLikely,
  kCertaintyPossible,
  kStatusListed,
  kStatus,
  kLastPlace,
  kLastDate,
  kSources,
  kUnknown,
  kSwitchLanguage,
  kErrorTitle,
  kNameRequired,
  kTooMany,
  kPrivacy,
  kStaffSignIn,
  kCandidatesIntro,
  kMatchIntro,
};

std::string_view Translate(Language language, Text text);

}  // namespace habeas::server
