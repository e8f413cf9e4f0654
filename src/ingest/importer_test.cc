// In-process tests of ImportFile; the CLI-level golden cases live in tests/import/.
#include "habeas/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace habeas {
namespace {

class ImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("habeas_importer_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto s = OpenSqliteStore((dir_ / "t.db").string());
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return (dir_ / name).string();
  }
  Result<ImportSummary> Import(
      const std::string& file, const std::string& mapping,
      ImportOptions::FieldProblems field_problems = ImportOptions::FieldProblems::kKeepRow) {
    ImportOptions o;
    o.file = file;
    o.mapping_file = mapping;
    o.field_problems = field_problems;
    return ImportFile(*store_, o);
  }
  std::vector<RecordData> Records() {
    std::vector<RecordData> out;
    EXPECT_TRUE(store_
                    ->ForEachRecord({},
                                    [&](const RecordData& r) {
                                      out.push_back(r);
                                      return true;
                                    })
                    .ok());
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

constexpr const char* kMapping = R"([source]
name = "leak"
kind = "leak"
record_id = "id"
[fields]
full_name = "nombre"
birth_date = "nacimiento"
address = ["numero", "calle"]
)";

TEST_F(ImporterTest, Windows1252SemicolonFileIsDecodedAndKeptVerbatim) {
  const std::string raw_row = "1;P\xC9REZ INFANTE, JOS\xC9;15/03/1990;12;Calle \xD1";
  const std::string file =
      Write("leak.csv", "id;nombre;nacimiento;numero;calle;extra\r\n" + raw_row + ";x\r\n");
  Result<ImportSummary> s = Import(file, Write("m.toml", kMapping));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->encoding, "windows-1252");
  EXPECT_EQ(s->delimiter, "semicolon");
  EXPECT_EQ(s->rows_imported, 1);
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].field(CanonicalField::kFullName), "PÉREZ INFANTE, JOSÉ");
  EXPECT_EQ(records[0].field(CanonicalField::kBirthDate), "1990-03-15");
  EXPECT_EQ(records[0].field(CanonicalField::kAddress), "12 Calle Ñ");
  EXPECT_EQ(records[0].raw, raw_row + ";x");  // bytes as in the file, unmapped column included
  EXPECT_EQ(records[0].source_record_id, "1");
}

// 1,000 rows, every 7th with an impossible birth date.
std::string RowsWithBadDates(int* bad) {
  std::string csv = "id,nombre,nacimiento,numero,calle\n";
  *bad = 0;
  for (int i = 1; i <= 1000; ++i) {
    std::string date = "1990-01-01";
    if (i % 7 == 0) {
      date = "1990-02-30";
      ++*bad;
    }
    csv += std::to_string(i) + ",\"Name " + std::to_string(i) + "\"," + date + ",1,Main\n";
  }
  return csv;
}

TEST_F(ImporterTest, FieldsThatDoNotParseAreUnparsedAndTheirRowsImported) {
  int bad = 0;
  const std::string csv = RowsWithBadDates(&bad);
  std::vector<UnparsedField> reported;
  ImportOptions o;
  o.file = Write("f.csv", csv);
  o.mapping_file = Write("m.toml", kMapping);
  o.on_unparsed = [&](const UnparsedField& u) { reported.push_back(u); };
  Result<ImportSummary> s = ImportFile(*store_, o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rows_imported, 1000);
  EXPECT_EQ(s->rows_rejected, 0);
  EXPECT_EQ(s->rows_with_unparsed, bad);
  EXPECT_EQ(s->unparsed_fields, bad);
  ASSERT_EQ(static_cast<int>(reported.size()), bad);
  EXPECT_EQ(reported[0].text, "1990-02-30");
  EXPECT_EQ(reported[0].column, "nacimiento");
  EXPECT_EQ(reported[0].message.rfind("f.csv:8: birth_date (column \"nacimiento\"): ", 0), 0u)
      << reported[0].message;
  auto records = Records();
  ASSERT_EQ(records.size(), 1000u);
  EXPECT_EQ(records[6].field(CanonicalField::kBirthDate), "");
  EXPECT_EQ(records[6].field(CanonicalField::kFullName), "Name 7");
  const std::vector<UnparsedField> stored = UnparsedFields(records[6]);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].message, reported[0].message);
  EXPECT_TRUE(UnparsedFields(records[5]).empty());

  auto listed = ListUnparsedFields(*store_, std::nullopt, 3);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].line, 8);
  EXPECT_EQ((*listed)[0].file, "f.csv");
  EXPECT_EQ((*listed)[0].source, "leak");
  EXPECT_EQ((*listed)[1].source_record_id, "14");
  EXPECT_EQ(ListUnparsedFields(*store_, std::string("leak"), 10000)->size(),
            static_cast<size_t>(bad));

  // Importing the same file again reports the same counts from the store.
  Result<ImportSummary> again = ImportFile(*store_, o);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_imported);
  EXPECT_EQ(again->rows_with_unparsed, bad);
  EXPECT_EQ(again->unparsed_fields, bad);
}

TEST_F(ImporterTest, CountsAddUpAndEveryRowIsAccountedFor) {
  int expect_rejected = 0;
  const std::string csv = RowsWithBadDates(&expect_rejected);
  Result<ImportSummary> s = Import(Write("f.csv", csv), Write("m.toml", kMapping),
                                   ImportOptions::FieldProblems::kRejectRow);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rows_read, 1000);
  EXPECT_EQ(s->rows_rejected, expect_rejected);
  EXPECT_EQ(s->rows_imported + s->rows_rejected, s->rows_read);
  EXPECT_EQ(*store_->CountRecords({}), s->rows_imported);
  auto rejected = store_->ListRejected(std::nullopt, 10000);
  ASSERT_EQ(static_cast<int>(rejected->size()), expect_rejected);
  EXPECT_EQ((*rejected)[0].line, 8);  // id 7 is on line 8
  EXPECT_EQ((*rejected)[0].field, "birth_date");
  EXPECT_EQ((*rejected)[0].raw, "7,\"Name 7\",1990-02-30,1,Main");
}

