// PostgreSQL reads of the timeline tables (migrations 4 and 7, docs/timeline.md):
// writes, facilities and their aliases, flights, claims, orders, read as SQLite's
// store reads them (sqlite_timeline.cc). Writing them (Store::WriteTimeline) is not
// there yet on PostgreSQL, so these read what the tables hold: nothing, until a write
// path or a copy from SQLite fills them. Shares PgStore's connection; one thread at a
// time.
#pragma once

#include <functional>
#include <vector>

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

}  // namespace habeas::store
