#include "population.h"

#include <algorithm>
#include <numeric>

#include "random.h"

namespace habeas::gen {
namespace {

constexpr uint16_t kPhonePrefixes[] = {412, 414, 416, 424, 426};
constexpr int kMinAge = 14;
constexpr int kMaxAge = 60;

// Ages 14..60 on 2025-03-15, peaking in the late twenties like the March 2025 lists.
const WeightedIndex& AgeTable() {
  static const WeightedIndex* const table = [] {
    std::vector<double> weights;
    for (int age = kMinAge; age <= kMaxAge; ++age) {
      double w = 0.3;
      if (age >= 18 && age <= 22) w = 1.0;
      if (age >= 23 && age <= 35) w = 1.6;
      if (age >= 36 && age <= 45) w = 0.9;
      weights.push_back(w);
    }
    return new WeightedIndex(weights);
  }();
  return *table;
}

int64_t EarliestBirthDay() { return DaysFromDate({kReferenceDate.year - kMaxAge - 1, 3, 16}); }
int64_t LatestBirthDay() { return DaysFromDate({kReferenceDate.year - kMinAge, 3, 15}); }

Date DrawBirth(Rng& rng) {
  const int age = kMinAge + static_cast<int>(AgeTable().Sample(rng));
  const int64_t latest = DaysFromDate({kReferenceDate.year - age, 3, 15});
  return DateFromDays(latest - static_cast<int64_t>(rng.Below(365)));
}

Date ClampBirth(int64_t days) {
  return DateFromDays(std::clamp(days, EarliestBirthDay(), LatestBirthDay()));
}

void DrawGivenNames(Person& person, Rng& rng) {
  const Vocabulary& vocab = Vocabulary::Get();
  const WeightedIndex& table = vocab.given_name_table(person.sex);
  person.given[0] = static_cast<uint16_t>(table.Sample(rng));
  person.given_count = 1;
  if (vocab.IsCompoundGivenName(person.sex, person.given[0])) return;
  const double r = rng.Uniform();
  const int wanted = r < 0.30 ? 1 : (r < 0.92 ? 2 : 3);
  int attempts = 0;
  while (person.given_count < wanted && attempts++ < 20) {
    const auto item = static_cast<uint16_t>(table.Sample(rng));
    if (vocab.IsCompoundGivenName(person.sex, item)) continue;
    if (std::find(person.given, person.given + person.given_count, item) !=
        person.given + person.given_count) {
      continue;
    }
    person.given[person.given_count++] = item;
  }
}

bool SameGivenNames(const Person& a, const Person& b) {
  return a.given_count == b.given_count && std::equal(a.given, a.given + a.given_count, b.given);
}

uint16_t DrawVisibility(Rng& rng, double household_visibility) {
  const double own = rng.Uniform();
  const double v = 0.6 * household_visibility + 0.4 * own;
  return static_cast<uint16_t>(std::clamp(v, 0.0, 1.0) * 1000.0);
}

void DrawCustody(Person& person, double removed_rate, Rng& rng) {
  const Vocabulary& vocab = Vocabulary::Get();
  if (rng.Chance(removed_rate)) {
    const double r = rng.Uniform();
    person.flight =
        r < 0.4 ? Flight::kGlobalX6143 : (r < 0.8 ? Flight::kGlobalX6145 : Flight::kGlobalX6122);
    person.authority = person.flight == Flight::kGlobalX6122 || rng.Chance(0.15)
                           ? Authority::kTitle8
                           : Authority::kAlienEnemiesAct;
    person.facility = kFacilityCecot;
  } else {
    person.facility = static_cast<uint8_t>(vocab.us_facility_table().Sample(rng));
  }
}

void DrawPhone(uint16_t& prefix, uint32_t& number, Rng& rng) {
  prefix = kPhonePrefixes[rng.Below(std::size(kPhonePrefixes))];
  number = static_cast<uint32_t>(1000000 + rng.Below(9000000));
}

// Sibling-style given names: sometimes shares the first item or swaps two items.
void DrawSiblingGivenNames(Person& sibling, const Person& first, Rng& rng) {
  const Vocabulary& vocab = Vocabulary::Get();
  for (int attempt = 0; attempt < 10; ++attempt) {
    DrawGivenNames(sibling, rng);
    if (sibling.sex == first.sex) {
      const double r = rng.Uniform();
      if (r < 0.25 && !vocab.IsCompoundGivenName(first.sex, first.given[0])) {
        // Shared first name, different second: "José Gregorio" / "José Alberto".
        sibling.given[0] = first.given[0];
        sibling.given_count = 2;
        const WeightedIndex& table = vocab.given_name_table(sibling.sex);
        for (int draw = 0; draw < 20; ++draw) {
          const auto item = static_cast<uint16_t>(table.Sample(rng));
          if (item == first.given[0] || vocab.IsCompoundGivenName(sibling.sex, item) ||
              (first.given_count > 1 && item == first.given[1])) {
            continue;
          }
          sibling.given[1] = item;
          break;
        }
      } else if (r < 0.33 && first.given_count == 2) {
        // Swapped order: "Luis José" / "José Luis".
        sibling.given_count = 2;
        sibling.given[0] = first.given[1];
        sibling.given[1] = first.given[0];
      }
    }
    if (!SameGivenNames(sibling, first) &&
        !(sibling.given_count >= 2 && sibling.given[0] == sibling.given[1])) {
      return;
    }
  }
}

}  // namespace

Population GeneratePopulation(const PopulationOptions& options, uint64_t seed) {
  const Vocabulary& vocab = Vocabulary::Get();
  Population population;
  population.persons.reserve(options.persons);
  uint32_t household = 0;
  while (population.persons.size() < options.persons) {
    Rng rng = Rng::ForStream(seed, kStreamHousehold, household);
    uint32_t size = 1;
    if (rng.Chance(options.multi_person_household_rate)) {
      const double r = rng.Uniform();
      size = r < 0.68 ? 2 : (r < 0.93 ? 3 : 4);
    }
    size = std::min<uint32_t>(size,
                              options.persons - static_cast<uint32_t>(population.persons.size()));
    const bool twins = size >= 2 && rng.Chance(options.twin_rate);
    const double household_visibility =
        rng.Chance(0.3) ? rng.Uniform() * rng.Uniform() * 0.5 : 0.25 + 0.75 * rng.Uniform();
    const bool family_engaged = rng.Chance(0.55);

    Person first;
    first.surname1 = static_cast<uint16_t>(vocab.surname_table().Sample(rng));
    first.surname2 = static_cast<uint16_t>(vocab.surname_table().Sample(rng));
    if (rng.Chance(0.01)) first.surname2 = first.surname1;  // "García García"
    first.state = static_cast<uint8_t>(vocab.state_table().Sample(rng));
    first.city = static_cast<uint8_t>(rng.Below(vocab.states()[first.state].cities.size()));
    first.street = static_cast<uint8_t>(rng.Below(vocab.streets().size()));
    first.sector = static_cast<uint8_t>(rng.Below(vocab.sectors().size()));
    first.house_number = static_cast<uint16_t>(1 + rng.Below(180));
    DrawPhone(first.contact_phone_prefix, first.contact_phone_number, rng);
    first.id_kind = rng.Chance(0.03) ? IdKind::kForeigner
                                     : (rng.Chance(0.03) ? IdKind::kNone : IdKind::kVenezuelan);

    const uint32_t first_index = static_cast<uint32_t>(population.persons.size());
    for (uint32_t k = 0; k < size; ++k) {
      Person person = first;  // shared: surnames, birthplace, address, contact, id kind
      person.index = first_index + k;
      person.household = household;
      person.household_size = static_cast<uint8_t>(size);
      person.family_engaged = family_engaged;
      person.sex = rng.Chance(0.9) ? Sex::kMale : Sex::kFemale;
      if (k == 0) {
        DrawGivenNames(person, rng);
        person.birth = DrawBirth(rng);
      } else {
        const Person& eldest = population.persons[first_index];
        DrawSiblingGivenNames(person, eldest, rng);
        if (k == 1 && twins) {
          person.birth = eldest.birth;
          person.twin_of = static_cast<int32_t>(first_index);
          population.persons[first_index].twin_of = static_cast<int32_t>(person.index);
        } else {
          const int64_t gap = 365 * rng.Between(1, 6) + rng.Between(-150, 150);
          const int64_t base = DaysFromDate(eldest.birth);
          int64_t days = rng.Chance(0.5) ? base + gap : base - gap;
          if (days < EarliestBirthDay() || days > LatestBirthDay()) {
            days = 2 * base - days;  // mirror into range
          }
          person.birth = ClampBirth(days);
        }
      }
      DrawPhone(person.phone_prefix, person.phone_number, rng);
      person.visibility_milli = DrawVisibility(rng, household_visibility);
      DrawCustody(person, options.removed_rate, rng);
      population.persons.push_back(person);
    }
    ++household;
  }
  population.households = household;

  // Namesakes: unrelated single-person households given another person's full name.
  auto& persons = population.persons;
  for (uint32_t i = 1; i < persons.size(); ++i) {
    Rng rng = Rng::ForStream(seed, kStreamNamesake, i);
    if (persons[i].household_size != 1 || !rng.Chance(options.namesake_rate)) continue;
    const Person& original = persons[rng.Below(i)];
    Person& copy = persons[i];
    copy.sex = original.sex;
    copy.given_count = original.given_count;
    std::copy(original.given, original.given + 3, copy.given);
    copy.surname1 = original.surname1;
    copy.surname2 = original.surname2;
    copy.namesake_of = static_cast<int32_t>(original.index);
    if (rng.Chance(options.close_namesake_share)) {
      copy.birth = ClampBirth(DaysFromDate(original.birth) + rng.Between(-730, 730));
    }
  }

  // Cédulas grow with birth date: V- 7-8 digits, E- 6-7 digits; all unique.
  std::vector<uint32_t> order(persons.size());
  std::iota(order.begin(), order.end(), 0u);
  std::vector<int64_t> birth_days(persons.size());
  for (size_t i = 0; i < persons.size(); ++i) birth_days[i] = DaysFromDate(persons[i].birth);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return birth_days[a] != birth_days[b] ? birth_days[a] < birth_days[b] : a < b;
  });
  size_t venezuelan = 0;
  size_t foreign = 0;
  for (const Person& p : persons) {
    venezuelan += p.id_kind == IdKind::kVenezuelan;
    foreign += p.id_kind == IdKind::kForeigner;
  }
  Rng id_rng = Rng::ForStream(seed, kStreamIdentifiers, 0);
  const uint64_t v_gap = std::max<uint64_t>(2, 26000000 / std::max<size_t>(venezuelan, 1));
  const uint64_t e_gap = std::max<uint64_t>(2, 1500000 / std::max<size_t>(foreign, 1));
  uint64_t next_v = 5600000;
  uint64_t next_e = 300000;
  for (uint32_t i : order) {
    Person& p = persons[i];
    if (p.id_kind == IdKind::kVenezuelan) {
      next_v += 1 + id_rng.Below(2 * v_gap - 1);
      p.cedula = static_cast<uint32_t>(next_v);
    } else if (p.id_kind == IdKind::kForeigner) {
      next_e += 1 + id_rng.Below(2 * e_gap - 1);
      p.cedula = static_cast<uint32_t>(next_e);
    }
  }

  // A-numbers: a bijection of the index into 200,000,000..249,999,999 (recent) or
  // 000,000,000..099,999,999 (older files, printed with leading zeros).
  const uint64_t offset = id_rng.Below(50000000);
  for (Person& p : persons) {
    const uint64_t k = (static_cast<uint64_t>(p.index) * 7368787ULL + offset) % 50000000ULL;
    Rng rng = Rng::ForStream(seed, kStreamIdentifiers, p.index + 1);
    p.a_number = static_cast<uint32_t>(rng.Chance(0.1) ? 50000000 + k : 200000000 + k);
  }
  return population;
}

