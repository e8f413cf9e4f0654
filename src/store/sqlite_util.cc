#include "store/sqlite_util.h"

namespace habeas::store {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      return Conflict(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message + " (the store is in use by another process)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss(std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return Unavailable(std::move(message));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return PermissionDenied(std::move(message));
    default:
      return Internal(std::move(message));
  }
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "preparing SQL");
  return Statement(stmt);
}

Status Exec(sqlite3* db, std::string_view sql) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "executing SQL");
    sqlite3_free(err);
    return s;
  }
  return Status::Ok();
}

Result<bool> SetJournalMode(sqlite3* db, std::string_view mode) {
  HABEAS_ASSIGN_OR_RETURN(Statement s,
                          Statement::Prepare(db, "PRAGMA journal_mode = " + std::string(mode)));
  const int rc = s.Step();
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) return false;
  if (rc != SQLITE_ROW) return SqliteError(db, rc, "setting the journal mode");
  // SQLite answers with the mode in force, which is the old one if it could not change.
  return s.ColumnText(0) == mode;
}

}  // namespace habeas::store
