// The API and pages through App::Handle, over a linked synthetic store.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/scratch_dir.h"
#include "habeas/ingest.h"
#include "habeas/ledger_store.h"
#include "server/app_test_util.h"
#include "store/pg_util.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

using testing::HeaderOf;
using testing::TestApp;

// What the public must never see, from tests/data/server/relatives.csv.
const char* kSecrets[] = {"555-0199", "Lo vio su primo", "14.512.873", "14512873",
                          "WhatsApp", "SRV-1", "M-77"};

// On both backends: one App over the shared store of each (server/test_store.h).
class AppTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_REQUIRE_TEST_BACKEND(GetParam());
    app_ = testing::SharedApps<AppTest>::For(GetParam());
    ASSERT_NE(app_, nullptr);
  }
  static void TearDownTestSuite() { testing::SharedApps<AppTest>::Clear(); }
  nlohmann::json Json(const Response& r) { return nlohmann::json::parse(r.body); }
  std::string NextClient() { return "203.0.113." + std::to_string(++client_ % 250); }
  TestApp* app_ = nullptr;
  static int client_;
};
int AppTest::client_ = 0;

INSTANTIATE_TEST_SUITE_P(Backends, AppTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);


TEST_P(AppTest, HealthReportsTheIndex) {
  const Response r = app_->Send(app_->As(Role::kPublic, Method::kGet, "/api/v1/health"));
  ASSERT_EQ(r.status, 200);
  EXPECT_GT(Json(r)["persons"].get<int>(), 100);
}

