#include "server/http.h"

#include <gtest/gtest.h>

namespace habeas::server {
namespace {

TEST(ParseTargetTest, DecodesPathAndQuery) {
  Request r;
  ASSERT_TRUE(ParseTarget("/api/v1/search?q=jos%C3%A9+p%C3%A9rez&dob=1994&empty", &r).ok());
  EXPECT_EQ(r.path, "/api/v1/search");
  EXPECT_EQ(r.Query("q"), "josé pérez");
  EXPECT_EQ(r.Query("dob"), "1994");
  EXPECT_TRUE(r.HasQuery("empty"));
  EXPECT_FALSE(r.HasQuery("id"));
}

TEST(ParseTargetTest, RefusesWhatIsNotACleanPath) {
  const char* bad[] = {
      "",                       // empty
      "api/v1/search",          // not absolute
      "/static/%2e%2e/secret",  // encoded dot-dot
      "/static/../secret",      // dot-dot
      "/static/./x",            // dot segment
      "/static/a%2fb",          // encoded slash
      "/static/a%5cb",          // encoded backslash
      "/?q=%",                  // truncated escape
      "/?q=%zz",                // not hex
      "/?q=%C3",                // truncated UTF-8
      "/?q=%FF%FE",             // not UTF-8
      "/?q=a%00b",              // NUL
      "/?q=a%1Bb",              // ESC
  };
  for (const char* target : bad) {
    Request r;
    Status s = ParseTarget(target, &r);
    EXPECT_EQ(s.code(), StatusCode::kInvalidInput) << target;
    EXPECT_FALSE(s.message().empty()) << target;
  }
}

TEST(ParseTargetTest, BoundsSizeAndParameterCount) {
  Request r;
  EXPECT_FALSE(ParseTarget("/?q=" + std::string(kMaxTargetBytes, 'a'), &r).ok());
  std::string many = "/?";
  for (size_t i = 0; i <= kMaxParams; ++i) many += "p" + std::to_string(i) + "=1&";
  EXPECT_FALSE(ParseTarget(many, &r).ok());
}

TEST(FormTest, DecodesFormsAndKeepsRepeats) {
  auto form = ParseForm("field=name&field=status&reason=misma+c%C3%A9dula");
  ASSERT_TRUE(form.ok());
  ASSERT_EQ(form->size(), 3u);
  EXPECT_EQ((*form)[1].second, "status");
  EXPECT_EQ((*form)[2].second, "misma cédula");
  EXPECT_FALSE(ParseForm("a=%FF").ok());
}

TEST(UrlEncodeTest, RoundTripsThroughTheQueryParser) {
  const std::string text = "chuy pérez & co/?=#";
  Request r;
  ASSERT_TRUE(ParseTarget("/?q=" + UrlEncode(text), &r).ok());
  EXPECT_EQ(r.Query("q"), text);
}

TEST(CookieTest, FindsNamedCookie) {
  EXPECT_EQ(CookieValue("a=1; habeas_session=xyz; b=2", "habeas_session"), "xyz");
  EXPECT_EQ(CookieValue("xhabeas_session=1", "habeas_session"), "");
  EXPECT_EQ(CookieValue("", "a"), "");
}

TEST(HttpStatusTest, MapsEveryCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidInput), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(ParseTargetTest, BoundariesAreInclusive) {
  Request r;
  const std::string at_limit = "/?q=" + std::string(kMaxTargetBytes - 4, 'a');
  ASSERT_EQ(at_limit.size(), kMaxTargetBytes);
  EXPECT_TRUE(ParseTarget(at_limit, &r).ok());
  const Status over = ParseTarget(at_limit + "a", &r);
  EXPECT_EQ(over.message(), "the request target is longer than 4096 bytes");
  std::string most = "/?";
  for (size_t i = 0; i < kMaxParams; ++i) most += "p" + std::to_string(i) + "=1&";
  ASSERT_TRUE(ParseTarget(most, &r).ok());
  EXPECT_EQ(r.query.size(), kMaxParams);
  const Status too_many = ParseTarget(most + "one=more", &r);
  EXPECT_EQ(too_many.message(), "the query has more than 32 parameters");
}

TEST(ParseTargetTest, MessagesSayWhatIsWrong) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "the request target must be a path starting with \"/\""},
      {"http://host/", "the request target must be a path starting with \"/\""},
      {"/a/%2E%2E/b", "the path may not contain \".\" or \"..\" segments"},
      {"/a/%2F", "the path may not contain an encoded \"/\" or a \"\\\""},
      {"/a%4", "the path: \"%\" must be followed by two hex digits"},
      {"/?q=%4", "the query: \"%\" must be followed by two hex digits"},
      {"/?q=%C3%28", "the query is not valid UTF-8"},
      {"/?q=%7F", "the query contains a control character"},
      {"/a%00", "the path contains a control character"},
  };
  for (const auto& [target, message] : cases) {
    Request r;
    const Status s = ParseTarget(target, &r);
    EXPECT_EQ(s.message(), message) << target;
  }
}

