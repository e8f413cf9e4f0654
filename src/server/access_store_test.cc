#include "habeas/access.h"
#include "habeas/ledger_store.h"
#include "habeas/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "store/pg_util.h"
#include "store/schema.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

// The access tables on both backends (store/test_backends.h): each case on a SQLite
// file and in a PostgreSQL schema of its own.
class AccessStoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    // Users belong to an existing store: AccessStore::Open never creates one.
    AccessStore::Options missing;
    missing.hash_cost = HashCost::kFastForTests;
    const StatusCode no_store =
        GetParam() == TestBackend::kSqlite ? StatusCode::kNotFound : StatusCode::kInvalidInput;
    ASSERT_EQ(AccessStore::Open(db(), missing).status().code(), no_store);
    if (GetParam() == TestBackend::kSqlite) {
      ASSERT_FALSE(std::filesystem::exists(db()));
    } else {
      ASSERT_EQ(Column("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"),
                std::vector<std::string>{"0"});
    }
    ASSERT_TRUE(OpenStore(db()).ok());  // as `habeas import` creates it
    access_ = OpenAccess();
  }
  void TearDown() override { access_.reset(); }

  const std::string& db() const { return location_->db(); }

  // Every ledger entry checked against the tables as they are now.
  Result<LedgerCheck> CheckLedger() {
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(db()));
    return store->CheckLedger();
  }

  std::unique_ptr<AccessStore> OpenAccess() {
    AccessStore::Options options;
    options.hash_cost = HashCost::kFastForTests;
    auto store = AccessStore::Open(db(), options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  // Every value of a column of the store, read directly.
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    if (GetParam() == TestBackend::kPostgres) {
      auto conn = store::PgConnection::Connect(db());
      EXPECT_TRUE(conn.ok()) << conn.status().ToString();
      if (!conn.ok()) return out;
      auto r = conn->Query(sql);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      for (int i = 0; r.ok() && i < r->rows(); ++i) out.push_back(r->Text(i, 0));
      return out;
    }
    sqlite3* sqlite = nullptr;
    sqlite3_open_v2(db().c_str(), &sqlite, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(sqlite, sql.c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(sqlite);
    return out;
  }

  // Runs `sql` behind the store's back, as another program or an administrator's
  // sqlite3 or psql would; the error message, or empty.
  std::string Exec(const std::string& sql) {
    if (GetParam() == TestBackend::kPostgres) {
      auto conn = store::PgConnection::Connect(db());
      if (!conn.ok()) return conn.status().ToString();
      Status s = conn->Exec(sql);
      return s.ok() ? "" : s.ToString();
    }
    sqlite3* sqlite = nullptr;
    sqlite3_open(db().c_str(), &sqlite);
    std::string error;
    if (sqlite3_exec(sqlite, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      error = sqlite3_errmsg(sqlite);
    }
    sqlite3_close(sqlite);
    return error;
  }

  std::optional<TestStoreLocation> location_;
  std::unique_ptr<AccessStore> access_;
};

INSTANTIATE_TEST_SUITE_P(Backends, AccessStoreTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

// What only the PostgreSQL backend has: a connection to a server that may go away.
class PgAccessStoreTest : public AccessStoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, PgAccessStoreTest, ::testing::Values(TestBackend::kPostgres),
                         TestBackendName);

// What the ledger adds to the access tables (docs/ledger.md) that these cases check on
// SQLite only: they restore a pristine copy of the file between edits, or upgrade
// from SQLite's schema 8.
class AccessLedgerTest : public AccessStoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, AccessLedgerTest, ::testing::Values(TestBackend::kSqlite),
                         TestBackendName);

TEST_P(AccessStoreTest, PasswordsAreArgon2idHashesOnly) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "correct horse battery").ok());
  const auto hashes = Column("SELECT password_hash FROM users");
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(hashes[0].rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hashes[0].find("correct horse"), std::string::npos);

  auto ok = access_->CheckPassword("ana", "correct horse battery");
  ASSERT_TRUE(ok.ok());
  ASSERT_TRUE(*ok);
  EXPECT_EQ((*ok)->role, Role::kAnalyst);
  EXPECT_FALSE(*access_->CheckPassword("ana", "correct horse batterY"));
  EXPECT_FALSE(*access_->CheckPassword("nobody", "correct horse battery"));
}

