#include "store/pg_util.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace habeas::store {
namespace {

std::string TrimmedMessage(const char* message) {
  std::string m = message ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

Status PgError(const PGresult* result, const PGconn* conn, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = TrimmedMessage(result ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = TrimmedMessage(conn ? PQerrorMessage(conn) : nullptr);
  if (message.empty()) message = "out of memory";
  message = std::string(what) + ": " + message;
  const std::string_view sqlstate = state ? state : "";
  if (sqlstate == "23505") return Conflict(message);
  if (sqlstate == "23503") return NotFound(message);  // a foreign key names no row
  if (sqlstate.substr(0, 2) == "22" || sqlstate.substr(0, 2) == "23") return InvalidInput(message);
  if (sqlstate.empty() || sqlstate.substr(0, 2) == "08" || sqlstate.substr(0, 2) == "40" ||
      sqlstate.substr(0, 2) == "53" || sqlstate.substr(0, 2) == "57") {
    // No SQLSTATE: the connection itself failed.
    if (sqlstate.empty() && conn && PQstatus(conn) == CONNECTION_OK && result) {
      return Internal(message);
    }
    return Unavailable(message);
  }
  return Internal(message);
}

PgResult& PgResult::operator=(PgResult&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

int64_t PgResult::Int(int row, int col) const {
  const char* v = PQgetvalue(r_, row, col);
  if (PQfformat(r_, col) == 1) {
    uint64_t out = 0;
    for (int i = 0; i < PQgetlength(r_, row, col); ++i) {
      out = (out << 8) | static_cast<unsigned char>(v[i]);
    }
    return static_cast<int64_t>(out);
  }
  int64_t out = 0;
  std::from_chars(v, v + PQgetlength(r_, row, col), out);
  return out;
}

double PgResult::Double(int row, int col) const {
  return std::strtod(PQgetvalue(r_, row, col), nullptr);
}

std::string PgResult::Bytes(int row, int col) const {
  const char* v = PQgetvalue(r_, row, col);
  const int n = PQgetlength(r_, row, col);
  if (PQfformat(r_, col) == 1) return std::string(v, static_cast<size_t>(n));
  std::string out;
  if (n < 2 || v[0] != '\\' || v[1] != 'x') return out;  // hex is the server's default
  out.reserve(static_cast<size_t>(n - 2) / 2);
  for (int i = 2; i + 1 < n; i += 2) {
    out.push_back(static_cast<char>(HexValue(v[i]) * 16 + HexValue(v[i + 1])));
  }
  return out;
}

int64_t PgResult::Affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

PgParams& PgParams::Int(int64_t v) {
  values_.push_back({std::to_string(v)});
  return *this;
}

PgParams& PgParams::Double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  values_.push_back({buf});
  return *this;
}

PgParams& PgParams::Text(std::string_view v) {
  values_.push_back({std::string(v)});
  return *this;
}

PgParams& PgParams::TextOrNull(std::string_view v) {
  return v.empty() ? Null() : Text(v);
}

PgParams& PgParams::Bytes(std::string_view v) {
  values_.push_back({std::string(v), false, true});
  return *this;
}

PgParams& PgParams::Null() {
  values_.push_back({"", true});
  return *this;
}

Result<PgConnection> PgConnection::Connect(const std::string& url) {
  // Later keywords override what the URL says: the store always speaks UTF-8.
  const char* keywords[] = {"dbname", "client_encoding", "fallback_application_name", nullptr};
  const char* values[] = {url.c_str(), "UTF8", "habeas", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    Status s = Unavailable("cannot connect to PostgreSQL: " + TrimmedMessage(PQerrorMessage(conn)));
    PQfinish(conn);
    return s;
  }
  // Notices ("drop cascades to ...") are the server talking to a terminal; errors
  // come back as Status values.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return PgConnection(conn);
}

Status PgConnection::Exec(std::string_view sql) {
  PGresult* r = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType st = PQresultStatus(r);
  Status s = Status::Ok();
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) s = PgError(r, conn_, "PostgreSQL");
  PQclear(r);
  return s;
}

Result<PgResult> PgConnection::Query(const std::string& sql, const PgParams& params) {
  return Execute(sql, params, 0);
}

Result<PgResult> PgConnection::QueryBinary(const std::string& sql, const PgParams& params) {
  return Execute(sql, params, 1);
}

Result<PgResult> PgConnection::Execute(const std::string& sql, const PgParams& params,
                                       int result_format) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const PgParams::Value& v : params.values_) {
    values.push_back(v.null ? nullptr : v.text.data());
    lengths.push_back(static_cast<int>(v.text.size()));
    formats.push_back(v.binary ? 1 : 0);
  }
  PGresult* r = PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(),
                             lengths.data(), formats.data(), result_format);
  const ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = PgError(r, conn_, "PostgreSQL");
    PQclear(r);
    return s;
  }
  return PgResult(r);
}

Result<int64_t> PgConnection::QueryInt(const std::string& sql, const PgParams& params,
                                       int64_t when_empty) {
  HABEAS_ASSIGN_OR_RETURN(PgResult r, Query(sql, params));
  if (r.rows() == 0 || r.IsNull(0, 0)) return when_empty;
  return r.Int(0, 0);
}

