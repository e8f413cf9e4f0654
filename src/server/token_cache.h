// API tokens checked once with Argon2id and then remembered, for both AccessStore
// backends. The server checks a token on every API request; Argon2id at interactive
// cost takes tens of milliseconds, so a client calling in a loop would spend its time in
// the hash. A remembered token is still confirmed against the store on every call
// (AccessStore::CheckToken's contract: a token revoked, or its user removed or given
// another role, through any connection or process, counts from the next call):
//
//  - a backend that can tell cheaply that nothing was committed since (SQLite's
//    PRAGMA data_version and its own write count) answers from memory when so, and
//    reads the token's row again when not;
//  - a backend that cannot (PostgreSQL) reads the row every time: one primary-key
//    lookup, no Argon2id, since the secret matched this same hash before.
//
//   class MyStore : public AccessStore, private server::TokenRowReader { ... };
//   return token_cache_.Check(token, *this);  // in MyStore::CheckToken
//
// Thread-safety: Check() may be called from many threads at once; the cache has its own
// mutex and calls the reader outside it (the reader guards its own connection).
#pragma once

#include <sodium.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "habeas/access.h"
#include "habeas/clock.h"
#include "habeas/status.h"

namespace habeas::server {

// The row of one API token as the store holds it now.
struct TokenRow {
  int64_t token_id = 0;
  std::optional<UserInfo> user;  // nullopt: no such active token (revoked, deleted)
  std::string secret_hash;
};

// A backend's count of committed changes: equal values mean nothing was committed in
// between, by this connection or any other.
struct AccessDataVersion {
  int64_t others = 0;  // moved by commits through other connections
  uint64_t own = 0;    // moved by writes through this one
  bool operator==(const AccessDataVersion&) const = default;
};

// What the cache needs from a backend.
class TokenRowReader {
 public:
  virtual ~TokenRowReader() = default;
  // nullopt when the backend cannot tell cheaply: every remembered token is then
  // confirmed by reading its row. The version must be read before the row it guards.
  virtual Result<std::optional<AccessDataVersion>> CurrentVersion() = 0;
  virtual Result<TokenRow> ReadTokenRow(int64_t token_id) = 0;
};

class VerifiedTokenCache {
 public:
  // `clock` (for expiry) must outlive the cache.
  explicit VerifiedTokenCache(const Clock* clock);

  // The token's user, or nullopt for a malformed, unknown, revoked or wrong token.
  Result<std::optional<UserInfo>> Check(const std::string& token, TokenRowReader& rows);

 private:
  struct CachedToken {
    TokenRow row;
    std::optional<AccessDataVersion> version;  // the data the row was read at
    int64_t expires_micros = 0;
  };

  std::string KeyOf(const std::string& token) const;
  // The remembered answer for `key` if still valid (see the file comment); nullopt when
  // not remembered or no longer valid (the caller verifies from scratch).
  std::optional<std::optional<UserInfo>> Confirm(const std::string& key,
                                                 const std::optional<AccessDataVersion>& version,
                                                 TokenRowReader& rows);
  void Remember(const std::string& key, const TokenRow& row,
                const std::optional<AccessDataVersion>& version);

  const Clock* clock_;
  unsigned char key_[crypto_generichash_KEYBYTES];      // random per process
  std::mutex mutex_;                                    // guards cache_
  std::unordered_map<std::string, CachedToken> cache_;  // by KeyOf
};

}  // namespace habeas::server
