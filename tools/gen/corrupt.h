// The corruption model: how lists misspell, shorten and misdate the people on them.
//
// Every corruption is a small, named, counted operation, so tests and the summary
// can check that rates match the configuration:
//   typo             one keyboard edit (insert, delete, substitute with a QWERTY/
//                    Spanish neighbour, transpose) in a name part
//   phonetic         one Spanish sound-alike respelling: b/v, s/z/c(e,i), ll/y,
//                    j/g(e,i), silent h, ñ -> n/ni, jh/j/y (Jhonny/Yony), qu/k, w/gu,
//                    final y/i
//   nickname         first given name replaced by a nickname (Chuy for Jesús)
//   initials         name reduced to initials ("J.G.G."), court captions
//   drop_surname2    maternal surname missing
//   swap_surnames    paternal and maternal surnames in the wrong order
//   surname2_as_middle_name  maternal surname filed among the given names
//   date_year_only / date_day_month_swap / date_year_shift (±1 year)
//   id_typo          cédula or A-number digit substituted, dropped or transposed
//   missing_field    an optional field left blank
// and, under the hard profile only (see hard.h):
//   doubled_or_dropped_letter, transposition, phonetic_and_typo (a word with a sound-
//   alike and a keyboard/letter error), name_only, drop_given_names,
//   given_name_as_surname, surname_as_given_name, age_off_by_one, redacted_a_number,
//   unparsable_date, id_placeholder
// Accent stripping and case changes are properties of each list's style (see
// lists.h) and are not counted as corruptions.
//
// Rates are given for a list of average quality; each list multiplies them by its
// noise level (manifest 0.25, court 0.5, leak 1.0, ngo 1.0, family 1.6) and the
// global --noise factor.
//
//   CorruptionCounts counts;
//   Corruptor corruptor(rates, /*noise=*/1.6, counts);
//   std::string surname = corruptor.NamePart("González", rng);  // maybe "Gonsalez"
//
// Thread-safety: the free functions are pure; a Corruptor writes to its
// CorruptionCounts and must not be shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "calendar.h"
#include "population.h"
#include "random.h"

namespace habeas::gen {

struct CorruptionRates {
  double typo = 0.04;           // per name part
  double phonetic = 0.05;       // per name part
  double nickname = 0.10;       // per record, lists where relatives or press write names
  double drop_surname2 = 0.15;  // per record
  double swap_surnames = 0.02;  // per record
  double date_error = 0.06;     // per birth date: year only, day/month swap, ±1 year
  double id_typo = 0.04;        // per identifier
  double missing_field = 0.05;  // per optional field
};

enum class Corruption : uint8_t {
  kTypo,
  kPhonetic,
  kNickname,
  kInitials,
  kDropSurname2,
  kSwapSurnames,
  kSurname2AsMiddleName,
  kDateYearOnly,
  kDateDayMonthSwap,
  kDateYearShift,
  kIdTypo,
  kMissingField,
  // Hard profile only (the default profile never counts these).
  kDoubledOrDroppedLetter,  // "Rodrriguez", "Vilegas"
  kTransposition,           // "Rordiguez"
  kPhoneticAndTypo,         // one word with a sound-alike and a letter error ("Rordigues")
  kNameOnly,                // row with a name and at most an age: no birth date, no identifier
  kDropGivenNames,          // second and later given names left out
  kGivenNameAsSurname,      // "Yulimar | Del Valle Pérez": last given name(s) filed as surname
  kSurnameAsGivenName,      // "José Luis del Valle | Pérez": paternal surname among given names
  kAgeOffByOne,             // age computed on another date than the list's reference date
  kRedactedANumber,         // "XXX-XXX-435": last three digits only
  kUnparsableDate,          // "31/02/1990", "19450493", "approx 1990"
  kIdPlaceholder,           // "N/A", "no tiene", "000000000" in an identifier column
  kMisreadText,             // a row's UTF-8 read as Windows-1252 and saved again: "JesÃºs"
  kTypedAccents,            // accents typed as characters of their own: "Nun~ez", "Jose´"
  kNameAside,               // a title, a relation or an alias beside the name: "Sr.", "(hermano)"
  kPastedWindows1252,       // a row of Windows-1252 bytes in a UTF-8 list: "Jes\xFAs"
  kGluedWords,              // two neighbouring words of a name typed as one: "Josegregorio"
  kCount,
};

std::string_view CorruptionName(Corruption kind);

// Two neighbouring words of `text` typed as one: "José Gregorio" as "Joségregorio" (or
// "JoséGregorio"), "PAREDES GONZALEZ" as "PAREDESGONZALEZ". False, and `text`
// unchanged, if no two neighbouring words may be glued (particles, single letters and
// words with digits or punctuation never are).
bool GlueTwoWords(std::string* text, Rng& rng);

class CorruptionCounts {
 public:
  void Add(Corruption kind) { ++counts_[static_cast<size_t>(kind)]; }
  uint64_t Get(Corruption kind) const { return counts_[static_cast<size_t>(kind)]; }

