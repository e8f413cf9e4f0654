// AccessStore over PostgreSQL: users, API tokens, the audit trail and settings in the
// tables of migrations 5, 8 and 9 (docs/store.md, "PostgreSQL"), in the store's schema.
// AccessStore::Open calls it for a postgresql:// --db.
#pragma once

#include <memory>
#include <string>

#include "habeas/access.h"

namespace habeas::server {

// Opens the access tables of the PostgreSQL store at `url`, migrating the store as
// every writing command does. Never creates a store: a schema without one is
// kInvalidInput, as for `habeas link`. kUnavailable when the server cannot be reached.
Result<std::unique_ptr<AccessStore>> OpenPostgresAccessStore(const std::string& url,
                                                             const AccessStore::Options& options);

}  // namespace habeas::server
