#include "server/sessions.h"

#include "server/password_hash.h"

namespace habeas::server {

SessionTable::SessionTable(const Clock* clock, int idle_minutes, size_t max_sessions)
    : clock_(clock),
      idle_micros_(static_cast<int64_t>(idle_minutes) * 60 * 1000000),
      max_sessions_(max_sessions) {}

std::string SessionTable::Start(const std::string& user, Role role) {
  const std::string id = RandomUrlSafe(32);
  Session s{user, role, RandomUrlSafe(24), clock_->NowMicros()};
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= max_sessions_) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_used_micros < oldest->second.last_used_micros) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[DigestOfRandomSecret(id)] = std::move(s);
  return id;
}

std::optional<Session> SessionTable::Find(const std::string& id) {
  if (id.empty() || id.size() > 100) return std::nullopt;
  const std::string key = DigestOfRandomSecret(id);
  const int64_t now = clock_->NowMicros();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used_micros > idle_micros_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used_micros = now;
  return it->second;
}

void SessionTable::End(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(DigestOfRandomSecret(id));
}

void SessionTable::EndAllOf(const std::string& user) {
  std::lock_guard lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.user == user ? sessions_.erase(it) : std::next(it);
  }
}

}  // namespace habeas::server
