// AccessStore over SQLite: the users, api_tokens, audit_log and settings tables
// (migration 5, docs/store.md); AccessStore::Open, which picks the backend. What does
// not depend on the database is in access_store_base.cc; PostgreSQL's is
// pg_access_store.cc.
#include <sqlite3.h>

#include <functional>
#include <mutex>
#include <optional>

#include "habeas/access.h"
#include "habeas/store.h"
#include "server/access_rules.h"
#include "server/access_store_base.h"
#include "server/password_hash.h"
#include "server/pg_access_store.h"
#include "store/sqlite_ledger.h"

namespace habeas {

namespace {

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

class SqliteAccessStore final : public server::AccessStoreBase {
 public:
  SqliteAccessStore(sqlite3* db, const Options& options) : AccessStoreBase(options), db_(db) {}
  ~SqliteAccessStore() override {
    sqlite3_finalize(data_version_);
    sqlite3_close(db_);
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

  Result<std::vector<UserInfo>> ListUsers() override {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "SELECT id, name, role, created_at, updated_at FROM users ORDER BY name");
    std::vector<UserInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(UserFromRow(s, 0));
    if (rc != SQLITE_DONE) return s.Error("listing users");
    return out;
  }

  Status RevokeToken(int64_t token_id) override {
    std::lock_guard lock(mutex_);
    return InTransaction("revoking a token", [&]() -> Status {
      Stmt s(db_, "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
      s.Bind(1, token_id).Bind(2, clock().NowIso());
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

  Result<std::vector<AuditEntry>> ListAudit(int64_t limit, int64_t before_id) override {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT id, at, actor, role, client, action, target, detail FROM audit_log "
           "WHERE ?1 <= 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
    s.Bind(1, before_id).Bind(2, limit);
    std::vector<AuditEntry> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), server::RoleFromColumn(s.Text(3)), s.Text(4),
                     s.Text(5), s.Text(6), s.Text(7)});
    }
    if (rc != SQLITE_DONE) return s.Error("reading the audit trail");
    return out;
  }

 protected:
  Result<UserInfo> InsertUser(const std::string& name, Role role, const std::string& hash,
                              const std::string& now) override {
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

  Status UpdatePasswordHash(const std::string& name, const std::string& hash,
                            const std::string& now) override {
    std::lock_guard lock(mutex_);
    return InTransaction("changing a password", [&]() -> Status {
      HABEAS_ASSIGN_OR_RETURN(int64_t id, UserId(name));
      Stmt s(db_, "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3");
      s.Bind(1, hash).Bind(2, now).Bind(3, id);
      if (s.Step() != SQLITE_DONE) return s.Error("changing a password");
      return LogState("users", id);
    });
  }

  Result<std::optional<std::pair<UserInfo, std::string>>> FindUserWithHash(
      const std::string& name) override {
    using Found = std::optional<std::pair<UserInfo, std::string>>;
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT id, name, role, created_at, updated_at, password_hash FROM users "
           "WHERE name = ?1");
    s.Bind(1, name);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return Found();
    if (rc != SQLITE_ROW) return s.Error("finding a user");
    return Found(std::in_place, UserFromRow(s, 0), s.Text(5));
  }

  Result<int64_t> InsertToken(const std::string& user, const std::string& label,
                              const std::string& hash, const std::string& now) override {
    std::lock_guard lock(mutex_);
    int64_t id = 0;
    HABEAS_RETURN_IF_ERROR(InTransaction("creating a token", [&]() -> Status {
      Stmt s(db_,
             "INSERT INTO api_tokens (user_id, label, secret_hash, created_at) "
             "SELECT id, ?2, ?3, ?4 FROM users WHERE name = ?1");
      s.Bind(1, user).Bind(2, label).Bind(3, hash).Bind(4, now);
      if (s.Step() != SQLITE_DONE) return s.Error("creating a token");
      if (sqlite3_changes(db_) == 0) return NotFound("no user named \"" + user + "\"");
      id = sqlite3_last_insert_rowid(db_);
      return LogState("api_tokens", id);
    }));
    return id;
  }

  // The row and its ledger entry in one transaction (docs/ledger.md): the trail of
  // who read what and who changed users and settings cannot be edited unseen.
  Status InsertAudit(const AuditEntry& e) override {
    std::lock_guard lock(mutex_);
    return InTransaction("writing the audit trail", [&]() -> Status {
      Stmt s(db_,
             "INSERT INTO audit_log (at, actor, role, client, action, target, detail) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      s.Bind(1, e.at)
          .Bind(2, e.actor)
          .Bind(3, std::string(RoleName(e.role)))
          .Bind(4, e.client)
          .Bind(5, e.action)
          .Bind(6, e.target)
          .Bind(7, e.detail);
      if (s.Step() != SQLITE_DONE) return s.Error("writing the audit trail");
      return store::AppendRowEntry(db_, "audit_log", sqlite3_last_insert_rowid(db_),
                                   clock().NowIso());
    });
  }

  Result<std::optional<std::string>> ReadSetting(const std::string& key) override {
    std::lock_guard lock(mutex_);
    Stmt s(db_, "SELECT value FROM settings WHERE key = ?1");
    s.Bind(1, key);
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return s.Error("reading the setting " + key);
    return std::optional<std::string>(s.Text(0));
  }

  Status WriteSetting(const std::string& key, const std::string& value) override {
    std::lock_guard lock(mutex_);
    return InTransaction("saving the setting " + key, [&]() -> Status {
      Stmt s(db_, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)");
      s.Bind(1, key).Bind(2, value);
      if (s.Step() != SQLITE_DONE) return s.Error("saving the setting " + key);
      return store::AppendStateEntry(db_, "settings", key, clock().NowIso());
    });
  }

  // PRAGMA data_version (moves when another connection, in this process or another,
  // commits) and this connection's own write count.
  Result<std::optional<server::AccessDataVersion>> CurrentVersion() override {
    std::lock_guard lock(mutex_);
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
    return std::optional<server::AccessDataVersion>({others, own_writes_});
  }

  // The token's row: the user, if the token is active.
  Result<server::TokenRow> ReadTokenRow(int64_t token_id) override {
    std::lock_guard lock(mutex_);
    Stmt s(db_,
           "SELECT u.id, u.name, u.role, u.created_at, u.updated_at, t.secret_hash "
           "FROM api_tokens t JOIN users u ON u.id = t.user_id "
           "WHERE t.id = ?1 AND t.revoked_at IS NULL");
    s.Bind(1, token_id);
    const int rc = s.Step();
    server::TokenRow row;
    row.token_id = token_id;
    if (rc == SQLITE_ROW) {
      row.user = UserFromRow(s, 0);
      row.secret_hash = s.Text(5);
    } else if (rc != SQLITE_DONE) {
      return s.Error("checking a token");
    }
    return row;
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
    return store::AppendStateEntry(db_, table, std::to_string(id), clock().NowIso());
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
    return {s.Int(first), s.Text(first + 1), server::RoleFromColumn(s.Text(first + 2)),
            s.Text(first + 3), s.Text(first + 4)};
  }

  std::mutex mutex_;  // guards the connection and what follows
  sqlite3* db_;
  sqlite3_stmt* data_version_ = nullptr;
  uint64_t own_writes_ = 0;  // transactions begun through db_
};

}  // namespace

Result<std::unique_ptr<AccessStore>> AccessStore::Open(const std::string& path,
                                                       const Options& options) {
  HABEAS_RETURN_IF_ERROR(server::InitSodium());
  if (StoreBackendOf(path) == StoreBackend::kPostgres) {
    return server::OpenPostgresAccessStore(path, options);
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
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
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
