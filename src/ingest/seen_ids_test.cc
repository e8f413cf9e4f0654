#include "ingest/seen_ids.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace habeas::ingest {
namespace {

bool Has(const std::vector<std::string>& c, const std::string& id) {
  return std::find(c.begin(), c.end(), id) != c.end();
}

TEST(SeenIdsTest, FlagsEveryRealRepeat) {
  SeenIds seen;
  for (int i = 0; i < 1000; ++i) seen.Add(std::to_string(i));
  seen.Add("17");
  seen.Add("999");
  const std::vector<std::string> c = seen.candidates();
  EXPECT_TRUE(Has(c, "17"));
  EXPECT_TRUE(Has(c, "999"));
}

TEST(SeenIdsTest, NumberedIdsNeedNoFilter) {
  SeenIds seen;
  for (int i = 1; i <= 200000; ++i) seen.Add("MAN-" + std::to_string(i));
  EXPECT_TRUE(seen.candidates().empty());
  EXPECT_EQ(seen.filter_bytes(), 0u);
}

TEST(SeenIdsTest, ZeroPaddedAndUnpaddedNumbersAreDifferentIds) {
  SeenIds seen;
  for (const char* id : {"7", "9", "10", "007", "010", "0100"}) seen.Add(id);
  EXPECT_TRUE(seen.candidates().empty());
}

TEST(SeenIdsTest, RepeatsAfterTheRunBreaksAreFlagged) {
  SeenIds seen;
  for (int i = 1; i <= 100; ++i) seen.Add(std::to_string(i));
  seen.Add("x-1");  // breaks the run (other prefix)
  seen.Add("101");  // past the run's range: new
  seen.Add("50");   // inside the run's range: repeats a run id
  seen.Add("x-1");  // repeats an id seen past the run
  seen.Add("101");  // likewise
  seen.Add("x-2");  // new
  const std::vector<std::string> c = seen.candidates();
  EXPECT_TRUE(Has(c, "50"));
  EXPECT_TRUE(Has(c, "x-1"));
  EXPECT_TRUE(Has(c, "101"));
  EXPECT_FALSE(Has(c, "x-2"));
  EXPECT_GT(seen.filter_bytes(), 0u);
}

TEST(SeenIdsTest, ARunThatGoesBackwardsIsNotTrusted) {
  SeenIds seen;
  seen.Add("5");
  seen.Add("6");
  seen.Add("5");  // not greater: the run ends here, and "5" is in its range
  EXPECT_TRUE(Has(seen.candidates(), "5"));
}

TEST(SeenIdsTest, FalsePositivesAreRareAtAMillionIds) {
  SeenIds seen;
  // Unordered ids (a hash of i), so the filter does the work.
  for (int64_t i = 0; i < 1000000; ++i) seen.Add("rec-" + std::to_string(i * 7919 % 1000003) + "x");
  // Expected about 0.02; allow a handful so the test does not depend on luck.
  EXPECT_LE(seen.candidates().size(), 5u);
}

}  // namespace
}  // namespace habeas::ingest
