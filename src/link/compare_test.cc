// Comparison levels of record pairs (docs/linkage.md "Comparison levels"), checked by
// name: each case is a pair a clerk would recognise.
#include "link/compare.h"

#include <gtest/gtest.h>

#include <set>

#include "link/link_test_util.h"

namespace habeas::link {
namespace {

using Fields = std::initializer_list<std::pair<CanonicalField, const char*>>;
using testing::PrepareTestRecord;

// The level name of `field` for records made of `a` and `b`; "missing" when the field
// cannot be compared.
std::string Level(Field field, Fields a, Fields b) {
  const LinkRecord ra = PrepareTestRecord(1, 1, a);
  const LinkRecord rb = PrepareTestRecord(2, 2, b);
  const uint8_t level = FieldLevel(ra, rb, field);
  if (level == kMissingLevel) return "missing";
  return std::string(LevelNames(field).at(level));
}

std::string DateLevel(const char* a, const char* b) {
  return Level(Field::kBirthDate, {{CanonicalField::kBirthDate, a}},
               {{CanonicalField::kBirthDate, b}});
}

// The given-name and surname levels of two full names.
std::string GivenLevel(const char* a, const char* b) {
  return Level(Field::kGivenName, {{CanonicalField::kFullName, a}},
               {{CanonicalField::kFullName, b}});
}

std::string SurnameLevel(const char* a, const char* b) {
  return Level(Field::kSurname, {{CanonicalField::kFullName, a}}, {{CanonicalField::kFullName, b}});
}

std::string NationalIdLevel(const char* a, const char* b) {
  return Level(Field::kNationalId, {{CanonicalField::kNationalId, a}},
               {{CanonicalField::kNationalId, b}});
}

TEST(CompareLevels, EveryFieldHasNamedLevelsThatFitInFourBits) {
  std::set<std::string_view> fields;
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    EXPECT_TRUE(fields.insert(FieldName(field)).second) << FieldName(field);
    const auto& levels = LevelNames(field);
    EXPECT_GE(levels.size(), 2u) << FieldName(field);
    EXPECT_LT(levels.size(), kMissingLevel) << FieldName(field);
  }
  EXPECT_EQ(FieldName(Field::kBirthDate), "birth_date");
  EXPECT_EQ(LevelNames(Field::kBirthDate).front(), "exact");
  EXPECT_EQ(LevelNames(Field::kBirthDate).back(), "disagree");
}

TEST(CompareLevels, BirthDates) {
  EXPECT_EQ(DateLevel("1990-03-15", "1990-03-15"), "exact");
  EXPECT_EQ(DateLevel("1990-03-05", "1990-05-03"), "day_month_swapped");
  EXPECT_EQ(DateLevel("1990-03-15", "1990-03-16"), "one_part_differs");
  EXPECT_EQ(DateLevel("1990-03-15", "1991-03-15"), "year_pm1");
  EXPECT_EQ(DateLevel("1990-03-15", "1990-07-20"), "same_year");
  EXPECT_EQ(DateLevel("1990-03-15", "1992-07-20"), "within_2_years");
  EXPECT_EQ(DateLevel("1990-03-15", "1975-07-20"), "disagree");
  EXPECT_EQ(DateLevel("1990-03", "1990-03-15"), "same_year_month");
  EXPECT_EQ(DateLevel("1990", "1990-03-15"), "same_year");
  EXPECT_EQ(DateLevel("1990-03-15", ""), "missing");  // missing is neutral
}

TEST(CompareLevels, AnAgeAgainstADate) {
  // On 2025-03-15 (the test records' reference date) someone born 1990-01-10 is 35.
  const Fields born = {{CanonicalField::kBirthDate, "1990-01-10"}};
  EXPECT_EQ(Level(Field::kBirthDate, {{CanonicalField::kAge, "35"}}, born), "age_consistent");
  // An age one year off (given on another day, or mistyped) has its own level, apart
  // from two dates two years apart.
  EXPECT_EQ(Level(Field::kBirthDate, {{CanonicalField::kAge, "34"}}, born), "age_one_year_off");
  EXPECT_EQ(Level(Field::kBirthDate, {{CanonicalField::kAge, "36"}}, born), "age_one_year_off");
  EXPECT_EQ(Level(Field::kBirthDate, {{CanonicalField::kAge, "33"}}, born), "disagree");
  EXPECT_EQ(Level(Field::kBirthDate, {{CanonicalField::kAge, "50"}}, born), "disagree");
  // Two ages: years [1989, 1990] and [1987, 1988] are a year apart.
  EXPECT_EQ(
      Level(Field::kBirthDate, {{CanonicalField::kAge, "35"}}, {{CanonicalField::kAge, "37"}}),
      "age_one_year_off");
  EXPECT_EQ(DateLevel("1990-03-15", "1992-07-20"), "within_2_years");
}

TEST(CompareLevels, Identifiers) {
  EXPECT_EQ(NationalIdLevel("12345678", "12345678"), "exact");
  EXPECT_EQ(NationalIdLevel("12345678", "12345687"), "one_edit");  // a transposition
  EXPECT_EQ(NationalIdLevel("12345678", "1234567"), "one_edit");
  EXPECT_EQ(NationalIdLevel("12345678", "98765432"), "disagree");
  EXPECT_EQ(NationalIdLevel("12345678", ""), "missing");
}

TEST(CompareLevels, SexAndSameSource) {
  EXPECT_EQ(Level(Field::kSex, {{CanonicalField::kSex, "F"}}, {{CanonicalField::kSex, "F"}}),
            "agree");
  EXPECT_EQ(Level(Field::kSex, {{CanonicalField::kSex, "F"}}, {{CanonicalField::kSex, "M"}}),
            "disagree");
  EXPECT_EQ(Level(Field::kSex, {{CanonicalField::kSex, "F"}}, {}), "missing");
  // The test records come from sources 1 and 2.
  EXPECT_EQ(Level(Field::kSameSource, {}, {}), "different_sources");
  const LinkRecord a = PrepareTestRecord(1, 4, {});
  const LinkRecord b = PrepareTestRecord(2, 4, {});
  EXPECT_EQ(LevelNames(Field::kSameSource)[FieldLevel(a, b, Field::kSameSource)], "same_source");
}

TEST(CompareLevels, Names) {
  EXPECT_EQ(GivenLevel("Jose Perez", "JOSÉ PÉREZ"), "exact");
  EXPECT_EQ(GivenLevel("Jose Perez", "J. Perez"), "initial");
  EXPECT_EQ(GivenLevel("Jose Perez", "Maria Perez"), "disagree");
  EXPECT_EQ(SurnameLevel("Jose Perez Gonzalez", "Jose Perez Gonzalez"), "both_exact");
  EXPECT_EQ(SurnameLevel("Jose Perez Gonzalez", "Jose Perez"), "exact_one_missing");
  EXPECT_EQ(SurnameLevel("Jose Perez Gonzalez", "Jose Rodriguez Silva"), "disagree");
  // Two surnames alike on both sides are rarer between strangers than one: own levels.
  EXPECT_EQ(SurnameLevel("Wilmer Gonzalez Romero", "Wilmer Gonzales Romero"), "phonetic");
  EXPECT_EQ(SurnameLevel("Wilmer Gonzalez Romero", "Wilmer Gonzales"), "phonetic_one_missing");
  EXPECT_EQ(SurnameLevel("Jesus Flores", "Jesus Florez"), "phonetic_one_missing");
  EXPECT_EQ(SurnameLevel("Luis Urbina Medina", "Luis Uribna Medina"), "fuzzy");
  EXPECT_EQ(SurnameLevel("Luis Urbina", "Luis Uribna"), "fuzzy_one_missing");
  // A surname garbled past recognition beside one that agrees is a variant, whichever
  // of the two it is, not the weakest agreement of a name.
  EXPECT_EQ(SurnameLevel("NUNEZ AVILA, JESUS", "NUNEZ AVKLRA, JESUS"), "maternal_variant");
  EXPECT_EQ(SurnameLevel("NUNEZ AVILA, JESUS", "NUENIZ AVILA, JESUS"), "paternal_variant");
  EXPECT_EQ(SurnameLevel("NUNEZ AVILA, JESUS", "NUENIZ AVKLRA, JESUS"), "fuzzy_low");
}

// One given name garbled while another agrees ("yuna jose", typed by ear for Juan José) is
// its own level instead of a disagreement; EM weighs it. Two given names that are both
// other names are still a disagreement, and a word only at fuzzy_low stays fuzzy_low.
TEST(CompareLevels, OneGivenNameGarbledWhileAnotherAgrees) {
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JUAN JOSE", "PEREZ LOPEZ, YUNA JOSE"), "one_given_agrees");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JUAN JOSE", "PEREZ LOPEZ, PEDRO LUIS"), "disagree");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JUAN JOSE", "PEREZ LOPEZ, JOSE"), "exact_given_dropped");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JUAN", "PEREZ LOPEZ, YUNA"), "disagree");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JOHAN YONAIKER", "PEREZ LOPEZ, JHNA YONAIKER"), "fuzzy_low");
}

