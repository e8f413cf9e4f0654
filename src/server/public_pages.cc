// The public locator page (GET /), sign-in and sign-out. No JavaScript: a form that
// GETs itself, results rendered on the server in Spanish or English.
#include <algorithm>

#include "server/app.h"
#include "server/html.h"
#include "server/i18n.h"
#include "server/password_hash.h"
#include "server/views.h"

namespace habeas::server {

namespace {

struct PublicPage {
  Language lang;
  std::string query_text, dob, id;
  std::string error;           // shown in an error summary
  std::optional<PublicAnswer> answer;
};

std::string T(Language lang, Text text) { return std::string(Translate(lang, text)); }

std::string LanguageSwitch(const PublicPage& page) {
  const Language other =
      page.lang == Language::kSpanish ? Language::kEnglish : Language::kSpanish;
  std::string href = "/?lang=" + std::string(LanguageCode(other));
  if (!page.query_text.empty()) href += "&q=" + UrlEncode(page.query_text);
  if (!page.dob.empty()) href += "&dob=" + UrlEncode(page.dob);
  if (!page.id.empty()) href += "&id=" + UrlEncode(page.id);
  return "<p class=\"lang\"><a href=\"" + Escape(href) + "\" lang=\"" +
         std::string(LanguageCode(other)) + "\" hreflang=\"" + std::string(LanguageCode(other)) +
         "\">" + T(page.lang, Text::kSwitchLanguage) + "</a></p>\n";
}

std::string SearchForm(const PublicPage& page) {
  const Language l = page.lang;
  auto field = [&](const char* name, Text label, Text hint, const std::string& value,
                   const char* extra) {
    return "<div class=\"field\"><label for=\"" + std::string(name) + "\">" + T(l, label) +
           "</label><p class=\"hint\" id=\"" + std::string(name) + "-hint\">" + T(l, hint) +
           "</p><input id=\"" + std::string(name) + "\" name=\"" + std::string(name) +
           "\" aria-describedby=\"" + std::string(name) + "-hint\" value=\"" + Escape(value) +
           "\" " + extra + "></div>\n";
  };
  return "<form method=\"get\" action=\"/\" role=\"search\">\n<input type=\"hidden\" "
         "name=\"lang\" value=\"" +
         std::string(LanguageCode(l)) + "\">\n" +
         field("q", Text::kNameLabel, Text::kNameHint, page.query_text,
               "type=\"text\" autocomplete=\"off\" maxlength=\"200\" required") +
         field("dob", Text::kBirthLabel, Text::kBirthHint, page.dob,
               "type=\"text\" inputmode=\"numeric\" maxlength=\"32\"") +
         field("id", Text::kIdLabel, Text::kIdHint, page.id,
               "type=\"text\" maxlength=\"64\"") +
         "<button type=\"submit\">" + T(l, Text::kSearch) + "</button>\n</form>\n";
}

std::string TryNext(Language l) {
  return "<ul>\n<li>" + T(l, Text::kTryNext1) + "</li>\n<li>" + T(l, Text::kTryNext2) +
         "</li>\n<li>" + T(l, Text::kTryNext3) + "</li>\n<li>" + T(l, Text::kTryNext4) +
         "</li>\n</ul>\n";
}

std::string Results(const PublicPage& page) {
  const Language l = page.lang;
  const PublicAnswer& answer = *page.answer;
  std::string out = "<section aria-labelledby=\"results-title\">\n<h2 id=\"results-title\">" +
                    T(l, Text::kResultsFor) + " “" + Escape(page.query_text) + "”</h2>\n";
  if (answer.results.empty()) {
    out += "<div class=\"none\" role=\"status\"><p><strong>" + T(l, Text::kNoConfidentMatch) +
           "</strong></p>\n" + TryNext(l) + "</div>\n</section>\n";
    return out;
  }
  out += "<p role=\"status\">" +
         T(l, answer.decision == search::Decision::kMatch ? Text::kMatchIntro
                                                          : Text::kCandidatesIntro) +
         "</p>\n<ol class=\"results\">\n";
  for (const PublicResult& r : answer.results) {
    const bool sure = r.certainty == Certainty::kVeryLikely;
    out += "<li class=\"result\"><p class=\"certainty " + std::string(sure ? "sure" : "maybe") +
           "\">" + T(l, sure ? Text::kCertaintyVeryLikely : Text::kCertaintyPossible) + "</p>\n";
    if (Shows(answer, PublicField::kName)) out += "<h3>" + Escape(r.name) + "</h3>\n";
    out += "<dl>\n";
    auto row = [&](Text label, const std::string& value) {
      out += "<div><dt>" + T(l, label) + "</dt><dd>" +
             (value.empty() ? T(l, Text::kUnknown) : Escape(value)) + "</dd></div>\n";
    };
    if (Shows(answer, PublicField::kStatus)) row(Text::kStatus, T(l, Text::kStatusListed));
    if (Shows(answer, PublicField::kLastKnownPlace)) row(Text::kLastPlace, r.place);
    if (Shows(answer, PublicField::kLastKnownDate)) row(Text::kLastDate, r.date);
    if (Shows(answer, PublicField::kSources)) {
      std::string joined;
      for (const std::string& s : r.sources) joined += (joined.empty() ? "" : ", ") + s;
      row(Text::kSources, joined);
    }
    out += "</dl></li>\n";
  }
  out += "</ol>\n";
  if (answer.decision != search::Decision::kMatch) out += TryNext(l);
  out += "</section>\n";
  return out;
}

std::string RenderPublicPage(const PublicPage& page) {
  const Language l = page.lang;
  std::string body = LanguageSwitch(page);
  body += "<h1>" + T(l, Text::kTitle) + "</h1>\n<p>" + T(l, Text::kIntro) + "</p>\n";
  if (!page.error.empty()) {
    body += "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>" +
            T(l, Text::kErrorTitle) + "</h2><p><a href=\"#q\">" + Escape(page.error) +
            "</a></p></div>\n";
  }
  body += SearchForm(page);
  if (page.answer) body += Results(page);
  body += "<footer><p class=\"privacy\">" + T(l, Text::kPrivacy) +
          "</p><p><a href=\"/login\">" + T(l, Text::kStaffSignIn) + "</a></p></footer>";
  PageFrame frame;
  frame.lang = std::string(LanguageCode(l));
  frame.title = page.query_text.empty() ? T(l, Text::kTitle)
                                        : T(l, Text::kResultsFor) + " " + page.query_text;
  return RenderPage(frame, body);
}

Response PublicSearchPage(App& app, Request& req, const Caller& caller) {
  PublicPage page;
  page.lang = ChooseLanguage(req.Query("lang"), req.Cookie(kLanguageCookie),
                             req.Header("accept-language"));
  page.query_text = req.Query("q");
  page.dob = req.Query("dob");
  page.id = req.Query("id");
  int status = 200;
  Response response;
  const bool searching = req.HasQuery("q");
  if (searching) {
    std::optional<int> wait =
        caller.role == Role::kPublic ? app.TakePublicSearch(req) : std::nullopt;
    auto input = SearchInputFromQuery(req, SearchNeeds::kName);
    if (wait) {
      status = 429;
      page.error = T(page.lang, Text::kTooMany);
      response.AddHeader("Retry-After", std::to_string(*wait));
    } else if (!input.ok()) {
      status = 400;
      page.error = page.query_text.find_first_not_of(" \t") == std::string::npos
                       ? T(page.lang, Text::kNameRequired)
                       : input.status().message();
    } else {
      auto answer = app.Search(input->query);
      auto fields = app.access().PublicFields();
      if (!answer.ok() && answer.status().code() == StatusCode::kInvalidInput) {
        // A query the locator cannot search (a name of no letters, such as ":]]").
        status = 400;
        page.error = answer.status().message();
      } else if (!answer.ok() || !fields.ok()) {
        return PageError(500, "Error", "The search failed. Try again later.");
      } else {
        page.answer = PublicAnswerFor(*answer, *fields);
      }
    }
  }
  Response page_response = HtmlResponse(status, RenderPublicPage(page));
  for (auto& h : response.headers) page_response.headers.push_back(h);
  if (req.HasQuery("lang")) {
    page_response.AddHeader("Set-Cookie", std::string(kLanguageCookie) + "=" +
                                              std::string(LanguageCode(page.lang)) +
                                              "; Path=/; Max-Age=31536000; SameSite=Strict");
  }
  page_response.AddHeader("Content-Language", std::string(LanguageCode(page.lang)));
  page_response.AddHeader("Vary", "Accept-Language, Cookie");
  return page_response;
}

std::string LoginForm(const std::string& csrf, const std::string& next, const std::string& error) {
  std::string body = "<h1>Staff sign-in</h1>\n";
  if (!error.empty()) {
    body += "<div class=\"error-summary\" role=\"alert\"><h2>There is a problem</h2><p>" +
            Escape(error) + "</p></div>\n";
  }
  body += "<form method=\"post\" action=\"/login\">" + CsrfField(csrf) +
          "<input type=\"hidden\" name=\"next\" value=\"" + Escape(next) +
          "\">\n<div class=\"field\"><label for=\"user\">User name</label><input id=\"user\" "
          "name=\"user\" autocomplete=\"username\" required></div>\n<div class=\"field\"><label "
          "for=\"password\">Password</label><input id=\"password\" name=\"password\" "
          "type=\"password\" autocomplete=\"current-password\" required></div>\n<button "
          "type=\"submit\">Sign in</button>\n</form>\n<p><a href=\"/\">Public search</a></p>";
  PageFrame frame;
  frame.lang = "en";
  frame.title = "Staff sign-in";
  return RenderPage(frame, body);
}

bool HasControlCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

// Only local paths, so a link cannot send a user elsewhere after signing in. Browsers
// delete tabs and newlines from a URL before reading it ("/\t/evil" is "//evil" to
// them), so a `next` with any control character is never followed.
std::string SafeNext(const std::string& next, Role role) {
  if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next.find('\\') == std::string::npos &&
      next.find("://") == std::string::npos && !HasControlCharacter(next)) {
    return next;
  }
  return role == Role::kReviewer ? "/review" : role == Role::kAdmin ? "/admin/users" : "/sources";
}

Response ShowLogin(App& app, Request& req, const std::string& error, int status) {
  const std::string csrf = RandomUrlSafe(24);
  Response r = HtmlResponse(status, LoginForm(csrf, req.Query("next"), error));
  r.AddHeader("Set-Cookie", std::string(kLoginCsrfCookie) + "=" + csrf + app.CookieAttributes());
  return r;
}

}  // namespace

