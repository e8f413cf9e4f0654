#include "habeas/clock.h"

#include <chrono>
#include <ctime>

namespace habeas {
namespace {

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

const Clock& Clock::System() {
  static const SystemClock clock;
  return clock;
}

std::string Clock::NowIso() const { return FormatIsoUtc(NowMicros()); }

std::string FormatIsoUtc(int64_t micros) {
  // Floor division: an instant before the epoch belongs to the second that starts before it.
  int64_t secs64 = micros / 1000000;
  if (micros % 1000000 < 0) --secs64;
  const std::time_t secs = static_cast<std::time_t>(secs64);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace habeas
