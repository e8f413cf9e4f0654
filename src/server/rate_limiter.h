// Per-client rate limiting: a token bucket per client key (the IP address), so the
// public cannot scrape the registry by searching name after name.
//
//   RateLimiter limiter({/*per_minute=*/30, /*burst=*/10}, &Clock::System());
//   if (auto wait = limiter.Take(request.client)) return TooManyRequests(*wait);
//
// Memory is bounded: at most `max_clients` buckets are kept; when full, idle buckets
// (those that have refilled) are dropped first, then the least recently seen.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "habeas/clock.h"

namespace habeas::server {

struct RateLimit {
  double per_minute = 30;  // sustained requests per minute per client
  double burst = 10;       // requests a client may make at once
  size_t max_clients = 100000;
};

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const Clock* clock);
  // Takes one token for `client`: nullopt if allowed, else the whole seconds to wait
  // (≥ 1) before the next request would be allowed.
  std::optional<int> Take(const std::string& client);
  size_t client_count() const;

 private:
  struct Bucket {
    double tokens;
    int64_t updated_micros;
  };
  void Evict(int64_t now);

  RateLimit limit_;
  const Clock* clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace habeas::server