 private:
  std::array<uint64_t, static_cast<size_t>(Corruption::kCount)> counts_{};
};

// A birth date as a list wrote it.
struct DateVariant {
  Date date;                       // possibly shifted by a year
  bool year_only = false;          // only the year was written
  bool day_month_swapped = false;  // day and month written in each other's place
};

// Which date errors a list's date format can show.
enum class DateErrors : uint8_t {
  kShiftOnly,        // full dates in a fixed order that nobody mistypes
  kSwapOrShift,      // full dates: day/month swap or ±1 year
  kYearOnlyOrShift,  // partial dates: year only or ±1 year
  kAll,              // year only, day/month swap or ±1 year
};

class Corruptor {
 public:
  Corruptor(const CorruptionRates& rates, double noise, CorruptionCounts& counts)
      : rates_(rates), noise_(noise), counts_(counts) {}

  // The probability of `kind` in this list (configured rate times noise, capped at 1).
  double Rate(Corruption kind) const;

  // True with probability Rate(kind); counts the corruption when true.
  bool Roll(Corruption kind, Rng& rng);
  // True with probability p (a style-specific rate); counts the corruption when true.
  bool RollWithRate(Corruption kind, double p, Rng& rng);

  // A name part (given names or one surname), maybe with a phonetic respelling and/or
  // a keyboard typo.
  std::string NamePart(std::string_view text, Rng& rng);
  // An identifier (digits), maybe with one digit error.
  std::string Identifier(std::string_view digits, Rng& rng);
  // A birth date, maybe year-only, day/month swapped (each only when the list's
  // format can show it) or ±1 year.
  DateVariant BirthDate(Date date, DateErrors allowed, Rng& rng);
  // True when an optional field should be left blank (rate scaled by `weight`).
  bool Missing(Rng& rng, double weight = 1.0);

  CorruptionCounts& counts() { return counts_; }

  // Hard profile: the list is typed by people who heard or read the name, so NamePart
  // gives each word (particles and words under three letters excepted) at least one
  // transcription error with probability `word_error`, and each further error with
  // probability `extra_error` (at most three). 0 (the default) keeps the one-phonetic-
  // one-typo model above.
  void SetTranscription(double word_error, double extra_error) {
    word_error_ = word_error;
    extra_error_ = extra_error;
  }

 private:
  std::string TranscribedWord(std::string_view word, Rng& rng);

  CorruptionRates rates_;
  double noise_;
  CorruptionCounts& counts_;
  double word_error_ = 0;
  double extra_error_ = 0;
};

// One keyboard edit at a letter position; returns `text` unchanged only when it has
// no letters.
std::string KeyboardTypo(std::string_view text, Rng& rng);
// One Spanish sound-alike respelling; returns `text` unchanged when no rule applies.
std::string PhoneticVariant(std::string_view text, Rng& rng);
// PhoneticVariant plus i/y inside a word ("Deivis"/"Deyvis", "Yris"/"Iris"), the
// transcription model's sound-alikes (hard profile).
std::string TranscriptionSoundAlike(std::string_view text, Rng& rng);
// A double letter written once ("Vilegas") or a single consonant doubled
// ("Rodrriguez"); returns `text` unchanged when it has fewer than three letters.
std::string DoubleOrDropLetter(std::string_view text, Rng& rng);
// Two adjacent different letters exchanged ("Rordiguez"); `text` unchanged when none.
std::string TransposeLetters(std::string_view text, Rng& rng);
// One digit substituted, dropped or two adjacent digits transposed.
std::string IdentifierTypo(std::string_view digits, Rng& rng);
// "J.G.G." from the first given name and both surnames.
std::string CaptionInitials(const Person& person);
// A nickname for the person's first given name in title case ("Chuy"), if the
// nickname table has one.
std::optional<std::string> NicknameFor(const Person& person, Rng& rng);

}  // namespace habeas::gen
