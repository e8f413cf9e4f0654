#include "habeas/access.h"
#include "habeas/ledger_store.h"
#include "habeas/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/schema.h"

namespace habeas {
namespace {

class AccessStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("habeas_access_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    // Users belong to an existing store: AccessStore::Open never creates one.
    AccessStore::Options missing;
    missing.hash_cost = HashCost::kFastForTests;
    ASSERT_EQ(AccessStore::Open(path_, missing).status().code(), StatusCode::kNotFound);
    ASSERT_FALSE(std::filesystem::exists(path_));
    ASSERT_TRUE(OpenSqliteStore(path_).ok());  // as `habeas import` creates it
    AccessStore::Options options;
    options.hash_cost = HashCost::kFastForTests;
    auto store = AccessStore::Open(path_, options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    access_ = std::move(store).value();
  }
  void TearDown() override {
    access_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Every value of a column of the store, read directly.
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<AccessStore> access_;
};

TEST_F(AccessStoreTest, PasswordsAreArgon2idHashesOnly) {
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

TEST_F(AccessStoreTest, RefusesBadUsers) {
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

TEST_F(AccessStoreTest, PasswordChangeTakesEffect) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "first password").ok());
  ASSERT_TRUE(access_->SetPassword("ana", "second password").ok());
  EXPECT_FALSE(*access_->CheckPassword("ana", "first password"));
  EXPECT_TRUE(*access_->CheckPassword("ana", "second password"));
  EXPECT_EQ(access_->SetPassword("bob", "second password").code(), StatusCode::kNotFound);
}

TEST_F(AccessStoreTest, TokensAreHashedCheckedAndRevocable) {
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
TEST_F(AccessStoreTest, CachedTokensFollowChangesMadeElsewhere) {
  AccessStore::Options options;
  options.hash_cost = HashCost::kFastForTests;
  auto other = AccessStore::Open(path_, options);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
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
  auto listed = (*other)->ListTokens();
  ASSERT_TRUE(listed.ok());
  ASSERT_TRUE((*other)->RevokeToken(listed->front().id).ok());
  EXPECT_FALSE(*access_->CheckToken(revoked));
  EXPECT_TRUE(*access_->CheckToken(kept));
  ASSERT_TRUE((*other)->RemoveUser("bob").ok());
  EXPECT_FALSE(*access_->CheckToken(removed));
  EXPECT_TRUE(*access_->CheckToken(kept));

  // Raw writes, as another program or an administrator's sqlite3 would make them.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  const std::string deleted_id = deleted.substr(4, deleted.find('_', 4) - 4);
  ASSERT_EQ(sqlite3_exec(db, ("DELETE FROM api_tokens WHERE id = " + deleted_id).c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_FALSE(*access_->CheckToken(deleted));
  ASSERT_EQ(sqlite3_exec(db, "UPDATE users SET role = 'reviewer' WHERE name = 'ana'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  auto demoted = access_->CheckToken(kept);
  ASSERT_TRUE(demoted.ok() && *demoted);
  EXPECT_EQ((*demoted)->role, Role::kReviewer);
  sqlite3_close(db);
  // A wrong secret for a cached token's id is never taken from the cache.
  std::string wrong = kept;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(*access_->CheckToken(wrong));
  EXPECT_TRUE(*access_->CheckToken(kept));
}

TEST_F(AccessStoreTest, AuditTrailIsNewestFirst) {
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

// Each audit row is a ledger row entry written with it: the trail of who read what and
// who changed users and settings cannot be edited, deleted or padded unseen.
TEST_F(AccessStoreTest, TheAuditTrailIsInTheLedger) {
  for (const char* action : {"user_add", "read_restricted", "public_fields"}) {
    AuditEntry e;
    e.actor = "admin";
    e.role = Role::kAdmin;
    e.action = action;
    ASSERT_TRUE(access_->Audit(e).ok());
  }
  auto verify = [&]() {
    auto store = OpenSqliteStore(path_);
    EXPECT_TRUE(store.ok());
    return VerifyLedger(**store, {});
  };
  Result<LedgerReport> clean = verify();
  ASSERT_TRUE(clean.ok()) << clean.status().ToString();
  EXPECT_EQ(clean->entries, 3);
  // The trail refuses edits; a tamperer who drops the trigger is named by verify.
  auto exec = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
  };
  EXPECT_NE(exec("UPDATE audit_log SET actor = 'nobody' WHERE id = 2"), SQLITE_OK);
  ASSERT_EQ(exec("DROP TRIGGER audit_log_is_append_only_u; "
                 "UPDATE audit_log SET actor = 'nobody' WHERE id = 2"),
            SQLITE_OK);
  Result<LedgerReport> edited = verify();
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.status().message().find("audit_log row 2"), std::string::npos)
      << edited.status().message();
}

TEST_F(AccessStoreTest, AnAuditRowAddedBehindTheLedgersBackIsNamed) {
  AuditEntry e;
  e.actor = "ana";
  e.role = Role::kAnalyst;
  e.action = "read_restricted";
  ASSERT_TRUE(access_->Audit(e).ok());
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO audit_log (at, actor, role, action) VALUES ('x', 'x', "
                         "'admin', 'user_add')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenSqliteStore(path_);
  ASSERT_TRUE(store.ok());
  Result<LedgerReport> r = VerifyLedger(**store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("audit_log row 2 is covered by no ledger entry"),
            std::string::npos)
      << r.status().message();
}

TEST_F(AccessStoreTest, PublicFieldsDefaultAndChange) {
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
TEST_F(AccessStoreTest, UserTokenAndSettingChangesAreLoggedAndEachEditBehindTheirBackIsNamed) {
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
    auto store = OpenSqliteStore(path_);
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
  const std::string pristine = (dir_ / "pristine.db").string();
  std::filesystem::copy_file(path_, pristine);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::filesystem::copy_file(pristine, path_, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove(path_ + "-wal");
    std::filesystem::remove(path_ + "-shm");
    ASSERT_TRUE(verify().ok());
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    ASSERT_EQ(sqlite3_exec(db, c.sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
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
TEST_F(AccessStoreTest, RowsWrittenBeforeStateEntriesAreBroughtUnderTheLedgerOnUpgrade) {
  ASSERT_TRUE(access_->AddUser("ana", Role::kAnalyst, "correct horse battery").ok());
  ASSERT_TRUE(access_->CreateToken("ana", "laptop").ok());
  ASSERT_TRUE(access_->SetPublicFields({PublicField::kName}).ok());
  access_.reset();
  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db,
                         "DELETE FROM ledger_entries; DROP INDEX api_tokens_by_user; "
                         "DELETE FROM schema_migrations WHERE version >= 9; "
                         "PRAGMA user_version = 8",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  auto store = OpenSqliteStore(path_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->schema_version(), static_cast<int>(store::Migrations().size()));
  Result<LedgerReport> r = VerifyLedger(**store, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 3);  // users 1, api_tokens 1, settings public_fields
  EXPECT_EQ(Column("SELECT count(*) FROM ledger_entries WHERE CAST(body AS TEXT) LIKE "
                   "'%kind state%'")[0],
            "3");
}

}  // namespace
}  // namespace habeas