Status PgConnection::CopyIn(const std::string& copy_sql, std::string_view data) {
  HABEAS_RETURN_IF_ERROR(BeginCopy(copy_sql));
  if (Status put = PutCopy(data); !put.ok()) {
    AbortCopy();
    return put;
  }
  return EndCopy();
}

Status PgConnection::BeginCopy(const std::string& copy_sql) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  const ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COPY_IN) {
    Status s = PgError(r, conn_, "starting COPY");
    PQclear(r);
    return s;
  }
  PQclear(r);
  return Status::Ok();
}

Status PgConnection::PutCopy(std::string_view data) {
  // libpq takes an int length: large buffers go in pieces.
  constexpr size_t kPiece = 1 << 30;
  while (!data.empty()) {
    const size_t n = std::min(data.size(), kPiece);
    if (PQputCopyData(conn_, data.data(), static_cast<int>(n)) != 1) {
      return PgError(nullptr, conn_, "sending COPY data");
    }
    data.remove_prefix(n);
  }
  return Status::Ok();
}

Status PgConnection::EndCopy() {
  if (PQputCopyEnd(conn_, nullptr) != 1) return PgError(nullptr, conn_, "ending COPY");
  Status s = Status::Ok();
  while (PGresult* r = PQgetResult(conn_)) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) s = PgError(r, conn_, "COPY");
    PQclear(r);
  }
  return s;
}

void PgConnection::AbortCopy() {
  PQputCopyEnd(conn_, "aborted by habeas");
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
}

Status PgConnection::CopyOut(const std::string& copy_sql,
                             const std::function<Status(std::string_view)>& take) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  if (PQresultStatus(r) != PGRES_COPY_OUT) {
    Status s = PgError(r, conn_, "starting COPY");
    PQclear(r);
    return s;
  }
  PQclear(r);
  Status s = Status::Ok();
  for (;;) {
    char* piece = nullptr;
    const int n = PQgetCopyData(conn_, &piece, 0);
    if (n < 0) break;  // -1: done, -2: failed (the result below says why)
    if (s.ok()) s = take(std::string_view(piece, static_cast<size_t>(n)));
    PQfreemem(piece);
    // An error from `take` cannot stop the server's stream early without cancelling
    // the query; the rest is read and dropped.
  }
  while (PGresult* end = PQgetResult(conn_)) {
    if (PQresultStatus(end) != PGRES_COMMAND_OK && s.ok()) s = PgError(end, conn_, "COPY");
    PQclear(end);
  }
  return s;
}

bool PgConnection::InTransaction() const {
  const PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

void CopyLine::Separate() {
  if (!first_) out_->push_back('\t');
  first_ = false;
}

CopyLine& CopyLine::Int(int64_t v) {
  Separate();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out_->append(buf, end);
  return *this;
}

CopyLine& CopyLine::Double(double v) {
  Separate();
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.17g", v);
  out_->append(buf, static_cast<size_t>(n));
  return *this;
}

CopyLine& CopyLine::Text(std::string_view v) {
  Separate();
  for (char c : v) {
    switch (c) {
      case '\\': out_->append("\\\\"); break;
      case '\n': out_->append("\\n"); break;
      case '\r': out_->append("\\r"); break;
      case '\t': out_->append("\\t"); break;
      default: out_->push_back(c);
    }
  }
  return *this;
}

CopyLine& CopyLine::TextOrNull(std::string_view v) { return v.empty() ? Null() : Text(v); }

CopyLine& CopyLine::Bytes(std::string_view v) {
  Separate();
  out_->append("\\\\x");  // "\x" escaped for COPY: the hex form of bytea
  for (unsigned char c : v) {
    out_->push_back(kHexDigits[c >> 4]);
    out_->push_back(kHexDigits[c & 15]);
  }
  return *this;
}

CopyLine& CopyLine::Null() {
  Separate();
  out_->append("\\N");
  return *this;
}

namespace {

void AppendBigEndian(std::string* out, uint64_t v, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

}  // namespace

CopyBinaryRow::CopyBinaryRow(std::string* out, int fields) : out_(out) {
  AppendBigEndian(out_, static_cast<uint64_t>(fields), 2);
}

CopyBinaryRow& CopyBinaryRow::Int(int64_t v) {
  AppendBigEndian(out_, 8, 4);
  AppendBigEndian(out_, static_cast<uint64_t>(v), 8);
  return *this;
}

CopyBinaryRow& CopyBinaryRow::Double(double v) {
  AppendBigEndian(out_, 8, 4);
  AppendBigEndian(out_, std::bit_cast<uint64_t>(v), 8);
  return *this;
}

CopyBinaryRow& CopyBinaryRow::Bytes(std::string_view v) {
  AppendBigEndian(out_, static_cast<uint64_t>(v.size()), 4);
  out_->append(v);
  return *this;
}

CopyBinaryRow& CopyBinaryRow::Null() {
  AppendBigEndian(out_, 0xFFFFFFFFu, 4);  // length -1
  return *this;
}

void CopyBinaryRow::AppendHeader(std::string* out) {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // and its NUL: 11 bytes
  out->append(kSignature, sizeof kSignature);
  AppendBigEndian(out, 0, 4);  // flags
  AppendBigEndian(out, 0, 4);  // header extension length
}

void CopyBinaryRow::AppendTrailer(std::string* out) { AppendBigEndian(out, 0xFFFF, 2); }

std::string PgIntArray(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(values[i]);
  }
  out.push_back('}');
  return out;
}

}  // namespace habeas::store