// Given names alike only by sound or a typo, with a second given name dropped on one
// side, are as weak as exact_given_dropped, not as strong as every name agreeing.
TEST(CompareLevels, AlikeGivenNamesWithOneDroppedAreTheirOwnLevel) {
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JOSE LUIS", "PEREZ LOPEZ, JOZE"), "alike_given_dropped");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, YEFERSON JOSE", "PEREZ LOPEZ, YEFERSOM"),
            "alike_given_dropped");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JOSE LUIS", "PEREZ LOPEZ, JOZE LUIS"), "phonetic");
  EXPECT_EQ(GivenLevel("PEREZ LOPEZ, JOSE LUIS", "PEREZ LOPEZ, JOSE"), "exact_given_dropped");
}

// A name without a comma has two readings; the pair is compared in the reading whose
// levels carry the most evidence, not the one whose weakest part is strongest.
TEST(CompareLevels, ANameIsReadTheWayThatAgreesMost) {
  const auto levels = [](const char* a, const char* b) {
    const Fields fa = {{CanonicalField::kFullName, a}}, fb = {{CanonicalField::kFullName, b}};
    return Level(Field::kGivenName, fa, fb) + " / " + Level(Field::kSurname, fa, fb);
  };
  // Given "antonio", surnames "ossa torres" (a slip for Sosa), not given "antonio ossa".
  EXPECT_EQ(levels("SOSA TORRES, ANTONIO", "Antonio Ossa Torres"), "exact / fuzzy");
  // Two given names that agree outweigh reading "keiner" as a crossed surname.
  EXPECT_EQ(levels("PEREZ, YORDAN KEINER", "Yordan Keiner Perez"), "exact / exact_one_missing");
}

