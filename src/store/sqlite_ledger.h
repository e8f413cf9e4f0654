// The ledger's half of the SQLite store (docs/ledger.md): entries appended inside
// the transaction of the write they describe, and the check of every entry
// against what the tables hold now. Private to the store module, except that
// AppendRowEntry is the API other writers of the SQLite store call (see
// docs/ledger.md "Writing entries"). Not thread-safe; functions borrow the
// connection, which must be inside a write transaction for the Append* calls.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "habeas/ledger.h"
#include "habeas/store.h"
#include "ledger/leaf_hasher.h"
#include "store/ledger_tables.h"

namespace habeas::store {

// The encoding of one row (RowEncoder) read from the table; kNotFound if absent.
Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& table, int64_t key);

// Appends one entry (its body, leaf hash and, for batches, row fingerprints).
Status AppendEntry(sqlite3* db, const ledger::Entry& entry, std::string_view fingerprints,
                   const std::string& now);

// The call for writers of single rows (decisions, models; later claims, orders,
// users): logs row `key` of `table` as it is now. Call it inside the transaction
// that wrote the row, after writing it.
Status AppendRowEntry(sqlite3* db, std::string_view table, int64_t key, const std::string& now);

// The call for writers of the tables updated in place (users, api_tokens, settings):
// logs the state of row `key` of `table` as it is now, after a change in the same
// transaction: its hash, or "deleted" when the row is gone. `key` is the key column's
// value as text (an integer in decimal).
Status AppendStateEntry(sqlite3* db, std::string_view table, std::string_view key,
                        const std::string& now);

// The encoding of the row whose key column equals `key` (as text); kNotFound if absent.
Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& table, std::string_view key);

// Collects the leaves of a batch's row tree while its rows are written. The records'
// leaves are hashed on a worker thread (ledger::LeafHasher), beside the writer.
class BatchRowTree {
 public:
  // Bytes of each row leaf kept with a batch entry to name the row that changed
  // (diagnostic only: the row tree's root is what proves).
  static constexpr size_t kFingerprintBytes = 8;

  BatchRowTree() : records_(kFingerprintBytes) {}
  // Record `id`'s row encoding (docs/ledger.md "Row encoding") is appended to the
  // returned buffer, which is the hasher's own (no copy); EndRecord() adds it as the
  // next leaf. Records come in id order.
  std::string& StartRecord(int64_t id);
  void EndRecord();
  void AddRejected(const std::string& encoding);
  void RemoveRecord(int64_t id);  // a repeated record id moved to the rejected rows
  // Appends the batch entry (after the batches row got its final counts).
  Status AppendEntry(sqlite3* db, int64_t batch_id, const std::string& now);

 private:
  // Records arrive in id order and stream into the root (no leaf kept); rejected
  // rows, few, come after them in the tree. A removed record (rare) makes the entry
  // be computed again from the tables at the end.
  ledger::LeafHasher records_;
  std::vector<ledger::Hash> rejected_;
  int64_t first_record_id_ = 0, last_record_id_ = 0;
  bool records_removed_ = false;
};

// Appends the entry of a link run whose person events have ids > `events_before`.
Status AppendLinkageEntry(sqlite3* db, int64_t events_before, const std::string& now);

// Brings rows written before the ledger existed under it: one entry per batch,
// decision and model, and one linkage entry for the persons (schema migration 3).
Status CoverRowsWrittenBeforeTheLedger(sqlite3* db, const std::string& now);

// Appends the entry of timeline write `write_id` (kind "batch" over its timeline_writes
// row and the facilities, aliases, flights, claims and orders it brought). Call it in
// the write's transaction, after its rows.
Status AppendTimelineWriteEntry(sqlite3* db, int64_t write_id, const std::string& now);

// Brings timeline writes made before they were logged under the ledger, one entry
// each (schema migration 7).
Status CoverTimelineWritesMadeBeforeTheirEntries(sqlite3* db, const std::string& now);

// Brings the rows of users, api_tokens and settings as they are under the ledger, one
// state entry each (schema migration 9).
Status CoverStateRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now);

// Brings audit rows written before they were logged under the ledger, one row entry
// each (schema migration 8).
Status CoverAuditRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now);

// --- reading
Result<std::vector<ledger::Hash>> StoredLeafHashes(sqlite3* db);
Status StoreSignedHead(sqlite3* db, const ledger::SignedHead& head);
Result<std::vector<ledger::SignedHead>> StoredSignedHeads(sqlite3* db);
Result<LedgerCheck> CheckLedgerAgainstTables(sqlite3* db);
Result<RecordProofParts> ProofPartsOfRecord(sqlite3* db, int64_t record_id);

}  // namespace habeas::store
