#include "ingest/zip_archive.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "common/scratch_dir.h"

namespace habeas::ingest {
namespace {

// Writes `parts` as a zip archive (`method`: Z_DEFLATED or 0 for stored) and returns
// its bytes.
std::string ZipBytes(const std::map<std::string, std::string>& parts, int method = Z_DEFLATED) {
  ScratchDir dir("zip");
  const std::string path = dir.Path("archive.zip");
  zipFile zip = zipOpen64(path.c_str(), 0);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : parts) {
    zip_fileinfo info{};
    EXPECT_EQ(zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                    method, method == 0 ? 0 : 9, 0),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())),
              ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(zip), ZIP_OK);
  }
  EXPECT_EQ(zipClose(zip, nullptr), ZIP_OK);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

Result<std::string> ReadAll(ByteSource& part, size_t chunk = 4096) {
  std::string out;
  std::string buffer(chunk, '\0');
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, part.Read(buffer.data(), buffer.size()));
    if (n == 0) return out;
    out.append(buffer.data(), n);
  }
}

TEST(ZipArchiveTest, PartsAreFoundByNameIgnoringCaseAndReadWhole) {
  const std::string sheet(100000, 'x');
  StringSource source(ZipBytes({{"xl/workbook.xml", "<workbook/>"},
                                {"xl/worksheets/sheet1.xml", sheet}}),
                      "list.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  EXPECT_EQ((*zip)->name(), "list.xlsx");
  EXPECT_TRUE((*zip)->Has("xl/workbook.xml"));
  EXPECT_TRUE((*zip)->Has("XL/Workbook.XML"));
  EXPECT_FALSE((*zip)->Has("xl/workbook"));
  EXPECT_FALSE((*zip)->Has("workbook.xml"));

  auto part = (*zip)->OpenPart("xl/worksheets/SHEET1.xml");
  ASSERT_TRUE(part.ok()) << part.status().message();
  EXPECT_EQ((*part)->name(), "list.xlsx: xl/worksheets/SHEET1.xml");
  const Result<std::string> text = ReadAll(**part, 333);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, sheet);
  // Past the end: still the end.
  char c;
  const Result<size_t> again = (*part)->Read(&c, 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);

  const Result<uint64_t> size = (*zip)->PartSize("xl/worksheets/sheet1.xml");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, sheet.size());
}

TEST(ZipArchiveTest, RewindReadsThePartAgain) {
  StringSource source(ZipBytes({{"a.xml", "<a>first</a>"}}), "w.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok());
  auto part = (*zip)->OpenPart("a.xml");
  ASSERT_TRUE(part.ok());
  char head[3];
  ASSERT_EQ(*(*part)->Read(head, 3), 3u);
  ASSERT_TRUE((*part)->Rewind().ok());
  EXPECT_EQ(*ReadAll(**part), "<a>first</a>");
  ASSERT_TRUE((*part)->Rewind().ok());
  EXPECT_EQ(*ReadAll(**part), "<a>first</a>");
}

TEST(ZipArchiveTest, AMissingPartIsNotFoundNamingArchiveAndPart) {
  StringSource source(ZipBytes({{"a.xml", "<a/>"}}), "list.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok());
  const auto part = (*zip)->OpenPart("xl/sharedStrings.xml");
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(part.status().message(), "list.xlsx: xl/sharedStrings.xml: missing from the workbook");
  const auto size = (*zip)->PartSize("nope.xml");
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.status().message(), "list.xlsx: nope.xml: missing from the workbook");
}

TEST(ZipArchiveTest, WhatIsNotAZipSaysWhatToDo) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  const std::string not_zip =
      "list.xlsx: not an .xlsx workbook (not a zip archive, or a damaged one); open it in a "
      "spreadsheet program and save it as .xlsx again";
  const std::string ole2 =
      "list.xlsx: not an .xlsx workbook but an older .xls file, or an .xlsx protected by a "
      "password; save it as .xlsx without a password (or name it .xls)";
  const std::string zip = ZipBytes({{"a.xml", "<a/>"}});
  const Case cases[] = {
      {"", not_zip},
      {"name,date\nAna,2020-01-01\n", not_zip},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'), ole2},
      // The OLE2 magic alone, cut short, is still an .xls.
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), ole2},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A", 7), not_zip},
      // A zip cut before its central directory.
      {zip.substr(0, zip.size() / 2), not_zip},
  };
  for (const Case& c : cases) {
    StringSource source(c.bytes, "list.xlsx");
    const auto opened = ZipArchive::Open(source);
    ASSERT_FALSE(opened.ok()) << c.bytes.size() << " bytes";
    EXPECT_EQ(opened.status().code(), StatusCode::kInvalidInput);
    EXPECT_EQ(opened.status().message(), c.message);
  }
}

TEST(ZipArchiveTest, DamagedStoredDataFailsItsChecksum) {
  const std::string content = "<sheetData><row r=\"1\"/></sheetData>";
  std::string bytes = ZipBytes({{"s.xml", content}}, /*method=*/0);
  const size_t at = bytes.find(content);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 12] = 'R';  // "row" → "Row": same length, different CRC
  StringSource source(bytes, "list.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  auto part = (*zip)->OpenPart("s.xml");
  ASSERT_TRUE(part.ok()) << part.status().message();
  const Result<std::string> text = ReadAll(**part);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().message(),
            "list.xlsx: s.xml: damaged compressed data (checksum mismatch); the file is corrupt");
}

