// Locator queries: what a relative types into the search box, with the answer.
//
// Each query is about one person of the population. A configured share (default
// 20%) is about people on no list at all, whose correct answer is "no match"
// (empty person_id in queries_truth.csv); the rest are about people on at least one
// list. The text is written the way relatives write: often only the first given
// name or a nickname, one or two surnames, no accents, lower case, phonetic
// misspellings and typos; the birth date and cédula are often blank.
//
//   std::vector<Query> queries = GenerateQueries(population, options, context);
//
// Thread-safety: pure function of its arguments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "corrupt.h"
#include "population.h"

namespace habeas::gen {

struct QueryOptions {
  uint32_t count = 0;
  double no_list_share = 0.2;
  double noise = 1.6;  // relatives type like the family_reports list
};

struct Query {
  std::string id;           // "Q000001"
  std::string text;         // "chuy gonzales"
  std::string birth_date;   // "" or DD/MM/YYYY, YYYY, YYYY-MM-DD
  std::string national_id;  // "" or a cédula as typed
  uint32_t subject = 0;     // the person the relative is looking for
  bool on_a_list = true;    // false: the expected answer is "no match"
};

// Queries about population members; needs Person::lists set (GenerateLists).
std::vector<Query> GenerateQueries(const Population& population, const QueryOptions& options,
                                   const CorruptionRates& rates, uint64_t seed,
                                   CorruptionCounts& counts);

// queries.csv (query_id,query_text,dob,national_id) and queries_truth.csv
// (query_id,person_id).
std::string QueriesCsv(const std::vector<Query>& queries);
std::string QueriesTruthCsv(const std::vector<Query>& queries);

}  // namespace habeas::gen
