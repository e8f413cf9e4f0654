#include "server/app.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "habeas/ledger_store.h"
#include "habeas/search.h"
#include "server/password_hash.h"
#include "server/views.h"

namespace habeas::server {

// --- StorePool

StorePool::Lease::~Lease() {
  if (store_) pool_->Release(std::move(store_));
}

Result<StorePool::Lease> StorePool::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Store> store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(store));
    }
  }
  SqliteOptions options;
  options.access = StoreAccess::kReadOnly;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(db_path_, options));
  return Lease(this, std::move(store));
}

Result<std::unique_ptr<Store>> StorePool::OpenForWriting() {
  SqliteOptions options;
  options.create_if_missing = false;
  return OpenStore(db_path_, options);
}

void StorePool::Release(std::unique_ptr<Store> store) {
  if (store->ConnectionLost()) return;  // the next lease opens a new one
  std::lock_guard lock(mutex_);
  if (idle_.size() < 64) idle_.push_back(std::move(store));
}

bool CanSeeRestricted(Role role) { return role == Role::kAnalyst || role == Role::kAdmin; }

// --- App

namespace {

bool ChangesState(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kDelete ||
         method == Method::kPatch;
}

void AddSecurityHeaders(RouteKind kind, Response* response) {
  response->AddHeader("X-Content-Type-Options", "nosniff");
  response->AddHeader("Referrer-Policy", "no-referrer");
  response->AddHeader("X-Frame-Options", "DENY");
  response->AddHeader("Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                      "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                      "form-action 'self'; base-uri 'none'");
  response->AddHeader("Cache-Control",
                      kind == RouteKind::kAsset ? "public, max-age=3600" : "no-store");
}

}  // namespace

App::App(const Parts& parts, std::unique_ptr<AccessStore> access)
    : options_(parts.options),
      clock_(parts.clock ? parts.clock : &Clock::System()),
      access_(std::move(access)),
      stores_(parts.options.db_path),
      estimates_(parts.options.db_path),
      overlaps_(parts.options.db_path, 1),
      sessions_(clock_),
      public_search_limiter_(
          {parts.options.public_searches_per_minute, parts.options.public_search_burst, 100000},
          clock_),
      login_limiter_({parts.options.logins_per_minute, parts.options.logins_per_minute, 100000},
                     clock_) {
  const std::string index_path = options_.index_path.empty()
                                     ? search::IndexPathFor(options_.db_path)
                                     : options_.index_path;
  locator_ = std::make_unique<LocatorService>(options_.db_path, index_path);
  const int slots = options_.search_concurrency > 0
                        ? options_.search_concurrency
                        : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  search_workers_ = std::make_unique<SearchWorkers>(slots);
}

Result<search::SearchResponse> App::Search(const search::SearchQuery& query,
                                           const search::SearchOptions& options) {
  const std::shared_ptr<const search::LocatorIndex> index = locator_->Current();
  return search_workers_->Run(*index, query, options);
}

Result<std::string> App::SearchAsText(const search::SearchQuery& query,
                                      const search::SearchOptions& options) {
  const std::shared_ptr<const search::LocatorIndex> index = locator_->Current();
  std::optional<Result<std::string>> text;
  auto work = [&] {
    try {
      Result<search::SearchResponse> answer = index->Search(query, options);
      if (answer.ok()) {
        text.emplace(SearchResponseText(*answer));
      } else {
        text.emplace(answer.status());
      }
    } catch (const std::exception& e) {  // e.g. bad_alloc: this request fails, not the server
      text.emplace(Internal(std::string("the search failed: ") + e.what()));
    }
  };
  search_workers_->RunOnWorker(work);
  return std::move(*text);
}

