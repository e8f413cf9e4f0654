#include "ingest/pipelined_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

namespace habeas::ingest {
namespace {

// A BatchWriter that remembers what it was given, in order, and can fail on the n-th
// record. Used only by the PipelinedWriter's background thread (its contract), so the
// vectors need no lock; the test reads them after Finish().
class RecordingWriter final : public BatchWriter {
 public:
  explicit RecordingWriter(int64_t fail_at_record = -1) : fail_at_(fail_at_record) {}
  int64_t batch_id() const override { return 7; }
  Status AddRecord(const RecordData& record) override {
    if (static_cast<int64_t>(records.size()) == fail_at_) {
      return DataLoss("disk full at record " + record.source_record_id);
    }
    records.push_back(record.source_record_id);
    return Status::Ok();
  }
  Status AddRejected(const RejectedRow& row) override {
    rejected.push_back(row.line);
    return Status::Ok();
  }
  Result<std::vector<Duplicate>> RemoveDuplicateRecordIds(
      const std::vector<std::string>&) override {
    return std::vector<Duplicate>{};
  }
  Status Commit(const BatchInfo&) override { return Status::Ok(); }

  std::vector<std::string> records;
  std::vector<int64_t> rejected;

 private:
  int64_t fail_at_;
};

// Fills `n` records numbered from 0 through `out`; stops at the first error.
Status FillRecords(PipelinedWriter& out, int n) {
  for (int i = 0; i < n; ++i) {
    RecordData& r = out.Slot();
    r.source_record_id = std::to_string(i);
    HABEAS_RETURN_IF_ERROR(out.Accept());
  }
  return Status::Ok();
}

std::vector<std::string> Numbers(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(std::to_string(i));
  return out;
}

TEST(PipelinedWriter, StoresEveryRecordInOrderAcrossManyChunks) {
  RecordingWriter writer;
  // More records than the chunks hold at once: chunks are reused while the
  // background thread writes.
  const int n = static_cast<int>(PipelinedWriter::kChunkRows) * (PipelinedWriter::kChunks * 3) + 17;
  {
    PipelinedWriter out(&writer);
    ASSERT_TRUE(FillRecords(out, n).ok());
    ASSERT_TRUE(out.Finish().ok());
  }
  EXPECT_EQ(writer.records, Numbers(n));
  EXPECT_TRUE(writer.rejected.empty());
}

TEST(PipelinedWriter, NothingQueuedStoresNothing) {
  RecordingWriter writer;
  PipelinedWriter out(&writer);
  ASSERT_TRUE(out.Finish().ok());
  EXPECT_TRUE(writer.records.empty());
  EXPECT_TRUE(writer.rejected.empty());
}

TEST(PipelinedWriter, AnExactlyFullChunkIsStoredOnce) {
  RecordingWriter writer;
  const int n = static_cast<int>(PipelinedWriter::kChunkRows);
  PipelinedWriter out(&writer);
  ASSERT_TRUE(FillRecords(out, n).ok());
  ASSERT_TRUE(out.Finish().ok());
  EXPECT_EQ(writer.records, Numbers(n));
}

TEST(PipelinedWriter, RejectedRowsAreStoredToo) {
  RecordingWriter writer;
  const int rejects = static_cast<int>(PipelinedWriter::kChunkRows) + 5;  // fills a chunk
  {
    PipelinedWriter out(&writer);
    ASSERT_TRUE(FillRecords(out, 3).ok());
    for (int i = 0; i < rejects; ++i) {
      RejectedRow row;
      row.line = 100 + i;
      ASSERT_TRUE(out.Reject(std::move(row)).ok());
    }
    ASSERT_TRUE(out.Finish().ok());
  }
  EXPECT_EQ(writer.records, Numbers(3));
  ASSERT_EQ(writer.rejected.size(), static_cast<size_t>(rejects));
  for (int i = 0; i < rejects; ++i) EXPECT_EQ(writer.rejected[i], 100 + i);
}

TEST(PipelinedWriter, AStoringErrorReachesTheParserAndStopsTheWrites) {
  const int64_t fail_at = 3000;  // in the second chunk
  RecordingWriter writer(fail_at);
  PipelinedWriter out(&writer);
  Status filled = FillRecords(out, 100000);
  Status finished = out.Finish();
  // The parser learns of the error at a hand-over or, at the latest, from Finish().
  EXPECT_FALSE(finished.ok());
  EXPECT_EQ(finished.code(), StatusCode::kDataLoss);
  EXPECT_EQ(finished.message(), "disk full at record 3000");
  if (!filled.ok()) {
    EXPECT_EQ(filled.message(), finished.message());
  }
  EXPECT_EQ(writer.records, Numbers(static_cast<int>(fail_at)));
  EXPECT_FALSE(out.Finish().ok());  // Finish again: the same error, no second join
}

TEST(PipelinedWriter, DestroyingWithoutFinishStoresWhatWasQueued) {
  RecordingWriter writer;
  {
    PipelinedWriter out(&writer);
    ASSERT_TRUE(FillRecords(out, 10).ok());
  }
  EXPECT_EQ(writer.records, Numbers(10));
}

}  // namespace
}  // namespace habeas::ingest
