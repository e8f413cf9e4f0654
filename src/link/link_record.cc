#include "link/link_record.h"

#include "habeas/identifier.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <unordered_map>
#include <utility>

#include "habeas/names/glued.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/nicknames.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/partial_date.h"
#include "link/parallel.h"

namespace habeas::link {
namespace {

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// The set of a phonetic key's symbols (distinct, sorted), hashed: letters typed in the
// wrong order ("Préez" for Pérez, "Ojdea" for Ojeda) or doubled and undoubled
// ("Parrdes" for Paredes: the same symbols, once each) give the same blocking key.
// Distinct names rarely share the set, and every rule also asks for another part.
// `initial_j_as_y`: a first symbol J counts as Y (GivenKeyHash).
uint64_t SymbolSetHash(std::string_view key, bool initial_j_as_y = false) {
  if (key.empty()) return 0;
  char symbols[64];  // a longer key is hashed on its first 64 symbols
  const size_t n = std::min(key.size(), sizeof symbols);
  std::copy_n(key.begin(), n, symbols);
  if (initial_j_as_y && symbols[0] == 'J') symbols[0] = 'Y';
  std::sort(symbols, symbols + n);
  const char* end = std::unique(symbols, symbols + n);
  return HashText(std::string_view(symbols, static_cast<size_t>(end - symbols)));
}

uint64_t KeyHash(const names::PhoneticKey& key) { return SymbolSetHash(key.view()); }

// A given name's key: its phonetic key with an initial J or Y read as one letter. Names
// are spelt both ways ("Yorman" / "Jorman", "Yohana" / "Johana", "Yeferson" /
// "Jefferson"), and the phonetic key keeps them apart (J is a sound of its own, Y a
// consonant before a vowel), so the spellings never met in a given-name block.
uint64_t GivenKeyHash(const names::PhoneticKey& key) {
  return SymbolSetHash(key.view(), /*initial_j_as_y=*/true);
}

// Packs up to `n` leading symbols of a phonetic key into the next bytes of `sig`.
void PackPrefix(std::string_view key, int n, uint64_t* sig, int* used) {
  for (int i = 0; i < n && *used < 8; ++i, ++*used) {
    const unsigned char c = i < static_cast<int>(key.size()) ? key[i] : 0;
    *sig |= static_cast<uint64_t>(c) << (8 * (7 - *used));
  }
}

std::string DigitsOnly(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (out.empty() && c == '0') continue;  // leading zeros carry no identity
      out.push_back(c);
    }
  }
  return out;
}

// LinkRecord::flight of a flight as written: its last run of digits (at most the last 9)
// + 1, 0 when it has none.
uint32_t FlightNumberKey(std::string_view text) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] < '0' || text[end - 1] > '9')) --end;
  size_t begin = end;
  while (begin > 0 && text[begin - 1] >= '0' && text[begin - 1] <= '9') --begin;
  if (begin == end) return 0;
  begin = std::max(begin, end > 9 ? end - 9 : size_t{0});
  uint32_t number = 0;
  for (size_t i = begin; i < end; ++i) number = number * 10 + static_cast<uint32_t>(text[i] - '0');
  return number + 1;
}

std::string AlnumFolded(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

// Splits a folded "surnames" value into paternal and maternal surname, keeping
// particles with the word they precede ("de la cruz perez" → "de la cruz", "perez").
names::ParsedName StructuredName(const RecordData& r) {
  names::ParsedName p;
  const std::string given = names::FoldName(r.field(CanonicalField::kGivenNames));
  if (!given.empty()) p.given_names.push_back(given);
  p.surname1 = names::FoldName(r.field(CanonicalField::kSurname1));
  p.surname2 = names::FoldName(r.field(CanonicalField::kSurname2));
  if (p.surname1.empty() && p.surname2.empty()) {
    names::SplitSurnames(names::FoldName(r.field(CanonicalField::kSurnames)), &p.surname1,
                         &p.surname2);
  } else if (p.surname1.empty()) {
    std::swap(p.surname1, p.surname2);
  }
  if (p.surname2.empty() && p.surname1.find(' ') != std::string::npos) {
    // One column holding both surnames ("Pérez González", "ParedesGonzález").
    const std::string both = std::move(p.surname1);
    p.surname1.clear();
    names::SplitSurnames(both, &p.surname1, &p.surname2);
  }
  p.form = names::NameForm::kCommaSurnameFirst;
  p.probability = 1.0;
  return p;
}

// Splits a folded text at its last word, keeping the particles before that word with it:
// "ernesto juan de freitas" → "ernesto juan", "de freitas". Both empty when the text has
// no word before its tail.
std::pair<std::string, std::string> SplitLastWord(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t end = folded.find(' ', pos);
    if (end == std::string_view::npos) end = folded.size();
    if (end > pos) words.push_back(folded.substr(pos, end - pos));
    pos = end + 1;
  }
  size_t tail = words.size();
  if (tail == 0) return {};
  --tail;
  while (tail > 0 && names::IsNameParticle(words[tail - 1])) --tail;
  if (tail == 0) return {};
  auto join = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) {
      if (!out.empty()) out.push_back(' ');
      out.append(words[i]);
    }
    return out;
  };
  return {join(0, tail), join(tail, words.size())};
}