TEST_F(ImporterTest, MissingColumnImportsNothing) {
  Result<ImportSummary> s = Import(Write("f.csv", "id,name\n1,x\n"), Write("m.toml", kMapping));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(store_->ListSources()->empty());
}

TEST_F(ImporterTest, SameContentTwiceIsANoOpAndANewVersionIsANewBatch) {
  const std::string mapping = Write("m.toml", kMapping);
  const std::string v1 = Write("v1.csv", "id,nombre,nacimiento,numero,calle\n1,A,1990,1,x\n");
  ASSERT_TRUE(Import(v1, mapping).ok());
  Result<ImportSummary> again =
      Import(Write("copy.csv", "id,nombre,nacimiento,numero,calle\n1,A,1990,1,x\n"), mapping);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_imported);
  EXPECT_EQ(*store_->CountRecords({}), 1);
  Result<ImportSummary> v2 =
      Import(Write("v2.csv", "id,nombre,nacimiento,numero,calle\n1,A,1990,1,x\n2,B,,,\n"), mapping);
  ASSERT_TRUE(v2.ok());
  EXPECT_FALSE(v2->already_imported);
  EXPECT_EQ(store_->ListBatches(std::string("leak"))->size(), 2u);
  EXPECT_EQ(*store_->CountRecords({}), 3);
}

TEST_F(ImporterTest, JsonLinesWithNonStringValuesAndBadLines) {
  const std::string mapping = Write("m.toml", R"([source]
name = "court"
kind = "court"
record_id = "id"
[fields]
full_name = "name"
age = "age"
)");
  Result<ImportSummary> s = Import(Write("c.jsonl",
                                         "{\"id\": 1, \"name\": \"J.G.G.\", \"age\": 31, "
                                         "\"case\": \"1:25-cv-00766\"}\n"
                                         "{\"id\": 2, \"name\": \"A\"\n"
                                         "[1,2]\n"
                                         "\n"
                                         "{\"id\": \"3\", \"name\": null, \"age\": \"40\"}\n"),
                                   mapping);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->format, "jsonl");
  EXPECT_EQ(s->rows_read, 4);
  EXPECT_EQ(s->rows_imported, 2);
  EXPECT_EQ(s->rows_rejected, 2);
  EXPECT_EQ(s->blank_lines, 1);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].source_record_id, "1");
  EXPECT_EQ(records[0].field(CanonicalField::kAge), "31");
  EXPECT_EQ(records[1].source_record_id, "3");
  EXPECT_EQ(records[1].line, 5);
  auto rejected = store_->ListRejected(std::nullopt, 10);
  ASSERT_EQ(rejected->size(), 2u);
  EXPECT_NE((*rejected)[0].reason.find("c.jsonl:2: not valid JSON"), std::string::npos);
  EXPECT_NE((*rejected)[1].reason.find("c.jsonl:3: not a JSON object"), std::string::npos);
}

TEST_F(ImporterTest, JsonLinesMappedKeyThatNeverAppearsImportsNothing) {
  const std::string mapping = Write("m.toml", R"([source]
name = "court"
kind = "court"
[fields]
full_name = "nombre"
)");
  Result<ImportSummary> s = Import(Write("c.jsonl", "{\"name\": \"x\"}\n"), mapping);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("names column \"nombre\""), std::string::npos);
  EXPECT_EQ(*store_->CountRecords({}), 0);
  EXPECT_TRUE(store_->ListSources()->empty());
}

// FEBRL (tests/data/febrl): every row of every set is a record; before unparsed
// fields, impossible dates such as 19450493 rejected 3, 10, 35, 0 and 64 rows.
TEST_F(ImporterTest, FebrlEveryRowIsImported) {
  const std::string mapping = Write("febrl.toml", R"([source]
name = "febrl"
kind = "other"
record_id = "rec_id"
encoding = "utf-8"
[fields]
given_names = "given_name"
surname1 = "surname"
address = ["street_number", "address_1", "address_2"]
locality = "suburb"
postcode = "postcode"
region = "state"
birth_date = "date_of_birth"
other_id = "soc_sec_id"
[formats]
birth_date = "YYYYMMDD"
)");
  struct Set {
    const char* name;
    int64_t rows;
    int64_t with_unparsed;  // the rows today's importer rejected
  };
  for (const Set& set : {Set{"febrl1", 1000, 3}, Set{"febrl2", 5000, 10}, Set{"febrl3", 5000, 35},
                         Set{"febrl4a", 5000, 0}, Set{"febrl4b", 5000, 64}}) {
    const std::string csv = std::string(HABEAS_SOURCE_DIR) + "/tests/data/febrl/" + set.name + ".csv";
    ASSERT_TRUE(std::filesystem::exists(csv)) << csv << " is missing (tests/data/README.md)";
    auto store = OpenSqliteStore((dir_ / (std::string(set.name) + ".db")).string());
    ASSERT_TRUE(store.ok());
    ImportOptions o;
    o.file = csv;
    o.mapping_file = mapping;
    Result<ImportSummary> s = ImportFile(**store, o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->rows_read, set.rows) << set.name;
    EXPECT_EQ(s->rows_imported, set.rows) << set.name;
    EXPECT_EQ(s->rows_rejected, 0) << set.name;
    EXPECT_EQ(s->rows_with_unparsed, set.with_unparsed) << set.name;
  }
}

}  // namespace
}  // namespace habeas
