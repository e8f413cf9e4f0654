#include "server/html.h"

namespace habeas::server {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string CsrfField(const std::string& token) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Escape(token) + "\">";
}

std::string RenderPage(const PageFrame& frame, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 2048);
  out += "<!doctype html>\n<html lang=\"" + Escape(frame.lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"robots\" content=\"noindex\">\n<title>" +
         Escape(frame.title) +
         " · Habeas</title>\n<link rel=\"stylesheet\" href=\"/static/habeas.css\">\n";
#ifdef HABEAS_HAVE_CHARTS
  if (frame.charts) out += "<script defer src=\"/static/charts.js\"></script>\n";
#endif
  out += "</head>\n<body>\n";
  if (frame.staff_nav) {
    out += "<header class=\"staff\"><nav aria-label=\"Staff\"><a href=\"/review\">Review</a> "
           "<a href=\"/sources\">Sources</a> <a href=\"/overlap\">Overlap</a> "
           "<a href=\"/estimate\">Estimate</a> <a href=\"/admin/users\">Users</a> "
           "<a href=\"/admin/audit\">Audit</a> <a href=\"/\">Public search</a></nav>";
    if (!frame.user.empty()) {
      out += "<form method=\"post\" action=\"/logout\" class=\"signout\">" +
             CsrfField(frame.csrf_token) + "<span>" + Escape(frame.user) + " (" +
             Escape(frame.role) + ")</span> <button type=\"submit\">Sign out</button></form>";
    }
    out += "</header>\n";
  }
  out += "<main id=\"main\">\n";
  out += body;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<div class=\"scroll\"><table>\n<thead><tr>";
  for (const std::string& h : header) out += "<th scope=\"col\">" + Escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const std::string& cell : row) out += "<td>" + Escape(cell) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  return out;
}

}  // namespace habeas::server