// P(a folded name part is a given name) in `roles`: its core's ("cordero" low, "jesus"
// high, 0.5 unknown), or for a part with particles how often "<particles> <core>" belongs
// to a compound given name ("del valle", "de los angeles"); -1 for an initial.
double GivenNameProbability(std::string_view folded_part, const names::NameFrequencies& roles) {
  const std::string_view core = names::SurnameCore(folded_part);
  if (core.size() < 2) return -1;
  if (core.size() != folded_part.size()) return names::CompoundGivenAffinity(core);
  return roles.GivenProbability(core);
}

// Whether a name typed into columns has a word that could sit in the other role's column:
// two or more given names and no maternal surname, or both surnames.
bool MayBeShifted(const names::ParsedName& name) {
  if (name.given_names.size() != 1 || name.surname1.empty()) return false;
  return !name.surname2.empty() || name.given_names.front().find(' ') != std::string::npos;
}

// The other reading of a name typed into given-name and surname columns, when a word's
// role in `roles` says it sits in the other role's column (hard profile,
// docs/generator.md): the paternal surname typed among the given names with the maternal
// in its place ("Jose Jorge Cordero" / "Sosa" → "jose jorge" / "cordero" / "sosa"), or a
// given name's tail typed as the paternal surname with the paternal as maternal ("Eduar"
// / "Jesus" / "Morales" → "eduar jesus" / "morales"). Empty when neither is plausible.
names::ParsedName ShiftedStructuredName(const names::ParsedName& name,
                                        const names::NameFrequencies& roles) {
  names::ParsedName shifted;
  if (!MayBeShifted(name)) return shifted;
  const std::string& given = name.given_names.front();
  if (name.surname2.empty()) {
    auto [rest, tail] = SplitLastWord(given);
    const double p = GivenNameProbability(tail, roles);
    if (rest.empty() || p < 0 || p >= 0.5) return shifted;
    shifted.given_names.push_back(std::move(rest));
    shifted.surname1 = std::move(tail);
    shifted.surname2 = name.surname1;
  } else {
    if (GivenNameProbability(name.surname1, roles) <= 0.5) return shifted;
    shifted.given_names.push_back(given + " " + name.surname1);
    shifted.surname1 = name.surname2;
  }
  shifted.form = names::NameForm::kCommaSurnameFirst;
  shifted.probability = 0.5;
  return shifted;
}

// A parsed name with its given names as one entry, as a name typed into columns is.
names::ParsedName WithGivenNamesJoined(const names::ParsedName& name) {
  names::ParsedName out = name;
  out.given_names.clear();
  if (!name.given_names.empty()) out.given_names.push_back(name.GivenNamesJoined());
  return out;
}

// out->alt_name of a name typed into columns: its shifted reading, if any.
void SetShiftedReading(const names::ParsedName& typed, const names::NameFrequencies& roles,
                       LinkRecord* out) {
  const names::ParsedName shifted = ShiftedStructuredName(typed, roles);
  out->alt_name = shifted.empty() ? names::PreparedName() : names::PrepareName(shifted);
}

