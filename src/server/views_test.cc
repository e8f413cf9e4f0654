// The request readers and JSON views of views.cc that need no store: what a search
// request may ask for, and what a search answer shows to staff and to the public.
// (The store-backed views are exercised through the routes in app_test.cc.)
#include "server/views.h"

#include <gtest/gtest.h>

#include <string>

#include "server/app.h"

namespace habeas::server {
namespace {

Request Query(Params query) {
  Request request;
  request.query = std::move(query);
  return request;
}

TEST(WholeNumber, DigitsOnlyUpToTheMax) {
  EXPECT_EQ(WholeNumber("12", 50), 12);
  EXPECT_EQ(WholeNumber("0", 50), 0);
  EXPECT_EQ(WholeNumber("050", 50), 50);
  EXPECT_EQ(WholeNumber("51", 50), std::nullopt);
  for (const char* bad : {"", "-2", "+2", " 2", "2 ", "2.0", "abc", "1e3"}) {
    EXPECT_EQ(WholeNumber(bad, 1000), std::nullopt) << bad;
  }
  EXPECT_EQ(WholeNumber("999999999999999", 999'999'999'999'999), 999'999'999'999'999);
  EXPECT_EQ(WholeNumber("9999999999999999999", INT64_MAX), std::nullopt) << "19 digits";
}

TEST(SearchInputFromQueryTest, ReadsTheFourParameters) {
  const auto in = SearchInputFromQuery(
      Query({{"q", "Chuy Pérez"}, {"dob", "03/07/1994"}, {"id", "V-12.345.678"}, {"limit", "7"}}),
      SearchNeeds::kName);
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(in->query.text, "Chuy Pérez");
  EXPECT_EQ(in->query.birth_date, "03/07/1994");
  EXPECT_EQ(in->query.id, "V-12.345.678");
  EXPECT_EQ(in->limit, 7u);
  const auto defaults = SearchInputFromQuery(Query({{"q", "Ana"}}), SearchNeeds::kName);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->limit, 10u);
}

TEST(SearchInputFromQueryTest, RefusesWhatCannotBeSearched) {
  struct Case {
    Params query;
    SearchNeeds needs;
    std::string message;  // "" when accepted
  };
  const std::string limit_range = "limit must be between 1 and 50";
  const std::string limit_number = "limit must be a whole number between 1 and 50";
  const Case cases[] = {
      {{}, SearchNeeds::kName, "q (the name to search for) is required"},
      {{{"q", " \t "}}, SearchNeeds::kName, "q (the name to search for) is required"},
      // The public cannot search by an identifier alone; staff can.
      {{{"id", "A012345678"}}, SearchNeeds::kName, "q (the name to search for) is required"},
      {{{"id", "A012345678"}}, SearchNeeds::kNameOrIdentifier, ""},
      {{{"id", "  "}}, SearchNeeds::kNameOrIdentifier,
       "q (the name to search for) or id is required"},
      {{{"q", std::string(200, 'a')}}, SearchNeeds::kName, ""},
      {{{"q", std::string(201, 'a')}}, SearchNeeds::kName, "q is longer than 200 bytes"},
      {{{"q", "Ana"}, {"dob", std::string(32, '1')}}, SearchNeeds::kName, ""},
      {{{"q", "Ana"}, {"dob", std::string(33, '1')}}, SearchNeeds::kName,
       "birth_date is too long"},
      {{{"q", "Ana"}, {"id", std::string(64, '1')}}, SearchNeeds::kName, ""},
      {{{"q", "Ana"}, {"id", std::string(65, '1')}}, SearchNeeds::kName, "id is too long"},
      {{{"q", "Ana"}, {"limit", "1"}}, SearchNeeds::kName, ""},
      {{{"q", "Ana"}, {"limit", "50"}}, SearchNeeds::kName, ""},
      {{{"q", "Ana"}, {"limit", "0"}}, SearchNeeds::kName, limit_range},
      {{{"q", "Ana"}, {"limit", "51"}}, SearchNeeds::kName, limit_range},
      {{{"q", "Ana"}, {"limit", "999"}}, SearchNeeds::kName, limit_range},
      {{{"q", "Ana"}, {"limit", "1000"}}, SearchNeeds::kName, limit_number},
      {{{"q", "Ana"}, {"limit", "-1"}}, SearchNeeds::kName, limit_number},
      {{{"q", "Ana"}, {"limit", "ten"}}, SearchNeeds::kName, limit_number},
  };
  for (const Case& c : cases) {
    const auto in = SearchInputFromQuery(Query(c.query), c.needs);
    const std::string what = ::testing::PrintToString(c.query);
    if (c.message.empty()) {
      EXPECT_TRUE(in.ok()) << what << ": " << in.status().message();
    } else {
      ASSERT_FALSE(in.ok()) << what;
      EXPECT_EQ(in.status().code(), StatusCode::kInvalidInput);
      EXPECT_EQ(in.status().message(), c.message) << what;
    }
  }
}

TEST(SearchInputFromJsonTest, ReadsMembersAndRefusesOthers) {
  const auto in = SearchInputFromJson(
      nlohmann::json::parse(R"({"q": "Ana", "birth_date": "1994", "id": "x", "limit": 3})"),
      SearchNeeds::kName);
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(in->query.text, "Ana");
  EXPECT_EQ(in->query.birth_date, "1994");
  EXPECT_EQ(in->query.id, "x");
  EXPECT_EQ(in->limit, 3u);

  struct Case {
    std::string body;
    SearchNeeds needs;
    std::string message;
  };
  const std::string limit = "limit must be a whole number between 1 and 50";
  const Case cases[] = {
      {R"(["Ana"])", SearchNeeds::kName, "the body must be a JSON object"},
      {R"("Ana")", SearchNeeds::kName, "the body must be a JSON object"},
      {R"({})", SearchNeeds::kName, "q (the name to search for) is required"},
      {R"({"id": "A1"})", SearchNeeds::kNameOrIdentifier, ""},
      {R"({"id": "A1"})", SearchNeeds::kName, "q (the name to search for) is required"},
      {R"({"q": "Ana", "name": "x"})", SearchNeeds::kName,
       "unknown member \"name\" (expected q, birth_date, id, limit)"},
      {R"({"q": 5})", SearchNeeds::kName, "q must be a string"},
      {R"({"q": "Ana", "id": null})", SearchNeeds::kName, "id must be a string"},
      {R"({"q": "Ana", "limit": -1})", SearchNeeds::kName, limit},
      {R"({"q": "Ana", "limit": 2.5})", SearchNeeds::kName, limit},
      {R"({"q": "Ana", "limit": "5"})", SearchNeeds::kName, limit},
      {R"({"q": "Ana", "limit": 0})", SearchNeeds::kName, "limit must be between 1 and 50"},
      {R"({"q": "Ana", "limit": 51})", SearchNeeds::kName, "limit must be between 1 and 50"},
      {R"({"q": "Ana", "limit": 18446744073709551615})", SearchNeeds::kName,
       "limit must be between 1 and 50"},
  };
  for (const Case& c : cases) {
    const auto result = SearchInputFromJson(nlohmann::json::parse(c.body), c.needs);
    if (c.message.empty()) {
      EXPECT_TRUE(result.ok()) << c.body << ": " << result.status().message();
    } else {
      ASSERT_FALSE(result.ok()) << c.body;
      EXPECT_EQ(result.status().message(), c.message) << c.body;
    }
  }
}

search::SearchResponse MatchResponse() {
  search::SearchResponse response;
  response.decision = search::Decision::kMatch;
  search::SearchResult best;
  best.person_id = "P000012";
  best.probability = 0.987654;
  best.name = "Jesús Pérez";
  best.matched_fields = {{"name", "nickname", "Chuy → Jesús"}, {"id", "exact", "V12345678"}};
  best.sources = {"acnur", "familias"};
  best.records = {{3, "acnur", "A-3"}, {9, "familias", "F-9"}};
  best.last_known = {"CECOT", "2025-03-16", "acnur"};
  search::SearchResult other;
  other.person_id = "P000044";
  other.probability = 0.05;
  other.name = "Jesús Peña";
  response.results = {best, other};
  return response;
}

TEST(SearchResponseJsonTest, ShowsEveryResultWithItsCertaintyAndEvidence) {
  const nlohmann::json j = SearchResponseJson(MatchResponse());
  EXPECT_EQ(j["match"], "P000012");
  EXPECT_EQ(j["decision"], "match");
  ASSERT_EQ(j["results"].size(), 2u);
  const nlohmann::json& best = j["results"][0];
  EXPECT_EQ(best["person_id"], "P000012");
  EXPECT_DOUBLE_EQ(best["probability"].get<double>(), 0.9877) << "rounded to 4 places";
  EXPECT_EQ(best["certainty"], "very_likely");
  EXPECT_EQ(best["name"], "Jesús Pérez");
  EXPECT_EQ(best["matched_fields"][0],
            nlohmann::json({{"field", "name"}, {"agreement", "nickname"},
                            {"detail", "Chuy → Jesús"}}));
  EXPECT_EQ(best["records"][1],
            nlohmann::json({{"record_id", 9}, {"source", "familias"}, {"source_record_id", "F-9"}}));
  EXPECT_EQ(best["sources"], nlohmann::json({"acnur", "familias"}));
  EXPECT_EQ(best["last_known"],
            nlohmann::json({{"place", "CECOT"}, {"date", "2025-03-16"}, {"source", "acnur"}}));
  // Staff see unlikely results too, said to be unlikely.
  EXPECT_EQ(j["results"][1]["certainty"], "unlikely");
  EXPECT_TRUE(j["results"][1]["matched_fields"].is_array());
}

TEST(SearchResponseJsonTest, NoMatchIsNull) {
  search::SearchResponse response = MatchResponse();
  response.decision = search::Decision::kCandidates;
  const nlohmann::json j = SearchResponseJson(response);
  EXPECT_TRUE(j["match"].is_null());
  EXPECT_EQ(j["decision"], "candidates");
  EXPECT_EQ(j["results"][0]["certainty"], "possible");
  const nlohmann::json empty = SearchResponseJson(search::SearchResponse{});
  EXPECT_TRUE(empty["match"].is_null());
  EXPECT_EQ(empty["decision"], "no_confident_match");
  EXPECT_EQ(empty["results"], nlohmann::json::array());
}

// The API sends SearchResponseText: byte for byte what dumping SearchResponseJson sent.
TEST(SearchResponseTextTest, IsTheDumpOfSearchResponseJson) {
  std::vector<search::SearchResponse> responses = {MatchResponse(), search::SearchResponse{}};
  search::SearchResponse odd = MatchResponse();
  odd.decision = search::Decision::kCandidates;
  odd.results[0].name = "Jes\xC3\x22s \"Chuy\" \\ P\xE9rez\n";  // not UTF-8, quotes, newline
  odd.results[0].probability = 1.0;
  odd.results[0].records.push_back({int64_t{1} << 40, "", "\t"});
  odd.results[0].last_known = {"", "", ""};
  odd.results[1].probability = 0.00004;  // rounds to 0.0
  odd.results[1].sources = {"\xFF"};
  odd.results.push_back(odd.results[1]);
  odd.results.back().probability = 0.00005;  // rounds to 0.0001
  responses.push_back(odd);
  for (const search::SearchResponse& r : responses) {
    EXPECT_EQ(SearchResponseText(r) + "\n", JsonResponse(200, SearchResponseJson(r)).body);
  }
}

TEST(PublicAnswerJsonTest, HasOnlyThePublicFieldsAndNeverIdsOrRecords) {
  const PublicAnswer answer =
      PublicAnswerFor(MatchResponse(), {PublicField::kName, PublicField::kLastKnownPlace});
  const nlohmann::json j = PublicAnswerJson(answer);
  EXPECT_EQ(j["decision"], "match");
  EXPECT_EQ(j["public_fields"], nlohmann::json({"name", "last_known_place"}));
  ASSERT_EQ(j["results"].size(), 1u) << "the unlikely result is not shown";
  EXPECT_EQ(j["results"][0],
            nlohmann::json({{"certainty", "very_likely"},
                            {"name", "Jesús Pérez"},
                            {"last_known_place", "CECOT"}}));
  const std::string text = j.dump();
  for (const char* secret : {"P000012", "V12345678", "A-3", "record", "probability", "acnur"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
}

TEST(PublicAnswerJsonTest, EveryFieldWhenAllArePublic) {
  const PublicAnswer answer = PublicAnswerFor(
      MatchResponse(), {std::begin(kAllPublicFields), std::end(kAllPublicFields)});
  const nlohmann::json j = PublicAnswerJson(answer);
  EXPECT_EQ(j["results"][0],
            nlohmann::json({{"certainty", "very_likely"},
                            {"name", "Jesús Pérez"},
                            {"status", "listed"},
                            {"last_known_place", "CECOT"},
                            {"last_known_date", "2025-03-16"},
                            {"sources", {"acnur", "familias"}}}));
}

}  // namespace
}  // namespace habeas::server
