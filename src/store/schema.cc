#include "store/schema.h"

namespace habeas::store {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "sources, batches, records, rejected rows", R"sql(
CREATE TABLE schema_migrations (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
);
CREATE TABLE sources (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN
                ('government','leak','family','court','ngo','media','other')),
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);
CREATE TABLE batches (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources(id),
  file_name     TEXT NOT NULL,
  file_sha256   TEXT NOT NULL,
  file_size     INTEGER NOT NULL,
  received_date TEXT,
  imported_at   TEXT NOT NULL,
  format        TEXT NOT NULL CHECK (format IN ('csv','jsonl')),
  encoding      TEXT NOT NULL,
  delimiter     TEXT,
  header        TEXT NOT NULL,
  mapping       TEXT NOT NULL,
  rows_read     INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  blank_lines   INTEGER NOT NULL DEFAULT 0,
  first_record_id INTEGER,
  last_record_id  INTEGER,
  UNIQUE (source_id, file_sha256)
);
CREATE TABLE records (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id         INTEGER NOT NULL REFERENCES batches(id),
  source_id        INTEGER NOT NULL REFERENCES sources(id),
  source_record_id TEXT NOT NULL,
  line             INTEGER NOT NULL,
  end_line         INTEGER NOT NULL,
  raw              BLOB NOT NULL,
  fields           TEXT NOT NULL,
  notes            TEXT
);
CREATE TABLE rejected_rows (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES batches(id),
  line     INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  raw      BLOB NOT NULL,
  field    TEXT,
  reason   TEXT NOT NULL
);
CREATE INDEX rejected_by_batch ON rejected_rows (batch_id, line);
)sql"},
  };
  return kMigrations;
}

}  // namespace habeas::store
