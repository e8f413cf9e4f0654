// HTML building blocks shared by every page: escaping, the page frame, tables and
// forms with their CSRF field. Pages are rendered on the server and work without
// JavaScript; analyst pages add charts on top (web/, bundled at build time).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace habeas::server {

// Escapes &, <, >, " and ' for text and attribute values.
std::string Escape(std::string_view text);

struct PageFrame {
  std::string lang = "es";
  std::string title;
  std::string user;        // signed-in user, empty for the public
  std::string role;        // their role name
  std::string csrf_token;  // for the sign-out form
  bool charts = false;     // include the chart bundle
  bool staff_nav = false;  // show the staff navigation
};

// A whole HTML document around `body`.
std::string RenderPage(const PageFrame& frame, std::string_view body);

// <input type="hidden" name="csrf" value="...">
std::string CsrfField(const std::string& token);

// A table with a header row; cells are escaped.
std::string RenderTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

}  // namespace habeas::server