std::string PersonId(uint32_t index) {
  std::string id = "P";  // not "P" + ...: GCC 12 reports a false -Wrestrict there
  id += PadNumber(index + 1, 7);
  return id;
}

std::string GivenNames(const Person& person) {
  const auto& names = Vocabulary::Get().given_names(person.sex);
  std::string out = names[person.given[0]];
  for (int k = 1; k < person.given_count; ++k) {
    out += ' ';
    out += names[person.given[k]];
  }
  return out;
}

const std::string& Surname1(const Person& person) {
  return Vocabulary::Get().surnames()[person.surname1];
}
const std::string& Surname2(const Person& person) {
  return Vocabulary::Get().surnames()[person.surname2];
}

std::string FullName(const Person& person) {
  return GivenNames(person) + " " + Surname1(person) + " " + Surname2(person);
}

std::string CedulaDigits(const Person& person) {
  return person.id_kind == IdKind::kNone ? std::string() : std::to_string(person.cedula);
}

std::string NationalId(const Person& person) {
  if (person.id_kind == IdKind::kNone) return {};
  return std::string(1, static_cast<char>(person.id_kind)) + "-" + std::to_string(person.cedula);
}

std::string ANumberDigits(const Person& person) { return PadNumber(person.a_number, 9); }

std::string BirthState(const Person& person) {
  if (person.id_kind == IdKind::kForeigner) return "Norte de Santander";
  return Vocabulary::Get().states()[person.state].name;
}

