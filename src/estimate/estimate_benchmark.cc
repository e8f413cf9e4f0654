// LCMCR Gibbs sweeps on a 5-list table (issue 6: 10,000 iterations <= 5 s).
//   build-est/src/estimate/estimate_benchmark --benchmark_filter=LatentClass
#include <benchmark/benchmark.h>

#include "estimate/lcmcr.h"
#include "estimate/loglinear.h"
#include "estimate/random.h"

namespace habeas::mse {
namespace {

// 5 lists, about 2,000 observed of 3,000, two latent classes.
CaptureTable FiveListTable() {
  Rng rng(99);
  const double visible[5] = {0.35, 0.30, 0.40, 0.25, 0.30};
  const double hidden[5] = {0.10, 0.06, 0.12, 0.05, 0.08};
  auto table = CaptureTable::Create({"L1", "L2", "L3", "L4", "L5"});
  for (int i = 0; i < 3000; ++i) {
    const double* p = rng.Uniform() < 0.6 ? visible : hidden;
    uint32_t pattern = 0;
    for (int j = 0; j < 5; ++j) {
      if (rng.Uniform() < p[j]) pattern |= 1u << j;
    }
    if (pattern != 0) (void)table->Add(pattern, 1);
  }
  return std::move(table).value();
}

void BM_LatentClass10000Iterations(benchmark::State& state) {
  const CaptureTable table = FiveListTable();
  LatentClassOptions options;
  options.burn_in = 0;
  options.iterations = 10000;
  options.thinning = 1;
  options.min_effective_draws = 0;  // exactly 10,000 sweeps
  for (auto _ : state) {
    auto r = RunLatentClass(table, options);
    benchmark::DoNotOptimize(r);
  }
  state.counters["observed"] = static_cast<double>(table.observed());
}
BENCHMARK(BM_LatentClass10000Iterations)->Unit(benchmark::kMillisecond);

void BM_LogLinearAllSubsets5Lists(benchmark::State& state) {
  const CaptureTable table = FiveListTable();
  for (auto _ : state) {
    auto r = AnalyzeLogLinear(table, {}, LogLinearOptions{});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_LogLinearAllSubsets5Lists)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace habeas::mse

BENCHMARK_MAIN();
