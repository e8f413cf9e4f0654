// The estimates the server has computed (/estimate and /api/v1/estimate), one per state
// of the store and `merge`. An estimate of a 50,000-person store takes about ten seconds
// and both cores (four chains, docs/estimation.md "Chains"). Before this cache every
// request paid that, and a few analysts reloading the page at once held every core the
// searches need. The estimate is seeded, so while the store is unchanged a kept answer is
// the answer a new computation would give.
//
//   EstimateCache cache(db_path);
//   Result<nlohmann::json> report = cache.Get(merge, {
//       .fingerprint = [&] { return search::StoreFingerprint(store); },
//       .compute = [&] { return EstimateJson(store, merge); }});
//
// The store's state is what the estimate reads: its records and their persons
// (search::StoreFingerprint, as the locator's index). The fingerprint is read only when the
// store's StoreChangeStamp moved, which every commit does, the server's own audit rows
// included. When the fingerprint differs, every kept estimate is dropped. Errors are
// returned and not kept.
//
// Thread-safety: Get may run on many threads. One estimate is computed at a time; the
// threads that want it wait for it and then read it from the cache.
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

class EstimateCache {
 public:
  struct Inputs {
    std::function<Result<std::string>()> fingerprint;  // of the records and their persons
    std::function<Result<nlohmann::json>()> compute;   // the estimate report
  };

  // Keeps the estimates of at most `capacity` merges of one store state.
  explicit EstimateCache(std::string db, size_t capacity = 16);

  // The kept estimate of `merge` for the store as it is now, or `compute`'s answer (kept
  // when it is one). A stamp or fingerprint that cannot be read computes and keeps
  // nothing.
  Result<nlohmann::json> Get(const std::string& merge, const Inputs& inputs);

  // Estimates computed so far (a test's window on the cache).
  int64_t computed() const;

 private:
  // Drops the kept estimates when the store changed; false when that cannot be told.
  bool Follow(const Inputs& inputs);
  void Keep(const std::string& merge, const nlohmann::json& report);

  mutable std::mutex mutex_;  // held while an estimate is computed
  StoreChangeStamp stamp_;
  std::string stamp_seen_;
  std::string fingerprint_of_entries_;
  std::map<std::string, nlohmann::json> entries_;  // by merge
  std::deque<std::string> oldest_first_;
  size_t capacity_;
  int64_t computed_ = 0;
};

}  // namespace habeas::server
