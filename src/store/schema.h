// The SQLite schema as an ordered list of migrations. Migration i (1-based)
// takes the store from user_version i-1 to i. Append only: a released migration
// is never edited. Specified in prose in docs/store.md.
#pragma once

#include <span>
#include <string_view>

namespace habeas::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

std::span<const Migration> Migrations();

}  // namespace habeas::store
