// The staff pages (staff_pages.cc) through App::Handle: the review queue and a pair's
// page, the decide and undo forms' input errors (refused before anything is written),
// sources and their reports, and the chart data the analyst pages embed.
#include "server/app.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "common/scratch_dir.h"
#include "habeas/store.h"
#include "server/app_test_util.h"
#include "server/views.h"
#include "store/test_backends.h"

namespace habeas::server {
namespace {

using testing::TestApp;

bool Contains(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

// The text of the first <script type="application/json" id="..."> element.
std::string ScriptData(const Response& r, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const size_t start = r.body.find(open);
  if (start == std::string::npos) return "";
  const size_t end = r.body.find("</script>", start);
  return r.body.substr(start + open.size(), end - start - open.size());
}

class StaffPagesTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_REQUIRE_TEST_BACKEND(GetParam());
    app_ = testing::SharedApps<StaffPagesTest>::For(GetParam());
    ASSERT_NE(app_, nullptr);
  }
  static void TearDownTestSuite() { testing::SharedApps<StaffPagesTest>::Clear(); }

  Response Get(Role role, const std::string& target) {
    return app_->Send(app_->As(role, Method::kGet, target));
  }
  Response PostForm(Role role, const std::string& path, const std::string& form) {
    return app_->Send(
        app_->As(role, Method::kPost, path, form, "application/x-www-form-urlencoded"));
  }

  TestApp* app_ = nullptr;
};

INSTANTIATE_TEST_SUITE_P(Backends, StaffPagesTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

TEST_P(StaffPagesTest, TheReviewQueueLinksEachPairToItsPage) {
  const Response r = Get(Role::kReviewer, "/review");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r, "<h1>Review queue</h1>"));
  // The shared store's synthetic lists always leave some pairs uncertain.
  const size_t link = r.body.find("<a href=\"/review/");
  ASSERT_NE(link, std::string::npos) << r.body;
  EXPECT_FALSE(Contains(r, "<p>No uncertain pairs.</p>"));
  const size_t href = link + std::string("<a href=\"").size();
  const std::string target = r.body.substr(href, r.body.find('"', href) - href);
  const Response pair = Get(Role::kReviewer, target);
  ASSERT_EQ(pair.status, 200) << target << ": " << pair.body;
  EXPECT_TRUE(Contains(pair, "<h2>Evidence</h2>"));
  EXPECT_TRUE(Contains(pair, "<form method=\"post\" action=\"/review/decide\">"));
  // Reviewers see no rows as received.
  EXPECT_FALSE(Contains(pair, "<summary>Row as received</summary>"));
  EXPECT_TRUE(Contains(pair, "<p class=\"hint\">Withheld: "));
}

TEST_P(StaffPagesTest, BadRecordAndDecisionIdsAreRefusedWithTheirName) {
  struct Case {
    Method method;
    std::string target;
    std::string form;
    std::string message;
  };
  const Case cases[] = {
      {Method::kGet, "/review/abc/2", "",
       "record a must be a positive whole number, not &quot;abc&quot;"},
      {Method::kGet, "/review/1/0", "", "record b must be positive"},
      {Method::kPost, "/review/decide", "record_b=2&decision=same&reason=x",
       "record a must be a positive whole number, not &quot;&quot;"},
      {Method::kPost, "/review/decide", "record_a=1&record_b=-2&decision=same&reason=x",
       "record b must be a positive whole number, not &quot;-2&quot;"},
      {Method::kPost, "/review/undo", "decision_id=first",
       "decision id must be a positive whole number, not &quot;first&quot;"},
  };
  for (const Case& c : cases) {
    const Response r =
        c.method == Method::kGet ? Get(Role::kReviewer, c.target)
                                 : PostForm(Role::kReviewer, c.target, c.form);
    EXPECT_EQ(r.status, 400) << c.target << " " << c.form;
    EXPECT_TRUE(Contains(r, "<p>" + c.message + "</p>")) << c.target << " " << c.form << "\n"
                                                       << r.body;
  }
  // A decision sent as JSON to the form endpoint is refused as not a form.
  const Response json = app_->Send(app_->As(Role::kReviewer, Method::kPost, "/review/decide",
                                            "{\"record_a\": 1}", "application/json"));
  EXPECT_EQ(json.status, 400);
  EXPECT_TRUE(Contains(json, "expected a form (application/x-www-form-urlencoded)"));
}

TEST_P(StaffPagesTest, SourcesLinkToTheirReportsAndAnUnknownSourceIsNotFound) {
  const Response sources = Get(Role::kAnalyst, "/sources");
  ASSERT_EQ(sources.status, 200);
  EXPECT_TRUE(Contains(sources, "<a href=\"/sources/server_test_relatives\">"
                                "server_test_relatives</a>"));
  const Response report = Get(Role::kAnalyst, "/sources/server_test_relatives");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_TRUE(Contains(report, "<h1>Source server_test_relatives</h1>"));
  const Response missing = Get(Role::kAnalyst, "/sources/no_such_list");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(Contains(missing, "no source named &quot;no_such_list&quot;"));
}

