// Competing candidates: a pair's probability given what else each of its records
// resembles.
//
// Fellegi–Sunter's posterior p = a / (1 + a), with a = λ·m/u the pair's odds, weighs a
// pair against the competition a typical record meets: over a whole list the other
// records add up to about one unit of λ·m/u. A record's own competition is visible among
// its candidate pairs: "Luis Rojas García, 24" on the leak against a manifest that holds
// one Luis Rojas García is a strong link; against a manifest that holds three it is a
// guess. So the "1" becomes what the candidates show. For a pair (i, j):
//   D = (1 − π) + C_i + C_j,   p = a / (a + D),   weight = log2(a / D)
// π: the chance that i's person is on j's list at all (the pair of lists' prior times
// the other list's size, the larger of the two sides' chances, at most kMaxPresence);
// C_i: the odds of i's other candidates on j's list, each counted as much as it is not
// j's own duplicate (÷ (1 + odds(j, k))); C_j the same from j's side. The priors are
// then re-estimated from these probabilities (λ of a pair of lists = Σ p / its pairs)
// and the weights recomputed, a few rounds: Fellegi–Sunter's own posteriors
// under-count the matches of typed lists, and the prior inherits it.
// Measured in docs/linkage.md ("Competing candidates").
#pragma once

#include <cstdint>
#include <vector>

#include "link/link_record.h"
#include "link/model.h"

namespace habeas::link {

// No list is sure to hold anyone: π is capped, so one unrivalled candidate on a name
// alone never becomes certain.
inline constexpr double kMaxPresence = 0.9;
// Candidate odds below this (2^-12) are no competition; such pairs keep their weight.
inline constexpr double kNegligibleOdds = 1.0 / 4096;

struct CompetitionReport {
  int rounds = 0;
  int64_t pairs_weighed = 0;  // pairs with odds above kNegligibleOdds
};

// Replaces every candidate pair's weight (`weights`, aligned with `pairs`, as
// ScorePairs gives them) by its weight against its competition (above).
CompetitionReport WeighAgainstCompetition(const std::vector<LinkRecord>& records,
                                          const std::vector<uint64_t>& pairs, const Model& model,
                                          int threads, std::vector<float>* weights);

}  // namespace habeas::link
