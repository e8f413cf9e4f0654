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

// Times `read_all(source)` (the bytes of the records it read whole) over `data`
// served 1 byte per read; `whole` is what it must return.
template <typename ReadAll>
void TimeOneByteReads(benchmark::State& state, const std::string& data, size_t whole,
                      ReadAll read_all) {
  for (auto _ : state) {
    StringSource source(data, "bench", /*max_read=*/1);
    const size_t bytes = read_all(&source);
    if (bytes != whole) state.SkipWithError("records not read whole");
    benchmark::DoNotOptimize(bytes);
  }
  state.SetComplexityN(state.range(0));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.size()));
}

// Two records of state.range(0) bytes each, the first quoted.
void BM_CsvOneByteReadsOfLongRecords(benchmark::State& state) {
  const std::string big(static_cast<size_t>(state.range(0)), 'x');
  TimeOneByteReads(state, "a,\"" + big + "\"\nb," + big + "\n", 2 * big.size(),
                   [](ByteSource* source) {
                     CsvReader reader(source, CsvDialect{','});
                     CsvRow row;
                     size_t bytes = 0;
                     for (Result<bool> more = reader.Next(&row); more.ok() && *more;
                          more = reader.Next(&row)) {
                       bytes += row.fields.back().size();
                     }
                     return bytes;
                   });
}

// Two lines of state.range(0) bytes.
void BM_LineOneByteReadsOfLongLines(benchmark::State& state) {
  const std::string big(static_cast<size_t>(state.range(0)), 'x');
  TimeOneByteReads(state, big + "\n" + big + "\n", 2 * big.size(), [](ByteSource* source) {
    ingest::LineReader reader(source);
    std::string_view line;
    int64_t number = 0;
    size_t bytes = 0;
    for (Result<bool> more = reader.Next(&line, &number); more.ok() && *more;
         more = reader.Next(&line, &number)) {
      bytes += line.size();
    }
    return bytes;
  });
}

BENCHMARK(BM_CsvOneByteReadsOfLongRecords)->RangeMultiplier(4)->Range(1 << 16, 1 << 22)->Complexity(benchmark::oN);
BENCHMARK(BM_LineOneByteReadsOfLongLines)->RangeMultiplier(4)->Range(1 << 16, 1 << 22)->Complexity(benchmark::oN);

}  // namespace
}  // namespace habeas

BENCHMARK_MAIN();
