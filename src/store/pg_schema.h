// The PostgreSQL schema as an ordered list of migrations, version for version the
// SQLite list of store/schema.h: migration i takes a store from version i-1 to i on
// either backend, with the same description (read from store::Migrations()), the
// same tables, columns and names. Only the SQL dialect differs (BIGINT identity
// columns for INTEGER PRIMARY KEY, BYTEA for BLOB, DOUBLE PRECISION for REAL,
// PL/pgSQL trigger functions for RAISE(ABORT)). Text columns stay TEXT (never JSONB):
// the ledger hashes rows as stored (docs/ledger.md), so both backends must hand back
// the same bytes. Append only, like the SQLite list; pg_store_test checks that the
// two lists stay in step.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "habeas/status.h"
#include "store/pg_util.h"

namespace habeas::store {

struct PgMigration {
  int version;
  std::string_view sql;  // empty: none
  // Run after `sql` in the same transaction (data a migration derives), or nullptr.
  Status (*backfill)(PgConnection& conn, const std::string& now) = nullptr;
};

std::span<const PgMigration> PgMigrations();

}  // namespace habeas::store