// Blocking keys of one reading: the first given name (nicknames mapped to their
// formal name), the second given name and the surnames, as hashes of phonetic keys
// (0 = missing); given names through GivenKeyHash.
void NameKeys(const names::PreparedName& n, uint64_t* given, uint64_t* given2, uint64_t* surname1,
              uint64_t* surname2, char* initial, char* surname1_initial, char* surname2_initial) {
  if (n.given.size() >= 2 && !n.given[1].initial) *given2 = GivenKeyHash(n.given[1].key);
  if (!n.given.empty()) {
    const names::PreparedWord& g = n.given.front();
    *initial = g.folded[0];
    if (!g.initial) {
      const auto formal = names::NicknameTable::Builtin().FormalNamesOf(g.folded);
      if (!formal.empty()) {
        std::string first(formal.front());
        const size_t space = first.find(' ');
        if (space != std::string::npos) first.resize(space);
        *given = GivenKeyHash(names::PhoneticKeyEs(names::FoldName(first)));
      } else {
        *given = GivenKeyHash(g.key);
      }
    }
  }
  if (!n.surname1.empty() && !n.surname1.initial) {
    *surname1 = KeyHash(n.surname1.key);
    if (!n.surname1.key.view().empty()) *surname1_initial = n.surname1.key.view()[0];
  }
  if (!n.surname2.empty() && !n.surname2.initial) {
    *surname2 = KeyHash(n.surname2.key);
    if (!n.surname2.key.view().empty()) *surname2_initial = n.surname2.key.view()[0];
  }
}

const names::NameParser& Parser() {
  static const names::NameParser parser;
  return parser;
}

// A comma name read at least this surely gives its words' roles (RecordTable::roles).
constexpr double kRolesKnownProbability = 0.9;

bool HasComma(const names::NameParse& parse) { return parse.normalized.tokens_before_comma > 0; }

// Whether a full name's reading depends on which of its words are given names: the
// parser kept a second reading, and the name has no comma ("Aguilar Gonzalez Leonel")
// or its comma reading is unsure ("PEREZ, JOSE PEDRO INFANTE").
bool IsAmbiguous(const names::NameParse& parse) {
  return parse.alternatives.size() > 1 &&
         (!HasComma(parse) || parse.best().probability < kRolesKnownProbability);
}

// out->name_words: the first reading's given-name keys (the first one through the
// nickname table, as given_key) and its surnames' words as given-name keys.
void SetNameWords(LinkRecord* out) {
  const names::PreparedName& n = out->name;
  std::array<uint64_t, 4> words = {out->given_key, out->given2_key, 0, 0};
  if (!n.surname1.empty() && !n.surname1.initial) words[2] = GivenKeyHash(n.surname1.key);
  if (!n.surname2.empty() && !n.surname2.initial) words[3] = GivenKeyHash(n.surname2.key);
  // Sorted with the zeros last, then distinct.
  std::sort(words.begin(), words.end(), [](uint64_t a, uint64_t b) {
    return a != 0 && (b == 0 || a < b);
  });
  const auto end = std::unique(words.begin(), words.end());
  std::fill(end, words.end(), 0);
  out->name_words = words;
}

// out->date_digits: the digits of the record's unparsed birth date, when it has 6 to 8
// ("19450493", "31/02/1985" → "31021985"); none otherwise.
void SetUnparsedDateDigits(const RecordData& r, LinkRecord* out) {
  for (const UnparsedField& u : UnparsedFields(r)) {
    if (u.field != CanonicalField::kBirthDate) continue;
    uint8_t n = 0;
    for (char c : u.text) {
      if (c < '0' || c > '9') continue;
      if (n == out->date_digits.size()) return;  // more than 8 digits: not a date
      out->date_digits[n++] = c;
    }
    if (n >= 6) out->date_digit_count = n;
    return;
  }
}

