// The input readers fed one byte at a time: a long record must cost time linear in its
// length. Both readers once re-scanned or re-copied the unfinished record after every
// read (quadratic: minutes for a 2 MiB record); the unit tests check what they read,
// this checks how long it takes. Google Benchmark fits the complexity (`_BigO`):
//   build/src/ingest/readers_benchmark --benchmark_min_time=0.1
#include <string>

#include <benchmark/benchmark.h>

#include "habeas/byte_source.h"
#include "common/csv_reader.h"
#include "ingest/line_reader.h"

namespace habeas {
namespace {

// Two records of state.range(0) bytes each, the first quoted, read 1 byte at a time.
void BM_CsvOneByteReadsOfLongRecords(benchmark::State& state) {
  const std::string big(static_cast<size_t>(state.range(0)), 'x');
  const std::string data = "a,\"" + big + "\"\nb," + big + "\n";
  for (auto _ : state) {
    StringSource source(data, "t.csv", /*max_read=*/1);
    CsvReader reader(&source, CsvDialect{','});
    CsvRow row;
    size_t bytes = 0;
    while (true) {
      Result<bool> more = reader.Next(&row);
      if (!more.ok() || !*more) break;
      bytes += row.fields.back().size();
    }
    if (bytes != 2 * big.size()) state.SkipWithError("records not read whole");
    benchmark::DoNotOptimize(bytes);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_CsvOneByteReadsOfLongRecords)
    ->RangeMultiplier(4)
    ->Range(1 << 16, 1 << 22)
    ->Complexity(benchmark::oN);

// Two lines of state.range(0) bytes, read 1 byte at a time.
void BM_LineOneByteReadsOfLongLines(benchmark::State& state) {
  const std::string big(static_cast<size_t>(state.range(0)), 'x');
  const std::string data = big + "\n" + big + "\n";
  for (auto _ : state) {
    StringSource source(data, "l.jsonl", /*max_read=*/1);
    ingest::LineReader reader(&source);
    std::string_view line;
    int64_t number = 0;
    size_t bytes = 0;
    while (true) {
      Result<bool> more = reader.Next(&line, &number);
      if (!more.ok() || !*more) break;
      bytes += line.size();
    }
    if (bytes != 2 * big.size()) state.SkipWithError("lines not read whole");
    benchmark::DoNotOptimize(bytes);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.size()));
}
BENCHMARK(BM_LineOneByteReadsOfLongLines)
    ->RangeMultiplier(4)
    ->Range(1 << 16, 1 << 22)
    ->Complexity(benchmark::oN);

}  // namespace
}  // namespace habeas

BENCHMARK_MAIN();
