// In-process tests of ImportFile on both store backends (SQLite, and PostgreSQL when
// HABEAS_TEST_PG_URL names a server: store/test_backends.h); the CLI-level golden
// cases live in tests/import/.
#include "habeas/ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/scratch_dir.h"
#include "habeas/byte_source.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

class ImporterTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    // The files a test writes (lists, mappings) go beside the store, in a directory of
    // their own whatever the backend.
    dir_ = std::filesystem::temp_directory_path() /
           ("habeas_importer_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(static_cast<int>(GetParam())) + "_" +
            ScratchDir::TestName());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    auto s = OpenStore(location_->db());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    location_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return (dir_ / name).string();
  }
  // Imports `source` (named `name`: its extension chooses the format) with `mapping`.
  Result<ImportSummary> ImportFrom(ByteSource& source, const std::string& name,
                                   const std::string& mapping) {
    ImportOptions o;
    o.file = name;
    o.mapping_file = Write("m.toml", mapping);
    return ImportFile(*store_, source, o);
  }
  // Nothing of a failed import is left: no source, batch, record or rejected row.
  void ExpectStoreEmpty() {
    EXPECT_EQ(*store_->CountRecords({}), 0);
    EXPECT_TRUE(store_->ListSources()->empty());
    EXPECT_TRUE(store_->ListBatches(std::nullopt)->empty());
    EXPECT_TRUE(store_->ListRejected(std::nullopt, -1)->empty());
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
  std::optional<TestStoreLocation> location_;
  std::unique_ptr<Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, ImporterTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

constexpr const char* kMapping = R"([source]
name = "leak"
kind = "leak"
record_id = "id"
[fields]
full_name = "nombre"
birth_date = "nacimiento"
address = ["numero", "calle"]
)";

