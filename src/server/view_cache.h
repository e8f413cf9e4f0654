// Views of the whole store that the server keeps until the store changes: the estimate
// (/estimate and /api/v1/estimate, one per EstimateQuery) and the lists' overlap
// (/overlap and /api/v1/overlap). An estimate of a 50,000-person store takes 5–11 s and
// both cores (four chains, ten linkage draws; docs/estimation.md); the overlap reads
// every record's person (0.37 s on the hard 50k store, more as it grows). Before this cache every
// request paid that, and a few analysts reloading a page at once held every core the
// searches need. Both views are deterministic (the estimate is seeded), so while the
// store is unchanged a kept answer is the answer a new computation would give.
//
//   ViewCache estimates(db_path);
//   Result<nlohmann::json> report = estimates.Get(query.Key(), {
//       .fingerprint = [&] { return EstimateFingerprint(store); },
//       .compute = [&] { return EstimateJson(store, query); }});
//
// The caller's fingerprint says what the view reads (views.h: the overlap, the records
// and their persons; the estimate, also the doubtful links, the review queue and the
// link run's settings). It is read only when the store's StoreChangeStamp moved, which
// every commit does, the server's own audit rows included. When it differs, every kept
// view is dropped, and a view computed from the store before is not kept. Errors are
// returned and not kept.
//
// Thread-safety: Get may run on many threads. A kept view is returned at once, whatever
// is being computed. One view is computed at a time per cache; a thread that waited for
// the same view reads it from the cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "habeas/status.h"
#include "server/store_change_stamp.h"

namespace habeas::server {

class ViewCache {
 public:
  struct Inputs {
    std::function<Result<std::string>()> fingerprint;  // of what the view reads
    std::function<Result<nlohmann::json>()> compute;   // the view
  };

  // Keeps at most `capacity` views (keys) of one store state.
  explicit ViewCache(std::string db, size_t capacity = 16);

  // The kept view of `key` for the store as it is now, or `compute`'s answer (kept when
  // it is one). A stamp or fingerprint that cannot be read computes and keeps nothing.
  Result<nlohmann::json> Get(const std::string& key, const Inputs& inputs);

  // Views computed so far (a test's window on the cache).
  int64_t computed() const;

 private:
  // Drops the kept views when the store changed; false when that cannot be told.
  bool Follow(const Inputs& inputs);
  void Keep(const std::string& key, const nlohmann::json& view);

  mutable std::mutex mutex_;  // the kept views and what they were computed from
  std::mutex compute_mutex_;  // held while a view is computed
  StoreChangeStamp stamp_;
  std::string stamp_seen_;
  std::string fingerprint_of_entries_;
  uint64_t generation_ = 0;                        // moves with fingerprint_of_entries_
  std::map<std::string, nlohmann::json> entries_;  // by key
  std::deque<std::string> oldest_first_;
  size_t capacity_;
  int64_t computed_ = 0;
};

}  // namespace habeas::server
