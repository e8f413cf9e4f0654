// Status and Result<T>: how every fallible operation in Habeas reports errors.
//
// Errors a user can cause (bad input, missing files, conflicts) are values, never
// exceptions; exceptions never cross the library boundary. Each code maps to one
// CLI exit code (see docs/cli.md) and, later, one HTTP status.
//
//   habeas::Result<Mapping> mapping = Mapping::Load(path);
//   if (!mapping.ok()) return mapping.status();
//   HABEAS_ASSIGN_OR_RETURN(auto rows, ReadAll(path));
//
// Status and Result are value types; they are not thread-safe to mutate
// concurrently but may be copied freely across threads.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace habeas {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,      // the user's input is malformed; fix it and retry
  kNotFound,          // a named thing (file, source, record) does not exist
  kPermissionDenied,  // the caller's role does not allow this
  kConflict,          // the request contradicts what is stored (e.g. name taken)
  kDataLoss,          // stored data is damaged (integrity check failed)
  kUnavailable,       // a resource is busy or unreachable; retrying may help
  kInternal,          // a bug in Habeas
};

// The short lower-case name of a code ("invalid input"), for messages and JSON.
std::string_view StatusCodeName(StatusCode code);

// The process exit code the CLI uses for a status (0 for OK). Documented in docs/cli.md.
int ExitCodeFor(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid input: family.csv:3: ..." — for logs; users normally see message().
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` and ": ".
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
inline Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "Result constructed from an OK status without a value");
    if (status_.ok()) status_ = Internal("Result constructed from OK status without value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace habeas

#define HABEAS_CONCAT_INNER(a, b) a##b
#define HABEAS_CONCAT(a, b) HABEAS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define HABEAS_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::habeas::Status habeas_status_ = (expr);        \
    if (!habeas_status_.ok()) return habeas_status_; \
  } while (0)

// `HABEAS_ASSIGN_OR_RETURN(auto x, F());` declares x from F()'s value or returns its status.
#define HABEAS_ASSIGN_OR_RETURN(lhs, expr) \
  HABEAS_ASSIGN_OR_RETURN_IMPL(HABEAS_CONCAT(habeas_result_, __LINE__), lhs, expr)
#define HABEAS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
