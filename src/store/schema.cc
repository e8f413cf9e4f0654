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
  id               INTEGER PRIMARY KEY,
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
      {2, "linkage: persons, assignments, edges, history, decisions, models, review", R"sql(
CREATE TABLE persons (
  id          INTEGER PRIMARY KEY,
  status      TEXT NOT NULL CHECK (status IN ('active','merged','empty')),
  merged_into INTEGER REFERENCES persons(id),
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE TABLE record_persons (
  record_id   INTEGER PRIMARY KEY REFERENCES records(id),
  person_id   INTEGER NOT NULL REFERENCES persons(id),
  assigned_at TEXT NOT NULL
);
CREATE INDEX record_persons_by_person ON record_persons (person_id);
CREATE TABLE link_edges (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL,
  record_a    INTEGER NOT NULL,
  record_b    INTEGER NOT NULL,
  weight      REAL NOT NULL,
  probability REAL NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('model','decision'))
);
CREATE INDEX link_edges_by_person ON link_edges (person_id);
CREATE TABLE person_events (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('create','merge','split','move')),
  person_ids TEXT NOT NULL,
  record_ids TEXT NOT NULL,
  at         TEXT NOT NULL,
  by         TEXT NOT NULL,
  reason     TEXT NOT NULL
);
CREATE TABLE person_event_persons (
  event_id  INTEGER NOT NULL REFERENCES person_events(id),
  person_id INTEGER NOT NULL,
  PRIMARY KEY (person_id, event_id)
) WITHOUT ROWID;
CREATE TABLE link_decisions (
  id         INTEGER PRIMARY KEY,
  record_a   INTEGER NOT NULL REFERENCES records(id),
  record_b   INTEGER NOT NULL REFERENCES records(id),
  decision   TEXT NOT NULL CHECK (decision IN ('same','distinct')),
  reason     TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL
);
CREATE TABLE link_models (
  version    INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  model      TEXT NOT NULL
);
CREATE TABLE review_pairs (
  record_a    INTEGER NOT NULL,
  record_b    INTEGER NOT NULL,
  weight      REAL NOT NULL,
  probability REAL NOT NULL,
  priority    REAL NOT NULL,
  PRIMARY KEY (record_a, record_b)
) WITHOUT ROWID;
)sql"},
      {3, "access: users, API tokens, audit trail, settings", R"sql(
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('admin','analyst','reviewer')),
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label       TEXT NOT NULL DEFAULT '',
  secret_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
CREATE TABLE audit_log (
  id     INTEGER PRIMARY KEY,
  at     TEXT NOT NULL,
  actor  TEXT NOT NULL,
  role   TEXT NOT NULL,
  client TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
  };
  return kMigrations;
}

}  // namespace habeas::store
