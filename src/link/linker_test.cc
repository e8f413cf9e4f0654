// RunLink through its public contract (habeas/link.h) on the small golden lists
// (tests/link/golden/): what a run reports, writes, keeps and refuses, on both store
// backends (SQLite, and PostgreSQL when HABEAS_TEST_PG_URL names a server).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/scratch_dir.h"
#include "habeas/link.h"
#include "link/link_test_util.h"
#include "store/test_backends.h"

namespace habeas::link {
namespace {

const std::string kGolden = std::string(HABEAS_SOURCE_DIR) + "/tests/link/golden/";

class LinkerTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchPath(std::string("linker_") + TestBackendName({GetParam(), 0}) + "_" +
                                ScratchDir::TestName());
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    SqliteOptions options;
    options.clock = &clock_;
    auto store = OpenStore(location_->db(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    location_.reset();
    std::filesystem::remove_all(dir_);
  }
  void ImportList(const std::string& list) {
    ASSERT_TRUE(testing::Import(*store_, kGolden + list + ".csv", kGolden + list + ".toml").ok());
  }
  Result<LinkReport> Link(LinkOptions options = {}) {
    options.by = "linker test";
    options.clock = &clock_;
    return RunLink(*store_, DefaultLinkSettings(), options);
  }

  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
  std::filesystem::path dir_;  // lists and dumps the tests write
  std::optional<TestStoreLocation> location_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LinkerTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(LinkerTest, AnEmptyStoreHasNothingToLink) {
  Result<LinkReport> r = Link();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("import lists first"), std::string::npos);
}

TEST_P(LinkerTest, RefusesAThresholdThatIsNotAProbabilityAndRulesThatDoNotParse) {
  ImportList("manifest");
  for (double threshold : {0.0, 1.0, -0.5, 2.0}) {
    LinkOptions options;
    options.threshold = threshold;
    Result<LinkReport> r = Link(options);
    ASSERT_FALSE(r.ok()) << threshold;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  }
  LinkSettings settings = DefaultLinkSettings();
  settings.rules = {{"bad", {"favourite_colour"}, ""}};
  Result<LinkReport> r = RunLink(*store_, settings, LinkOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("favourite_colour"), std::string::npos);
  EXPECT_FALSE(store_->LatestModel()->has_value());  // nothing was written
}

TEST_P(LinkerTest, ARunReportsItsStagesInOrderAndWritesPersonsAndTheModel) {
  ImportList("manifest");
  ImportList("family");
  std::vector<std::string> messages;
  LinkOptions options;
  options.on_stage = [&](const std::string& line) { messages.push_back(line); };
  Result<LinkReport> r = Link(options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records, 8);
  EXPECT_EQ(r->new_records, 8);
  EXPECT_GT(r->candidate_pairs, 0);
  EXPECT_EQ(r->persons, 4);  // four men, each on both lists
  EXPECT_EQ(r->persons_created, 4);
  EXPECT_EQ(r->model_version, 1);
  EXPECT_FALSE(r->model_kept);
  std::vector<std::string> stages;
  for (const StageTiming& s : r->stages) {
    stages.push_back(s.stage);
    EXPECT_GE(s.seconds, 0);
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"load", "block", "compare", "model", "score",
                                              "cluster", "persons", "store"}));
  EXPECT_FALSE(messages.empty());
  // Every record has a person; the model was saved with the run's clock.
  auto assigned = store_->ListPersonRecords();
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->size(), 8u);
  auto model = store_->LatestModel();
  ASSERT_TRUE(model.ok() && model->has_value());
  EXPECT_EQ((*model)->version, 1);
  EXPECT_EQ((*model)->created_at, "2025-03-15T21:30:00Z");
}

TEST_P(LinkerTest, ADryRunReportsButWritesNothing) {
  ImportList("manifest");
  ImportList("family");
  LinkOptions options;
  options.write = false;
  Result<LinkReport> r = Link(options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 4);
  EXPECT_EQ(r->stages.back().stage, "persons");  // no store stage
  EXPECT_TRUE(store_->ListPersonRecords()->empty());
  EXPECT_FALSE(store_->LatestModel()->has_value());
  EXPECT_EQ(*store_->MaxPersonId(), 0);
}

TEST_P(LinkerTest, ASecondRunOnAnUnchangedStoreKeepsTheModelAndThePersons) {
  ImportList("manifest");
  ImportList("family");
  ASSERT_TRUE(Link().ok());
  const std::vector<PersonRecord> before = *store_->ListPersonRecords();
  Result<LinkReport> again = Link();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->model_kept);
  EXPECT_EQ(again->persons_created, 0);
  EXPECT_EQ(again->merges + again->splits + again->moves, 0);
  const std::vector<PersonRecord> after = *store_->ListPersonRecords();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].record_id, before[i].record_id);
    EXPECT_EQ(after[i].person_id, before[i].person_id);
  }
  // --retrain trains a new model version whatever changed.
  LinkOptions retrain;
  retrain.model_policy = ModelPolicy::kRetrain;
  Result<LinkReport> retrained = Link(retrain);
  ASSERT_TRUE(retrained.ok());
  EXPECT_FALSE(retrained->model_kept);
  EXPECT_GT(retrained->model_version, again->model_version);
}