TEST_P(AppTest, StaffSearchFindsANicknameWithMisspeltSurnames) {
  const Response r = app_->Send(
      app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=chuy+peres+rodrigues&dob=03/07/1994"));
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json j = Json(r);
  ASSERT_FALSE(j["results"].empty());
  const nlohmann::json& top = j["results"][0];
  bool from_relatives = false;
  for (const auto& rec : top["records"]) {
    from_relatives |= rec["source"] == "server_test_relatives" && rec["source_record_id"] == "SRV-1";
  }
  EXPECT_TRUE(from_relatives) << top.dump();
  EXPECT_EQ(top["last_known"]["place"], "Centro de Detención Otay Mesa");
}

// Staff may type the number alone (the locator answers by it); the public may not.
TEST_P(AppTest, StaffSearchByTheNumberAloneFindsItsHolder) {
  const Response r =
      app_->Send(app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?id=V-14.512.873"));
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json j = Json(r);
  EXPECT_EQ(j["decision"], "match") << r.body;
  ASSERT_FALSE(j["results"].empty());
  bool from_relatives = false;
  for (const auto& rec : j["results"][0]["records"]) {
    from_relatives |= rec["source_record_id"] == "SRV-1";
  }
  EXPECT_TRUE(from_relatives) << j["results"][0].dump();
  Request public_req = app_->As(Role::kPublic, Method::kGet, "/?q=&id=14512873");
  public_req.client = NextClient();
  const Response page = app_->Send(public_req);
  EXPECT_EQ(page.status, 400);
  // No answer: the holder's last known place (public for a name search) is not shown.
  EXPECT_EQ(page.body.find("Otay Mesa"), std::string::npos);
}

TEST_P(AppTest, PostSearchTakesAJsonBody) {
  Request req = app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search",
                                R"({"q": "jesus alberto perez", "birth_date": "1994"})");
  const Response r = app_->Send(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["decision"], "match");
}

TEST_P(AppTest, PublicSearchShowsOnlyPublicFields) {
  for (const std::string target :
       {"/api/v1/search?q=chuy+peres+rodrigues&dob=03/07/1994", "/?q=chuy+peres+rodriges&dob=3/7/1994",
        "/?q=jesus+alberto+perez+rodriguez&dob=03/07/1994"}) {
    Request req = app_->As(Role::kPublic, Method::kGet, target);
    req.client = NextClient();
    const Response r = app_->Send(req);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_NE(r.body.find("Otay Mesa"), std::string::npos) << target;
    for (const char* secret : kSecrets) {
      EXPECT_EQ(r.body.find(secret), std::string::npos) << target << " shows " << secret;
    }
    EXPECT_EQ(r.body.find("person_id"), std::string::npos);
    EXPECT_EQ(r.body.find("P0"), std::string::npos) << "person ids are not public";
  }
}

TEST_P(AppTest, AdminDecidesWhatIsPublic) {
  ASSERT_TRUE(app_->app->access().SetPublicFields({PublicField::kName}).ok());
  Request req = app_->As(Role::kPublic, Method::kGet, "/api/v1/search?q=chuy+peres+rodrigues&dob=03/07/1994");
  req.client = NextClient();
  const Response r = app_->Send(req);
  ASSERT_TRUE(app_->app->access().SetPublicFields(DefaultPublicFields()).ok());
  EXPECT_EQ(r.body.find("Otay Mesa"), std::string::npos);
  EXPECT_NE(r.body.find("name"), std::string::npos);
}

TEST_P(AppTest, CourtPacketAsPdfAndJsonAsEachRoleMaySeeIt) {
  const Response found = app_->Send(
      app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=jesus+alberto+perez"));
  const std::string person = Json(found)["results"][0]["person_id"];
  const Response pdf =
      app_->Send(app_->As(Role::kAnalyst, Method::kGet, "/persons/" + person + "/packet.pdf?lang=es"));
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  bool attachment = false;
  for (const auto& [name, value] : pdf.headers) {
    if (name == "Content-Disposition") attachment = value.find(person + "-packet.pdf") != std::string::npos;
  }
  EXPECT_TRUE(attachment);
  auto audit = app_->app->access().ListAudit(1);
  ASSERT_TRUE(audit.ok() && !audit->empty());
  EXPECT_EQ(audit->front().action, "read_restricted");

  const Response analyst =
      app_->Send(app_->As(Role::kAnalyst, Method::kGet, "/api/v1/persons/" + person + "/packet"));
  ASSERT_EQ(analyst.status, 200) << analyst.body;
  const nlohmann::json a = Json(analyst);
  EXPECT_EQ(a["format"], "habeas-court-packet-v1");
  EXPECT_EQ(a["audience"], "analyst");
  EXPECT_EQ(a["language"], "en");
  EXPECT_NE(analyst.body.find("555-0199"), std::string::npos);
  // Every record is proven or says why not (the server signs no heads).
  EXPECT_EQ(a["ledger"]["proofs"].size() + a["ledger"]["unproven"].size(), a["records"].size());

  const Response reviewer =
      app_->Send(app_->As(Role::kReviewer, Method::kGet, "/api/v1/persons/" + person + "/packet"));
  ASSERT_EQ(reviewer.status, 200) << reviewer.body;
  const nlohmann::json r = Json(reviewer);
  EXPECT_EQ(r["audience"], "reviewer");
  EXPECT_TRUE(r["ledger"]["proofs"].empty());
  for (const char* secret : {"555-0199", "Lo vio su primo"}) {
    EXPECT_EQ(reviewer.body.find(secret), std::string::npos) << secret;
  }
  for (const auto& rec : r["records"]) EXPECT_TRUE(rec["row_as_received"].is_null());

  const Response bad_lang = app_->Send(
      app_->As(Role::kAnalyst, Method::kGet, "/api/v1/persons/" + person + "/packet?lang=fr"));
  EXPECT_EQ(bad_lang.status, 400);
  const Response publicly =
      app_->Send(app_->As(Role::kPublic, Method::kGet, "/persons/" + person + "/packet.pdf"));
  EXPECT_NE(publicly.status, 200);
  EXPECT_EQ(publicly.body.find("%PDF"), std::string::npos);
}

TEST_P(AppTest, TheDossierCarriesTheTimeline) {
  const Response found = app_->Send(
      app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=jesus+alberto+perez"));
  const std::string person = Json(found)["results"][0]["person_id"];
  const Response dossier = app_->Send(app_->As(Role::kReviewer, Method::kGet, "/api/v1/persons/" + person));
  ASSERT_EQ(dossier.status, 200);
  const nlohmann::json d = Json(dossier);
  ASSERT_TRUE(d.contains("timeline"));
  EXPECT_TRUE(d["timeline"].contains("claims"));
  const Response page = app_->Send(app_->As(Role::kReviewer, Method::kGet, "/persons/" + person));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Custody and legal timeline"), std::string::npos);
  EXPECT_NE(page.body.find("/packet.pdf?lang=es"), std::string::npos);
}

TEST_P(AppTest, PublicCannotReachRecordsPersonsOrSources) {
  for (const char* target : {"/api/v1/records/1", "/api/v1/persons/1", "/api/v1/sources",
                             "/api/v1/sources/server_test_relatives", "/api/v1/review",
                             "/api/v1/pairs/1/2", "/api/v1/audit"}) {
    const Response r = app_->Send(app_->As(Role::kPublic, Method::kGet, target));
    EXPECT_EQ(r.status, 401) << target;
    for (const char* secret : kSecrets) EXPECT_EQ(r.body.find(secret), std::string::npos);
  }
}

TEST_P(AppTest, ReviewersSeeNoContactsAnalystsDoAndAreAudited) {
  const Response found = app_->Send(
      app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=jesus+alberto+perez"));
  const std::string person = Json(found)["results"][0]["person_id"];
  const std::string target = "/api/v1/persons/" + person;
  const Response reviewer = app_->Send(app_->As(Role::kReviewer, Method::kGet, target));
  ASSERT_EQ(reviewer.status, 200) << reviewer.body;
  EXPECT_EQ(reviewer.body.find("555-0199"), std::string::npos);
  EXPECT_EQ(reviewer.body.find("Lo vio su primo"), std::string::npos);
  EXPECT_NE(reviewer.body.find("Otay Mesa"), std::string::npos);

  const Response analyst = app_->Send(app_->As(Role::kAnalyst, Method::kGet, target));
  ASSERT_EQ(analyst.status, 200);
  EXPECT_NE(analyst.body.find("555-0199"), std::string::npos);
  EXPECT_NE(analyst.body.find("Lo vio su primo"), std::string::npos);
  auto audit = app_->app->access().ListAudit(5);
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->front().action, "read_restricted");
  EXPECT_EQ(audit->front().target, "person " + person);
  EXPECT_EQ(audit->front().role, Role::kAnalyst);
}

TEST_P(AppTest, PublicSearchesAreRateLimited) {
  const std::string client = "192.0.2.99";
  int limited_at = -1;
  Response last;
  for (int i = 0; i < 20 && limited_at < 0; ++i) {
    Request req = app_->As(Role::kPublic, Method::kGet, "/?q=maria+quintero");
    req.client = client;
    last = app_->Send(req);
    if (last.status == 429) limited_at = i;
  }
  EXPECT_EQ(limited_at, 5);  // burst 5 in TestApp
  EXPECT_GE(std::stoi(HeaderOf(last, "Retry-After")), 1);
  Request api = app_->As(Role::kPublic, Method::kGet, "/api/v1/search?q=maria");
  api.client = client;
  const Response api_limited = app_->Send(api);
  EXPECT_EQ(api_limited.status, 429);
  EXPECT_FALSE(HeaderOf(api_limited, "Retry-After").empty());
  // Staff are not limited.
  Request staff = app_->As(Role::kAnalyst, Method::kGet, "/?q=maria+quintero");
  staff.client = client;
  EXPECT_EQ(app_->Send(staff).status, 200);
  // Time heals.
  app_->clock.now += 60'000'000;
  Request later = app_->As(Role::kPublic, Method::kGet, "/?q=maria+quintero");
  later.client = client;
  EXPECT_EQ(app_->Send(later).status, 200);
}

TEST_P(AppTest, MalformedInputGetsClearErrors) {
  struct Case {
    Request request;
    int status;
    const char* words;
  };
  std::vector<Case> cases;
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search", "{\"q\": "),
                   400, "not valid JSON"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search", "[1,2]"), 400,
                   "JSON object"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search",
                                   R"({"q": 12})"),
                   400, "must be a string"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search",
                                   R"({"q": "ana", "who": 1})"),
                   400, "unknown member"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search"), 400,
                   "required"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=%20&id="),
                   400, "or id is required"});
  cases.push_back({app_->As(Role::kPublic, Method::kGet, "/api/v1/search?id=14512873"), 400,
                   "q (the name to search for) is required"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=a&limit=x"),
                   400, "limit"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet,
                                   "/api/v1/search?q=" + std::string(300, 'a')),
                   400, "longer than"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/records/abc"), 400,
                   "whole number"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/records/99999999"),
                   404, "no record"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/nothing"), 404,
                   "no API route"});
  cases.push_back({app_->WithToken(Role::kAnalyst, Method::kDelete, "/api/v1/search"), 405,
                   "not allowed"});
  Request big = app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search",
                                "{\"q\": \"" + std::string(kMaxBodyBytes, 'a') + "\"}");
  cases.push_back({big, 400, "larger than"});
  Request no_type = app_->WithToken(Role::kAnalyst, Method::kPost, "/api/v1/search", "{}");
  no_type.headers.pop_back();
  cases.push_back({no_type, 400, "Content-Type"});
  for (Case& c : cases) {
    const std::string path = c.request.path;
    const Response r = app_->Send(c.request);
    EXPECT_EQ(r.status, c.status) << path << ": " << r.body;
    EXPECT_NE(r.body.find(c.words), std::string::npos) << path << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json") << path;
  }
}

