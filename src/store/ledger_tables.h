// The ledger over the store's tables, whatever the backend (docs/ledger.md): the
// evidence tables and the columns their rows are encoded by, and everything the ledger
// does with them (appending entries, catching up older rows, checking every entry
// against the tables, a record's proof), written once over LedgerDatabase, the little a
// backend provides: encoded rows, integer queries and the two ledger tables. SQLite's
// (sqlite_ledger.cc) and PostgreSQL's (pg_ledger.cc) rows read back byte for byte alike,
// so a row hashes the same on both.
//
//   store::PgLedgerDatabase db(conn);                     // or SqliteLedgerDatabase(db)
//   HABEAS_RETURN_IF_ERROR(store::AppendRowEntry(db, "link_models", version, now));
//   HABEAS_ASSIGN_OR_RETURN(LedgerCheck check, store::CheckLedgerAgainstTables(db));
//
// The constant data and pure functions are thread-safe; the rest borrows the backend's
// connection and is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/ledger.h"
#include "habeas/store.h"
#include "ledger/leaf_hasher.h"

namespace habeas::store {

// The columns of an evidence table in the order its rows are encoded (docs/ledger.md
// "Row encoding"). A table is encoded by this list, never by SELECT *, so adding a
// column later does not change the hashes of rows already logged.
enum class KeyType { kInteger, kText };
struct EvidenceTable {
  std::string_view name;
  std::string_view key;      // the column that identifies a row
  std::string_view columns;  // comma-separated
  KeyType key_type = KeyType::kInteger;
};
// nullptr when `table` is not an evidence table.
const EvidenceTable* FindEvidenceTable(std::string_view table);

// Tables updated in place (users, api_tokens, settings): every change appends a state
// entry with the row's new hash (or "deleted").
bool IsStateTable(std::string_view table);
std::span<const std::string_view> StateTables();

// How many columns a table's rows are encoded by.
int EncodedColumnCount(const EvidenceTable& table);

// "SELECT <encoded columns> FROM <table> <where>".
std::string SelectEncodedColumns(const EvidenceTable& table, std::string_view where);

// How an entry is filed in ledger_entries: its kind column, subject_table and
// subject_id (columns for finding entries only; the body is what is hashed).
struct EntrySubject {
  std::string_view kind;
  std::string_view table;
  int64_t id = 0;
};
EntrySubject SubjectOf(const ledger::Entry& entry);

// A state entry's subject_id: its key when the key is an integer, else 0.
int64_t IntegerKeyOrZero(std::string_view key);

// One row of ledger_entries as stored.
struct StoredEntry {
  int64_t seq = 0;
  std::string body;
  ledger::Hash leaf{};
  std::string fingerprints;
};

// What the ledger reads and writes through a backend. SQL handed to it is the common
// subset of SQLite's and PostgreSQL's, with integer parameters written Param(n).
class LedgerDatabase {
 public:
  virtual ~LedgerDatabase() = default;

  // The placeholder of parameter n (1-based): "?1" (SQLite), "$1" (PostgreSQL).
  virtual std::string Param(int n) const = 0;
  // A text `column` ordered by its bytes, as SQLite orders text: PostgreSQL adds
  // COLLATE "C", so an order that is hashed is the same whatever the database's locale.
  // (An integer column takes no collation: OrderBy chooses.)
  virtual std::string ByteOrder(std::string_view column) const = 0;
  // "ORDER BY key" for a table's key column, text keys by their bytes.
  std::string OrderByKey(const EvidenceTable& table) const {
    return "ORDER BY " +
           (table.key_type == KeyType::kText ? ByteOrder(table.key) : std::string(table.key));
  }

  // A row of an evidence table as selected: its first column (an integer, and as
  // text: the key of users, settings, ...) and its encoding (docs/ledger.md).
  struct EncodedRow {
    int64_t first = 0;
    std::string_view first_text;
    std::string_view encoding;
  };
  // Calls `visit` for each row of SelectEncodedColumns(table, where) in the order
  // `where` gives; stops at the first error (the visitor's or the backend's).
  virtual Status ForEachEncodedRow(const EvidenceTable& table, const std::string& where,
                                   const std::vector<int64_t>& params,
                                   const std::function<Status(const EncodedRow&)>& visit) = 0;
  // The encoding of the row whose key column equals `key` (as text); kNotFound if none.
  virtual Result<std::string> EncodeRow(const EvidenceTable& table, std::string_view key) = 0;
  // Calls `visit` with each row of `sql`, whose columns are all integers.
  virtual Status ForEachIntegerRow(
      const std::string& sql, const std::vector<int64_t>& params,
      const std::function<Status(std::span<const int64_t>)>& visit) = 0;
  // The first column of the first row of `sql`; `when_empty` without a row or when NULL.
  virtual Result<int64_t> QueryInt(const std::string& sql, const std::vector<int64_t>& params,
                                   int64_t when_empty) = 0;