namespace {

// A view of `cache` whose fingerprint and computation read a pooled store, taken on
// first use: a request answered from the cache takes none, and one that waits for a
// computation holds none while it waits.
template <typename Fingerprint, typename Compute>
Result<nlohmann::json> CachedView(StorePool& pool, ViewCache& cache, const std::string& key,
                                  Fingerprint fingerprint, Compute compute) {
  std::optional<StorePool::Lease> lease;
  auto store = [&]() -> Result<Store*> {
    if (!lease) {
      HABEAS_ASSIGN_OR_RETURN(StorePool::Lease taken, pool.Acquire());
      lease.emplace(std::move(taken));
    }
    return &**lease;
  };
  return cache.Get(key, {.fingerprint = [&]() -> Result<std::string> {
                           HABEAS_ASSIGN_OR_RETURN(Store * s, store());
                           return fingerprint(*s);
                         },
                         .compute = [&]() -> Result<nlohmann::json> {
                           HABEAS_ASSIGN_OR_RETURN(Store * s, store());
                           return compute(*s);
                         }});
}

}  // namespace

Result<nlohmann::json> App::Estimate(const EstimateQuery& query) {
  return CachedView(
      stores_, estimates_, query.Key(), [](Store& s) { return EstimateFingerprint(s); },
      [&](Store& s) { return EstimateJson(s, query); });
}

Result<nlohmann::json> App::Overlap() {
  return CachedView(
      stores_, overlaps_, "", [](Store& s) { return search::StoreFingerprint(s); },
      [](Store& s) { return OverlapJson(s); });
}

Result<std::unique_ptr<App>> App::Create(const Parts& parts) {
  if (StoreBackendOf(parts.options.db_path) == StoreBackend::kSqlite &&
      !std::filesystem::exists(parts.options.db_path)) {
    return NotFound("no store at " + parts.options.db_path +
                    " (import a list first: habeas import FILE --mapping MAPPING)");
  }
  AccessStore::Options access_options;
  access_options.hash_cost = parts.hash_cost;
  access_options.clock = parts.clock;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<AccessStore> access,
                          AccessStore::Open(parts.options.db_path, access_options));
  std::unique_ptr<App> app(new App(parts, std::move(access)));
  HABEAS_RETURN_IF_ERROR(app->locator_->Start());
  RegisterApiRoutes(*app);
  RegisterPublicPages(*app);
  RegisterStaffPages(*app);
  RegisterAdminPages(*app);
  RegisterAssets(*app);
  return app;
}

void App::Tick() {
  auto refreshed = locator_->Refresh();
  if (!refreshed.ok()) {
    std::cerr << "habeas serve: reloading the locator index: " << refreshed.status().ToString()
              << "\n";
  }
}

std::string App::CookieAttributes() const {
  return std::string("; Path=/; HttpOnly; SameSite=Strict") +
         (options_.behind_tls ? "; Secure" : "");
}

void App::SignLedgerAfterWrite(Store& store) {
  Result<ledger::SigningKey> key = LoadOrCreateLedgerKey(options_.db_path, options_.ledger_key_path);
  Status s = key.ok() ? SignLedgerHead(store, *key, *clock_).status() : key.status();
  if (!s.ok()) std::cerr << "habeas serve: signing the ledger's head: " << s.ToString() << "\n";
}

void App::SignLedgerAfterAccessWrite() {
  Result<std::unique_ptr<Store>> store = stores_.OpenForWriting();
  if (!store.ok()) {
    std::cerr << "habeas serve: signing the ledger's head: " << store.status().ToString() << "\n";
    return;
  }
  SignLedgerAfterWrite(**store);
}

void App::Audit(const Caller& caller, const Request& request, const std::string& action,
                const std::string& target, const std::string& detail) {
  AuditEntry e;
  e.actor = caller.user.empty() ? "public" : caller.user;
  e.role = caller.role;
  e.client = request.client;
  e.action = action;
  e.target = target;
  e.detail = detail;
  Status s = access_->Audit(e);
  if (!s.ok()) std::cerr << "habeas serve: audit: " << s.ToString() << "\n";
}

std::optional<int> App::TakePublicSearch(const Request& request) {
  return public_search_limiter_.Take(request.client);
}

std::optional<int> App::TakeLogin(const Request& request) {
  return login_limiter_.Take(request.client);
}

