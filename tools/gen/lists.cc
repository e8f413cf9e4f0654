#include "lists.h"

#include <algorithm>
#include <cctype>

#include "random.h"
#include "text.h"

namespace habeas::gen {
namespace {

enum class NameCase : uint8_t { kTitle, kUpper, kLower };

std::string ApplyCase(std::string_view text, NameCase name_case) {
  switch (name_case) {
    case NameCase::kUpper:
      return ToUpper(text);
    case NameCase::kLower:
      return ToLower(text);
    case NameCase::kTitle:
      break;
  }
  return SpanishTitleCase(text);
}

// How one record writes names: accents kept or stripped, and the letter case.
struct Writing {
  bool strip_accents = false;
  NameCase name_case = NameCase::kTitle;
  std::string operator()(std::string_view text) const {
    std::string out = ApplyCase(text, name_case);
    return strip_accents ? StripAccents(out) : out;
  }
};

std::string AddDays(Date date, int64_t days) {
  return FormatIso(DateFromDays(DaysFromDate(date) + days));
}

// Given names as written by an informal source: maybe a nickname (alone or before
// the other given names), maybe only the first given name.
std::string InformalGivenNames(const Person& person, Corruptor& corruptor, Rng& rng,
                               double first_only_share) {
  const std::optional<std::string> nickname = NicknameFor(person, rng);
  const auto& names = Vocabulary::Get().given_names(person.sex);
  if (nickname && corruptor.Roll(Corruption::kNickname, rng)) {
    std::string out = *nickname;
    if (rng.Chance(0.5)) {
      for (int k = 1; k < person.given_count; ++k) out += " " + names[person.given[k]];
    }
    return out;
  }
  if (person.given_count > 1 && rng.Chance(first_only_share)) return names[person.given[0]];
  return GivenNames(person);
}

// The surnames as a list writes them: maybe swapped, maybe without the maternal one.
struct Surnames {
  std::string paternal;
  std::string maternal;  // empty when dropped
};

Surnames WrittenSurnames(const Person& person, Corruptor& corruptor, Rng& rng, double drop_rate) {
  Surnames out{corruptor.NamePart(Surname1(person), rng),
               corruptor.NamePart(Surname2(person), rng)};
  if (corruptor.Roll(Corruption::kSwapSurnames, rng)) std::swap(out.paternal, out.maternal);
  if (corruptor.RollWithRate(Corruption::kDropSurname2, drop_rate, rng)) out.maternal.clear();
  return out;
}

std::string JoinNonEmpty(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

std::string VenezuelanPhone(uint16_t prefix, uint32_t number, Rng& rng) {
  const std::string p = std::to_string(prefix);
  const std::string n = std::to_string(number);
  switch (rng.Below(5)) {
    case 0:
      return "0" + p + "-" + n;
    case 1:
      return "0" + p + n;
    case 2:
      return "+58 " + p + " " + n;
    case 3:
      return "0" + p + " " + n.substr(0, 3) + " " + n.substr(3, 2) + " " + n.substr(5);
    default:
      return "+58" + p + n;
  }
}

std::string CedulaText(const Person& person, const std::string& digits, Rng& rng) {
  const std::string letter(1, static_cast<char>(person.id_kind));
  switch (rng.Below(5)) {
    case 0:
      return letter + "-" + digits;
    case 1:
      return letter + digits;
    case 2:
      return digits;
    case 3: {  // 12.345.678
      std::string dotted;
      const size_t head = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
      dotted = digits.substr(0, head);
      for (size_t i = head; i < digits.size(); i += 3) dotted += "." + digits.substr(i, 3);
      return dotted;
    }
    default:
      return ToLower(letter) + " " + digits;
  }
}

std::string ShortFacility(const Person& person, Rng& rng) {
  if (person.facility == kFacilityCecot) {
    static const std::vector<std::string> kCecot = {
        "CECOT", "Cecot, El Salvador", "Centro de Confinamiento del Terrorismo (CECOT)",
        "CECOT Tecoluca"};
    return rng.Pick(kCecot);
  }
  const std::string full = FacilityName(person);
  if (rng.Chance(0.6)) return full;
  size_t cut = full.size();  // "El Valle Detention Facility" -> "El Valle"
  for (std::string_view word : {" Detention", " Processing", " Service"}) {
    cut = std::min(cut, full.find(word));
  }
  return full.substr(0, cut);
}

// ---- capture ------------------------------------------------------------------

double Visibility(const Person& person) { return person.visibility_milli / 1000.0; }

int RecordsFor(const ListSpec& spec, const Person& person, Rng& rng) {
  const double v = Visibility(person);
  const bool removed = person.flight != Flight::kNone;
  double p = 0;
  double duplicate = 0;
  switch (spec.style) {
    case ListStyle::kManifest:
      p = removed ? 0.93 : 0;
      break;
    case ListStyle::kLeak:
      p = 0;
      break;  // drawn from the manifest's rows
    case ListStyle::kFamily:
      p = person.family_engaged ? 0.15 + 0.6 * v : 0;
      duplicate = 0.06;
      break;
    case ListStyle::kCourt:
      p = (0.004 + 0.05 * v * v) * (person.authority == Authority::kAlienEnemiesAct ? 2.5 : 1);
      break;
    case ListStyle::kNgo:
      p = removed ? 0.10 + 0.5 * v : 0.03 + 0.2 * v;
      duplicate = 0.03;
      break;
    case ListStyle::kGeneric:
      p = (0.03 + 0.25 * v) * (removed ? 1.2 : 0.6);
      duplicate = 0.02;
      break;
  }
  if (!rng.Chance(p)) return 0;
  return rng.Chance(duplicate) ? 2 : 1;
}

// ---- rendering, one function per style ----------------------------------------

struct RenderState {
  const ListSpec& spec;
  Corruptor& corruptor;
  Rng& rng;
  double global_noise;
  const HardListLevels* hard = nullptr;  // set under Profile::kHard only
};

// ---- the hard profile's names, ages, dates and identifiers ---------------------

struct NameParts {
  std::string given;
  std::string paternal;
  std::string maternal;  // empty when the list has none
};

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

// Compound-name confusions hit names without a particle ("José Gregorio", surname
// "Pérez") this much less often than "del Valle" / "De Jesús" (a guess: a clerk
// rarely misfiles a plain given name, but does).
constexpr double kPlainNameShare = 1.0 / 20;

bool IsParticle(std::string_view word) {
  const std::string lower = ToLower(word);
  return lower == "de" || lower == "del";
}

// Given names as a hard-profile list writes them: a nickname (informal lists only),
// or shortened to one: the first, or (second_given_kept) the second when it is a plain
// word ("Gregorio" for José Gregorio; "de los Ángeles" is not cut).
std::string HardGivenNames(const Person& person, RenderState& s, bool informal) {
  Corruptor& c = s.corruptor;
  if (informal) {
    const std::optional<std::string> nickname = NicknameFor(person, s.rng);
    if (nickname && c.Roll(Corruption::kNickname, s.rng)) return *nickname;
  }
  const std::string given = GivenNames(person);
  const size_t space = given.find(' ');
  if (space != std::string::npos &&
      c.RollWithRate(Corruption::kDropGivenNames, s.hard->drop_given_names, s.rng)) {
    const size_t end = given.find(' ', space + 1);
    const std::string second =
        given.substr(space + 1, end == std::string::npos ? end : end - space - 1);
    if (!IsParticle(second) && s.rng.Chance(s.hard->second_given_kept)) return second;
    return given.substr(0, space);
  }
  return given;
}

// The person's true name as a hard-profile list files it: given names shortened,
// compound given names read as surnames ("Yulimar del Valle" -> paternal "Del Valle")
// or a particle surname read as a given name ("José de Jesús | Pérez"), surnames
// swapped or the maternal one missing, then every part typed by the list's hand.
NameParts HardNameParts(const Person& person, RenderState& s, bool informal) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  const HardListLevels& hard = *s.hard;
  NameParts name{HardGivenNames(person, s, informal), Surname1(person), Surname2(person)};
  const std::vector<std::string> words = Words(name.given);
  bool moved = false;
  if (words.size() >= 2) {
    size_t cut = words.size() - 1;
    for (size_t i = 1; i + 1 < words.size(); ++i) {
      if (IsParticle(words[i])) {
        cut = i;
        break;
      }
    }
    // "del Valle" reads as a surname; "Gregorio" only to a careless clerk.
    const double rate =
        IsParticle(words[cut]) ? hard.given_as_surname : hard.given_as_surname * kPlainNameShare;
    if (c.RollWithRate(Corruption::kGivenNameAsSurname, rate, rng)) {
      name.maternal = name.paternal;
      name.paternal = SpanishTitleCase(JoinWords(words, cut, words.size()));
      name.given = JoinWords(words, 0, cut);
      moved = true;
    }
  }
  if (!moved) {
    const bool particle_surname = IsParticle(Words(name.paternal).front());
    const double rate =
        particle_surname ? hard.surname_as_given : hard.surname_as_given * kPlainNameShare;
    if (c.RollWithRate(Corruption::kSurnameAsGivenName, rate, rng)) {
      name.given = SpanishTitleCase(name.given + " " + name.paternal);
      name.paternal = name.maternal;
      name.maternal.clear();
    }
  }
  if (c.Roll(Corruption::kSwapSurnames, rng)) std::swap(name.paternal, name.maternal);
  if (c.RollWithRate(Corruption::kDropSurname2, hard.drop_surname2, rng)) name.maternal.clear();
  if (name.paternal.empty()) std::swap(name.paternal, name.maternal);
  name.given = c.NamePart(name.given, rng);
  name.paternal = c.NamePart(name.paternal, rng);
  name.maternal = c.NamePart(name.maternal, rng);
  return name;
}

// An age as a hard-profile list writes it: on the reference date, or one year off
// (computed when the list was made, or from a year of birth).
std::string HardAge(const Person& person, RenderState& s) {
  int age = AgeOn(person.birth, kReferenceDate);
  if (s.corruptor.RollWithRate(Corruption::kAgeOffByOne, s.hard->age_off_by_one, s.rng)) {
    age += s.rng.Chance(0.75) ? 1 : -1;
  }
  return std::to_string(age);
}

// A birth date in the list's layout, maybe with the base date errors, maybe not a
// date at all.
std::string HardBirthDate(const Person& person, RenderState& s, DateLayout layout,
                          DateErrors allowed) {
  if (s.corruptor.RollWithRate(Corruption::kUnparsableDate, s.hard->unparsable_date, s.rng)) {
    return UnparsableDate(person.birth, layout, s.rng);
  }
  const DateVariant dob = s.corruptor.BirthDate(person.birth, allowed, s.rng);
  switch (layout) {
    case DateLayout::kDayMonthYear:
      return dob.day_month_swapped ? FormatMonthDayYear(dob.date, '/')
                                   : FormatDayMonthYear(dob.date, '/');
    case DateLayout::kMonthDayYear:
      return dob.day_month_swapped ? FormatDayMonthYear(dob.date, '/')
                                   : FormatMonthDayYear(dob.date, '/');
    case DateLayout::kYearMonth:
      break;
  }
  return dob.year_only ? std::to_string(dob.date.year) : FormatIsoYearMonth(dob.date);
}

// An identifier cell: `value`, or what people write instead of one.
std::string HardIdentifier(std::string value, RenderState& s) {
  if (s.corruptor.RollWithRate(Corruption::kIdPlaceholder, s.hard->id_placeholder, s.rng)) {
    return IdPlaceholder(s.rng);
  }
  return value;
}

void RenderManifest(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  std::string given;
  Surnames surnames;
  if (s.hard != nullptr) {
    NameParts parts = HardNameParts(person, s, /*informal=*/false);
    given = std::move(parts.given);
    surnames = {std::move(parts.paternal), std::move(parts.maternal)};
  } else {
    given = c.NamePart(GivenNames(person), s.rng);
    surnames = WrittenSurnames(person, c, s.rng, 0.08 * s.global_noise);
  }
  std::string name;
  if (surnames.maternal.empty()) {
    name = surnames.paternal + ", " + given;
  } else if (c.RollWithRate(Corruption::kSurname2AsMiddleName, 0.05 * s.global_noise, s.rng)) {
    name = surnames.paternal + ", " + given + " " + surnames.maternal;
  } else {
    name = surnames.paternal + " " + surnames.maternal + ", " + given;
  }
  name = StripAccents(ToUpper(name));
  std::string dob_text;
  if (s.hard != nullptr) {
    dob_text = HardBirthDate(person, s, DateLayout::kMonthDayYear, DateErrors::kSwapOrShift);
  } else {
    const DateVariant dob = c.BirthDate(person.birth, DateErrors::kSwapOrShift, s.rng);
    dob_text = dob.day_month_swapped ? FormatDayMonthYear(dob.date, '/')
                                     : FormatMonthDayYear(dob.date, '/');
  }
  std::string a_number = c.Identifier(ANumberDigits(person), s.rng);
  if (a_number.size() > 1 && a_number[0] == '0' && s.rng.Chance(0.5)) {
    a_number.erase(0, a_number.find_first_not_of('0'));  // a spreadsheet ate the zero
  }
  if (s.hard != nullptr) a_number = HardIdentifier(std::move(a_number), s);
  record.values = {"",
                   name,
                   dob_text,
                   SexCode(person.sex),
                   a_number,
                   StripAccents(ToUpper(Nationality(person))),
                   FlightName(person.flight),
                   "03/15/2025",
                   AuthorityName(person.authority)};
  record.sort_key = record.values[6] + "|" + name;
}

// The leak copies a manifest row: its spelling errors, dropped surnames and dates
// come along, then a transcriber restores most accents and adds their own errors.
void RenderLeak(const Person& person, const ListRecord& manifest_row, RenderState& s,
                ListRecord& record) {
  Corruptor& c = s.corruptor;
  const Vocabulary& vocab = Vocabulary::Get();
  const std::string& manifest_name = manifest_row.values[1];
  const size_t comma = manifest_name.find(", ");
  std::string surnames = manifest_name.substr(0, comma);
  std::string given = comma == std::string::npos ? "" : manifest_name.substr(comma + 2);
  auto reaccent = [&](const std::string& upper) {
    std::string out;
    size_t start = 0;
    while (start < upper.size()) {
      size_t end = upper.find(' ', start);
      if (end == std::string::npos) end = upper.size();
      const std::string word = upper.substr(start, end - start);
      const std::string_view accented = vocab.AccentedForm(word);
      if (!out.empty()) out += ' ';
      out +=
          !accented.empty() && s.rng.Chance(0.75) ? std::string(accented) : SpanishTitleCase(word);
      start = end + 1;
    }
    return out;
  };
  const std::string name =
      JoinNonEmpty({c.NamePart(reaccent(given), s.rng), c.NamePart(reaccent(surnames), s.rng)});

  // Manifest date MM/DD/YYYY (possibly already swapped) -> age or DD/MM/YYYY.
  const std::string& dob = manifest_row.values[2];
  const int month = std::stoi(dob.substr(0, 2));
  const int day = std::stoi(dob.substr(3, 2));
  const int year = std::stoi(dob.substr(6, 4));
  std::string age;
  std::string birth_date;
  if (!c.Missing(s.rng)) {
    const bool valid = month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
    if (valid && s.rng.Chance(0.4)) {
      age = std::to_string(AgeOn({year, month, day}, kReferenceDate));
    } else {
      birth_date = dob.substr(3, 2) + "/" + dob.substr(0, 2) + "/" + dob.substr(6, 4);
    }
  }
  std::string cedula;
  if (person.id_kind != IdKind::kNone && s.rng.Chance(0.3)) {
    cedula = CedulaText(person, c.Identifier(CedulaDigits(person), s.rng), s.rng);
  }
  const std::string& flight = manifest_row.values[6];
  record.values = {"",
                   name,
                   age,
                   birth_date,
                   cedula,
                   person.id_kind == IdKind::kForeigner ? "colombiana" : "venezolana",
                   flight.substr(flight.find(' ') + 1)};
  record.sort_key = ToLower(StripAccents(name));
}

void RenderFamily(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  Writing writing;
  writing.strip_accents = rng.Chance(0.7);
  const double case_draw = rng.Uniform();
  writing.name_case =
      case_draw < 0.3 ? NameCase::kLower : (case_draw < 0.4 ? NameCase::kUpper : NameCase::kTitle);

  std::string given;
  Surnames surnames;
  bool name_only = false;  // hard profile: a name and at most an age
  if (s.hard != nullptr) {
    NameParts parts = HardNameParts(person, s, /*informal=*/true);
    given = writing(parts.given);
    surnames = {std::move(parts.paternal), std::move(parts.maternal)};
    name_only = c.RollWithRate(Corruption::kNameOnly, s.hard->name_only, rng);
  } else {
    given = writing(c.NamePart(InformalGivenNames(person, c, rng, 0.25), rng));
    surnames = WrittenSurnames(person, c, rng, c.Rate(Corruption::kDropSurname2));
  }

  std::string birth_date;
  std::string age;
  if (name_only) {
    if (rng.Chance(s.hard->age_given)) age = HardAge(person, s);
  } else if (s.hard != nullptr &&
             c.RollWithRate(Corruption::kUnparsableDate, s.hard->unparsable_date, rng)) {
    birth_date = UnparsableDate(person.birth, DateLayout::kDayMonthYear, rng);
  } else if (const DateVariant dob = c.BirthDate(person.birth, DateErrors::kAll, rng);
             !c.Missing(rng)) {
    if (dob.year_only) {
      birth_date = std::to_string(dob.date.year);
    } else {
      int first = dob.date.day;
      int second = dob.date.month;
      if (dob.day_month_swapped) std::swap(first, second);
      const bool padded = !rng.Chance(0.25);  // typed on a phone: 3/7/1994
      birth_date = (padded ? PadNumber(first, 2) : std::to_string(first)) + "/" +
                   (padded ? PadNumber(second, 2) : std::to_string(second)) + "/" +
                   std::to_string(dob.date.year);
    }
  }
  if (s.hard != nullptr && !name_only && rng.Chance(0.2)) age = HardAge(person, s);
  std::string cedula;
  std::string phone;
  if (!name_only) {
    if (person.id_kind != IdKind::kNone && rng.Chance(0.6)) {
      cedula = CedulaText(person, c.Identifier(CedulaDigits(person), rng), rng);
    }
    if (s.hard != nullptr) cedula = HardIdentifier(std::move(cedula), s);
    if (!c.Missing(rng)) {
      phone = VenezuelanPhone(person.contact_phone_prefix, person.contact_phone_number, rng);
    }
  }
  static const std::vector<std::string> kRelations = {
      "madre", "mamá", "padre", "hermana", "hermano", "esposa", "tía", "prima", "hija", "abuela"};
  const std::string state = c.Missing(rng) ? "" : writing(BirthState(person));
  std::string last_place;
  if (rng.Chance(0.5)) {
    static const std::vector<std::string> kRemoved = {
        "El Salvador", "CECOT", "lo mandaron a El Salvador", "Texas", "no sabemos"};
    last_place = person.flight != Flight::kNone ? rng.Pick(kRemoved) : ShortFacility(person, rng);
  }
  std::string note;
  if (rng.Chance(0.3)) {
    static const std::vector<std::string> kNotes = {
        "Tiene tatuajes de una rosa y el nombre de su hija",
        "Trabajaba de barbero, no tiene antecedentes",
        "Lo detuvieron en Dallas a principios de marzo",
        "Dice \"yo no soy del Tren de Aragua\", según su esposa",
        "Última llamada el 14/03.\nDijo que lo iban a trasladar, no sabemos a dónde",
        "Tatuaje de un reloj, \"familia\" en el brazo",
        "Tenía cita en migración, fue y no volvió",
        "Lo vimos en una foto del avión\nen las noticias",
    };
    note = rng.Pick(kNotes);
    if (person.household_size > 1 && rng.Chance(0.5)) note += ". Su hermano también está detenido";
    if (writing.strip_accents) note = StripAccents(note);
  }
  const Date reported = DateFromDays(DaysFromDate({2025, 3, 16}) + rng.Between(0, 9));
  record.values = {"",
                   FormatDayMonthYear(reported, '/'),
                   given,
                   writing(surnames.paternal),
                   writing(surnames.maternal),
                   birth_date,
                   cedula,
                   phone,
                   rng.Pick(kRelations),
                   state,
                   last_place,
                   note};
  if (s.hard != nullptr) record.values.insert(record.values.begin() + 6, age);  // edad
  record.sort_key = FormatIso(reported);
}

// Hard profile court rows: a third are captions with initials only; the others give
// the full name and an A-number redacted to its last three digits; no birth year.
void RenderCourtPartiesHard(const Person& person, RenderState& s, const std::string& case_number,
                            const std::string& court, const std::string& role, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  std::string petitioner;
  std::string a_number;
  if (c.RollWithRate(Corruption::kInitials, s.hard->initials, rng)) {
    petitioner = CaptionInitials(person);
  } else {
    const NameParts name = HardNameParts(person, s, /*informal=*/false);
    petitioner = JoinNonEmpty({name.given, name.paternal, name.maternal});
    if (rng.Chance(0.5)) petitioner = StripAccents(ToUpper(petitioner));
    a_number = HardIdentifier("", s);
    if (a_number.empty()) {
      a_number = RedactedANumber(ANumberDigits(person), rng);
      c.counts().Add(Corruption::kRedactedANumber);
    }
  }
  const std::string facility = person.facility == kFacilityCecot && rng.Chance(0.5)
                                   ? "El Valle Detention Facility"
                                   : FacilityName(person);
  const std::string filed = AddDays({2025, 3, 15}, rng.Between(0, 45));
  record.values = {"",       case_number,        court, filed, petitioner, role, a_number,
                   facility, Nationality(person)};
  record.sort_key = case_number + "|" + filed;
}

void RenderCourt(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  std::string case_number;
  std::string court;
  std::string role;
  if (person.authority == Authority::kAlienEnemiesAct && rng.Chance(0.7)) {
    case_number = "1:25-cv-00766";
    court = "D.D.C.";
    role = rng.Chance(0.5) ? "class member" : "declarant";
  } else {
    static const std::vector<std::string> kCourts = {"S.D. Tex.", "N.D. Tex.", "W.D. Tex.",
                                                     "D.N.M.", "D.D.C."};
    court = rng.Pick(kCourts);
    case_number =
        std::to_string(1 + rng.Below(2)) + ":25-cv-" + PadNumber(800 + rng.Below(1200), 5);
    role = "petitioner";
  }
  std::string petitioner;
  if (s.hard != nullptr) {
    RenderCourtPartiesHard(person, s, case_number, court, role, record);
    return;
  }
  if (c.RollWithRate(Corruption::kInitials, 0.35 * s.global_noise, rng)) {
    petitioner = CaptionInitials(person);
  } else {
    const Surnames surnames = WrittenSurnames(person, c, rng, c.Rate(Corruption::kDropSurname2));
    petitioner =
        JoinNonEmpty({c.NamePart(GivenNames(person), rng), surnames.paternal, surnames.maternal});
    if (rng.Chance(0.5)) petitioner = StripAccents(ToUpper(petitioner));
  }
  std::string a_number;
  if (rng.Chance(0.7)) {
    const std::string digits = c.Identifier(ANumberDigits(person), rng);
    switch (rng.Below(4)) {
      case 0:
        a_number = digits.size() == 9 ? "A# " + digits.substr(0, 3) + "-" + digits.substr(3, 3) +
                                            "-" + digits.substr(6)
                                      : "A# " + digits;
        break;
      case 1:
        a_number = "A" + digits;
        break;
      case 2:
        a_number = digits;
        break;
      default:
        a_number = "A-" + digits;
        break;
    }
  }
  const std::string facility = person.facility == kFacilityCecot && rng.Chance(0.5)
                                   ? "El Valle Detention Facility"  // held there before the flight
                                   : FacilityName(person);
  const std::string filed = AddDays({2025, 3, 15}, rng.Between(0, 45));
  std::string birth_year;
  if (rng.Chance(0.3)) {
    birth_year = std::to_string(c.BirthDate(person.birth, DateErrors::kShiftOnly, rng).date.year);
  }
  record.values = {"",       case_number,         court,     filed, petitioner, role, a_number,
                   facility, Nationality(person), birth_year};
  record.sort_key = case_number + "|" + filed;
}

void RenderNgo(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  const bool strip = rng.Chance(0.3);
  const bool upper_surnames = rng.Chance(0.3);
  const Surnames surnames = WrittenSurnames(person, c, rng, c.Rate(Corruption::kDropSurname2));
  std::string surname_text = JoinNonEmpty({surnames.paternal, surnames.maternal});
  surname_text = upper_surnames ? ToUpper(surname_text) : SpanishTitleCase(surname_text);
  std::string name = surname_text + " " +
                     SpanishTitleCase(c.NamePart(InformalGivenNames(person, c, rng, 0.2), rng));
  if (strip) name = StripAccents(name);
  const std::string sex =
      c.Missing(rng, 0.5) ? "" : (person.sex == Sex::kMale ? "masculino" : "femenino");
  std::string birth;
  const DateVariant dob = c.BirthDate(person.birth, DateErrors::kYearOnlyOrShift, rng);
  if (!c.Missing(rng, 1.5)) {
    birth = dob.year_only ? std::to_string(dob.date.year) : FormatIsoYearMonth(dob.date);
  }
  const std::string registered = AddDays({2025, 3, 16}, rng.Between(0, 75));
  const std::string state = c.Missing(rng) ? "" : BirthState(person);
  const std::string city = c.Missing(rng, 2.0) ? "" : BirthCity(person);
  static const std::vector<std::string> kSources = {
      "entrevista familiar", "redes sociales", "lista publicada", "abogado", "visita consular"};
  const std::string contact = rng.Chance(0.4) ? VenezuelanPhone(person.contact_phone_prefix,
                                                                person.contact_phone_number, rng)
                                              : "";
  record.values = {"",
                   name,
                   sex,
                   birth,
                   ShortFacility(person, rng),
                   registered,
                   state,
                   city,
                   rng.Pick(kSources),
                   contact};
  record.sort_key = registered;
}

void RenderGeneric(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  Writing writing;
  writing.strip_accents = rng.Chance(0.5);
  const Surnames surnames = WrittenSurnames(person, c, rng, c.Rate(Corruption::kDropSurname2));
  const std::string name =
      writing(JoinNonEmpty({c.NamePart(InformalGivenNames(person, c, rng, 0.4), rng),
                            surnames.paternal, surnames.maternal}));
  const DateVariant dob = c.BirthDate(person.birth, DateErrors::kShiftOnly, rng);
  const std::string age =
      c.Missing(rng, 2.0) ? "" : std::to_string(AgeOn(dob.date, kReferenceDate));
  const std::string city = c.Missing(rng, 2.0) ? "" : BirthCity(person);
  static const std::vector<std::string> kOutlets = {"diario regional", "portal web", "radio",
                                                    "televisora", "red social"};
  const std::string published = AddDays({2025, 3, 17}, rng.Between(0, 60));
  record.values = {"", name, age, city, published, rng.Pick(kOutlets)};
  record.sort_key = published;
}

// Hard profile: the leak keeps the manifest's selection (who is on it, the flight)
// but a transcriber typed each name from what they heard or read, independently of
// the manifest's spelling; many rows carry a name and maybe an age only.
void RenderLeakHard(const Person& person, const ListRecord& manifest_row, RenderState& s,
                    ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  Writing writing;
  writing.strip_accents = rng.Chance(0.4);
  writing.name_case = rng.Chance(0.2) ? NameCase::kUpper : NameCase::kTitle;
  const NameParts parts = HardNameParts(person, s, /*informal=*/false);
  const std::string name = writing(JoinNonEmpty({parts.given, parts.paternal, parts.maternal}));
  std::string age;
  std::string birth_date;
  std::string cedula;
  if (c.RollWithRate(Corruption::kNameOnly, s.hard->name_only, rng)) {
    if (rng.Chance(s.hard->age_given)) age = HardAge(person, s);
  } else {
    if (!c.Missing(rng)) {
      if (rng.Chance(0.4)) {
        age = HardAge(person, s);
      } else {
        birth_date = HardBirthDate(person, s, DateLayout::kDayMonthYear, DateErrors::kSwapOrShift);
      }
    }
    if (person.id_kind != IdKind::kNone && rng.Chance(0.3)) {
      cedula = CedulaText(person, c.Identifier(CedulaDigits(person), rng), rng);
    }
    cedula = HardIdentifier(std::move(cedula), s);
  }
  const std::string& flight = manifest_row.values[6];
  // Drawn last, so that a seed's rows are otherwise the same whatever the share.
  const bool flight_written = rng.Chance(s.hard->flight_share);
  record.values = {"",
                   name,
                   age,
                   birth_date,
                   cedula,
                   person.id_kind == IdKind::kForeigner ? "colombiana" : "venezolana",
                   flight_written ? flight.substr(flight.find(' ') + 1) : ""};
  record.sort_key = ToLower(StripAccents(name));
}

void RenderNgoHard(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  const bool strip = rng.Chance(0.3);
  const bool upper_surnames = rng.Chance(0.3);
  const NameParts parts = HardNameParts(person, s, /*informal=*/true);
  std::string surname_text = JoinNonEmpty({parts.paternal, parts.maternal});
  surname_text = upper_surnames ? ToUpper(surname_text) : SpanishTitleCase(surname_text);
  std::string name = surname_text + " " + SpanishTitleCase(parts.given);
  if (strip) name = StripAccents(name);
  const bool name_only = c.RollWithRate(Corruption::kNameOnly, s.hard->name_only, rng);
  const std::string sex =
      c.Missing(rng, 0.5) ? "" : (person.sex == Sex::kMale ? "masculino" : "femenino");
  std::string birth;
  if (!name_only && !c.Missing(rng, 1.5)) {
    birth = HardBirthDate(person, s, DateLayout::kYearMonth, DateErrors::kYearOnlyOrShift);
  }
  const std::string registered = AddDays({2025, 3, 16}, rng.Between(0, 75));
  const std::string state = c.Missing(rng) ? "" : BirthState(person);
  const std::string city = c.Missing(rng, 2.0) ? "" : BirthCity(person);
  static const std::vector<std::string> kSources = {
      "entrevista familiar", "redes sociales", "lista publicada", "abogado", "visita consular"};
  const std::string contact =
      !name_only && rng.Chance(0.4)
          ? VenezuelanPhone(person.contact_phone_prefix, person.contact_phone_number, rng)
          : "";
  record.values = {"",
                   name,
                   sex,
                   birth,
                   ShortFacility(person, rng),
                   registered,
                   state,
                   city,
                   rng.Pick(kSources),
                   contact};
  record.sort_key = registered;
}

void RenderGenericHard(const Person& person, RenderState& s, ListRecord& record) {
  Corruptor& c = s.corruptor;
  Rng& rng = s.rng;
  Writing writing;
  writing.strip_accents = rng.Chance(0.5);
  const NameParts parts = HardNameParts(person, s, /*informal=*/true);
  const std::string name = writing(JoinNonEmpty({parts.given, parts.paternal, parts.maternal}));
  const std::string age = c.Missing(rng, 2.0) ? "" : HardAge(person, s);
  const std::string city = c.Missing(rng, 2.0) ? "" : BirthCity(person);
  static const std::vector<std::string> kOutlets = {"diario regional", "portal web", "radio",
                                                    "televisora", "red social"};
  const std::string published = AddDays({2025, 3, 17}, rng.Between(0, 60));
  record.values = {"", name, age, city, published, rng.Pick(kOutlets)};
  record.sort_key = published;
}

// The columns of a hand-typed list's row that hold its name, first to last; empty for
// lists typed from documents.
std::vector<size_t> NameColumns(ListStyle style) {
  switch (style) {
    case ListStyle::kFamily:
      return {2, 3, 4};  // nombres, primer_apellido, segundo_apellido
    case ListStyle::kLeak:
    case ListStyle::kNgo:
    case ListStyle::kGeneric:
      return {1};
    case ListStyle::kManifest:
    case ListStyle::kCourt:
      break;
  }
  return {};
}

// Accents typed after their letter as characters of their own, on a keyboard without
// dead keys: "Nuñez" as "Nun~ez", "José" as "Jose´", "Güiria" as "Gu¨iria".
std::string TypedAccents(std::string_view text) {
  static constexpr std::u32string_view kAccented = U"áéíóúÁÉÍÓÚñÑüÜ";
  static constexpr std::u32string_view kBase = U"aeiouAEIOUnNuU";
  std::u32string out;
  for (char32_t c : DecodeUtf8(text)) {
    const size_t k = kAccented.find(c);
    if (k == std::u32string_view::npos) {
      out.push_back(c);
      continue;
    }
    out.push_back(kBase[k]);
    out.push_back(k < 10 ? U'\u00B4' : k < 12 ? U'~' : U'\u00A8');
  }
  return EncodeUtf8(out);
}

// What people write beside a name: a title before it, a relation or an alias after it.
struct NameAside {
  std::string before, after;
};

NameAside DrawNameAside(const Person& person, Rng& rng) {
  const bool male = person.sex == Sex::kMale;
  static const std::vector<std::string> kTitlesMale = {"Sr.", "Don", "Lic.", "Ing.", "SR"};
  static const std::vector<std::string> kTitlesFemale = {"Sra.", "Doña", "Lic.", "Ing.", "SRA"};
  static const std::vector<std::string> kRelationsMale = {"(hermano)", "(hijo)", "(esposo)",
                                                          "(primo)", "(sobrino)"};
  static const std::vector<std::string> kRelationsFemale = {"(hermana)", "(hija)", "(esposa)",
                                                            "(prima)", "(sobrina)"};
  static const std::vector<std::string> kNicknames = {"El Gocho",  "El Flaco", "Cheo",  "Chuo",
                                                      "El Catire", "El Negro", "Pelón", "El Gato"};
  const double kind = rng.Uniform();
  if (kind < 0.4) return {rng.Pick(male ? kTitlesMale : kTitlesFemale), ""};
  if (kind < 0.8) return {"", rng.Pick(male ? kRelationsMale : kRelationsFemale)};
  const std::string nickname = rng.Pick(kNicknames);
  return {"", rng.Chance(0.5) ? "alias \"" + nickname + "\"" : "(a) " + nickname};
}

// A glued_words share of a hand-typed list's rows have two words of their name typed as
// one. Drawn from a stream of its own, so a seed's rows are otherwise those it wrote
// before 2026-12-08.
void GlueNameWords(const Person& person, uint64_t occurrence, uint64_t seed, size_t list,
                   RenderState& s, ListRecord& record) {
  const std::vector<size_t> columns = NameColumns(s.spec.style);
  if (columns.empty() || s.hard->glued_words <= 0) return;
  Rng rng = Rng::ForStream(seed, ListStream(kStreamGluedWords, list),
                           (static_cast<uint64_t>(person.index) << 2) | occurrence);
  if (!rng.Chance(s.hard->glued_words)) return;
  // The first name column with two words to glue (the family reports' given names).
  for (size_t column : columns) {
    if (GlueTwoWords(&record.values[column], rng)) {
      s.corruptor.counts().Add(Corruption::kGluedWords);
      return;
    }
  }
}

// Typed accents and asides on the name of a typed_accents / name_aside share of a
// hand-typed list's rows. Drawn from a stream of their own, so a seed's rows are
// otherwise those it wrote before 2026-12-07 night.
void AddNameAsides(const Person& person, uint64_t occurrence, uint64_t seed, size_t list,
                   RenderState& s, ListRecord& record) {
  const std::vector<size_t> columns = NameColumns(s.spec.style);
  if (columns.empty() || (s.hard->typed_accents <= 0 && s.hard->name_aside <= 0)) return;
  Rng rng = Rng::ForStream(seed, ListStream(kStreamNameAside, list),
                           (static_cast<uint64_t>(person.index) << 2) | occurrence);
  if (rng.Chance(s.hard->typed_accents)) {
    bool changed = false;
    for (size_t column : columns) {
      std::string typed = TypedAccents(record.values[column]);
      changed |= typed != record.values[column];
      record.values[column] = std::move(typed);
    }
    if (changed) s.corruptor.counts().Add(Corruption::kTypedAccents);
  }
  if (rng.Chance(s.hard->name_aside)) {
    const NameAside aside = DrawNameAside(person, rng);
    std::string& first = record.values[columns.front()];
    size_t last = columns.back();
    while (last > columns.front() && record.values[last].empty()) --last;
    if (first.empty() && last == columns.front()) return;  // no name to put it beside
    if (!aside.before.empty()) first = aside.before + " " + first;
    if (!aside.after.empty()) record.values[last] += " " + aside.after;
    s.corruptor.counts().Add(Corruption::kNameAside);
  }
}

// A misread_text share of the rows have their text misread as Windows-1252 and saved
// again as UTF-8 (MisreadAsWindows1252); of the others, a pasted_windows1252 share are
// written in Windows-1252 bytes. Drawn from a stream of its own, so a seed's rows are
// otherwise those it wrote before 2026-12-07 night.
void EncodeSomeRowsWrongly(uint32_t person, uint64_t occurrence, uint64_t seed, size_t list,
                     RenderState& s, ListRecord& record) {
  if (s.hard->misread_text <= 0 && s.hard->pasted_windows1252 <= 0) return;
  Rng rng = Rng::ForStream(seed, ListStream(kStreamMisread, list),
                           (static_cast<uint64_t>(person) << 2) | occurrence);
  const bool misread = rng.Chance(s.hard->misread_text);
  const bool pasted = !misread && rng.Chance(s.hard->pasted_windows1252);
  if (!misread && !pasted) return;
  bool changed = false;
  for (std::string& value : record.values) {
    if (IsAscii(value)) continue;
    value = misread ? MisreadAsWindows1252(value) : Utf8ToWindows1252(value);
    changed = true;
  }
  if (changed) {
    s.corruptor.counts().Add(misread ? Corruption::kMisreadText : Corruption::kPastedWindows1252);
  }
}

std::string RecordId(const ListSpec& spec, size_t position) {
  switch (spec.style) {
    case ListStyle::kManifest:
      return std::to_string(100001 + position);
    case ListStyle::kLeak:
      return std::to_string(position + 1);
    case ListStyle::kFamily:
      return "FR-" + PadNumber(position + 1, 6);
    case ListStyle::kCourt:
      return "C-" + PadNumber(position + 1, 5);
    case ListStyle::kNgo:
      return "NGO-" + PadNumber(position + 1, 6);
    case ListStyle::kGeneric:
      break;
  }
  return spec.name + "-" + PadNumber(position + 1, 6);
}

using Fields = std::vector<std::pair<std::string, std::vector<std::string>>>;

}  // namespace

namespace {

ListSpec ManifestSpec() {
  ListSpec s;
  s.name = "manifest";
  s.kind = "government";
  s.description = "Flight manifest of the March 15 removal flights (synthetic)";
  s.received = "2025-03-20";
  s.file_name = "manifest.csv";
  s.style = ListStyle::kManifest;
  s.line_ending = LineEnding::kCrLf;
  s.noise = 0.25;
  s.columns = {"record_id", "name",           "dob",      "sex", "a_number", "nationality",
               "flight",    "departure_date", "authority"};
  s.fields = Fields{{"full_name", {"name"}},
                    {"birth_date", {"dob"}},
                    {"sex", {"sex"}},
                    {"a_number", {"a_number"}},
                    {"nationality", {"nationality"}},
                    {"flight", {"flight"}},
                    {"record_date", {"departure_date"}}};
  s.formats = {{"birth_date", "MM/DD/YYYY"}, {"record_date", "MM/DD/YYYY"}};
  return s;
}

ListSpec LeakSpec() {
  ListSpec s;
  s.name = "leak";
  s.kind = "leak";
  s.description = "Leaked spreadsheet derived from the manifest (synthetic)";
  s.received = "2025-03-21";
  s.file_name = "leak.csv";
  s.style = ListStyle::kLeak;
  s.delimiter = ';';
  s.encoding = Encoding::kWindows1252;
  s.line_ending = LineEnding::kCrLf;
  s.noise = 1.0;
  s.columns = {"record_id", "nombre",       "edad", "fecha_nacimiento",
               "cedula",    "nacionalidad", "vuelo"};
  s.fields = Fields{{"full_name", {"nombre"}},
                    {"age", {"edad"}},
                    {"birth_date", {"fecha_nacimiento"}},
                    {"national_id", {"cedula"}},
                    {"nationality", {"nacionalidad"}},
                    {"flight", {"vuelo"}}};
  s.formats = {{"birth_date", "DD/MM/YYYY"}};
  return s;
}

ListSpec FamilyReportsSpec(Profile profile) {
  ListSpec s;
  s.name = "family_reports";
  s.kind = "family";
  s.description = "Reports typed by relatives (synthetic)";
  s.received = "2025-03-25";
  s.file_name = "family_reports.csv";
  s.style = ListStyle::kFamily;
  s.encoding = Encoding::kUtf8WithBom;
  s.noise = 1.6;
  s.columns = {"record_id",       "fecha_reporte",         "nombres",
               "primer_apellido", "segundo_apellido",      "fecha_nacimiento",
               "cedula",          "telefono_contacto",     "parentesco",
               "estado",          "ultimo_lugar_conocido", "nota"};
  s.fields = Fields{{"given_names", {"nombres"}},
                    {"surname1", {"primer_apellido"}},
                    {"surname2", {"segundo_apellido"}},
                    {"birth_date", {"fecha_nacimiento"}},
                    {"national_id", {"cedula"}},
                    {"phone", {"telefono_contacto"}},
                    {"region", {"estado"}},
                    {"record_date", {"fecha_reporte"}},
                    {"note", {"nota"}}};
  s.formats = {{"birth_date", "DD/MM/YYYY"}, {"record_date", "DD/MM/YYYY"}};
  if (profile == Profile::kHard) {  // relatives who do not know the date give an age
    s.columns.insert(s.columns.begin() + 6, "edad");
    s.fields.insert(s.fields.begin() + 4, {"age", {"edad"}});
  }
  return s;
}

ListSpec CourtSpec(Profile profile) {
  ListSpec s;
  s.name = "court";
  s.kind = "court";
  s.description = "Names from habeas petitions and class filings (synthetic)";
  s.received = "2025-04-30";
  s.file_name = "court.jsonl";
  s.style = ListStyle::kCourt;
  s.format = FileFormat::kJsonLines;
  s.noise = 0.5;
  s.columns = {"record_id", "case_number", "court",    "filed",       "petitioner",
               "role",      "a_number",    "facility", "nationality", "birth_year"};
  s.fields = Fields{{"full_name", {"petitioner"}},    {"record_date", {"filed"}},
                    {"a_number", {"a_number"}},       {"facility", {"facility"}},
                    {"nationality", {"nationality"}}, {"birth_date", {"birth_year"}}};
  s.formats = {{"birth_date", "YYYY"}, {"record_date", "YYYY-MM-DD"}};
  if (profile == Profile::kHard) {  // filings publish no birth year
    s.columns.pop_back();
    s.fields.pop_back();
    s.formats.erase(s.formats.begin());
  }
  return s;
}

ListSpec NgoSpec() {
  ListSpec s;
  s.name = "ngo";
  s.kind = "ngo";
  s.description = "NGO case tracker of detained and removed Venezuelans (synthetic)";
  s.received = "2025-06-01";
  s.file_name = "ngo.tsv";
  s.style = ListStyle::kNgo;
  s.delimiter = '\t';
  s.noise = 1.0;
  s.columns = {"record_id",      "nombre",        "sexo",   "nacimiento", "centro",
               "fecha_registro", "estado_origen", "ciudad", "fuente",     "contacto"};
  s.fields = Fields{{"full_name", {"nombre"}},
                    {"sex", {"sexo"}},
                    {"birth_date", {"nacimiento"}},
                    {"facility", {"centro"}},
                    {"record_date", {"fecha_registro"}},
                    {"region", {"estado_origen"}},
                    {"locality", {"ciudad"}},
                    {"phone", {"contacto"}}};
  s.formats = {{"birth_date", "YYYY-MM"}, {"record_date", "YYYY-MM-DD"}};
  return s;
}

// The k-th list past the five (k ≥ 5): names published by press and social media.
ListSpec MediaSpec(int k) {
  ListSpec s;
  s.name = "list_" + PadNumber(static_cast<uint64_t>(k + 1), 2);
  s.kind = k % 2 == 1 ? "media" : "other";
  s.description = "Names published by press and social media (synthetic)";
  s.received = AddDays({2025, 4, 1}, 7 * (k - 5));
  s.file_name = s.name + ".csv";
  s.style = ListStyle::kGeneric;
  s.noise = 1.2;
  s.columns = {"record_id", "full_name", "age", "city", "published", "outlet"};
  s.fields = Fields{{"full_name", {"full_name"}},
                    {"age", {"age"}},
                    {"locality", {"city"}},
                    {"record_date", {"published"}}};
  s.formats = {{"record_date", "YYYY-MM-DD"}};
  return s;
}

}  // namespace

std::vector<ListSpec> MakeListSpecs(int count, Profile profile) {
  std::vector<ListSpec> specs = {ManifestSpec(), LeakSpec(), FamilyReportsSpec(profile),
                                 CourtSpec(profile), NgoSpec()};
  for (int k = 5; k < count; ++k) specs.push_back(MediaSpec(k));
  if (count < static_cast<int>(specs.size())) specs.resize(static_cast<size_t>(std::max(1, count)));
  return specs;
}

std::vector<ListOutput> GenerateLists(const std::vector<ListSpec>& specs, Population& population,
                                      const ListContext& context) {
  std::vector<ListOutput> outputs(specs.size());
  const ListOutput* manifest = nullptr;
  for (size_t list = 0; list < specs.size(); ++list) {
    const ListSpec& spec = specs[list];
    ListOutput& output = outputs[list];
    output.spec = &spec;
    const bool hard = context.profile == Profile::kHard;
    if (hard) output.levels = DrawHardListLevels(spec.style, context.seed, list, context.noise);
    const double list_noise = hard ? output.levels->noise : spec.noise;
    Corruptor corruptor(context.rates, list_noise * context.noise, output.counts);
    if (hard) corruptor.SetTranscription(output.levels->word_error, output.levels->extra_error);
    auto render = [&](const Person& person, uint64_t occurrence, const ListRecord* manifest_row) {
      Rng rng = Rng::ForStream(context.seed, ListStream(kStreamRender, list),
                               (static_cast<uint64_t>(person.index) << 2) | occurrence);
      RenderState state{spec, corruptor, rng, context.noise, hard ? &*output.levels : nullptr};
      ListRecord record;
      record.person = person.index;
      switch (spec.style) {
        case ListStyle::kManifest:
          RenderManifest(person, state, record);
          break;
        case ListStyle::kLeak:
          if (hard) {
            RenderLeakHard(person, *manifest_row, state, record);
          } else {
            RenderLeak(person, *manifest_row, state, record);
          }
          break;
        case ListStyle::kFamily:
          RenderFamily(person, state, record);
          break;
        case ListStyle::kCourt:
          RenderCourt(person, state, record);
          break;
        case ListStyle::kNgo:
          if (hard) {
            RenderNgoHard(person, state, record);
          } else {
            RenderNgo(person, state, record);
          }
          break;
        case ListStyle::kGeneric:
          if (hard) {
            RenderGenericHard(person, state, record);
          } else {
            RenderGeneric(person, state, record);
          }
          break;
      }
      record.tiebreak = rng.Next();
      if (hard) {
        GlueNameWords(person, occurrence, context.seed, list, state, record);
        AddNameAsides(person, occurrence, context.seed, list, state, record);
        EncodeSomeRowsWrongly(person.index, occurrence, context.seed, list, state, record);
      }
      output.records.push_back(std::move(record));
    };

    if (spec.style == ListStyle::kLeak) {
      if (manifest != nullptr) {
        for (const ListRecord& row : manifest->records) {
          const Person& person = population.persons[row.person];
          Rng rng = Rng::ForStream(context.seed, ListStream(kStreamCapture, list), row.person);
          if (rng.Chance(0.35 + 0.4 * Visibility(person))) render(person, 0, &row);
        }
      }
    } else {
      for (const Person& person : population.persons) {
        Rng rng = Rng::ForStream(context.seed, ListStream(kStreamCapture, list), person.index);
        const int copies = RecordsFor(spec, person, rng);
        for (int k = 0; k < copies; ++k) render(person, static_cast<uint64_t>(k), nullptr);
      }
    }

    std::sort(output.records.begin(), output.records.end(),
              [](const ListRecord& a, const ListRecord& b) {
                if (a.sort_key != b.sort_key) return a.sort_key < b.sort_key;
                return a.tiebreak < b.tiebreak;
              });
    uint32_t previous = UINT32_MAX;
    std::vector<uint32_t> seen;
    seen.reserve(output.records.size());
    for (size_t i = 0; i < output.records.size(); ++i) {
      ListRecord& record = output.records[i];
      record.values[0] = RecordId(spec, i);
      population.persons[record.person].lists |= uint64_t{1} << list;
      seen.push_back(record.person);
    }
    std::sort(seen.begin(), seen.end());
    for (uint32_t person : seen) {
      if (person != previous) ++output.persons;
      previous = person;
    }
    if (spec.style == ListStyle::kManifest) manifest = &output;
  }
  return outputs;
}

}  // namespace habeas::gen
