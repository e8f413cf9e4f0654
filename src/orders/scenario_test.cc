// The bundled March 2025 scenario (data/scenarios/march2025): imported through the same
// library calls `habeas import` and `habeas add orders` make, then checked. Exactly the
// expected removals are found, each edge case with its verdict (expected_findings.csv):
// planes in the air at the oral order, 6122 after the written order under a contested
// authority (possible), a named plaintiff on a plane, a 13-year-old outside the class (no
// finding), a birth year that leaves the age open, a removal known only to the day, and a
// lawful permanent resident (no finding).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "habeas/ingest.h"
#include "habeas/orders.h"
#include "habeas/store.h"
#include "habeas/timeline_import.h"
#include "orders/scenario_store.h"

namespace habeas {
namespace {

class ScenarioTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("scenario_" + std::to_string(::getpid()) + ".db")).string();
    std::filesystem::remove(path_);
    auto s = test_scenario::LoadScenarioStore(path_);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove(path_);
  }
  std::string Subject(int64_t person_id) {
    // Not linked: each record is its own person, keyed -record id.
    auto r = store_->GetRecord(-person_id);
    auto b = store_->GetBatch((*r)->batch_id);
    return (*b)->source_name + ":" + (*r)->source_record_id;
  }
  std::string path_;
  std::unique_ptr<Store> store_;
};

// `check orders --json` streams the report one finding at a time: the bytes are those of
// the whole report as one JSON value, with findings and with none.
TEST_F(ScenarioTest, TheStreamedJsonReportIsTheWholeReportByteForByte) {
  auto orders = LoadOrders(*store_);
  ASSERT_TRUE(orders.ok()) << orders.status().message();
  auto context = LoadTimelineContext(*store_);
  ASSERT_TRUE(context.ok());
  auto input = LoadOrderCheckInput(*store_, *context);
  ASSERT_TRUE(input.ok());
  OrderCheckReport report = CheckOrders(*orders, *input);
  ASSERT_GT(report.findings.size(), 1u);
  std::ostringstream streamed;
  WriteOrderReportJson(streamed, report, *orders);
  EXPECT_EQ(streamed.str(), OrderReportJson(report, *orders).dump(2));
  // As the command writes it: each finding as CheckOrders finds it.
  std::ostringstream as_found;
  OrderReportJsonWriter writer(as_found, *orders);
  const OrderCheckReport counts =
      CheckOrders(*orders, *input, [&](OrderFinding&& f) { writer.Add(std::move(f)); });
  writer.Finish(counts);
  EXPECT_TRUE(counts.findings.empty());
  EXPECT_EQ(as_found.str(), streamed.str());
  // Strings dump() escapes, a confidence that is not 1, a claim without file or record.
  ResolvedClaim odd = *report.findings.front().evidence.front();
  odd.claim.id = -1;
  odd.claim.source.raw = "a\t\"quoted\" \\ row\x01\x7f, Detención";
  odd.claim.source.file.clear();
  odd.claim.record_id = 0;
  odd.claim.confidence = 0.1;
  odd.claim.note = "note\n";
  odd.when = ValidTime{};
  report.findings.front().evidence.push_back(&odd);
  report.findings.front().trace.push_back("control \x1b[31m and \r\n");
  streamed.str("");
  WriteOrderReportJson(streamed, report, *orders);
  EXPECT_EQ(streamed.str(), OrderReportJson(report, *orders).dump(2));
  // A finding of an order not in the list has no order_detail, in both.
  report.findings.back().order = "no such order";
  streamed.str("");
  WriteOrderReportJson(streamed, report, *orders);
  EXPECT_EQ(streamed.str(), OrderReportJson(report, *orders).dump(2));
  report.findings.clear();
  streamed.str("");
  WriteOrderReportJson(streamed, report, *orders);
  EXPECT_EQ(streamed.str(), OrderReportJson(report, *orders).dump(2));
}

// `check orders` reads only the claim kinds orders test and builds no episodes or
// conflicts: the report is the same, byte for byte, as from whole timelines.
TEST_F(ScenarioTest, ReadingForTheOrderCheckGivesTheSameReport) {
  auto orders = LoadOrders(*store_);
  ASSERT_TRUE(orders.ok()) << orders.status().message();
  auto context = LoadTimelineContext(*store_);
  ASSERT_TRUE(context.ok());
  auto whole = LoadOrderCheckInput(*store_, *context, TimelineReading::kWhole);
  auto for_check = LoadOrderCheckInput(*store_, *context, TimelineReading::kForOrderCheck);
  ASSERT_TRUE(whole.ok() && for_check.ok());
  std::ostringstream a, b;
  WriteOrderReportJson(a, CheckOrders(*orders, *whole), *orders);
  WriteOrderReportJson(b, CheckOrders(*orders, *for_check), *orders);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_NE(a.str().find("\"verdict\": \"violation\""), std::string::npos);
}

