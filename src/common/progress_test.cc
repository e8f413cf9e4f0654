#include "common/progress.h"

#include <gtest/gtest.h>

#include <chrono>
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

TEST(ProgressTest, WithCommas) {
  EXPECT_EQ(WithCommas(1234567), "1,234,567");
  EXPECT_EQ(WithCommas(-1000), "-1,000");
}

}  // namespace
}  // namespace habeas
