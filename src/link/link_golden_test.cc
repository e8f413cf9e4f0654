// Golden tests for linkage: the explain waterfall of a fixed pair, reviewer
// decisions surviving relinks, stable person ids across an added list, and the
// merge/split history. Inputs and expected outputs: tests/link/golden/.
// Regenerate expected files with HABEAS_UPDATE_GOLDEN=1 (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "habeas/link.h"
#include "link/link_test_util.h"
#include "store/test_backends.h"

namespace habeas::link {
namespace {

const std::string kGolden = std::string(HABEAS_SOURCE_DIR) + "/tests/link/golden/";

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = kGolden + name;
  if (std::getenv("HABEAS_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " missing; run with HABEAS_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "golden file " << path;
}

// On both store backends (SQLite, and PostgreSQL when HABEAS_TEST_PG_URL names a server).
class LinkGoldenTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchPath(std::string("golden") + "_" + TestBackendName({GetParam(), 0}));
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
  LinkReport Link(LinkScope scope) {
    LinkOptions options;
    options.scope = scope;
    options.by = "golden test";
    auto report = RunLink(*store_, DefaultLinkSettings(), options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : LinkReport{};
  }
  int64_t PersonOf(int64_t record) {
    auto p = store_->PersonOfRecord(record);
    return p.ok() && *p ? **p : 0;
  }
  std::string Assignment() {
    std::string out;
    auto all = store_->ListPersonRecords();
    for (const PersonRecord& a : *all) {
      out += std::to_string(a.record_id) + " " + FormatPersonId(a.person_id) + "\n";
    }
    return out;
  }
  std::string History() {
    std::string out;
    auto events = store_->ListPersonEvents(std::nullopt);
    for (const PersonEvent& e : *events) {
      out += PersonEventKindName(e.kind);
      for (int64_t p : e.person_ids) out += " " + FormatPersonId(p);
      out += " records";
      for (int64_t r : e.record_ids) out += " " + std::to_string(r);
      out += " | " + e.at + " | " + e.by + " | " + e.reason + "\n";
    }
    return out;
  }

  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
  std::filesystem::path dir_;
  std::optional<TestStoreLocation> location_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, LinkGoldenTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(LinkGoldenTest, ExplainDecisionsStableIdsAndHistory) {
  ImportList("manifest");  // records 1-4
  ImportList("family");    // records 5-8
  Link(LinkScope::kWholeStore);
  // The same men on both lists are linked; the brothers (1/3, 5/7) are not.
  EXPECT_EQ(PersonOf(1), PersonOf(5));
  EXPECT_EQ(PersonOf(2), PersonOf(6));
  EXPECT_EQ(PersonOf(3), PersonOf(7));
  EXPECT_EQ(PersonOf(4), PersonOf(8));
  EXPECT_NE(PersonOf(1), PersonOf(3));
  auto explain = ExplainPair(*store_, 1, 5);
  ASSERT_TRUE(explain.ok()) << explain.status().ToString();
  ExpectGolden("explain_1_5.txt", FormatExplanation(*explain));
  auto siblings = ExplainPair(*store_, 1, 7);
  ASSERT_TRUE(siblings.ok());
  ExpectGolden("explain_1_7.txt", FormatExplanation(*siblings));

  // A reviewer says 4 and 8 are different men: the next link splits them, and
  // every later link keeps them apart.
  const int64_t before = PersonOf(4);
  LinkDecision d;
  d.record_a = 4;
  d.record_b = 8;
  d.decision = ReviewDecision::kDistinct;
  d.reason = "different mothers named in the reports";
  d.decided_by = "reviewer1";
  ASSERT_TRUE(store_->AddDecision(d).ok());
  LinkReport split = Link(LinkScope::kWholeStore);
  EXPECT_EQ(split.splits, 1);
  EXPECT_NE(PersonOf(4), PersonOf(8));
  EXPECT_EQ(PersonOf(4), before);  // the older record keeps the id
  Link(LinkScope::kWholeStore);
  EXPECT_NE(PersonOf(4), PersonOf(8));

  // Adding a list links only its records; nobody is renumbered.
  const std::string ids_before = Assignment();
  ImportList("ngo");  // records 9-11
  LinkReport added = Link(LinkScope::kNewRecordsOnly);
  EXPECT_EQ(added.new_records, 3);
  const std::string ids_after = Assignment();
  EXPECT_EQ(ids_after.substr(0, ids_before.size()), ids_before);
  EXPECT_EQ(PersonOf(9), PersonOf(1));  // José Luis Pérez González, same cédula
  // The reviewer changes their mind: "same" overrides the model and merges back.
  d.decision = ReviewDecision::kSame;
  d.reason = "confirmed by the family: one man";
  ASSERT_TRUE(store_->AddDecision(d).ok());
  LinkReport merged = Link(LinkScope::kWholeStore);
  EXPECT_EQ(PersonOf(4), PersonOf(8));
  EXPECT_EQ(merged.merges, 1);
  ExpectGolden("assignment.txt", Assignment());
  ExpectGolden("history.txt", History());
}

}  // namespace
}  // namespace habeas::link
