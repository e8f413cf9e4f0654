#include "ingest/seen_ids.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace habeas::ingest {
namespace {

TEST(SeenIdsTest, FlagsEveryRealRepeat) {
  SeenIds seen;
  for (int i = 0; i < 1000; ++i) seen.Add(std::to_string(i));
  seen.Add("17");
  seen.Add("999");
  const std::vector<std::string> c = seen.candidates();
  EXPECT_NE(std::find(c.begin(), c.end(), "17"), c.end());
  EXPECT_NE(std::find(c.begin(), c.end(), "999"), c.end());
}

TEST(SeenIdsTest, FalsePositivesAreRareAtAMillionIds) {
  SeenIds seen;
  for (int i = 0; i < 1000000; ++i) seen.Add("rec-" + std::to_string(i));
  // Expected about 0.02; allow a handful so the test does not depend on luck.
  EXPECT_LE(seen.candidates().size(), 5u);
}

}  // namespace
}  // namespace habeas::ingest
