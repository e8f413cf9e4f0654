// The explanation of a pair: FormatExplanation over values built by hand, and
// ExplainPair on a linked store (its errors, and that its waterfall adds up).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "habeas/link.h"
#include "link/compare.h"
#include "link/link_test_util.h"
#include "store/test_backends.h"

namespace habeas::link {
namespace {

PairExplanation HandMade() {
  PairExplanation e;
  e.record_a = 3;
  e.record_b = 9;
  e.model_version = 2;
  e.prior_weight = -2.5;
  e.prior_lists = "manifest × family";
  e.fields = {{"given_name", "exact", "\"ana\" vs \"ana\"", 3.0, -0.5},
              {"birth_date", "missing", "", 0.0, 0.0},  // nothing to show: left out
              {"sex", "missing", "\"F\" vs \"\"", 0.0, 0.0},
              {"a_number", "disagree", "\"1\" vs \"2\" (cannot be the same person)", -8.25, 0}};
  e.total_weight = -8.25;
  e.probability = 0.003;
  return e;
}

TEST(FormatExplanation, TheWaterfallAddsEachFieldToTheRunningTotal) {
  PairExplanation e = HandMade();
  EXPECT_EQ(FormatExplanation(e),
            "records 3 and 9 (model v2)\n"
            "  FIELD         LEVEL                    WEIGHT       TF   RUNNING\n"
            "  prior                                   -2.50              -2.50  matches among "
            "pairs of manifest × family\n"
            "  given_name    exact                     +3.00    -0.50     +0.00  \"ana\" vs \"ana\"\n"
            "  sex           missing                   +0.00              +0.00  \"F\" vs \"\"\n"
            "  a_number      disagree                  -8.25              -8.25  \"1\" vs \"2\" "
            "(cannot be the same person)\n"
            "  total match weight -8.25 bits → probability 0.003000\n"
            "  persons: not linked, not linked\n");
}

TEST(FormatExplanation, ADecisionAndThePersonsAreShown) {
  PairExplanation e = HandMade();
  e.prior_lists.clear();
  e.decision = ReviewDecision::kDistinct;
  e.person_a = 12;
  e.person_b = 40;
  const std::string text = FormatExplanation(e);
  EXPECT_NE(text.find("  reviewer decision: distinct (overrides the model)\n"), std::string::npos);
  EXPECT_NE(text.find("  persons: P000012, P000040\n"), std::string::npos);
  EXPECT_EQ(text.find("matches among"), std::string::npos);
}

// On both store backends (SQLite, and PostgreSQL when HABEAS_TEST_PG_URL names a server).
class ExplainPairTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    dir_ = testing::ScratchPath(std::string("explain") + "_" + TestBackendName({GetParam(), 0}));
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    auto store = OpenStore(location_->db());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    const std::string golden = std::string(HABEAS_SOURCE_DIR) + "/tests/link/golden/";
    for (const char* list : {"manifest", "family"}) {
      ASSERT_TRUE(testing::Import(*store_, golden + list + ".csv", golden + list + ".toml").ok());
    }
  }
  void TearDown() override {
    store_.reset();
    location_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::optional<TestStoreLocation> location_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, ExplainPairTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(ExplainPairTest, NeedsATrainedModel) {
  Result<PairExplanation> e = ExplainPair(*store_, 1, 5);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_NE(e.status().message().find("run `habeas link` first"), std::string::npos);
}

TEST_P(ExplainPairTest, UnknownRecordsAreNotFound) {
  ASSERT_TRUE(RunLink(*store_, DefaultLinkSettings(), LinkOptions{}).ok());
  Result<PairExplanation> e = ExplainPair(*store_, 1, 999);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.status().message(), "no record with id 999");
}

TEST_P(ExplainPairTest, FieldsAddUpToTheTotalAndTheProbabilityFollows) {
  ASSERT_TRUE(RunLink(*store_, DefaultLinkSettings(), LinkOptions{}).ok());
  for (const auto& [a, b] : {std::pair<int64_t, int64_t>{1, 5}, {1, 7}, {2, 6}, {3, 8}}) {
    Result<PairExplanation> e = ExplainPair(*store_, a, b);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->record_a, a);
    EXPECT_EQ(e->model_version, 1);
    EXPECT_EQ(e->fields.size(), static_cast<size_t>(kFieldCount));
    double sum = e->prior_weight;
    for (const FieldContribution& f : e->fields) {
      sum += f.weight + f.tf_adjustment;
      if (f.level == "missing") {
        EXPECT_EQ(f.weight, 0.0) << f.field;
      }
    }
    EXPECT_NEAR(sum, e->total_weight, 1e-3) << a << "-" << b;
    // probability = 2^w / (1 + 2^w)
    const double odds = std::exp2(e->total_weight);
    EXPECT_NEAR(e->probability, odds / (1 + odds), 1e-9);
    ASSERT_TRUE(e->person_a.has_value() && e->person_b.has_value());
    // Linked exactly when the probability reached the threshold (no decisions here).
    if (e->probability >= 0.5 + 1e-6) {
      EXPECT_EQ(*e->person_a, *e->person_b) << a << "-" << b;
    }
  }
}