std::string BirthCity(const Person& person) {
  if (person.id_kind == IdKind::kForeigner) return "Cúcuta";
  return Vocabulary::Get().states()[person.state].cities[person.city];
}

std::string Address(const Person& person) {
  const Vocabulary& vocab = Vocabulary::Get();
  return vocab.streets()[person.street] + ", casa " + std::to_string(person.house_number) + ", " +
         vocab.sectors()[person.sector] + ", " + vocab.states()[person.state].cities[person.city];
}

std::string Phone(const Person& person) {
  return "+58 " + std::to_string(person.phone_prefix) + "-" + std::to_string(person.phone_number);
}

std::string ContactPhone(const Person& person) {
  return "+58 " + std::to_string(person.contact_phone_prefix) + "-" +
         std::to_string(person.contact_phone_number);
}

std::string FacilityName(const Person& person) {
  const Vocabulary& vocab = Vocabulary::Get();
  return person.facility == kFacilityCecot ? vocab.cecot().name
                                           : vocab.us_facilities()[person.facility].name;
}

std::string FlightName(Flight flight) {
  switch (flight) {
    case Flight::kGlobalX6143:
      return "GlobalX 6143";
    case Flight::kGlobalX6145:
      return "GlobalX 6145";
    case Flight::kGlobalX6122:
      return "GlobalX 6122";
    case Flight::kNone:
      break;
  }
  return {};
}

std::string AuthorityName(Authority authority) {
  switch (authority) {
    case Authority::kAlienEnemiesAct:
      return "AEA";
    case Authority::kTitle8:
      return "Title 8";
    case Authority::kNone:
      break;
  }
  return {};
}

std::string Nationality(const Person& person) {
  return person.id_kind == IdKind::kForeigner ? "Colombia" : "Venezuela";
}

std::string SexCode(Sex sex) { return sex == Sex::kMale ? "M" : "F"; }

}  // namespace habeas::gen
