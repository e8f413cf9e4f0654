#include "server/pg_access_store.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

#include "habeas/store.h"
#include "server/access_rules.h"
#include "server/access_store_base.h"
#include "store/pg_ledger.h"
#include "store/pg_util.h"

namespace habeas::server {
namespace {

using store::PgConnection;
using store::PgParams;
using store::PgResult;
using store::PgTransaction;

constexpr char kUserColumns[] = "u.id, u.name, u.role, u.created_at, u.updated_at";

UserInfo UserFromRow(const PgResult& r, int row, int first) {
  return {r.Int(row, first), r.Text(row, first + 1), RoleFromColumn(r.Text(row, first + 2)),
          r.Text(row, first + 3), r.Text(row, first + 4)};
}

// One connection behind a mutex, as SQLite's: the access tables are small and each call
// is one or a few primary-key statements; the slow hash checks run outside the lock
// (AccessStoreBase).
class PgAccessStore final : public AccessStoreBase {
 public:
  PgAccessStore(std::string url, PgConnection conn, const Options& options)
      : AccessStoreBase(options), url_(std::move(url)), conn_(std::move(conn)) {}

  // The user's tokens go with them; each token and the user get a "deleted" state entry.
  Status RemoveUser(const std::string& name) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    return InTransaction("removing a user", [&]() -> Status {
      HABEAS_ASSIGN_OR_RETURN(int64_t id, UserId(name));
      PgParams p;
      p.Int(id);
      HABEAS_ASSIGN_OR_RETURN(
          PgResult tokens,
          conn_->Query("DELETE FROM api_tokens WHERE user_id = $1 RETURNING id", p));
      std::vector<int64_t> token_ids;
      for (int i = 0; i < tokens.rows(); ++i) token_ids.push_back(tokens.Int(i, 0));
      std::sort(token_ids.begin(), token_ids.end());
      for (int64_t token : token_ids) HABEAS_RETURN_IF_ERROR(LogState("api_tokens", token));
      HABEAS_RETURN_IF_ERROR(conn_->Query("DELETE FROM users WHERE id = $1", p).status());
      return LogState("users", id);
    });
  }

  // Names in byte order (COLLATE "C"), as SQLite sorts them.
  Result<std::vector<UserInfo>> ListUsers() override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    HABEAS_ASSIGN_OR_RETURN(PgResult r,
                            conn_->Query(std::string("SELECT ") + kUserColumns +
                                         " FROM users u ORDER BY u.name COLLATE \"C\""));
    std::vector<UserInfo> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(UserFromRow(r, i, 0));
    return out;
  }

