// The timeline tables of a PostgreSQL store (migrations 4 and 7, docs/timeline.md):
// writes, facilities and their aliases, flights, claims, orders, written and read as
// SQLite's store does (sqlite_timeline.cc), row for row and byte for byte, so a write's
// ledger entry is the same on both. Shares PgStore's connection; one thread at a time.
#pragma once

#include <functional>
#include <vector>

#include "habeas/clock.h"
#include "habeas/timeline.h"
#include "store/pg_util.h"

namespace habeas::store {

class PgTimelineReader {
 public:
  explicit PgTimelineReader(PgConnection& conn) : conn_(conn) {}

  Result<std::vector<TimelineWriteInfo>> ListTimelineWrites();
  Result<std::vector<Facility>> ListFacilities();
  Result<std::vector<Flight>> ListFlights();
  Status ForEachClaim(const ClaimFilter& filter, const std::function<bool(Claim&&)>& visit);
  Result<std::vector<StoredOrder>> ListOrders();

 private:
  PgConnection& conn_;
};

// Store::WriteTimeline: one transaction under the timeline lock (PgStoreLock::kTimeline:
// two writers naming the same new facility take turns), the timeline_writes row, the
// rows it brings, and its ledger entry (store::AppendTimelineWriteEntry) before commit.
class PgTimelineWriter {
 public:
  PgTimelineWriter(PgConnection& conn, const Clock* clock) : conn_(conn), clock_(clock) {}

  Result<int64_t> WriteTimeline(const TimelineWrite& write);

 private:
  Result<int64_t> WriteInTransaction(const TimelineWrite& write);
  Result<int64_t> InsertWriteRow(const TimelineWrite& write, const std::string& now);
  Status InsertFacilities(const std::vector<Facility>& facilities, int64_t write_id);
  Status AddAliases(const Facility& facility, int64_t facility_id, int64_t write_id);
  Status InsertFlights(const std::vector<Flight>& flights, int64_t write_id);
  Status InsertClaims(const std::vector<Claim>& claims, int64_t write_id, const std::string& now);
  Status InsertOrders(const std::vector<StoredOrder>& orders, int64_t write_id);

  PgConnection& conn_;
  const Clock* clock_;
};

}  // namespace habeas::store
