// The hard profile (`habeas-gen --profile hard`): lists written the way real ones are.
//
// The default profile is kind: every list spells names with one rare error, most
// rows carry a birth date, and the leak copies the manifest's spelling. Real lists
// typed by other people (a leak, an NGO tracker, relatives, the press) carry only a
// name and maybe an age in many rows, spell each name independently with several
// errors, confuse compound given names with surnames, redact identifiers and hold
// dates and identifiers that are not dates or identifiers at all.
//
// Under the hard profile each list draws its own levels (HardListLevels) from the
// seed within the ranges of its style, so no single seed can be tuned to: a leak is
// always noisier than a manifest, but how much noisier changes with the seed. The
// population and which persons each list captures are the same as in the default
// profile; only how the rows are written changes. docs/generator.md lists the
// ranges.
//
//   HardListLevels levels = DrawHardListLevels(ListStyle::kLeak, seed, /*list_index=*/1, 1.0);
//   corruptor.SetTranscription(levels.word_error, levels.extra_error);
//   std::string dob = UnparsableDate(person.birth, DateLayout::kDayMonthYear, rng);
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "calendar.h"
#include "list_style.h"
#include "random.h"

namespace habeas::gen {

std::string_view ProfileName(Profile profile);
std::optional<Profile> ParseProfile(std::string_view name);

// One list's corruption levels under the hard profile. Rates are probabilities per
// unit named beside them; 0 means the list cannot show the corruption.
// Share of the locator queries (queries.csv) with two words typed as one under the hard
// profile: a guess, as for the lists' glued_words, not drawn per seed.
inline constexpr double kHardQueryGluedWords = 0.05;

struct HardListLevels {
  double noise = 1;             // replaces ListSpec::noise for the base corruption rates
  double word_error = 0;        // per name word: at least one transcription error
  double extra_error = 0;       // per further error in a word already wrong (at most 3)
  double name_only = 0;         // per row: only a name (and maybe an age)
  double age_given = 0;         // per name-only row of a list with an age column: age kept
  double age_off_by_one = 0;    // per written age
  double drop_given_names = 0;  // per record with two or more given-name words
  double drop_surname2 = 0;     // per record
  double given_as_surname = 0;  // per record whose given names end in "de/del ..." (x 1/20
                                // for other multi-word given names)
  double surname_as_given = 0;  // per record with a particle paternal surname (x 1/20 other)
  double unparsable_date = 0;   // per written birth date
  double id_placeholder = 0;    // per identifier cell
  double initials = 0;          // per court record: caption initials only
  // Per leak row: its flight number written. A leaked list of names need not say which
  // flight took them: half the seeds draw 0 (the column is there, every cell empty).
  double flight_share = 1;
  // Per record whose given names are shortened: the second kept instead of the first
  // (the name the person goes by: "José Gregorio" is "Gregorio" to his family). Lists
  // typed from documents keep the first.
  double second_given_kept = 0;
  // Per row of a UTF-8 list typed by hand: its text went through a spreadsheet set to
  // Windows-1252 and was saved again as UTF-8 ("JesÃºs" for "Jesús"), as rows pasted in
  // from another file are. Half the seeds draw 0; documents (manifest, court) and the
  // Windows-1252 leak never.
  double misread_text = 0;
  // Per row of a list typed by hand (leak, family, ngo, list_NN): its accents typed as
  // characters of their own after the letter, on a keyboard without dead keys
  // ("Nun~ez", "Jose´", "Gu¨iria"); shows on rows written with accents. Half the seeds
  // draw 0.
  double typed_accents = 0;
  // Per row of a list typed by hand: a title before the name ("Sr.", "Doña"), a relation
  // after it ("(hermano)") or an alias ("alias El Gocho", "(a) Cheo"). Half the seeds
  // draw 0.
  double name_aside = 0;
  // Per row of a UTF-8 list typed by hand (family, ngo, list_NN) that is not misread:
  // pasted in from a Windows-1252 list without conversion, so its accented letters are
  // single bytes that are not UTF-8 ("Jes\xFAs"). Half the seeds draw 0.
  double pasted_windows1252 = 0;
  // Per row of a list typed by hand (leak, family, ngo, list_NN): two neighbouring words
  // of the name typed without the space between them ("Josegregorio", "MARIAJOSE",
  // "Paredesgonzalez"; particles never). Half the seeds draw 0.
  double glued_words = 0;
};

// Draws the levels of list `list_index` (style `style`) from the seed; every rate is
// then multiplied by `global_noise` (--noise) and capped at 1, shares of rows
// (name_only, age_given, initials) are not.
HardListLevels DrawHardListLevels(ListStyle style, uint64_t seed, size_t list_index,
                                  double global_noise);

// How a list writes full dates.
enum class DateLayout : uint8_t { kDayMonthYear, kMonthDayYear, kYearMonth };

// A birth date written so that no date parser can read it, in the list's layout:
// an impossible day ("31/02/1990"), month 13-19 ("1990-13"), an impossible
// YYYYMMDD ("19450493") or text ("approx 1990").
std::string UnparsableDate(Date date, DateLayout layout, Rng& rng);

// What people write in an identifier column when there is none or they will not
// say: "N/A", "desconocido", "sin cedula", "no tiene", "REDACTED", "0", "000000000".
std::string IdPlaceholder(Rng& rng);

// An A-number redacted to its last three digits, as court filings publish it:
// "XXX-XXX-435", "A-XXX-XXX-435", "***-***-435", "A# XXX-XXX-435", "AXXXXXX435".
std::string RedactedANumber(std::string_view nine_digits, Rng& rng);

}  // namespace habeas::gen