// A name typed into given-name and surname columns may have a word in the other role's
// column; the pair is also compared with that word moved back (docs/linkage.md
// "Readings").
TEST(CompareLevels, ANameTypedInTheWrongColumnIsReadWithTheWordMovedBack) {
  const auto levels = [](Fields typed, const char* full) {
    const Fields other = {{CanonicalField::kFullName, full}};
    return Level(Field::kGivenName, typed, other) + " / " + Level(Field::kSurname, typed, other);
  };
  // The paternal surname typed among the given names, the maternal in its place.
  EXPECT_EQ(levels({{CanonicalField::kGivenNames, "Jose Jorge Morales"},
                    {CanonicalField::kSurname1, "Sosa"}},
                   "MORALES SOSA, JOSE JORGE"),
            "exact / both_exact");
  // A second given name typed as the paternal surname, the paternal as the maternal.
  EXPECT_EQ(levels({{CanonicalField::kGivenNames, "EDUAR"},
                    {CanonicalField::kSurname1, "JESÚS"},
                    {CanonicalField::kSurname2, "MORALES"}},
                   "MORALES GONZALEZ, EDUAR JESUS"),
            "exact / exact_one_missing");
  // A second given name in its own column stays a given name: nothing moves.
  EXPECT_EQ(levels({{CanonicalField::kGivenNames, "Jose Gregorio"},
                    {CanonicalField::kSurname1, "Perez"}},
                   "PEREZ LOPEZ, JOSE GREGORIO"),
            "exact / exact_one_missing");
  // And a plain surname in the surname column is not read as a given name.
  EXPECT_EQ(levels({{CanonicalField::kGivenNames, "Luis"},
                    {CanonicalField::kSurname1, "Perez"},
                    {CanonicalField::kSurname2, "Gomez"}},
                   "PEREZ GOMEZ, LUIS"),
            "exact / both_exact");
}