TEST_P(AccessStoreTest, RefusesBadUsers) {
  EXPECT_EQ(access_->AddUser("ana", Role::kAnalyst, "short").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(access_->AddUser("a b", Role::kAnalyst, "long enough pw").status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(access_->AddUser("pub", Role::kPublic, "long enough pw").status().code(),
            StatusCode::kInvalidInput);
  ASSERT_TRUE(access_->AddUser("ana", Role::kReviewer, "long enough pw").ok());
  EXPECT_EQ(access_->AddUser("ana", Role::kAdmin, "long enough pw").status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(access_->RemoveUser("nobody").code(), StatusCode::kNotFound);
  EXPECT_EQ(ParseUserRole("root").status().code(), StatusCode::kInvalidInput);
}

TEST_P(AccessStoreTest, PasswordChangeTakesEffect) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "first password").ok());
  ASSERT_TRUE(access_->SetPassword("ana", "second password").ok());
  EXPECT_FALSE(*access_->CheckPassword("ana", "first password"));
  EXPECT_TRUE(*access_->CheckPassword("ana", "second password"));
  EXPECT_EQ(access_->SetPassword("bob", "second password").code(), StatusCode::kNotFound);
}

TEST_P(AccessStoreTest, TokensAreHashedCheckedAndRevocable) {
  ASSERT_TRUE(access_->AddUser("api", Role::kAnalyst, "long enough pw").ok());
  auto token = access_->CreateToken("api", "load test");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->rfind("hbt_", 0), 0u);
  // hbt_<id>_<secret>: the secret is base64url and may itself hold '_' (taking the text
  // after the last '_' made this test fail now and then on a short tail).
  const std::string secret = token->substr(token->find('_', 4) + 1);
  ASSERT_GE(secret.size(), 32u);
  for (const std::string& h : Column("SELECT secret_hash FROM api_tokens")) {
    EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(h.find(secret), std::string::npos);
  }
  auto who = access_->CheckToken(*token);
  ASSERT_TRUE(who.ok() && *who);
  EXPECT_EQ((*who)->name, "api");
  std::string wrong = *token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(*access_->CheckToken(wrong));
  EXPECT_FALSE(*access_->CheckToken("hbt_x_y"));
  EXPECT_FALSE(*access_->CheckToken(""));
  auto tokens = access_->ListTokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  ASSERT_TRUE(access_->RevokeToken(tokens->front().id).ok());
  EXPECT_FALSE(*access_->CheckToken(*token));
  // Removing a user removes their tokens.
  auto second = access_->CreateToken("api", "");
  ASSERT_TRUE(access_->RemoveUser("api").ok());
  EXPECT_FALSE(*access_->CheckToken(*second));
}

// A verified token is cached (no Argon2id per request), but what another connection
// (`habeas user remove` in another process, another store object) changes is seen on
// the very next check: revoked, removed with its user, its row deleted, its role changed.
TEST_P(AccessStoreTest, CachedTokensFollowChangesMadeElsewhere) {
  std::unique_ptr<AccessStore> other = OpenAccess();
  ASSERT_TRUE(other);
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "long enough pw").ok());
  ASSERT_TRUE(access_->AddUser("bob", Role::kAnalyst, "long enough pw").ok());
  const std::string revoked = access_->CreateToken("ana", "revoked elsewhere").value();
  const std::string deleted = access_->CreateToken("ana", "row deleted").value();
  const std::string kept = access_->CreateToken("ana", "kept").value();
  const std::string removed = access_->CreateToken("bob", "user removed").value();
  for (const std::string& token : {revoked, deleted, kept, removed}) {
    for (int i = 0; i < 2; ++i) {  // verified, then from the cache
      auto who = access_->CheckToken(token);
      ASSERT_TRUE(who.ok() && *who) << token;
      EXPECT_EQ((*who)->role, Role::kAnalyst);
    }
  }
  auto listed = other->ListTokens();
  ASSERT_TRUE(listed.ok());
  ASSERT_TRUE(other->RevokeToken(listed->front().id).ok());
  EXPECT_FALSE(*access_->CheckToken(revoked));
  EXPECT_TRUE(*access_->CheckToken(kept));
  ASSERT_TRUE(other->RemoveUser("bob").ok());
  EXPECT_FALSE(*access_->CheckToken(removed));
  EXPECT_TRUE(*access_->CheckToken(kept));

  // Raw writes, as another program or an administrator's sqlite3 or psql would make them.
  const std::string deleted_id = deleted.substr(4, deleted.find('_', 4) - 4);
  ASSERT_EQ(Exec("DELETE FROM api_tokens WHERE id = " + deleted_id), "");
  EXPECT_FALSE(*access_->CheckToken(deleted));
  ASSERT_EQ(Exec("UPDATE users SET role = 'reviewer' WHERE name = 'ana'"), "");
  auto demoted = access_->CheckToken(kept);
  ASSERT_TRUE(demoted.ok() && *demoted);
  EXPECT_EQ((*demoted)->role, Role::kReviewer);
  // A wrong secret for a cached token's id is never taken from the cache.
  std::string wrong = kept;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(*access_->CheckToken(wrong));
  EXPECT_TRUE(*access_->CheckToken(kept));
}

