// A progress bar for long work, drawn on stderr only when it is a terminal.
//
//   Progress bar("importing family.csv", file_size, ctx.ShowProgress());
//   for (...) bar.Update(bytes_done);
//   bar.Finish();
//
// Redraws at most ten times a second, so Update() is cheap to call per row.
// Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace habeas {

// 1234567 → "1,234,567": counts in progress and stage lines.
std::string WithCommas(int64_t value);

class Progress {
 public:
  Progress(std::string label, uint64_t total, bool enabled);
  ~Progress();
  void Update(uint64_t done) {
    if (enabled_ && ++calls_ % 1024 == 0) Draw(done, false);
  }
  void Finish();

  // True when stderr is a terminal.
  static bool StderrIsTerminal();

 private:
  void Draw(uint64_t done, bool force);

  std::string label_;
  uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  uint64_t calls_ = 0;
  uint64_t last_done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace habeas