TEST(CompareLevels, Flights) {
  const auto flight = [](const char* a, const char* b) {
    return Level(Field::kFlight, {{CanonicalField::kFlight, a}}, {{CanonicalField::kFlight, b}});
  };
  // The number is the flight, whatever the carrier's code in front of it.
  EXPECT_EQ(flight("GlobalX 6143", "GXA6143"), "agree");
  EXPECT_EQ(flight("6143", "vuelo 6143"), "agree");
  EXPECT_EQ(flight("GXA6143", "GXA6144"), "disagree");
  EXPECT_EQ(flight("GXA6143", ""), "missing");
  EXPECT_EQ(flight("sin vuelo", "GXA6143"), "missing");  // no digits: nothing to compare
}

TEST(Compare, DifferentIdentifiersForbidALink) {
  const LinkSettings settings = DefaultLinkSettings();
  const LinkRecord a = PrepareTestRecord(
      1, 1, {{CanonicalField::kFullName, "Jose Perez"}, {CanonicalField::kNationalId, "12345678"}});
  const LinkRecord same = PrepareTestRecord(
      2, 2, {{CanonicalField::kFullName, "Jose Perez"}, {CanonicalField::kNationalId, "12345678"}});
  const LinkRecord typo = PrepareTestRecord(
      3, 2, {{CanonicalField::kFullName, "Jose Perez"}, {CanonicalField::kNationalId, "12345687"}});
  const LinkRecord other = PrepareTestRecord(
      4, 2, {{CanonicalField::kFullName, "Jose Perez"}, {CanonicalField::kNationalId, "55511122"}});
  EXPECT_FALSE(Compare(a, same, settings).cannot_link);
  EXPECT_FALSE(Compare(a, typo, settings).cannot_link);  // one edit: a typing error
  EXPECT_TRUE(Compare(a, other, settings).cannot_link);
  LinkSettings lenient = settings;
  lenient.national_id_cannot_link = false;
  EXPECT_FALSE(Compare(a, other, lenient).cannot_link);
}

TEST(Compare, FarApartBirthDatesForbidALinkOnlyWhenAsked) {
  LinkSettings settings = DefaultLinkSettings();
  const LinkRecord a = PrepareTestRecord(
      1, 1, {{CanonicalField::kFullName, "Ana Ruiz"}, {CanonicalField::kBirthDate, "1990-01-01"}});
  const LinkRecord b = PrepareTestRecord(
      2, 2, {{CanonicalField::kFullName, "Ana Ruiz"}, {CanonicalField::kBirthDate, "1970-01-01"}});
  EXPECT_FALSE(Compare(a, b, settings).cannot_link);
  settings.max_birth_year_gap = 5;
  EXPECT_TRUE(Compare(a, b, settings).cannot_link);
}

