#include "server/token_cache.h"

#include "server/access_rules.h"
#include "server/password_hash.h"

namespace habeas::server {
namespace {

// A verified API token is remembered this long, so a client calling the API in a loop
// pays the Argon2id check once, not per request (revocation is still seen at once: see
// VerifiedTokenCache::Confirm).
constexpr int64_t kTokenCacheMicros = 5LL * 60 * 1000000;
// Tokens remembered at most; past it the cache starts afresh (a flood of distinct
// valid tokens costs their Argon2id checks again, never unbounded memory).
constexpr size_t kTokenCacheMax = 4096;

}  // namespace

VerifiedTokenCache::VerifiedTokenCache(const Clock* clock) : clock_(clock) {
  crypto_generichash_keygen(key_);
}

Result<std::optional<UserInfo>> VerifiedTokenCache::Check(const std::string& token,
                                                          TokenRowReader& rows) {
  const std::optional<ParsedToken> parsed = ParseToken(token);
  if (!parsed) return std::optional<UserInfo>();
  const std::string key = KeyOf(token);
  HABEAS_ASSIGN_OR_RETURN(const std::optional<AccessDataVersion> version, rows.CurrentVersion());
  if (auto cached = Confirm(key, version, rows)) return *cached;
  HABEAS_ASSIGN_OR_RETURN(TokenRow row, rows.ReadTokenRow(parsed->id));
  if (!row.user || !VerifySecret(parsed->secret, row.secret_hash)) {
    return std::optional<UserInfo>();
  }
  Remember(key, row, version);
  return row.user;
}

// A keyed BLAKE2b of the whole token (key random per process): the cache never holds
// a token, nor a digest anyone could compute from one without this process's key.
std::string VerifiedTokenCache::KeyOf(const std::string& token) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), key_, sizeof key_);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

// Unchanged data confirms a remembered token; after any commit (or when the backend
// cannot tell) its row is read again: still active with the same secret hash, it stands
// without Argon2id (the secret matched this hash), with the user as the row has it now.
std::optional<std::optional<UserInfo>> VerifiedTokenCache::Confirm(
    const std::string& key, const std::optional<AccessDataVersion>& version, TokenRowReader& rows) {
  CachedToken cached;
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it == cache_.end()) return std::nullopt;
    if (it->second.expires_micros <= clock_->NowMicros()) {
      cache_.erase(it);
      return std::nullopt;
    }
    if (version && it->second.version == version) return it->second.row.user;
    cached = it->second;
  }
  Result<TokenRow> row = rows.ReadTokenRow(cached.row.token_id);
  std::lock_guard lock(mutex_);
  if (!row.ok() || !row->user || row->secret_hash != cached.row.secret_hash) {
    cache_.erase(key);
    return std::nullopt;
  }
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    it->second.row.user = row->user;  // its role may have changed
    it->second.version = version;
  }
  return row->user;
}

void VerifiedTokenCache::Remember(const std::string& key, const TokenRow& row,
                                  const std::optional<AccessDataVersion>& version) {
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kTokenCacheMax) cache_.clear();
  cache_[key] = {row, version, clock_->NowMicros() + kTokenCacheMicros};
}

}  // namespace habeas::server
