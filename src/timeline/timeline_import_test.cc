// Timeline files are read with the list importer's encoding rule (common/encoding.h):
// UTF-8 by evidence, so one damaged byte in a UTF-8 file is one replaced character and a
// notice, not a file of "Detención" read as "DetenciÃ³n"; Windows-1252 when the bytes
// say so; the mapping's `encoding` when it has one.
#include "habeas/timeline_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "habeas/store.h"

namespace habeas {
namespace {

class TimelineEncodingTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("timeline_encoding_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto s = OpenSqliteStore((dir_ / "t.db").string());
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  Result<TimelineFileSummary> ImportFacilities(const std::string& bytes,
                                               const std::string& encoding_line = "") {
    TimelineFileOptions o;
    o.file = Write("facilities.csv", bytes);
    o.mapping_file = Write("facilities.toml", "[source]\nname = \"facilities\"\nkind = \"other\"\n" +
                                                  encoding_line +
                                                  "[entity]\nkind = \"facility\"\n"
                                                  "[columns]\nname = \"name\"\nplace = \"place\"\n");
    return ImportTimelineFile(*store_, o);
  }
  std::vector<std::string> FacilityNames() {
    auto facilities = store_->ListFacilities();
    EXPECT_TRUE(facilities.ok());
    std::vector<std::string> names;
    for (const Facility& f : *facilities) names.push_back(f.name);
    return names;
  }

  // Twelve facilities with accented names, as UTF-8.
  static std::string Utf8Facilities() {
    std::string text = "name,place\n";
    for (int i = 1; i <= 12; ++i) {
      text += "Centro de Detención Número " + std::to_string(i) + ",Tecoluca\n";
    }
    return text;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

// The byte, pasted from a Windows-1252 file, is read as Windows-1252 (as the list
// importer reads it), not as U+FFFD.
TEST_F(TimelineEncodingTest, OneWindows1252ByteInAUtf8FileIsItsLetterAndANotice) {
  std::string bytes = Utf8Facilities();
  const size_t at = bytes.find("Número 7");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, std::string("Número").size(), "N\xFAmero");  // a Windows-1252 ú
  auto s = ImportFacilities(bytes);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->facilities, 12);
  EXPECT_NE(s->encoding_warning.find("line 8"), std::string::npos) << s->encoding_warning;
  const std::vector<std::string> names = FacilityNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "Centro de Detención Número 1"), names.end());
  EXPECT_EQ(std::count(names.begin(), names.end(), "Centro de Detención Número 7"), 1);
  EXPECT_NE(s->encoding_warning.find("read as Windows-1252"), std::string::npos)
      << s->encoding_warning;
  for (const std::string& n : names) EXPECT_EQ(n.find("Ã"), std::string::npos) << n;
}

TEST_F(TimelineEncodingTest, AWindows1252FileIsReadAsOne) {
  std::string bytes = "name,place\nCentro de Detenci\xF3n,Tecoluca\n";
  auto s = ImportFacilities(bytes);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->encoding_warning.empty());
  EXPECT_EQ(FacilityNames(), std::vector<std::string>{"Centro de Detención"});
}

TEST_F(TimelineEncodingTest, TheMappingsEncodingWins) {
  // Valid UTF-8 bytes, but the mapping says Latin-1: "Ã³" is what Latin-1 reads.
  auto s = ImportFacilities("name,place\nDetención,Tecoluca\n", "encoding = \"latin-1\"\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(FacilityNames(), std::vector<std::string>{"Detenci\xC3\x83\xC2\xB3n"});
  auto bad = ImportFacilities("name,place\nX,Y\n", "encoding = \"ebcdic\"\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("facilities.toml:4: unknown encoding \"ebcdic\""),
            std::string::npos)
      << bad.status().message();
}

TEST_F(TimelineEncodingTest, AUtf16FileIsRefusedNotMisread) {
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("name,place\nX,Y\n")) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  auto s = ImportFacilities(bytes);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("UTF-16"), std::string::npos) << s.status().message();
  EXPECT_TRUE(FacilityNames().empty());
}

}  // namespace
}  // namespace habeas
