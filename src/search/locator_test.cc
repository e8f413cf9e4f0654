#include "habeas/search.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/csv_reader.h"
#include "common/file_io.h"

namespace habeas::search {
namespace {

namespace fs = std::filesystem;

// tests/search/records.csv → LocatorRecords (the golden data set, hand-written).
std::vector<LocatorRecord> GoldenRecords() {
  auto file = FileSource::Open(std::string(HABEAS_SOURCE_DIR) + "/tests/search/records.csv");
  EXPECT_TRUE(file.ok());
  CsvReader reader(file->get(), CsvDialect{','});
  CsvRow row;
  std::vector<LocatorRecord> out;
  std::vector<std::string> header;
  int64_t id = 0;
  while (*reader.Next(&row)) {
    if (header.empty()) {
      for (auto f : row.fields) header.emplace_back(f);
      continue;
    }
    LocatorRecord lr;
    lr.record.id = ++id;
    lr.record.source_record_id = std::to_string(id);
    for (size_t i = 0; i < row.fields.size(); ++i) {
      const std::string value(row.fields[i]);
      if (header[i] == "person_id") {
        lr.person_id = value;
      } else if (header[i] == "source") {
        lr.source_name = value;
      } else if (auto f = ParseCanonicalField(header[i])) {
        lr.record.field(*f) = value;
      }
    }
    out.push_back(std::move(lr));
  }
  return out;
}

struct GoldenQuery {
  int line = 0;
  SearchQuery query;
  std::string expected_person;
  std::string expected_decision;
};

std::vector<GoldenQuery> GoldenQueries() {
  std::ifstream in(std::string(HABEAS_SOURCE_DIR) + "/tests/search/queries.tsv");
  std::vector<GoldenQuery> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    EXPECT_EQ(cols.size(), 5u) << "queries.tsv:" << n;
    if (cols.size() != 5) continue;
    out.push_back({n, {cols[0], cols[1], cols[2]}, cols[3], cols[4]});
  }
  return out;
}

void ExpectGolden(const LocatorIndex& index) {
  const auto queries = GoldenQueries();
  ASSERT_GE(queries.size(), 10u);
  for (const GoldenQuery& g : queries) {
    SCOPED_TRACE("queries.tsv:" + std::to_string(g.line) + ": " + g.query.text);
    auto r = index.Search(g.query);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    if (g.expected_person == "-") {
      EXPECT_NE(r->decision, Decision::kMatch);
    } else {
      ASSERT_FALSE(r->results.empty());
      EXPECT_EQ(r->results[0].person_id, g.expected_person);
    }
    if (g.expected_decision != "any") {
      EXPECT_EQ(DecisionName(r->decision), g.expected_decision);
    }
  }
}

TEST(LocatorIndex, GoldenQueries) {
  const auto records = GoldenRecords();
  ASSERT_EQ(records.size(), 12u);
  auto index = LocatorIndex::Build(records, "golden");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->person_count(), 9u);
  EXPECT_EQ(index->record_count(), 12u);
  ExpectGolden(*index);
}

TEST(LocatorIndex, ResultCarriesProvenance) {
  auto index = LocatorIndex::Build(GoldenRecords(), "golden");
  ASSERT_TRUE(index.ok());
  auto r = index->Search({"pepe perez infante", "", ""});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->results.empty());
  const SearchResult& top = r->results[0];
  EXPECT_EQ(top.person_id, "P000001");
  EXPECT_EQ(top.sources, (std::vector<std::string>{"manifest", "family_reports"}));
  EXPECT_EQ(top.records.size(), 2u);
  EXPECT_EQ(top.last_known.place, "CECOT");  // the latest record naming a facility
  EXPECT_EQ(top.last_known.source, "manifest");
  ASSERT_FALSE(top.matched_fields.empty());
  EXPECT_EQ(top.matched_fields[0].field, "name");
  EXPECT_GT(top.probability, 0.0);
  EXPECT_LE(top.probability, 1.0);
}

TEST(LocatorIndex, InvalidQueriesAreInputErrors) {
  auto index = LocatorIndex::Build(GoldenRecords(), "golden");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->Search({"jose perez", "31/02/1990", ""}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(index->Search({"jose perez", "", "12"}).status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(index->Search({"...", "", ""}).status().code(), StatusCode::kInvalidInput);
}

TEST(LocatorIndex, EmptyIndexAnswersNoConfidentMatch) {
  auto index = LocatorIndex::Build({}, "empty");
  ASSERT_TRUE(index.ok());
  auto r = index->Search({"jose perez", "", ""});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decision, Decision::kNoConfidentMatch);
  EXPECT_TRUE(r->results.empty());
}

class IndexFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("habeas_search_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(IndexFileTest, SaveLoadRoundTrip) {
  auto built = LocatorIndex::Build(GoldenRecords(), "fingerprint-1");
  ASSERT_TRUE(built.ok());
  const std::string path = (dir_ / "x.idx").string();
  ASSERT_TRUE(built->Save(path).ok());
  auto loaded = LocatorIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->fingerprint(), "fingerprint-1");
  EXPECT_EQ(loaded->person_count(), built->person_count());
  ExpectGolden(*loaded);
  for (const char* q : {"pepe peres", "chuy gonzalez", "yony castiyo"}) {
    auto a = built->Search({q, "", ""});
    auto b = loaded->Search({q, "", ""});
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->results.size(), b->results.size());
    for (size_t i = 0; i < a->results.size(); ++i) {
      EXPECT_EQ(a->results[i].person_id, b->results[i].person_id);
      EXPECT_DOUBLE_EQ(a->results[i].probability, b->results[i].probability);
    }
  }
}

TEST_F(IndexFileTest, MissingDamagedAndTruncatedFiles) {
  EXPECT_EQ(LocatorIndex::Load((dir_ / "none.idx").string()).status().code(),
            StatusCode::kNotFound);
  auto built = LocatorIndex::Build(GoldenRecords(), "f");
  ASSERT_TRUE(built.ok());
  const std::string path = (dir_ / "x.idx").string();
  ASSERT_TRUE(built->Save(path).ok());
  const auto size = fs::file_size(path);
  {  // flip one byte in the middle
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    char c = 0;
    f.read(&c, 1);
    f.seekp(static_cast<std::streamoff>(size / 2));
    c = static_cast<char>(c ^ 0x5a);
    f.write(&c, 1);
  }
  EXPECT_EQ(LocatorIndex::Load(path).status().code(), StatusCode::kDataLoss);
  ASSERT_TRUE(built->Save(path).ok());
  fs::resize_file(path, size - 8);
  EXPECT_EQ(LocatorIndex::Load(path).status().code(), StatusCode::kDataLoss);
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "not an index at all, but long enough to hold a header of a real index file......"
         "................................................................................";
  }
  EXPECT_EQ(LocatorIndex::Load(path).status().code(), StatusCode::kDataLoss);
}

TEST(PersonAssignment, FindsAndRejectsBadFiles) {
  PersonAssignment a;
  a.Add("manifest", "12", "P1");
  a.Add("leak", "12", "P2");
  EXPECT_EQ(a.Find("leak", "12"), "P2");
  EXPECT_EQ(a.Find("manifest", "12"), "P1");
  EXPECT_EQ(a.Find("manifest", "13"), "");
  EXPECT_EQ(PersonIdForRecord(std::nullopt, 42), "R42");
  EXPECT_EQ(PersonIdForRecord(123, 42), "P000123");
}

}  // namespace
}  // namespace habeas::search
