// Who may see what: roles, users, API tokens, the audit trail and the fields an
// administrator has marked public. Stored in the same store as the data, a SQLite file
// or a PostgreSQL schema (docs/store.md, migrations 5, 8, 9); used by `habeas user ...`
// and `habeas serve`.
//
//   HABEAS_ASSIGN_OR_RETURN(auto access, AccessStore::Open("habeas.db"));
//   HABEAS_RETURN_IF_ERROR(access->AddUser("ana", Role::kAnalyst, "a long passphrase").status());
//   HABEAS_ASSIGN_OR_RETURN(std::optional<UserInfo> who, access->CheckPassword("ana", typed));
//
// Passwords and API token secrets are stored only as Argon2id hashes (libsodium's
// crypto_pwhash_str); a token's secret is shown once, when it is created.
//
// Thread-safety: an AccessStore may be used from many threads at once (one database
// connection behind a mutex; the slow hash checks run outside it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/clock.h"
#include "habeas/status.h"

namespace habeas {

// Ordered by what they may do: each role may do what the roles before it may (the
// route policy table in src/server/route_policy.cc still names every role per route).
enum class Role {
  kPublic,    // anyone, not signed in: the public locator page and search only
  kReviewer,  // decides same/distinct on uncertain pairs; sees no contacts or notes
  kAnalyst,   // dossiers with contacts and notes (audited), sources, overlap, estimate
  kAdmin,     // users, the audit trail, which fields are public
};
inline constexpr Role kAllRoles[] = {Role::kPublic, Role::kReviewer, Role::kAnalyst,
                                     Role::kAdmin};

std::string_view RoleName(Role role);  // "public", "reviewer", "analyst", "admin"
// Accepts "reviewer", "analyst", "admin" (users cannot be "public").
Result<Role> ParseUserRole(std::string_view name);

struct UserInfo {
  int64_t id = 0;
  std::string name;
  Role role = Role::kPublic;
  std::string created_at;
  std::string updated_at;
};

struct TokenInfo {
  int64_t id = 0;
  std::string user;
  std::string label;
  std::string created_at;
  std::string revoked_at;  // empty: active
};

// One line of the audit trail: who did or read what, when and from where.
struct AuditEntry {
  int64_t id = 0;
  std::string at;  // UTC, ISO 8601 (from the clock when empty)
  std::string actor;
  Role role = Role::kPublic;
  std::string client;  // IP address, or "cli"
  std::string action;  // e.g. "read_restricted", "decide", "undo_decision", "user_add"
  std::string target;  // e.g. "person P000012", "user ana"
  std::string detail;
};

// What `public` may see of a search result; the rest is never shown to the public.
// Contacts, notes, identifiers and the rows as received can never be made public.
enum class PublicField { kName, kStatus, kLastKnownPlace, kLastKnownDate, kSources };
inline constexpr PublicField kAllPublicFields[] = {
    PublicField::kName,          PublicField::kStatus,    PublicField::kLastKnownPlace,
    PublicField::kLastKnownDate, PublicField::kSources};
std::string_view PublicFieldName(PublicField field);  // "name", "status", "last_known_place", ...
std::optional<PublicField> ParsePublicField(std::string_view name);
// Name, status, and place and date of last known custody.
std::vector<PublicField> DefaultPublicFields();

// How costly each password hash is. kInteractive is libsodium's interactive limits
// (2 passes, 64 MiB); kFastForTests (1 pass, 8 KiB) exists only so unit tests that make
// many users run in milliseconds; both are Argon2id and verify the same way.
enum class HashCost { kInteractive, kFastForTests };

// The shortest password accepted.
inline constexpr size_t kMinPasswordLength = 10;

class AccessStore {
 public:
  struct Options {
    HashCost hash_cost = HashCost::kInteractive;
    const Clock* clock = nullptr;  // nullptr: the system clock; must outlive the store
  };
  // Opens the access tables of the store `path` names (a SQLite file, or a postgresql://
  // URL: StoreBackendOf), migrating it like every command that writes. Never creates a
  // store: a missing file is kNotFound, a PostgreSQL schema without a store kInvalidInput.
  static Result<std::unique_ptr<AccessStore>> Open(const std::string& path,
                                                   const Options& options);
  static Result<std::unique_ptr<AccessStore>> Open(const std::string& path) {
    return Open(path, Options{});
  }
  virtual ~AccessStore() = default;

  // kConflict if the name is taken; kInvalidInput for an empty or odd name or a short
  // password.
  virtual Result<UserInfo> AddUser(const std::string& name, Role role,
                                   const std::string& password) = 0;
  virtual Status RemoveUser(const std::string& name) = 0;  // and its tokens
  virtual Status SetPassword(const std::string& name, const std::string& password) = 0;
  virtual Result<std::vector<UserInfo>> ListUsers() = 0;
  virtual Result<std::optional<UserInfo>> FindUser(const std::string& name) = 0;
  // The user if `password` is theirs; nullopt for a wrong password or unknown user
  // (the same time is spent either way).
  virtual Result<std::optional<UserInfo>> CheckPassword(const std::string& name,
                                                        const std::string& password) = 0;

  // A new API token for `user`: "hbt_<id>_<secret>", returned once and never stored.
  virtual Result<std::string> CreateToken(const std::string& user, const std::string& label) = 0;
  virtual Status RevokeToken(int64_t token_id) = 0;
  virtual Result<std::vector<TokenInfo>> ListTokens() = 0;
  // The token's user, or nullopt for a malformed, unknown, revoked or wrong token.
  // An implementation may remember verified tokens (the server checks one per request),
  // but a token revoked, or its user removed or given another role, through any
  // connection or process must count from the next call.
  virtual Result<std::optional<UserInfo>> CheckToken(const std::string& token) = 0;

  virtual Status Audit(const AuditEntry& entry) = 0;
  // Newest first; entries with id < before_id when before_id > 0.
  virtual Result<std::vector<AuditEntry>> ListAudit(int64_t limit, int64_t before_id = 0) = 0;

  virtual Result<std::vector<PublicField>> PublicFields() = 0;
  virtual Status SetPublicFields(const std::vector<PublicField>& fields) = 0;
};

// A random password of `length` characters from an unambiguous alphabet (no 0/O, 1/l).
std::string RandomPassword(size_t length = 20);

}  // namespace habeas
