// Benchmarks for the names hot paths (targets from issue 3: normalise + parse
// ≥ 1M names/s per core; Jaro–Winkler on name tokens ≥ 20M pairs/s per core).
//   cmake --build build-names --target names_benchmark && build-names/src/names/names_benchmark
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "habeas/names/compare.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/names/similarity.h"

namespace habeas::names {
namespace {

// A realistic mix: list forms, accents, initials, particles (about 1 in 3 non-ASCII).
const std::vector<std::string>& SampleNames() {
  static const std::vector<std::string> names = {
      "PEREZ INFANTE, JOSE PEDRO",
      "José Pedro Pérez Infante",
      "GONZALEZ RIVAS MARIA EUGENIA",
      "Jhonny Gutierrez",
      "J.P.P.I.",
      "María de los Ángeles García",
      "RODRIGUEZ, LUIS ALBERTO",
      "Yonaiker Sanchez Parra",
      "Wuilmer Rojas Colmenares",
      "JUAN PEREZ DELACRUZ",
      "Carlos Hernández Suárez",
      "MUÑOZ ESCALONA, RAFAEL",
      "Ana Isabel Martinez",
      "CASTILLO MEDINA YORBIS JOSE",
      "Luis Garcia",
      "Miguel Angel Flores Rondon",
  };
  return names;
}

const std::vector<std::string>& SampleTokens() {
  static const std::vector<std::string> tokens = {
      "jose",    "pedro",     "perez",    "infante", "maria",     "gonzalez",  "rivas",   "luis",
      "alberto", "rodriguez", "jhonny",   "johnny",  "gutierrez", "yonaiker",  "sanchez", "wuilmer",
      "wilmer",  "rojas",     "castillo", "medina",  "yorbis",    "hernandez", "suarez",  "garcia"};
  return tokens;
}

void BM_NormalizeAndParse(benchmark::State& state) {
  const auto& names = SampleNames();
  NameParser parser;
  NormalizedName normalized;
  std::vector<ParsedName> alternatives;
  size_t i = 0;
  for (auto _ : state) {
    NormalizeNameInto(names[i++ % names.size()], &normalized);
    parser.ParseNormalized(normalized, &alternatives);
    benchmark::DoNotOptimize(alternatives.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_NormalizeAndParse);

void BM_NormalizeAndParseConvenience(benchmark::State& state) {
  const auto& names = SampleNames();
  NameParser parser;
  size_t i = 0;
  for (auto _ : state) {
    NameParse parse = parser.Parse(names[i++ % names.size()]);
    benchmark::DoNotOptimize(parse.alternatives.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_NormalizeAndParseConvenience);

void BM_Normalize(benchmark::State& state) {
  const auto& names = SampleNames();
  NormalizedName normalized;
  size_t i = 0;
  for (auto _ : state) {
    NormalizeNameInto(names[i++ % names.size()], &normalized);
    benchmark::DoNotOptimize(normalized.folded.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Normalize);

void BM_JaroWinklerTokens(benchmark::State& state) {
  const auto& tokens = SampleTokens();
  const size_t n = tokens.size();
  size_t i = 0, j = 7;
  for (auto _ : state) {
    benchmark::DoNotOptimize(JaroWinkler(tokens[i], tokens[j]));
    if (++i == n) i = 0;
    j += 5;
    if (j >= n) j -= n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_JaroWinklerTokens);

void BM_DamerauLevenshteinCap2(benchmark::State& state) {
  const auto& tokens = SampleTokens();
  const size_t n = tokens.size();
  size_t i = 0, j = 7;
  for (auto _ : state) {
    benchmark::DoNotOptimize(DamerauLevenshteinCapped(tokens[i], tokens[j], 2));
    if (++i == n) i = 0;
    j += 5;
    if (j >= n) j -= n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_DamerauLevenshteinCap2);

void BM_PhoneticKey(benchmark::State& state) {
  const auto& tokens = SampleTokens();
  size_t i = 0;
  for (auto _ : state) {
    PhoneticKey key = PhoneticKeyEs(tokens[i++ % tokens.size()]);
    benchmark::DoNotOptimize(key);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_PhoneticKey);

void BM_CompareNames(benchmark::State& state) {
  NameParser parser;
  std::vector<PreparedName> prepared;
  for (const std::string& name : SampleNames()) prepared.push_back(PrepareName(parser.Parse(name)));
  prepared.push_back(PrepareName(parser.Parse("Pepe Peres")));
  prepared.push_back(PrepareName(parser.Parse("JOSE PEDRO PEREZ")));
  const size_t n = prepared.size();
  size_t i = 0, j = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(CompareNames(prepared[i], prepared[j]));
    if (++i == n) i = 0;
    j += 3;
    if (j >= n) j -= n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CompareNames);

}  // namespace
}  // namespace habeas::names

BENCHMARK_MAIN();
