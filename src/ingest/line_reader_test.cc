#include "ingest/line_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace habeas::ingest {
namespace {

struct Line {
  std::string text;
  int64_t number;
  bool too_long;
};

std::vector<Line> ReadAll(std::string data, size_t max_read = 0) {
  StringSource source(std::move(data), "l.jsonl", max_read);
  LineReader reader(&source);
  std::vector<Line> out;
  std::string_view line;
  int64_t number = 0;
  for (;;) {
    Result<bool> more = reader.Next(&line, &number);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    out.push_back({std::string(line), number, reader.last_line_too_long()});
  }
  return out;
}

TEST(LineReaderTest, LinesAndNumbersWhateverTheReadSize) {
  for (size_t max_read : {size_t{0}, size_t{1}, size_t{3}}) {
    auto lines = ReadAll("\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}", max_read);
    ASSERT_EQ(lines.size(), 3u) << max_read;
    EXPECT_EQ(lines[0].text, "{\"a\":1}");
    EXPECT_EQ(lines[1].text, "");
    EXPECT_EQ(lines[2].text, "{\"b\":2}");
    EXPECT_EQ(lines[2].number, 3);
  }
}

// The partial line was copied to the front of the buffer after every read, even when
// it already started there: 1-byte reads of a 1 MiB line were quadratic.
TEST(LineReaderTest, ShortReadsOfALongLineTakeLinearTime) {
  const std::string big(1 << 20, 'x');
  const auto start = std::chrono::steady_clock::now();
  auto lines = ReadAll(big + "\n" + big + "\n", /*max_read=*/1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].text.size(), big.size());
  EXPECT_LT(seconds, 5.0);
}

// A file with no line breaks grew the buffer without limit (a few GB: out of memory).
// The line is cut at kMaxLineBytes and flagged; the rest of it is skipped.
TEST(LineReaderTest, ALineLongerThanTheLimitIsCutAndTheNextLineFollows) {
  const std::string huge(LineReader::kMaxLineBytes + (3 << 20), 'y');
  for (size_t max_read : {size_t{0}, size_t{100000}}) {
    auto lines = ReadAll("{\"a\":1}\n" + huge + "\n{\"b\":2}\n", max_read);
    ASSERT_EQ(lines.size(), 3u) << max_read;
    EXPECT_FALSE(lines[0].too_long);
    EXPECT_TRUE(lines[1].too_long);
    EXPECT_EQ(lines[1].text.size(), LineReader::kMaxLineBytes);
    EXPECT_EQ(lines[2].text, "{\"b\":2}");
    EXPECT_EQ(lines[2].number, 3);
    EXPECT_FALSE(lines[2].too_long);
  }
  auto lines = ReadAll(huge);  // no line break at all
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].too_long);
}

}  // namespace
}  // namespace habeas::ingest
