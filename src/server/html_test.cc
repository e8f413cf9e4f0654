#include "server/html.h"

#include <gtest/gtest.h>

#include <string>

namespace habeas::server {
namespace {

TEST(EscapeTest, EscapesTheFiveSpecialCharactersAndNothingElse) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"Pérez González", "Pérez González"},
      {"a & b", "a &amp; b"},
      {"<script>", "&lt;script&gt;"},
      {"\"x\"", "&quot;x&quot;"},
      {"O'Neil", "O&#39;Neil"},
      // Already escaped text is escaped again: Escape is for raw text only.
      {"&amp;", "&amp;amp;"},
      {std::string("a\0b", 3), std::string("a\0b", 3)},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Escape(in), want) << in;
}

TEST(CsrfFieldTest, IsAHiddenInputWithTheTokenEscaped) {
  EXPECT_EQ(CsrfField("abc"), "<input type=\"hidden\" name=\"csrf\" value=\"abc\">");
  EXPECT_EQ(CsrfField("a\"><b"),
            "<input type=\"hidden\" name=\"csrf\" value=\"a&quot;&gt;&lt;b\">");
}

TEST(RenderTableTest, HeaderCellsAreColumnHeadersAndEveryCellIsEscaped) {
  const std::string html = RenderTable({"Name", "<n>"}, {{"Ana", "1"}, {"<b>", "&"}});
  EXPECT_EQ(html,
            "<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">Name</th>"
            "<th scope=\"col\">&lt;n&gt;</th></tr></thead>\n<tbody>\n"
            "<tr><td>Ana</td><td>1</td></tr>\n"
            "<tr><td>&lt;b&gt;</td><td>&amp;</td></tr>\n"
            "</tbody></table></div>\n");
}

TEST(RenderTableTest, AnEmptyTableStillHasItsHeader) {
  const std::string html = RenderTable({"Only"}, {});
  EXPECT_NE(html.find("<th scope=\"col\">Only</th>"), std::string::npos);
  EXPECT_EQ(html.find("<td>"), std::string::npos);
}

TEST(RenderPageTest, APublicPageHasLanguageTitleAndBodyButNoStaffNavigation) {
  PageFrame frame;
  frame.lang = "en";
  frame.title = "Find <someone>";
  const std::string html = RenderPage(frame, "<p>BODY</p>");
  EXPECT_EQ(html.rfind("<!doctype html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_NE(html.find("<title>Find &lt;someone&gt; · Habeas</title>"), std::string::npos);
  EXPECT_NE(html.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  // The body is inserted as is: it is HTML the caller built.
  EXPECT_NE(html.find("<main id=\"main\">\n<p>BODY</p>\n</main>"), std::string::npos);
  EXPECT_EQ(html.find("<nav"), std::string::npos);
  EXPECT_EQ(html.find("/logout"), std::string::npos);
}

TEST(RenderPageTest, AttributeValuesCannotBreakOut) {
  PageFrame frame;
  frame.lang = "es\" onload=\"x";
  const std::string html = RenderPage(frame, "");
  EXPECT_NE(html.find("<html lang=\"es&quot; onload=&quot;x\">"), std::string::npos);
}

TEST(RenderPageTest, StaffPagesShowNavigationAndASignOutFormWithTheCsrfToken) {
  PageFrame frame;
  frame.staff_nav = true;
  frame.user = "ana<1>";
  frame.role = "analyst";
  frame.csrf_token = "TOKEN";
  const std::string html = RenderPage(frame, "");
  EXPECT_NE(html.find("<nav aria-label=\"Staff\">"), std::string::npos);
  EXPECT_NE(html.find("<form method=\"post\" action=\"/logout\""), std::string::npos);
  EXPECT_NE(html.find(CsrfField("TOKEN")), std::string::npos);
  EXPECT_NE(html.find("<span>ana&lt;1&gt; (analyst)</span>"), std::string::npos);
}

TEST(RenderPageTest, StaffNavigationWithoutAUserHasNoSignOut) {
  PageFrame frame;
  frame.staff_nav = true;
  const std::string html = RenderPage(frame, "");
  EXPECT_NE(html.find("<nav aria-label=\"Staff\">"), std::string::npos);
  EXPECT_EQ(html.find("/logout"), std::string::npos);
}

}  // namespace
}  // namespace habeas::server