TEST(ParseTargetTest, FragmentsEmptyPairsAndBareNames) {
  Request r;
  ASSERT_TRUE(ParseTarget("/persons/P1?&&a=1&&b&c=&d=x=y#frag?e=2", &r).ok());
  EXPECT_EQ(r.path, "/persons/P1");
  const Params want = {{"a", "1"}, {"b", ""}, {"c", ""}, {"d", "x=y"}};
  EXPECT_EQ(r.query, want);
  // A '+' is a space in the query but itself in the path.
  ASSERT_TRUE(ParseTarget("/a+b?q=a+b%2B", &r).ok());
  EXPECT_EQ(r.path, "/a+b");
  EXPECT_EQ(r.Query("q"), "a b+");
  // A new target replaces the query of the last one.
  ASSERT_TRUE(ParseTarget("/", &r).ok());
  EXPECT_TRUE(r.query.empty());
  EXPECT_EQ(r.Query("q"), "");
}

TEST(FormTest, KeepsTabsAndNewlinesOfTextAreasOnly) {
  auto form = ParseForm("reason=line+one%0D%0Aline%09two");
  ASSERT_TRUE(form.ok()) << form.status().message();
  EXPECT_EQ((*form)[0].second, "line one\r\nline\ttwo");
  EXPECT_EQ(ParseForm("reason=a%07").status().message(),
            "the form contains a control character");
  EXPECT_EQ(ParseForm(std::string(kMaxBodyBytes + 1, 'a')).status().message(),
            "the form is too large");
  EXPECT_TRUE(ParseForm(std::string(kMaxBodyBytes, 'a')).ok());
}

TEST(UrlEncodeTest, EncodesAllButUnreservedCharacters) {
  EXPECT_EQ(UrlEncode("josé pérez"), "jos%C3%A9+p%C3%A9rez");
  EXPECT_EQ(UrlEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(UrlEncode("a+b&c=d/e?f#g%"), "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25");
  EXPECT_EQ(UrlEncode(std::string("\0\n", 2)), "%00%0A");
  EXPECT_EQ(UrlEncode(""), "");
}

TEST(CookieTest, ReadsEveryCookieHeaderAndSkipsEmptyValues) {
  EXPECT_EQ(CookieValue("a=1;b=2", "b"), "2");
  EXPECT_EQ(CookieValue("a=1;   b=2", "b"), "2");
  EXPECT_EQ(CookieValue("a=1; b", "b"), "") << "a name without a value";
  EXPECT_EQ(CookieValue("b=1=2", "b"), "1=2");
  EXPECT_EQ(CookieValue("B=1", "b"), "") << "names are case-sensitive";
  EXPECT_EQ(CookieValue("a=1; b=2; b=3", "b"), "2") << "the first wins";
  Request r;
  r.headers = {{"cookie", "a=1"}, {"cookie", "lang=en; b=2"}, {"Cookie", "c=3"}};
  EXPECT_EQ(r.Cookie("a"), "1");
  EXPECT_EQ(r.Cookie("lang"), "en");
  EXPECT_EQ(r.Cookie("c"), "") << "header names are stored lower-case";
  EXPECT_EQ(r.Header("cookie"), "a=1");
}

TEST(MethodTest, NamesRoundTripAndAnythingElseIsOther) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kDelete,
                   Method::kPatch, Method::kOptions}) {
    EXPECT_EQ(ParseMethod(MethodName(m)), m) << MethodName(m);
  }
  EXPECT_EQ(ParseMethod("get"), Method::kOther);
  EXPECT_EQ(ParseMethod("TRACE"), Method::kOther);
  EXPECT_EQ(ParseMethod(""), Method::kOther);
  EXPECT_EQ(MethodName(Method::kOther), "OTHER");
}

TEST(ReasonPhraseTest, KnownCodesHaveTheirPhrase) {
  EXPECT_EQ(ReasonPhrase(200), "OK");
  EXPECT_EQ(ReasonPhrase(303), "See Other");
  EXPECT_EQ(ReasonPhrase(414), "URI Too Long");
  EXPECT_EQ(ReasonPhrase(429), "Too Many Requests");
  EXPECT_EQ(ReasonPhrase(418), "");
  EXPECT_EQ(HttpStatusFor(StatusCode::kOk), 200);
  EXPECT_EQ(HttpStatusFor(StatusCode::kDataLoss), 500);
}

TEST(UrlEncodePathSegmentTest, RoundTripsThroughThePathParser) {
  EXPECT_EQ(UrlEncodePathSegment("lista de familias"), "lista%20de%20familias");
  EXPECT_EQ(UrlEncodePathSegment("a+b/c"), "a%2Bb%2Fc");
  for (const std::string name : {"lista de familias", "a+b", "josé pérez", "100%"}) {
    Request r;
    ASSERT_TRUE(ParseTarget("/sources/" + UrlEncodePathSegment(name), &r).ok()) << name;
    EXPECT_EQ(r.path, "/sources/" + name);
  }
}

}  // namespace
}  // namespace habeas::server