  Status RevokeToken(int64_t token_id) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    return InTransaction("revoking a token", [&]() -> Status {
      PgParams p;
      p.Int(token_id).Text(clock().NowIso());
      HABEAS_ASSIGN_OR_RETURN(
          PgResult r,
          conn_->Query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                       p));
      if (r.Affected() == 0) return NotFound("no active token with id " + std::to_string(token_id));
      return LogState("api_tokens", token_id);
    });
  }

  Result<std::vector<TokenInfo>> ListTokens() override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    HABEAS_ASSIGN_OR_RETURN(
        PgResult r,
        conn_->Query("SELECT t.id, u.name, t.label, t.created_at, coalesce(t.revoked_at, '') "
                     "FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id"));
    std::vector<TokenInfo> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4)});
    }
    return out;
  }

  Result<std::vector<AuditEntry>> ListAudit(int64_t limit, int64_t before_id) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    PgParams p;
    p.Int(before_id).Int(limit);
    HABEAS_ASSIGN_OR_RETURN(
        PgResult r,
        conn_->Query("SELECT id, at, actor, role, client, action, target, detail FROM audit_log "
                     "WHERE $1::bigint <= 0 OR id < $1::bigint ORDER BY id DESC LIMIT $2::bigint",
                     p));
    std::vector<AuditEntry> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.Int(i, 0), r.Text(i, 1), r.Text(i, 2), RoleFromColumn(r.Text(i, 3)),
                     r.Text(i, 4), r.Text(i, 5), r.Text(i, 6), r.Text(i, 7)});
    }
    return out;
  }

 protected:
  Result<UserInfo> InsertUser(const std::string& name, Role role, const std::string& hash,
                              const std::string& now) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    int64_t id = 0;
    HABEAS_RETURN_IF_ERROR(InTransaction("adding a user", [&]() -> Status {
      PgParams p;
      p.Text(name).Text(RoleName(role)).Text(hash).Text(now);
      Result<PgResult> r = conn_->Query(
          "INSERT INTO users (name, role, password_hash, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $4) RETURNING id",
          p);
      if (r.status().code() == StatusCode::kConflict) {
        return Conflict("a user named \"" + name + "\" already exists");
      }
      HABEAS_RETURN_IF_ERROR(r.status());
      id = r->Int(0, 0);
      return LogState("users", id);
    }));
    return UserInfo{id, name, role, now, now};
  }

  Status UpdatePasswordHash(const std::string& name, const std::string& hash,
                            const std::string& now) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    return InTransaction("changing a password", [&]() -> Status {
      HABEAS_ASSIGN_OR_RETURN(int64_t id, UserId(name));
      PgParams p;
      p.Text(hash).Text(now).Int(id);
      HABEAS_RETURN_IF_ERROR(
          conn_->Query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3", p)
              .status());
      return LogState("users", id);
    });
  }

  Result<std::optional<std::pair<UserInfo, std::string>>> FindUserWithHash(
      const std::string& name) override {
    using Found = std::optional<std::pair<UserInfo, std::string>>;
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    PgParams p;
    p.Text(name);
    HABEAS_ASSIGN_OR_RETURN(PgResult r,
                            conn_->Query(std::string("SELECT ") + kUserColumns +
                                             ", u.password_hash FROM users u WHERE u.name = $1",
                                         p));
    if (r.rows() == 0) return Found();
    return Found(std::in_place, UserFromRow(r, 0, 0), r.Text(0, 5));
  }

  Result<int64_t> InsertToken(const std::string& user, const std::string& label,
                              const std::string& hash, const std::string& now) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    int64_t id = 0;
    HABEAS_RETURN_IF_ERROR(InTransaction("creating a token", [&]() -> Status {
      PgParams p;
      p.Text(user).Text(label).Text(hash).Text(now);
      HABEAS_ASSIGN_OR_RETURN(
          PgResult r,
          conn_->Query("INSERT INTO api_tokens (user_id, label, secret_hash, created_at) "
                       "SELECT id, $2, $3, $4 FROM users WHERE name = $1 RETURNING id",
                       p));
      if (r.rows() == 0) return NotFound("no user named \"" + user + "\"");
      id = r.Int(0, 0);
      return LogState("api_tokens", id);
    }));
    return id;
  }

  // The row and its ledger entry in one transaction (docs/ledger.md).
  Status InsertAudit(const AuditEntry& e) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    return InTransaction("writing the audit trail", [&]() -> Status {
      PgParams p;
      p.Text(e.at)
          .Text(e.actor)
          .Text(RoleName(e.role))
          .Text(e.client)
          .Text(e.action)
          .Text(e.target)
          .Text(e.detail);
      HABEAS_ASSIGN_OR_RETURN(
          int64_t id,
          conn_->QueryInt("INSERT INTO audit_log (at, actor, role, client, action, target, detail) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                          p));
      return LogRow("audit_log", id);
    });
  }

  Result<std::optional<std::string>> ReadSetting(const std::string& key) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    PgParams p;
    p.Text(key);
    HABEAS_ASSIGN_OR_RETURN(PgResult r,
                            conn_->Query("SELECT value FROM settings WHERE key = $1", p));
    if (r.rows() == 0) return std::optional<std::string>();
    return std::optional<std::string>(r.Text(0, 0));
  }

  Status WriteSetting(const std::string& key, const std::string& value) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    return InTransaction("saving the setting " + key, [&]() -> Status {
      PgParams p;
      p.Text(key).Text(value);
      HABEAS_RETURN_IF_ERROR(conn_
                                 ->Query("INSERT INTO settings (key, value) VALUES ($1, $2) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                         p)
                                 .status());
      return LogSettingState(key);
    });
  }

  // No cheap "nothing changed" signal across processes that also sees writes made with
  // plain SQL: every remembered token is confirmed by reading its row, one primary-key
  // lookup, the same round trip a change counter would cost (docs/store.md).
  Result<std::optional<AccessDataVersion>> CurrentVersion() override {
    return std::optional<AccessDataVersion>();
  }

  // The token's row: the user, if the token is active.
  Result<TokenRow> ReadTokenRow(int64_t token_id) override {
    std::lock_guard lock(mutex_);
    HABEAS_RETURN_IF_ERROR(Connected());
    PgParams p;
    p.Int(token_id);
    HABEAS_ASSIGN_OR_RETURN(
        PgResult r, conn_->Query(std::string("SELECT ") + kUserColumns +
                                     ", t.secret_hash FROM api_tokens t JOIN users u ON u.id = "
                                     "t.user_id WHERE t.id = $1 AND t.revoked_at IS NULL",
                                 p));
    TokenRow row;
    row.token_id = token_id;
    if (r.rows() > 0) {
      row.user = UserFromRow(r, 0, 0);
      row.secret_hash = r.Text(0, 5);
    }
    return row;
  }

 private:
  // Runs `write` in one transaction: the change and its ledger entry are kept together
  // or not at all (docs/ledger.md). The caller holds mutex_.
  Status InTransaction(const std::string& what, const std::function<Status()>& write) {
    PgTransaction transaction(*conn_);
    if (Status begun = transaction.Begin(); !begun.ok()) return begun.WithContext(what);
    HABEAS_RETURN_IF_ERROR(write());
    if (Status committed = transaction.Commit(); !committed.ok())
      return committed.WithContext(what);
    return Status::Ok();
  }

  // The ledger entries of access writes (store/pg_ledger.h), in the write's transaction
  // after its row: the state of a users, api_tokens or settings row, and each audit row.
  Status LogState(std::string_view table, int64_t id) {
    return store::AppendStateEntry(*conn_, table, std::to_string(id), clock().NowIso());
  }
  Status LogSettingState(const std::string& key) {
    return store::AppendStateEntry(*conn_, "settings", key, clock().NowIso());
  }
  Status LogRow(std::string_view table, int64_t id) {
    return store::AppendRowEntry(*conn_, table, id, clock().NowIso());
  }

  // A connection to use: the one held, or a new one when it was lost (a server that
  // restarted must not leave `habeas serve` refusing every token until it restarts too).
  // The caller holds mutex_.
  Status Connected() {
    if (conn_ && !conn_->Lost()) return Status::Ok();
    conn_.reset();
    Result<PgConnection> conn = PgConnection::Connect(url_);
    if (!conn.ok()) return conn.status().WithContext(RedactedStoreUrl(url_));
    conn_.emplace(std::move(conn).value());
    return Status::Ok();
  }

  Result<int64_t> UserId(const std::string& name) {
    PgParams p;
    p.Text(name);
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_->Query("SELECT id FROM users WHERE name = $1", p));
    if (r.rows() == 0) return NotFound("no user named \"" + name + "\"");
    return r.Int(0, 0);
  }

  std::string url_;
  std::mutex mutex_;                  // guards conn_
  std::optional<PgConnection> conn_;  // nullopt after a failed reconnect
};

}  // namespace

Result<std::unique_ptr<AccessStore>> OpenPostgresAccessStore(const std::string& url,
                                                             const AccessStore::Options& options) {
  {
    // Migrates the store exactly as every writing command does, and refuses a schema
    // without one: users belong to a store that holds lists.
    SqliteOptions store_options;
    store_options.clock = options.clock;
    store_options.create_if_missing = false;
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenPostgresStore(url, store_options));
    if (store->schema_version() < 5) {
      return Internal("the store was not migrated to schema 5 (access tables)");
    }
  }
  Result<PgConnection> conn = PgConnection::Connect(url);
  if (!conn.ok()) return conn.status().WithContext(RedactedStoreUrl(url));
  return std::unique_ptr<AccessStore>(new PgAccessStore(url, std::move(conn).value(), options));
}

}  // namespace habeas::server