// The blocking keys and the sort signature of out->name and out->alt_name.
void SetNameKeys(LinkRecord* out) {
  const names::PreparedName& n = out->name;
  out->given_key = out->given2_key = out->surname1_key = out->surname2_key = 0;
  out->given_initial = out->surname1_initial = out->surname2_initial = 0;
  out->alt_given_key = out->alt_given2_key = out->alt_surname1_key = out->alt_surname2_key = 0;
  out->alt_given_initial = out->alt_surname1_initial = out->alt_surname2_initial = 0;
  NameKeys(n, &out->given_key, &out->given2_key, &out->surname1_key, &out->surname2_key,
           &out->given_initial, &out->surname1_initial, &out->surname2_initial);
  if (!out->alt_name.empty()) {
    NameKeys(out->alt_name, &out->alt_given_key, &out->alt_given2_key, &out->alt_surname1_key,
             &out->alt_surname2_key, &out->alt_given_initial, &out->alt_surname1_initial,
             &out->alt_surname2_initial);
    if (out->alt_given_key == out->given_key && out->alt_given2_key == out->given2_key &&
        out->alt_surname1_key == out->surname1_key && out->alt_surname2_key == out->surname2_key) {
      out->alt_given_key = out->alt_given2_key = out->alt_surname1_key = out->alt_surname2_key = 0;
      out->alt_given_initial = out->alt_surname1_initial = out->alt_surname2_initial = 0;
    }
  }
  SetNameWords(out);
  uint64_t sig = 0;
  int used = 0;
  if (!n.given.empty()) {
    PackPrefix(n.given.front().key.view(), 3, &sig, &used);
  } else {
    PackPrefix("", 3, &sig, &used);
  }
  PackPrefix(n.surname2.key.view(), 3, &sig, &used);
  PackPrefix(n.surname1.key.view(), 2, &sig, &used);
  out->signature = sig;
}

// Reads a full name's parse into out->name (and out->alt_name when the second reading
// is plausible, p >= 0.1) with its keys.
void SetName(const names::NameParse& parse, LinkRecord* out) {
  out->name = names::PrepareName(parse);
  out->alt_name = names::PreparedName();
  if (parse.alternatives.size() > 1 && parse.alternatives[1].probability >= 0.1) {
    out->alt_name = names::PrepareName(parse, 1);
  }
  SetNameKeys(out);
}

// An ambiguous name read with the store's roles (SetName), whose comma reading files a
// given name's tail as the paternal surname ("CARLOS LOPEZ, EDUAR" for Eduar Carlos
// López: the parser doubts the comma because "carlos" is a given name): the comma
// reading shifted replaces the second reading, which a comma name rarely needs.
void SetAmbiguousName(const names::NameParse& parse, const names::NameFrequencies& roles,
                      LinkRecord* out) {
  SetName(parse, out);
  if (!HasComma(parse)) return;
  for (const names::ParsedName& reading : parse.alternatives) {
    if (reading.form != names::NameForm::kCommaSurnameFirst) continue;
    const names::ParsedName shifted = ShiftedStructuredName(WithGivenNamesJoined(reading), roles);
    if (shifted.empty()) return;
    out->alt_name = names::PrepareName(shifted);
    SetNameKeys(out);
    return;
  }
}

}  // namespace

bool ReadGluedWords(const StoreNameRoles& roles, LinkRecord* out) {
  const names::NameFrequencies& words = *roles.parser.frequencies();
  const names::PreparedName& n = out->name;
  std::string text;
  bool any_cut = false;
  auto append = [&](const names::PreparedWord& w) {
    if (w.empty()) return;
    if (!text.empty()) text += ' ';
    if (!w.particles.empty()) text += w.particles + " ";
    const size_t cut = w.initial ? 0 : roles.glued.Cut(w.folded);
    any_cut |= cut > 0;
    text += cut > 0 ? names::CutAtLetter(w.accented, w.folded, cut) : w.accented;
  };
  // The given names with their particles ("maría de los ángeles"): given_joined holds
  // them, n.given the words without.
  size_t given_word = 0;
  const std::string_view joined = n.given_joined;
  for (size_t pos = 0; pos < joined.size();) {
    const size_t end = std::min(joined.find(' ', pos), joined.size());
    const std::string_view word = joined.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (names::IsNameParticle(word)) {
      text += text.empty() ? "" : " ";
      text += word;
    } else if (given_word < n.given.size()) {
      append(n.given[given_word++]);
    }
  }
  while (given_word < n.given.size()) append(n.given[given_word++]);
  append(n.surname1);
  append(n.surname2);
  if (!any_cut) return false;
  // Read again in the order the first reading gave (given names first), with the roles.
  // The reading as it was stays the second: a rare name the cut mistakes for two
  // ("Luisana" where the lists hold "luis" and "ana") still agrees with "Luisanna".
  names::PreparedName uncut = n;
  SetAmbiguousName(roles.parser.Parse(text), words, out);
  out->alt_name = std::move(uncut);
  out->words_cut = true;
  SetNameKeys(out);
  return true;
}

