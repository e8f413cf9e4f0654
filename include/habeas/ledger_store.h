// The ledger of a store: signed heads, verification and record proofs
// (docs/ledger.md). Built on the Store interface and the pure ledger functions of
// habeas/ledger.h; the CLI and (later) the server call these, never the parts.
//
//   HABEAS_ASSIGN_OR_RETURN(auto key, ledger::SigningKey::LoadOrCreate(DefaultKeyPath(db)));
//   HABEAS_RETURN_IF_ERROR(SignLedgerHead(*store, key, Clock::System()).status());
//   HABEAS_ASSIGN_OR_RETURN(LedgerReport report, VerifyLedger(*store, {}));
//
// Functions use the store from the calling thread only.
#pragma once

#include <optional>
#include <string>

#include "habeas/clock.h"
#include "habeas/ledger.h"
#include "habeas/store.h"

namespace habeas {

// The default signing key file of the store `db` (a --db value), always outside the
// store: beside a SQLite file, "<db>.ledger-key" (ledger::DefaultKeyPath); for a
// PostgreSQL URL, which has no file to sit beside,
// "$XDG_DATA_HOME/habeas/ledger-key-<16 hex digits of the SHA-256 of the URL with its
// password redacted>.pem" ($HOME/.local/share without XDG_DATA_HOME). A data directory,
// not a cache: a key lost means later heads signed by another key. The password is
// left out of the hash so that changing it keeps the key.
std::string DefaultLedgerKeyPath(const std::string& db);

// The signing key of store `db`: the file `key_path` names, or DefaultLedgerKeyPath(db)
// when it is empty, created (mode 0600) on first use; for a URL's default key its
// directory is created too (mode 0700).
Result<ledger::SigningKey> LoadOrCreateLedgerKey(const std::string& db,
                                                 const std::string& key_path);

// Signs the log as it is now and keeps the head in the store (a write command
// calls this after its write commits). A log whose size has not changed since the
// last head signed with this key gets no new head; the last one is returned.
Result<ledger::SignedHead> SignLedgerHead(Store& store, const ledger::SigningKey& key,
                                          const Clock& clock);

struct VerifyOptions {
  std::optional<std::string> trusted_public_key;  // raw 32 bytes (from the key file)
  std::optional<ledger::SignedHead> against;      // a head kept outside the store
};

struct LedgerReport {
  int64_t entries = 0;
  int64_t rows_checked = 0;
  int64_t heads_checked = 0;
  ledger::Hash root{};
};

// Checks every entry against the tables, the tree against every signed head kept in
// the store, and (options.against) against a head kept elsewhere. kDataLoss names
// the first bad entry and the table and row it covers.
Result<LedgerReport> VerifyLedger(Store& store, const VerifyOptions& options);

// Which signed head a record proof is made against (docs/ledger.md "Record proofs").
enum class ProofHead {
  // The first head that covers the record's entry, normally the one signed right after
  // the write that logged it: the time the record was first vouched for, and the
  // shortest path in the log (the entry is at or near the head's end).
  kEarliest,
  // The newest head that covers it: what an outsider holding the latest exported
  // checkpoint compares with; one path hash per level of the whole log.
  kNewest,
};

// The proof document of a record (docs/ledger.md "Record proofs"), against the signed
// head `which` names among those in the store that match the log and cover the
// record's entry; kNotFound when none does yet.
Result<std::string> ProveRecord(Store& store, int64_t record_id, ProofHead which);

}  // namespace habeas
