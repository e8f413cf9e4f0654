// Static assets compiled into the binary (nothing is read from disk or fetched at run
// time): the stylesheet, and the chart bundle built from web/ with esbuild when the
// build had web/node_modules (scripts/install-deps.sh runs `npm ci`).
#include <string_view>

#include "server/app.h"

namespace habeas::embedded {
extern const std::string_view HabeasCss;
#ifdef HABEAS_HAVE_CHARTS
extern const std::string_view ChartsJs;
#endif
}  // namespace habeas::embedded

namespace habeas::server {

namespace {

Response Asset(std::string_view body, const char* type) {
  Response r;
  r.content_type = type;
  r.body.assign(body);
  return r;
}

}  // namespace

void RegisterAssets(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/robots.txt", [](Request&, const Caller&) {
    return Asset("User-agent: *\nDisallow: /\n", "text/plain; charset=utf-8");
  });
  r.Add(Method::kGet, "/static/{file}", [](Request& req, const Caller&) {
    const std::string file = req.PathParam("file");
    if (file == "habeas.css") return Asset(embedded::HabeasCss, "text/css; charset=utf-8");
#ifdef HABEAS_HAVE_CHARTS
    if (file == "charts.js") return Asset(embedded::ChartsJs, "text/javascript; charset=utf-8");
#endif
    return PageError(404, "Not found", "There is no file " + file + ".");
  });
}

}  // namespace habeas::server
