// The JSON API under /api/v1 (docs/api.md). Handlers parse the request, call the
// library through views.h, and answer JSON; errors are {"error": {"code", "message"}}.
#include <iostream>
#include <mutex>

#include "habeas/ledger_store.h"
#include "habeas/link.h"
#include "server/app.h"
#include "server/views.h"

namespace habeas::server {

namespace {

Response TooManyRequests(int retry_after) {
  Response r = ApiError(429, "rate limited",
                        "too many searches from this address; retry after " +
                            std::to_string(retry_after) + " s");
  r.AddHeader("Retry-After", std::to_string(retry_after));
  return r;
}

// Staff may search by an identifier alone; the public types a name (views.h SearchNeeds).
SearchNeeds NeedsOf(const Caller& caller) {
  return caller.role == Role::kPublic ? SearchNeeds::kName : SearchNeeds::kNameOrIdentifier;
}

Response Search(App& app, const Request& request, const Caller& caller, Result<SearchInput> in) {
  if (caller.role == Role::kPublic) {
    if (auto wait = app.TakePublicSearch(request)) return TooManyRequests(*wait);
  }
  if (!in.ok()) return ApiError(in.status());
  search::SearchOptions options;
  options.limit = in->limit;
  if (caller.role != Role::kPublic) {
    auto text = app.SearchAsText(in->query, options);
    if (!text.ok()) return ApiError(text.status());
    return JsonTextResponse(200, std::move(*text));
  }
  auto answer = app.Search(in->query, options);
  if (!answer.ok()) return ApiError(answer.status());
  auto fields = app.access().PublicFields();
  if (!fields.ok()) return ApiError(fields.status());
  return JsonResponse(200, PublicAnswerJson(PublicAnswerFor(*answer, *fields)));
}

Restricted RestrictionFor(const Caller& caller) {
  return CanSeeRestricted(caller.role) ? Restricted::kInclude : Restricted::kWithhold;
}

// Runs `view` over a pooled read-only store.
template <typename View>
Response WithStore(App& app, View view) {
  auto store = app.stores().Acquire();
  if (!store.ok()) return ApiError(store.status());
  Result<nlohmann::json> body = view(**store);
  if (!body.ok()) return ApiError(body.status());
  return JsonResponse(200, *body);
}

std::mutex& WriteMutex() {
  static std::mutex m;
  return m;
}

Result<nlohmann::json> Relink(App& app, Store& store, const std::string& by) {
  link::LinkOptions options;
  options.model_policy = link::ModelPolicy::kKeep;
  options.by = by;
  HABEAS_ASSIGN_OR_RETURN(link::LinkReport report,
                          link::RunLink(store, link::DefaultLinkSettings(), options));
  (void)app.locator().Refresh();
  return nlohmann::json{{"persons", report.persons},
                        {"merges", report.merges},
                        {"splits", report.splits},
                        {"moves", report.moves}};
}

}  // namespace

Result<nlohmann::json> DecideAndRelink(App& app, const Caller& caller, const Request& request,
                                       int64_t record_a, int64_t record_b,
                                       const std::string& decision, const std::string& reason) {
  Result<ReviewDecision> kind = ParseReviewDecision(decision);
  if (!kind.ok()) return InvalidInput("decision must be \"same\" or \"distinct\"");
  if (record_a == record_b) return InvalidInput("a decision needs two different records");
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidInput("say why (reason): a decision must be defensible");
  }
  if (reason.size() > 2000) return InvalidInput("the reason has at most 2000 bytes");
  std::lock_guard lock(WriteMutex());
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, app.stores().OpenForWriting());
  for (int64_t id : {record_a, record_b}) {
    HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r, store->GetRecord(id));
    if (!r) return NotFound("no record with id " + std::to_string(id));
  }
  LinkDecision d;
  d.record_a = record_a;
  d.record_b = record_b;
  d.decision = *kind;
  d.reason = reason;
  d.decided_by = caller.user;
  HABEAS_ASSIGN_OR_RETURN(int64_t id, store->AddDecision(d));
  app.Audit(caller, request, "decide",
            "records " + std::to_string(record_a) + " " + std::to_string(record_b),
            decision + " (decision " + std::to_string(id) + "): " + reason);
  HABEAS_ASSIGN_OR_RETURN(nlohmann::json relinked, Relink(app, *store, caller.user));
  app.SignLedgerAfterWrite(*store);
  auto person = store->PersonOfRecord(record_a);
  return nlohmann::json{
      {"decision_id", id},
      {"record_a", record_a},
      {"record_b", record_b},
      {"decision", decision},
      {"by", caller.user},
      {"person_a", person.ok() ? nlohmann::json(PersonIdForRecord(*person, record_a)) : nullptr},
      {"relink", relinked}};
}