TEST(Compare, TheCacheChangesNothing) {
  const LinkSettings settings = DefaultLinkSettings();
  const std::vector<LinkRecord> records = {
      PrepareTestRecord(1, 1, {{CanonicalField::kFullName, "Jose Luis Perez Gonzalez"}}),
      PrepareTestRecord(2, 2, {{CanonicalField::kFullName, "Chuy Peres"}}),
      PrepareTestRecord(3, 3, {{CanonicalField::kFullName, "GONZALEZ PEREZ, JOSE"}}),
      PrepareTestRecord(4, 1, {{CanonicalField::kFullName, "Maria Eugenia Rodriguez"}})};
  NameLevelCache cache(8);
  for (int round = 0; round < 2; ++round) {
    for (const LinkRecord& a : records) {
      for (const LinkRecord& b : records) {
        EXPECT_EQ(Compare(a, b, settings, &cache).Pattern(), Compare(a, b, settings).Pattern());
        EXPECT_EQ(Compare(a, b, settings).Pattern(), Compare(b, a, settings).Pattern());
      }
    }
  }
  EXPECT_GT(cache.hits, 0);
  EXPECT_GT(cache.misses, 0);
}

// "gregorio" against "jose gregorio": the evidence is how rare Gregorio is, not Jose.
TEST(Comparison, TheSecondGivenNameAloneWeighsByItsOwnFrequency) {
  LinkRecord one = PrepareTestRecord(1, 1, {{CanonicalField::kFullName, "PEREZ, GREGORIO"}});
  LinkRecord two = PrepareTestRecord(2, 2, {{CanonicalField::kFullName, "PEREZ, JOSE GREGORIO"}});
  one.tf_given = 0.002f;   // gregorio
  two.tf_given = 0.08f;    // jose
  two.tf_given2 = 0.002f;  // gregorio
  const LinkSettings settings = DefaultLinkSettings();
  const Comparison c = Compare(one, two, settings);
  EXPECT_EQ(LevelNames(Field::kGivenName).at(c.level(Field::kGivenName)), "exact_given_dropped");
  EXPECT_FLOAT_EQ(c.tf_given, 0.002f);
  // "jose" against "jose gregorio" keeps the first given names' frequency.
  LinkRecord jose = PrepareTestRecord(3, 3, {{CanonicalField::kFullName, "PEREZ, JOSE"}});
  jose.tf_given = 0.08f;
  EXPECT_FLOAT_EQ(Compare(jose, two, settings).tf_given, 0.08f);
}

TEST(Comparison, PatternRoundTripsLevelsAndPairClass) {
  Comparison c;
  for (int f = 0; f < kFieldCount; ++f) c.levels[f] = static_cast<uint8_t>((f * 7) % 16);
  c.pair_class = 201;
  c.tf_given = 0.5f;
  c.cannot_link = true;
  const Comparison back = Comparison::FromPattern(c.Pattern());
  EXPECT_EQ(back.levels, c.levels);
  EXPECT_EQ(back.pair_class, 201);
  EXPECT_EQ(back.tf_given, 0.0f);  // not part of the pattern
  EXPECT_FALSE(back.cannot_link);
  EXPECT_EQ((c.Pattern() >> kPairClassShift) & 255, 201u);
}

TEST(PairClass, TriangularNumberingBothWays) {
  EXPECT_EQ(PairClassOf(0, 0), 0);
  EXPECT_EQ(PairClassOf(0, 1), 1);
  EXPECT_EQ(PairClassOf(1, 0), 1);
  EXPECT_EQ(PairClassOf(1, 1), 2);
  EXPECT_EQ(PairClassOf(0, 2), 3);
  std::set<uint8_t> seen;
  for (uint8_t hi = 0; hi < kIndexedSources; ++hi) {
    for (uint8_t lo = 0; lo <= hi; ++lo) {
      const uint8_t c = PairClassOf(lo, hi);
      EXPECT_NE(c, kNoPairClass);
      EXPECT_TRUE(seen.insert(c).second);
      EXPECT_EQ(SourceIndicesOf(c), std::make_pair(lo, hi));
    }
  }
  EXPECT_EQ(PairClassOf(0, kIndexedSources), kNoPairClass);
  EXPECT_EQ(SourceIndicesOf(kNoPairClass).first, kNoSourceIndex);
}

