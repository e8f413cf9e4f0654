// The server's request pipeline, independent of sockets: authenticate (API token or
// session cookie), match the route, apply its policy (default deny), check CSRF and
// rate limits, run the handler, add security headers. Tests and the fuzz target drive
// App::Handle directly; http_server.cc feeds it from cpp-httplib.
//
// Thread-safety: Handle() may run on many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "habeas/access.h"
#include "habeas/clock.h"
#include "habeas/server.h"
#include "habeas/store.h"
#include "server/http.h"
#include "server/locator_service.h"
#include "server/rate_limiter.h"
#include "server/router.h"
#include "server/search_workers.h"
#include "server/sessions.h"
#include "server/view_cache.h"
#include "server/views.h"

namespace habeas::server {

// Read-only stores for request threads (a Store is used by one thread at a time).
class StorePool {
 public:
  explicit StorePool(std::string db_path) : db_path_(std::move(db_path)) {}
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<Store> store) : pool_(pool), store_(std::move(store)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Store& operator*() { return *store_; }
    Store* operator->() { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<Store> store_;
  };
  Result<Lease> Acquire();
  // A read-write store for one write (decisions, relinking); not pooled.
  Result<std::unique_ptr<Store>> OpenForWriting();

 private:
  void Release(std::unique_ptr<Store> store);
  std::string db_path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Store>> idle_;
};

// Contacts, notes and the rows as received: analysts and admins only, and each read
// is audited.
bool CanSeeRestricted(Role role);

// Names of the cookies Habeas sets.
inline constexpr char kSessionCookie[] = "habeas_session";
inline constexpr char kLoginCsrfCookie[] = "habeas_login_csrf";
inline constexpr char kLanguageCookie[] = "lang";

class App {
 public:
  struct Parts {
    ServeOptions options;
    const Clock* clock = nullptr;  // nullptr: system clock
    HashCost hash_cost = HashCost::kInteractive;
  };
  static Result<std::unique_ptr<App>> Create(const Parts& parts);

  // The whole pipeline for one request. `caller_out`, when not null, receives who asked
  // (for the access log).
  Response Handle(Request& request, Caller* caller_out = nullptr);

  // Periodic work (the server calls it every reload_seconds): reloads the index if the
  // store changed.
  void Tick();

  const Router& router() const { return router_; }
  Router& mutable_router() { return router_; }
  AccessStore& access() { return *access_; }
  LocatorService& locator() { return *locator_; }
  StorePool& stores() { return stores_; }
  SessionTable& sessions() { return sessions_; }
  const ServeOptions& options() const { return options_; }
  const Clock& clock() const { return *clock_; }

  // After a write has committed: signs the ledger's head over `store` (the key, at
  // options().ledger_key_path or the store's default, is created on first use). A failure is
  // logged; the write stands, and the next write or `habeas checkpoint export` signs.
  void SignLedgerAfterWrite(Store& store);
  // The same after a write through access() (a user, token or setting change and its
  // audit row): opens the store for writing to sign.
  void SignLedgerAfterAccessWrite();

  // Writes an audit entry for `caller` (errors are logged, never shown to the user).
  void Audit(const Caller& caller, const Request& request, const std::string& action,
             const std::string& target, const std::string& detail = "");

  // A locator search on the current index, at most search_concurrency at once.
  Result<search::SearchResponse> Search(const search::SearchQuery& query,
                                        const search::SearchOptions& options = {});

  // The same search, answered as SearchResponseText (the staff API's JSON), written on
  // the search thread too: the answer's allocations stay on one thread.
  Result<std::string> SearchAsText(const search::SearchQuery& query,
                                   const search::SearchOptions& options = {});

  // The estimate report of the store as it is now (EstimateJson) and the
  // lists' overlap (OverlapJson), each kept until the store's records or persons change
  // (view_cache.h): /estimate, /overlap and their API routes.
  Result<nlohmann::json> Estimate(const EstimateQuery& query);
  Result<nlohmann::json> Overlap();
  const ViewCache& estimates() const { return estimates_; }
  const ViewCache& overlaps() const { return overlaps_; }

  // Public search rate limit: nullopt if allowed, else seconds to wait.
  std::optional<int> TakePublicSearch(const Request& request);

  // Sign-in attempts per client: nullopt if allowed, else seconds to wait.
  std::optional<int> TakeLogin(const Request& request);

  // Cookie attributes for this server (Secure behind TLS).
  std::string CookieAttributes() const;

 private:
  App(const Parts& parts, std::unique_ptr<AccessStore> access);
  Caller Authenticate(const Request& request, bool* bad_token);

  ServeOptions options_;
  const Clock* clock_;
  std::unique_ptr<AccessStore> access_;
  std::unique_ptr<LocatorService> locator_;
  StorePool stores_;
  ViewCache estimates_;  // by EstimateQuery::Key
  ViewCache overlaps_;   // one
  SessionTable sessions_;
  RateLimiter public_search_limiter_;
  RateLimiter login_limiter_;
  Router router_;
  // search_concurrency threads that run every search (search_workers.h). (Before: a
  // semaphore on the request threads, whose per-thread locator scratch was cold; a FIFO
  // ticket gate with notify_all was worse still, 96 waiters woken per completion.)
  std::unique_ptr<SearchWorkers> search_workers_;
};

// --- responses (handlers.cc)
Response JsonResponse(int status, const nlohmann::json& body);
// A body already written as JsonResponse would dump it (e.g. SearchResponseText).
Response JsonTextResponse(int status, std::string text);
Response ApiError(int status, std::string_view code, const std::string& message);
Response ApiError(const Status& status);
Response HtmlResponse(int status, std::string html);
Response Redirect(const std::string& location);
// An error page in the page's frame.
Response PageError(int status, const std::string& title, const std::string& message);
// A JSON body of at most kMaxBodyBytes, parsed; kInvalidInput with the parser's message.
Result<nlohmann::json> ParseJsonBody(const Request& request);
// The form fields of a POST (application/x-www-form-urlencoded).
Result<Params> FormOf(const Request& request);
std::string FormValue(const Params& form, std::string_view name);

// The page frame for a signed-in user (navigation, sign-out form with CSRF).
struct PageFrame;
PageFrame StaffFrame(const Caller& caller, std::string title, bool charts = false);
// A page error or a page body in the staff frame.
Response StaffPage(const Caller& caller, const std::string& title, const std::string& body,
                   bool charts = false);
Response StaffError(const Caller& caller, const Status& status);

// --- route registration (one file each)
void RegisterApiRoutes(App& app);
void RegisterPublicPages(App& app);
void RegisterStaffPages(App& app);
void RegisterAdminPages(App& app);
void RegisterAssets(App& app);

}  // namespace habeas::server

namespace habeas::server {

// A reviewer's decision about two records, then a relink so persons (and the dossier)
// reflect it at once, then a reload of the locator index. Audited. Returns
// {"decision_id", "persons"...}.
Result<nlohmann::json> DecideAndRelink(App& app, const Caller& caller, const Request& request,
                                       int64_t record_a, int64_t record_b,
                                       const std::string& decision, const std::string& reason);
// Withdraws a decision (undo), then relinks. Audited.
Result<nlohmann::json> UndoAndRelink(App& app, const Caller& caller, const Request& request,
                                     int64_t decision_id);
// Parses a positive record or decision id ("12"); kInvalidInput otherwise.
Result<int64_t> ParseId(const std::string& text, std::string_view what);

}  // namespace habeas::server
