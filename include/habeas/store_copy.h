// Copying a whole store into an empty one: SQLite to PostgreSQL, PostgreSQL to
// SQLite, or within one backend (`habeas copy`, docs/store.md "Copying a store").
//
//   StoreCopyReport report = CopyStore("habeas.db", "postgresql:///team");
//   for (const CopiedTableCount& t : report.tables) print(t.table, t.read, t.written);
//   if (!report.status.ok()) fail(report.status);
//
// Every table but schema_migrations is copied row for row with its ids and bytes
// unchanged, so the ledger's entries still cover the rows that arrive. The target is
// written in one transaction: it must hold no row before (kConflict otherwise; never
// overwritten), and when anything fails before the commit (a read or write error, or a
// table whose rows written differ from its rows read: kDataLoss) it is rolled back and
// left as it was, an empty store. After the commit the target is checked as
// `habeas verify` and `habeas check-store` would; a failure there (kDataLoss) leaves
// the copy in place for inspection. The ledger signing key (a file beside a SQLite
// store) is not part of the store and is not copied.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "habeas/status.h"

namespace habeas {

struct CopiedTableCount {
  std::string table;
  int64_t read = 0;     // rows read from the source
  int64_t written = 0;  // rows the target's table holds after the copy's writes
};

// What became of the ledger's check on arrival.
enum class LedgerOnArrival {
  kNotChecked,   // the copy did not commit
  kVerified,     // every entry and signed head checked against the copied rows
  kUnavailable,  // the target's backend has no ledger (CheckLedger answers kUnavailable)
  kFailed,       // the copy committed, but its ledger does not verify (status says why)
};

struct StoreCopyReport {
  std::vector<CopiedTableCount> tables;  // in copy order, as far as the copy got
  bool committed = false;                // the target holds the copy
  LedgerOnArrival ledger = LedgerOnArrival::kNotChecked;
  int64_t ledger_entries = 0;  // kVerified
  bool integrity_checked = false;
  Status status;  // Ok, or the first failure (see above for what the target holds)
};

// Copies the store `from` names (a path or a PostgreSQL URL, as --db) into the store
// `to` names, created and migrated as needed. Both must be at this build's schema
// version (the source is only read: run `habeas migrate` on an older one first).
StoreCopyReport CopyStore(const std::string& from, const std::string& to);

}  // namespace habeas
