// Estimates from real stores built in the test: small lists imported into a temporary
// SQLite store, linked by the linker or given persons and edges by hand, then read.
#include "habeas/estimate_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "habeas/ingest.h"
#include "habeas/link.h"

namespace habeas {
namespace {

namespace fs = std::filesystem;

class EstimateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("habeas_estimate_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = OpenSqliteStore((dir_ / "t.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // LIST.csv with columns id, nombres, apellidos, cedula (+ `extra_columns`) and its
  // mapping (+ `extra_fields`), imported.
  void ImportList(const std::string& name, const std::string& rows,
                  const std::string& extra_columns = "", const std::string& extra_fields = "") {
    std::ofstream(dir_ / (name + ".csv")) << "id,nombres,apellidos,cedula" << extra_columns << "\n"
                                          << rows;
    std::ofstream(dir_ / (name + ".toml"))
        << "[source]\nname = \"" << name << "\"\nkind = \"other\"\nrecord_id = \"id\"\n"
        << "[fields]\ngiven_names = \"nombres\"\nsurnames = \"apellidos\"\n"
        << "national_id = \"cedula\"\n"
        << extra_fields;
    ImportOptions options;
    options.file = (dir_ / (name + ".csv")).string();
    options.mapping_file = (dir_ / (name + ".toml")).string();
    auto summary = ImportFile(*store_, options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    ASSERT_EQ(summary->rows_rejected, 0);
  }

  // A manifest of 30 removed persons (1..30) and an NGO list with 1..20 and 31..35 at
  // CECOT plus 10 persons held in Texas; cédulas make the links certain (the lists of
  // tests/estimate_cli_test.cc).
  void ImportManifestAndNgo() {
    const char* given[] = {"José", "Luis", "Carlos", "Pedro", "Juan", "Andrés"};
    const char* surnames[] = {"Pérez", "González", "Rodríguez", "Hernández", "Martínez"};
    const auto name = [&](int i) {
      return std::string(given[i % 6]) + "," + surnames[i % 5] + " " + surnames[(i / 5) % 5];
    };
    std::string manifest, ngo;
    for (int i = 1; i <= 30; ++i) {
      manifest +=
          "M" + std::to_string(i) + "," + name(i) + ",V-" + std::to_string(20000000 + i) + "\n";
    }
    for (int i = 1; i <= 35; ++i) {
      if (i > 20 && i <= 30) continue;
      ngo += "N" + std::to_string(i) + "," + name(i) + ",V-" + std::to_string(20000000 + i) +
             ",CECOT Tecoluca\n";
    }
    for (int i = 1; i <= 10; ++i) {
      ngo += "T" + std::to_string(i) + "," + name(100 + i) + ",V-" + std::to_string(30000000 + i) +
             ",El Valle Detention Facility\n";
    }
    ImportList("manifest", manifest);
    ImportList("ngo", ngo, ",centro", "facility = \"centro\"\n");
  }

  void Link() {
    auto report = link::RunLink(*store_, link::DefaultLinkSettings(), link::LinkOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }

  static EstimateOptions LogLinear() {
    EstimateOptions options;
    options.method = EstimationMethod::kLogLinear;
    return options;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

std::string WarningOf(const StratumEstimate& s, const std::string& code) {
  for (const EstimateWarning& w : s.warnings) {
    if (w.code == code) return w.message;
  }
  return "";
}

TEST_F(EstimateStoreTest, LinkedPersonsAreTheCaptureHistories) {
  ASSERT_NO_FATAL_FAILURE(ImportManifestAndNgo());
  ASSERT_NO_FATAL_FAILURE(Link());
  StoreEstimateRequest request;
  auto report = EstimateFromStore(*store_, request, LogLinear());
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->total.observed, 45);
  EXPECT_EQ(report->total.lists, (std::vector<std::string>{"manifest", "ngo"}));
  EXPECT_EQ(WarningOf(report->total, "unlinkable_records_left_out"), "");

  // Every person one unit when the doubtful links are not read.
  request.linkage_draws.draws = 0;
  EstimateOptions options = LogLinear();
  auto linkage = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(linkage.ok()) << linkage.status().ToString();
  EXPECT_EQ(linkage->graph.units.size(), 45u);
  EXPECT_TRUE(linkage->graph.links.empty());
}

TEST_F(EstimateStoreTest, WhereRestrictsThePopulationAndNamesTheUnplaced) {
  ASSERT_NO_FATAL_FAILURE(ImportManifestAndNgo());
  ASSERT_NO_FATAL_FAILURE(Link());
  StoreEstimateRequest request;
  request.where.push_back(*ParsePopulationCondition("source=manifest"));
  request.where.push_back(*ParsePopulationCondition("facility~cecot"));
  auto removed = EstimateFromStore(*store_, request, LogLinear());
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->total.observed, 35);

  // At CECOT: the manifest never records a facility, so its persons 21..30 cannot be
  // placed (warned), and the manifest is a list that never records the attribute.
  request.where = {*ParsePopulationCondition("facility~cecot")};
  EstimateOptions options = LogLinear();
  auto linkage = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(linkage.ok()) << linkage.status().ToString();
  ASSERT_FALSE(linkage->warnings.empty());
  EXPECT_EQ(linkage->warnings[0].code, "population_unrecorded");
  EXPECT_EQ(options.unrecorded_lists, (std::vector<std::string>{"manifest"}));
  int in = 0;
  for (const LinkageUnit& unit : linkage->graph.units) in += unit.membership == Membership::kIn;
  EXPECT_EQ(in, 25);

  request.where = {*ParsePopulationCondition("facility~nowhere")};
  EXPECT_EQ(EstimateFromStore(*store_, request, LogLinear()).status().code(),
            StatusCode::kNotFound);
}

TEST_F(EstimateStoreTest, StratumIsTheFirstValueOfAUnit) {
  ASSERT_NO_FATAL_FAILURE(ImportManifestAndNgo());
  ASSERT_NO_FATAL_FAILURE(Link());
  StoreEstimateRequest request;
  request.stratify_field = "facility";
  request.linkage_draws.draws = 0;
  EstimateOptions options = LogLinear();
  auto linkage = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(linkage.ok()) << linkage.status().ToString();
  int cecot = 0, none = 0;
  for (const LinkageUnit& unit : linkage->graph.units) {
    cecot += unit.stratum == "CECOT Tecoluca";
    none += unit.stratum.empty();
  }
  EXPECT_EQ(cecot, 25);
  EXPECT_EQ(none, 10);  // manifest only
}

TEST_F(EstimateStoreTest, UnknownFieldsListsAndEmptyStoresAreRefused) {
  StoreEstimateRequest request;
  EXPECT_FALSE(EstimateFromStore(*store_, request, LogLinear()).ok());  // nothing imported
  ASSERT_NO_FATAL_FAILURE(ImportManifestAndNgo());
  request.stratify_field = "shoe_size";
  EXPECT_EQ(CheckStoreEstimateRequest(request).code(), StatusCode::kInvalidInput);
  request.stratify_field = "";
  request.where = {*ParsePopulationCondition("shoe_size=42")};
  const Status bad_field = CheckStoreEstimateRequest(request);
  EXPECT_NE(bad_field.message().find("--where shoe_size"), std::string::npos);
  request.where = {*ParsePopulationCondition("source=rumors")};
  auto no_list = EstimateFromStore(*store_, request, LogLinear());
  ASSERT_FALSE(no_list.ok());
  EXPECT_NE(no_list.status().message().find("lists: manifest, ngo"), std::string::npos);
  request.where.clear();
  EstimateOptions unrecorded = LogLinear();
  unrecorded.unrecorded_lists = {"rumors"};
  EXPECT_EQ(EstimateFromStore(*store_, request, unrecorded).status().code(),
            StatusCode::kInvalidInput);
}

// Initials-only captions without an identifier the other lists carry are left out and
// named; kept, each is a person of its own; a list of them only cannot be used.
TEST_F(EstimateStoreTest, ThinRecordsAreLeftOutAndNamed) {
  ASSERT_NO_FATAL_FAILURE(ImportManifestAndNgo());
  std::string court;
  for (int i = 1; i <= 8; ++i) court += "C" + std::to_string(i) + ",J.,P. G.,\n";
  court += "C9,José,Pérez Pérez,V-20000001\n";
  ImportList("court", court);
  ImportList("rumors", "R1,Ramiro,ZAMBRANO,\nR2,T.,Ugas,\n");
  ASSERT_NO_FATAL_FAILURE(Link());
  StoreEstimateRequest request;
  auto dropped = EstimateFromStore(*store_, request, LogLinear());
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_NE(WarningOf(dropped->total, "unlinkable_records_left_out").find("court 8 of 9"),
            std::string::npos)
      << WarningOf(dropped->total, "unlinkable_records_left_out");
  request.unlinkable = UnlinkableRecords::kKeep;
  auto kept = EstimateFromStore(*store_, request, LogLinear());
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->total.observed - dropped->total.observed, 10);  // 8 captions, 2 rumors
  EXPECT_NE(WarningOf(kept->total, "unlinkable_records").find("court 8 of 9"), std::string::npos);

  // The rumors are all thin: dropping them is already done, --sources cannot use them.
  request.unlinkable = UnlinkableRecords::kDrop;
  EstimateOptions options = LogLinear();
  options.lists.drop = {"rumors"};
  ASSERT_TRUE(ReadStoreLinkage(*store_, request, &options).ok());
  EXPECT_TRUE(options.lists.drop.empty());
  options.lists.keep = {"rumors", "manifest"};
  auto refused = ReadStoreLinkage(*store_, request, &options);
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(refused.status().message().find("every record of rumors is too weak to link"),
            std::string::npos);
}

// Persons and edges written by hand: the confident edge joins a unit, the doubtful
// edge is a link the linker made, and a review pair in the band between two persons
// one it did not make; pairs outside the band are not links.
TEST_F(EstimateStoreTest, UnitsThroughConfidentEdgesAndDoubtfulLinks) {
  ImportList("a", "A1,José,Pérez Soto,V-1\nA2,Luis,Gómez Ruiz,V-2\n");
  ImportList("b", "B1,José,Pérez Soto,V-1\nB2,Luis,Gómez Ruiz,V-3\nB3,Ana,Lara Gil,V-4\n");
  // Records 1..5: A1 A2 B1 B2 B3. Person 1: A1 B1 B2 (A1-B1 confident, B1-B2 doubtful);
  // person 2: A2; person 3: B3.
  LinkageUpdate update;
  for (int64_t p = 1; p <= 3; ++p) {
    PersonInfo person;
    person.id = p;
    update.created_persons.push_back(person);
  }
  update.assignments = {{1, 1}, {3, 1}, {4, 1}, {2, 2}, {5, 3}};
  const link::LinkSettings settings = link::DefaultLinkSettings();
  update.edges = {{1, 1, 3, 20, 0.99, LinkEdgeKind::kModel}, {1, 3, 4, 1, 0.6, LinkEdgeKind::kModel}};
  update.review = {{2, 4, 0, 0.3, 1},                  // in the band: a link not made
                   {2, 5, 0, 0.01, 1},                 // below review_low
                   {1, 5, 0, settings.threshold, 1}};  // refused by clustering
  ASSERT_TRUE(store_->ApplyLinkage(update).ok());

  StoreEstimateRequest request;
  EstimateOptions options = LogLinear();
  auto linkage = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(linkage.ok()) << linkage.status().ToString();
  const LinkageGraph& graph = linkage->graph;
  ASSERT_EQ(graph.units.size(), 4u);  // {A1 B1} {A2} {B2} {B3}, by first record
  EXPECT_EQ(graph.units[0].sources, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(graph.links.size(), 2u);
  EXPECT_EQ(graph.links[0].unit_a, 0u);
  EXPECT_EQ(graph.links[0].unit_b, 2u);
  EXPECT_DOUBLE_EQ(graph.links[0].probability, 0.6);
  EXPECT_TRUE(graph.links[0].linked);
  EXPECT_EQ(graph.links[1].unit_a, 1u);
  EXPECT_EQ(graph.links[1].unit_b, 2u);
  EXPECT_FALSE(graph.links[1].linked);

  request.linkage_draws.draws = 0;  // each person one unit
  auto fixed = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->graph.units.size(), 3u);
  EXPECT_TRUE(fixed->graph.links.empty());
}

// Which links are confident is the link run's decision: a store whose last run saved
// review_high 0.5 with its model makes the 0.6 edge confident (one unit A1 B1 B2),
// where today's defaults (0.95) would call it doubtful.
TEST_F(EstimateStoreTest, DoubtfulLinksAreThoseOfTheRunThatMadeThem) {
  ImportList("a", "A1,José,Pérez Soto,V-1\nA2,Luis,Gómez Ruiz,V-2\n");
  ImportList("b", "B1,José,Pérez Soto,V-1\nB2,Luis,Gómez Ruiz,V-3\nB3,Ana,Lara Gil,V-4\n");
  link::LinkSettings run = link::DefaultLinkSettings();
  run.review_high = 0.5;
  ASSERT_TRUE(link::RunLink(*store_, run, link::LinkOptions{}).ok());
  Result<link::LinkSettings> saved = link::SettingsOfLastLinkRun(*store_);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_DOUBLE_EQ(saved->review_high, 0.5);
  // The persons and edges of the test above, in place of the run's.
  const std::vector<PersonInfo> persons = *store_->ListPersons(0, 1000000);
  int64_t max_id = 0;
  for (const PersonInfo& p : persons) max_id = std::max(max_id, p.id);
  LinkageUpdate update;
  update.expected_max_person_id = max_id;
  for (int64_t p = max_id + 1; p <= max_id + 3; ++p) {
    PersonInfo person;
    person.id = p;
    update.created_persons.push_back(person);
  }
  update.assignments = {{1, max_id + 1}, {3, max_id + 1}, {4, max_id + 1}, {2, max_id + 2},
                        {5, max_id + 3}};
  update.replace_all_edges = true;
  update.edges = {{max_id + 1, 1, 3, 20, 0.99, LinkEdgeKind::kModel},
                  {max_id + 1, 3, 4, 1, 0.6, LinkEdgeKind::kModel}};
  update.review = {};
  ASSERT_TRUE(store_->ApplyLinkage(update).ok());

  StoreEstimateRequest request;  // no settings: the store's
  EstimateOptions options = LogLinear();
  auto linkage = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(linkage.ok()) << linkage.status().ToString();
  EXPECT_EQ(linkage->graph.units.size(), 3u);  // {A1 B1 B2} {A2} {B3}
  EXPECT_TRUE(linkage->graph.links.empty());

  request.link_settings = link::DefaultLinkSettings();  // asked for: today's defaults
  auto defaults = ReadStoreLinkage(*store_, request, &options);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->graph.units.size(), 4u);  // the 0.6 edge is doubtful
  ASSERT_EQ(defaults->graph.links.size(), 1u);
  EXPECT_DOUBLE_EQ(defaults->graph.links[0].probability, 0.6);
}

}  // namespace
}  // namespace habeas
