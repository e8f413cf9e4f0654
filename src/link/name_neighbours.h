// Name neighbours: candidate pairs ranked by the name words two records share, with a
// budget per record, for the pairs no key rule proposes (docs/linkage.md "Name
// neighbours").
//
// Key blocking needs a key word spelt alike on both sides. A record typed by a
// stranger ("Wilmer Rodirgues Parrdes", no date) often has a typo in every key word,
// or sits without a date among a hundred namesakes that sorted neighbourhood cuts to
// four. Here the distinct phonetic keys of all names (the vocabulary) are linked to
// the keys one edit away (they share the key or a one-symbol deletion: SymSpell's
// idea), and a record without a full date asks for the records holding a key similar
// to at least two of its words, ranked by the words' rarity (IDF); it keeps the best
// `k`. Keys, and deletions, held by more than `max_postings` records are not followed
// (the common words, which the key rules cover; a dense neighbourhood, where a typo
// cannot be told from another name), so a record's cost is bounded whatever the
// store's size.
#pragma once

#include <cstdint>
#include <vector>

#include "link/link_record.h"

namespace habeas::link {

struct NameNeighbourOptions {
  int k = 0;                   // neighbours kept per asking record; 0: off
  int max_postings = 2000;     // variants held by more records are skipped
  int threads = 2;
};

// Record-index pairs (i << 32) | j with i < j, sorted and distinct. Only records
// without a full birth date ask (a dated record is found by the date rules); a pair
// is kept if eligible is null or either record is eligible.
std::vector<uint64_t> NameNeighbourPairs(const std::vector<LinkRecord>& records,
                                         const NameNeighbourOptions& options,
                                         const std::vector<uint8_t>* eligible);

}  // namespace habeas::link
