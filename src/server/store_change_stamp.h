// A cheap look at whether a store may have changed, for the server's reload of the
// locator index (LocatorService): only when the stamp moved is the store's fingerprint
// computed (search::StoreFingerprint reads every record's person), and only when that
// differs is the index rebuilt.
//
//   StoreChangeStamp stamp(db);
//   HABEAS_ASSIGN_OR_RETURN(std::string now, stamp.Read());
//   if (now != last) { ... compare fingerprints ... }
//
// A stamp may move without a change that matters (an audit row, a statistics reset):
// that costs one fingerprint. It must move after every committed import, link or
// decision, within a second or so.
//
// Thread-safety: one thread at a time (LocatorService calls it under its refresh lock,
// ViewCache under its own).
#pragma once

#include <optional>
#include <string>

#include "habeas/status.h"
#include "store/pg_util.h"

namespace habeas::server {

class StoreChangeStamp {
 public:
  explicit StoreChangeStamp(std::string db);

  // SQLite: the size and modification time of the file and its WAL (any commit moves
  // them). PostgreSQL: the counts of the rows inserted, updated and deleted in the
  // tables the index and the kept views read (records and persons; for the estimate
  // also the links, the review queue, decisions and models: the server's statistics,
  // flushed by each writer within a second of its commit, and at its exit), with the
  // highest batch, person and person event ids and the schema version, which move with
  // every import and link even where statistics are off (track_counts).
  Result<std::string> Read();

 private:
  std::string FileStamp() const;
  Result<std::string> PostgresStamp();

  std::string db_;
  std::optional<store::PgConnection> connection_;  // PostgreSQL: kept between reads
};

}  // namespace habeas::server