Caller App::Authenticate(const Request& request, bool* bad_token) {
  Caller caller;
  const std::string authorization = request.Header("authorization");
  if (!authorization.empty()) {
    const std::string prefix = "Bearer ";
    auto user = authorization.rfind(prefix, 0) == 0
                    ? access_->CheckToken(authorization.substr(prefix.size()))
                    : Result<std::optional<UserInfo>>(std::optional<UserInfo>());
    if (!user.ok() || !*user) {
      *bad_token = true;
      return caller;
    }
    caller.role = (*user)->role;
    caller.user = (*user)->name;
    caller.credential = Credential::kApiToken;
    return caller;
  }
  const std::string session_id = request.Cookie(kSessionCookie);
  if (!session_id.empty()) {
    if (std::optional<Session> session = sessions_.Find(session_id)) {
      caller.role = session->role;
      caller.user = session->user;
      caller.credential = Credential::kSession;
      caller.csrf_token = session->csrf_token;
    }
  }
  return caller;
}

namespace {

Response Refusal(RouteKind kind, int status, const std::string& message, const Request& request) {
  if (kind == RouteKind::kApi) {
    return ApiError(status, status == 401 ? "unauthenticated" : "permission denied", message);
  }
  if (status == 401 && request.method == Method::kGet) {
    return Redirect("/login?next=" + UrlEncode(request.path));
  }
  return PageError(status, status == 401 ? "Sign in" : "Not allowed", message);
}

bool CsrfTokenMatches(const Request& request, const Caller& caller) {
  std::string sent = request.Header("x-csrf-token");
  if (sent.empty()) {
    auto form = FormOf(request);
    if (form.ok()) sent = FormValue(*form, "csrf");
  }
  return !caller.csrf_token.empty() && ConstantTimeEquals(sent, caller.csrf_token);
}

RouteKind KindOfPath(const std::string& path) {
  return path.rfind("/api/", 0) == 0 ? RouteKind::kApi : RouteKind::kPage;
}

}  // namespace

Response App::Handle(Request& request, Caller* caller_out) {
  bool bad_token = false;
  const Caller caller = Authenticate(request, &bad_token);
  if (caller_out) *caller_out = caller;
  const Router::Match match = router_.Find(request.method, request.path);
  RouteKind kind = KindOfPath(request.path);
  Response response;
  const RoutePolicy* policy =
      match.route ? FindPolicy(RoutePolicies(), match.route->method, match.route->pattern)
                  : nullptr;
  if (policy) kind = policy->kind;
  if (bad_token) {
    response = ApiError(401, "unauthenticated",
                        "the API token is malformed, unknown or revoked (send "
                        "\"Authorization: Bearer hbt_...\" with a token from `habeas user "
                        "token`)");
  } else if (!match.route) {
    response = match.path_exists
                   ? (kind == RouteKind::kApi
                          ? ApiError(405, "method not allowed",
                                     std::string(MethodName(request.method)) +
                                         " is not allowed on " + request.path)
                          : PageError(405, "Method not allowed", "This address does not accept "
                                                                 "that method."))
                   : (kind == RouteKind::kApi
                          ? ApiError(404, "not found", "no API route " + request.path +
                                                           " (see docs/api.md)")
                          : PageError(404, "Not found", "There is no page at this address."));
  } else if (!policy) {
    // Default deny: a route nobody wrote a policy for is refused for everyone.
    response = Refusal(kind, 403, "this route has no access policy", request);
  } else if (!policy->allowed.Contains(caller.role)) {
    response = caller.role == Role::kPublic
                   ? Refusal(kind, 401, "sign in to use " + request.path, request)
                   : Refusal(kind, 403,
                             "the role " + std::string(RoleName(caller.role)) +
                                 " may not use " + request.path,
                             request);
  } else if (caller.credential == Credential::kSession && ChangesState(request.method) &&
             !CsrfTokenMatches(request, caller)) {
    response = kind == RouteKind::kApi
                   ? ApiError(403, "csrf", "missing or wrong CSRF token (X-CSRF-Token header)")
                   : PageError(403, "Form expired",
                               "This form has expired or did not come from Habeas. Go back, "
                               "reload the page and try again.");
  } else {
    request.path_params = match.params;
    response = match.route->handler(request, caller);
  }
  AddSecurityHeaders(kind, &response);
  if (request.method == Method::kHead) response.body.clear();
  return response;
}

}  // namespace habeas::server