// API tokens are checked once with Argon2id and then cached; a token revoked or a user
// removed from the command line (another process, another connection) is refused on
// its next request all the same.
TEST_P(AppTest, RevokedTokensAndRemovedUsersAreRefusedAtOnce) {
  AccessStore::Options options;
  options.hash_cost = HashCost::kFastForTests;
  auto cli = AccessStore::Open(app_->app->options().db_path, options);
  ASSERT_TRUE(cli.ok()) << cli.status().ToString();
  ASSERT_TRUE((*cli)->AddUser("revoke_me", Role::kAnalyst, "a long test password").ok());
  ASSERT_TRUE((*cli)->AddUser("remove_me", Role::kAnalyst, "a long test password").ok());
  const std::string revoked = (*cli)->CreateToken("revoke_me", "t").value();
  const std::string removed = (*cli)->CreateToken("remove_me", "t").value();
  auto search = [&](const std::string& token) {
    Request r;
    r.client = "192.0.2.30";
    EXPECT_TRUE(ParseTarget("/api/v1/search?q=jesus+perez", &r).ok());
    r.headers.emplace_back("authorization", "Bearer " + token);
    return app_->Send(r).status;
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(search(revoked), 200);
    EXPECT_EQ(search(removed), 200);
  }
  const std::string revoked_id = revoked.substr(4, revoked.find('_', 4) - 4);
  ASSERT_TRUE((*cli)->RevokeToken(std::stoll(revoked_id)).ok());
  EXPECT_EQ(search(revoked), 401);
  EXPECT_EQ(search(removed), 200);
  ASSERT_TRUE((*cli)->RemoveUser("remove_me").ok());
  EXPECT_EQ(search(removed), 401);
  ASSERT_TRUE((*cli)->RemoveUser("revoke_me").ok());
}