Result<nlohmann::json> UndoAndRelink(App& app, const Caller& caller, const Request& request,
                                     int64_t decision_id) {
  std::lock_guard lock(WriteMutex());
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, app.stores().OpenForWriting());
  HABEAS_RETURN_IF_ERROR(store->WithdrawDecision(decision_id, caller.user));
  app.Audit(caller, request, "undo_decision", "decision " + std::to_string(decision_id));
  HABEAS_ASSIGN_OR_RETURN(nlohmann::json relinked, Relink(app, *store, caller.user));
  app.SignLedgerAfterWrite(*store);
  return nlohmann::json{{"undone", decision_id}, {"relink", relinked}};
}

namespace {

// GET /api/v1/health, GET and POST /api/v1/search.
void RegisterSearchRoutes(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/api/v1/health", [&app](Request&, const Caller&) {
    auto index = app.locator().Current();
    return JsonResponse(200, {{"status", "ok"},
                              {"persons", index->person_count()},
                              {"records", index->record_count()}});
  });
  r.Add(Method::kGet, "/api/v1/search", [&app](Request& req, const Caller& caller) {
    return Search(app, req, caller, SearchInputFromQuery(req, NeedsOf(caller)));
  });
  r.Add(Method::kPost, "/api/v1/search", [&app](Request& req, const Caller& caller) {
    auto body = ParseJsonBody(req);
    if (!body.ok()) {
      if (caller.role == Role::kPublic) {
        if (auto wait = app.TakePublicSearch(req)) return TooManyRequests(*wait);
      }
      return ApiError(body.status());
    }
    return Search(app, req, caller, SearchInputFromJson(*body, NeedsOf(caller)));
  });
}

// GET /api/v1/persons/{id}, /api/v1/persons/{id}/packet (the JSON twin of the court
// packet), /api/v1/records/{id}.
void RegisterRecordRoutes(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/api/v1/persons/{id}", [&app](Request& req, const Caller& caller) {
    const std::optional<int64_t> id = ParsePersonId(req.PathParam("id"));
    if (!id) return ApiError(400, "invalid input", "a person id looks like P000123");
    const Restricted restricted = RestrictionFor(caller);
    if (restricted == Restricted::kInclude) {
      app.Audit(caller, req, "read_restricted", "person " + FormatPersonId(*id));
    }
    return WithStore(app, [&](Store& s) { return DossierJson(s, *id, restricted); });
  });
  r.Add(Method::kGet, "/api/v1/persons/{id}/packet", [&app](Request& req, const Caller& caller) {
    const std::optional<int64_t> id = ParsePersonId(req.PathParam("id"));
    if (!id) return ApiError(400, "invalid input", "a person id looks like P000123");
    const Restricted restricted = RestrictionFor(caller);
    if (restricted == Restricted::kInclude) {
      app.Audit(caller, req, "read_restricted", "packet " + FormatPersonId(*id));
    }
    return WithStore(app, [&](Store& s) -> Result<nlohmann::json> {
      HABEAS_ASSIGN_OR_RETURN(Packet packet, PacketView(s, *id, restricted, req.Query("lang"),
                                                        app.clock().NowIso()));
      return std::move(packet.json);
    });
  });
  r.Add(Method::kGet, "/api/v1/records/{id}", [&app](Request& req, const Caller& caller) {
    auto id = ParseId(req.PathParam("id"), "a record id");
    if (!id.ok()) return ApiError(id.status());
    const Restricted restricted = RestrictionFor(caller);
    if (restricted == Restricted::kInclude) {
      app.Audit(caller, req, "read_restricted", "record " + std::to_string(*id));
    }
    return WithStore(app, [&](Store& s) { return RecordJson(s, *id, restricted); });
  });
}