namespace {

// out->alt_name of a name whose roles its columns (or its comma) give: shifted by the
// built-in roles now, and again by the store's once they are known (`loaded->typed`,
// ReadNamesWithRoles); with `roles` (explain) by those at once.
void SetTypedReading(names::ParsedName typed, const names::NameParser* roles, LinkRecord* out,
                     LoadedName* loaded) {
  SetShiftedReading(typed,
                    roles != nullptr ? *roles->frequencies() : names::NameFrequencies::BuiltinPrior(),
                    out);
  SetNameKeys(out);
  if (roles == nullptr && MayBeShifted(typed)) loaded->typed = std::move(typed);
}

}  // namespace

uint64_t HashText(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return Mix(h) | 1;  // never 0 (0 means missing)
}

void PrepareLinkRecord(const RecordData& r, int reference_year, LinkRecord* out,
                       int reference_month, int reference_day, const StoreNameRoles* store_roles,
                       LoadedName* loaded) {
  out->id = r.id;
  out->source = static_cast<int32_t>(r.source_id);
  const std::string& full = r.field(CanonicalField::kFullName);
  {
    std::string raw = full;
    for (CanonicalField f : {CanonicalField::kGivenNames, CanonicalField::kSurname1,
                             CanonicalField::kSurname2, CanonicalField::kSurnames}) {
      raw.push_back('\x1f');
      if (full.empty()) raw += r.field(f);
    }
    out->name_hash = HashText(raw);
  }
  const names::NameParser* roles = store_roles != nullptr ? &store_roles->parser : nullptr;
  LoadedName unused;
  if (loaded == nullptr) loaded = &unused;
  loaded->roles_known = full.empty();
  loaded->ambiguous.clear();
  loaded->typed = names::ParsedName();
  loaded->full_name = !full.empty();
  if (!full.empty()) {
    const names::NameParse parse = Parser().Parse(full);
    if (!IsAmbiguous(parse)) {
      const names::NameForm form = parse.best().form;
      loaded->roles_known = HasComma(parse) && (form == names::NameForm::kCommaSurnameFirst ||
                                             form == names::NameForm::kCommaMaternalAsMiddle);
      SetName(parse, out);
      // "CARLOS LOPEZ, EDUAR": a manifest files a given name's tail as the paternal
      // surname as a family report does in columns; read it shifted too.
      if (out->alt_name.empty() && form == names::NameForm::kCommaSurnameFirst) {
        SetTypedReading(WithGivenNamesJoined(parse.best()), roles, out, loaded);
      }
    } else {
      if (roles != nullptr) {
        SetAmbiguousName(roles->Parse(full), *roles->frequencies(), out);
      } else {
        SetName(parse, out);
      }
      loaded->ambiguous = full;
    }
    if (store_roles != nullptr) ReadGluedWords(*store_roles, out);  // as ReadNamesWithRoles does
  } else {
    names::ParsedName typed = StructuredName(r);
    out->name = names::PrepareName(typed);
    SetTypedReading(std::move(typed), roles, out, loaded);
  }

  const std::string& birth = r.field(CanonicalField::kBirthDate);
  if (!birth.empty()) {
    Result<PartialDate> d = PartialDate::FromIso(birth);
    if (d.ok()) {
      out->year = static_cast<int16_t>(d->year);
      out->month = static_cast<int8_t>(d->month);
      out->day = static_cast<int8_t>(d->day);
      out->date_kind = d->has_day()     ? DateKind::kFull
                       : d->has_month() ? DateKind::kYearMonth
                                        : DateKind::kYear;
    }
  }
  out->date_digit_count = 0;
  if (birth.empty() && !r.notes_json.empty()) SetUnparsedDateDigits(r, out);
  const std::string& age = r.field(CanonicalField::kAge);
  if (out->date_kind == DateKind::kNone && !age.empty()) {
    int years = 0;
    for (char c : age) {
      if (c < '0' || c > '9') break;
      years = years * 10 + (c - '0');
    }
    out->date_kind = DateKind::kAge;
    out->age = static_cast<int16_t>(years);
    out->ref_month = static_cast<int8_t>(reference_month);
    out->ref_day = static_cast<int8_t>(reference_day);
    out->year = static_cast<int16_t>(reference_year - years);
    out->year_low = static_cast<int16_t>(reference_year - years - 1);
  }
  const std::string& sex = r.field(CanonicalField::kSex);
  out->sex = sex.empty() ? 0 : sex[0];
  const std::string& national_id = r.field(CanonicalField::kNationalId);
  const std::string& a_number = r.field(CanonicalField::kANumber);
  out->national_id = IdentifierDigits(national_id);
  out->a_number = IdentifierDigits(a_number);
  out->national_id_tail = VisibleIdentifierTail(national_id);
  out->a_number_tail = VisibleIdentifierTail(a_number);
  out->other_id = AlnumFolded(r.field(CanonicalField::kOtherId));
  out->address = names::FoldName(r.field(CanonicalField::kAddress), names::TextKind::kOtherText);
  const std::string region =
      names::FoldName(r.field(CanonicalField::kRegion), names::TextKind::kOtherText);
  out->region = region.empty() ? 0 : HashText(region);
  const std::string locality =
      names::FoldName(r.field(CanonicalField::kLocality), names::TextKind::kOtherText);
  out->locality = locality.empty() ? 0 : HashText(locality);
  out->postcode_text = AlnumFolded(r.field(CanonicalField::kPostcode));
  out->postcode = out->postcode_text.empty() ? 0 : HashText(out->postcode_text);
  const std::string phone = DigitsOnly(r.field(CanonicalField::kPhone));
  if (phone.size() >= 7) {
    out->phone = static_cast<uint32_t>(std::stoul(phone.substr(phone.size() - 7))) + 1;
  }
  out->flight = FlightNumberKey(r.field(CanonicalField::kFlight));
}