TEST_P(AccessStoreTest, AuditTrailIsNewestFirst) {
  for (int i = 0; i < 3; ++i) {
    AuditEntry e;
    e.actor = "ana";
    e.role = Role::kAnalyst;
    e.action = "read_restricted";
    e.target = "person P00000" + std::to_string(i);
    ASSERT_TRUE(access_->Audit(e).ok());
  }
  auto entries = access_->ListAudit(2);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].target, "person P000002");
  EXPECT_EQ((*entries)[0].role, Role::kAnalyst);
  auto older = access_->ListAudit(10, (*entries)[1].id);
  ASSERT_EQ(older->size(), 1u);
  EXPECT_EQ((*older)[0].target, "person P000000");
}

// The trail refuses edits and deletions (triggers, migration 8) whoever connects.
TEST_P(AccessStoreTest, TheAuditTrailIsAppendOnly) {
  AuditEntry e;
  e.actor = "ana";
  e.role = Role::kAnalyst;
  e.action = "read_restricted";
  ASSERT_TRUE(access_->Audit(e).ok());
  const std::string updated = Exec("UPDATE audit_log SET actor = 'nobody'");
  EXPECT_NE(updated.find("the audit trail is append-only"), std::string::npos) << updated;
  const std::string deleted = Exec("DELETE FROM audit_log");
  EXPECT_NE(deleted.find("the audit trail is append-only"), std::string::npos) << deleted;
  auto entries = access_->ListAudit(10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].actor, "ana");
  EXPECT_FALSE((*entries)[0].at.empty());
}

// Every access write is a ledger entry written in its transaction, on both backends:
// a state entry per users, api_tokens or settings change ("deleted" for a removal), a
// row entry per audit row; a failed change logs nothing. The entries check against the
// tables, and a change made behind their back is named.
TEST_P(AccessStoreTest, EveryAccessWriteIsALedgerEntry) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "correct horse battery").ok());   // #1
  ASSERT_TRUE(access_->AddUser("rui", Role::kReviewer, "correct horse battery").ok());  // #2
  ASSERT_TRUE(access_->CreateToken("rui", "phone").ok());                               // #3
  ASSERT_TRUE(access_->SetPublicFields({PublicField::kName}).ok());                     // #4
  AuditEntry e;
  e.actor = "admin";
  e.role = Role::kAdmin;
  e.action = "user_remove";
  ASSERT_TRUE(access_->Audit(e).ok());           // #5
  ASSERT_TRUE(access_->RemoveUser("rui").ok());  // #6 token 1 deleted, #7 user 2 deleted
  EXPECT_EQ(access_->SetPassword("nobody", "correct horse battery").code(), StatusCode::kNotFound);
  const std::string body =
      GetParam() == TestBackend::kSqlite ? "CAST(body AS TEXT)" : "convert_from(body, 'UTF8')";
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries"), std::vector<std::string>{"7"});
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries WHERE " + body +
                   " LIKE '%kind state%state deleted%'"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(Column("SELECT subject_table FROM ledger_entries ORDER BY seq"),
            (std::vector<std::string>{"users", "users", "api_tokens", "settings", "audit_log",
                                      "api_tokens", "users"}));
  Result<LedgerCheck> clean = CheckLedger();
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_FALSE(clean->problem) << clean->problem->message;
  EXPECT_EQ(clean->leaves.size(), 7u);

  ASSERT_EQ(Exec("UPDATE users SET role = 'admin' WHERE name = 'ana'"), "");
  Result<LedgerCheck> raised = CheckLedger();
  ASSERT_TRUE(raised.ok()) << raised.status().ToString();
  ASSERT_TRUE(raised->problem);
  EXPECT_EQ(raised->problem->entry, 1);
  EXPECT_EQ(raised->problem->table, "users");
}

