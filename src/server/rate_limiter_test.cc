#include "server/rate_limiter.h"

#include <gtest/gtest.h>

namespace habeas::server {
namespace {

class StepClock final : public Clock {
 public:
  int64_t NowMicros() const override { return now; }
  int64_t now = 1'700'000'000'000'000;
};

TEST(RateLimiterTest, AllowsBurstThenAsksToWait) {
  StepClock clock;
  RateLimiter limiter({/*per_minute=*/6, /*burst=*/3, /*max_clients=*/100}, &clock);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("1.2.3.4")) << i;
  std::optional<int> wait = limiter.Take("1.2.3.4");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 10);  // 6 per minute: one token every 10 s
  EXPECT_FALSE(limiter.Take("5.6.7.8"));  // other clients are not affected
  clock.now += 10'000'000;
  EXPECT_FALSE(limiter.Take("1.2.3.4"));
  EXPECT_TRUE(limiter.Take("1.2.3.4"));
}

TEST(RateLimiterTest, MemoryIsBounded) {
  StepClock clock;
  RateLimiter limiter({60, 5, /*max_clients=*/100}, &clock);
  for (int i = 0; i < 1000; ++i) {
    (void)limiter.Take("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  }
  EXPECT_LE(limiter.client_count(), 100u);
}

}  // namespace
}  // namespace habeas::server
