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

}  // namespace
}  // namespace habeas::server
