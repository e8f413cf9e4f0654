// The tables of a store, row by row, between backends: what `habeas copy` moves
// (habeas/store_copy.h). Private to the store modules.
//
// A TableSource reads one table at a time in primary-key order from one snapshot; a
// TableTarget writes into one transaction that Commit() makes durable (destroyed
// without it, nothing stays). Values keep their bytes: an integer stays the same 64
// bits, a real the same IEEE double, text and blobs the same bytes, so the ledger's
// row encodings (docs/ledger.md) hash the same on arrival. Rows stream: one row is
// in memory at a time on the reading side, about a megabyte of COPY data on the
// writing side.
//
//   HABEAS_ASSIGN_OR_RETURN(auto source, OpenTableSource("old.db"));
//   HABEAS_ASSIGN_OR_RETURN(auto target, OpenTableTarget("postgresql:///team"));
//   std::vector<TableRowCount> counts;
//   HABEAS_RETURN_IF_ERROR(CopyTables(*source, *target, &counts));
//
// Each object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas::store {

// A column's type in both schemas (schema.cc: INTEGER, REAL, TEXT, BLOB; pg_schema.cc:
// BIGINT, DOUBLE PRECISION, TEXT, BYTEA).
enum class ColumnKind { kInteger, kReal, kText, kBlob };

struct CopiedColumn {
  std::string_view name;
  ColumnKind kind;
};

struct CopiedTable {
  std::string_view name;
  std::string_view order_by;  // its primary key: the order rows are read in
  std::vector<CopiedColumn> columns;
};

// Every table of the current schema but schema_migrations (each store keeps its own
// migration history), in an order where a row's foreign keys name rows already copied.
// schema_copy_test checks the list against both backends' schemas.
std::span<const CopiedTable> CopiedTables();

// One value: `kind` is the column's kind, or what SQLite stored in it.
struct Cell {
  bool null = false;
  ColumnKind kind = ColumnKind::kInteger;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;  // kText, kBlob
};
using Row = std::vector<Cell>;

class TableSource {
 public:
  virtual ~TableSource() = default;
  // Calls `take` for every row of `table` in primary-key order; stops at its first error.
  virtual Status ForEachRow(const CopiedTable& table,
                            const std::function<Status(const Row&)>& take) = 0;
};

class TableTarget {
 public:
  virtual ~TableTarget() = default;  // rolls back unless committed
  // Begins the transaction, keeps the store's writers out, and refuses (kConflict) a
  // store whose tables hold any row.
  virtual Status Begin() = 0;
  virtual Status BeginTable(const CopiedTable& table) = 0;
  virtual Status AddRow(const Row& row) = 0;
  // Ends the table's rows; returns how many rows the table holds now.
  virtual Result<int64_t> EndTable() = 0;
  virtual Status Commit() = 0;
};

struct TableRowCount {
  std::string table;
  int64_t read = 0;
  int64_t written = 0;
};

// Copies every table of CopiedTables() from `source` into `target`, appending one
// count per table to `counts` as it goes. Commits only when every table's written
// count equals its read count; otherwise returns kDataLoss naming the tables and leaves
// the target as it was (rolled back).
Status CopyTables(TableSource& source, TableTarget& target, std::vector<TableRowCount>* counts);

// The source and target a --db value names (a path: SQLite, a URL: PostgreSQL). Both
// must be current Habeas stores (the caller opens them through OpenStore first). The
// source reads one snapshot (SQLite: a read transaction; PostgreSQL: REPEATABLE READ,
// COPY ... TO STDOUT); the target writes one transaction (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: every writer's lock, binary COPY, identity sequences moved past the
// copied ids).
Result<std::unique_ptr<TableSource>> OpenTableSource(const std::string& db);
Result<std::unique_ptr<TableTarget>> OpenTableTarget(const std::string& db);

}  // namespace habeas::store
