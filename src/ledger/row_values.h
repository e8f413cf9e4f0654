// A row's encoding (docs/ledger.md "Row encoding") from all its values at once: the
// same bytes as RowEncoder's calls, one per value, but written after one resize. The
// import encodes every record this way on the thread that writes rows to SQLite,
// where RowEncoder's call and append per value cost ~650 instructions a row, about
// as much as the rest of the ledger's work on that thread (docs/benchmarks.md "Ledger").
//
//   const ledger::RowValue values[] = {ledger::RowValue::Int(id), ledger::RowValue::Text(name),
//                                      ledger::RowValue::Null()};
//   ledger::AppendRowEncoding("records", values, &buffer);
//   // buffer now ends with what RowEncoder(&buffer, "records") .Int(id) .Text(name) .Null()
//   // would have appended.
//
// Values borrow their bytes: they must outlive the call. Thread-compatible.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace habeas::ledger {

struct RowValue {
  enum class Kind { kNull, kInt, kText, kBlob };
  Kind kind = Kind::kNull;
  int64_t number = 0;      // kInt
  std::string_view bytes;  // kText, kBlob

  static RowValue Null() { return {}; }
  static RowValue Int(int64_t v) { return {Kind::kInt, v, {}}; }
  static RowValue Text(std::string_view v) { return {Kind::kText, 0, v}; }
  static RowValue Blob(std::string_view v) { return {Kind::kBlob, 0, v}; }
};

// Appends the encoding of a row of `table` with `values`, in order, to `out`.
void AppendRowEncoding(std::string_view table, std::span<const RowValue> values, std::string* out);

}  // namespace habeas::ledger
