// Response builders shared by the API and the pages.
#include "server/app.h"
#include "server/html.h"

namespace habeas::server {

Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.body.push_back('\n');
  return r;
}

Response JsonTextResponse(int status, std::string text) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(text);
  r.body.push_back('\n');
  return r;
}

Response ApiError(int status, std::string_view code, const std::string& message) {
  return JsonResponse(status, {{"error", {{"code", std::string(code)}, {"message", message}}}});
}

Response ApiError(const Status& status) {
  return ApiError(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message());
}

Response HtmlResponse(int status, std::string html) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  return r;
}

Response Redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.AddHeader("Location", location);
  return r;
}

Response PageError(int status, const std::string& title, const std::string& message) {
  PageFrame frame;
  frame.lang = "en";
  frame.title = title;
  return HtmlResponse(status, RenderPage(frame, "<h1>" + Escape(title) + "</h1>\n<p>" +
                                                    Escape(message) +
                                                    "</p>\n<p><a href=\"/\">Habeas</a></p>"));
}

Result<nlohmann::json> ParseJsonBody(const Request& request) {
  if (request.body.size() > kMaxBodyBytes) {
    return InvalidInput("the body is larger than " + std::to_string(kMaxBodyBytes) + " bytes");
  }
  const std::string type = request.Header("content-type");
  if (type.rfind("application/json", 0) != 0) {
    return InvalidInput("send the body as JSON (Content-Type: application/json)");
  }
  nlohmann::json j = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidInput("the body is not valid JSON");
  return j;
}

Result<Params> FormOf(const Request& request) {
  const std::string type = request.Header("content-type");
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    return InvalidInput("expected a form (application/x-www-form-urlencoded)");
  }
  return ParseForm(request.body);
}

std::string FormValue(const Params& form, std::string_view name) {
  for (const auto& [k, v] : form) {
    if (k == name) return v;
  }
  return "";
}

Result<int64_t> ParseId(const std::string& text, std::string_view what) {
  const std::optional<int64_t> id = WholeNumber(text, 999'999'999'999'999);  // 15 digits
  if (!id) {
    return InvalidInput(std::string(what) + " must be a positive whole number, not \"" +
                        text.substr(0, 40) + "\"");
  }
  if (*id <= 0) return InvalidInput(std::string(what) + " must be positive");
  return *id;
}

}  // namespace habeas::server