// The review queue, pairs, decisions and their undo.
void RegisterReviewRoutes(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/api/v1/review", [&app](Request& req, const Caller&) {
    int64_t limit = 50;
    if (req.HasQuery("limit")) {
      auto l = ParseId(req.Query("limit"), "limit");
      if (!l.ok()) return ApiError(l.status());
      limit = std::min<int64_t>(*l, 1000);
    }
    return WithStore(app, [&](Store& s) { return ReviewQueueJson(s, limit); });
  });
  r.Add(Method::kGet, "/api/v1/pairs/{a}/{b}", [&app](Request& req, const Caller& caller) {
    auto a = ParseId(req.PathParam("a"), "record a");
    auto b = ParseId(req.PathParam("b"), "record b");
    if (!a.ok()) return ApiError(a.status());
    if (!b.ok()) return ApiError(b.status());
    const Restricted restricted = RestrictionFor(caller);
    if (restricted == Restricted::kInclude) {
      app.Audit(caller, req, "read_restricted",
                "records " + std::to_string(*a) + " " + std::to_string(*b));
    }
    return WithStore(app, [&](Store& s) { return PairJson(s, *a, *b, restricted); });
  });
  r.Add(Method::kPost, "/api/v1/decisions", [&app](Request& req, const Caller& caller) {
    auto body = ParseJsonBody(req);
    if (!body.ok()) return ApiError(body.status());
    const nlohmann::json& j = *body;
    if (!j.is_object() || !j.contains("record_a") || !j["record_a"].is_number_integer() ||
        !j.contains("record_b") || !j["record_b"].is_number_integer() ||
        !j.contains("decision") || !j["decision"].is_string() || !j.contains("reason") ||
        !j["reason"].is_string()) {
      return ApiError(400, "invalid input",
                      "expected {\"record_a\": 1, \"record_b\": 2, \"decision\": "
                      "\"same\"|\"distinct\", \"reason\": \"...\"}");
    }
    auto out = DecideAndRelink(app, caller, req, j["record_a"].get<int64_t>(),
                               j["record_b"].get<int64_t>(), j["decision"].get<std::string>(),
                               j["reason"].get<std::string>());
    if (!out.ok()) return ApiError(out.status());
    return JsonResponse(201, *out);
  });
  r.Add(Method::kDelete, "/api/v1/decisions/{id}", [&app](Request& req, const Caller& caller) {
    auto id = ParseId(req.PathParam("id"), "a decision id");
    if (!id.ok()) return ApiError(id.status());
    auto out = UndoAndRelink(app, caller, req, *id);
    if (!out.ok()) return ApiError(out.status());
    return JsonResponse(200, *out);
  });
}

// Sources, overlap, estimate, users, audit.
void RegisterReportRoutes(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/api/v1/sources", [&app](Request&, const Caller&) {
    return WithStore(app, [&](Store& s) { return SourcesJson(s); });
  });
  r.Add(Method::kGet, "/api/v1/sources/{name}", [&app](Request& req, const Caller& caller) {
    const std::string name = req.PathParam("name");
    return WithStore(app, [&](Store& s) {
      return SourceReportJson(s, name, RestrictionFor(caller), 200);
    });
  });
  r.Add(Method::kGet, "/api/v1/overlap", [&app](Request&, const Caller&) {
    Result<nlohmann::json> overlap = app.Overlap();
    if (!overlap.ok()) return ApiError(overlap.status());
    return JsonResponse(200, *overlap);
  });
  r.Add(Method::kGet, "/api/v1/estimate", [&app](Request& req, const Caller&) {
    Result<EstimateQuery> query = EstimateQueryOf(req);
    if (!query.ok()) return ApiError(query.status());
    Result<nlohmann::json> report = app.Estimate(*query);
    if (!report.ok()) return ApiError(report.status());
    return JsonResponse(200, *report);
  });
  r.Add(Method::kGet, "/api/v1/users", [&app](Request&, const Caller&) {
    auto users = app.access().ListUsers();
    if (!users.ok()) return ApiError(users.status());
    nlohmann::json out = nlohmann::json::array();
    for (const UserInfo& u : *users) {
      out.push_back({{"name", u.name},
                     {"role", std::string(RoleName(u.role))},
                     {"created_at", u.created_at}});
    }
    return JsonResponse(200, out);
  });
  r.Add(Method::kGet, "/api/v1/audit", [&app](Request& req, const Caller&) {
    int64_t before = 0;
    if (req.HasQuery("before")) {
      auto b = ParseId(req.Query("before"), "before");
      if (!b.ok()) return ApiError(b.status());
      before = *b;
    }
    auto entries = app.access().ListAudit(200, before);
    if (!entries.ok()) return ApiError(entries.status());
    nlohmann::json out = nlohmann::json::array();
    for (const AuditEntry& e : *entries) {
      out.push_back({{"id", e.id},
                     {"at", e.at},
                     {"actor", e.actor},
                     {"role", std::string(RoleName(e.role))},
                     {"client", e.client},
                     {"action", e.action},
                     {"target", e.target},
                     {"detail", e.detail}});
    }
    return JsonResponse(200, out);
  });
}

}  // namespace

void RegisterApiRoutes(App& app) {
  RegisterSearchRoutes(app);
  RegisterRecordRoutes(app);
  RegisterReviewRoutes(app);
  RegisterReportRoutes(app);
}

}  // namespace habeas::server
