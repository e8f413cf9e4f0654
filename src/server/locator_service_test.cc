#include "server/locator_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

#include "common/scratch_dir.h"
#include "habeas/store.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

SqliteOptions ReadOnly() {
  SqliteOptions o;
  o.access = StoreAccess::kReadOnly;
  return o;
}

// On both backends (store/test_backends.h): the change stamp differs (file times on
// SQLite, row statistics and ids on PostgreSQL), what it must lead to does not.
class LocatorServiceTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override { HABEAS_SETUP_TEST_BACKEND(location_, GetParam()); }

  const std::string& db() const { return location_->db(); }

  // Imports one batch of `records` records into the store (created on first use).
  void AddBatch(const std::string& sha, int records) {
    auto store = OpenStore(db());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    SourceInfo source;
    source.name = "family";
    source.kind = SourceKind::kFamily;
    BatchInfo batch;
    batch.file_name = sha + ".csv";
    batch.file_sha256 = sha;
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto writer = (*store)->BeginBatch(source, batch);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < records; ++i) {
      RecordData r;
      r.source_record_id = sha + "-" + std::to_string(i);
      r.line = r.end_line = i + 2;
      r.raw = r.source_record_id;
      r.field(CanonicalField::kGivenNames) = "Jesús";
      r.field(CanonicalField::kSurnames) = "Pérez " + std::to_string(i);
      ASSERT_TRUE((*writer)->AddRecord(r).ok());
    }
    batch.rows_read = batch.rows_imported = records;
    ASSERT_TRUE((*writer)->Commit(batch).ok());
  }

  std::optional<TestStoreLocation> location_;
  ScratchDir dir_{"locator_service"};
  std::string index_ = dir_.Path("t.idx");
};

INSTANTIATE_TEST_SUITE_P(Backends, LocatorServiceTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(LocatorServiceTest, AStoreThatCannotBeReadFailsToStart) {
  LocatorService service(db(), index_);
  EXPECT_FALSE(service.Start().ok());
  EXPECT_EQ(service.Current(), nullptr);
  if (GetParam() == TestBackend::kSqlite) {
    EXPECT_FALSE(std::filesystem::exists(db())) << "read-only: nothing created";
  } else {
    // Read-only: no tables created in the empty schema (a second look fails the same way).
    EXPECT_EQ(OpenStore(db(), ReadOnly()).status().code(), StatusCode::kInvalidInput);
  }
}

TEST_P(LocatorServiceTest, StartLoadsTheIndexAndAnUnchangedStoreKeepsIt) {
  AddBatch("aa", 3);
  LocatorService service(db(), index_);
  ASSERT_TRUE(service.Start().ok());
  const auto first = service.Current();
  ASSERT_NE(first, nullptr);
  EXPECT_FALSE(first->fingerprint().empty());
  EXPECT_TRUE(std::filesystem::exists(index_)) << "the built index is saved for next time";
  const Result<bool> again = service.Refresh();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(*again);
  EXPECT_EQ(service.Current(), first);
}

TEST_P(LocatorServiceTest, ATouchedButUnchangedStoreKeepsTheIndex) {
  AddBatch("aa", 3);
  LocatorService service(db(), index_);
  ASSERT_TRUE(service.Start().ok());
  const auto first = service.Current();
  if (GetParam() == TestBackend::kSqlite) {
    // The file's time moves (a checkpoint, a backup tool) but the data does not.
    std::filesystem::last_write_time(
        db(), std::filesystem::last_write_time(db()) + std::chrono::seconds(5));
  } else {
    // A write to a table the index does not read (as the audit trail's).
    location_->Tamper("INSERT INTO settings (key, value) VALUES ('unrelated', '1')");
  }
  const Result<bool> refreshed = service.Refresh();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_FALSE(*refreshed);
  EXPECT_EQ(service.Current(), first);
}

TEST_P(LocatorServiceTest, AnImportSwapsInANewIndexAndOldHoldersKeepTheirs) {
  AddBatch("aa", 3);
  LocatorService service(db(), index_);
  ASSERT_TRUE(service.Start().ok());
  const auto before = service.Current();
  const std::string old_fingerprint = before->fingerprint();
  AddBatch("bb", 2);
  const Result<bool> refreshed = service.Refresh();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status().ToString();
  EXPECT_TRUE(*refreshed);
  const auto after = service.Current();
  ASSERT_NE(after, nullptr);
  EXPECT_NE(after, before);
  EXPECT_NE(after->fingerprint(), old_fingerprint);
  // A search that started before the swap still holds a whole, unchanged index.
  EXPECT_EQ(before->fingerprint(), old_fingerprint);
  const Result<bool> settled = service.Refresh();
  ASSERT_TRUE(settled.ok());
  EXPECT_FALSE(*settled);
}

}  // namespace
}  // namespace habeas::server
