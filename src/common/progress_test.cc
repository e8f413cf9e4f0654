#include "habeas/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <thread>

namespace habeas {
namespace {

// The import's progress bar names the file: a file name holding ESC [2J cleared the
// screen of whoever imported it.
TEST(ProgressTest, TheLabelIsDrawnWithControlCharactersEscaped) {
  ::testing::internal::CaptureStderr();
  {
    Progress bar("importing l\x1b[2J.csv", 100, /*enabled=*/true);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    for (int i = 0; i < 1024; ++i) bar.Update(50);
    bar.Finish();
  }
  const std::string drawn = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(drawn.find("importing l\\x1b[2J.csv ["), std::string::npos) << drawn;
  EXPECT_EQ(drawn.find('\x1b'), std::string::npos);
}

TEST(WithCommas, GroupsThousands) {
  EXPECT_EQ(WithCommas(0), "0");
  EXPECT_EQ(WithCommas(7), "7");
  EXPECT_EQ(WithCommas(999), "999");
  EXPECT_EQ(WithCommas(1000), "1,000");
  EXPECT_EQ(WithCommas(1234567), "1,234,567");
  EXPECT_EQ(WithCommas(100000), "100,000");
}

TEST(WithCommas, NegativeValuesAndTheExtremes) {
  EXPECT_EQ(WithCommas(-1), "-1");
  EXPECT_EQ(WithCommas(-1234), "-1,234");
  EXPECT_EQ(WithCommas(std::numeric_limits<int64_t>::max()), "9,223,372,036,854,775,807");
  // -INT64_MIN overflows an int64_t: the magnitude must be taken unsigned.
  EXPECT_EQ(WithCommas(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(Progress, DisabledDrawsNothing) {
  testing::internal::CaptureStderr();
  {
    Progress bar("importing", 100, /*enabled=*/false);
    std::this_thread::sleep_for(std::chrono::milliseconds(110));
    for (int i = 0; i < 5000; ++i) bar.Update(i);
    bar.Finish();
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Progress, NothingIsDrawnForWorkThatEndsAtOnce) {
  testing::internal::CaptureStderr();
  {
    Progress bar("quick", 10, /*enabled=*/true);
    for (int i = 0; i < 10; ++i) bar.Update(i);
  }  // the destructor finishes: nothing was drawn, so no final line either
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(Progress, DrawsTheBarAndEndsItAtOneHundredPercent) {
  testing::internal::CaptureStderr();
  {
    Progress bar("linking", 2048, /*enabled=*/true);
    // Redraws are at most ten a second and checked every 1024th update.
    std::this_thread::sleep_for(std::chrono::milliseconds(110));
    for (int i = 1; i <= 1024; ++i) bar.Update(1024);
    bar.Finish();
    bar.Finish();  // a second Finish draws nothing more
  }
  const std::string err = testing::internal::GetCapturedStderr();
  // Half done: 15 of 30 cells filled, then the final line at 100%.
  EXPECT_NE(err.find("\rlinking [###############---------------]  50% "), std::string::npos)
      << err;
  EXPECT_NE(err.find("\rlinking [##############################] 100% "), std::string::npos)
      << err;
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.back(), '\n');
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
}

}  // namespace
}  // namespace habeas