TEST_P(ImporterTest, Windows1252SemicolonFileIsDecodedAndKeptVerbatim) {
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

TEST_P(ImporterTest, FieldsThatDoNotParseAreUnparsedAndTheirRowsImported) {
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

TEST_P(ImporterTest, CountsAddUpAndEveryRowIsAccountedFor) {
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

TEST_P(ImporterTest, MissingColumnImportsNothing) {
  Result<ImportSummary> s = Import(Write("f.csv", "id,name\n1,x\n"), Write("m.toml", kMapping));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(store_->ListSources()->empty());
}

TEST_P(ImporterTest, SameContentTwiceIsANoOpAndANewVersionIsANewBatch) {
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

TEST_P(ImporterTest, JsonLinesWithNonStringValuesAndBadLines) {
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

TEST_P(ImporterTest, JsonLinesMappedKeyThatNeverAppearsImportsNothing) {
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
TEST_P(ImporterTest, FebrlEveryRowIsImported) {
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
    const std::string csv =
        std::string(HABEAS_SOURCE_DIR) + "/tests/data/febrl/" + set.name + ".csv";
    ASSERT_TRUE(std::filesystem::exists(csv)) << csv << " is missing (tests/data/README.md)";
    std::optional<TestStoreLocation> location;
    HABEAS_SETUP_TEST_BACKEND(location, GetParam());
    auto store = OpenStore(location->db());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
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

// A list served the way disks and growing files serve it: reads of at most `max_read`
// bytes, an I/O error once `fail_at` bytes of pass `fail_in_pass` were served, or
// `appended` added to the file once `grow_at` bytes of pass `grow_in_pass` were served.
// Passes are counted from 1; Rewind() starts the next.
class FaultySource final : public ByteSource {
 public:
  struct Faults {
    size_t max_read = 0;   // 0: as much as asked
    int fail_in_pass = 0;  // 0: never
    size_t fail_at = 0;
    int grow_in_pass = 0;  // 0: never
    size_t grow_at = 0;
    std::string appended;
    std::string replaced;  // with grow_*: the data becomes this instead (same size)
  };
  static Faults ShortReads(size_t max_read) {
    Faults f;
    f.max_read = max_read;
    return f;
  }
  static Faults FailAt(int pass, size_t at, size_t max_read = 0) {
    Faults f;
    f.fail_in_pass = pass;
    f.fail_at = at;
    f.max_read = max_read;
    return f;
  }
  static Faults GrowAt(int pass, size_t at, std::string appended, std::string replaced = "") {
    Faults f;
    f.grow_in_pass = pass;
    f.grow_at = at;
    f.appended = std::move(appended);
    f.replaced = std::move(replaced);
    return f;
  }
  FaultySource(std::string data, std::string name, Faults faults)
      : data_(std::move(data)), name_(std::move(name)), faults_(std::move(faults)) {}

  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (pass_ == faults_.grow_in_pass && pos_ >= faults_.grow_at && !grown_) {
      grown_ = true;
      if (!faults_.replaced.empty()) data_ = faults_.replaced;
      data_ += faults_.appended;
    }
    size_t n = std::min(capacity, data_.size() - pos_);
    if (faults_.max_read > 0) n = std::min(n, faults_.max_read);
    if (pass_ == faults_.fail_in_pass) {
      if (pos_ >= faults_.fail_at) return Unavailable(name_ + ": read error: Input/output error");
      n = std::min(n, faults_.fail_at - pos_);
    }
    if (pass_ == faults_.grow_in_pass && !grown_) n = std::min(n, faults_.grow_at - pos_);
    std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  Status Rewind() override {
    ++pass_;
    pos_ = 0;
    return Status::Ok();
  }
  const std::string& name() const override { return name_; }

 private:
  std::string data_;
  std::string name_;
  Faults faults_;
  int pass_ = 1;
  size_t pos_ = 0;
  bool grown_ = false;
};

constexpr const char* kFaultMapping = R"([source]
name = "leak"
kind = "leak"
record_id = "id"
[fields]
full_name = "nombre"
birth_date = "nacimiento"
)";

// `rows` rows "id,nombre,nacimiento" (about 40 bytes each), the third one spanning two
// lines inside quotes.
std::string ManyRows(int rows) {
  std::string out = "id,nombre,nacimiento\r\n";
  for (int i = 1; i <= rows; ++i) {
    out += std::to_string(i) +
           (i == 3 ? ",\"P\xC3\xA9rez,\r\nAna\""
                   : ",Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                     "ez") +
           ",15/03/1990\r\n";
  }
  return out;
}

TEST_P(ImporterTest, ShortReadsGiveTheSameBatchAsWholeReads) {
  const std::string data = ManyRows(50);
  for (size_t max_read : {1, 2, 7}) {
    SCOPED_TRACE(max_read);
    TearDown();  // a fresh store
    SetUp();
    FaultySource source(data, "list.csv", FaultySource::ShortReads(max_read));
    Result<ImportSummary> s = ImportFrom(source, "list.csv", kFaultMapping);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(s->rows_read, 50);
    EXPECT_EQ(s->rows_imported, 50);
    EXPECT_EQ(s->encoding, "utf-8");
    auto records = Records();
    ASSERT_EQ(records.size(), 50u);
    EXPECT_EQ(records[2].field(CanonicalField::kFullName), "Pérez, Ana");
    EXPECT_EQ(records[2].end_line, 5);
    EXPECT_EQ(records[49].field(CanonicalField::kFullName), "José Núñez");
    EXPECT_EQ(records[49].field(CanonicalField::kBirthDate), "1990-03-15");
    // The same bytes read whole: the same content (hash), so nothing to do.
    StringSource whole(data, "list.csv");
    Result<ImportSummary> again = ImportFrom(whole, "list.csv", kFaultMapping);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->already_imported);
    EXPECT_EQ(again->sha256, s->sha256);
  }
}

TEST_P(ImporterTest, JsonLinesInShortReadsAreReadWhole) {
  std::string data;
  for (int i = 1; i <= 20; ++i) {
    data += "{\"id\": " + std::to_string(i) + ", \"nombre\": \"Jes\u00fas " + std::to_string(i) +
            "\", \"nacimiento\": \"1990\"}\n";
  }
  FaultySource source(data, "list.jsonl", FaultySource::ShortReads(3));
  Result<ImportSummary> s = ImportFrom(source, "list.jsonl", kFaultMapping);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows_imported, 20);
  EXPECT_EQ(Records()[19].field(CanonicalField::kFullName), "Jesús 20");
}

// EIO halfway through the rows, after several chunks of records were handed to the
// writer: the import fails with the read error and leaves nothing; importing the file
// again once it reads works.
TEST_P(ImporterTest, ReadErrorMidFileImportsNothing) {
  const std::string data = ManyRows(20000);
  FaultySource failing(data, "list.csv", FaultySource::FailAt(2, data.size() / 2, 4096));
  Result<ImportSummary> s = ImportFrom(failing, "list.csv", kFaultMapping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.status().message(),
            "list.csv: read error: Input/output error; nothing was imported (the batch was "
            "rolled back)");
  EXPECT_EQ(ExitCodeFor(s.status().code()), 8);
  ExpectStoreEmpty();

  StringSource healthy(data, "list.csv");
  Result<ImportSummary> again = ImportFrom(healthy, "list.csv", kFaultMapping);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again->already_imported);
  EXPECT_EQ(again->rows_imported, 20000);
}

TEST_P(ImporterTest, ReadErrorInJsonLinesImportsNothing) {
  std::string data;
  for (int i = 1; i <= 10000; ++i) {
    data += "{\"id\": " + std::to_string(i) + ", \"nombre\": \"Ana\"}\n";
  }
  FaultySource failing(data, "list.jsonl", FaultySource::FailAt(2, data.size() - 10));
  Result<ImportSummary> s = ImportFrom(failing, "list.jsonl", kFaultMapping);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("Input/output error; nothing was imported"),
            std::string::npos);
  ExpectStoreEmpty();
}

TEST_P(ImporterTest, ReadErrorWhileSurveyingImportsNothing) {
  FaultySource failing(ManyRows(100), "list.csv", FaultySource::FailAt(1, 1000));
  Result<ImportSummary> s = ImportFrom(failing, "list.csv", kFaultMapping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(s.status().message().find("list.csv: read error: Input/output error"),
            std::string::npos);
  ExpectStoreEmpty();
}

// Rows appended while the rows are read (a file still being written): its hash and size would
// not describe the rows stored, so the import is refused and leaves nothing.
TEST_P(ImporterTest, FileThatGrowsWhileItsRowsAreReadIsRefused) {
  const std::string data = ManyRows(3000);
  FaultySource growing(data, "list.csv", FaultySource::GrowAt(2, 5000, "3001,Ana,1990\r\n"));
  Result<ImportSummary> s = ImportFrom(growing, "list.csv", kFaultMapping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.status().message(),
            "list.csv: the file changed while it was being imported (" +
                std::to_string(data.size()) + " bytes when first read, " +
                std::to_string(data.size() + 15) +
                " the second time); import it again once no program is writing to it; nothing "
                "was imported (the batch was rolled back)");
  ExpectStoreEmpty();
}

TEST_P(ImporterTest, FileRewrittenInPlaceBetweenThePassesIsRefused) {
  const std::string data = ManyRows(100);
  std::string rewritten = data;
  rewritten[rewritten.size() - 5] = '8';  // 1990 -> 1980 in the last row
  FaultySource changing(data, "list.csv", FaultySource::GrowAt(2, 100, "", rewritten));
  Result<ImportSummary> s = ImportFrom(changing, "list.csv", kFaultMapping);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("the same size but other bytes the second time"),
            std::string::npos);
  ExpectStoreEmpty();
}

// Growth during the survey is harmless: both passes read the grown file.
TEST_P(ImporterTest, FileThatGrowsDuringTheSurveyIsImportedWhole) {
  FaultySource::Faults faults = FaultySource::GrowAt(1, 100, "11,Ana,1990\r\n");
  faults.max_read = 64;
  FaultySource growing(ManyRows(10), "list.csv", faults);
  Result<ImportSummary> s = ImportFrom(growing, "list.csv", kFaultMapping);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows_imported, 11);
}

// Numbers in JSON Lines reach the record as written: never rounded through a double.
TEST_P(ImporterTest, JsonLinesNumbersKeepTheirText) {
  StringSource source(
      "{\"id\": 12345678901234567890123, \"nombre\": \"Ana\", \"nacimiento\": 1e3}\n"
      "{\"id\": 0012345, \"nombre\": \"Luis\"}\n",
      "list.jsonl");
  Result<ImportSummary> s =
      ImportFrom(source, "list.jsonl", std::string(kFaultMapping) + "other_id = \"id\"\n");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows_imported, 2);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].source_record_id, "12345678901234567890123");
  EXPECT_EQ(records[0].field(CanonicalField::kOtherId), "12345678901234567890123");
  EXPECT_EQ(records[1].source_record_id, "0012345");
  // "1e3" is not a date: it is kept as written among the unparsed fields.
  const std::vector<UnparsedField> unparsed = UnparsedFields(records[0]);
  ASSERT_EQ(unparsed.size(), 1u);
  EXPECT_EQ(unparsed[0].text, "1e3");
}

