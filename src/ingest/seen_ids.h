// Finds record ids that may repeat within one file, in fixed memory.
//
// Most lists number their rows: "1", "2", … or "MAN-000123", "MAN-000124", … While
// the ids so far share one prefix and their trailing numbers strictly increase
// (ordered by length, then digits), no id can repeat, and nothing is stored: the
// run is remembered by its prefix and its largest number. From the first id that
// breaks the run, a blocked Bloom filter of 2^27 bits (16 MiB, allocated then)
// remembers every id; an id the filter claims to have seen, or one that falls
// inside the run's range, is a *candidate* repeat. Candidates are real repeats plus
// about 0.02 false positives per million ids, and the importer checks them exactly
// against the stored batch at the end (a scan that therefore rarely runs unless ids
// really repeat). Memory does not grow with the file (the candidate list grows only
// with actual repeats). Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace habeas::ingest {

class SeenIds {
 public:
  // Records `id`; if it may have been seen before, adds it to the candidates.
  void Add(std::string_view id);
  std::vector<std::string> candidates() const {
    return std::vector<std::string>(candidates_.begin(), candidates_.end());
  }
  // Memory held by the Bloom filter: 0 while every id extended the run.
  size_t filter_bytes() const { return bits_.size() * sizeof(uint64_t); }

 private:
  static constexpr int kLogBits = 27;
  bool ExtendsRun(std::string_view prefix, std::string_view digits);
  bool InRunRange(std::string_view prefix, std::string_view digits) const;
  // Sets the id's bits; true if all were set already.
  bool FilterAdd(std::string_view id);

  bool in_run_ = true;
  std::string run_prefix_;
  std::string run_max_;  // largest trailing number of the run, as digits; empty: no run yet
  std::vector<uint64_t> bits_;
  std::unordered_set<std::string> candidates_;
};

}  // namespace habeas::ingest
