#include "store/schema.h"

#include "store/sqlite_ledger.h"

namespace habeas::store {

namespace {

// The migrations in order: data, not code (constant-initialised, so no start-up order
// to worry about).
constexpr Migration kMigrations[] = {
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
      {3, "ledger: entries and signed heads (docs/ledger.md)", R"sql(
CREATE TABLE ledger_entries (
  seq           INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('batch','linkage','row')),
  subject_table TEXT NOT NULL,
  subject_id    INTEGER NOT NULL,
  body          BLOB NOT NULL,
  leaf_hash     BLOB NOT NULL,
  fingerprints  BLOB,
  created_at    TEXT NOT NULL
);
CREATE INDEX ledger_entries_by_subject ON ledger_entries (subject_table, subject_id);
CREATE TABLE ledger_heads (
  id         INTEGER PRIMARY KEY,
  size       INTEGER NOT NULL,
  root       BLOB NOT NULL,
  time       TEXT NOT NULL,
  signature  BLOB NOT NULL,
  public_key BLOB NOT NULL
);
)sql",
       &CoverRowsWrittenBeforeTheLedger},
      {4, "timeline: writes, facilities and aliases, flights, claims, orders", R"sql(
CREATE TABLE timeline_writes (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN
                ('entities','claims','list_claims','orders','hand_claim')),
  source      TEXT NOT NULL,
  file_name   TEXT NOT NULL DEFAULT '',
  file_sha256 TEXT NOT NULL DEFAULT '',
  batch_id    INTEGER REFERENCES batches(id),
  written_at  TEXT NOT NULL,
  written_by  TEXT NOT NULL,
  facilities  INTEGER NOT NULL DEFAULT 0,
  flights     INTEGER NOT NULL DEFAULT 0,
  claims      INTEGER NOT NULL DEFAULT 0,
  orders      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX timeline_writes_by_file ON timeline_writes (kind, source, file_sha256)
  WHERE file_sha256 <> '';
CREATE TABLE facilities (
  id        INTEGER PRIMARY KEY,
  write_id  INTEGER NOT NULL REFERENCES timeline_writes(id),
  name      TEXT NOT NULL UNIQUE,
  place     TEXT NOT NULL DEFAULT '',
  country   TEXT NOT NULL DEFAULT '',
  operator  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE facility_aliases (
  alias_key   TEXT PRIMARY KEY,
  alias       TEXT NOT NULL,
  facility_id INTEGER NOT NULL REFERENCES facilities(id),
  write_id    INTEGER NOT NULL REFERENCES timeline_writes(id)
) WITHOUT ROWID;
CREATE TABLE flights (
  id              INTEGER PRIMARY KEY,
  write_id        INTEGER NOT NULL REFERENCES timeline_writes(id),
  carrier         TEXT NOT NULL DEFAULT '',
  number          TEXT NOT NULL DEFAULT '',
  tail            TEXT NOT NULL DEFAULT '',
  aliases         TEXT NOT NULL DEFAULT '[]',
  departure_place TEXT NOT NULL DEFAULT '',
  departure_from  INTEGER, departure_to INTEGER, departure_precision TEXT NOT NULL,
  departure_zone  TEXT NOT NULL DEFAULT '', departure_text TEXT NOT NULL DEFAULT '',
  arrival_place   TEXT NOT NULL DEFAULT '',
  arrival_from    INTEGER, arrival_to INTEGER, arrival_precision TEXT NOT NULL,
  arrival_zone    TEXT NOT NULL DEFAULT '', arrival_text TEXT NOT NULL DEFAULT ''
);
CREATE TABLE claims (
  id          INTEGER PRIMARY KEY,
  write_id    INTEGER NOT NULL REFERENCES timeline_writes(id),
  kind        TEXT NOT NULL,
  record_id   INTEGER REFERENCES records(id),
  person_id   INTEGER,
  source      TEXT NOT NULL,
  file        TEXT NOT NULL DEFAULT '',
  line        INTEGER NOT NULL DEFAULT 0,
  raw         TEXT NOT NULL DEFAULT '',
  valid_from  INTEGER,
  valid_to    INTEGER,
  precision   TEXT NOT NULL,
  time_zone   TEXT NOT NULL DEFAULT '',
  valid_text  TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  confidence  REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  facility    TEXT NOT NULL DEFAULT '',
  flight      TEXT NOT NULL DEFAULT '',
  authority   TEXT NOT NULL DEFAULT '',
  item        TEXT NOT NULL DEFAULT '',
  value       TEXT NOT NULL DEFAULT '',
  language    TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  CHECK (record_id IS NOT NULL OR person_id IS NOT NULL)
);
CREATE INDEX claims_by_record ON claims (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX claims_by_person ON claims (person_id) WHERE person_id IS NOT NULL;
CREATE TABLE orders (
  id       INTEGER PRIMARY KEY,
  write_id INTEGER NOT NULL REFERENCES timeline_writes(id),
  name     TEXT NOT NULL UNIQUE,
  text     TEXT NOT NULL,
  file     TEXT NOT NULL DEFAULT '',
  line     INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER claims_are_append_only_u BEFORE UPDATE ON claims
  BEGIN SELECT RAISE(ABORT, 'claims are append-only'); END;
CREATE TRIGGER claims_are_append_only_d BEFORE DELETE ON claims
  BEGIN SELECT RAISE(ABORT, 'claims are append-only'); END;
CREATE TRIGGER orders_are_append_only_u BEFORE UPDATE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
CREATE TRIGGER orders_are_append_only_d BEFORE DELETE ON orders
  BEGIN SELECT RAISE(ABORT, 'orders are append-only'); END;
)sql"},
      {5, "access: users, API tokens, audit trail, settings", R"sql(
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
      {6, "decision withdrawals: a reviewer's undo, append-only", R"sql(
CREATE TABLE decision_withdrawals (
  id           INTEGER PRIMARY KEY,
  decision_id  INTEGER NOT NULL UNIQUE REFERENCES link_decisions(id),
  withdrawn_by TEXT NOT NULL,
  withdrawn_at TEXT NOT NULL
);
)sql"},
      {7, "ledger: timeline writes logged, one entry per write over the rows it brought", R"sql(
CREATE INDEX facilities_by_write ON facilities (write_id);
CREATE INDEX facility_aliases_by_write ON facility_aliases (write_id);
CREATE INDEX flights_by_write ON flights (write_id);
CREATE INDEX claims_by_write ON claims (write_id);
CREATE INDEX orders_by_write ON orders (write_id);
)sql",
       &CoverTimelineWritesMadeBeforeTheirEntries},
      {8, "ledger: every audit row (reads of restricted data, user and setting changes); "
          "the audit trail append-only",
       R"sql(
CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql",
       &CoverAuditRowsMadeBeforeTheirEntries},
      {9, "ledger: users, api_tokens and settings changes logged as state entries; "
          "api_tokens indexed by user (a user's tokens are logged as deleted with them)",
       R"sql(
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
)sql",
       &CoverStateRowsMadeBeforeTheirEntries},
      // PostgreSQL stores wrote without logging until this version; their migration 10
      // (pg_schema.cc) brings what they hold under the ledger. SQLite stores have logged
      // every write since migration 3: nothing to do here but keep the lists in step.
      {10, "ledger on PostgreSQL stores: the rows written before PostgreSQL stores logged "
           "their writes brought under the ledger (SQLite stores already were)",
       R"sql(
-- nothing to change on SQLite
)sql"},
  };

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace habeas::store