TEST_P(StaffPagesTest, ChartDataCannotEndItsScriptElement) {
  for (const auto& [target, id] : {std::pair<std::string, std::string>{"/overlap", "overlap-data"},
                                   {"/estimate", "estimate-data"}}) {
    const Response r = Get(Role::kAnalyst, target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    const std::string data = ScriptData(r, id);
    ASSERT_FALSE(data.empty()) << target;
    EXPECT_EQ(data.find('<'), std::string::npos) << target << ": " << data.substr(0, 200);
    EXPECT_FALSE(nlohmann::json::parse(data, nullptr, false).is_discarded()) << target;
  }
}

// The overlap reads every record's person: the page and the API answer from one reading
// while the store is unchanged (ViewCache).
TEST_P(StaffPagesTest, TheOverlapIsReadOnceWhileTheStoreIsUnchanged) {
  const int64_t before = app_->app->overlaps().computed();
  const Response api = Get(Role::kAnalyst, "/api/v1/overlap");
  ASSERT_EQ(api.status, 200) << api.body;
  const Response page = Get(Role::kAnalyst, "/overlap");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_LE(app_->app->overlaps().computed(), before + 1);
  EXPECT_EQ(nlohmann::json::parse(ScriptData(page, "overlap-data")),
            nlohmann::json::parse(api.body));
  EXPECT_EQ(Get(Role::kAnalyst, "/api/v1/overlap").body, api.body);
}

// Regression: the estimate page read "interval_low" and "interval_high", keys the
// report never had ("interval": [low, high]), and said "interval unbounded to unbounded"
// for every estimate and every model.
TEST_P(StaffPagesTest, TheEstimatePageShowsTheReportsInterval) {
  const Response api = Get(Role::kAnalyst, "/api/v1/estimate");
  ASSERT_EQ(api.status, 200) << api.body;
  const nlohmann::json report = nlohmann::json::parse(api.body);
  ASSERT_TRUE(report["interval"].is_array());
  auto end = [](const nlohmann::json& v) {  // as the page writes a number
    if (v.is_null()) return std::string("unbounded");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v.get<double>());
    return std::string(buf);
  };
  const Response page = Get(Role::kAnalyst, "/estimate");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page, "<span id=\"estimate-interval\">" + end(report["interval"][0]) +
                                 " to " + end(report["interval"][1]) + "</span>"))
      << page.body.substr(0, 600);
  EXPECT_FALSE(report["interval"][0].is_null());
  EXPECT_FALSE(Contains(page, "unbounded to unbounded"));
}

// The page and the API estimate again with lists counted as one (what leak_not_merged
// asks for); a list that does not exist is refused by its name.
TEST_P(StaffPagesTest, TheEstimateMergesTheListsAsked) {
  const int64_t computed = app_->app->estimates().computed();
  const Response api = Get(Role::kAnalyst, "/api/v1/estimate?merge=manifest%2Bleak");
  ASSERT_EQ(api.status, 200) << api.body;
  const nlohmann::json report = nlohmann::json::parse(api.body);
  EXPECT_NE(std::find(report["lists"].begin(), report["lists"].end(), "manifest+leak"),
            report["lists"].end())
      << report["lists"].dump();
  for (const auto& w : report["warnings"]) EXPECT_NE(w["code"], "leak_not_merged");
  const Response page = Get(Role::kAnalyst, "/estimate?merge=manifest%2Bleak");
  ASSERT_EQ(page.status, 200) << page.body;
  const size_t lists = page.body.find("<span id=\"estimate-lists\">");
  ASSERT_NE(lists, std::string::npos);
  const std::string shown = page.body.substr(lists, page.body.find("</span>", lists) - lists);
  EXPECT_NE(shown.find("manifest+leak"), std::string::npos) << shown;
  EXPECT_TRUE(Contains(page, "value=\"manifest+leak\""));
  EXPECT_FALSE(Contains(page, "<strong>leak_not_merged</strong>"));
  // The page was answered from the estimate the API computed (the store did not change).
  EXPECT_LE(app_->app->estimates().computed(), computed + 1);
  EXPECT_EQ(Get(Role::kAnalyst, "/api/v1/estimate?merge=manifest%2Bleak").body, api.body);
  const Response unknown = Get(Role::kAnalyst, "/estimate?merge=manifest%2Bno_such_list");
  EXPECT_GE(unknown.status, 400);
  EXPECT_TRUE(Contains(unknown, "no_such_list")) << unknown.body.substr(0, 800);
}