TEST_P(ExplainPairTest, SaysWhenANameWasReadWithAWordCutInTwo) {
  // A list of comma names holding "alberto", "garcia" and "perez" many times, and a
  // hand-typed row with two of them glued: the linker reads "albertogarcia" as two words
  // and explain says so, with the name as typed.
  const std::filesystem::path csv = dir_ / "glued.csv";
  const std::filesystem::path toml = dir_ / "glued.toml";
  {
    std::ofstream out(csv);
    out << "id,nombre\n";
    const char* const kNames[] = {"GARCIA PEREZ, ALBERTO", "GARCIA LOPEZ, ALBERTO",
                                  "PEREZ GARCIA, ALBERTO", "GARCIA ROJAS, ALBERTO",
                                  "PEREZ ROJAS, ALBERTO",  "GARCIA MORA, LUIS"};
    int id = 1;
    for (const char* name : kNames) out << "G" << id++ << ",\"" << name << "\"\n";
    out << "G99,Albertogarcia Perez\n";
    std::ofstream map(toml);
    map << "[source]\nname = \"hand\"\nkind = \"ngo\"\nrecord_id = \"id\"\n"
           "[fields]\nfull_name = \"nombre\"\n";
  }
  Result<int64_t> before = store_->CountRecords({});
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(testing::Import(*store_, csv.string(), toml.string()).ok());
  ASSERT_TRUE(RunLink(*store_, DefaultLinkSettings(), LinkOptions{}).ok());
  const int64_t first = *before + 1, glued = *before + 7;
  Result<PairExplanation> e = ExplainPair(*store_, glued, first);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  ASSERT_EQ(e->fields[0].field, "given_name");
  EXPECT_NE(e->fields[0].detail.find("\"alberto\" vs \"alberto\""), std::string::npos)
      << e->fields[0].detail;
  EXPECT_NE(e->fields[0].detail.find("the first record's name read with a word cut in two "
                                     "(typed without a space: \"albertogarcia perez\")"),
            std::string::npos)
      << e->fields[0].detail;
  // The other way round it is the second record's; a pair without a cut says nothing.
  Result<PairExplanation> r = ExplainPair(*store_, first, glued);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->fields[0].detail.find("the second record's name read"), std::string::npos);
  Result<PairExplanation> plain = ExplainPair(*store_, first, first + 1);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->fields[0].detail.find("cut in two"), std::string::npos);
}

TEST_P(ExplainPairTest, TheLatestDecisionAboutThePairIsShownEitherWayRound) {
  ASSERT_TRUE(RunLink(*store_, DefaultLinkSettings(), LinkOptions{}).ok());
  LinkDecision d;
  d.record_a = 5;
  d.record_b = 1;
  d.decision = ReviewDecision::kDistinct;
  d.decided_by = "reviewer";
  ASSERT_TRUE(store_->AddDecision(d).ok());
  d.decision = ReviewDecision::kSame;
  ASSERT_TRUE(store_->AddDecision(d).ok());
  Result<PairExplanation> e = ExplainPair(*store_, 1, 5);
  ASSERT_TRUE(e.ok());
  ASSERT_TRUE(e->decision.has_value());
  EXPECT_EQ(*e->decision, ReviewDecision::kSame);
  Result<PairExplanation> other = ExplainPair(*store_, 2, 6);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->decision.has_value());
}

}  // namespace
}  // namespace habeas::link
