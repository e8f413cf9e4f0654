// The ledger's half of the PostgreSQL store (docs/ledger.md, docs/store.md
// "PostgreSQL"): the twin of sqlite_ledger.h, with the same entries, leaf hashes and
// row encodings, so that a store hashes the same on both backends.
//
// The Append* calls are the API other writers of a PostgreSQL store call, inside the
// transaction of the write they log, after writing its row:
//
//   PgTransaction t(conn);
//   HABEAS_RETURN_IF_ERROR(t.Begin());
//   ... INSERT INTO settings ... ;                           // the write
//   HABEAS_RETURN_IF_ERROR(store::AppendStateEntry(conn, "settings", "public_fields", now));
//   HABEAS_RETURN_IF_ERROR(t.Commit());                     // both or neither
//
// Each append takes the ledger lock (PgStoreLock::kLedger, an advisory lock held to
// commit) and numbers its entry max(seq) + 1: entries of concurrent writers, in any
// process, are numbered without gaps in the order their transactions commit. Take the
// ledger lock last (after any other store lock of the transaction), so that writers
// never wait for each other in a circle; keep what follows the append short, since
// every other writer's append waits for the commit.
//
// Functions borrow the connection (one thread at a time), which must be inside a
// write transaction (READ COMMITTED, the default) for the Append* calls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "habeas/ledger.h"
#include "habeas/status.h"
#include "store/ledger_tables.h"
#include "store/pg_util.h"

namespace habeas::store {

// LedgerDatabase over a PostgreSQL connection (borrowed: it must outlive this). Rows are
// read in binary format and encoded by their columns' types; long selections go
// through a cursor, 10,000 rows at a time, inside the caller's transaction (or a
// REPEATABLE READ READ ONLY one of its own when there is none).
class PgLedgerDatabase final : public LedgerDatabase {
 public:
  explicit PgLedgerDatabase(PgConnection& conn) : conn_(conn) {}

  std::string Param(int n) const override { return "$" + std::to_string(n); }
  std::string ByteOrder(std::string_view column) const override {
    return std::string(column) + " COLLATE \"C\"";
  }
  Status ForEachEncodedRow(const EvidenceTable& table, const std::string& where,
                           const std::vector<int64_t>& params,
                           const std::function<Status(const EncodedRow&)>& visit) override;
  Result<std::string> EncodeRow(const EvidenceTable& table, std::string_view key) override;
  Status ForEachIntegerRow(const std::string& sql, const std::vector<int64_t>& params,
                           const std::function<Status(std::span<const int64_t>)>& visit) override;
  Result<int64_t> QueryInt(const std::string& sql, const std::vector<int64_t>& params,
                           int64_t when_empty) override;
  // Takes the ledger lock (PgStoreLock::kLedger) and numbers the entry max(seq) + 1.
  Status InsertEntry(const EntrySubject& subject, std::string_view body, const ledger::Hash& leaf,
                     std::string_view fingerprints, const std::string& now) override;
  Result<std::vector<StoredEntry>> ReadEntries() override;
  Result<std::vector<ledger::Hash>> ReadLeafHashes() override;
  Result<std::optional<StoredEntry>> FindEntry(std::string_view kind, std::string_view table,
                                               int64_t id) override;
  Status InsertHead(const ledger::SignedHead& head) override;
  Result<std::vector<ledger::SignedHead>> ReadHeads() override;

 private:
  // Calls `visit` with each page (at most kPageRows rows, binary format) of `sql`.
  Status ForEachPage(const std::string& sql, const std::vector<int64_t>& params,
                     const std::function<Status(const PgResult&)>& visit);

  PgConnection& conn_;
};

// The encoding (docs/ledger.md "Row encoding") of the row of `table` whose key column
// equals `key` (an integer key in decimal, or a settings key); kNotFound if absent.
Result<std::string> PgEncodeStoredRow(PgConnection& conn, const EvidenceTable& table,
                                      std::string_view key);

// Appends one entry (its body, leaf hash and, for batches, row fingerprints) under the
// ledger lock.
Status AppendEntry(PgConnection& conn, const ledger::Entry& entry, std::string_view fingerprints,
                   const std::string& now);

// Logs row `key` of `table` as it is now: the call for writers of single rows
// (decisions, withdrawals, models, audit rows). Call it inside the transaction that
// wrote the row, after writing it; again after every update of the row.
Status AppendRowEntry(PgConnection& conn, std::string_view table, int64_t key,
                      const std::string& now);

// Logs the state of row `key` (its key column's value as text, an integer in decimal)
// of a table updated in place (users, api_tokens, settings) as it is now, after a change
// in the same transaction: its hash, or "deleted" when the row is gone.
Status AppendStateEntry(PgConnection& conn, std::string_view table, std::string_view key,
                        const std::string& now);

// Brings every row of a PostgreSQL store written before it logged its writes under the
// ledger (schema migration 10, in its transaction): one entry per batch, decision, model,
// withdrawal, timeline write and audit row, one state entry per user, token and
// setting, and one linkage entry for the persons, in that order. It vouches for the
// store as it is at the upgrade, not before.
Status CoverPgStoreWrittenBeforeItsLedger(PgConnection& conn, const std::string& now);

}  // namespace habeas::store
