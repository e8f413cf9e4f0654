#include "habeas/progress.h"

#include <unistd.h>

#include <cstdio>

#include "habeas/terminal_text.h"

namespace habeas {

std::string WithCommas(int64_t value) {
  // The magnitude as unsigned: -INT64_MIN does not fit in an int64_t.
  const uint64_t magnitude =
      value < 0 ? uint64_t{0} - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

Progress::Progress(std::string label, uint64_t total, bool enabled)
    : label_(TerminalSafe(label)),  // names a file: list data, drawn on a terminal
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { Finish(); }

bool Progress::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::Draw(uint64_t done, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  last_done_ = done;
  const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth + 0.5);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '-';
  bar[kWidth] = 0;
  const double secs = std::chrono::duration<double>(now - start_).count();
  std::fprintf(stderr, "\r%s [%s] %3.0f%% %.1fs ", label_.c_str(), bar, fraction * 100, secs);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (!enabled_) return;
  if (drawn_) {
    Draw(total_, true);
    std::fputc('\n', stderr);
  }
  enabled_ = false;
}

}  // namespace habeas