TEST(ZipArchiveTest, DamagedDeflateDataIsRefused) {
  std::string content;
  for (int i = 0; i < 5000; ++i) content += "<c r=\"A" + std::to_string(i) + "\"/>";
  std::string bytes = ZipBytes({{"s.xml", content}});
  // Overwrite the middle of the compressed stream (after the local header and name).
  const size_t start = 30 + 5 + 20;
  for (size_t i = start; i < start + 64; ++i) bytes[i] = '\xFF';
  StringSource source(bytes, "list.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  auto part = (*zip)->OpenPart("s.xml");
  ASSERT_TRUE(part.ok()) << part.status().message();
  const Result<std::string> text = ReadAll(**part);
  ASSERT_FALSE(text.ok()) << "a damaged stream must not read as a shorter sheet";
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().message().rfind("list.xlsx: s.xml: damaged compressed data (", 0), 0u)
      << text.status().message();
}

TEST(ZipArchiveTest, AZipBombIsRefusedBeforeInflating) {
  // Zeros deflate about 1000:1; up to kRatioFreeBytes no ratio applies.
  const std::string at_limit(ZipArchive::kRatioFreeBytes, '\0');
  const std::string over_limit(ZipArchive::kRatioFreeBytes + 1, '\0');
  StringSource source(ZipBytes({{"small.xml", at_limit}, {"bomb.xml", over_limit}}), "b.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok()) << zip.status().message();

  auto small = (*zip)->OpenPart("small.xml");
  ASSERT_TRUE(small.ok()) << small.status().message();
  const Result<std::string> text = ReadAll(**small, 1 << 16);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->size(), at_limit.size());

  const auto bomb = (*zip)->OpenPart("bomb.xml");
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.status().code(), StatusCode::kInvalidInput);
  const std::string& message = bomb.status().message();
  EXPECT_EQ(message.rfind("b.xlsx: bomb.xml: compressed ", 0), 0u) << message;
  EXPECT_NE(message.find(" bytes inflate to 1048577, more than 250 times: a zip bomb, not a "
                         "spreadsheet; refused"),
            std::string::npos)
      << message;
  // Its declared size is still reported: the cap is on reading, not on asking.
  const Result<uint64_t> size = (*zip)->PartSize("bomb.xml");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, over_limit.size());
}

TEST(ZipArchiveTest, OpeningAnotherPartEndsTheFirst) {
  StringSource source(ZipBytes({{"a.xml", std::string(5000, 'a')},
                                {"b.xml", std::string(5000, 'b')}}),
                      "w.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok());
  auto a = (*zip)->OpenPart("a.xml");
  ASSERT_TRUE(a.ok());
  char buffer[100];
  ASSERT_EQ(*(*a)->Read(buffer, sizeof buffer), sizeof buffer);
  auto b = (*zip)->OpenPart("b.xml");
  ASSERT_TRUE(b.ok());
  // Rewinding the first starts it again; the second is then the one ended.
  ASSERT_TRUE((*a)->Rewind().ok());
  const Result<std::string> all_a = ReadAll(**a);
  ASSERT_TRUE(all_a.ok()) << all_a.status().message();
  EXPECT_EQ(*all_a, std::string(5000, 'a'));
}

// Regression: a part read after another part of its archive was opened went on
// reading, through minizip's one current entry, the bytes of the other part, and a
// stale part destroyed later closed the part opened after it, whose next read then
// failed as "damaged compressed data". The header promised "opening another ends the
// previous one".
TEST(ZipArchiveRegressionTest, AStalePartNeverReadsAnotherPartsBytes) {
  StringSource source(ZipBytes({{"a.xml", std::string(5000, 'a')},
                                {"b.xml", std::string(5000, 'b')}}),
                      "w.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok());
  auto a = (*zip)->OpenPart("a.xml");
  ASSERT_TRUE(a.ok());
  char buffer[100];
  ASSERT_EQ(*(*a)->Read(buffer, sizeof buffer), sizeof buffer);
  auto b = (*zip)->OpenPart("b.xml");
  ASSERT_TRUE(b.ok());
  const Result<size_t> stale = (*a)->Read(buffer, sizeof buffer);
  ASSERT_FALSE(stale.ok()) << "read " << *stale << " bytes starting \"" << buffer[0] << "\"";
  EXPECT_EQ(stale.status().code(), StatusCode::kInternal);
  EXPECT_EQ(stale.status().message(),
            "w.xlsx: a.xml: another part of the archive was opened since; Rewind() to read "
            "this one again");
  // The part opened last is untouched by the stale one's read.
  const Result<std::string> all_b = ReadAll(**b);
  ASSERT_TRUE(all_b.ok()) << all_b.status().message();
  EXPECT_EQ(*all_b, std::string(5000, 'b'));
}

TEST(ZipArchiveRegressionTest, DestroyingAStalePartLeavesTheOpenOneReadable) {
  StringSource source(ZipBytes({{"a.xml", std::string(5000, 'a')},
                                {"b.xml", std::string(5000, 'b')}}),
                      "w.xlsx");
  auto zip = ZipArchive::Open(source);
  ASSERT_TRUE(zip.ok());
  auto a = (*zip)->OpenPart("a.xml");
  ASSERT_TRUE(a.ok());
  auto b = (*zip)->OpenPart("b.xml");
  ASSERT_TRUE(b.ok());
  a->reset();
  const Result<std::string> all_b = ReadAll(**b);
  ASSERT_TRUE(all_b.ok()) << all_b.status().message();
  EXPECT_EQ(*all_b, std::string(5000, 'b'));
}

}  // namespace
}  // namespace habeas::ingest
