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

}  // namespace habeas::store