TEST_F(ScenarioTest, CheckOrdersFindsExactlyTheExpectedRemovals) {
  auto orders = LoadOrders(*store_);
  ASSERT_TRUE(orders.ok()) << orders.status().message();
  ASSERT_EQ(orders->size(), 4u);
  auto context = LoadTimelineContext(*store_);
  ASSERT_TRUE(context.ok());
  auto input = LoadOrderCheckInput(*store_, *context);
  ASSERT_TRUE(input.ok());
  const OrderCheckReport report = CheckOrders(*orders, *input);
  std::set<std::string> found;
  for (const OrderFinding& f : report.findings) {
    found.insert(f.order + "," + Subject(f.person_id) + "," +
                 (f.verdict == Tri::kYes ? "violation" : "possible"));
    EXPECT_FALSE(f.trace.empty());
    EXPECT_FALSE(f.evidence.empty());
    if (f.verdict == Tri::kPossible) {
      EXPECT_FALSE(f.open.empty());
    }
  }
  std::ifstream in(test_scenario::ScenarioDir() + "expected_findings.csv");
  std::string line;
  std::getline(in, line);
  std::set<std::string> expected;
  while (std::getline(in, line)) expected.insert(line);
  EXPECT_EQ(found, expected);
}

TEST_F(ScenarioTest, EveryPersonHoldsExactlyItsClaimsInTimeOrder) {
  // LoadOrderCheckInput moves runs of claims into each person as the store reads them;
  // a person's claims come from several files, so in several runs.
  auto context = LoadTimelineContext(*store_);
  ASSERT_TRUE(context.ok());
  auto input = LoadOrderCheckInput(*store_, *context);
  ASSERT_TRUE(input.ok());
  std::map<int64_t, std::vector<Claim>> claims_of;  // unlinked: -record id
  ASSERT_TRUE(store_->ForEachClaim({}, [&](const Claim& c) {
    claims_of[c.record_id ? -c.record_id : c.person_id].push_back(c);
    return true;
  }).ok());
  ASSERT_EQ(input->persons.size(), claims_of.size());
  size_t claims = 0;
  for (const PersonTimeline& p : input->persons) {
    const PersonTimeline expected =
        BuildPersonTimeline(p.person_id, {}, claims_of[p.person_id], *context);
    std::vector<int64_t> got_ids, expected_ids;
    for (const ResolvedClaim& c : p.claims) got_ids.push_back(c.claim.id);
    for (const ResolvedClaim& c : expected.claims) expected_ids.push_back(c.claim.id);
    EXPECT_EQ(got_ids, expected_ids) << p.person_id;
    for (size_t i = 1; i < p.claims.size(); ++i) {
      const ResolvedClaim &a = p.claims[i - 1], &b = p.claims[i];
      if (a.when.known() && b.when.known()) {
        EXPECT_LE(a.when.earliest, b.when.earliest);
      }
      EXPECT_FALSE(!a.when.known() && b.when.known()) << "unknown times last";
    }
    claims += p.claims.size();
  }
  EXPECT_GT(claims, input->persons.size());  // persons with more than one claim
}

TEST_F(ScenarioTest, ContestedAuthorityIsKeptAsAConflict) {
  auto context = LoadTimelineContext(*store_);
  auto input = LoadOrderCheckInput(*store_, *context);
  ASSERT_TRUE(input.ok());
  int conflicts = 0;
  for (const PersonTimeline& p : input->persons) {
    for (const ClaimConflict& c : p.conflicts) conflicts += c.about == "removal authority";
  }
  EXPECT_EQ(conflicts, 3);  // M20, M21, M22
}

TEST_F(ScenarioTest, ImportingAFileAgainChangesNothing) {
  TimelineFileOptions o;
  o.file = test_scenario::ScenarioDir() + "validation.csv";
  o.mapping_file = test_scenario::ScenarioDir() + "validation.toml";
  auto s = ImportTimelineFile(*store_, o);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->already_written);
}

}  // namespace
}  // namespace habeas
