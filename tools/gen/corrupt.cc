#include "corrupt.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "text.h"

namespace habeas::gen {
namespace {

// Neighbouring keys on a Spanish QWERTY keyboard (ñ right of l).
std::u32string_view Neighbours(char32_t lower) {
  switch (lower) {
    case U'q':
      return U"wa";
    case U'w':
      return U"qes";
    case U'e':
      return U"wrd";
    case U'r':
      return U"etf";
    case U't':
      return U"ryg";
    case U'y':
      return U"tuh";
    case U'u':
      return U"yij";
    case U'i':
      return U"uok";
    case U'o':
      return U"ipl";
    case U'p':
      return U"ol";
    case U'a':
      return U"qsz";
    case U's':
      return U"adwx";
    case U'd':
      return U"sfec";
    case U'f':
      return U"dgrv";
    case U'g':
      return U"fhtb";
    case U'h':
      return U"gjyn";
    case U'j':
      return U"hkum";
    case U'k':
      return U"jli";
    case U'l':
      return U"kop";
    case U'z':
      return U"asx";
    case U'x':
      return U"zsdc";
    case U'c':
      return U"xdfv";
    case U'v':
      return U"cfgb";
    case U'b':
      return U"vghn";
    case U'n':
      return U"bhjm";
    case U'm':
      return U"njk";
    default:
      return U"aeiou";
  }
}

bool IsLetter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0xFF);
}

char32_t AsciiLower(char32_t c) { return c >= U'A' && c <= U'Z' ? c + 32 : c; }

bool IsAsciiVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

struct Rewrite {
  size_t position;
  size_t length;
  std::string_view replacement;
};

// Every place a Spanish sound-alike rule could respell `s` (lower case).
std::vector<Rewrite> PhoneticCandidates(const std::string& s) {
  std::vector<Rewrite> out;
  auto at = [&](size_t i) -> char { return i < s.size() ? s[i] : '\0'; };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char next = at(i + 1);
    const bool word_start = i == 0 || s[i - 1] == ' ';
    const bool word_end = next == '\0' || next == ' ';
    const bool before_front_vowel = next == 'e' || next == 'i';
    switch (c) {
      case 'b':
        out.push_back({i, 1, "v"});
        break;
      case 'v':
        out.push_back({i, 1, "b"});
        break;
      case 'z':
        out.push_back({i, 1, "s"});
        break;
      case 's':
        out.push_back({i, 1, "z"});
        if (before_front_vowel) out.push_back({i, 1, "c"});
        break;
      case 'c':
        if (before_front_vowel) out.push_back({i, 1, "s"});
        if (next == 'k') out.push_back({i, 2, "k"});
        break;
      case 'l':
        if (next == 'l') out.push_back({i, 2, "y"});
        break;
      case 'y':
        if (!word_start && IsAsciiVowel(next)) out.push_back({i, 1, "ll"});
        if (word_start && IsAsciiVowel(next)) out.push_back({i, 1, "j"});
        if (word_end && i > 0 && IsAsciiVowel(s[i - 1])) out.push_back({i, 1, "i"});
        break;
      case 'i':
        if (word_end && i > 0 && IsAsciiVowel(s[i - 1])) out.push_back({i, 1, "y"});
        break;
      case 'g':
        if (before_front_vowel) out.push_back({i, 1, "j"});
        break;
      case 'j':
        if (before_front_vowel) out.push_back({i, 1, "g"});
        if (next == 'h') {
          out.push_back({i, 2, "j"});
          out.push_back({i, 2, "y"});
        } else if (word_start && IsAsciiVowel(next)) {
          out.push_back({i, 1, "y"});
          if (next == 'o') out.push_back({i, 1, "jh"});
        }
        break;
      case 'h':
        if (word_start && IsAsciiVowel(next)) out.push_back({i, 1, ""});
        break;
      case 'q':
        if (next == 'u' && (at(i + 2) == 'e' || at(i + 2) == 'i')) out.push_back({i, 2, "k"});
        break;
      case 'x':
        out.push_back({i, 1, "j"});
        break;
      case 'w':
        if (next == 'u') out.push_back({i, 2, "w"});
        if (next == 'u' || next == 'i') out.push_back({i, 1, "g"});
        break;
      case 't':
        if (next == 'h') out.push_back({i, 2, "t"});
        if (next == 't') out.push_back({i, 2, "t"});
        break;
      case 'n':
        if (next == 'n') out.push_back({i, 2, "n"});
        break;
      case '\xC3':
        if (next == '\xB1') {  // ñ
          out.push_back({i, 2, "n"});
          out.push_back({i, 2, "ni"});
        }
        break;
      default:
        break;
    }
    if (word_start && IsAsciiVowel(c)) out.push_back({i, 0, "h"});
  }
  return out;
}

