// Thin RAII helpers over the SQLite C API, private to the store module.
// Not thread-safe; a Statement belongs to the connection that prepared it.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas::store {

// Maps an SQLite result code and the connection's message to a Status.
Status SqliteError(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept {
    std::swap(stmt_, other.stmt_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }

  static Result<Statement> Prepare(sqlite3* db, std::string_view sql);

  // Binding: index is 1-based as in SQLite. Empty text binds NULL when null_if_empty.
  void BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  // Text and blobs are bound without a copy: `value` must stay alive and unchanged
  // until the statement is stepped and reset.
  void BindText(int index, std::string_view value, bool null_if_empty = false) {
    if (null_if_empty && value.empty()) {
      sqlite3_bind_null(stmt_, index);
    } else {
      sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    }
  }
  void BindBlob(int index, std::string_view value) {
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  void BindNull(int index) { sqlite3_bind_null(stmt_, index); }

  // Steps once: SQLITE_ROW, SQLITE_DONE, or an error code.
  int Step() { return sqlite3_step(stmt_); }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // For a statement whose every parameter is bound again before the next Step()
  // (the per-row inserts): skips clearing the bindings.
  void ResetForRebind() { sqlite3_reset(stmt_); }

  int64_t ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string ColumnText(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  std::string ColumnBlob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, col)) : std::string();
  }
  bool ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

  sqlite3_stmt* get() const { return stmt_; }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs one or more statements that return no rows.
Status Exec(sqlite3* db, std::string_view sql);

// Sets the journal mode ("wal", "delete", ...). False, not an error, when another
// connection holds the store so the mode cannot change now.
Result<bool> SetJournalMode(sqlite3* db, std::string_view mode);

}  // namespace habeas::store
