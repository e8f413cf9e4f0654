#include "common/background_output.h"

#include <gtest/gtest.h>

#include <sstream>
#include <streambuf>

namespace habeas {
namespace {

TEST(BackgroundOutputTest, WritesEveryChunkInOrder) {
  std::ostringstream out;
  std::string expected;
  {
    BackgroundOutput output(out, 2);
    for (int i = 0; i < 1000; ++i) {
      std::string chunk = std::to_string(i) + ",";
      expected += chunk;
      output.Write(std::move(chunk));
    }
    output.Close();
    EXPECT_EQ(out.str(), expected);
  }
  EXPECT_EQ(out.str(), expected);
}

// A stream that takes nothing: every write sets badbit.
class FullDisk : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  int_type overflow(int_type) override { return traits_type::eof(); }
};

TEST(BackgroundOutputTest, CloseRethrowsWhatTheWritesThrew) {
  FullDisk disk;
  std::ostream out(&disk);
  out.exceptions(std::ios::badbit);
  BackgroundOutput output(out, 2);
  for (int i = 0; i < 10; ++i) output.Write("chunk");
  EXPECT_THROW(output.Close(), std::ios_base::failure);
  EXPECT_NO_THROW(output.Close());
}

TEST(BackgroundOutputTest, FailureWithoutExceptionsLeavesTheStreamBad) {
  FullDisk disk;
  std::ostream out(&disk);
  {
    BackgroundOutput output(out);
    output.Write("chunk");
  }
  EXPECT_TRUE(out.bad());
}

}  // namespace
}  // namespace habeas