void ReadNamesWithRoles(RecordTable* table, int threads) {
  for (size_t i = 0; i < table->records.size(); ++i) {
    if (!table->loaded_names[i].roles_known) continue;
    const LinkRecord& r = table->records[i];
    for (const names::PreparedWord& w : r.name.given) {
      if (!w.initial) table->roles.AddWords(w.folded, /*as_given=*/true);
    }
    for (const names::PreparedWord* w : {&r.name.surname1, &r.name.surname2}) {
      if (!w->empty() && !w->initial) table->roles.AddWords(w->folded, /*as_given=*/false);
    }
  }
  std::vector<size_t> to_read;  // ambiguous names, and typed ones that may be shifted
  for (size_t i = 0; i < table->loaded_names.size(); ++i) {
    const LoadedName& loaded = table->loaded_names[i];
    if (!loaded.ambiguous.empty() || !loaded.typed.empty() || loaded.full_name) {
      to_read.push_back(i);
    }
  }
  const StoreNameRoles roles(table->roles);
  const names::NameParser& parser = roles.parser;
  ParallelFor(
      to_read.size(), threads,
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const LoadedName& loaded = table->loaded_names[to_read[i]];
          LinkRecord& record = table->records[to_read[i]];
          if (!loaded.ambiguous.empty()) {
            SetAmbiguousName(parser.Parse(loaded.ambiguous), table->roles, &record);
          } else if (!loaded.typed.empty()) {
            SetShiftedReading(loaded.typed, table->roles, &record);
            SetNameKeys(&record);
          }
          if (loaded.full_name) ReadGluedWords(roles, &record);
        }
      },
      /*grain=*/256);
  std::vector<LoadedName>().swap(table->loaded_names);
}

void AddNameToFrequencies(const LinkRecord& r, RecordTable* table) {
  for (const names::PreparedWord& w : r.name.given) {
    if (w.initial || w.folded.find(' ') != std::string::npos) continue;
    table->frequencies.AddToken(w.folded, /*as_given=*/true);
    ++table->given_total;
  }
  for (const names::PreparedWord* w : {&r.name.surname1, &r.name.surname2}) {
    if (w->empty() || w->initial || w->folded.find(' ') != std::string::npos) continue;
    table->frequencies.AddToken(w->folded, /*as_given=*/false);
    ++table->surname_total;
  }
}

