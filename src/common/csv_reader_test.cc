#include "common/csv_reader.h"

#include <gtest/gtest.h>


namespace habeas {
namespace {

struct Parsed {
  std::vector<std::string> fields;
  std::string raw;
  uint64_t line, end_line;
  std::string problem;
};

// Reads all records, with reads of `max_read` bytes to exercise buffer refills.
std::vector<Parsed> ReadAll(std::string data, char delimiter = ',', size_t max_read = 0) {
  StringSource source(std::move(data), "t.csv", max_read);
  CsvReader reader(&source, CsvDialect{delimiter});
  std::vector<Parsed> out;
  CsvRow row;
  for (;;) {
    Result<bool> more = reader.Next(&row);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    Parsed p{{}, std::string(row.raw), row.line, row.end_line, row.problem};
    for (auto f : row.fields) p.fields.emplace_back(f);
    out.push_back(std::move(p));
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, Rfc4180QuotingAndLineEnds) {
  for (size_t max_read : {0, 1, 2, 7}) {
    auto rows = ReadAll(
        "id,name,note\r\n1,\"Pérez, José\",\"said "
        "\"\"hola\"\"\"\r\n2,Ana,\"line1\nline2\"\r\n3,,\n",
        ',', max_read);
    ASSERT_EQ(rows.size(), 4u) << max_read;
    EXPECT_EQ(rows[0].fields, (Fields{"id", "name", "note"}));
    EXPECT_EQ(rows[1].fields, (Fields{"1", "Pérez, José", "said \"hola\""}));
    EXPECT_EQ(rows[1].raw, "1,\"Pérez, José\",\"said \"\"hola\"\"\"");
    EXPECT_EQ(rows[2].fields, (Fields{"2", "Ana", "line1\nline2"}));
    EXPECT_EQ(rows[2].line, 3u);
    EXPECT_EQ(rows[2].end_line, 4u);
    EXPECT_EQ(rows[3].fields, (Fields{"3", "", ""}));
    EXPECT_EQ(rows[3].line, 5u);
  }
}

TEST(CsvReaderTest, BomEmptyLinesLoneCrAndNoFinalNewline) {
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a;b\n\n\r\nc;d\re;f",
      ';', 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(rows[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(rows[1].line, 4u);
  EXPECT_EQ(rows[2].fields, (Fields{"e", "f"}));
  EXPECT_EQ(rows[2].line, 5u);
}

TEST(CsvReaderTest, TabsAndEmptyQuotedFields) {
  auto rows = ReadAll("a\t\"\"\t\"x\ty\"\n", '\t');
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"a", "", "x\ty"}));
}

TEST(CsvReaderTest, UnterminatedQuoteYieldsOneProblemRowAndResumes) {
  for (size_t max_read : {0, 3}) {
    auto rows = ReadAll("id,name\n1,\"Ana\n2,Luis\n3,Rosa\n", ',', max_read);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_TRUE(rows[0].problem.empty());
    EXPECT_EQ(rows[1].raw, "1,\"Ana");
    EXPECT_EQ(rows[1].line, 2u);
    EXPECT_NE(rows[1].problem.find("opened on line 2"), std::string::npos);
    EXPECT_EQ(rows[2].fields, (Fields{"2", "Luis"}));
    EXPECT_EQ(rows[2].line, 3u);
    EXPECT_EQ(rows[3].fields, (Fields{"3", "Rosa"}));
  }
}

TEST(CsvReaderTest, LenientWithTextAfterClosingQuoteAndStrayQuotes) {
  auto rows = ReadAll("\"ab\"cd,e\"f\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (Fields{"abcd", "e\"f"}));
}

TEST(CsvReaderTest, LongRecordsGrowTheBuffer) {
  std::string big(3 << 20, 'x');
  auto rows = ReadAll("a,\"" + big + "\"\nb,c\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[1].size(), big.size());
  EXPECT_EQ(rows[1].fields, (Fields{"b", "c"}));
}

// A source that serves a few bytes per Read() (a pipe, a network stream) used to make
// the reader parse the unfinished record again after every few bytes: a 1 MiB field
// read byte by byte took about a minute (quadratic). The buffer is now filled first.
// How long it takes is src/ingest/readers_benchmark's (linear, fitted by Google
// Benchmark); here, that 1-byte reads give the records whole.
TEST(CsvReaderTest, OneByteReadsOfALongRecordGiveItWhole) {
  const std::string big(1 << 20, 'x');
  auto rows = ReadAll("a,\"" + big + "\"\nb," + big + "\n", ',', /*max_read=*/1);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[1], big);
  EXPECT_EQ(rows[1].fields[1], big);
  EXPECT_EQ(rows[1].line, 2u);
}

// A line longer than kMaxRecordBytes with no quote (a file without line breaks) grew
// the buffer without limit; it is one problem row now, and the next line reads on.
TEST(CsvReaderTest, ALineLongerThanTheLimitIsOneProblemRow) {
  const std::string huge(CsvReader::kMaxRecordBytes + (1 << 20), 'y');
  for (size_t max_read : {size_t{0}, size_t{65536}}) {
    for (const char* eol : {"\n", "\r\n"}) {
      auto rows = ReadAll("a,b" + std::string(eol) + huge + eol + "1,2" + eol, ',', max_read);
      ASSERT_EQ(rows.size(), 3u) << max_read;
      EXPECT_EQ(rows[1].line, 2u);
      EXPECT_NE(rows[1].problem.find("record longer than 8 MiB starting on line 2"),
                std::string::npos)
          << rows[1].problem;
      EXPECT_LE(rows[1].raw.size(), CsvReader::kMaxRecordBytes);
      EXPECT_EQ(rows[2].fields, (Fields{"1", "2"}));
      EXPECT_EQ(rows[2].line, 3u);
    }
  }
  auto rows = ReadAll("a,b\n" + huge);  // and at the end of the file
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[1].problem.empty());
}

TEST(CsvReaderTest, DetectsDelimiter) {
  EXPECT_EQ(DetectDelimiter("a,b,c\n1,2,3\n"), ',');
  EXPECT_EQ(DetectDelimiter("nombre;apellido;nota\nJosé;Pérez;\"a, b, c, d\"\n"), ';');
  EXPECT_EQ(DetectDelimiter("a\tb\n1\t2\n"), '\t');
  EXPECT_EQ(DetectDelimiter("a;b;c"), ';');
  EXPECT_EQ(DetectDelimiter("single\n"), ',');
}

}  // namespace
}  // namespace habeas
