#include "server/http.h"

#include <algorithm>
#include <cctype>

#include "common/encoding.h"

namespace habeas::server {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kDelete: return "DELETE";
    case Method::kPatch: return "PATCH";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kDelete,
                   Method::kPatch, Method::kOptions}) {
    if (name == MethodName(m)) return m;
  }
  return Method::kOther;
}

std::string Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return "";
}

bool Request::HasQuery(std::string_view name) const {
  return std::any_of(query.begin(), query.end(), [&](const auto& kv) { return kv.first == name; });
}

std::string Request::Header(std::string_view lower_case_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_case_name) return v;
  }
  return "";
}

std::string Request::Cookie(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    std::string value = CookieValue(v, name);
    if (!value.empty()) return value;
  }
  return "";
}

std::string Request::PathParam(const std::string& name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? "" : it->second;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

enum class PlusMeans { kPlus, kSpace };

// Percent-decodes `text`; '+' is a space in queries and forms. Refuses bad escapes,
// invalid UTF-8 and control characters other than tab and newlines (form text areas).
Result<std::string> Decode(std::string_view text, PlusMeans plus, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size() || HexValue(text[i + 1]) < 0 || HexValue(text[i + 2]) < 0) {
        return InvalidInput(std::string(what) + ": \"%\" must be followed by two hex digits");
      }
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus == PlusMeans::kSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!IsValidUtf8(out)) return InvalidInput(std::string(what) + " is not valid UTF-8");
  for (unsigned char c : out) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return InvalidInput(std::string(what) + " contains a control character");
    }
  }
  return out;
}

Result<Params> ParsePairs(std::string_view text, std::string_view what) {
  Params out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      if (out.size() >= kMaxParams) {
        return InvalidInput(std::string(what) + " has more than " + std::to_string(kMaxParams) +
                            " parameters");
      }
      const size_t eq = pair.find('=');
      HABEAS_ASSIGN_OR_RETURN(std::string name,
                              Decode(pair.substr(0, eq), PlusMeans::kSpace, what));
      std::string value;
      if (eq != std::string_view::npos) {
        HABEAS_ASSIGN_OR_RETURN(value, Decode(pair.substr(eq + 1), PlusMeans::kSpace, what));
      }
      out.emplace_back(std::move(name), std::move(value));
    }
    start = end + 1;
  }
  return out;
}

Status CheckPathSegments(std::string_view raw_path) {
  size_t start = 1;
  while (start <= raw_path.size()) {
    size_t end = raw_path.find('/', start);
    if (end == std::string_view::npos) end = raw_path.size();
    const std::string_view segment = raw_path.substr(start, end - start);
    HABEAS_ASSIGN_OR_RETURN(std::string decoded, Decode(segment, PlusMeans::kPlus, "the path"));
    if (decoded == "." || decoded == "..") {
      return InvalidInput("the path may not contain \".\" or \"..\" segments");
    }
    if (decoded.find('/') != std::string::npos || decoded.find('\\') != std::string::npos) {
      return InvalidInput("the path may not contain an encoded \"/\" or a \"\\\"");
    }
    start = end + 1;
  }
  return Status::Ok();
}

}  // namespace

Status ParseTarget(std::string_view target, Request* request) {
  if (target.size() > kMaxTargetBytes) {
    return InvalidInput("the request target is longer than " + std::to_string(kMaxTargetBytes) +
                        " bytes");
  }
  if (target.empty() || target.front() != '/') {
    return InvalidInput("the request target must be a path starting with \"/\"");
  }
  const size_t hash = target.find('#');
  if (hash != std::string_view::npos) target = target.substr(0, hash);
  const size_t q = target.find('?');
  const std::string_view raw_path = target.substr(0, q);
  HABEAS_RETURN_IF_ERROR(CheckPathSegments(raw_path));
  HABEAS_ASSIGN_OR_RETURN(request->path, Decode(raw_path, PlusMeans::kPlus, "the path"));
  request->query.clear();
  if (q != std::string_view::npos) {
    HABEAS_ASSIGN_OR_RETURN(request->query, ParsePairs(target.substr(q + 1), "the query"));
  }
  return Status::Ok();
}

Result<Params> ParseForm(std::string_view body) {
  if (body.size() > kMaxBodyBytes) return InvalidInput("the form is too large");
  return ParsePairs(body, "the form");
}

namespace {

enum class SpaceAs { kPlus, kPercent20 };

std::string PercentEncode(std::string_view text, SpaceAs space) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && space == SpaceAs::kPlus) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view text) { return PercentEncode(text, SpaceAs::kPlus); }

std::string UrlEncodePathSegment(std::string_view text) {
  return PercentEncode(text, SpaceAs::kPercent20);
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return "";
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "";
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidInput: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kConflict: return 409;
    case StatusCode::kDataLoss: return 500;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

}  // namespace habeas::server