TEST(IdentifiersConflict, MoreThanOneEditBetweenTwoPresentIdentifiers) {
  EXPECT_FALSE(IdentifiersConflict("", "123"));
  EXPECT_FALSE(IdentifiersConflict("123456", "123456"));
  EXPECT_FALSE(IdentifiersConflict("123456", "123465"));
  EXPECT_FALSE(IdentifiersConflict("123456", "1234567"));
  EXPECT_TRUE(IdentifiersConflict("123456", "654321"));
  EXPECT_TRUE(IdentifiersConflict("123456", "12345678"));
}

TEST(TermFrequency, AppliesToNameAgreementOnly) {
  const auto& given = LevelNames(Field::kGivenName);
  const auto level_of = [](const std::vector<std::string_view>& names, std::string_view name) {
    return static_cast<uint8_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  EXPECT_TRUE(TermFrequencyApplies(Field::kGivenName, level_of(given, "exact")));
  EXPECT_TRUE(TermFrequencyApplies(Field::kGivenName, level_of(given, "fuzzy")));
  EXPECT_FALSE(TermFrequencyApplies(Field::kGivenName, level_of(given, "initial")));
  EXPECT_FALSE(TermFrequencyApplies(Field::kGivenName, level_of(given, "disagree")));
  const auto& surname = LevelNames(Field::kSurname);
  EXPECT_TRUE(TermFrequencyApplies(Field::kSurname, level_of(surname, "both_exact")));
  EXPECT_TRUE(TermFrequencyApplies(Field::kSurname, level_of(surname, "swapped")));
  EXPECT_FALSE(TermFrequencyApplies(Field::kSurname, level_of(surname, "initials")));
  EXPECT_FALSE(TermFrequencyApplies(Field::kBirthDate, 0));
}

TEST(LevelKind, OnlyPartialIdentifierLevelsAreTheirOwnKind) {
  const auto& id = LevelNames(Field::kANumber);
  for (uint8_t level = 0; level < id.size(); ++level) {
    const bool partial = id[level].starts_with("partial_");
    EXPECT_EQ(LevelKind(Field::kANumber, level), partial ? 1 : 0) << id[level];
    EXPECT_EQ(LevelKind(Field::kNationalId, level), partial ? 1 : 0) << id[level];
  }
  EXPECT_EQ(LevelKind(Field::kBirthDate, 3), 0);
}

TEST(DescribeField, ShowsTheValuesCompared) {
  const LinkRecord r = PrepareTestRecord(1, 1,
                                         {{CanonicalField::kFullName, "José Luis Pérez González"},
                                          {CanonicalField::kBirthDate, "1990-03-05"},
                                          {CanonicalField::kSex, "M"}});
  EXPECT_EQ(DescribeField(r, Field::kGivenName), "jose luis");
  EXPECT_EQ(DescribeField(r, Field::kSurname), "perez gonzalez");
  EXPECT_EQ(DescribeField(r, Field::kBirthDate), "1990-03-05");
  EXPECT_EQ(DescribeField(r, Field::kSex), "M");
  EXPECT_EQ(DescribeField(r, Field::kNationalId), "");
  const LinkRecord year = PrepareTestRecord(2, 1, {{CanonicalField::kBirthDate, "1990"}});
  EXPECT_EQ(DescribeField(year, Field::kBirthDate), "1990");
  const LinkRecord month = PrepareTestRecord(3, 1, {{CanonicalField::kBirthDate, "1990-03"}});
  EXPECT_EQ(DescribeField(month, Field::kBirthDate), "1990-03");
}

}  // namespace
}  // namespace habeas::link
