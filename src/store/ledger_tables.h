// What the ledger knows of the store's tables, whatever the backend (docs/ledger.md
// "Row encoding"): the evidence tables and the columns their rows are encoded by, the
// tables updated in place, and how an entry is filed in ledger_entries. Shared by the
// SQLite store (sqlite_ledger.cc) and the PostgreSQL store (pg_ledger.cc), whose rows
// read back byte for byte alike, so that a row hashes the same on both. Constant data
// and pure functions: thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "habeas/ledger.h"

namespace habeas::store {

// The columns of an evidence table in the order its rows are encoded (docs/ledger.md
// "Row encoding"). A table is encoded by this list, never by SELECT *, so adding a
// column later does not change the hashes of rows already logged.
struct EvidenceTable {
  std::string_view name;
  std::string_view key;      // the column that identifies a row
  std::string_view columns;  // comma-separated
};
// nullptr when `table` is not an evidence table.
const EvidenceTable* FindEvidenceTable(std::string_view table);

// Tables updated in place (users, api_tokens, settings): every change appends a state
// entry with the row's new hash (or "deleted").
bool IsStateTable(std::string_view table);
std::span<const std::string_view> StateTables();

// How many columns a table's rows are encoded by.
int EncodedColumnCount(const EvidenceTable& table);

// "SELECT <encoded columns> FROM <table> <where>".
std::string SelectEncodedColumns(const EvidenceTable& table, std::string_view where);

// How an entry is filed in ledger_entries: its kind column, subject_table and
// subject_id (columns for finding entries only; the body is what is hashed).
struct EntrySubject {
  std::string_view kind;
  std::string_view table;
  int64_t id = 0;
};
EntrySubject SubjectOf(const ledger::Entry& entry);

// A state entry's subject_id: its key when the key is an integer, else 0.
int64_t IntegerKeyOrZero(std::string_view key);

}  // namespace habeas::store
