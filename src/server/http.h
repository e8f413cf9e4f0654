// Habeas's own request/response layer: what a handler sees of an HTTP exchange,
// independent of the HTTP library underneath (src/server/http_server.cc adapts
// cpp-httplib to it, so the library can be swapped). Parsing of what arrives beyond
// the request line and headers — the target's path and query, form bodies, cookies —
// happens here, with every byte checked: percent escapes, UTF-8, sizes.
//
// Plain value types; thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "habeas/status.h"

namespace habeas::server {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kPatch, kOptions, kOther };
std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string path;  // percent-decoded, valid UTF-8, starts with '/'
  Params query;      // decoded names and values, in order
  Params headers;    // names lower-case
  std::string body;
  std::string client;  // the peer's IP address
  // Filled by the router: the {name} parts of the matched route pattern.
  std::map<std::string, std::string> path_params;

  // The first value of a query parameter ("" if absent).
  std::string Query(std::string_view name) const;
  bool HasQuery(std::string_view name) const;
  std::string Header(std::string_view lower_case_name) const;
  std::string Cookie(std::string_view name) const;
  std::string PathParam(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  Params headers;  // extra headers (Set-Cookie may repeat)

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Largest accepted sizes (beyond them: 414 / 413 / 431 with a message).
inline constexpr size_t kMaxTargetBytes = 4096;      // path + query
inline constexpr size_t kMaxBodyBytes = 64 * 1024;   // JSON and form bodies
inline constexpr size_t kMaxHeaderCount = 64;
inline constexpr size_t kMaxParams = 32;

// Splits and decodes a request target ("/a%20b?q=jos%C3%A9&x"). kInvalidInput (with
// what is wrong) for a bad percent escape, bytes that are not UTF-8, a control
// character, a path that does not start with '/', a "." or ".." segment or an
// encoded '/', too many parameters.
Status ParseTarget(std::string_view target, Request* request);

// Decodes an application/x-www-form-urlencoded body (same rules as the query).
Result<Params> ParseForm(std::string_view body);

// Percent-encodes a value for a URL query or form ("josé pérez" → "jos%C3%A9+p%C3%A9rez").
std::string UrlEncode(std::string_view text);

// Percent-encodes one segment of a URL path ("lista de familias" →
// "lista%20de%20familias"): as UrlEncode, but a space is "%20", because in a path "+"
// is itself (ParseTarget keeps it), not a space.
std::string UrlEncodePathSegment(std::string_view text);

// The value of `name` in a Cookie header ("a=1; b=2"), "" if absent.
std::string CookieValue(std::string_view header, std::string_view name);

// Status line texts for the codes Habeas answers with.
std::string_view ReasonPhrase(int status);

// The HTTP status for a library status code (docs/api.md "Errors").
int HttpStatusFor(StatusCode code);

}  // namespace habeas::server