// Re-applies the casing style of `original` (upper, lower or title) to `changed`.
std::string MatchCase(std::string_view original, const std::string& changed) {
  if (ToUpper(original) == original) return ToUpper(changed);
  if (ToLower(original) == original) return changed;
  return SpanishTitleCase(changed);
}

}  // namespace

namespace {

bool IsGluableWord(std::string_view word) {
  if (word.size() < 2 || IsParticle(ToLower(word))) return false;
  // Letters only (UTF-8 bytes of accented letters count): no digits or punctuation.
  return std::all_of(word.begin(), word.end(), [](char c) {
    return (c & 0x80) != 0 || std::isalpha(static_cast<unsigned char>(c));
  });
}

}  // namespace

// Two neighbouring words of `text` written as one: "José Gregorio" as "Joségregorio"
// (or "JoséGregorio"), "PAREDES GONZALEZ" as "PAREDESGONZALEZ". False if no two
// neighbouring words may be glued (particles and single letters never are).
bool GlueTwoWords(std::string* text, Rng& rng) {
  std::vector<std::string> words;
  for (size_t begin = 0; begin < text->size();) {
    size_t end = text->find(' ', begin);
    if (end == std::string::npos) end = text->size();
    if (end > begin) words.push_back(text->substr(begin, end - begin));
    begin = end + 1;
  }
  std::vector<size_t> places;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (IsGluableWord(words[i]) && IsGluableWord(words[i + 1])) places.push_back(i);
  }
  if (places.empty()) return false;
  const size_t at = places[rng.Below(places.size())];
  std::string second = words[at + 1];
  if (second != ToUpper(second) && rng.Chance(0.5)) second = ToLower(second);
  words[at] += second;
  words.erase(words.begin() + static_cast<std::ptrdiff_t>(at) + 1);
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  *text = std::move(out);
  return true;
}

std::string_view CorruptionName(Corruption kind) {
  switch (kind) {
    case Corruption::kTypo:
      return "typo";
    case Corruption::kPhonetic:
      return "phonetic";
    case Corruption::kNickname:
      return "nickname";
    case Corruption::kInitials:
      return "initials";
    case Corruption::kDropSurname2:
      return "drop_surname2";
    case Corruption::kSwapSurnames:
      return "swap_surnames";
    case Corruption::kSurname2AsMiddleName:
      return "surname2_as_middle_name";
    case Corruption::kDateYearOnly:
      return "date_year_only";
    case Corruption::kDateDayMonthSwap:
      return "date_day_month_swap";
    case Corruption::kDateYearShift:
      return "date_year_shift";
    case Corruption::kIdTypo:
      return "id_typo";
    case Corruption::kMissingField:
      return "missing_field";
    case Corruption::kDoubledOrDroppedLetter:
      return "doubled_or_dropped_letter";
    case Corruption::kTransposition:
      return "transposition";
    case Corruption::kPhoneticAndTypo:
      return "phonetic_and_typo";
    case Corruption::kNameOnly:
      return "name_only";
    case Corruption::kDropGivenNames:
      return "drop_given_names";
    case Corruption::kGivenNameAsSurname:
      return "given_name_as_surname";
    case Corruption::kSurnameAsGivenName:
      return "surname_as_given_name";
    case Corruption::kAgeOffByOne:
      return "age_off_by_one";
    case Corruption::kRedactedANumber:
      return "redacted_a_number";
    case Corruption::kUnparsableDate:
      return "unparsable_date";
    case Corruption::kIdPlaceholder:
      return "id_placeholder";
    case Corruption::kMisreadText:
      return "misread_text";
    case Corruption::kTypedAccents:
      return "typed_accents";
    case Corruption::kNameAside:
      return "name_aside";
    case Corruption::kPastedWindows1252:
      return "pasted_windows1252";
    case Corruption::kGluedWords:
      return "glued_words";
    case Corruption::kCount:
      break;
  }
  return "unknown";
}

