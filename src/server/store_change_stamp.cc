#include "server/store_change_stamp.h"

#include <sys/stat.h>

#include "habeas/store.h"

namespace habeas::server {

StoreChangeStamp::StoreChangeStamp(std::string db) : db_(std::move(db)) {}

Result<std::string> StoreChangeStamp::Read() {
  if (StoreBackendOf(db_) == StoreBackend::kPostgres) return PostgresStamp();
  return FileStamp();
}

std::string StoreChangeStamp::FileStamp() const {
  std::string stamp;
  for (const std::string& path : {db_, db_ + "-wal"}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      stamp += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + ";";
    } else {
      stamp += "-;";
    }
  }
  return stamp;
}

Result<std::string> StoreChangeStamp::PostgresStamp() {
  if (!connection_) {
    Result<store::PgConnection> conn = store::PgConnection::Connect(db_);
    if (!conn.ok()) return conn.status().WithContext(RedactedStoreUrl(db_));
    connection_.emplace(std::move(conn).value());
  }
  // One statement: one snapshot of the data parts. The statistics functions take the
  // tables by regclass, resolved in the store's schema (the URL's search_path).
  Result<store::PgResult> r = connection_->Query(
      "SELECT (SELECT coalesce(max(version), 0) FROM schema_migrations) || ':' || "
      "(SELECT count(*) || '/' || coalesce(max(id), 0) FROM batches) || ':' || "
      "(SELECT coalesce(max(id), 0) FROM persons) || ':' || "
      "(SELECT coalesce(max(id), 0) FROM person_events) || ':' || "
      "(SELECT sum(pg_stat_get_tuples_inserted(t) + pg_stat_get_tuples_updated(t) + "
      "pg_stat_get_tuples_deleted(t)) FROM unnest(ARRAY['batches'::regclass, "
      "'records'::regclass, 'record_persons'::regclass, 'persons'::regclass, "
      "'link_edges'::regclass, 'review_pairs'::regclass, 'link_decisions'::regclass, "
      "'decision_withdrawals'::regclass, 'link_models'::regclass]) AS t)");
  if (!r.ok()) {
    connection_.reset();  // a lost connection is made again at the next read
    return r.status().WithContext(RedactedStoreUrl(db_));
  }
  return r->Text(0, 0);
}

}  // namespace habeas::server
