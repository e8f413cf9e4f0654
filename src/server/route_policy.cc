// The policy table: every route Habeas serves, and the roles allowed to use it. A
// route missing here is refused (App::Handle), and route_matrix_test fails.
//
// What each role sees within a route (contacts and notes only for analysts and admins)
// is decided by the handlers through CanSeeRestricted (app.h).
#include "server/router.h"

namespace habeas::server {
namespace {

constexpr RoleSet kEveryone{Role::kPublic, Role::kReviewer, Role::kAnalyst, Role::kAdmin};
constexpr RoleSet kStaff{Role::kReviewer, Role::kAnalyst, Role::kAdmin};
constexpr RoleSet kAnalysts{Role::kAnalyst, Role::kAdmin};
constexpr RoleSet kAdmins{Role::kAdmin};

constexpr RoutePolicy kPolicies[] = {
    // The public locator, sign-in and assets.
    {Method::kGet, "/", kEveryone, RouteKind::kPage},
    {Method::kGet, "/login", kEveryone, RouteKind::kPage},
    {Method::kPost, "/login", kEveryone, RouteKind::kPage},
    {Method::kGet, "/robots.txt", kEveryone, RouteKind::kAsset},
    {Method::kGet, "/static/{file}", kEveryone, RouteKind::kAsset},
    {Method::kGet, "/api/v1/health", kEveryone, RouteKind::kApi},
    {Method::kGet, "/api/v1/search", kEveryone, RouteKind::kApi},
    {Method::kPost, "/api/v1/search", kEveryone, RouteKind::kApi},
    // Signed-in staff: review, dossiers (contacts and notes withheld from reviewers).
    {Method::kPost, "/logout", kStaff, RouteKind::kPage},
    {Method::kGet, "/review", kStaff, RouteKind::kPage},
    {Method::kGet, "/review/{a}/{b}", kStaff, RouteKind::kPage},
    {Method::kPost, "/review/decide", kStaff, RouteKind::kPage},
    {Method::kPost, "/review/undo", kStaff, RouteKind::kPage},
    {Method::kGet, "/persons/{id}", kStaff, RouteKind::kPage},
    {Method::kGet, "/persons/{id}/packet.pdf", kStaff, RouteKind::kPage},
    {Method::kGet, "/api/v1/review", kStaff, RouteKind::kApi},
    {Method::kGet, "/api/v1/pairs/{a}/{b}", kStaff, RouteKind::kApi},
    {Method::kPost, "/api/v1/decisions", kStaff, RouteKind::kApi},
    {Method::kDelete, "/api/v1/decisions/{id}", kStaff, RouteKind::kApi},
    {Method::kGet, "/api/v1/persons/{id}", kStaff, RouteKind::kApi},
    {Method::kGet, "/api/v1/persons/{id}/packet", kStaff, RouteKind::kApi},
    {Method::kGet, "/api/v1/records/{id}", kStaff, RouteKind::kApi},
    // Analysts: sources and import reports, list overlap, the estimate.
    {Method::kGet, "/sources", kAnalysts, RouteKind::kPage},
    {Method::kGet, "/sources/{name}", kAnalysts, RouteKind::kPage},
    {Method::kGet, "/overlap", kAnalysts, RouteKind::kPage},
    {Method::kGet, "/estimate", kAnalysts, RouteKind::kPage},
    {Method::kGet, "/api/v1/sources", kAnalysts, RouteKind::kApi},
    {Method::kGet, "/api/v1/sources/{name}", kAnalysts, RouteKind::kApi},
    {Method::kGet, "/api/v1/overlap", kAnalysts, RouteKind::kApi},
    {Method::kGet, "/api/v1/estimate", kAnalysts, RouteKind::kApi},
    // Administrators: users, the audit trail, what is public.
    {Method::kGet, "/admin/users", kAdmins, RouteKind::kPage},
    {Method::kPost, "/admin/users", kAdmins, RouteKind::kPage},
    {Method::kPost, "/admin/users/{name}/remove", kAdmins, RouteKind::kPage},
    {Method::kGet, "/admin/audit", kAdmins, RouteKind::kPage},
    {Method::kGet, "/admin/public-fields", kAdmins, RouteKind::kPage},
    {Method::kPost, "/admin/public-fields", kAdmins, RouteKind::kPage},
    {Method::kGet, "/api/v1/users", kAdmins, RouteKind::kApi},
    {Method::kGet, "/api/v1/audit", kAdmins, RouteKind::kApi},
};

}  // namespace

std::span<const RoutePolicy> RoutePolicies() { return kPolicies; }

}  // namespace habeas::server
