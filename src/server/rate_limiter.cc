#include "server/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace habeas::server {

RateLimiter::RateLimiter(RateLimit limit, const Clock* clock) : limit_(limit), clock_(clock) {}

std::optional<int> RateLimiter::Take(const std::string& client) {
  const int64_t now = clock_->NowMicros();
  const double per_micro = limit_.per_minute / 60e6;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(client);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limit_.max_clients) Evict(now);
    it = buckets_.emplace(client, Bucket{limit_.burst, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = std::min(limit_.burst, b.tokens + static_cast<double>(now - b.updated_micros) * per_micro);
  b.updated_micros = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  if (per_micro <= 0) return 60;
  const double wait_seconds = (1.0 - b.tokens) / per_micro / 1e6;
  return std::max(1, static_cast<int>(std::ceil(wait_seconds)));
}

size_t RateLimiter::client_count() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::Evict(int64_t now) {
  const double per_micro = limit_.per_minute / 60e6;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double refilled = it->second.tokens + static_cast<double>(now - it->second.updated_micros) * per_micro;
    it = refilled >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < limit_.max_clients) return;
  // Still full: drop the least recently seen half.
  std::vector<int64_t> seen;
  seen.reserve(buckets_.size());
  for (const auto& [k, b] : buckets_) seen.push_back(b.updated_micros);
  std::nth_element(seen.begin(), seen.begin() + static_cast<long>(seen.size() / 2), seen.end());
  const int64_t cutoff = seen[seen.size() / 2];
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = it->second.updated_micros <= cutoff ? buckets_.erase(it) : std::next(it);
  }
}

}  // namespace habeas::server