// The page and the API give the estimate `habeas estimate --json` gives: by default the
// linkage drawn as the command draws it (before, the server alone estimated with the
// linker's linkage, so the page and a report from the command disagreed). linkage_draws
// asks for more or fewer draws, 0 for the linker's linkage alone.
TEST_P(StaffPagesTest, TheEstimateIsTheCommandsAndItsLinkageDrawsCanBeAsked) {
  const Response api = Get(Role::kAnalyst, "/api/v1/estimate");
  ASSERT_EQ(api.status, 200) << api.body;
  const nlohmann::json report = nlohmann::json::parse(api.body);
  EXPECT_EQ(report["method"], "lcmcr+linkage");
  EXPECT_EQ(report["linkage"]["draws"], LinkageDrawOptions{}.draws);
  {
    // The draws asked are those made, with the library's seeds (the command's defaults
    // are LinkageDrawOptions' too). One draw: a fraction of the default's time.
    const Response one = Get(Role::kAnalyst, "/api/v1/estimate?linkage_draws=1");
    ASSERT_EQ(one.status, 200) << one.body;
    SqliteOptions read_only;
    read_only.access = StoreAccess::kReadOnly;
    auto store = OpenStore(app_->app->options().db_path, read_only);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EstimateQuery query;
    query.linkage_draws = 1;
    auto direct = EstimateJson(**store, query);
    ASSERT_TRUE(direct.ok()) << direct.status().ToString();
    EXPECT_EQ(*direct, nlohmann::json::parse(one.body));
    EXPECT_EQ((*direct)["linkage"]["draws"], 1);
  }
  const Response alone = Get(Role::kAnalyst, "/api/v1/estimate?linkage_draws=0");
  ASSERT_EQ(alone.status, 200) << alone.body;
  EXPECT_EQ(nlohmann::json::parse(alone.body)["method"], "lcmcr");
  const Response page = Get(Role::kAnalyst, "/estimate?linkage_draws=0");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 600);
  EXPECT_TRUE(Contains(
      page, "name=\"linkage_draws\" id=\"linkage-draws\" min=\"0\" max=\"1000\" value=\"0\""));
  EXPECT_TRUE(Contains(page, "(lcmcr)"));
  for (const std::string bad : {"1001", "10000", "abc", "-1", "+5"}) {
    const Response r = Get(Role::kAnalyst, "/api/v1/estimate?linkage_draws=" + bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_TRUE(Contains(r, "linkage_draws must be a whole number from 0 to 1000")) << r.body;
  }
  // A field the user emptied asks for the default.
  EXPECT_EQ(Get(Role::kAnalyst, "/api/v1/estimate?linkage_draws=").body, api.body);
}

// Regression: the Sources page linked each source as "/sources/" + UrlEncode(name), and
// UrlEncode writes a space as "+" (right for a query, wrong for a path, where "+" is
// itself), so a list named with spaces ("lista de familias") linked to a report that
// said "no source named \"lista+de+familias\"".
TEST(StaffPagesRegressionTest, ASourceNamedWithSpacesOpensFromTheSourcesPage) {
  ScratchDir dir("staff_pages");
  const std::string db = dir.Path("t.db");
  {
    auto store = OpenSqliteStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    SourceInfo source;
    source.name = "lista de familias";
    source.kind = SourceKind::kFamily;
    BatchInfo batch;
    batch.file_name = "familias.csv";
    batch.file_sha256 = "ab";
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto writer = (*store)->BeginBatch(source, batch);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    RecordData r;
    r.source_record_id = "F-1";
    r.line = r.end_line = 2;
    r.raw = "F-1,Ana";
    r.field(CanonicalField::kGivenNames) = "Ana";
    ASSERT_TRUE((*writer)->AddRecord(r).ok());
    batch.rows_read = batch.rows_imported = 1;
    ASSERT_TRUE((*writer)->Commit(batch).ok());
  }
  auto app = TestApp::Create(db);
  ASSERT_NE(app, nullptr);
  const Response sources = app->Send(app->As(Role::kAnalyst, Method::kGet, "/sources"));
  ASSERT_EQ(sources.status, 200) << sources.body;
  const std::string open = "<a href=\"";
  const size_t at = sources.body.find(open + "/sources/");
  ASSERT_NE(at, std::string::npos) << sources.body;
  const size_t href = at + open.size();
  const std::string target = sources.body.substr(href, sources.body.find('"', href) - href);
  EXPECT_EQ(target, "/sources/lista%20de%20familias");
  const Response report = app->Send(app->As(Role::kAnalyst, Method::kGet, target));
  EXPECT_EQ(report.status, 200) << target << ": " << report.body;
  EXPECT_TRUE(Contains(report, "<h1>Source lista de familias</h1>"));
}

}  // namespace
}  // namespace habeas::server
