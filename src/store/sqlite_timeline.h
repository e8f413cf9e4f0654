// The timeline half of the SQLite store (timeline writes, facilities and aliases,
// flights, claims, orders); SqliteStore forwards its timeline methods here. Private
// to the store module. Not thread-safe; borrows the connection and clock, which must
// outlive it. Tables: docs/store.md "Timeline tables (migration 3)".
#pragma once

#include <sqlite3.h>

#include "habeas/store.h"

namespace habeas::store {

class SqliteTimeline {
 public:
  SqliteTimeline(sqlite3* db, const Clock* clock) : db_(db), clock_(clock) {}

  Result<int64_t> WriteTimeline(const TimelineWrite& write);
  Result<std::vector<TimelineWriteInfo>> ListTimelineWrites();
  Result<std::vector<Facility>> ListFacilities();
  Result<std::vector<Flight>> ListFlights();
  Status ForEachClaim(const ClaimFilter& filter, const std::function<bool(Claim&&)>& visit);
  Result<std::vector<StoredOrder>> ListOrders();

 private:
  Result<int64_t> WriteInTransaction(const TimelineWrite& write);
  Result<int64_t> InsertWriteRow(const TimelineWrite& write);
  Status InsertFacilities(const std::vector<Facility>& facilities, int64_t write_id);
  Status InsertFlights(const std::vector<Flight>& flights, int64_t write_id);
  Status InsertClaims(const std::vector<Claim>& claims, int64_t write_id);
  Status InsertOrders(const std::vector<StoredOrder>& orders, int64_t write_id);
  sqlite3* db_;
  const Clock* clock_;
};

}  // namespace habeas::store