namespace {

// How often each sound (a word's name key, as blocking reads it) is a given name or a
// surname: the counts of the words of that sound that the store holds at least twice.
// Those are the words a saved model keeps (Model::ToJson), so that `habeas explain`,
// which reads them from the model, weighs a pair as the link did.
struct SoundCounts {
  std::unordered_map<uint64_t, uint64_t> given, surname;
};

SoundCounts CountSounds(const names::NameFrequencies& words) {
  SoundCounts sounds;
  words.ForEach([&](std::string_view word, const names::NameFrequencies::Counts& c) {
    if (c.total() < 2) return;
    const names::PhoneticKey key = names::PhoneticKeyEs(word);
    if (key.empty()) return;  // no sound to share ("h")
    if (c.as_given > 0) sounds.given[GivenKeyHash(key)] += c.as_given;
    if (c.as_surname > 0) sounds.surname[KeyHash(key)] += c.as_surname;
  });
  return sounds;
}

// A word's share among the given names or surnames counted (`total`): the larger of its
// spelling's and its sound's, so that a typed "Gonzlaez", seen once, is as weak evidence
// as "González".
float WordShare(const names::NameFrequencies& words, const SoundCounts& sounds,
                const names::PreparedWord& w, bool as_given, double total) {
  const names::NameFrequencies::Counts c = words.CountsOf(w.folded);
  const uint64_t spelling = std::max<uint64_t>(as_given ? c.as_given : c.as_surname, 1);
  uint64_t sound = 0;
  if (!w.key.empty()) {
    const auto& of_sound = as_given ? sounds.given : sounds.surname;
    const auto it = of_sound.find(as_given ? GivenKeyHash(w.key) : KeyHash(w.key));
    if (it != of_sound.end()) sound = it->second;
  }
  return static_cast<float>(std::max(spelling, sound) / total);
}

}  // namespace

void ComputeTermFrequencies(RecordTable* table) {
  const double given_total = std::max<uint64_t>(table->given_total, 1);
  const double surname_total = std::max<uint64_t>(table->surname_total, 1);
  const names::NameFrequencies& words = table->frequencies;
  const SoundCounts sounds = CountSounds(words);
  for (LinkRecord& r : table->records) {
    r.tf_given = r.tf_given2 = r.tf_surname = r.tf_surname2 = 0;
    const names::PreparedName& n = r.name;
    if (!n.given.empty() && !n.given.front().initial) {
      r.tf_given = WordShare(words, sounds, n.given.front(), true, given_total);
    }
    if (n.given.size() >= 2 && !n.given[1].initial) {
      r.tf_given2 = WordShare(words, sounds, n.given[1], true, given_total);
    }
    if (!n.surname1.empty() && !n.surname1.initial) {
      r.tf_surname = WordShare(words, sounds, n.surname1, false, surname_total);
    }
    if (!n.surname2.empty() && !n.surname2.initial) {
      r.tf_surname2 = WordShare(words, sounds, n.surname2, false, surname_total);
    }
  }
}

void AssignSourceIndices(const std::vector<SourceInfo>& sources, RecordTable* table) {
  table->source_ids.clear();
  for (const SourceInfo& s : sources) table->source_ids.push_back(static_cast<int32_t>(s.id));
  std::sort(table->source_ids.begin(), table->source_ids.end());
  if (table->source_ids.size() > kIndexedSources) table->source_ids.resize(kIndexedSources);
  for (LinkRecord& r : table->records) {
    const auto it =
        std::lower_bound(table->source_ids.begin(), table->source_ids.end(), r.source);
    r.source_index = it != table->source_ids.end() && *it == r.source
                         ? static_cast<uint8_t>(it - table->source_ids.begin())
                         : kNoSourceIndex;
  }
}

namespace {
int Pack(const PartialDate& d) { return d.year * 10000 + d.month * 100 + d.day; }
}  // namespace

AgeReferenceDates::AgeReferenceDates(const std::vector<BatchInfo>& batches,
                                     const LinkSettings& settings) {
  if (!settings.age_reference_date.empty()) {
    Result<PartialDate> d = PartialDate::FromIso(settings.age_reference_date);
    if (d.ok()) default_ref_ = Pack(*d);
  }
  for (const BatchInfo& b : batches) {
    int ref = default_ref_;
    if (!b.received_date.empty()) {
      Result<PartialDate> d = PartialDate::FromIso(b.received_date.substr(0, 10));
      if (d.ok()) ref = Pack(*d);
    }
    batch_refs_.push_back({b.id, ref});
  }
}

