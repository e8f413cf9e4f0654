// OpenStore: the backend a --db value names.
#include "habeas/store.h"

namespace habeas {

StoreBackend StoreBackendOf(std::string_view db) {
  if (db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0) {
    return StoreBackend::kPostgres;
  }
  return StoreBackend::kSqlite;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& db, const SqliteOptions& options) {
  switch (StoreBackendOf(db)) {
    case StoreBackend::kPostgres:
      return OpenPostgresStore(db, options);
    case StoreBackend::kSqlite:
      break;
  }
  return OpenSqliteStore(db, options);
}

}  // namespace habeas