double Corruptor::Rate(Corruption kind) const {
  double rate = 0;
  switch (kind) {
    case Corruption::kTypo:
      rate = rates_.typo;
      break;
    case Corruption::kPhonetic:
      rate = rates_.phonetic;
      break;
    case Corruption::kNickname:
      rate = rates_.nickname;
      break;
    case Corruption::kDropSurname2:
      rate = rates_.drop_surname2;
      break;
    case Corruption::kSwapSurnames:
      rate = rates_.swap_surnames;
      break;
    case Corruption::kDateYearOnly:
    case Corruption::kDateDayMonthSwap:
    case Corruption::kDateYearShift:
      rate = rates_.date_error / 3;
      break;
    case Corruption::kIdTypo:
      rate = rates_.id_typo;
      break;
    case Corruption::kMissingField:
      rate = rates_.missing_field;
      break;
    default:
      break;  // style-specific kinds have no global rate
  }
  return std::min(1.0, rate * noise_);
}

bool Corruptor::Roll(Corruption kind, Rng& rng) { return RollWithRate(kind, Rate(kind), rng); }

bool Corruptor::RollWithRate(Corruption kind, double p, Rng& rng) {
  if (!rng.Chance(p)) return false;
  counts_.Add(kind);
  return true;
}

std::string Corruptor::NamePart(std::string_view text, Rng& rng) {
  std::string out(text);
  if (out.empty()) return out;
  if (word_error_ > 0) {  // hard profile: every word typed by someone else
    std::string typed;
    size_t start = 0;
    while (start <= out.size()) {
      size_t end = out.find(' ', start);
      if (end == std::string::npos) end = out.size();
      if (start > 0) typed += ' ';
      typed += TranscribedWord(std::string_view(out).substr(start, end - start), rng);
      start = end + 1;
    }
    return typed;
  }
  if (rng.Chance(Rate(Corruption::kPhonetic))) {
    std::string changed = PhoneticVariant(out, rng);
    if (changed != out) {
      counts_.Add(Corruption::kPhonetic);
      out = std::move(changed);
    }
  }
  if (Roll(Corruption::kTypo, rng)) out = KeyboardTypo(out, rng);
  return out;
}

std::string Corruptor::TranscribedWord(std::string_view word, Rng& rng) {
  // Particles are short and known to everybody; two-letter words have nothing to err.
  static constexpr std::string_view kParticles[] = {"de", "del", "la", "las", "los", "y", "e"};
  const std::string lower = ToLower(word);
  if (DecodeUtf8(word).size() < 3 ||
      std::find(std::begin(kParticles), std::end(kParticles), lower) != std::end(kParticles)) {
    return std::string(word);
  }
  if (!rng.Chance(word_error_)) return std::string(word);
  std::string out(word);
  bool sound_alike = false;
  bool letter_error = false;
  for (int errors = 0; errors < 3; ++errors) {
    if (errors > 0 && !rng.Chance(extra_error_)) break;
    // Sound-alikes dominate what people mishear; the rest are slips of the hand.
    const double kind = rng.Uniform();
    std::string changed;
    if (kind < 0.45) {
      changed = TranscriptionSoundAlike(out, rng);
      if (changed != out) {
        counts_.Add(Corruption::kPhonetic);
        sound_alike = true;
        out = std::move(changed);
        continue;
      }
    } else if (kind < 0.65) {
      changed = DoubleOrDropLetter(out, rng);
      if (changed != out) {
        counts_.Add(Corruption::kDoubledOrDroppedLetter);
        letter_error = true;
        out = std::move(changed);
        continue;
      }
    } else if (kind < 0.80) {
      changed = TransposeLetters(out, rng);
      if (changed != out) {
        counts_.Add(Corruption::kTransposition);
        letter_error = true;
        out = std::move(changed);
        continue;
      }
    }
    out = KeyboardTypo(out, rng);  // also when the chosen rule had nowhere to apply
    counts_.Add(Corruption::kTypo);
    letter_error = true;
  }
  if (sound_alike && letter_error) counts_.Add(Corruption::kPhoneticAndTypo);
  return out;
}

std::string Corruptor::Identifier(std::string_view digits, Rng& rng) {
  if (digits.size() < 2 || !Roll(Corruption::kIdTypo, rng)) return std::string(digits);
  return IdentifierTypo(digits, rng);
}

