// SourceColumns and DecodeRaw (habeas/ingest.h): a stored row read back as its source
// wrote it, whatever the format, delimiter and encoding of its batch.
#include <gtest/gtest.h>

#include "habeas/ingest.h"
#include "ingest/import_fixture.h"

namespace habeas {
namespace {

using Columns = std::vector<std::pair<std::string, std::string>>;

// A CSV batch as the store keeps it.
BatchInfo CsvBatch(std::string encoding, std::string delimiter, std::string header_json) {
  BatchInfo batch;
  batch.format = "csv";
  batch.encoding = std::move(encoding);
  batch.delimiter = std::move(delimiter);
  batch.header_json = std::move(header_json);
  return batch;
}

class SourceColumnsTest : public ImportFixture {};

TEST_F(SourceColumnsTest, ACsvRowByTheHeadersColumns) {
  ImportSummary s = Import("f.csv", "id,nombre,nacimiento\n7,\"Pérez, Ana\",1990-03-15\n",
                           MappingFor("family"));
  const std::vector<RecordData> records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(SourceColumns(records[0], Batch(s.batch_id)),
            (Columns{{"id", "7"}, {"nombre", "Pérez, Ana"}, {"nacimiento", "1990-03-15"}}));
}

TEST_F(SourceColumnsTest, TheBatchesDelimiterAndEncodingAreUsed) {
  // Windows-1252 and semicolons.
  ImportSummary s = Import("f.csv", "id;nombre;nacimiento\r\n1;JOS\xC9 P\xC9REZ;15/03/1990\r\n",
                           MappingFor("family"));
  ASSERT_EQ(s.encoding, "windows-1252");
  ASSERT_EQ(s.delimiter, "semicolon");
  const std::vector<RecordData> records = Records();
  ASSERT_EQ(records.size(), 1u);
  const BatchInfo batch = Batch(s.batch_id);
  EXPECT_EQ(DecodeRaw(records[0].raw, batch), "1;JOSÉ PÉREZ;15/03/1990");
  EXPECT_EQ(SourceColumns(records[0], batch),
            (Columns{{"id", "1"}, {"nombre", "JOSÉ PÉREZ"}, {"nacimiento", "15/03/1990"}}));
}

TEST_F(SourceColumnsTest, TabSeparatedRows) {
  ImportSummary s = Import("f.tsv", "id\tnombre\tnacimiento\n3\tAna\t1990\n", MappingFor("ngo"));
  ASSERT_EQ(s.delimiter, "tab");
  const std::vector<RecordData> records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(SourceColumns(records[0], Batch(s.batch_id)),
            (Columns{{"id", "3"}, {"nombre", "Ana"}, {"nacimiento", "1990"}}));
}

TEST_F(SourceColumnsTest, AJsonLinesObjectsMembersInOrder) {
  ImportSummary s = Import("f.jsonl",
                           "{\"nombre\": \"Ana\", \"id\": 12, \"nacimiento\": null}\n",
                           MappingFor("court"));
  ASSERT_EQ(s.format, "jsonl");
  const std::vector<RecordData> records = Records();
  ASSERT_EQ(records.size(), 1u);
  // Numbers keep their text; null reads as empty.
  const Columns columns = SourceColumns(records[0], Batch(s.batch_id));
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0], (std::pair<std::string, std::string>{"nombre", "Ana"}));
  EXPECT_EQ(columns[1], (std::pair<std::string, std::string>{"id", "12"}));
  EXPECT_EQ(columns[2].first, "nacimiento");
}

TEST(SourceColumns, ARowThatCannotBeSplitIsShownRaw) {
  const BatchInfo csv = CsvBatch("utf-8", "comma", "[\"a\",\"b\"]");
  RecordData broken;
  broken.raw = "1,\"unterminated";
  EXPECT_EQ(SourceColumns(broken, csv), (Columns{{"raw", "1,\"unterminated"}}));

  BatchInfo jsonl = csv;
  jsonl.format = "jsonl";
  RecordData not_json;
  not_json.raw = "{\"a\": ";
  EXPECT_EQ(SourceColumns(not_json, jsonl), (Columns{{"raw", "{\"a\": "}}));
}

// One splitter for a batch's many rows reads them as SourceColumns does, and says when
// a row cannot be split instead of returning it as ("raw", text).
TEST(StoredRowSplitter, SplitsEachRowOfItsBatchAsSourceColumnsDoes) {
  const BatchInfo batch = CsvBatch("windows-1252", "semicolon", "[\"id\",\"nombre\"]");
  const StoredRowSplitter splitter(batch);
  RecordData a, b, broken;
  a.raw = "1;JOS\xC9";
  b.raw = "2;ANA;extra";
  broken.raw = "3;\"unterminated";
  EXPECT_EQ(splitter.Text(a), "1;JOSÉ");
  EXPECT_EQ(splitter.Split(splitter.Text(a)), (Columns{{"id", "1"}, {"nombre", "JOSÉ"}}));
  EXPECT_EQ(splitter.Split(splitter.Text(b)),
            (Columns{{"id", "2"}, {"nombre", "ANA"}, {"column 3", "extra"}}));
  for (const RecordData* r : {&a, &b}) {
    EXPECT_EQ(*splitter.Split(splitter.Text(*r)), SourceColumns(*r, batch));
  }
  EXPECT_EQ(splitter.Split(splitter.Text(broken)), std::nullopt);
}

TEST(SourceColumns, ADamagedHeaderNamesColumnsByNumber) {
  const BatchInfo batch = CsvBatch("utf-8", "comma", "not json");
  RecordData r;
  r.raw = "x,y";
  EXPECT_EQ(SourceColumns(r, batch), (Columns{{"column 1", "x"}, {"column 2", "y"}}));
}

TEST(DecodeRaw, LatinOneAndAnUnknownEncodingReadAsUtf8) {
  BatchInfo latin1;
  latin1.encoding = "latin-1";
  EXPECT_EQ(DecodeRaw("Mu\xF1oz", latin1), "Muñoz");
  BatchInfo unknown;
  unknown.encoding = "ebcdic";
  EXPECT_EQ(DecodeRaw("Muñoz", unknown), "Muñoz");
  // Bytes invalid in UTF-8 are read as Windows-1252, as the import reads them; the
  // bytes Windows-1252 leaves undefined become U+FFFD.
  EXPECT_EQ(DecodeRaw("a\xFF", unknown), "a\u00FF");
  EXPECT_EQ(DecodeRaw("Jes\xFAs \x8D", unknown), "Jes\u00FAs \uFFFD");
}

}  // namespace
}  // namespace habeas