  // ledger_entries: appends one (numbered after the last), reads them in order.
  virtual Status InsertEntry(const EntrySubject& subject, std::string_view body,
                             const ledger::Hash& leaf, std::string_view fingerprints,
                             const std::string& now) = 0;
  virtual Result<std::vector<StoredEntry>> ReadEntries() = 0;
  virtual Result<std::vector<ledger::Hash>> ReadLeafHashes() = 0;
  // The first entry filed under (kind, subject_table, subject_id), if any.
  virtual Result<std::optional<StoredEntry>> FindEntry(std::string_view kind,
                                                       std::string_view table, int64_t id) = 0;
  // ledger_heads.
  virtual Status InsertHead(const ledger::SignedHead& head) = 0;
  virtual Result<std::vector<ledger::SignedHead>> ReadHeads() = 0;
};

// A stored head's root, signature and key as read back; kDataLoss when the root is
// not 32 bytes.
Result<ledger::SignedHead> StoredHead(int64_t size, std::string_view root, std::string time,
                                      std::string signature, std::string public_key);

// --- appending (inside the transaction of the write, after its rows)

// Appends one entry (its body, leaf hash and, for batches, row fingerprints).
Status AppendEntry(LedgerDatabase& db, const ledger::Entry& entry, std::string_view fingerprints,
                   const std::string& now);
// Logs row `key` of `table` as it is now (decisions, withdrawals, models, audit rows).
Status AppendRowEntry(LedgerDatabase& db, std::string_view table, int64_t key,
                      const std::string& now);
// Logs the state of row `key` of a table updated in place: its hash, or "deleted".
Status AppendStateEntry(LedgerDatabase& db, std::string_view table, std::string_view key,
                        const std::string& now);
// The entry of timeline write `write_id` (kind "batch" over its timeline_writes row and
// the facilities, aliases, flights, claims and orders it brought).
Status AppendTimelineWriteEntry(LedgerDatabase& db, int64_t write_id, const std::string& now);
// The entry of a link run whose person events have ids > `events_before`.
Status AppendLinkageEntry(LedgerDatabase& db, int64_t events_before, const std::string& now);
// A batch's entry computed from what the tables hold (the catch-up of older batches, or
// a batch whose repeated record ids were removed while it was written).
Status AppendBatchEntryFromTables(LedgerDatabase& db, int64_t batch_id, const std::string& now);

// Collects the leaves of a batch's row tree while its rows are written. The records'
// leaves are hashed on a worker thread (ledger::LeafHasher), beside the writer.
class BatchRowTree {
 public:
  // Bytes of each row leaf kept with a batch entry to name the row that changed
  // (diagnostic only: the row tree's root is what proves).
  static constexpr size_t kFingerprintBytes = 8;

  BatchRowTree() : records_(kFingerprintBytes) {}
  // Record `id` as the writer stores it (the columns of "records", docs/ledger.md "Row
  // encoding"; `fields_json` the fields column as written), encoded straight into the
  // hasher's buffer with one resize for the whole row (ledger/row_values.h): this runs
  // once per row on the thread that bounds an import. Records come in id order.
  void AddRecord(int64_t id, int64_t batch_id, int64_t source_id, const RecordData& record,
                 std::string_view fields_json);
  // Rejected row `id` as the writer stores it (the columns of "rejected_rows").
  void AddRejected(int64_t id, int64_t batch_id, const RejectedRow& row);
  void RemoveRecord(int64_t id);  // a repeated record id moved to the rejected rows
  // Appends the batch entry (after the batches row got its final counts).
  Status AppendEntry(LedgerDatabase& db, int64_t batch_id, const std::string& now);

 private:
  // Records arrive in id order and stream into the root (no leaf kept); rejected
  // rows, few, come after them in the tree. A removed record (rare) makes the entry
  // be computed again from the tables at the end.
  ledger::LeafHasher records_;
  std::vector<ledger::Hash> rejected_;
  std::string rejected_row_;  // the encoding of the rejected row being added
  int64_t first_record_id_ = 0, last_record_id_ = 0;
  bool records_removed_ = false;
};

// --- bringing rows written before their entries under the ledger (migrations)

// One entry per batch, decision and model, and one linkage entry for the persons
// (SQLite's migration 3).
Status CoverRowsWrittenBeforeTheLedger(LedgerDatabase& db, const std::string& now);
// One entry per timeline write (SQLite's migration 7).
Status CoverTimelineWritesMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now);
// One row entry per audit row (SQLite's migration 8).
Status CoverAuditRowsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now);
// One state entry per row of users, api_tokens and settings (SQLite's migration 9).
Status CoverStateRowsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now);
// One row entry per decision withdrawal.
Status CoverWithdrawalsMadeBeforeTheirEntries(LedgerDatabase& db, const std::string& now);

// --- reading and checking

// Recomputes every entry and every row it covers from what the tables hold now; the
// first problem found is named (docs/ledger.md "What verify catches").
Result<LedgerCheck> CheckLedgerAgainstTables(LedgerDatabase& db);
// Record `record_id`'s row, its path in its batch's row tree, and its batch's entry.
Result<RecordProofParts> ProofPartsOfRecord(LedgerDatabase& db, int64_t record_id);

}  // namespace habeas::store
