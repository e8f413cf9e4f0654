// Routes and who may use them. The route table (Router) and the policy table
// (RoutePolicies in route_policy.cc) are separate on purpose: a route is refused
// unless the policy table names it (default deny), and route_matrix_test checks every
// route against every role.
//
// Thread-safety: a Router is built once at start-up, then only read.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "habeas/access.h"
#include "server/http.h"

namespace habeas::server {

// A set of roles.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Contains(Role role) const { return (bits_ & Bit(role)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  static constexpr unsigned Bit(Role role) { return 1u << static_cast<unsigned>(role); }
  unsigned bits_ = 0;
};

// Who is asking: the role, and the user name (empty for the public).
enum class Credential { kNone, kSession, kApiToken };
struct Caller {
  Role role = Role::kPublic;
  std::string user;
  Credential credential = Credential::kNone;
  std::string csrf_token;  // the session's, when credential == kSession
};

// Whether a route answers JSON (the API) or HTML (pages): errors take the same form.
enum class RouteKind { kApi, kPage, kAsset };

struct RoutePolicy {
  Method method;
  const char* pattern;  // as registered: "/api/v1/persons/{id}"
  RoleSet allowed;
  RouteKind kind;
};

// The one policy table (route_policy.cc).
std::span<const RoutePolicy> RoutePolicies();
// The policy of a registered route, or nullptr (the route is then refused).
const RoutePolicy* FindPolicy(std::span<const RoutePolicy> table, Method method,
                              const std::string& pattern);

using Handler = std::function<Response(Request&, const Caller&)>;

class Router {
 public:
  // `pattern`: literal segments and {name} segments ("/persons/{id}").
  void Add(Method method, std::string pattern, Handler handler);

  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  struct Match {
    const Route* route = nullptr;  // null: no route for this method and path
    bool path_exists = false;      // some method has a route for this path (→ 405)
    std::map<std::string, std::string> params;
  };
  Match Find(Method method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// "/a/{id}/b" → {"a", "{id}", "b"}; "/" → {}.
std::vector<std::string> SplitPath(const std::string& path);

}  // namespace habeas::server