TEST_P(AppTest, SessionPostsNeedTheCsrfToken) {
  Request req = app_->As(Role::kAdmin, Method::kPost, "/admin/public-fields",
                         "field=name&csrf=wrong", "application/x-www-form-urlencoded");
  req.headers.erase(std::remove_if(req.headers.begin(), req.headers.end(),
                                   [](const auto& h) { return h.first == "x-csrf-token"; }),
                    req.headers.end());
  EXPECT_EQ(app_->Send(req).status, 403);
  Request good = app_->As(Role::kAdmin, Method::kPost, "/admin/public-fields",
                          "field=name&field=status&field=last_known_place&field=last_known_date&csrf=" +
                              app_->csrf[Role::kAdmin],
                          "application/x-www-form-urlencoded");
  good.headers.erase(std::remove_if(good.headers.begin(), good.headers.end(),
                                    [](const auto& h) { return h.first == "x-csrf-token"; }),
                     good.headers.end());
  EXPECT_EQ(app_->Send(good).status, 200);
}

// An administrator's change of users or settings is a ledger entry (a state entry and
// its audit row); the page that made it signs a head over the log as it then is.
TEST_P(AppTest, AdminChangesAreSignedIntoTheLedger) {
  auto heads_and_log = [&] {
    auto store = OpenStore(app_->app->options().db_path);
    EXPECT_TRUE(store.ok());
    auto heads = (*store)->ListSignedHeads();
    auto leaves = (*store)->LedgerLeafHashes();
    EXPECT_TRUE(heads.ok() && leaves.ok());
    return std::pair<uint64_t, uint64_t>(heads->empty() ? 0 : heads->back().size, leaves->size());
  };
  const uint64_t log_before = heads_and_log().second;
  for (const std::string& body :
       {std::string("field=name&field=status&field=last_known_place&field=last_known_date"),
        std::string("name=ledger_test_user&role=reviewer&password=a+long+test+password")}) {
    const std::string target =
        body.rfind("field", 0) == 0 ? "/admin/public-fields" : "/admin/users";
    const Response r = app_->Send(
        app_->As(Role::kAdmin, Method::kPost, target, body, "application/x-www-form-urlencoded"));
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    const auto [head, log] = heads_and_log();
    EXPECT_GT(log, log_before) << target;
    EXPECT_EQ(head, log) << target << ": the newest head does not cover the change";
  }
  const Response removed =
      app_->Send(app_->As(Role::kAdmin, Method::kPost, "/admin/users/ledger_test_user/remove", "",
                          "application/x-www-form-urlencoded"));
  ASSERT_EQ(removed.status, 200) << removed.body;
  const auto [head, log] = heads_and_log();
  EXPECT_EQ(head, log);
  auto store = OpenStore(app_->app->options().db_path);
  ASSERT_TRUE(store.ok());
  Result<LedgerReport> verified = VerifyLedger(**store, {});
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
}

