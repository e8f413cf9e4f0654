// Finds record ids that may repeat within one file, in fixed memory.
//
// A blocked Bloom filter of 2^27 bits (16 MiB) remembers every id seen; an id the
// filter claims to have seen is a *candidate* repeat. Candidates are real repeats
// plus about 0.02 false positives per million ids, and the importer checks them
// exactly against the stored batch at the end (a scan that therefore rarely runs
// unless ids really repeat). Memory does not grow with the file (the candidate
// list grows only with actual repeats). Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace habeas::ingest {

class SeenIds {
 public:
  SeenIds();
  // Records `id`; if it may have been seen before, adds it to the candidates.
  void Add(std::string_view id);
  std::vector<std::string> candidates() const {
    return std::vector<std::string>(candidates_.begin(), candidates_.end());
  }

 private:
  static constexpr int kLogBits = 27;
  std::vector<uint64_t> bits_;
  std::unordered_set<std::string> candidates_;
};

}  // namespace habeas::ingest
