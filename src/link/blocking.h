// Blocking: candidate pairs from the union of several key rules.
//
// Each rule hashes some key parts of a record into one or more keys (multi-valued
// parts such as any_surname or an age's two possible birth years give several);
// records sharing a key form a block. Blocks up to max_block_size yield all their
// pairs; larger blocks are sub-blocked by sorted neighbourhood (records sorted by
// their name signature, each paired with the next `window`), and the pairs they
// would have produced are counted in the report. Pairs are deduplicated across
// rules. Only pairs where `include(i, j)` holds are kept (new-records-only runs).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "link/link_record.h"

namespace habeas::link {

struct CandidatePairs {
  std::vector<uint64_t> pairs;  // (i << 32) | j with i < j, record table indices, sorted
  std::vector<std::pair<std::string, int64_t>> pairs_per_rule;  // before deduplication
  int64_t capped_blocks = 0;
  int64_t capped_block_pairs = 0;
};

// Checks every rule's parts; kInvalidInput naming the unknown part.
Status ValidateRules(const std::vector<BlockingRule>& rules);

// `eligible[i]`: record i may take part in a pair with any record (true), or only
// with eligible records... see link.cc: a pair is kept if eligible[i] || eligible[j].
CandidatePairs GenerateCandidatePairs(const std::vector<LinkRecord>& records,
                                      const LinkSettings& settings,
                                      const std::vector<uint8_t>* eligible);

}  // namespace habeas::link