TEST_P(AppTest, LoginSetsAStrictHttpOnlyCookie) {
  ASSERT_TRUE(app_->app->access().AddUser("login_test", Role::kReviewer, "a long password 1").ok());
  const Response form = app_->Send(app_->As(Role::kPublic, Method::kGet, "/login"));
  const std::string set = HeaderOf(form, "Set-Cookie");
  const std::string csrf = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
  EXPECT_NE(form.body.find(csrf), std::string::npos);
  Request wrong = app_->As(Role::kPublic, Method::kPost, "/login",
                           "user=login_test&password=nope&csrf=" + csrf,
                           "application/x-www-form-urlencoded");
  wrong.headers.emplace_back("cookie", std::string(kLoginCsrfCookie) + "=" + csrf);
  EXPECT_EQ(app_->Send(wrong).status, 401);
  Request right = app_->As(Role::kPublic, Method::kPost, "/login",
                           "user=login_test&password=a+long+password+1&csrf=" + csrf,
                           "application/x-www-form-urlencoded");
  right.headers.emplace_back("cookie", std::string(kLoginCsrfCookie) + "=" + csrf);
  const Response ok = app_->Send(right);
  EXPECT_EQ(ok.status, 303);
  const std::string cookie = HeaderOf(ok, "Set-Cookie");
  EXPECT_EQ(cookie.rfind(std::string(kSessionCookie) + "=", 0), 0u);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not behind TLS here
}

