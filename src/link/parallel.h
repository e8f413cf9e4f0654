// ParallelFor: the linker's one way to spread a loop over its threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace habeas::link {

// The default chunk of ParallelFor; a caller that keeps per-chunk state indexes it by
// begin / kParallelGrain.
inline constexpr size_t kParallelGrain = 16384;

// Runs `fn(begin, end)` over [0, n) in chunks of `grain` that `threads` threads take in
// turn, so a thread the machine slows down (other processes), or a chunk that costs
// more than the others, does not leave the others idle at the end. Chunk boundaries do
// not depend on the thread count, so work seeded by `begin` is deterministic.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn, size_t grain = kParallelGrain) {
  threads = std::max(1, threads);
  grain = std::max<size_t>(1, grain);
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (;;) {
      const size_t b = next.fetch_add(grain);
      if (b >= n) return;
      fn(b, std::min(n, b + grain));
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& th : pool) th.join();
}

}  // namespace habeas::link
