// habeas-gen's engine: population -> lists -> truth -> queries -> files.
//
// Generate() writes into an OutputDirectory:
//   persons.csv                the true population (person_id, attributes, lists)
//   <list>.<csv|tsv|jsonl>     one data file per list, in the list's style
//   <list>.toml                its import mapping
//   truth.csv                  source,source_record_id,person_id
//   queries.csv, queries_truth.csv   when options.queries > 0
// Output is a pure function of the options: the same seed and options give
// byte-identical files on every run and platform.
//
//   GeneratorOptions options;
//   options.persons = 1000;
//   options.seed = 7;
//   MemoryDirectory out;
//   Result<GeneratorSummary> summary = Generate(options, out);
//
// Thread-safety: Generate() uses only its arguments; run it from one thread per
// OutputDirectory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corrupt.h"
#include "habeas/status.h"
#include "hard.h"
#include "population.h"
#include "writers.h"

namespace habeas::gen {

inline constexpr int kMaxLists = 60;

struct GeneratorOptions {
  uint32_t persons = 10000;
  uint64_t seed = 1;
  int lists = 5;  // 1..kMaxLists; the first five are the named styles
  uint32_t queries = 0;
  double no_list_share = 0.2;  // share of queries about people on no list
  double noise = 1.0;          // global factor on every corruption rate
  CorruptionRates rates;
  PopulationOptions population;         // `persons` above overrides population.persons
  Profile profile = Profile::kDefault;  // kHard: lists written as real ones are (hard.h)
};

struct ListSummary {
  std::string name;
  std::string kind;
  std::string file;
  std::string mapping;
  uint64_t records = 0;
  uint64_t persons = 0;
  CorruptionCounts corruptions;
  std::optional<HardListLevels> levels;  // the list's drawn levels under the hard profile
};

struct GeneratorSummary {
  uint64_t seed = 0;
  Profile profile = Profile::kDefault;
  uint64_t persons = 0;
  uint64_t households = 0;
  uint64_t persons_on_no_list = 0;
  uint64_t sibling_persons = 0;  // in households of two or more
  uint64_t twin_persons = 0;
  uint64_t namesake_persons = 0;  // given another person's exact full name
  uint64_t records = 0;
  std::vector<ListSummary> lists;
  uint64_t queries = 0;
  uint64_t queries_no_list = 0;
  bool nicknames_from_data_file = false;
  uint64_t nickname_entries = 0;
};

// Checks the options (returns kInvalidInput with a message naming the option).
Status ValidateOptions(const GeneratorOptions& options);

Result<GeneratorSummary> Generate(const GeneratorOptions& options, OutputDirectory& out);

nlohmann::ordered_json SummaryToJson(const GeneratorSummary& summary);
std::string SummaryToText(const GeneratorSummary& summary);

}  // namespace habeas::gen