TEST_P(AppTest, EveryAnswerCarriesSecurityHeaders) {
  const Response r = app_->Send(app_->As(Role::kPublic, Method::kGet, "/"));
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(HeaderOf(r, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "no-referrer");
}

TEST_P(AppTest, PublicPageIsSmallAndSpeaksBothLanguages) {
  Request es = app_->As(Role::kPublic, Method::kGet, "/?q=chuy+peres+rodrigues");
  es.client = NextClient();
  es.headers.emplace_back("accept-language", "es-VE,es;q=0.9,en;q=0.5");
  const Response spanish = app_->Send(es);
  EXPECT_LT(spanish.body.size(), 50u * 1024);
  EXPECT_NE(spanish.body.find("lang=\"es\""), std::string::npos);
  EXPECT_NE(spanish.body.find("Buscar"), std::string::npos);
  EXPECT_EQ(spanish.body.find("<script"), std::string::npos);
  Request en = app_->As(Role::kPublic, Method::kGet, "/?q=chuy+peres+rodrigues&lang=en");
  en.client = NextClient();
  en.headers.emplace_back("accept-language", "es");
  const Response english = app_->Send(en);
  EXPECT_NE(english.body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(english.body.find("Search"), std::string::npos);
  EXPECT_NE(HeaderOf(english, "Set-Cookie").find("lang=en"), std::string::npos);
}

TEST_P(AppTest, NoConfidentMatchSaysWhatToTryNext) {
  Request req = app_->As(Role::kPublic, Method::kGet, "/?q=zzyzx+qwerty+vbnm");
  req.client = NextClient();
  const Response r = app_->Send(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("No encontramos a nadie"), std::string::npos);
  EXPECT_NE(r.body.find("fecha de nacimiento"), std::string::npos);
}

// Tests that write: each on a private store of its own, on both backends.
class AppWriteTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    auto built = testing::BuildTestStoreAt(dir_.path().string(), location_->db());
    ASSERT_TRUE(built.ok()) << built.status().ToString();
  }
  std::optional<TestStoreLocation> location_;
  ScratchDir dir_{"server_write"};
};

INSTANTIATE_TEST_SUITE_P(Backends, AppWriteTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

// Decide, see the dossier change, undo, see it change back.
TEST_P(AppWriteTest, DecisionChangesTheDossierAndUndoRestoresIt) {
  const std::optional<std::string> db = location_->db();
  auto t = TestApp::Create(*db);
  ASSERT_NE(t, nullptr);
  auto parse = [](const Response& r) { return nlohmann::json::parse(r.body); };
  const auto found = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                "/api/v1/search?q=jesus+alberto+perez")));
  const std::string person = found["results"][0]["person_id"];
  const auto before = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                 "/api/v1/persons/" + person)));
  ASSERT_GE(before["records"].size(), 2u) << before.dump();
  const int64_t a = before["records"][0]["record_id"];
  const int64_t b = before["records"][1]["record_id"];
  const Response decided = t->Send(t->WithToken(
      Role::kReviewer, Method::kPost, "/api/v1/decisions",
      nlohmann::json({{"record_a", a}, {"record_b", b}, {"decision", "distinct"},
                      {"reason", "different mothers' names in the court file"}})
          .dump()));
  ASSERT_EQ(decided.status, 201) << decided.body;
  // The write signed a head over the log as it now is (decision, relink, audit entries).
  auto heads = [&] {
    auto store = OpenStore(*db);
    EXPECT_TRUE(store.ok());
    auto listed = (*store)->ListSignedHeads();
    auto leaves = (*store)->LedgerLeafHashes();
    EXPECT_TRUE(listed.ok() && leaves.ok());
    return std::pair<uint64_t, uint64_t>(listed->empty() ? 0 : listed->back().size, leaves->size());
  };
  const auto [head_size, log_size] = heads();
  EXPECT_GT(head_size, 0u);
  EXPECT_LE(head_size, log_size);
  const auto packet = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                 "/api/v1/persons/" + person + "/packet")));
  EXPECT_TRUE(packet["ledger"]["unproven"].empty()) << packet["ledger"]["unproven"].dump();
  const auto after = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                "/api/v1/persons/" + person)));
  EXPECT_LT(after["records"].size(), before["records"].size()) << after.dump();
  const int64_t decision_id = parse(decided)["decision_id"];
  const Response undone = t->Send(t->WithToken(Role::kReviewer, Method::kDelete,
                                               "/api/v1/decisions/" + std::to_string(decision_id)));
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_GT(heads().first, head_size) << "the undo signed a newer head";
  const auto restored = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                   "/api/v1/records/" + std::to_string(a))));
  const auto restored_b = parse(t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                                                     "/api/v1/records/" + std::to_string(b))));
  EXPECT_EQ(restored["person_id"], restored_b["person_id"]);
  auto audit = t->app->access().ListAudit(20);
  std::set<std::string> actions;
  for (const AuditEntry& e : *audit) actions.insert(e.action);
  EXPECT_TRUE(actions.count("decide"));
  EXPECT_TRUE(actions.count("undo_decision"));
}