// The store keeps the threshold and review bounds of the run that wrote its persons
// with the model (SettingsOfLastLinkRun), so explain and estimate read the links as
// that run decided them; a kept model with another threshold is saved again, and the
// run re-clusters every record instead of linking only the new ones.
TEST_P(LinkerTest, TheStoreKeepsTheSettingsOfTheRunThatWroteItsPersons) {
  ImportList("manifest");
  Result<LinkSettings> never = SettingsOfLastLinkRun(*store_);
  ASSERT_TRUE(never.ok()) << never.status().ToString();
  EXPECT_DOUBLE_EQ(never->threshold, DefaultLinkSettings().threshold);

  LinkOptions at_04;
  at_04.threshold = 0.4;
  Result<LinkReport> first = Link(at_04);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<LinkSettings> saved = SettingsOfLastLinkRun(*store_);
  ASSERT_TRUE(saved.ok());
  EXPECT_DOUBLE_EQ(saved->threshold, 0.4);
  EXPECT_DOUBLE_EQ(saved->review_low, DefaultLinkSettings().review_low);
  EXPECT_DOUBLE_EQ(saved->review_high, DefaultLinkSettings().review_high);

  // New records and a kept model would link only the new records, but the threshold
  // changed: every record is linked again, and the model saved with 0.6.
  ImportList("family");
  LinkOptions at_06;
  at_06.threshold = 0.6;
  at_06.model_policy = ModelPolicy::kKeep;  // the lists are too small to keep it by growth
  Result<LinkReport> second = Link(at_06);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->model_kept);
  EXPECT_FALSE(second->only_new_records);
  EXPECT_GT(second->model_version, first->model_version);
  EXPECT_DOUBLE_EQ(SettingsOfLastLinkRun(*store_)->threshold, 0.6);

  // The same threshold again with a new record: only the new one is linked.
  ImportList("ngo");
  Result<LinkReport> third = Link(at_06);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_TRUE(third->only_new_records);
  EXPECT_DOUBLE_EQ(SettingsOfLastLinkRun(*store_)->threshold, 0.6);
}

TEST_P(LinkerTest, NewRecordsOnlyWithNothingNewChangesNothing) {
  ImportList("manifest");
  ASSERT_TRUE(Link().ok());
  std::vector<std::string> messages;
  LinkOptions options;
  options.scope = LinkScope::kNewRecordsOnly;
  options.on_stage = [&](const std::string& line) { messages.push_back(line); };
  Result<LinkReport> r = Link(options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->new_records, 0);
  EXPECT_EQ(r->candidate_pairs, 0);
  EXPECT_EQ(r->persons, 4);
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back(), "nothing to link: every record has a person");
}

TEST_P(LinkerTest, ThePairDumpHasALinePerScoredPair) {
  ImportList("manifest");
  ImportList("family");
  LinkOptions options;
  options.dump_pairs_path = (dir_ / "pairs.tsv").string();
  Result<LinkReport> r = Link(options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::ifstream in(options.dump_pairs_path);
  std::string line;
  int64_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    std::istringstream fields(line);
    int64_t a = 0, b = 0;
    std::string pattern;
    double weight = 0;
    ASSERT_TRUE(fields >> a >> b >> pattern >> weight) << line;
    EXPECT_NE(a, b);
    EXPECT_GE(a, 1);
    EXPECT_LE(b, 8);
  }
  EXPECT_EQ(lines, r->candidate_pairs);

  options.dump_pairs_path = (dir_ / "no such dir" / "pairs.tsv").string();
  Result<LinkReport> unwritable = Link(options);
  ASSERT_FALSE(unwritable.ok());  // refused before the run, as every output file is
  EXPECT_EQ(unwritable.status().code(), StatusCode::kNotFound);
}

// Sources after the fifth have pair classes of 16 and above (PairClassOf): a pair there
// links as one in the first classes does (a flag once shared a bit with the class and
// made every such pair "cannot be the same person").
TEST_P(LinkerTest, ListsImportedAfterManyOthersLinkAlike) {
  for (int i = 0; i < 5; ++i) {
    const std::string name = "filler" + std::to_string(i);
    std::ofstream(dir_ / (name + ".csv"))
        << "record_id,nombres,primer_apellido,fecha_nacimiento\n"
        << "X" << i << ",Otro" << char('a' + i) << ",Distinto" << char('a' + i) << ",0" << (i + 1)
        << "/01/1950\n";
    std::ofstream(dir_ / (name + ".toml"))
        << "[source]\nname = \"" << name << "\"\nkind = \"ngo\"\nrecord_id = \"record_id\"\n"
        << "[fields]\ngiven_names = \"nombres\"\nsurname1 = \"primer_apellido\"\n"
        << "birth_date = \"fecha_nacimiento\"\n[formats]\nbirth_date = \"DD/MM/YYYY\"\n";
    ASSERT_TRUE(testing::Import(*store_, (dir_ / (name + ".csv")).string(),
                                (dir_ / (name + ".toml")).string())
                    .ok());
  }
  ImportList("manifest");
  ImportList("family");
  Result<LinkReport> r = Link();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->records, 13);
  EXPECT_EQ(r->persons, 4 + 5);  // the four men on both lists, each filler alone
}

TEST_P(LinkerTest, OneThreadAndTwoGiveTheSamePersons) {
  ImportList("manifest");
  ImportList("family");
  ImportList("ngo");
  LinkSettings one = DefaultLinkSettings();
  one.threads = 1;
  LinkOptions dry;
  dry.write = false;
  Result<LinkReport> single = RunLink(*store_, one, dry);
  ASSERT_TRUE(single.ok());
  LinkSettings four = DefaultLinkSettings();
  four.threads = 4;
  Result<LinkReport> parallel = RunLink(*store_, four, dry);
  ASSERT_TRUE(parallel.ok());
  EXPECT_EQ(single->candidate_pairs, parallel->candidate_pairs);
  EXPECT_EQ(single->pairs_above_threshold, parallel->pairs_above_threshold);
  EXPECT_EQ(single->persons, parallel->persons);
  EXPECT_EQ(single->prior, parallel->prior);
}

}  // namespace
}  // namespace habeas::link
