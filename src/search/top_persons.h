// Candidate generation of the locator: the persons with the highest pre-score over a
// query's posting lists (docs/locator.md "Query"), read document-at-a-time with MaxScore.
//
// Every list holds person indices in ascending order and gives each of them one score.
// Lists are grouped: a query word and its spellings, the identifier and its one-edit
// variants, the birth-date readings. A person collects, per group, the best score of the
// group's lists that hold it; the pre-score is the sum over the identifier and name groups
// (in integer units, so the order of the groups does not matter), plus the best birth
// score when that sum is above zero. Persons that no identifier or name list holds are
// not candidates.
//
// Groups are read one after the other, fewest postings first (the identifier, the full
// birth date, a rare surname): each person of a group not seen in an earlier one is
// scored by probing the other groups' lists (galloping), and only while the person can
// still enter the top k held so far. Once the groups left cannot lift a person not seen
// yet above the k-th best, the search stops: "jose" and "gonzalez" with 100k postings
// each are mostly skipped, and nothing is written per posting. Scores are rounded to
// 1/kUnitsPerPoint and summed as integers, so the bounds and ties are exact and the
// result is the exact top k.
//
//   std::vector<ScoreGroupKind> groups = {ScoreGroupKind::kName, ScoreGroupKind::kName};
//   std::vector<ScoreList> lists = {{jose_postings, 2.4f, 0}, {gonzalez_postings, 3.0f, 1},
//                                   {gonzales_postings, 2.25f, 1}};
//   for (const ScoredPerson& p : TopPersons(groups, lists, 100)) ...
//
// Internal to src/search; a pure function (thread-safe, the spans must stay live during
// the call).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace habeas::search {

enum class ScoreGroupKind : uint8_t {
  kIdentifier,  // the cédula / A-number and its one-edit variants
  kName,        // one query word and the spellings it matched
  kBirth,       // birth-date agreements; counts only on top of identifier or name evidence
};

struct ScoreList {
  std::span<const uint32_t> persons;  // ascending, distinct
  float score = 0;                    // what each person on the list collects (>= 0, < 4096)
  uint32_t group = 0;                 // index into the groups
};

struct ScoredPerson {
  uint32_t person = 0;
  float score = 0;
  uint8_t name_groups = 0;  // name groups whose lists hold the person (capped at 255)
};

inline constexpr float kUnitsPerPoint = 65536.f;
// A list's score as TopPersons sums it (rounded to 1/kUnitsPerPoint).
uint32_t ScoreUnits(float score);

enum class TopPersonsMethod {
  kAuto,        // accumulate when the lists are short in all, else probe
  kAccumulate,  // every posting into a per-person table (thread-local, sized by the
                // largest person index), then the k best: cheap while it stays in cache
  kProbe,       // group by group with bounds, as described above
};

// The `k` best persons, best first (ties: the lower person index first). Every method
// gives the same answer.
std::vector<ScoredPerson> TopPersons(std::span<const ScoreGroupKind> groups,
                                     std::span<const ScoreList> lists, size_t k,
                                     TopPersonsMethod method = TopPersonsMethod::kAuto);

}  // namespace habeas::search