// A value nested 100,000 levels deep is a rejected row naming file and line (a
// recursive reader or writer would crash), and the other rows are imported.
TEST_P(ImporterTest, DeeplyNestedJsonIsARejectedRow) {
  StringSource source(
      "{\"id\": 1, \"nombre\": \"Ana\", \"nacimiento\": \"1990\"}\n{\"id\": 2, \"nombre\": " +
          std::string(100000, '[') + std::string(100000, ']') +
          "}\n{\"id\": 3, \"nombre\": \"Luis\", \"extra\": " + std::string(100000, '[') + "}\n",
      "list.jsonl");
  Result<ImportSummary> s = ImportFrom(source, "list.jsonl", kFaultMapping);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->rows_imported, 1);
  EXPECT_EQ(s->rows_rejected, 2);
  auto rejected = store_->ListRejected(std::nullopt, 10);
  ASSERT_EQ(rejected->size(), 2u);
  EXPECT_EQ((*rejected)[0].reason,
            "list.jsonl:2: a value nested more than 64 levels deep (byte 84); Habeas reads at "
            "most 64 levels: flatten the value; row kept as rejected");
  EXPECT_NE((*rejected)[1].reason.find("list.jsonl:3: a value nested more than 64"),
            std::string::npos);
}

// The encoding notice: a UTF-8 list with one damaged byte says where.
TEST_P(ImporterTest, DamagedUtf8IsANotice) {
  StringSource source(
      "id,nombre,nacimiento\n1,Jes\xC3\xBAs P\xC3\xA9rez,1990\n2,Jes\xFAs,1990\n"
      "3,Mar\xC3\xAD"
      "a N\xC3\xBA\xC3\xB1"
      "ez,1990\n4,Jos\xC3\xA9 \xC3\x81ngel,1990\n"
      "5,In\xC3\xA9s Due\xC3\xB1"
      "as,1990\n6,Ram\xC3\xB3n Ib\xC3\xA1\xC3\xB1"
      "ez,1990\n",
      "list.csv");
  Result<ImportSummary> s = ImportFrom(source, "list.csv", kFaultMapping);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->encoding, "utf-8");
  ASSERT_EQ(s->notices.size(), 1u);
  EXPECT_NE(s->notices[0].find("list.csv: read as UTF-8"), std::string::npos);
  EXPECT_NE(s->notices[0].find("read as Windows-1252 (bytes pasted from a Windows-1252 file) "
                               "at line 3"),
            std::string::npos);
  StringSource clean("id,nombre,nacimiento\n1,Jes\xC3\xBAs,1990\n", "clean.csv");
  Result<ImportSummary> c = ImportFrom(clean, "clean.csv", kFaultMapping);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->notices.empty());
}

}  // namespace
}  // namespace habeas