void RegisterPublicPages(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/", [&app](Request& req, const Caller& caller) {
    return PublicSearchPage(app, req, caller);
  });
  r.Add(Method::kGet, "/login", [&app](Request& req, const Caller&) {
    return ShowLogin(app, req, "", 200);
  });
  r.Add(Method::kPost, "/login", [&app](Request& req, const Caller& caller) {
    auto form = FormOf(req);
    if (!form.ok()) return PageError(400, "Bad request", form.status().message());
    const std::string cookie_csrf = req.Cookie(kLoginCsrfCookie);
    if (cookie_csrf.empty() || !ConstantTimeEquals(cookie_csrf, FormValue(*form, "csrf"))) {
      return PageError(403, "Form expired",
                       "This form has expired or did not come from Habeas. Reload the "
                       "sign-in page and try again.");
    }
    if (auto wait = app.TakeLogin(req)) {
      Response limited = ShowLogin(app, req, "Too many attempts. Wait and try again.", 429);
      limited.AddHeader("Retry-After", std::to_string(*wait));
      return limited;
    }
    const std::string name = FormValue(*form, "user");
    auto user = app.access().CheckPassword(name, FormValue(*form, "password"));
    if (!user.ok()) return PageError(500, "Error", "Signing in failed. Try again later.");
    if (!*user) {
      Caller attempt = caller;
      attempt.user = name.substr(0, 64);
      app.Audit(attempt, req, "login_failed", "user " + name.substr(0, 64));
      return ShowLogin(app, req, "The user name or password is wrong.", 401);
    }
    Caller signed_in{(*user)->role, (*user)->name, Credential::kSession, ""};
    app.Audit(signed_in, req, "login", "user " + (*user)->name);
    const std::string session = app.sessions().Start((*user)->name, (*user)->role);
    Response r = Redirect(SafeNext(FormValue(*form, "next"), (*user)->role));
    r.AddHeader("Set-Cookie", std::string(kSessionCookie) + "=" + session + app.CookieAttributes());
    r.AddHeader("Set-Cookie", std::string(kLoginCsrfCookie) + "=; Max-Age=0" +
                                  app.CookieAttributes());
    return r;
  });
  r.Add(Method::kPost, "/logout", [&app](Request& req, const Caller&) {
    app.sessions().End(req.Cookie(kSessionCookie));
    Response r = Redirect("/");
    r.AddHeader("Set-Cookie",
                std::string(kSessionCookie) + "=; Max-Age=0" + app.CookieAttributes());
    return r;
  });
}

}  // namespace habeas::server
