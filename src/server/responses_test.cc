// Tests of the response builders and request readers in responses.cc (declared in app.h).
#include "server/app.h"

#include <gtest/gtest.h>

#include <string>

#include "server/html.h"

namespace habeas::server {
namespace {

Request WithBody(std::string content_type, std::string body) {
  Request request;
  request.method = Method::kPost;
  if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
  request.body = std::move(body);
  return request;
}

TEST(ParseIdTest, AcceptsPositiveWholeNumbersOnly) {
  struct Case {
    std::string text;
    int64_t id;  // 0: refused
    std::string message;
  };
  const Case cases[] = {
      {"1", 1, ""},
      {"12", 12, ""},
      {"007", 7, ""},
      {"999999999999999", 999999999999999, ""},  // 15 digits
      {"", 0, "record id must be a positive whole number, not \"\""},
      {"0", 0, "record id must be positive"},
      {"000", 0, "record id must be positive"},
      {"-3", 0, "record id must be a positive whole number, not \"-3\""},
      {"+3", 0, "record id must be a positive whole number, not \"+3\""},
      {"1e3", 0, "record id must be a positive whole number, not \"1e3\""},
      {" 1", 0, "record id must be a positive whole number, not \" 1\""},
      {"1234567890123456", 0,
       "record id must be a positive whole number, not \"1234567890123456\""},
      // The echoed text is cut at 40 bytes.
      {std::string(50, 'x'), 0,
       "record id must be a positive whole number, not \"" + std::string(40, 'x') + "\""},
  };
  for (const Case& c : cases) {
    const Result<int64_t> id = ParseId(c.text, "record id");
    if (c.id != 0) {
      ASSERT_TRUE(id.ok()) << c.text << ": " << id.status().message();
      EXPECT_EQ(*id, c.id);
    } else {
      ASSERT_FALSE(id.ok()) << c.text;
      EXPECT_EQ(id.status().code(), StatusCode::kInvalidInput);
      EXPECT_EQ(id.status().message(), c.message);
    }
  }
}

TEST(ParseJsonBodyTest, NeedsTheJsonContentTypeAndValidJson) {
  const auto ok = ParseJsonBody(WithBody("application/json; charset=utf-8", "{\"a\": [1, 2]}"));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ((*ok)["a"][1], 2);

  const auto untyped = ParseJsonBody(WithBody("", "{}"));
  ASSERT_FALSE(untyped.ok());
  EXPECT_EQ(untyped.status().message(),
            "send the body as JSON (Content-Type: application/json)");
  EXPECT_FALSE(ParseJsonBody(WithBody("text/plain", "{}")).ok());

  const auto broken = ParseJsonBody(WithBody("application/json", "{\"a\": "));
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(broken.status().message(), "the body is not valid JSON");
}

TEST(ParseJsonBodyTest, TheBodyLimitIsInclusive) {
  // A JSON string exactly kMaxBodyBytes long passes; one byte more is refused.
  std::string at_limit = "\"" + std::string(kMaxBodyBytes - 2, 'a') + "\"";
  ASSERT_EQ(at_limit.size(), kMaxBodyBytes);
  EXPECT_TRUE(ParseJsonBody(WithBody("application/json", at_limit)).ok());
  const auto over = ParseJsonBody(WithBody("application/json", at_limit + " "));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(),
            "the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
}

TEST(FormOfTest, DecodesAFormAndRefusesOtherBodies) {
  const auto form = FormOf(WithBody("application/x-www-form-urlencoded",
                                    "decision=same&reason=jos%C3%A9+p%C3%A9rez&csrf=T"));
  ASSERT_TRUE(form.ok()) << form.status().message();
  EXPECT_EQ(FormValue(*form, "decision"), "same");
  EXPECT_EQ(FormValue(*form, "reason"), "josé pérez");
  EXPECT_EQ(FormValue(*form, "csrf"), "T");
  EXPECT_EQ(FormValue(*form, "missing"), "");

  const auto json = FormOf(WithBody("application/json", "{}"));
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.status().message(),
            "expected a form (application/x-www-form-urlencoded)");
  EXPECT_FALSE(FormOf(WithBody("application/x-www-form-urlencoded", "a=%zz")).ok());
}

TEST(FormValueTest, TheFirstValueOfARepeatedFieldWins) {
  const Params form = {{"a", "1"}, {"b", ""}, {"a", "2"}};
  EXPECT_EQ(FormValue(form, "a"), "1");
  EXPECT_EQ(FormValue(form, "b"), "");
  EXPECT_EQ(FormValue(form, "A"), "") << "names are case-sensitive";
}

TEST(ApiErrorTest, AStatusBecomesItsHttpStatusCodeNameAndMessage) {
  const std::pair<StatusCode, int> cases[] = {
      {StatusCode::kInvalidInput, 400}, {StatusCode::kNotFound, 404},
      {StatusCode::kPermissionDenied, 403}, {StatusCode::kConflict, 409},
      {StatusCode::kDataLoss, 500}, {StatusCode::kUnavailable, 503},
      {StatusCode::kInternal, 500},
  };
  for (const auto& [code, http] : cases) {
    const Response r = ApiError(Status(code, "what \"went\" wrong"));
    EXPECT_EQ(r.status, http) << StatusCodeName(code);
    EXPECT_EQ(r.content_type, "application/json");
    const nlohmann::json body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], std::string(StatusCodeName(code)));
    EXPECT_EQ(body["error"]["message"], "what \"went\" wrong");
  }
}

TEST(JsonResponseTest, EndsWithANewlineAndReplacesBrokenUtf8) {
  const Response r = JsonResponse(201, {{"name", std::string("Jos\xC3", 4)}});
  EXPECT_EQ(r.status, 201);
  ASSERT_FALSE(r.body.empty());
  EXPECT_EQ(r.body.back(), '\n');
  // The invalid byte becomes U+FFFD instead of an exception or invalid JSON.
  EXPECT_EQ(nlohmann::json::parse(r.body)["name"], "Jos\xEF\xBF\xBD");
}

TEST(RedirectTest, IsASeeOtherWithALocation) {
  const Response r = Redirect("/review?done=1");
  EXPECT_EQ(r.status, 303);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Location");
  EXPECT_EQ(r.headers[0].second, "/review?done=1");
}

TEST(PageErrorTest, IsAnEscapedHtmlPage) {
  const Response r = PageError(404, "Not <found>", "No person \"P-1\".");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<h1>Not &lt;found&gt;</h1>"), std::string::npos);
  EXPECT_NE(r.body.find("<p>No person &quot;P-1&quot;.</p>"), std::string::npos);
  EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
}

}  // namespace
}  // namespace habeas::server