// The index is reloaded when the store changes under a running server.
TEST_P(AppWriteTest, IndexIsReloadedWhenTheStoreChanges) {
  const std::optional<std::string> db = location_->db();
  const std::string dir = dir_.path().string();
  auto t = TestApp::Create(*db);
  ASSERT_NE(t, nullptr);
  auto search = [&] {
    return nlohmann::json::parse(
        t->Send(t->WithToken(Role::kAnalyst, Method::kGet,
                             "/api/v1/search?q=wilmer+yanez+ochoa&dob=1991-02-11"))
            .body);
  };
  EXPECT_NE(search()["decision"], "match");
  {
    std::ofstream(dir + "/late.csv") << "id,nombre,nacimiento\nL-1,Wilmer Yánez Ochoa,1991-02-11\n";
    std::ofstream(dir + "/late.toml")
        << "[source]\nname = \"late_list\"\nkind = \"ngo\"\nrecord_id = \"id\"\n"
           "[fields]\nfull_name = \"nombre\"\nbirth_date = \"nacimiento\"\n";
    auto store = OpenStore(*db);
    ASSERT_TRUE(store.ok());
    ImportOptions options;
    options.file = dir + "/late.csv";
    options.mapping_file = dir + "/late.toml";
    ASSERT_TRUE(ImportFile(**store, options).ok());
  }
  t->app->Tick();
  const nlohmann::json after = search();
  ASSERT_FALSE(after["results"].empty());
  EXPECT_EQ(after["results"][0]["name"], "Wilmer Yánez Ochoa");
}

// What only a PostgreSQL store has: a server that may restart under a running App.
class AppPostgresTest : public AppWriteTest {};

INSTANTIATE_TEST_SUITE_P(Backends, AppPostgresTest, ::testing::Values(TestBackend::kPostgres),
                         TestBackendName);

// Every session of the App's ended at once (as by a PostgreSQL restart): the requests
// that find their connection lost fail, then the access store connects again and the
// pool drops its lost stores, so the App answers again without being restarted.
TEST_P(AppPostgresTest, TheAppRecoversWhenItsConnectionsAreLost) {
  const std::string name = "habeas_app_lost_" + std::to_string(::getpid());
  auto t = TestApp::Create(location_->db() + "&application_name=" + name);
  ASSERT_NE(t, nullptr);
  const auto found = nlohmann::json::parse(
      t->Send(t->WithToken(Role::kAnalyst, Method::kGet, "/api/v1/search?q=jesus+alberto+perez"))
          .body);
  const std::string dossier = "/api/v1/persons/" + found["results"][0]["person_id"].get<std::string>();
  ASSERT_EQ(t->Send(t->WithToken(Role::kAnalyst, Method::kGet, dossier)).status, 200);
  auto conn = store::PgConnection::Connect(location_->db());
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  // The function in the select list runs for the rows the WHERE keeps only; each call
  // waits (up to 5 s) until its session has ended.
  auto ended = conn->Query("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                           "WHERE application_name = '" + name + "'");
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  ASSERT_GE(ended->rows(), 2) << "the access store's connection and a pooled store's";
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) {
    statuses.push_back(t->Send(t->WithToken(Role::kAnalyst, Method::kGet, dossier)).status);
    if (statuses.back() == 200) break;
  }
  EXPECT_EQ(statuses.back(), 200) << ::testing::PrintToString(statuses);
  EXPECT_LE(statuses.size(), 3u) << ::testing::PrintToString(statuses);
  for (int status : statuses) EXPECT_TRUE(status == 200 || status == 503) << status;
}

}  // namespace
}  // namespace habeas::server