int AgeReferenceDates::Of(const RecordData& r) const {
  if (r.field(CanonicalField::kAge).empty()) return default_ref_;  // only ages need it
  const std::string& rd = r.field(CanonicalField::kRecordDate);
  if (rd.size() >= 4) {
    Result<PartialDate> d = PartialDate::FromIso(rd);
    if (d.ok()) return Pack(*d);
  }
  for (const auto& [id, ref] : batch_refs_) {
    if (id == r.batch_id) return ref;
  }
  return default_ref_;
}

Result<RecordTable> LoadRecordTable(Store& store, const LinkSettings& settings) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  const AgeReferenceDates reference_dates(batches, settings);
  auto reference_date = [&](const RecordData& r) { return reference_dates.Of(r); };

  RecordTable table;
  HABEAS_ASSIGN_OR_RETURN(int64_t count, store.CountRecords({}));
  // Reading (SQLite, field decoding) is serial; preparing (name parsing) is the larger
  // part. They overlap: while this thread reads chunk k+1, a worker prepares chunk k,
  // and when the read is done this thread helps finish chunk k. Two chunks are alive
  // at a time. Records are prepared into their final slots, so the table is reserved
  // up front and only grows within its capacity while a worker writes to it.
  struct Chunk {
    std::vector<RecordData> rows;
    std::vector<int> refs;  // packed reference date per row
    size_t base = 0;        // index of rows[0] in table.records
    std::atomic<size_t> next{0};
  };
  constexpr size_t kChunk = 8192;
  constexpr size_t kGrain = 64;
  auto prepare = [&table](Chunk* c) {
    for (;;) {
      const size_t begin = c->next.fetch_add(kGrain);
      if (begin >= c->rows.size()) return;
      const size_t end = std::min(c->rows.size(), begin + kGrain);
      for (size_t i = begin; i < end; ++i) {
        const int ref = c->refs[i];
        PrepareLinkRecord(c->rows[i], ref / 10000, &table.records[c->base + i], ref / 100 % 100,
                          ref % 100, nullptr, &table.loaded_names[c->base + i]);
      }
    }
  };
  const bool overlap = settings.threads > 1;
  table.records.reserve(static_cast<size_t>(count) + kChunk);
  table.loaded_names.reserve(table.records.capacity());
  auto reading = std::make_unique<Chunk>();
  std::unique_ptr<Chunk> preparing;
  std::thread worker;
  auto finish_preparing = [&] {
    if (!preparing) return;
    prepare(preparing.get());  // help the worker
    if (worker.joinable()) worker.join();
    preparing.reset();
  };
  auto submit = [&] {
    finish_preparing();
    if (reading->rows.empty()) return;
    const size_t base = table.records.size();
    if (base + reading->rows.size() > table.records.capacity()) {
      table.records.reserve(2 * (base + reading->rows.size()));  // no worker is running
      table.loaded_names.reserve(table.records.capacity());
    }
    table.records.resize(base + reading->rows.size());
    table.loaded_names.resize(table.records.size());
    reading->base = base;
    preparing = std::move(reading);
    reading = std::make_unique<Chunk>();
    reading->rows.reserve(kChunk);
    if (overlap) {
      worker = std::thread(prepare, preparing.get());
    } else {
      finish_preparing();
    }
  };
  reading->rows.reserve(kChunk);
  const Status read = store.ForEachRecord({}, [&](const RecordData& r) {
    reading->refs.push_back(reference_date(r));
    reading->rows.push_back(r);
    if (reading->rows.size() == kChunk) submit();
    return true;
  });
  submit();
  finish_preparing();
  HABEAS_RETURN_IF_ERROR(read);
  ReadNamesWithRoles(&table, settings.threads);
  for (const LinkRecord& r : table.records) AddNameToFrequencies(r, &table);
  ComputeTermFrequencies(&table);
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  AssignSourceIndices(sources, &table);
  return table;
}

}  // namespace habeas::link
