// Locator queries: what a relative types into the search box, with the answer.
//
// Each query is about one person of the population. A configured share (default
// 20%) is about people on no list at all, whose correct answer is "no match"
// (empty person_id in queries_truth.csv); the rest are about people on at least one
// list. The text is written the way relatives write: usually the full name they know
// (both given names, both surnames), often only the first given name or a nickname
// and one or two surnames, sometimes surnames only; no accents, lower case, phonetic
// misspellings and typos. The birth date is given about half of the time (with the
// usual date errors), the cédula less often. The mix is in docs/generator.md
// "Queries" (QueryShape).
//
//   std::vector<Query> queries = GenerateQueries(population, options, context);
//
// Thread-safety: pure function of its arguments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corrupt.h"
#include "population.h"

namespace habeas::gen {

// What the relative typed, by name parts (docs/generator.md "Queries" has the shares).
enum class QueryShape : uint8_t {
  kFullName,                // all given names (or a nickname) + both surnames
  kFirstGivenBothSurnames,  // "jose perez infante"
  kGivenNamesPaternal,      // "jose gregorio perez"
  kFirstGivenPaternal,      // "jose perez", "chuy perez": the hard, ambiguous kind
  kSurnamesOnly,            // "perez infante"
  kOneSurname,              // "perez" (with a birth date or cédula this may still find)
  kCount,
};
// "full_name", "first_given_both_surnames", ... (the `shape` column of queries_truth.csv).
std::string_view QueryShapeName(QueryShape shape);

struct QueryOptions {
  uint32_t count = 0;
  double no_list_share = 0.2;
  double noise = 1.6;  // relatives type like the family_reports list
  // Share of queries with two words typed as one ("josegregorio perez"); --profile hard
  // sets it (the default profile's queries never have any).
  double glued_words = 0;
};

struct Query {
  std::string id;           // "Q000001"
  std::string text;         // "chuy gonzales"
  std::string birth_date;   // "" or DD/MM/YYYY, YYYY, YYYY-MM-DD
  std::string national_id;  // "" or a cédula as typed
  uint32_t subject = 0;     // the person the relative is looking for
  bool on_a_list = true;    // false: the expected answer is "no match"
  QueryShape shape = QueryShape::kFullName;
};

// Queries about population members; needs Person::lists set (GenerateLists).
std::vector<Query> GenerateQueries(const Population& population, const QueryOptions& options,
                                   const CorruptionRates& rates, uint64_t seed,
                                   CorruptionCounts& counts);

// queries.csv (query_id,query_text,dob,national_id) and queries_truth.csv
// (query_id,person_id,shape).
std::string QueriesCsv(const std::vector<Query>& queries);
std::string QueriesTruthCsv(const std::vector<Query>& queries);

}  // namespace habeas::gen
