#include "population.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace habeas::gen {
namespace {

Population Make(uint32_t persons, uint64_t seed) {
  PopulationOptions options;
  options.persons = persons;
  return GeneratePopulation(options, seed);
}

TEST(PopulationTest, SameSeedSamePeople) {
  const Population a = Make(3000, 11);
  const Population b = Make(3000, 11);
  const Population c = Make(3000, 12);
  ASSERT_EQ(a.persons.size(), 3000u);
  int differences_ab = 0, differences_ac = 0;
  for (size_t i = 0; i < a.persons.size(); ++i) {
    differences_ab += FullName(a.persons[i]) != FullName(b.persons[i]) ||
                      !(a.persons[i].birth == b.persons[i].birth) ||
                      a.persons[i].cedula != b.persons[i].cedula;
    differences_ac += FullName(a.persons[i]) != FullName(c.persons[i]);
  }
  EXPECT_EQ(differences_ab, 0);
  EXPECT_GT(differences_ac, 2500);
}

TEST(PopulationTest, AttributesAreInRange) {
  const Population population = Make(20000, 3);
  int women = 0, foreigners = 0, removed = 0;
  for (const Person& p : population.persons) {
    const int age = AgeOn(p.birth, kReferenceDate);
    EXPECT_GE(age, 14);
    EXPECT_LE(age, 60);
    EXPECT_GE(p.given_count, 1);
    EXPECT_LE(p.given_count, 3);
    EXPECT_EQ(ANumberDigits(p).size(), 9u);
    if (p.id_kind != IdKind::kNone) {
      const size_t digits = CedulaDigits(p).size();
      EXPECT_GE(digits, 6u);
      EXPECT_LE(digits, 8u);
    }
    women += p.sex == Sex::kFemale;
    foreigners += p.id_kind == IdKind::kForeigner;
    removed += p.flight != Flight::kNone;
  }
  EXPECT_NEAR(women / 20000.0, 0.10, 0.02);
  EXPECT_NEAR(foreigners / 20000.0, 0.03, 0.01);
  EXPECT_NEAR(removed / 20000.0, 0.55, 0.02);
}

TEST(PopulationTest, IdentifiersAreUniqueAndCedulaGrowsWithAge) {
  const Population population = Make(50000, 5);
  std::set<std::string> cedulas, a_numbers;
  for (const Person& p : population.persons) {
    if (p.id_kind != IdKind::kNone) {
      EXPECT_TRUE(cedulas.insert(NationalId(p)).second);
    }
    EXPECT_TRUE(a_numbers.insert(ANumberDigits(p)).second);
  }
  // Older Venezuelans have smaller cédula numbers.
  const Person* older = nullptr;
  const Person* younger = nullptr;
  for (const Person& p : population.persons) {
    if (p.id_kind != IdKind::kVenezuelan) continue;
    if (p.birth.year == 1970 && older == nullptr) older = &p;
    if (p.birth.year == 2005 && younger == nullptr) younger = &p;
  }
  ASSERT_TRUE(older && younger);
  EXPECT_LT(older->cedula, younger->cedula);
}

TEST(PopulationTest, SiblingsTwinsAndNamesakesExist) {
  const Population population = Make(20000, 9);
  const auto& persons = population.persons;
  std::map<uint32_t, std::vector<const Person*>> households;
  for (const Person& p : persons) households[p.household].push_back(&p);
  int sibling_households = 0, twins = 0, shared_first_name = 0;
  for (const auto& [id, members] : households) {
    if (members.size() < 2) continue;
    ++sibling_households;
    for (const Person* m : members) {
      EXPECT_EQ(m->surname1, members[0]->surname1);
      EXPECT_EQ(m->surname2, members[0]->surname2);
      EXPECT_EQ(BirthCity(*m), BirthCity(*members[0]));
      EXPECT_EQ(Address(*m), Address(*members[0]));
      if (m != members[0]) {
        EXPECT_NE(GivenNames(*m), GivenNames(*members[0]));
        const int years = std::abs(m->birth.year - members[0]->birth.year);
        EXPECT_LE(years, 8);
        shared_first_name += m->given[0] == members[0]->given[0] && m->sex == members[0]->sex;
      }
      if (m->twin_of != kNoPerson) {
        ++twins;
        EXPECT_EQ(m->birth, persons[static_cast<size_t>(m->twin_of)].birth);
      }
    }
  }
  EXPECT_GT(sibling_households, 500);
  EXPECT_GT(twins, 20);
  EXPECT_GT(shared_first_name, 50);

  int namesakes = 0, close_namesakes = 0;
  for (const Person& p : persons) {
    if (p.namesake_of == kNoPerson) continue;
    ++namesakes;
    const Person& original = persons[static_cast<size_t>(p.namesake_of)];
    EXPECT_EQ(FullName(p), FullName(original));
    EXPECT_NE(p.household, original.household);
    close_namesakes += std::abs(DaysFromDate(p.birth) - DaysFromDate(original.birth)) <= 731;
  }
  EXPECT_GT(namesakes, 300);
  EXPECT_GT(close_namesakes, 60);
}

TEST(PopulationTest, SurnamesAreZipfLike) {
  const Population population = Make(30000, 2);
  std::map<std::string, int> counts;
  for (const Person& p : population.persons) ++counts[Surname1(p)];
  EXPECT_GT(counts["González"], counts["Medina"] * 3);
  EXPECT_GT(counts["Uzcátegui"], 0);
  EXPECT_LT(counts["Uzcátegui"], counts["González"] / 20);
}

}  // namespace
}  // namespace habeas::gen
