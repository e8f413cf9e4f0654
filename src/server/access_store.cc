// AccessStore over SQLite: the users, api_tokens, audit_log and settings tables
// (migration 5, docs/store.md).
#include <sodium.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "habeas/access.h"
#include "habeas/store.h"
#include "server/password_hash.h"
#include "store/sqlite_ledger.h"

namespace habeas {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPublic: return "public";
    case Role::kReviewer: return "reviewer";
    case Role::kAnalyst: return "analyst";
    case Role::kAdmin: return "admin";
  }
  return "public";
}

Result<Role> ParseUserRole(std::string_view name) {
  for (Role role : {Role::kReviewer, Role::kAnalyst, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return InvalidInput("unknown role \"" + std::string(name) +
                      "\" (expected reviewer, analyst or admin)");
}

std::string_view PublicFieldName(PublicField field) {
  switch (field) {
    case PublicField::kName: return "name";
    case PublicField::kStatus: return "status";
    case PublicField::kLastKnownPlace: return "last_known_place";
    case PublicField::kLastKnownDate: return "last_known_date";
    case PublicField::kSources: return "sources";
  }
  return "name";
}

std::optional<PublicField> ParsePublicField(std::string_view name) {
  for (PublicField f : kAllPublicFields) {
    if (name == PublicFieldName(f)) return f;
  }
  return std::nullopt;
}

std::vector<PublicField> DefaultPublicFields() {
  return {PublicField::kName, PublicField::kStatus, PublicField::kLastKnownPlace,
          PublicField::kLastKnownDate};
}

namespace {

using server::HashSecret;
using server::RandomUrlSafe;
using server::VerifySecret;

// A verified API token is remembered this long, so a client calling the API in a loop
// pays the Argon2id check once, not per request (revocation is still seen at once: see
// ConfirmCachedToken).
constexpr int64_t kTokenCacheMicros = 5LL * 60 * 1000000;
constexpr size_t kTokenCacheMax = 4096;

// One prepared statement, finalised on destruction.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool prepared() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  int Step() { return prepared() ? sqlite3_step(stmt_) : rc_; }
  std::string Text(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  Status Error(const std::string& what) const {
    return Internal(what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

Status CheckUserName(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return InvalidInput("a user name has 1 to 64 characters");
  }
  for (unsigned char c : name) {
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@')) {
      return InvalidInput("user name \"" + name +
                          "\": use letters, digits and . _ - @ only");
    }
  }
  return Status::Ok();
}

Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidInput("a password needs at least " + std::to_string(kMinPasswordLength) +
                        " characters");
  }
  if (password.size() > 1024) return InvalidInput("a password has at most 1024 characters");
  return Status::Ok();
}

Role RoleFromColumn(const std::string& text) {
  auto role = ParseUserRole(text);
  return role.ok() ? *role : Role::kPublic;
}

class SqliteAccessStore final : public AccessStore {
 public:
  SqliteAccessStore(sqlite3* db, Options options) : db_(db), options_(options) {
    if (!options_.clock) options_.clock = &Clock::System();
    // A hash of a password nobody has, checked for unknown names so that they take as
    // long as known ones.
    dummy_hash_ = HashSecret(RandomUrlSafe(16), options_.hash_cost).value();
    crypto_generichash_keygen(cache_key_);
  }
  ~SqliteAccessStore() override {
    sqlite3_finalize(data_version_);
    sqlite3_close(db_);
  }

  Result<UserInfo> AddUser(const std::string& name, Role role,
                           const std::string& password) override {
    HABEAS_RETURN_IF_ERROR(CheckUserName(name));
    if (role == Role::kPublic) return InvalidInput("a user cannot have the role public");
    HABEAS_RETURN_IF_ERROR(CheckPasswordStrength(password));
    HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(password, options_.hash_cost));
    const std::string now = options_.clock->NowIso();
    std::lock_guard lock(mutex_);
    int64_t id = 0;
    HABEAS_RETURN_IF_ERROR(InTransaction("adding a user", [&]() -> Status {
      Stmt s(db_,
             "INSERT INTO users (name, role, password_hash, created_at, updated_at) "
             "VALUES (?1, ?2, ?3, ?4, ?4)");
      s.Bind(1, name).Bind(2, std::string(RoleName(role))).Bind(3, hash).Bind(4, now);
      const int rc = s.Step();
      if (rc == SQLITE_CONSTRAINT) return Conflict("a user named \"" + name + "\" already exists");
      if (rc != SQLITE_DONE) return s.Error("adding a user");
      id = sqlite3_last_insert_rowid(db_);
      return LogState("users", id);
    }));
    return UserInfo{id, name, role, now, now};
  }

  // The user's tokens go with them; each token and the user get a "deleted" state entry.
  Status RemoveUser(const std::string& name) override {
    std::lock_guard lock(mutex_);
    return InTransaction("removing a user", [&]() -> Status {
      HABEAS_ASSIGN_OR_RETURN(int64_t id, UserId(name));
      std::vector<int64_t> tokens;
      {
        Stmt t(db_, "SELECT id FROM api_tokens WHERE user_id = ?1 ORDER BY id");
        t.Bind(1, id);
        int rc;
        while ((rc = t.Step()) == SQLITE_ROW) tokens.push_back(t.Int(0));
        if (rc != SQLITE_DONE) return t.Error("reading a user's tokens");
      }
      {
        Stmt t(db_, "DELETE FROM api_tokens WHERE user_id = ?1");
        t.Bind(1, id);
        if (t.Step() != SQLITE_DONE) return t.Error("removing a user's tokens");
      }
      for (int64_t token : tokens) HABEAS_RETURN_IF_ERROR(LogState("api_tokens", token));
      Stmt s(db_, "DELETE FROM users WHERE id = ?1");
      s.Bind(1, id);
      if (s.Step() != SQLITE_DONE) return s.Error("removing a user");
      return LogState("users", id);
    });
  }

  Status SetPassword(const std::string& name, const std::string& password) override {
    HABEAS_RETURN_IF_ERROR(CheckPasswordStrength(password));
    HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(password, options_.hash_cost));
    std::lock_guard lock(mutex_);
    return InTransaction("changing a password", [&]() -> Status {
      HABEAS_ASSIGN_OR_RETURN(int64_t id, UserId(name));
      Stmt s(db_, "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3");
      s.Bind(1, hash).Bind(2, options_.clock->NowIso()).Bind(3, id);
      if (s.Step() != SQLITE_DONE) return s.Error("changing a password");
      return LogState("users", id);
    });
  }

  Result<std::vector<UserInfo>> ListUsers() override {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "SELECT id, name, role, created_at, updated_at FROM users ORDER BY name");
    std::vector<UserInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(UserFromRow(s, 0));
    if (rc != SQLITE_DONE) return s.Error("listing users");
    return out;
  }

  Result<std::optional<UserInfo>> FindUser(const std::string& name) override {
    std::string hash;
    return FindUserWithHash(name, &hash);
  }

  Result<std::optional<UserInfo>> CheckPassword(const std::string& name,
                                                const std::string& password) override {
    std::string hash;
    HABEAS_ASSIGN_OR_RETURN(std::optional<UserInfo> user, FindUserWithHash(name, &hash));
    if (!user) {
      (void)VerifySecret(password, dummy_hash_);
      return std::optional<UserInfo>();
    }
    if (!VerifySecret(password, hash)) return std::optional<UserInfo>();
    return user;
  }

  Result<std::string> CreateToken(const std::string& user, const std::string& label) override {
    if (label.size() > 200) return InvalidInput("a token label has at most 200 characters");
    const std::string secret = RandomUrlSafe(32);
    HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(secret, options_.hash_cost));
    std::lock_guard lock(mutex_);
    int64_t id = 0;
    HABEAS_RETURN_IF_ERROR(InTransaction("creating a token", [&]() -> Status {
      Stmt s(db_,
             "INSERT INTO api_tokens (user_id, label, secret_hash, created_at) "
             "SELECT id, ?2, ?3, ?4 FROM users WHERE name = ?1");
      s.Bind(1, user).Bind(2, label).Bind(3, hash).Bind(4, options_.clock->NowIso());
      if (s.Step() != SQLITE_DONE) return s.Error("creating a token");
      if (sqlite3_changes(db_) == 0) return NotFound("no user named \"" + user + "\"");
      id = sqlite3_last_insert_rowid(db_);
      return LogState("api_tokens", id);
    }));
    return "hbt_" + std::to_string(id) + "_" + secret;
  }

  Status RevokeToken(int64_t token_id) override {
    std::lock_guard lock(mutex_);
    return InTransaction("revoking a token", [&]() -> Status {
      Stmt s(db_, "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
      s.Bind(1, token_id).Bind(2, options_.clock->NowIso());
      if (s.Step() != SQLITE_DONE) return s.Error("revoking a token");
      if (sqlite3_changes(db_) == 0) {
        return NotFound("no active token with id " + std::to_string(token_id));
      }
      return LogState("api_tokens", token_id);
    });
  }

  Result<std::vector<TokenInfo>> ListTokens() override {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT t.id, u.name, t.label, t.created_at, coalesce(t.revoked_at, '') "
           "FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id");
    std::vector<TokenInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
    }
    if (rc != SQLITE_DONE) return s.Error("listing tokens");
    return out;
  }

  Result<std::optional<UserInfo>> CheckToken(const std::string& token) override {
    // "hbt_<id>_<secret>"
    if (token.size() > 200 || token.rfind("hbt_", 0) != 0) return std::optional<UserInfo>();
    const size_t sep = token.find('_', 4);
    if (sep == std::string::npos || sep == 4 || sep > 24) return std::optional<UserInfo>();
    int64_t id = 0;
    for (size_t i = 4; i < sep; ++i) {
      if (token[i] < '0' || token[i] > '9') return std::optional<UserInfo>();
      id = id * 10 + (token[i] - '0');
    }
    const std::string key = CacheKeyOf(token);
    TokenRow row;
    {
      std::lock_guard lock(mutex_);
      HABEAS_ASSIGN_OR_RETURN(const DataVersion version, CurrentVersion());
      if (auto cached = ConfirmCachedToken(key, version)) return *cached;
      HABEAS_ASSIGN_OR_RETURN(row, ReadTokenRow(id));
      row.version = version;
    }
    if (!row.user || !VerifySecret(token.substr(sep + 1), row.secret_hash)) {
      return std::optional<UserInfo>();
    }
    std::lock_guard lock(mutex_);
    RememberToken(key, row);
    return row.user;
  }

  // The row and its ledger entry in one transaction (docs/ledger.md): the trail of
  // who read what and who changed users and settings cannot be edited unseen.
  Status Audit(const AuditEntry& e) override {
    std::lock_guard lock(mutex_);
    return InTransaction("writing the audit trail", [&]() -> Status {
      HABEAS_RETURN_IF_ERROR(InsertAuditRow(e));
      return store::AppendRowEntry(db_, "audit_log", sqlite3_last_insert_rowid(db_),
                                   options_.clock->NowIso());
    });
  }

  Status InsertAuditRow(const AuditEntry& e) {
    Stmt s(db_,
           "INSERT INTO audit_log (at, actor, role, client, action, target, detail) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.Bind(1, e.at.empty() ? options_.clock->NowIso() : e.at)
        .Bind(2, e.actor)
        .Bind(3, std::string(RoleName(e.role)))
        .Bind(4, e.client)
        .Bind(5, e.action)
        .Bind(6, e.target)
        .Bind(7, e.detail);
    if (s.Step() != SQLITE_DONE) return s.Error("writing the audit trail");
    return Status::Ok();
  }

  Result<std::vector<AuditEntry>> ListAudit(int64_t limit, int64_t before_id) override {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT id, at, actor, role, client, action, target, detail FROM audit_log "
           "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
    s.Bind(1, before_id).Bind(2, limit);
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      const std::string role = s.Text(3);
      out.push_back({s.Int(0), s.Text(1), s.Text(2),
                     role == "public" ? Role::kPublic : RoleFromColumn(role), s.Text(4),
                     s.Text(5), s.Text(6), s.Text(7)});
    }
    if (rc != SQLITE_DONE) return s.Error("reading the audit trail");
    return out;
  }

  Result<std::vector<PublicField>> PublicFields() override {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "SELECT value FROM settings WHERE key = 'public_fields'");
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return DefaultPublicFields();
    if (rc != SQLITE_ROW) return s.Error("reading the public fields");
    const nlohmann::json names = nlohmann::json::parse(s.Text(0), nullptr, false);
    std::vector<PublicField> out;
    if (!names.is_array()) return out;  // damaged setting: nothing is public
    for (const auto& n : names) {
      if (!n.is_string()) continue;
      if (auto f = ParsePublicField(n.get<std::string>())) out.push_back(*f);
    }
    return out;
  }

  Status SetPublicFields(const std::vector<PublicField>& fields) override {
    nlohmann::json names = nlohmann::json::array();
    for (PublicField f : fields) names.push_back(std::string(PublicFieldName(f)));
    std::lock_guard lock(mutex_);
    return InTransaction("saving the public fields", [&]() -> Status {
      Stmt s(db_, "INSERT OR REPLACE INTO settings (key, value) VALUES ('public_fields', ?1)");
      s.Bind(1, names.dump());
      if (s.Step() != SQLITE_DONE) return s.Error("saving the public fields");
      return store::AppendStateEntry(db_, "settings", "public_fields", options_.clock->NowIso());
    });
  }

 private:
  // Runs `write` in one transaction: the change and its ledger entry are kept together
  // or not at all (docs/ledger.md). The caller holds mutex_.
  Status InTransaction(const std::string& what, const std::function<Status()>& write) {
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Unavailable(what + ": " + sqlite3_errmsg(db_));
    }
    ++own_writes_;  // committed or not: cached tokens are confirmed again either way
    Status written = write();
    if (written.ok() && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) {
      return Status::Ok();
    }
    if (written.ok()) written = Unavailable(what + ": " + sqlite3_errmsg(db_));
    (void)sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return written;
  }

  // The state entry of row `id` of users or api_tokens as it is now (docs/ledger.md).
  Status LogState(std::string_view table, int64_t id) {
    return store::AppendStateEntry(db_, table, std::to_string(id), options_.clock->NowIso());
  }

  Result<int64_t> UserId(const std::string& name) {
    Stmt s(db_, "SELECT id FROM users WHERE name = ?1");
    s.Bind(1, name);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return NotFound("no user named \"" + name + "\"");
    if (rc != SQLITE_ROW) return s.Error("finding a user");
    return s.Int(0);
  }

  static UserInfo UserFromRow(const Stmt& s, int first) {
    return {s.Int(first), s.Text(first + 1), RoleFromColumn(s.Text(first + 2)),
            s.Text(first + 3), s.Text(first + 4)};
  }

  Result<std::optional<UserInfo>> FindUserWithHash(const std::string& name, std::string* hash) {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT id, name, role, created_at, updated_at, password_hash FROM users "
           "WHERE name = ?1");
    s.Bind(1, name);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<UserInfo>();
    if (rc != SQLITE_ROW) return s.Error("finding a user");
    *hash = s.Text(5);
    return std::optional<UserInfo>(UserFromRow(s, 0));
  }

  // --- the cache of verified tokens (CheckToken)

  // What CurrentVersion() reads: PRAGMA data_version (moves when another connection, in
  // this process or another, commits) and this connection's own write count.
  struct DataVersion {
    int64_t others = 0;
    uint64_t own = 0;
    bool operator==(const DataVersion&) const = default;
  };
  // A token's row as last read, and the version of the data it was read at.
  struct TokenRow {
    int64_t token_id = 0;
    std::optional<UserInfo> user;  // nullopt: no such active token
    std::string secret_hash;
    DataVersion version;
  };
  struct CachedToken {
    TokenRow row;
    int64_t expires_micros = 0;
  };

  // The caller holds mutex_.
  Result<DataVersion> CurrentVersion() {
    if (!data_version_) {
      if (sqlite3_prepare_v3(db_, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                             &data_version_, nullptr) != SQLITE_OK) {
        return Internal(std::string("reading the data version: ") + sqlite3_errmsg(db_));
      }
    }
    const int rc = sqlite3_step(data_version_);
    const int64_t others = sqlite3_column_int64(data_version_, 0);
    sqlite3_reset(data_version_);
    if (rc != SQLITE_ROW) {
      return Internal(std::string("reading the data version: ") + sqlite3_errmsg(db_));
    }
    return DataVersion{others, own_writes_};
  }

  // A keyed BLAKE2b of the whole token (key random per process): the cache never holds
  // a token, nor a digest anyone could compute from one without this process's key.
  std::string CacheKeyOf(const std::string& token) const {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), cache_key_, sizeof cache_key_);
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
  }

  // The caller holds mutex_. The token's row: the user, if the token is active.
  Result<TokenRow> ReadTokenRow(int64_t token_id) {
    Stmt s(db_,
           "SELECT u.id, u.name, u.role, u.created_at, u.updated_at, t.secret_hash "
           "FROM api_tokens t JOIN users u ON u.id = t.user_id "
           "WHERE t.id = ?1 AND t.revoked_at IS NULL");
    s.Bind(1, token_id);
    const int rc = s.Step();
    TokenRow row;
    row.token_id = token_id;
    if (rc == SQLITE_ROW) {
      row.user = UserFromRow(s, 0);
      row.secret_hash = s.Text(5);
    } else if (rc != SQLITE_DONE) {
      return s.Error("checking a token");
    }
    return row;
  }

  // The caller holds mutex_. The cached answer for the token of `key`, if it was verified
  // in the last kTokenCacheMicros and is still active: unchanged data confirms it; after
  // any commit its row is read again (no Argon2id: the secret matched this same hash).
  // nullopt: not cached, or no longer valid (the caller verifies from scratch).
  std::optional<std::optional<UserInfo>> ConfirmCachedToken(const std::string& key,
                                                            const DataVersion& version) {
    auto it = token_cache_.find(key);
    if (it == token_cache_.end()) return std::nullopt;
    CachedToken& cached = it->second;
    if (cached.expires_micros <= options_.clock->NowMicros()) {
      token_cache_.erase(it);
      return std::nullopt;
    }
    if (cached.row.version == version) return cached.row.user;
    Result<TokenRow> row = ReadTokenRow(cached.row.token_id);
    if (!row.ok() || !row->user || row->secret_hash != cached.row.secret_hash) {
      token_cache_.erase(it);
      return std::nullopt;
    }
    cached.row.user = row->user;  // its role may have changed
    cached.row.version = version;
    return cached.row.user;
  }

  // The caller holds mutex_.
  void RememberToken(const std::string& key, const TokenRow& row) {
    if (token_cache_.size() >= kTokenCacheMax) token_cache_.clear();
    token_cache_[key] = {row, options_.clock->NowMicros() + kTokenCacheMicros};
  }

  std::mutex mutex_;
  sqlite3* db_;
  Options options_;
  std::string dummy_hash_;
  sqlite3_stmt* data_version_ = nullptr;  // guarded by mutex_
  uint64_t own_writes_ = 0;               // commits through db_; guarded by mutex_
  unsigned char cache_key_[crypto_generichash_KEYBYTES];
  std::unordered_map<std::string, CachedToken> token_cache_;  // by CacheKeyOf; mutex_
};

}  // namespace

Result<std::unique_ptr<AccessStore>> AccessStore::Open(const std::string& path,
                                                       const Options& options) {
  HABEAS_RETURN_IF_ERROR(server::InitSodium());
  if (StoreBackendOf(path) == StoreBackend::kPostgres) {
    return Unavailable(
        "users, API tokens, settings and the audit trail are not yet available on PostgreSQL "
        "stores (docs/store.md, \"PostgreSQL\"); serve a SQLite store for now");
  }
  {
    // Migrates the store exactly as every writing command does, and refuses a file that
    // is not a Habeas store. Never creates one: users belong to a store that holds lists
    // (a mistyped --db is kNotFound, as for link and decide).
    SqliteOptions store_options;
    store_options.clock = options.clock;
    store_options.create_if_missing = false;
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(path, store_options));
    if (store->schema_version() < 5) {
      return Internal("the store was not migrated to schema 5 (access tables)");
    }
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Unavailable("cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;", nullptr, nullptr,
               nullptr);
  return std::unique_ptr<AccessStore>(new SqliteAccessStore(db, options));
}

}  // namespace habeas
