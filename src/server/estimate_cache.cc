#include "server/estimate_cache.h"

#include <utility>

namespace habeas::server {

EstimateCache::EstimateCache(std::string db, size_t capacity)
    : stamp_(std::move(db)), capacity_(capacity < 1 ? 1 : capacity) {}

Result<nlohmann::json> EstimateCache::Get(const std::string& merge, const Inputs& inputs) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!Follow(inputs)) {
    ++computed_;
    return inputs.compute();
  }
  if (auto kept = entries_.find(merge); kept != entries_.end()) return kept->second;
  ++computed_;
  Result<nlohmann::json> report = inputs.compute();
  if (report.ok()) Keep(merge, *report);
  return report;
}

bool EstimateCache::Follow(const Inputs& inputs) {
  // The stamp is read first: a commit after it moves it again, and the next request
  // looks at the fingerprint again.
  Result<std::string> stamp = stamp_.Read();
  if (!stamp.ok()) return false;
  if (*stamp == stamp_seen_) return true;
  Result<std::string> fingerprint = inputs.fingerprint();
  if (!fingerprint.ok()) return false;
  if (*fingerprint != fingerprint_of_entries_) {
    entries_.clear();
    oldest_first_.clear();
    fingerprint_of_entries_ = *fingerprint;
  }
  stamp_seen_ = *stamp;
  return true;
}

int64_t EstimateCache::computed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return computed_;
}

void EstimateCache::Keep(const std::string& merge, const nlohmann::json& report) {
  if (entries_.size() >= capacity_) {
    entries_.erase(oldest_first_.front());
    oldest_first_.pop_front();
  }
  entries_.emplace(merge, report);
  oldest_first_.push_back(merge);
}

}  // namespace habeas::server
