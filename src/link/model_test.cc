// The model's contracts that large runs rely on: FieldLevel() agrees with Compare(),
// WeightBoundWithoutNames() never falls below the real weight (pairs under the bound
// are not compared at 1M records), and the prior is a share of all record pairs.
#include "link/model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "link/compare.h"
#include "link/link_record.h"
#include "link/link_test_util.h"

namespace habeas::link {
namespace {

struct Row {
  const char* full_name;
  const char* birth_date;
  const char* age;
  const char* sex;
  const char* national_id;
  const char* a_number;
  const char* region;
  const char* postcode;
  int source;
};

// Namesakes, typos, swapped and dropped surnames, nicknames, initials, ages against
// dates, identifiers one edit apart or conflicting, missing fields.
const Row kRows[] = {
    {"Jose Luis Perez Gonzalez", "1994-03-15", "", "M", "24111222", "", "Zulia", "4001", 1},
    {"Pepe Luis Perez Gonzalez", "1994-03-15", "", "", "24111222", "201234567", "Zulia", "4002", 2},
    {"Jose Alberto Peres Gonzales", "1997-07-21", "", "M", "26333444", "", "Lara", "", 2},
    {"Perez Gonzalez Jose Luis", "", "30", "M", "", "201234567", "", "", 3},
    {"J. Perez", "1994", "", "", "24111223", "", "Zulia", "4001", 3},
    {"Maria de los Angeles Rodriguez", "1988-11-02", "", "F", "", "", "Caracas", "1010", 1},
    {"Maria Rodriguez Garcia", "1988-02-11", "", "F", "15000111", "", "Caracas", "1011", 4},
    {"Angeles Rodriguez", "", "36", "F", "", "", "", "", 5},
    {"Kelvin Atencio Jimenez", "2001-05", "", "M", "", "209999999", "Zulia", "", 2},
    {"Atencio Jimenez Kelvin", "2001", "", "", "", "209999998", "", "", 5},
    {"Carlos Gomez", "1975-12-31", "", "M", "9876543", "", "Merida", "5101", 1},
    {"Carlos Gomez", "1980-01-01", "", "M", "1234567", "", "Merida", "5101", 4},
};

std::vector<LinkRecord> Prepare() {
  RecordTable table;
  int64_t id = 0;
  for (const Row& row : kRows) {
    LinkRecord lr = testing::PrepareTestRecord(++id, row.source,
                                               {{CanonicalField::kFullName, row.full_name},
                                                {CanonicalField::kBirthDate, row.birth_date},
                                                {CanonicalField::kAge, row.age},
                                                {CanonicalField::kSex, row.sex},
                                                {CanonicalField::kNationalId, row.national_id},
                                                {CanonicalField::kANumber, row.a_number},
                                                {CanonicalField::kRegion, row.region},
                                                {CanonicalField::kPostcode, row.postcode}});
    table.records.push_back(std::move(lr));
  }
  for (const LinkRecord& r : table.records) AddNameToFrequencies(r, &table);
  ComputeTermFrequencies(&table);
  return table.records;
}

// A model trained on every pair of the rows (they are their own random sample).
Model Train(const std::vector<LinkRecord>& records, double total_pairs) {
  const LinkSettings settings = DefaultLinkSettings();
  std::vector<PatternCount> patterns;
  for (size_t i = 0; i < records.size(); ++i) {
    for (size_t j = i + 1; j < records.size(); ++j) {
      patterns.push_back({Compare(records[i], records[j], settings).Pattern(), 1.0, -1});
    }
  }
  Model model;
  model.EstimateU(patterns);
  model.set_tf(true, 6.0, {.given = 0.2, .surname = 0.2});
  model.EstimateM(patterns, 40, 0, total_pairs);
  return model;
}

TEST(ModelTest, EveryFieldsLevelsFitThePatternAndTheModel) {
  // A pattern holds a level in 4 bits, 15 meaning missing; the model's arrays are sized
  // for that (a level past them once wrote over the next field's weights).
  for (int f = 0; f < kFieldCount; ++f) {
    EXPECT_LT(LevelNames(static_cast<Field>(f)).size(), size_t{kMissingLevel})
        << FieldName(static_cast<Field>(f));
  }
}

TEST(ModelTest, AMaternalSurnameVariantIsItsOwnLevel) {
  const LinkSettings settings = DefaultLinkSettings();
  const LinkRecord a = testing::PrepareTestRecord(
      1, 1, {{CanonicalField::kFullName, "PAREDES GONZALEZ, JOSE GREGORIO"}});
  const LinkRecord b = testing::PrepareTestRecord(
      2, 2, {{CanonicalField::kFullName, "JOSE GREGORIO PAREDES GOSNLAES"}});
  const LinkRecord c = testing::PrepareTestRecord(
      3, 2, {{CanonicalField::kFullName, "JOSE GREGORIO PAREDES MARTINEZ"}});
  const auto& levels = LevelNames(Field::kSurname);
  const uint8_t variant = Compare(a, b, settings).level(Field::kSurname);
  const uint8_t conflict = Compare(a, c, settings).level(Field::kSurname);
  ASSERT_LT(variant, levels.size());
  ASSERT_LT(conflict, levels.size());
  EXPECT_NE(levels[variant], "maternal_conflict");
  EXPECT_EQ(levels[conflict], "maternal_conflict");
}

TEST(ModelTest, ARedactedIdentifierComparesOnItsVisibleDigitsAndNeverForbidsAJoin) {
  const LinkSettings settings = DefaultLinkSettings();
  const LinkRecord manifest = testing::PrepareTestRecord(
      1, 1, {{CanonicalField::kFullName, "PAREDES, JOSE"}, {CanonicalField::kANumber, "201234435"}});
  const LinkRecord court = testing::PrepareTestRecord(
      2, 2, {{CanonicalField::kFullName, "Jose Paredes"}, {CanonicalField::kANumber, "******435"}});
  const LinkRecord other = testing::PrepareTestRecord(
      3, 2, {{CanonicalField::kFullName, "Jose Paredes"}, {CanonicalField::kANumber, "******999"}});
  const auto& levels = LevelNames(Field::kANumber);
  const Comparison agree = Compare(manifest, court, settings);
  const Comparison disagree = Compare(manifest, other, settings);
  EXPECT_EQ(levels[agree.level(Field::kANumber)], "partial_agree");
  EXPECT_EQ(levels[disagree.level(Field::kANumber)], "partial_disagree");
  EXPECT_FALSE(disagree.cannot_link);
  EXPECT_EQ(levels[Compare(court, court, settings).level(Field::kANumber)], "partial_agree");
  // Never a whole identifier: "435" must not block or join with an A-number 435.
  EXPECT_TRUE(court.a_number.empty());
}

TEST(ModelTest, ThatAnIdentifierWasRedactedIsNotEvidence) {
  // Random pairs: 95 of every 100 compare two whole A-numbers, 5 a redacted one (all
  // disagree). Candidate matches are all court × manifest pairs (redacted); before m and
  // u were taken within a kind of comparison, "partial" itself weighed +3.8 bits and a
  // disagreeing tail came out as evidence *for* a match.
  const Field field = Field::kANumber;
  const auto& names = LevelNames(field);
  auto level = [&](std::string_view name) {
    return static_cast<uint8_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  auto pattern = [&](uint8_t a_number_level, uint8_t given_level) {
    uint64_t p = ~uint64_t{0} >> (64 - 4 * kFieldCount);  // every field missing
    auto set = [&](Field f, uint8_t l) {
      p &= ~(uint64_t{15} << (4 * static_cast<int>(f)));
      p |= uint64_t{l} << (4 * static_cast<int>(f));
    };
    set(field, a_number_level);
    set(Field::kGivenName, given_level);
    return p;
  };
  Model model;
  model.EstimateU({{pattern(level("disagree"), 7), 95}, {pattern(level("partial_disagree"), 7), 5}});
  EXPECT_GT(model.u(field, level("partial_disagree")), 0.8);
  model.EstimateM({{pattern(level("partial_agree"), 0), 40},
                   {pattern(level("partial_disagree"), 0), 1},
                   {pattern(level("disagree"), 7), 1000}},
                  50, 0, 2000);
  EXPECT_LT(model.LevelWeight(field, level("partial_disagree")), -2.0);
  EXPECT_GT(model.LevelWeight(field, level("partial_agree")), 2.0);
}

TEST(ModelTest, EachPairOfListsHasItsOwnPrior) {
  // Sources 10 (a manifest) and 20 (a leak copied from it) and 30 (a list without
  // duplicates): manifest × leak pairs are often matches, leak × leak pairs never.
  // Level 0 (agree) or 7 (disagree) of given name, surname and birth date alike.
  auto pattern = [](uint8_t level, uint8_t pair_class) {
    uint64_t p = ~uint64_t{0} >> (64 - 4 * kFieldCount);  // every field missing
    for (Field f : {Field::kGivenName, Field::kSurname, Field::kBirthDate}) {
      p &= ~(uint64_t{15} << (4 * static_cast<int>(f)));
      p |= uint64_t{level} << (4 * static_cast<int>(f));
    }
    return p | static_cast<uint64_t>(pair_class) << kPairClassShift;
  };
  const uint8_t manifest_leak = PairClassOf(0, 1);
  const uint8_t leak_leak = PairClassOf(1, 1);
  const uint8_t manifest_other = PairClassOf(0, 2);
  EXPECT_EQ(SourceIndicesOf(manifest_leak), std::make_pair(uint8_t{0}, uint8_t{1}));
  EXPECT_EQ(SourceIndicesOf(leak_leak), std::make_pair(uint8_t{1}, uint8_t{1}));
  Model model;
  model.EstimateU({{pattern(0, kNoPairClass), 1}, {pattern(7, kNoPairClass), 999}});
  PairClassTotals classes;
  classes.source_ids = {10, 20, 30};
  classes.pairs[manifest_leak] = 1000 * 500;
  classes.pairs[leak_leak] = 500 * 499 / 2;
  classes.pairs[manifest_other] = 1000 * 300;
  model.EstimateM({{pattern(0, manifest_leak), 400},
                   {pattern(7, manifest_leak), 2000},
                   {pattern(0, leak_leak), 2},
                   {pattern(7, leak_leak), 3000},
                   {pattern(0, manifest_other), 40},
                   {pattern(7, manifest_other), 2000}},
                  50, 0, 1800.0 * 1799 / 2, &classes);
  // 400 matches among 500,000 pairs against 442 among 1.6M overall; the 2 leak × leak
  // matches are shrunk towards the overall share (kPriorPseudoMatches).
  EXPECT_NEAR(model.prior(manifest_leak), 400.0 / 500000, 1e-4);
  EXPECT_GT(model.prior(manifest_leak), 2 * model.prior());
  EXPECT_LT(model.prior(leak_leak), model.prior() / 2);
  EXPECT_EQ(model.prior(kNoPairClass), model.prior());

  // Saved by source: a later run whose sources are indexed otherwise (a new source 5
  // sorts first) finds each pair's prior, and a pair it never saw takes the overall one.
  Result<Model> loaded =
      Model::FromJson(model.ToJson(names::NameFrequencies(), 0, 0, "2026-12-05T00:00:00Z"),
                      nullptr, nullptr, nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  loaded->BindSources({5, 10, 20, 30});
  EXPECT_DOUBLE_EQ(loaded->prior(PairClassOf(1, 2)), model.prior(manifest_leak));
  EXPECT_DOUBLE_EQ(loaded->prior(PairClassOf(2, 2)), model.prior(leak_leak));
  EXPECT_DOUBLE_EQ(loaded->prior(PairClassOf(0, 1)), loaded->prior());
}

// A record whose birth date did not parse: the import left the field empty and kept the
// text in the notes (record.h UnparsedField).
LinkRecord WithUnparsedDate(int64_t id, const char* text) {
  RecordData r;
  r.id = id;
  r.source_id = id;
  r.field(CanonicalField::kFullName) = "Jose Paredes";
  r.notes_json = nlohmann::json::array({{{"field", "birth_date"},
                                         {"column", "date_of_birth"},
                                         {"unparsed", text},
                                         {"message", "test"}}})
                     .dump();
  LinkRecord lr;
  PrepareLinkRecord(r, 2025, &lr, 3, 15);
  return lr;
}

TEST(ModelTest, AnUnparsedDateComparesAsDigits) {
  const LinkRecord dated = testing::PrepareTestRecord(
      1, 1, {{CanonicalField::kFullName, "Jose Paredes"}, {CanonicalField::kBirthDate, "1945-04-03"}});
  const auto& levels = LevelNames(Field::kBirthDate);
  auto level = [&](const LinkRecord& a, const LinkRecord& b) -> std::string_view {
    const uint8_t l = FieldLevel(a, b, Field::kBirthDate);
    EXPECT_EQ(l, Compare(a, b, DefaultLinkSettings()).level(Field::kBirthDate));
    return l == kMissingLevel ? "missing" : levels[l];
  };
  EXPECT_EQ(WithUnparsedDate(2, "19450493").unparsed_date_digits(), "19450493");
  EXPECT_EQ(level(dated, WithUnparsedDate(2, "19450493")), "one_part_differs");  // YYYYMMDD
  EXPECT_EQ(level(dated, WithUnparsedDate(3, "03/04/1954")), "one_part_differs");  // DDMMYYYY
  EXPECT_EQ(level(dated, WithUnparsedDate(4, "1945 04 03")), "exact");
  EXPECT_EQ(level(dated, WithUnparsedDate(5, "19881231")), "missing");  // says nothing
  EXPECT_EQ(level(WithUnparsedDate(6, "19450493"), WithUnparsedDate(7, "19450493")), "exact");
  EXPECT_EQ(level(WithUnparsedDate(6, "19450493"), WithUnparsedDate(8, "19450439")),
            "one_part_differs");
  EXPECT_EQ(WithUnparsedDate(9, "12").date_digit_count, 0);  // too few digits for a date
  EXPECT_EQ(DescribeField(WithUnparsedDate(2, "19450493"), Field::kBirthDate),
            "19450493 (unparsed)");
}

TEST(ModelTest, FieldLevelAgreesWithCompare) {
  const std::vector<LinkRecord> records = Prepare();
  const LinkSettings settings = DefaultLinkSettings();
  for (size_t i = 0; i < records.size(); ++i) {
    for (size_t j = 0; j < records.size(); ++j) {
      const Comparison c = Compare(records[i], records[j], settings);
      for (int f = static_cast<int>(Field::kBirthDate); f < kFieldCount; ++f) {
        EXPECT_EQ(FieldLevel(records[i], records[j], static_cast<Field>(f)), c.levels[f])
            << "records " << i << ", " << j << ", field " << FieldName(static_cast<Field>(f));
      }
    }
  }
}

TEST(ModelTest, WeightBoundWithoutNamesIsAnUpperBound) {
  const std::vector<LinkRecord> records = Prepare();
  const LinkSettings settings = DefaultLinkSettings();
  for (double total_pairs : {66.0, 1e6, 5e11}) {
    const Model model = Train(records, total_pairs);
    for (size_t i = 0; i < records.size(); ++i) {
      for (size_t j = i + 1; j < records.size(); ++j) {
        const double weight = model.Weight(Compare(records[i], records[j], settings));
        EXPECT_GE(model.WeightBoundWithoutNames(records[i], records[j]), weight - 1e-9)
            << "records " << i << ", " << j << " with " << total_pairs << " record pairs";
      }
    }
  }
}

TEST(ModelTest, PriorIsAShareOfAllRecordPairs) {
  const std::vector<LinkRecord> records = Prepare();
  const double candidates = static_cast<double>(records.size() * (records.size() - 1) / 2);
  double previous = 1;
  // The same candidate pairs drawn from ever larger populations: the prior can never
  // exceed candidates / all pairs, and it falls as the population grows (until the
  // evidence of these few pairs no longer outweighs it and it reaches its floor).
  for (double total_pairs : {candidates, 1e3, 1e4, 1e6, 1e9}) {
    const Model model = Train(records, total_pairs);
    EXPECT_LE(model.prior(), candidates / total_pairs + 1e-12) << total_pairs;
    if (previous > 1e-12) {
      EXPECT_LT(model.prior(), previous) << total_pairs;
    } else {
      EXPECT_LE(model.prior(), previous) << total_pairs;
    }
    previous = model.prior();
  }
}

std::string_view SurnameLevel(const char* a, const char* b) {
  const Comparison c = Compare(testing::PrepareTestRecord(1, 1, {{CanonicalField::kFullName, a}}),
                               testing::PrepareTestRecord(2, 2, {{CanonicalField::kFullName, b}}),
                               DefaultLinkSettings());
  const uint8_t level = c.level(Field::kSurname);
  return level == kMissingLevel ? "missing" : LevelNames(Field::kSurname)[level];
}

TEST(ModelTest, AFullSurnameSwapIsNotADroppedSurname) {
  // Both surnames in crossed order agree on two surnames; a dropped paternal surname
  // on one. EM learns them apart.
  EXPECT_EQ(SurnameLevel("PIRELA RAMOS, LUIS", "Ramos Pirela Luis"), "swapped");
  EXPECT_EQ(SurnameLevel("PIRELA RAMOS, LUIS", "Luis Ramos"), "dropped_or_crossed");
  EXPECT_EQ(SurnameLevel("PIRELA RAMOS, LUIS", "Luis Pirela Ramos"), "both_exact");
  EXPECT_EQ(SurnameLevel("PIRELA RAMOS, LUIS", "Luis Pirela"), "exact_one_missing");
}

TEST(ModelTest, ASurnameSwapTakesTheTermFrequencyAndADropDoesNot) {
  // Swapped common surnames are weak evidence, as both_exact on them is: the swap gets
  // the (larger) paternal-surname frequency of the two records; a dropped surname none.
  LinkRecord a =
      testing::PrepareTestRecord(1, 1, {{CanonicalField::kFullName, "PIRELA RAMOS, LUIS"}});
  LinkRecord swapped =
      testing::PrepareTestRecord(2, 2, {{CanonicalField::kFullName, "Ramos Pirela Luis"}});
  LinkRecord dropped =
      testing::PrepareTestRecord(3, 3, {{CanonicalField::kFullName, "Luis Ramos"}});
  a.tf_surname = 0.01f;
  swapped.tf_surname = 0.02f;
  dropped.tf_surname = 0.02f;
  const LinkSettings settings = DefaultLinkSettings();
  EXPECT_FLOAT_EQ(Compare(a, swapped, settings).tf_surname, 0.02f);
  EXPECT_EQ(Compare(a, dropped, settings).tf_surname, 0.0f);
}

TEST(ModelTest, BothSurnamesAgreeingWeighTheRarityOfEach) {
  // "Gonzalez Guanipa" agreeing is stronger evidence than "Gonzalez Gonzalez": the
  // maternal surname's frequency adjusts the weight when both surnames agree (both exact:
  // the shared word; crossed: the rarer, as the paternal adjustment took the commoner).
  auto record = [](int64_t id, const char* name, float tf1, float tf2) {
    LinkRecord r = testing::PrepareTestRecord(id, id, {{CanonicalField::kFullName, name}});
    r.tf_surname = tf1;
    r.tf_surname2 = tf2;
    return r;
  };
  const LinkRecord rare_a = record(1, "GONZALEZ GUANIPA, CESAR", 0.05f, 0.0005f);
  const LinkRecord rare_b = record(2, "Cesar Gonzalez Guanipa", 0.05f, 0.0005f);
  const LinkRecord common_a = record(3, "GONZALEZ GONZALEZ, CESAR", 0.05f, 0.05f);
  const LinkRecord common_b = record(4, "Cesar Gonzalez Gonzalez", 0.05f, 0.05f);
  const LinkRecord crossed = record(5, "Cesar Guanipa Gonzalez", 0.0005f, 0.05f);
  const LinkRecord dropped = record(6, "Cesar Gonzalez", 0.05f, 0.0f);
  const LinkSettings settings = DefaultLinkSettings();
  EXPECT_FLOAT_EQ(Compare(rare_a, rare_b, settings).tf_surname2, 0.0005f);
  EXPECT_FLOAT_EQ(Compare(rare_a, crossed, settings).tf_surname2, 0.0005f);
  EXPECT_FLOAT_EQ(Compare(rare_a, crossed, settings).tf_surname, 0.05f);
  EXPECT_EQ(Compare(rare_a, dropped, settings).tf_surname2, 0.0f);

  Model model;
  model.set_tf(true, 6.0, {.given = 0.01, .surname = 0.01, .surname2 = 0.005});
  const double rare = model.Weight(Compare(rare_a, rare_b, settings));
  const double common = model.Weight(Compare(common_a, common_b, settings));
  // log2(0.005 / 0.0005) - log2(0.005 / 0.05): ten times rarer and ten times commoner.
  EXPECT_NEAR(rare - common, 2 * std::log2(10.0), 1e-4);
  // A model saved before the maternal adjustment (mean 0) weighs both alike.
  model.set_tf(true, 6.0, {.given = 0.01, .surname = 0.01});
  EXPECT_NEAR(model.Weight(Compare(rare_a, rare_b, settings)),
              model.Weight(Compare(common_a, common_b, settings)), 1e-9);
}

TEST(ModelTest, ARareSecondGivenNameAddsItsOwnEvidence) {
  // "Yordan Keiner" against "Yordan Keiner": the rarity of both given names counts; a
  // common second name ("Jose") counts less; one side without a second name, nothing.
  auto record = [](int64_t id, const char* name, float tf2) {
    LinkRecord r = testing::PrepareTestRecord(id, id, {{CanonicalField::kFullName, name}});
    r.tf_given = 0.01f;
    r.tf_given2 = tf2;
    return r;
  };
  const LinkRecord rare_a = record(1, "PEREZ, YORDAN KEINER", 0.0005f);
  const LinkRecord rare_b = record(2, "Yordan Keiner Perez", 0.0005f);
  const LinkRecord typo_b = record(3, "Yordan Keinner Perez", 0.00001f);
  const LinkRecord common_a = record(4, "PEREZ, YORDAN JOSE", 0.05f);
  const LinkRecord common_b = record(5, "Yordan Jose Perez", 0.05f);
  const LinkRecord single = record(6, "Yordan Perez", 0.0f);
  const LinkSettings settings = DefaultLinkSettings();
  EXPECT_FLOAT_EQ(Compare(rare_a, rare_b, settings).tf_given2, 0.0005f);
  // A typo is rare; the name it misspells is not: the more common spelling counts.
  EXPECT_FLOAT_EQ(Compare(rare_a, typo_b, settings).tf_given2, 0.0005f);
  EXPECT_EQ(Compare(rare_a, single, settings).tf_given2, 0.0f);

  Model model;
  // An agreeing second name adds log2(kSecondGivenAgreement / its share), capped.
  model.set_tf(true, 12.0, {.given = 0.01, .given2 = 0.005, .surname = 0.01});
  const double rare = model.Weight(Compare(rare_a, rare_b, settings));
  const double common = model.Weight(Compare(common_a, common_b, settings));
  EXPECT_NEAR(rare - common, std::log2(0.05 / 0.0005), 1e-4);
  model.set_tf(true, 6.0, {.given = 0.01, .given2 = 0.005, .surname = 0.01});
  EXPECT_NEAR(model.Weight(Compare(rare_a, rare_b, settings)) -
                  model.Weight(Compare(common_a, common_b, settings)),
              6.0 - std::log2(kSecondGivenAgreement / 0.05), 1e-4);
  // A second name nearly everyone shares adds nothing, and never counts against.
  LinkRecord everyone_a = common_a, everyone_b = common_b;
  everyone_a.tf_given2 = everyone_b.tf_given2 = 0.9f;
  LinkRecord no_second_a = common_a, no_second_b = common_b;
  no_second_a.tf_given2 = no_second_b.tf_given2 = 0.0f;
  EXPECT_NEAR(model.Weight(Compare(everyone_a, everyone_b, settings)),
              model.Weight(Compare(no_second_a, no_second_b, settings)), 1e-9);
  // A model saved before the second given name's adjustment (mean 0) weighs both alike.
  model.set_tf(true, 6.0, {.given = 0.01, .surname = 0.01});
  EXPECT_NEAR(model.Weight(Compare(rare_a, rare_b, settings)),
              model.Weight(Compare(common_a, common_b, settings)), 1e-9);
}

// A typo is a spelling seen once, not a rare name: "Gonzlaez" weighs as "Gonzalez" does.
// And `habeas explain`, which reads the words from the saved model, weighs it as the link
// did (the model keeps the words seen at least twice; the sounds are counted from those).
TEST(ModelTest, ATypoIsAsCommonAsTheNameItMisspellsInTheLinkAndInTheSavedModel) {
  RecordTable table;
  int64_t id = 0;
  auto add = [&](const char* name) {
    table.records.push_back(
        testing::PrepareTestRecord(++id, 1, {{CanonicalField::kFullName, name}}));
  };
  for (int i = 0; i < 12; ++i) add("GONZALEZ PEREZ, JOSE");
  for (int i = 0; i < 3; ++i) add("ZAMBRANO OCHOA, LUIS");
  add("GONZLAEZ PEREZ, JOSE");   // [15] the typo
  add("QUINTERO LUGO, YORBIS");  // [16] rare, each word seen once
  for (const LinkRecord& r : table.records) AddNameToFrequencies(r, &table);
  ComputeTermFrequencies(&table);
  const LinkRecord& common = table.records[0];
  const LinkRecord& typo = table.records[15];
  const LinkRecord& rare = table.records[16];
  EXPECT_FLOAT_EQ(typo.tf_surname, common.tf_surname) << "one sound";
  EXPECT_GT(typo.tf_surname, 3 * table.records[12].tf_surname) << "commoner than Zambrano";
  EXPECT_FLOAT_EQ(rare.tf_surname, 1.0f / table.surname_total) << "seen once, its own share";

  const Model model = Train(table.records, 200);
  names::NameFrequencies saved;
  uint64_t given_total = 0, surname_total = 0;
  auto loaded = Model::FromJson(
      model.ToJson(table.frequencies, table.given_total, table.surname_total, "now"), &saved,
      &given_total, &surname_total);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  for (const size_t k : {size_t{0}, size_t{12}, size_t{15}, size_t{16}}) {
    RecordTable explained;  // as ExplainPair builds it: the pair's records, the model's words
    explained.frequencies = saved;
    explained.given_total = given_total;
    explained.surname_total = surname_total;
    explained.records.push_back(table.records[k]);
    ComputeTermFrequencies(&explained);
    const LinkRecord& r = explained.records.front();
    EXPECT_FLOAT_EQ(r.tf_given, table.records[k].tf_given) << k;
    EXPECT_FLOAT_EQ(r.tf_surname, table.records[k].tf_surname) << k;
    EXPECT_FLOAT_EQ(r.tf_surname2, table.records[k].tf_surname2) << k;
  }
}

TEST(ModelTest, ReadsAModelSavedBeforeTheSwapLevelWasSplit) {
  // Levels are read by name: "swapped_or_dropped" gives its m and u to both halves,
  // and the levels after it keep their own values although their index moved.
  const std::string json = R"({"format": "habeas-link-model", "format_version": 1,
    "prior": 0.001, "fields": [{"field": "surname", "levels": [
      {"level": "both_exact", "m": 0.6, "u": 0.0005},
      {"level": "exact_one_missing", "m": 0.15, "u": 0.005},
      {"level": "phonetic", "m": 0.08, "u": 0.0006},
      {"level": "fuzzy", "m": 0.07, "u": 0.0005},
      {"level": "swapped_or_dropped", "m": 0.04, "u": 0.005},
      {"level": "initials", "m": 0.005, "u": 0.0025},
      {"level": "maternal_conflict", "m": 0.0015, "u": 0.0175},
      {"level": "fuzzy_low", "m": 0.003, "u": 0.0014},
      {"level": "disagree", "m": 0.0006, "u": 0.966}]}]})";
  Result<Model> model = Model::FromJson(json, nullptr, nullptr, nullptr);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  const auto& names = LevelNames(Field::kSurname);
  auto weight = [&](std::string_view level) {
    const auto it = std::find(names.begin(), names.end(), level);
    EXPECT_NE(it, names.end()) << level;
    return model->LevelWeight(Field::kSurname, static_cast<uint8_t>(it - names.begin()));
  };
  EXPECT_NEAR(weight("swapped"), std::log2(0.04 / 0.005), 1e-9);
  EXPECT_NEAR(weight("dropped_or_crossed"), std::log2(0.04 / 0.005), 1e-9);
  EXPECT_NEAR(weight("initials"), std::log2(0.005 / 0.0025), 1e-9);
  EXPECT_NEAR(weight("disagree"), std::log2(0.0006 / 0.966), 1e-9);
}

TEST(ModelTest, IdentifiersOneEditApartAreNotAConflict) {
  EXPECT_FALSE(IdentifiersConflict("24111222", "24111223"));  // one substitution
  EXPECT_FALSE(IdentifiersConflict("24111222", "24112122"));  // adjacent transposition
  EXPECT_FALSE(IdentifiersConflict("24111222", "2411222"));   // one deletion
  EXPECT_TRUE(IdentifiersConflict("24111222", "24211122"));   // two substitutions
  EXPECT_TRUE(IdentifiersConflict("24111222", "26333444"));   // different
  EXPECT_TRUE(IdentifiersConflict("24111222", "241112"));     // two deletions
  EXPECT_FALSE(IdentifiersConflict("", "26333444"));          // missing is not a conflict
}

}  // namespace
}  // namespace habeas::link
