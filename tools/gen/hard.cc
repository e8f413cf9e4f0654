#include "hard.h"

#include <algorithm>
#include <vector>

namespace habeas::gen {
namespace {

// A range a level is drawn from, uniformly.
struct Range {
  double low = 0;
  double high = 0;
  double Draw(Rng& rng) const { return low + (high - low) * rng.Uniform(); }
};

// The ranges of one style (docs/generator.md, "The hard profile", has the table).
// Where the numbers come from: the independently made lists on which our linker
// fell to recall 0.57 had about half of their leak and NGO rows without a birth date
// or identifier, roughly one misspelt word in four or five of a transcribed name
// (several errors in some), and a third of court captions as initials; lists typed
// from documents (manifest, filings) are much cleaner.
struct StyleRanges {
  Range noise;
  Range word_error;
  Range name_only;
  Range age_given;
  Range drop_given_names;
  Range drop_surname2;
  Range unparsable_date;
  Range id_placeholder;
  Range initials;
};

StyleRanges RangesFor(ListStyle style) {
  StyleRanges r;
  switch (style) {
    case ListStyle::kManifest:
      r.noise = {0.2, 0.5};
      r.drop_given_names = {0.02, 0.06};
      r.drop_surname2 = {0.06, 0.12};
      r.unparsable_date = {0.01, 0.03};
      r.id_placeholder = {0.005, 0.02};
      break;
    case ListStyle::kLeak:
      r.noise = {0.8, 1.4};
      r.word_error = {0.18, 0.32};
      r.name_only = {0.40, 0.70};
      r.age_given = {0.3, 0.6};
      r.drop_given_names = {0.25, 0.45};
      r.drop_surname2 = {0.25, 0.45};
      r.unparsable_date = {0.01, 0.03};
      r.id_placeholder = {0.02, 0.05};
      break;
    case ListStyle::kFamily:
      r.noise = {1.2, 2.0};
      r.word_error = {0.08, 0.20};
      r.name_only = {0.25, 0.45};
      r.age_given = {0.2, 0.4};
      r.drop_given_names = {0.15, 0.30};
      r.drop_surname2 = {0.15, 0.30};
      r.unparsable_date = {0.01, 0.03};
      r.id_placeholder = {0.02, 0.05};
      break;
    case ListStyle::kCourt:
      r.noise = {0.3, 0.8};
      r.drop_given_names = {0.05, 0.15};
      r.drop_surname2 = {0.10, 0.25};
      r.id_placeholder = {0.02, 0.05};
      r.initials = {0.30, 0.37};
      break;
    case ListStyle::kNgo:
      r.noise = {0.8, 1.4};
      r.word_error = {0.12, 0.24};
      r.name_only = {0.30, 0.60};
      r.drop_given_names = {0.20, 0.35};
      r.drop_surname2 = {0.20, 0.35};
      r.unparsable_date = {0.01, 0.03};
      break;
    case ListStyle::kGeneric:
      r.noise = {1.0, 1.6};
      r.word_error = {0.16, 0.30};
      r.drop_given_names = {0.30, 0.50};
      r.drop_surname2 = {0.30, 0.50};
      break;
  }
  return r;
}

// Lists that carry an age column (the leak, relatives in the hard profile, the press).
bool HasAgeColumn(ListStyle style) {
  return style == ListStyle::kLeak || style == ListStyle::kFamily || style == ListStyle::kGeneric;
}

}  // namespace

std::string_view ProfileName(Profile profile) {
  return profile == Profile::kHard ? "hard" : "default";
}

std::optional<Profile> ParseProfile(std::string_view name) {
  if (name == "default") return Profile::kDefault;
  if (name == "hard") return Profile::kHard;
  return std::nullopt;
}

HardListLevels DrawHardListLevels(ListStyle style, uint64_t seed, size_t list_index,
                                  double global_noise) {
  Rng rng = Rng::ForStream(seed, ListStream(kStreamProfileLevels, list_index), 0);
  const StyleRanges ranges = RangesFor(style);
  auto rate = [&](const Range& range) { return std::min(1.0, range.Draw(rng) * global_noise); };
  HardListLevels levels;
  // Draw order is part of the output: append new levels at the end.
  levels.noise = ranges.noise.Draw(rng);
  levels.word_error = rate(ranges.word_error);
  levels.extra_error = levels.word_error > 0 ? rate({0.25, 0.45}) : 0;
  levels.name_only = ranges.name_only.Draw(rng);
  levels.age_given = ranges.age_given.Draw(rng);
  levels.age_off_by_one = HasAgeColumn(style) ? rate({0.15, 0.35}) : 0;
  levels.drop_given_names = rate(ranges.drop_given_names);
  levels.drop_surname2 = rate(ranges.drop_surname2);
  // Documents (manifest, filings) confuse compound names less than transcribers.
  const bool typed_from_documents = style == ListStyle::kManifest || style == ListStyle::kCourt;
  levels.given_as_surname = typed_from_documents ? rate({0.15, 0.3}) : rate({0.3, 0.6});
  levels.surname_as_given = typed_from_documents ? rate({0.1, 0.2}) : rate({0.2, 0.4});
  levels.unparsable_date = rate(ranges.unparsable_date);
  levels.id_placeholder = rate(ranges.id_placeholder);
  levels.initials = ranges.initials.Draw(rng);
  // A level that half the seeds leave at 0, so that both kinds of list are measured.
  auto half_the_seeds = [&](const Range& range) { return rng.Chance(0.5) ? 0.0 : range.Draw(rng); };
  if (style == ListStyle::kLeak) levels.flight_share = half_the_seeds({0.5, 1.0});
  levels.second_given_kept = typed_from_documents ? 0.0 : Range{0.15, 0.35}.Draw(rng);
  // Lists typed by hand into a UTF-8 file (the leak is a Windows-1252 one).
  const bool typed_into_utf8 = !typed_from_documents && style != ListStyle::kLeak;
  if (typed_into_utf8) levels.misread_text = half_the_seeds({0.05, 0.25});
  if (!typed_from_documents) {
    levels.typed_accents = half_the_seeds({0.1, 0.4});
    levels.name_aside = half_the_seeds({0.03, 0.12});
  }
  if (typed_into_utf8) levels.pasted_windows1252 = half_the_seeds({0.02, 0.10});
  if (!typed_from_documents) levels.glued_words = half_the_seeds({0.03, 0.12});
  return levels;
}

std::string UnparsableDate(Date date, DateLayout layout, Rng& rng) {
  const std::string year = std::to_string(date.year);
  const std::string month = PadNumber(static_cast<uint64_t>(date.month), 2);
  switch (rng.Below(4)) {
    case 0: {  // a day the month does not have: 31/02/1990, 04/31/1990, 1990-02 -> 1990-00
      static constexpr int kShortMonths[] = {2, 4, 6, 9, 11};
      const int short_month = kShortMonths[rng.Below(5)];
      const std::string m = PadNumber(static_cast<uint64_t>(short_month), 2);
      const std::string d = short_month == 2 ? std::to_string(30 + rng.Below(2)) : "31";
      if (layout == DateLayout::kDayMonthYear) return d + "/" + m + "/" + year;
      if (layout == DateLayout::kMonthDayYear) return m + "/" + d + "/" + year;
      return year + "-00";
    }
    case 1: {  // month 13-19: 1990-13-05, 13/05/1990 in MM/DD, 05/14/1990 in DD/MM
      const std::string bad = std::to_string(13 + rng.Below(7));
      const std::string day = PadNumber(static_cast<uint64_t>(date.day), 2);
      if (layout == DateLayout::kDayMonthYear) return day + "/" + bad + "/" + year;
      if (layout == DateLayout::kMonthDayYear) return bad + "/" + day + "/" + year;
      return year + "-" + bad;
    }
    case 2:  // digits run together with an impossible day: 19450493
      return year + month + std::to_string(32 + rng.Below(68));
    default: {
      static const std::vector<std::string> kPrefixes = {"approx ", "aprox. ", "aprox ",
                                                         "circa ",  "¿",       "alrededor de "};
      const std::string& prefix = rng.Pick(kPrefixes);
      return prefix + year + (prefix == "¿" ? "?" : "");
    }
  }
}

std::string IdPlaceholder(Rng& rng) {
  static const std::vector<std::string> kPlaceholders = {
      "N/A", "desconocido", "sin cedula", "no tiene", "REDACTED", "0", "000000000"};
  return rng.Pick(kPlaceholders);
}

std::string RedactedANumber(std::string_view nine_digits, Rng& rng) {
  const std::string last(nine_digits.substr(nine_digits.size() >= 3 ? nine_digits.size() - 3 : 0));
  switch (rng.Below(6)) {
    case 0:
      return "XXX-XXX-" + last;
    case 1:
      return "A-XXX-XXX-" + last;
    case 2:
      return "***-***-" + last;
    case 3:
      return "A# XXX-XXX-" + last;
    case 4:
      return "AXXXXXX" + last;
    default:
      return "xxx-xxx-" + last;
  }
}

}  // namespace habeas::gen
