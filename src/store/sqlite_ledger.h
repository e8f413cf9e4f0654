// The ledger's half of the SQLite store (docs/ledger.md): SqliteLedgerDatabase, what
// the backend-neutral ledger (ledger_tables.h) reads and writes through a sqlite3
// connection, and the calls the SQLite store and its other writers make on a sqlite3*.
// AppendRowEntry and AppendStateEntry are the API other writers of the SQLite store
// call (docs/ledger.md "Writing entries"). Not thread-safe; functions borrow the
// connection, which must be inside a write transaction for the Append* calls.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "habeas/ledger.h"
#include "habeas/store.h"
#include "store/ledger_tables.h"

namespace habeas::store {

// LedgerDatabase over a sqlite3 connection (borrowed: it must outlive this).
class SqliteLedgerDatabase final : public LedgerDatabase {
 public:
  explicit SqliteLedgerDatabase(sqlite3* db) : db_(db) {}

  std::string Param(int n) const override { return "?" + std::to_string(n); }
  std::string ByteOrder(std::string_view column) const override { return std::string(column); }
  Status ForEachEncodedRow(const EvidenceTable& table, const std::string& where,
                           const std::vector<int64_t>& params,
                           const std::function<Status(const EncodedRow&)>& visit) override;
  Result<std::string> EncodeRow(const EvidenceTable& table, std::string_view key) override;
  Status ForEachIntegerRow(const std::string& sql, const std::vector<int64_t>& params,
                           const std::function<Status(std::span<const int64_t>)>& visit) override;
  Result<int64_t> QueryInt(const std::string& sql, const std::vector<int64_t>& params,
                           int64_t when_empty) override;
  Status InsertEntry(const EntrySubject& subject, std::string_view body, const ledger::Hash& leaf,
                     std::string_view fingerprints, const std::string& now) override;
  Result<std::vector<StoredEntry>> ReadEntries() override;
  Result<std::vector<ledger::Hash>> ReadLeafHashes() override;
  Result<std::optional<StoredEntry>> FindEntry(std::string_view kind, std::string_view table,
                                               int64_t id) override;
  Status InsertHead(const ledger::SignedHead& head) override;
  Result<std::vector<ledger::SignedHead>> ReadHeads() override;

 private:
  sqlite3* db_;
};

// The encoding of one row (RowEncoder) read from the table; kNotFound if absent.
Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& table, int64_t key);
// The encoding of the row whose key column equals `key` (as text); kNotFound if absent.
Result<std::string> EncodeStoredRow(sqlite3* db, const EvidenceTable& table, std::string_view key);

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

// Appends the entry of a link run whose person events have ids > `events_before`.
Status AppendLinkageEntry(sqlite3* db, int64_t events_before, const std::string& now);

// Appends the entry of timeline write `write_id` (kind "batch" over its timeline_writes
// row and the facilities, aliases, flights, claims and orders it brought). Call it in
// the write's transaction, after its rows.
Status AppendTimelineWriteEntry(sqlite3* db, int64_t write_id, const std::string& now);

// The catch-ups of schema migrations 3, 7, 8 and 9 (ledger_tables.h).
Status CoverRowsWrittenBeforeTheLedger(sqlite3* db, const std::string& now);
Status CoverTimelineWritesMadeBeforeTheirEntries(sqlite3* db, const std::string& now);
Status CoverStateRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now);
Status CoverAuditRowsMadeBeforeTheirEntries(sqlite3* db, const std::string& now);

// --- reading
Result<std::vector<ledger::Hash>> StoredLeafHashes(sqlite3* db);
Status StoreSignedHead(sqlite3* db, const ledger::SignedHead& head);
Result<std::vector<ledger::SignedHead>> StoredSignedHeads(sqlite3* db);
Result<LedgerCheck> CheckLedgerAgainstTables(sqlite3* db);
Result<RecordProofParts> ProofPartsOfRecord(sqlite3* db, int64_t record_id);

}  // namespace habeas::store
