// The locator over a real store filled from generated lists (habeas-gen at a fixed
// seed): staleness, persons from an assignment, and recall floors on generated queries.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/csv_reader.h"
#include "common/file_io.h"
#include "habeas/ingest.h"
#include "habeas/search.h"
#include "search/locator_impl.h"

namespace habeas::search {
namespace {

namespace fs = std::filesystem;

class GeneratedStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("habeas_search_store_test_" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const std::string cmd = std::string(HABEAS_GEN_BINARY) + " --out " + dir_->string() +
                            " --persons 3000 --seed 11 --queries 400 --quiet";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::string File(const std::string& name) { return (*dir_ / name).string(); }
  static void Import(Store& store, const std::string& data, const std::string& mapping) {
    ImportOptions options;
    options.file = File(data);
    options.mapping_file = File(mapping);
    auto summary = ImportFile(store, options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
  static std::map<std::string, std::string> CsvColumns(const std::string& path, int key,
                                                       int value) {
    std::map<std::string, std::string> out;
    auto file = FileSource::Open(path);
    CsvReader reader(file->get(), CsvDialect{','});
    CsvRow row;
    bool header = true;
    while (*reader.Next(&row)) {
      if (!header) out[std::string(row.fields[key])] = std::string(row.fields[value]);
      header = false;
    }
    return out;
  }
  static fs::path* dir_;
};

fs::path* GeneratedStoreTest::dir_ = nullptr;

TEST_F(GeneratedStoreTest, RebuildsWhenStaleAndFindsGeneratedPeople) {
  auto store = OpenSqliteStore(File("habeas.db"));
  ASSERT_TRUE(store.ok());
  Import(**store, "manifest.csv", "manifest.toml");
  const std::string idx = IndexPathFor(File("habeas.db"));
  auto truth = PersonAssignment::FromCsv(File("truth.csv"));
  ASSERT_TRUE(truth.ok()) << truth.status().ToString();

  bool rebuilt = false;
  auto first = OpenIndex(**store, idx, IndexRebuild::kIfStale, &*truth, &rebuilt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(rebuilt);
  // Unchanged store: loaded, even without repeating the assignment.
  auto again = OpenIndex(**store, idx, IndexRebuild::kIfStale, nullptr, &rebuilt);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(rebuilt);
  EXPECT_EQ(again->person_count(), first->person_count());

  // Importing more lists makes it stale.
  for (const char* list : {"leak.csv", "family_reports.csv", "court.jsonl", "ngo.tsv"}) {
    const std::string name(list);
    Import(**store, name, name.substr(0, name.find('.')) + ".toml");
  }
  auto index = OpenIndex(**store, idx, IndexRebuild::kIfStale, &*truth, &rebuilt);
  ASSERT_TRUE(index.ok());
  EXPECT_TRUE(rebuilt);
  EXPECT_GT(index->record_count(), first->record_count());

  // Generated queries (20% about people on no list).
  const auto want = CsvColumns(File("queries_truth.csv"), 0, 1);
  auto file = FileSource::Open(File("queries.csv"));
  CsvReader reader(file->get(), CsvDialect{','});
  CsvRow row;
  bool header = true;
  int listed = 0, hit1 = 0, hit10 = 0, unlisted = 0, confident_unlisted = 0;
  while (*reader.Next(&row)) {
    if (header) {
      header = false;
      continue;
    }
    SearchQuery q{std::string(row.fields[1]), std::string(row.fields[2]),
                  std::string(row.fields[3])};
    auto r = index->Search(q);
    if (!r.ok()) {  // a generated date may be impossible: search by name then
      q.birth_date.clear();
      r = index->Search(q);
    }
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const std::string& person = want.at(std::string(row.fields[0]));
    if (person.empty()) {
      ++unlisted;
      confident_unlisted += r->decision == Decision::kMatch;
      continue;
    }
    ++listed;
    for (size_t i = 0; i < r->results.size(); ++i) {
      if (r->results[i].person_id != person) continue;
      hit1 += i == 0;
      ++hit10;
    }
  }
  ASSERT_GT(listed, 0);
  ASSERT_GT(unlisted, 0);
  // Floors well below the measured values (docs/locator.md), to catch regressions.
  EXPECT_GE(double(hit1) / listed, 0.70) << hit1 << "/" << listed;
  EXPECT_GE(double(hit10) / listed, 0.85) << hit10 << "/" << listed;
  EXPECT_LE(double(confident_unlisted) / unlisted, 0.05) << confident_unlisted << "/" << unlisted;
}

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(GeneratedStoreTest, IncrementalRebuildAfterImportsEqualsAFullRebuild) {
  auto store = OpenSqliteStore(File("incremental.db"));
  ASSERT_TRUE(store.ok());
  const std::string idx = IndexPathFor(File("incremental.db"));
  auto truth = PersonAssignment::FromCsv(File("truth.csv"));
  ASSERT_TRUE(truth.ok());
  Import(**store, "manifest.csv", "manifest.toml");
  IndexOpening how = IndexOpening::kLoaded;
  ASSERT_TRUE(OpenIndexReporting(**store, idx, IndexRebuild::kIfStale, &*truth, &how).ok());
  EXPECT_EQ(how, IndexOpening::kFull);  // no index yet

  for (const char* list : {"leak.csv", "family_reports.csv"}) {
    const std::string name(list);
    Import(**store, name, name.substr(0, name.find('.')) + ".toml");
  }
  auto incremental = OpenIndexReporting(**store, idx, IndexRebuild::kIfStale, &*truth, &how);
  ASSERT_TRUE(incremental.ok()) << incremental.status().ToString();
  EXPECT_EQ(how, IndexOpening::kIncremental);
  const std::string incremental_bytes = FileBytes(idx);

  auto full = OpenIndexReporting(**store, idx, IndexRebuild::kAlways, &*truth, &how);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(how, IndexOpening::kFull);
  EXPECT_EQ(full->record_count(), incremental->record_count());
  EXPECT_EQ(full->person_count(), incremental->person_count());
  // Same forms, persons and tables: the very same file.
  EXPECT_TRUE(FileBytes(idx) == incremental_bytes) << "incremental and full images differ";

  // Persons change without new records (as after `habeas link`): the forms are reused and
  // regrouped; without the assignment every record is its own provisional person.
  auto regrouped = OpenIndexReporting(**store, idx, IndexRebuild::kIfStale, nullptr, &how);
  ASSERT_TRUE(regrouped.ok());
  EXPECT_EQ(how, IndexOpening::kLoaded);  // the store did not change: still valid
  Import(**store, "court.jsonl", "court.toml");
  regrouped = OpenIndexReporting(**store, idx, IndexRebuild::kIfStale, nullptr, &how);
  ASSERT_TRUE(regrouped.ok());
  EXPECT_EQ(how, IndexOpening::kIncremental);
  EXPECT_EQ(regrouped->person_count(), regrouped->record_count());

  // A damaged index is not reused: rebuilt from the store.
  { std::ofstream(idx, std::ios::binary | std::ios::trunc) << "not an index"; }
  Import(**store, "ngo.tsv", "ngo.toml");
  auto rebuilt = OpenIndexReporting(**store, idx, IndexRebuild::kIfStale, &*truth, &how);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(how, IndexOpening::kFull);
  EXPECT_GT(rebuilt->record_count(), regrouped->record_count());
}

}  // namespace
}  // namespace habeas::search
