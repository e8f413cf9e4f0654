#include "ingest/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "habeas/byte_source.h"

namespace habeas::ingest {
namespace {

// A line, its number and whether the reader cut it (LineReader::last_line_too_long).
struct Line {
  std::string text;
  int64_t number = 0;
  bool too_long = false;
  bool operator==(const Line&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Line& l) {
  return os << l.number << ":" << l.text << (l.too_long ? " (cut)" : "");
}

// Every line of `bytes`, read in reads of at most `max_read` bytes (0: any size).
std::vector<Line> ReadLines(const std::string& bytes, size_t max_read = 0,
                            uint64_t* consumed = nullptr) {
  StringSource source(bytes, "t.jsonl", max_read);
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
  if (consumed != nullptr) *consumed = reader.bytes_consumed();
  return out;
}

TEST(LineReader, SplitsOnLfAndCrLf) {
  uint64_t consumed = 0;
  EXPECT_EQ(ReadLines("a\nbb\r\nccc\n", 0, &consumed),
            (std::vector<Line>{{"a", 1}, {"bb", 2}, {"ccc", 3}}));
  EXPECT_EQ(consumed, 10u);
}

TEST(LineReader, TheLastLineNeedsNoTerminator) {
  EXPECT_EQ(ReadLines("a\nlast"), (std::vector<Line>{{"a", 1}, {"last", 2}}));
  EXPECT_EQ(ReadLines("only\r"), (std::vector<Line>{{"only", 1}}));
}

TEST(LineReader, EmptyInputHasNoLinesButBlankLinesCount) {
  EXPECT_TRUE(ReadLines("").empty());
  EXPECT_EQ(ReadLines("\n\nx\n"), (std::vector<Line>{{"", 1}, {"", 2}, {"x", 3}}));
}

TEST(LineReader, AUtf8BomIsDroppedFromTheFirstLineOnly) {
  EXPECT_EQ(ReadLines("\xEF\xBB\xBF{}\n\xEF\xBB\xBFx"),
            (std::vector<Line>{{"{}", 1}, {"\xEF\xBB\xBFx", 2}}));
}

TEST(LineReader, ACrInsideALineIsKept) {
  EXPECT_EQ(ReadLines("a\rb\n"), (std::vector<Line>{{"a\rb", 1}}));
}

TEST(LineReader, ShortReadsGiveTheSameLines) {
  const std::string bytes = "{\"a\": 1}\r\n{\"b\": 22}\n\n{\"c\": 333}";
  const std::vector<Line> whole = ReadLines(bytes);
  for (size_t max_read : {1, 2, 3, 7}) EXPECT_EQ(ReadLines(bytes, max_read), whole) << max_read;
}

TEST(LineReader, LinesLongerThanTheBufferGrowIt) {
  const std::string long_line(3 << 20, 'x');  // three times the initial 1 MiB buffer
  const std::vector<Line> lines = ReadLines("a\n" + long_line + "\nb");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].text.size(), long_line.size());
  EXPECT_EQ(lines[1].text, long_line);
  EXPECT_EQ(lines[2], (Line{"b", 3}));
}

// A source that fails after serving some bytes (EIO midway).
class FailingSource final : public ByteSource {
 public:
  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (served_) return Unavailable("t.jsonl: read error: Input/output error");
    served_ = true;
    const std::string first = "one\ntw";
    const size_t n = std::min(capacity, first.size());
    first.copy(buffer, n);
    return n;
  }
  Status Rewind() override { return Status::Ok(); }
  const std::string& name() const override { return name_; }

 private:
  bool served_ = false;
  std::string name_ = "t.jsonl";
};

TEST(LineReader, AReadErrorIsReturnedNotTakenForTheEnd) {
  FailingSource source;
  LineReader reader(&source);
  std::string_view line;
  int64_t number = 0;
  Result<bool> first = reader.Next(&line, &number);
  ASSERT_TRUE(first.ok() && *first);
  EXPECT_EQ(line, "one");
  Result<bool> second = reader.Next(&line, &number);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST(LineReaderTest, LinesAndNumbersWhateverTheReadSize) {
  for (size_t max_read : {size_t{0}, size_t{1}, size_t{3}}) {
    auto lines = ReadLines("\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}", max_read);
    ASSERT_EQ(lines.size(), 3u) << max_read;
    EXPECT_EQ(lines[0].text, "{\"a\":1}");
    EXPECT_EQ(lines[1].text, "");
    EXPECT_EQ(lines[2].text, "{\"b\":2}");
    EXPECT_EQ(lines[2].number, 3);
  }
}

// The partial line was copied to the front of the buffer after every read, even when
// it already started there: 1-byte reads of a 1 MiB line were quadratic. The time is
// src/ingest/readers_benchmark's (linear, fitted); here, that the lines come whole.
TEST(LineReaderTest, OneByteReadsOfALongLineGiveItWhole) {
  const std::string big(1 << 20, 'x');
  auto lines = ReadLines(big + "\n" + big + "\n", /*max_read=*/1);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, big);
  EXPECT_EQ(lines[1].text, big);
  EXPECT_EQ(lines[1].number, 2);
  EXPECT_FALSE(lines[1].too_long);
}

// A file with no line breaks grew the buffer without limit (a few GB: out of memory).
// The line is cut at kMaxLineBytes and flagged; the rest of it is skipped.
TEST(LineReaderTest, ALineLongerThanTheLimitIsCutAndTheNextLineFollows) {
  const std::string huge(LineReader::kMaxLineBytes + (3 << 20), 'y');
  for (size_t max_read : {size_t{0}, size_t{100000}}) {
    auto lines = ReadLines("{\"a\":1}\n" + huge + "\n{\"b\":2}\n", max_read);
    ASSERT_EQ(lines.size(), 3u) << max_read;
    EXPECT_FALSE(lines[0].too_long);
    EXPECT_TRUE(lines[1].too_long);
    EXPECT_EQ(lines[1].text.size(), LineReader::kMaxLineBytes);
    EXPECT_EQ(lines[2].text, "{\"b\":2}");
    EXPECT_EQ(lines[2].number, 3);
    EXPECT_FALSE(lines[2].too_long);
  }
  auto lines = ReadLines(huge);  // no line break at all
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(lines[0].too_long);
}

}  // namespace
}  // namespace habeas::ingest

