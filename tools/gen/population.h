// The synthetic population: the true people behind every generated list.
//
// Persons are generated in households (one draw stream per household) so that the
// hard cases a linker must handle exist by construction:
//   * siblings: same two surnames, same birthplace and address, birth years 1-6
//     apart, sometimes sharing a given name ("José Gregorio" / "José Alberto") or
//     with the order swapped ("Luis José" / "José Luis");
//   * twins: siblings with the same birth date and different given names;
//   * namesakes: unrelated people given exactly another person's full name, some
//     with a birth date within two years of the original.
// Identifiers are unique: cédulas grow with birth date (as in Venezuela), A-numbers
// come from a bijection of the person index.
//
// A Person stores indices into the Vocabulary rather than strings, so a million
// people fit in about 100 MB and render quickly.
//
//   PopulationOptions options;
//   options.persons = 1000;
//   Population population = GeneratePopulation(options, /*seed=*/42);
//   std::string name = GivenNames(population.persons[0]);
//
// Thread-safety: GeneratePopulation is a pure function of its arguments; the
// returned Population is a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calendar.h"
#include "vocabulary.h"

namespace habeas::gen {

enum class Flight : uint8_t { kNone = 0, kGlobalX6143, kGlobalX6145, kGlobalX6122 };
enum class Authority : uint8_t { kNone = 0, kAlienEnemiesAct, kTitle8 };
enum class IdKind : char { kNone = '\0', kVenezuelan = 'V', kForeigner = 'E' };

inline constexpr uint8_t kFacilityCecot = 255;
inline constexpr int32_t kNoPerson = -1;

struct Person {
  uint32_t index = 0;  // person_id is "P" + index + 1, zero-padded to 7 digits
  Sex sex = Sex::kMale;
  uint8_t given_count = 0;  // 1..3 given-name items (an item may be compound)
  uint16_t given[3] = {0, 0, 0};
  uint16_t surname1 = 0;  // paternal
  uint16_t surname2 = 0;  // maternal
  Date birth;
  IdKind id_kind = IdKind::kVenezuelan;
  uint32_t cedula = 0;
  uint32_t a_number = 0;  // printed as 9 digits, left-padded
  uint8_t state = 0;      // birth state; city indexes State::cities
  uint8_t city = 0;
  uint8_t street = 0;
  uint8_t sector = 0;
  uint16_t house_number = 0;
  uint16_t phone_prefix = 0;          // 412, 414, 416, 424, 426
  uint32_t phone_number = 0;          // 7 digits
  uint16_t contact_phone_prefix = 0;  // the household's contact (a relative)
  uint32_t contact_phone_number = 0;
  uint16_t visibility_milli = 0;  // 0..1000: how likely lists are to capture this person
  uint32_t household = 0;
  uint8_t household_size = 1;
  bool family_engaged = false;  // relatives are searching (household trait)
  int32_t twin_of = kNoPerson;
  int32_t namesake_of = kNoPerson;  // the person whose full name was copied
  Flight flight = Flight::kNone;
  Authority authority = Authority::kNone;
  uint8_t facility = 0;  // index into Vocabulary::us_facilities() or kFacilityCecot
  uint64_t lists = 0;    // bit i set when list i holds at least one record of this person
};

struct PopulationOptions {
  uint32_t persons = 10000;
  double namesake_rate = 0.03;         // share of single-person households given a copied name
  double close_namesake_share = 0.35;  // of those, birth within two years of the original
  double multi_person_household_rate = 0.06;  // households with 2-4 siblings
  double twin_rate = 0.06;     // share of sibling households whose first two are twins
  double removed_rate = 0.55;  // share put on one of the March 15 flights
};

struct Population {
  std::vector<Person> persons;
  uint32_t households = 0;
};

Population GeneratePopulation(const PopulationOptions& options, uint64_t seed);

// Rendering helpers (title case, with accents).
std::string PersonId(uint32_t index);
std::string GivenNames(const Person& person);
const std::string& Surname1(const Person& person);
const std::string& Surname2(const Person& person);
std::string FullName(const Person& person);       // "José Luis González Pérez"
std::string CedulaDigits(const Person& person);   // "" when the person has none
std::string NationalId(const Person& person);     // "V-12345678", "" when none
std::string ANumberDigits(const Person& person);  // 9 digits
std::string BirthState(const Person& person);
std::string BirthCity(const Person& person);
std::string Address(const Person& person);       // "Calle 5, casa 12, Barrio El Carmen, Maracaibo"
std::string Phone(const Person& person);         // "+58 414-1234567"
std::string ContactPhone(const Person& person);  // "+58 414-1234567"
std::string FacilityName(const Person& person);
std::string FlightName(Flight flight);           // "GlobalX 6143", "" for none
std::string AuthorityName(Authority authority);  // "AEA", "Title 8", ""
std::string Nationality(const Person& person);   // "Venezuela" or "Colombia" (E- holders)
std::string SexCode(Sex sex);                    // "M" / "F"

}  // namespace habeas::gen
