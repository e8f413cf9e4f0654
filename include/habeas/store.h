// The storage interface: everything the engine reads or writes goes through Store.
//
// SQLite is the default backend (OpenSqliteStore); a PostgreSQL backend can be
// added by implementing this interface, without touching the engine. The schema
// and its migrations are specified in docs/store.md.
//
//   HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore("habeas.db"));
//   HABEAS_ASSIGN_OR_RETURN(auto writer, store->BeginBatch(source, batch));
//   HABEAS_RETURN_IF_ERROR(writer->AddRecord(record));
//   HABEAS_RETURN_IF_ERROR(writer->Commit(counts));   // all rows or none
//
// Durability: a batch becomes visible atomically at Commit(); a crash (even
// kill -9 or power loss) before Commit() leaves no trace of it, after Commit()
// returns it is on disk. A Store is used by one thread at a time; separate Store
// objects on the same file may be used from separate processes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "habeas/clock.h"
#include "habeas/record.h"
#include "habeas/status.h"

namespace habeas {

// Writes one batch inside one transaction. Destroying it without Commit() rolls
// the whole batch back. Must not outlive its Store.
class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  virtual int64_t batch_id() const = 0;
  // Adds a parsed record. Record ids are not checked here (that would cost an index
  // on the import path): call RemoveDuplicateRecordIds() before Commit().
  virtual Status AddRecord(const RecordData& record) = 0;
  virtual Status AddRejected(const RejectedRow& row) = 0;

  struct Duplicate {
    RecordData record;   // the later record, now removed from the batch
    int64_t first_line;  // line of the record that keeps the id
  };
  // Removes every record whose source_record_id repeats an earlier record of this
  // batch, and returns them so the caller can store them as rejected rows.
  virtual Result<std::vector<Duplicate>> RemoveDuplicateRecordIds() = 0;
  // Stores the final counts and header, and makes the batch durable.
  virtual Status Commit(const BatchInfo& final_info) = 0;
};

// Records of one batch have consecutive ids (one writer at a time, ids never reused),
// so filters by source or batch are id-range scans, without an index.
struct RecordFilter {
  std::optional<std::string> source;  // source name
  std::optional<int64_t> batch_id;
  int64_t after_id = 0;  // keyset pagination: records with id > after_id
  int64_t limit = -1;    // -1: no limit
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version of the open store (docs/store.md).
  virtual int schema_version() const = 0;

  // --- sources and batches
  virtual Result<std::optional<SourceInfo>> FindSource(const std::string& name) = 0;
  virtual Result<std::vector<SourceInfo>> ListSources() = 0;
  virtual Result<std::vector<BatchInfo>> ListBatches(const std::optional<std::string>& source) = 0;
  virtual Result<std::optional<BatchInfo>> GetBatch(int64_t batch_id) = 0;
  // The batch of source `source_name` whose file had this SHA-256, if any.
  virtual Result<std::optional<BatchInfo>> FindBatchByHash(const std::string& source_name,
                                                           const std::string& sha256) = 0;

  // Starts writing a new batch. Creates the source if `source.name` is new;
  // kConflict if it exists with a different kind.
  virtual Result<std::unique_ptr<BatchWriter>> BeginBatch(const SourceInfo& source,
                                                          const BatchInfo& batch) = 0;

  // --- records
  virtual Result<std::optional<RecordData>> GetRecord(int64_t record_id) = 0;
  // Calls `visit` for each matching record in id order; stops early if it returns false.
  virtual Status ForEachRecord(const RecordFilter& filter,
                               const std::function<bool(const RecordData&)>& visit) = 0;
  virtual Result<int64_t> CountRecords(const RecordFilter& filter) = 0;
  virtual Result<std::vector<RejectedRow>> ListRejected(const std::optional<std::string>& source,
                                                        int64_t limit) = 0;

  // --- integrity
  // Runs the backend's full integrity check; kDataLoss with details if it fails.
  virtual Status CheckIntegrity() = 0;
};

struct SqliteOptions {
  bool create_if_missing = true;
  int busy_timeout_ms = 5000;
  const Clock* clock = nullptr;  // timestamps; nullptr: Clock::System(). Must outlive the store.
};

// Opens (creating and migrating as needed) a SQLite store in WAL mode with
// synchronous=FULL.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options = {});

}  // namespace habeas
