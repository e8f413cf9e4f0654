// Signed-in sessions, in memory: a random 256-bit id in an HttpOnly, SameSite=Strict
// cookie, and a CSRF token per session that every form posts back. Only a digest of
// the id is kept, so a memory dump does not hand out sessions. Sessions end after
// `idle_minutes` without use, at sign-out, or when the server restarts (sign in again).
// Thread-safe; bounded (`max_sessions`, oldest dropped first).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "habeas/access.h"
#include "habeas/clock.h"

namespace habeas::server {

struct Session {
  std::string user;
  Role role = Role::kPublic;
  std::string csrf_token;
  int64_t last_used_micros = 0;
};

class SessionTable {
 public:
  SessionTable(const Clock* clock, int idle_minutes = 120, size_t max_sessions = 10000);
  // Starts a session; returns the id for the cookie (shown once).
  std::string Start(const std::string& user, Role role);
  // The session for a cookie value, refreshed; nullopt if unknown or expired.
  std::optional<Session> Find(const std::string& id);
  void End(const std::string& id);
  // Ends every session of `user` (removed, or password changed).
  void EndAllOf(const std::string& user);

 private:
  const Clock* clock_;
  int64_t idle_micros_;
  size_t max_sessions_;
  std::mutex mutex_;
  std::unordered_map<std::string, Session> sessions_;  // by digest of the id
};

}  // namespace habeas::server