// Each audit row is a ledger row entry written with it: the trail of who read what and
// who changed users and settings cannot be edited, deleted or padded unseen.
TEST_P(AccessStoreTest, TheAuditTrailIsInTheLedger) {
  for (const char* action : {"user_add", "read_restricted", "public_fields"}) {
    AuditEntry e;
    e.actor = "admin";
    e.role = Role::kAdmin;
    e.action = action;
    ASSERT_TRUE(access_->Audit(e).ok());
  }
  auto verify = [&]() {
    auto store = OpenStore(db());
    EXPECT_TRUE(store.ok());
    return VerifyLedger(**store, {});
  };
  Result<LedgerReport> clean = verify();
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_EQ(clean->entries, 3);
  // The trail refuses edits; a tamperer who drops the trigger is named by verify.
  EXPECT_NE(Exec("UPDATE audit_log SET actor = 'nobody' WHERE id = 2"), "");
  const std::string on_table = GetParam() == TestBackend::kPostgres ? " ON audit_log" : "";
  ASSERT_EQ(Exec("DROP TRIGGER audit_log_is_append_only_u" + on_table +
                 "; UPDATE audit_log SET actor = 'nobody' WHERE id = 2"),
            "");
  Result<LedgerReport> edited = verify();
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.status().message().find("audit_log row 2"), std::string::npos)
      << edited.status().message();
}

TEST_P(AccessStoreTest, AnAuditRowAddedBehindTheLedgersBackIsNamed) {
  AuditEntry e;
  e.actor = "ana";
  e.role = Role::kAnalyst;
  e.action = "read_restricted";
  ASSERT_TRUE(access_->Audit(e).ok());
  ASSERT_EQ(Exec("INSERT INTO audit_log (at, actor, role, action) VALUES ('x', 'x', "
                 "'admin', 'user_add')"),
            "");
  auto store = OpenStore(db());
  ASSERT_TRUE(store.ok());
  Result<LedgerReport> r = VerifyLedger(**store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("audit_log row 2 is covered by no ledger entry"),
            std::string::npos)
      << r.status().message();
}

TEST_P(AccessStoreTest, PublicFieldsDefaultAndChange) {
  auto fields = access_->PublicFields();
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(*fields, DefaultPublicFields());
  ASSERT_TRUE(access_->SetPublicFields({PublicField::kName}).ok());
  EXPECT_EQ(*access_->PublicFields(), std::vector<PublicField>{PublicField::kName});
  ASSERT_TRUE(access_->SetPublicFields({}).ok());
  EXPECT_TRUE(access_->PublicFields()->empty());
}

// users, api_tokens and settings are updated in place: every change appends a state
// entry (the row's new hash, or "deleted"), and verify checks each row against the
// latest one. Each kind of change made with plain SQL is caught and named.
TEST_P(AccessLedgerTest, UserTokenAndSettingChangesAreLoggedAndEachEditBehindTheirBackIsNamed) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "correct horse battery").ok());   // #1
  ASSERT_TRUE(access_->AddUser("rui", Role::kReviewer, "correct horse battery").ok());  // #2
  ASSERT_TRUE(access_->CreateToken("ana", "laptop").ok());                              // #3
  ASSERT_TRUE(access_->CreateToken("rui", "phone").ok());                               // #4
  ASSERT_TRUE(access_->SetPassword("ana", "another horse battery").ok());               // #5
  ASSERT_TRUE(access_->RevokeToken(1).ok());                                            // #6
  ASSERT_TRUE(access_->SetPublicFields({PublicField::kName}).ok());                     // #7
  ASSERT_TRUE(access_->RemoveUser("rui").ok());  // #8 token 2 deleted, #9 user 2 deleted
  // A failed change logs nothing.
  EXPECT_EQ(access_->SetPassword("nobody", "correct horse battery").code(), StatusCode::kNotFound);
  EXPECT_EQ(access_->RevokeToken(1).code(), StatusCode::kNotFound);
  access_.reset();
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries")[0], "9");
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries WHERE CAST(body AS TEXT) LIKE "
                   "'%kind state%state deleted%'")[0],
            "2");
  auto verify = [&]() {
    auto store = OpenSqliteStore(db());
    EXPECT_TRUE(store.ok());
    return VerifyLedger(**store, {});
  };
  Result<LedgerReport> clean = verify();
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  struct Case {
    std::string name, sql;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"a role raised",
       "UPDATE users SET role = 'admin' WHERE id = 1",
       {"entry #5", "users row 1", "changed"}},
      {"a password hash replaced",
       "UPDATE users SET password_hash = 'x' WHERE id = 1",
       {"entry #5", "users row 1"}},
      {"a user inserted",
       "INSERT INTO users (id, name, role, password_hash, created_at, "
       "updated_at) VALUES (3, 'eve', 'admin', 'x', 'now', 'now')",
       {"no entry", "users row 3", "covered by no ledger entry"}},
      {"a user deleted", "DELETE FROM users WHERE id = 1", {"entry #5", "users row 1 is gone"}},
      {"a removed user put back",
       "INSERT INTO users (id, name, role, password_hash, created_at, "
       "updated_at) VALUES (2, 'rui', 'admin', 'x', 'now', 'now')",
       {"entry #9", "users row 2", "deleted by this entry but is present"}},
      {"a revoked token revived",
       "UPDATE api_tokens SET revoked_at = NULL WHERE id = 1",
       {"entry #6", "api_tokens row 1"}},
      {"a token inserted",
       "INSERT INTO api_tokens (id, user_id, label, secret_hash, created_at) "
       "VALUES (5, 1, 'x', 'x', 'now')",
       {"no entry", "api_tokens row 5", "covered by no ledger entry"}},
      {"a deleted token put back",
       "INSERT INTO api_tokens (id, user_id, label, secret_hash, "
       "created_at) VALUES (2, 1, 'x', 'x', 'now')",
       {"entry #8", "api_tokens row 2", "deleted by this entry but is present"}},
      {"a setting changed",
       "UPDATE settings SET value = '[\"name\",\"sources\"]' WHERE key = 'public_fields'",
       {"entry #7", "settings row public_fields", "changed"}},
      {"a setting deleted",
       "DELETE FROM settings",
       {"entry #7", "settings row public_fields is gone"}},
      {"a state entry deleted",
       "DELETE FROM ledger_entries WHERE seq = 7",
       {"entry #7 is missing"}},
  };
  const std::string path = db();
  const std::string pristine = path + ".pristine";
  std::filesystem::copy_file(path, pristine);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::filesystem::copy_file(pristine, path, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    ASSERT_TRUE(verify().ok());
    ASSERT_EQ(Exec(c.sql), "");
    Result<LedgerReport> r = verify();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
    for (const std::string& piece : c.expected) {
      EXPECT_NE(r.status().message().find(piece), std::string::npos)
          << piece << " not in: " << r.status().message();
    }
  }
}

