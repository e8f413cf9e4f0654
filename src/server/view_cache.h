// Views of the whole store that the server keeps until the store changes: the estimate
// (/estimate and /api/v1/estimate, one per `merge`) and the lists' overlap (/overlap and
// /api/v1/overlap). An estimate of a 50,000-person store takes about five seconds and
// both cores (four chains, docs/estimation.md "Chains"); the overlap reads every record's
// person (0.3 s at 50,000, seconds at a million). Before this cache every request paid
// that, and a few analysts reloading a page at once held every core the searches need.
// Both views are deterministic (the estimate is seeded), so while the store is unchanged
// a kept answer is the answer a new computation would give.
//
//   ViewCache estimates(db_path);
//   Result<nlohmann::json> report = estimates.Get(merge, {
//       .fingerprint = [&] { return search::StoreFingerprint(store); },
//       .compute = [&] { return EstimateJson(store, merge); }});
//
// The store's state is what the views read: its records and their persons
// (search::StoreFingerprint, as the locator's index). The fingerprint is read only when
// the store's StoreChangeStamp moved, which every commit does, the server's own audit rows
// included. When the fingerprint differs, every kept view is dropped. Errors are returned
// and not kept.
//
// Thread-safety: Get may run on many threads. One view is computed at a time per cache;
// the threads that want it wait for it and then read it from the cache.
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
    std::function<Result<std::string>()> fingerprint;  // of the records and their persons
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

  mutable std::mutex mutex_;  // held while an estimate is computed
  StoreChangeStamp stamp_;
  std::string stamp_seen_;
  std::string fingerprint_of_entries_;
  std::map<std::string, nlohmann::json> entries_;  // by key
  std::deque<std::string> oldest_first_;
  size_t capacity_;
  int64_t computed_ = 0;
};

}  // namespace habeas::server
