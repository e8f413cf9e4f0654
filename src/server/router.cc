#include "server/router.h"

namespace habeas::server {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void Router::Add(Method method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = SplitPath(pattern);
  routes_.push_back({method, std::move(pattern), std::move(segments), std::move(handler)});
}

namespace {

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool MatchSegments(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsParam(pattern[i])) {
      if (path[i].empty()) return false;
      found[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace

Router::Match Router::Find(Method method, const std::string& path) const {
  Match match;
  const std::vector<std::string> segments = SplitPath(path);
  // HEAD is answered by the GET route (the body is dropped by the HTTP layer).
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(route.segments, segments, &params)) continue;
    match.path_exists = true;
    if (route.method == wanted) {
      match.route = &route;
      match.params = std::move(params);
      return match;
    }
  }
  return match;
}

const RoutePolicy* FindPolicy(std::span<const RoutePolicy> table, Method method,
                              const std::string& pattern) {
  for (const RoutePolicy& p : table) {
    if (p.method == method && pattern == p.pattern) return &p;
  }
  return nullptr;
}

}  // namespace habeas::server