// A store whose users, tokens and settings predate their state entries (schema 8) gets
// one state entry per row on upgrade (migration 9), and then verifies.
TEST_P(AccessLedgerTest, RowsWrittenBeforeStateEntriesAreBroughtUnderTheLedgerOnUpgrade) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "correct horse battery").ok());
  ASSERT_TRUE(access_->CreateToken("ana", "laptop").ok());
  ASSERT_TRUE(access_->SetPublicFields({PublicField::kName}).ok());
  access_.reset();
  ASSERT_EQ(Exec("DELETE FROM ledger_entries; DROP INDEX api_tokens_by_user; "
                 "DELETE FROM schema_migrations WHERE version >= 9; "
                 "PRAGMA user_version = 8"),
            "");
  auto store = OpenSqliteStore(db());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), static_cast<int>(store::Migrations().size()));
  Result<LedgerReport> r = VerifyLedger(**store, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 3);  // users 1, api_tokens 1, settings public_fields
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries WHERE CAST(body AS TEXT) LIKE "
                   "'%kind state%'")[0],
            "3");
}

// A server that restarted (here: that ended the session) fails the call that finds the
// connection lost; the next one connects again, so `habeas serve` does not refuse every
// token until it is restarted too.
TEST_P(PgAccessStoreTest, ALostConnectionIsMadeAgainAtTheNextCall) {
  const std::string name = "habeas_lost_" + std::to_string(::getpid());
  AccessStore::Options options;
  options.hash_cost = HashCost::kFastForTests;
  auto access = AccessStore::Open(db() + "&application_name=" + name, options);
  ASSERT_TRUE(access.ok()) << access.status().ToString();
  ASSERT_TRUE((*access)->AddUser("ana", Role::kAnalyst, "long enough pw").ok());
  const std::string token = (*access)->CreateToken("ana", "t").value();
  ASSERT_TRUE((*access)->CheckToken(token).ok());
  // Waits (up to 5 s) until the session has ended. The function in the select list runs
  // for the rows the WHERE keeps only (a qual beside it could be evaluated first).
  EXPECT_EQ(Column("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                   "WHERE application_name = '" + name + "'"),
            std::vector<std::string>{"t"});
  auto first = (*access)->ListUsers();
  EXPECT_EQ(first.status().code(), StatusCode::kUnavailable) << first.status().ToString();
  auto users = (*access)->ListUsers();
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->size(), 1u);
  auto who = (*access)->CheckToken(token);
  ASSERT_TRUE(who.ok() && *who) << who.status().ToString();
  EXPECT_EQ((*who)->name, "ana");
}

}  // namespace
}  // namespace habeas
