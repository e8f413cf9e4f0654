// The clock interface: every timestamp Habeas records comes from a Clock so tests
// can fix time. SystemClock is the real one; FixedClock returns a set instant.
// Implementations must be thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace habeas {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() const = 0;
  // "2025-03-15T21:25:00Z" (UTC, second precision).
  std::string NowIso() const;
  // The process-wide system clock.
  static const Clock& System();
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t micros) : micros_(micros) {}
  int64_t NowMicros() const override { return micros_; }

 private:
  int64_t micros_;
};

// Formats microseconds since the epoch as ISO 8601 UTC with second precision.
std::string FormatIsoUtc(int64_t micros);

}  // namespace habeas
