#include "server/view_cache.h"

#include <optional>
#include <utility>

namespace habeas::server {

ViewCache::ViewCache(std::string db, size_t capacity)
    : stamp_(std::move(db)), capacity_(capacity < 1 ? 1 : capacity) {}

Result<nlohmann::json> ViewCache::Get(const std::string& key, const Inputs& inputs) {
  std::optional<uint64_t> generation;  // of the kept views when this request looked
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (Follow(inputs)) {
      if (auto kept = entries_.find(key); kept != entries_.end()) return kept->second;
      generation = generation_;
    }
  }
  // One computation at a time. A thread that waited here for the same view finds it kept.
  std::lock_guard<std::mutex> computing(compute_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation == generation_) {
      if (auto kept = entries_.find(key); kept != entries_.end()) return kept->second;
    }
    ++computed_;
  }
  Result<nlohmann::json> view = inputs.compute();
  if (view.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Not kept when the store changed meanwhile: it may be the view of before.
    if (generation == generation_) Keep(key, *view);
  }
  return view;
}

bool ViewCache::Follow(const Inputs& inputs) {
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
    ++generation_;
  }
  stamp_seen_ = *stamp;
  return true;
}

int64_t ViewCache::computed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return computed_;
}

void ViewCache::Keep(const std::string& key, const nlohmann::json& view) {
  if (entries_.size() >= capacity_) {
    entries_.erase(oldest_first_.front());
    oldest_first_.pop_front();
  }
  entries_.emplace(key, view);
  oldest_first_.push_back(key);
}

}  // namespace habeas::server
