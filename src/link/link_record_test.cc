// How records are read for linkage: a full name whose reading depends on which of its
// words are given names is read again with the roles the store's own lists teach.
#include "link/link_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "link/model.h"

namespace habeas::link {
namespace {

// Prepares a record into `table` as LoadRecordTable does (ambiguous names kept aside).
void Add(RecordTable* table, int64_t source,
         std::initializer_list<std::pair<CanonicalField, const char*>> fields) {
  RecordData r;
  r.id = static_cast<int64_t>(table->records.size()) + 1;
  r.source_id = source;
  for (const auto& [field, value] : fields) r.field(field) = value;
  table->records.emplace_back();
  table->loaded_names.emplace_back();
  PrepareLinkRecord(r, 2025, &table->records.back(), 3, 15, nullptr, &table->loaded_names.back());
}

// A manifest of comma names ("HEREDIA SUAREZ, MAIKEL"): words whose roles they give.
// Neither "heredia" nor "maikel" is in the built-in priors.
RecordTable TableWithCommaNames(int copies) {
  RecordTable table;
  const char* const kNames[] = {"HEREDIA SUAREZ, MAIKEL", "HEREDIA LOPEZ, MAIKEL JOSE",
                                "PEREZ HEREDIA, MAIKEL", "SUAREZ MORA, LUIS MAIKEL"};
  for (int i = 0; i < copies; ++i) {
    for (const char* name : kNames) Add(&table, 1, {{CanonicalField::kFullName, name}});
  }
  return table;
}

void AddNgo(RecordTable* table) {
  Add(table, 2, {{CanonicalField::kFullName, "Heredia Suarez Maikel"}});
}

TEST(LinkRecordTest, AmbiguousNamesAreReadWithTheRolesTheCommaNamesTeach) {
  RecordTable table = TableWithCommaNames(10);
  AddNgo(&table);
  // Read with the built-in priors alone, the three unknown words fall to the form prior,
  // which favours given names first.
  const LinkRecord& before = table.records.back();
  ASSERT_EQ(table.loaded_names.back().ambiguous, "Heredia Suarez Maikel");
  EXPECT_TRUE(table.loaded_names.front().ambiguous.empty());
  ASSERT_EQ(before.name.given.size(), 1u);
  EXPECT_EQ(before.name.given.front().folded, "heredia");
  EXPECT_TRUE(table.loaded_names.front().roles_known);
  EXPECT_FALSE(table.loaded_names.back().roles_known);

  ReadNamesWithRoles(&table, 2);
  const LinkRecord& after = table.records.back();
  ASSERT_EQ(after.name.given.size(), 1u);
  EXPECT_EQ(after.name.given.front().folded, "maikel");
  EXPECT_EQ(after.name.surname1.folded, "heredia");
  EXPECT_EQ(after.name.surname2.folded, "suarez");
  EXPECT_TRUE(table.loaded_names.empty());
  EXPECT_EQ(table.roles.CountsOf("maikel").as_given, 40u);
  EXPECT_EQ(table.roles.CountsOf("heredia").as_surname, 30u);
  // The blocking keys follow the new reading: the given-name key is the comma names'.
  EXPECT_EQ(after.given_key, table.records.front().given_key);
  EXPECT_EQ(after.surname1_key, table.records.front().surname1_key);
}

TEST(LinkRecordTest, StructuredNamesTeachRolesAndAmbiguousNamesDoNot) {
  RecordTable table;
  for (int i = 0; i < 30; ++i) {
    Add(&table, 1,
        {{CanonicalField::kGivenNames, "Maikel"},
         {CanonicalField::kSurname1, "Heredia"},
         {CanonicalField::kSurname2, "Suarez"}});
    // Read given-first with the built-in priors: had they counted, "heredia" would
    // count as a given name as often as the family reports count it as a surname.
    AddNgo(&table);
  }
  ReadNamesWithRoles(&table, 1);
  EXPECT_EQ(table.roles.CountsOf("heredia").as_given, 0u);
  EXPECT_EQ(table.roles.CountsOf("heredia").as_surname, 30u);
  EXPECT_EQ(table.records.back().name.given.front().folded, "maikel");
}

// Names typed into columns get a second reading only where a word's role says it sits in
// the wrong column: by the built-in roles at once, by the store's own once they are known.
TEST(LinkRecordTest, TypedNamesGetTheReadingWithAWordMovedToItsRole) {
  RecordTable table;
  // "cordero" is in no built-in table; these comma names teach that it is a surname.
  for (int i = 0; i < 5; ++i) Add(&table, 1, {{CanonicalField::kFullName, "CORDERO LUGO, JUAN"}});
  const size_t first = table.records.size();
  Add(&table, 2, {{CanonicalField::kGivenNames, "Jose Jorge Cordero"},
                  {CanonicalField::kSurname1, "Sosa"}});
  Add(&table, 2, {{CanonicalField::kGivenNames, "Jose Jorge Morales"},
                  {CanonicalField::kSurname1, "Sosa"}});
  Add(&table, 2, {{CanonicalField::kGivenNames, "Yulimar"},
                  {CanonicalField::kSurname1, "del Valle"},
                  {CanonicalField::kSurname2, "Pérez"}});
  Add(&table, 2, {{CanonicalField::kGivenNames, "Jose Gregorio"},
                  {CanonicalField::kSurname1, "Sosa"}});
  Add(&table, 2, {{CanonicalField::kGivenNames, "Luis"},
                  {CanonicalField::kSurname1, "Perez"},
                  {CanonicalField::kSurname2, "Gomez"}});
  const auto reading = [&](size_t i) {
    const names::PreparedName& n = table.records[first + i].alt_name;
    if (n.empty()) return std::string("none");
    return n.given_joined + " | " + n.surname1.particles +
           (n.surname1.particles.empty() ? "" : " ") + n.surname1.folded + " | " +
           n.surname2.folded;
  };
  EXPECT_EQ(reading(0), "none");  // "cordero": unknown to the built-in roles
  EXPECT_EQ(reading(1), "jose jorge | morales | sosa");
  EXPECT_EQ(reading(2), "yulimar del valle | perez | ");
  EXPECT_EQ(reading(3), "none");  // "gregorio" is a given name
  EXPECT_EQ(reading(4), "none");  // "perez" is a surname
  // A manifest files a given name's tail as the paternal surname behind a comma too.
  // "frainer" is in no built-in table; the columns below teach that it is a given name.
  for (int i = 0; i < 5; ++i) {
    Add(&table, 2, {{CanonicalField::kGivenNames, "Frainer"}, {CanonicalField::kSurname1, "Lugo"}});
  }
  Add(&table, 3, {{CanonicalField::kFullName, "FRAINER GARCIA, JOSE"}});
  const size_t comma = table.records.size() - 1 - first;
  EXPECT_EQ(reading(comma), "none");
  // "carlos" is a given name to the built-in table too, so the parser doubts the comma.
  Add(&table, 3, {{CanonicalField::kFullName, "CARLOS LOPEZ, EDUAR"}});
  const size_t doubted = table.records.size() - 1 - first;
  ReadNamesWithRoles(&table, 2);
  EXPECT_EQ(reading(comma), "jose frainer | garcia | ");
  EXPECT_EQ(reading(doubted), "eduar carlos | lopez | ");
  EXPECT_EQ(reading(0), "jose jorge | cordero | sosa");
  EXPECT_TRUE(table.records[first].has_alt_keys());
  EXPECT_EQ(reading(1), "jose jorge | morales | sosa");
  EXPECT_EQ(reading(3), "none");
}

TEST(LinkRecordTest, ExplainReadsANameAsTheLinkRunDid) {
  RecordTable table = TableWithCommaNames(10);
  AddNgo(&table);
  ReadNamesWithRoles(&table, 1);
  // The run saves its roles with the model; explain prepares a record with them.
  const Model model;
  names::NameFrequencies roles;
  ASSERT_TRUE(Model::FromJson(model.ToJson(table.frequencies, 0, 0, "now", &table.roles), nullptr,
                              nullptr, nullptr, &roles)
                  .ok());
  EXPECT_EQ(roles.CountsOf("maikel").as_given, 40u);
  const StoreNameRoles parser(roles);
  RecordData r;
  r.id = 1000;
  r.source_id = 2;
  r.field(CanonicalField::kFullName) = "Heredia Suarez Maikel";
  LinkRecord explained;
  LoadedName loaded;
  PrepareLinkRecord(r, 2025, &explained, 3, 15, &parser, &loaded);
  EXPECT_EQ(loaded.ambiguous, "Heredia Suarez Maikel");  // read with the roles all the same
  EXPECT_EQ(explained.name.given.front().folded, "maikel");
  EXPECT_EQ(explained.given_key, table.records.back().given_key);
  EXPECT_EQ(explained.signature, table.records.back().signature);
}

// The words of a reading, "given | surname1 | surname2".
std::string Reading(const LinkRecord& r) {
  std::string out;
  for (const names::PreparedWord& w : r.name.given) out += (out.empty() ? "" : " ") + w.folded;
  return out + " | " + r.name.surname1.folded + " | " + r.name.surname2.folded;
}

TEST(LinkRecordTest, WordsTypedWithoutTheirSpaceAreReadAsTheWordsTheStoreHolds) {
  RecordTable table = TableWithCommaNames(10);  // maikel, heredia, suarez ... 10+ times each
  Add(&table, 2, {{CanonicalField::kFullName, "Maikelheredia Suarez"}});
  Add(&table, 2, {{CanonicalField::kFullName, "HEREDIASUAREZ, MAIKEL"}});
  Add(&table, 2, {{CanonicalField::kFullName, "Maikel Herediamora"}});  // "mora" 10 times
  // A rare word whose parts are not both common, and a word the lists hold often.
  Add(&table, 2, {{CanonicalField::kFullName, "Maikel Heredialuz Suarez"}});
  Add(&table, 2, {{CanonicalField::kFullName, "Maikel Heredia Suarez"}});
  const size_t n = table.records.size();
  EXPECT_EQ(Reading(table.records[n - 5]), "maikelheredia | suarez | ");
  ReadNamesWithRoles(&table, 2);
  EXPECT_EQ(Reading(table.records[n - 5]), "maikel | heredia | suarez");
  EXPECT_EQ(Reading(table.records[n - 4]), "maikel | heredia | suarez");
  EXPECT_EQ(Reading(table.records[n - 3]), "maikel | heredia | mora");
  EXPECT_EQ(Reading(table.records[n - 2]), "maikel | heredialuz | suarez");
  EXPECT_EQ(Reading(table.records[n - 1]), "maikel | heredia | suarez");
  // The blocking keys follow the new reading; the reading as typed stays the second.
  EXPECT_EQ(table.records[n - 5].given_key, table.records[n - 1].given_key);
  EXPECT_EQ(table.records[n - 5].signature, table.records[n - 1].signature);
  ASSERT_EQ(table.records[n - 5].alt_name.given.size(), 1u);
  EXPECT_EQ(table.records[n - 5].alt_name.given[0].folded, "maikelheredia");
  EXPECT_TRUE(table.records[n - 5].words_cut);
  EXPECT_TRUE(table.records[n - 1].alt_name.empty());
  EXPECT_FALSE(table.records[n - 1].words_cut);
  EXPECT_FALSE(table.records[n - 2].words_cut);

  // A name typed into columns keeps its columns (the comparison reads glued given names),
  // and the particles of a compound given name stay when a surname is cut.
  RecordTable columns = TableWithCommaNames(10);
  Add(&columns, 3,
      {{CanonicalField::kGivenNames, "Maikelluis"}, {CanonicalField::kSurname1, "Mora"}});
  Add(&columns, 3,
      {{CanonicalField::kGivenNames, "Jose"},
       {CanonicalField::kSurname1, "ParedesGonzález"}});  // both in one column
  Add(&columns, 3, {{CanonicalField::kFullName, "Maria de los Angeles Herediasuarez"}});
  const size_t c = columns.records.size();
  ReadNamesWithRoles(&columns, 1);
  EXPECT_EQ(Reading(columns.records[c - 3]), "maikelluis | mora | ");
  EXPECT_EQ(Reading(columns.records[c - 2]), "jose | paredes | gonzalez");
  EXPECT_EQ(Reading(columns.records[c - 1]), "maria angeles | heredia | suarez");
  EXPECT_EQ(columns.records[c - 1].name.given_joined, "maria de los angeles");

  // Explain, with the roles the run saved, reads the glued name as the run did.
  RecordTable run = TableWithCommaNames(10);
  Add(&run, 2, {{CanonicalField::kFullName, "Maikelheredia Suarez"}});
  ReadNamesWithRoles(&run, 1);
  const StoreNameRoles parser(run.roles);
  RecordData r;
  r.id = 1000;
  r.source_id = 2;
  r.field(CanonicalField::kFullName) = "Maikelheredia Suarez";
  LinkRecord explained;
  PrepareLinkRecord(r, 2025, &explained, 3, 15, &parser);
  EXPECT_EQ(Reading(explained), Reading(run.records.back()));
  EXPECT_EQ(explained.signature, run.records.back().signature);
}

TEST(LinkRecordTest, AnAgeRefersToTheRecordDateElseTheBatchElseTheSettings) {
  BatchInfo received;
  received.id = 7;
  received.received_date = "2025-04-02T10:00:00Z";
  BatchInfo undated;
  undated.id = 8;
  LinkSettings settings = DefaultLinkSettings();
  settings.age_reference_date = "2024-11-30";
  const AgeReferenceDates dates({received, undated}, settings);
  RecordData r;
  r.field(CanonicalField::kAge) = "38";
  r.batch_id = 7;
  EXPECT_EQ(dates.Of(r), 20250402);
  r.field(CanonicalField::kRecordDate) = "2025-03-20";
  EXPECT_EQ(dates.Of(r), 20250320);
  r.field(CanonicalField::kRecordDate) = "";
  r.batch_id = 8;
  EXPECT_EQ(dates.Of(r), 20241130);
}

TEST(LinkRecordTest, AModelKeepsTheComparisonSettingsExplainNeeds) {
  LinkSettings run = DefaultLinkSettings();
  run.age_reference_date = "2024-11-30";
  run.a_number_cannot_link = false;
  run.max_birth_year_gap = 3;
  Model model;
  model.set_comparison_settings(run);
  Result<Model> saved =
      Model::FromJson(model.ToJson(names::NameFrequencies(), 0, 0, "2026-12-05T00:00:00Z"),
                      nullptr, nullptr, nullptr);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  LinkSettings explain = DefaultLinkSettings();
  saved->ApplyComparisonSettings(&explain);
  EXPECT_EQ(explain.age_reference_date, "2024-11-30");
  EXPECT_FALSE(explain.a_number_cannot_link);
  EXPECT_EQ(explain.max_birth_year_gap, 3);
  // A model saved before kept none: the defaults stay.
  LinkSettings old = DefaultLinkSettings();
  Model().ApplyComparisonSettings(&old);
  EXPECT_EQ(old.age_reference_date, DefaultLinkSettings().age_reference_date);
}

}  // namespace
}  // namespace habeas::link
