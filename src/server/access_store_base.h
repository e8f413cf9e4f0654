// The part of AccessStore that does not depend on the database: checking names and
// passwords, hashing them (Argon2id, outside any lock or transaction), timing unknown
// names like known ones, making token secrets, remembering verified tokens and
// encoding the public-fields setting. SqliteAccessStore (access_store.cc) and
// PgAccessStore (pg_access_store.cc) derive from it and supply the rows.
//
// Every write a backend supplies runs in one transaction with its ledger entry
// (docs/ledger.md). Thread-safety: as AccessStore; a backend guards its own connection.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "habeas/access.h"
#include "server/token_cache.h"

namespace habeas::server {

class AccessStoreBase : public AccessStore, protected TokenRowReader {
 public:
  explicit AccessStoreBase(const Options& options);

  Result<UserInfo> AddUser(const std::string& name, Role role, const std::string& password) final;
  Status SetPassword(const std::string& name, const std::string& password) final;
  Result<std::optional<UserInfo>> FindUser(const std::string& name) final;
  Result<std::optional<UserInfo>> CheckPassword(const std::string& name,
                                                const std::string& password) final;
  Result<std::string> CreateToken(const std::string& user, const std::string& label) final;
  Result<std::optional<UserInfo>> CheckToken(const std::string& token) final;
  Status Audit(const AuditEntry& entry) final;
  Result<std::vector<PublicField>> PublicFields() final;
  Status SetPublicFields(const std::vector<PublicField>& fields) final;

 protected:
  const Clock& clock() const { return *clock_; }

  // --- what a backend supplies; each write is one transaction with its ledger entry

  // The new user's row; kConflict naming the user if the name is taken.
  virtual Result<UserInfo> InsertUser(const std::string& name, Role role,
                                      const std::string& password_hash, const std::string& now) = 0;
  // kNotFound naming the user if there is none.
  virtual Status UpdatePasswordHash(const std::string& name, const std::string& password_hash,
                                    const std::string& now) = 0;
  // The user and their password hash.
  virtual Result<std::optional<std::pair<UserInfo, std::string>>> FindUserWithHash(
      const std::string& name) = 0;
  // The new token's row id; kNotFound naming the user if there is none.
  virtual Result<int64_t> InsertToken(const std::string& user, const std::string& label,
                                      const std::string& secret_hash, const std::string& now) = 0;
  // `entry.at` is filled in.
  virtual Status InsertAudit(const AuditEntry& entry) = 0;
  // nullopt when the key has no row.
  virtual Result<std::optional<std::string>> ReadSetting(const std::string& key) = 0;
  virtual Status WriteSetting(const std::string& key, const std::string& value) = 0;

 private:
  const Clock* clock_;
  HashCost hash_cost_;
  // A hash of a password nobody has, checked for unknown names so that they take as
  // long as known ones.
  std::string dummy_hash_;
  VerifiedTokenCache token_cache_;
};

}  // namespace habeas::server