DateVariant Corruptor::BirthDate(Date date, DateErrors allowed, Rng& rng) {
  DateVariant out{date, false, false};
  const bool year_only_allowed =
      allowed == DateErrors::kYearOnlyOrShift || allowed == DateErrors::kAll;
  const bool swap_allowed = allowed == DateErrors::kSwapOrShift || allowed == DateErrors::kAll;
  const double r = rng.Uniform();
  const double each = Rate(Corruption::kDateYearOnly);
  if (r < each) {
    if (year_only_allowed) {
      out.year_only = true;
      counts_.Add(Corruption::kDateYearOnly);
    }
  } else if (r < 2 * each) {
    if (swap_allowed && date.day != date.month) {
      out.day_month_swapped = true;
      counts_.Add(Corruption::kDateDayMonthSwap);
    }
  } else if (r < 3 * each) {
    out.date.year += rng.Chance(0.5) ? 1 : -1;
    if (out.date.month == 2 && out.date.day == 29) out.date.day = 28;
    counts_.Add(Corruption::kDateYearShift);
  }
  return out;
}

bool Corruptor::Missing(Rng& rng, double weight) {
  return RollWithRate(Corruption::kMissingField, Rate(Corruption::kMissingField) * weight, rng);
}

std::string KeyboardTypo(std::string_view text, Rng& rng) {
  std::u32string s = DecodeUtf8(text);
  std::vector<size_t> letters;
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsLetter(s[i])) letters.push_back(i);
  }
  if (letters.empty()) return std::string(text);
  const size_t i = letters[rng.Below(letters.size())];
  const bool upper = (s[i] >= U'A' && s[i] <= U'Z') || (s[i] >= 0xC0 && s[i] <= 0xDE);
  auto neighbour = [&](char32_t c) {
    const std::u32string_view options = Neighbours(AsciiLower(c));
    char32_t n = options[rng.Below(options.size())];
    return upper ? n - 32 : n;
  };
  switch (rng.Below(4)) {
    case 0:  // substitute
      s[i] = neighbour(s[i]);
      break;
    case 1:  // delete (keep at least one letter)
      if (s.size() > 1) {
        s.erase(i, 1);
      } else {
        s[i] = neighbour(s[i]);
      }
      break;
    case 2:  // insert a neighbour after
      s.insert(s.begin() + static_cast<std::ptrdiff_t>(i) + 1, neighbour(s[i]));
      break;
    default:  // transpose with the next letter, or substitute when impossible
      if (i + 1 < s.size() && IsLetter(s[i + 1]) && s[i + 1] != s[i]) {
        std::swap(s[i], s[i + 1]);
      } else {
        s[i] = neighbour(s[i]);
      }
      break;
  }
  return EncodeUtf8(s);
}

std::string PhoneticVariant(std::string_view text, Rng& rng) {
  const std::string lower = ToLower(text);
  const std::vector<Rewrite> candidates = PhoneticCandidates(lower);
  if (candidates.empty()) return std::string(text);
  const Rewrite& rewrite = candidates[rng.Below(candidates.size())];
  std::string changed = lower;
  changed.replace(rewrite.position, rewrite.length, rewrite.replacement);
  return MatchCase(text, changed);
}

std::string TranscriptionSoundAlike(std::string_view text, Rng& rng) {
  if (rng.Chance(0.2)) {
    // i/y: "Deivis"/"Deyvis", "Yris"/"Iris", "Maikel"/"Maykel".
    const std::string lower = ToLower(text);
    std::vector<Rewrite> candidates;
    for (size_t i = 0; i < lower.size(); ++i) {
      const bool after_vowel = i > 0 && IsAsciiVowel(lower[i - 1]);
      const bool before_vowel = i + 1 < lower.size() && IsAsciiVowel(lower[i + 1]);
      if (lower[i] == 'i' && (after_vowel || (i == 0 && !before_vowel))) {
        candidates.push_back({i, 1, "y"});
      } else if (lower[i] == 'y' && !before_vowel && (after_vowel || i == 0)) {
        candidates.push_back({i, 1, "i"});
      }
    }
    if (!candidates.empty()) {
      const Rewrite& rewrite = candidates[rng.Below(candidates.size())];
      std::string changed = lower;
      changed.replace(rewrite.position, rewrite.length, rewrite.replacement);
      return MatchCase(text, changed);
    }
  }
  return PhoneticVariant(text, rng);
}

