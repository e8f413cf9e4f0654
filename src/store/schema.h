// The SQLite schema as an ordered list of migrations. Migration i (1-based)
// takes the store from user_version i-1 to i. Append only: a released migration
// is never edited. Specified in prose in docs/store.md.
#pragma once

#include <sqlite3.h>

#include <span>
#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
  // Run after `sql` in the same transaction (data a migration derives), or nullptr.
  Status (*backfill)(sqlite3* db, const std::string& now) = nullptr;
};

std::span<const Migration> Migrations();

}  // namespace habeas::store
