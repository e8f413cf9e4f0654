// Thin RAII helpers over libpq for the PostgreSQL store: a connection, query results,
// parameters, COPY text encoding, and PostgreSQL errors as Status values.
//
//   HABEAS_ASSIGN_OR_RETURN(PgConnection c, PgConnection::Connect(url));
//   PgParams p;
//   p.Int(42);
//   HABEAS_ASSIGN_OR_RETURN(PgResult r, c.Query("SELECT name FROM sources WHERE id = $1", p));
//
// Results are read in text format (bytea as its hex form, decoded by Bytes()), or in
// binary format (QueryBinary; integers must then be BIGINT columns). A
// PgConnection is used by one thread at a time; it owns its PGconn.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas::store {

// The Status for a failed libpq call: the SQLSTATE class decides the code (23505
// unique violation: kConflict; 23503, a foreign key naming no row: kNotFound; other
// constraints and invalid text such as bad UTF-8 or a NUL byte:
// kInvalidInput; a lost connection, a deadlock or a serialization failure:
// kUnavailable; anything else: kInternal), the server's message is kept.
Status PgError(const PGresult* result, const PGconn* conn, std::string_view what);

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() { PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  int columns() const { return PQnfields(r_); }
  // The type of column `col` (a pg_type OID: 20 bigint, 25 text, 17 bytea, ...).
  Oid Type(int col) const { return PQftype(r_, col); }
  // The value's bytes as sent (text form, or binary form for QueryBinary): no copy.
  std::string_view View(int row, int col) const {
    return std::string_view(PQgetvalue(r_, row, col),
                            static_cast<size_t>(PQgetlength(r_, row, col)));
  }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
  }
  int64_t Int(int row, int col) const;  // binary format: an 8-byte BIGINT
  double Double(int row, int col) const;
  // A bytea column (text format "\x0a1b..."), decoded.
  std::string Bytes(int row, int col) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  int64_t Affected() const;

 private:
  PGresult* r_ = nullptr;
};

// Query parameters, all sent as text except Bytes (binary, for bytea).
class PgParams {
 public:
  PgParams& Int(int64_t v);
  PgParams& Double(double v);
  PgParams& Text(std::string_view v);
  PgParams& TextOrNull(std::string_view v);  // empty: NULL
  PgParams& Bytes(std::string_view v);
  PgParams& Null();
  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class PgConnection;
  struct Value {
    std::string text;
    bool null = false;
    bool binary = false;
  };
  std::vector<Value> values_;
};

class PgConnection {
 public:
  // `url` is a libpq connection URI (postgresql://...). The connection speaks UTF-8.
  static Result<PgConnection> Connect(const std::string& url);

  PgConnection(PgConnection&& o) noexcept : conn_(o.conn_) { o.conn_ = nullptr; }
  PgConnection& operator=(PgConnection&&) = delete;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() { PQfinish(conn_); }

  // One or more statements without parameters (simple query protocol).
  Status Exec(std::string_view sql);
  Result<PgResult> Query(const std::string& sql, const PgParams& params = {});
  // As Query, with the result in binary format: no text or hex to write and parse for
  // each value (the records' pages). PgResult reads either format.
  Result<PgResult> QueryBinary(const std::string& sql, const PgParams& params);
  // The first column of the first row as an integer; `when_empty` if there is no row or
  // it is NULL.
  Result<int64_t> QueryInt(const std::string& sql, const PgParams& params = {},
                           int64_t when_empty = 0);
  // Streams `data` (COPY text format, see CopyLine) through `copy_sql`, a
  // "COPY table (columns) FROM STDIN" statement.
  Status CopyIn(const std::string& copy_sql, std::string_view data);
  // COPY in pieces: Begin, Put (any number of times), End; Abort fails the statement
  // (and so the transaction).
  Status BeginCopy(const std::string& copy_sql);
  Status PutCopy(std::string_view data);
  Status EndCopy();
  void AbortCopy();
  // Streams the rows of `copy_sql`, a "COPY (SELECT ...) TO STDOUT" statement: `take`
  // gets each piece libpq hands over (one data row each; the binary format's header
  // comes with the first, its trailer alone) and may stop the copy with an error.
  Status CopyOut(const std::string& copy_sql,
                 const std::function<Status(std::string_view)>& take);

  // Inside BEGIN ... COMMIT (or a failed transaction awaiting ROLLBACK).
  bool InTransaction() const;
  // The connection was lost (the server restarted, or ended this session): every
  // statement on it fails from now on; a long-lived holder connects again.
  bool Lost() const { return PQstatus(conn_) == CONNECTION_BAD; }

 private:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  Result<PgResult> Execute(const std::string& sql, const PgParams& params, int result_format);
  PGconn* conn_;
};

// A transaction that rolls back unless Commit() was called: every early return of a
// writer leaves nothing behind.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& conn) : conn_(conn) {}
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  ~PgTransaction() {
    if (open_) (void)conn_.Exec("ROLLBACK");
  }
  Status Begin(std::string_view begin = "BEGIN") {
    HABEAS_RETURN_IF_ERROR(conn_.Exec(begin));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    open_ = false;
    return conn_.Exec("COMMIT");
  }
  // Hands the open transaction to another owner (who must end it).
  void Release() { open_ = false; }

 private:
  PgConnection& conn_;
  bool open_ = false;
};

// One line of COPY text format: values separated by tabs, backslash escapes, \N for
// NULL, bytea in hex. Appends to a caller's buffer, so a batch reuses one allocation.
class CopyLine {
 public:
  explicit CopyLine(std::string* out) : out_(out) {}
  ~CopyLine() { out_->push_back('\n'); }
  CopyLine& Int(int64_t v);
  CopyLine& Double(double v);
  CopyLine& Text(std::string_view v);
  CopyLine& TextOrNull(std::string_view v);  // empty: NULL
  CopyLine& Bytes(std::string_view v);
  CopyLine& Null();

 private:
  void Separate();
  std::string* out_;
  bool first_ = true;
};

// One row of COPY's binary format (`COPY ... FROM STDIN (FORMAT binary)`): a field
// count, then each field as a 32-bit length and its bytes, integers as 8 bytes in
// network order (every integer column of the store is BIGINT). No escaping and no hex
// on either side: the 1M-row import's records go this way. Text is checked by the
// server as in any other statement (valid UTF-8, no NUL).
class CopyBinaryRow {
 public:
  CopyBinaryRow(std::string* out, int fields);
  CopyBinaryRow& Int(int64_t v);
  CopyBinaryRow& Double(double v);  // a DOUBLE PRECISION column: 8 bytes, IEEE 754
  CopyBinaryRow& Text(std::string_view v) { return Bytes(v); }
  CopyBinaryRow& TextOrNull(std::string_view v) { return v.empty() ? Null() : Text(v); }
  CopyBinaryRow& Bytes(std::string_view v);
  CopyBinaryRow& Null();

  // What a binary COPY stream starts and ends with.
  static void AppendHeader(std::string* out);
  static void AppendTrailer(std::string* out);

 private:
  std::string* out_;
};

// "{1,2,3}": an int8[] parameter for unnest().
std::string PgIntArray(const std::vector<int64_t>& values);

}  // namespace habeas::store