std::string DoubleOrDropLetter(std::string_view text, Rng& rng) {
  std::u32string s = DecodeUtf8(text);
  if (s.size() < 3) return std::string(text);
  std::vector<size_t> doubles;
  std::vector<size_t> doublable;  // consonants people double: l, r, n, s, t, c, m, f, p
  for (size_t i = 1; i < s.size(); ++i) {
    if (!IsLetter(s[i])) continue;
    const char32_t lower = AsciiLower(s[i]);
    if (AsciiLower(s[i - 1]) == lower) doubles.push_back(i);
    if (std::u32string_view(U"lrnstcmfp").find(lower) != std::u32string_view::npos &&
        (i + 1 >= s.size() || AsciiLower(s[i + 1]) != lower) && AsciiLower(s[i - 1]) != lower) {
      doublable.push_back(i);
    }
  }
  if (!doubles.empty() && (doublable.empty() || rng.Chance(0.6))) {
    s.erase(doubles[rng.Below(doubles.size())], 1);  // "Villegas" -> "Vilegas"
  } else if (!doublable.empty() && rng.Chance(0.6)) {
    const size_t i = doublable[rng.Below(doublable.size())];
    s.insert(s.begin() + static_cast<std::ptrdiff_t>(i), s[i]);  // "Rodriguez" -> "Rodrriguez"
  } else {
    s.erase(1 + rng.Below(s.size() - 1), 1);  // a letter left out: "Rodrigez"
  }
  return EncodeUtf8(s);
}

std::string TransposeLetters(std::string_view text, Rng& rng) {
  std::u32string s = DecodeUtf8(text);
  std::vector<size_t> positions;  // not the first letter: people rarely misorder it
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (IsLetter(s[i]) && IsLetter(s[i + 1]) && AsciiLower(s[i]) != AsciiLower(s[i + 1])) {
      positions.push_back(i);
    }
  }
  if (positions.empty()) return std::string(text);
  const size_t i = positions[rng.Below(positions.size())];
  std::swap(s[i], s[i + 1]);
  return EncodeUtf8(s);
}

std::string IdentifierTypo(std::string_view digits, Rng& rng) {
  std::string s(digits);
  if (s.empty()) return s;
  const size_t i = rng.Below(s.size());
  switch (rng.Below(3)) {
    case 0: {  // substitute
      const char original = s[i];
      while (s[i] == original) s[i] = static_cast<char>('0' + rng.Below(10));
      break;
    }
    case 1:  // drop
      if (s.size() > 1) {
        s.erase(i, 1);
        break;
      }
      [[fallthrough]];
    default:  // transpose with a neighbour that differs
      for (size_t k = 0; k + 1 < s.size(); ++k) {
        const size_t j = (i + k) % (s.size() - 1);
        if (s[j] != s[j + 1]) {
          std::swap(s[j], s[j + 1]);
          return s;
        }
      }
      s[i] = s[i] == '9' ? '0' : static_cast<char>(s[i] + 1);
      break;
  }
  return s;
}

std::string CaptionInitials(const Person& person) {
  auto initial = [](std::string_view word) {
    // Particles ("De La Cruz") keep the initial of the first word, as captions do.
    return std::string(1, StripAccents(ToUpper(word.substr(0, 2)))[0]);
  };
  const auto& given = Vocabulary::Get().given_names(person.sex)[person.given[0]];
  return initial(given) + "." + initial(Surname1(person)) + "." + initial(Surname2(person)) + ".";
}

std::optional<std::string> NicknameFor(const Person& person, Rng& rng) {
  const Vocabulary& vocab = Vocabulary::Get();
  const std::string first = ToLower(vocab.given_names(person.sex)[person.given[0]]);
  std::vector<const Nickname*> options = vocab.NicknamesFor(first, person.sex);
  if (options.empty()) {
    const size_t space = first.find(' ');
    if (space != std::string::npos) {
      options = vocab.NicknamesFor(std::string_view(first).substr(0, space), person.sex);
    }
  }
  if (options.empty()) return std::nullopt;
  return SpanishTitleCase(options[rng.Below(options.size())]->nickname);
}

}  // namespace habeas::gen
