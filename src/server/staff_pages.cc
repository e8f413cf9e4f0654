// Pages for signed-in staff: the review queue and a pair's evidence (decide, undo),
// the person dossier, sources with their import reports, list overlap and the
// estimate. Rendered on the server from the same JSON views as the API; charts are
// drawn on top by /static/charts.js from the data embedded in the page, and the
// tables stay as the accessible, script-free form of every chart.
#include <cmath>
#include <cstdio>

#include "server/app.h"
#include "server/html.h"
#include "server/views.h"

namespace habeas::server {

PageFrame StaffFrame(const Caller& caller, std::string title, bool charts) {
  PageFrame frame;
  frame.lang = "en";
  frame.title = std::move(title);
  frame.user = caller.user;
  frame.role = std::string(RoleName(caller.role));
  frame.csrf_token = caller.csrf_token;
  frame.charts = charts;
  frame.staff_nav = true;
  return frame;
}

Response StaffPage(const Caller& caller, const std::string& title, const std::string& body,
                   bool charts) {
  return HtmlResponse(200, RenderPage(StaffFrame(caller, title, charts), body));
}

Response StaffError(const Caller& caller, const Status& status) {
  const int code = HttpStatusFor(status.code());
  return HtmlResponse(code, RenderPage(StaffFrame(caller, "Error"),
                                       "<h1>" + Escape(std::string(ReasonPhrase(code))) +
                                           "</h1>\n<p>" + Escape(status.message()) + "</p>"));
}

namespace {

std::string S(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return "";
  return j.dump();
}

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + Escape(href) + "\">" + Escape(text) + "</a>";
}

// JSON for the chart script, inert for the browser (type application/json), with "<"
// escaped so no text in the data can end the element.
std::string ChartData(const std::string& id, const nlohmann::json& data) {
  std::string text = data.dump();
  std::string safe;
  for (char c : text) {
    if (c == '<') safe += "\\u003c";
    else safe.push_back(c);
  }
  return "<script type=\"application/json\" id=\"" + id + "\">" + safe + "</script>\n";
}

template <typename View>
Response WithStorePage(App& app, const Caller& caller, View view) {
  auto store = app.stores().Acquire();
  if (!store.ok()) return StaffError(caller, store.status());
  return view(**store);
}

Restricted RestrictionFor(const Caller& caller) {
  return CanSeeRestricted(caller.role) ? Restricted::kInclude : Restricted::kWithhold;
}

// --- review

Response ReviewQueuePage(App& app, const Caller& caller) {
  return WithStorePage(app, caller, [&](Store& store) {
    auto queue = ReviewQueueJson(store, 100);
    if (!queue.ok()) return StaffError(caller, queue.status());
    std::string body = "<h1>Review queue</h1>\n<p>Uncertain pairs from the last link, most "
                       "informative first. Open a pair to see the evidence and decide.</p>\n";
    if (queue->empty()) body += "<p>No uncertain pairs.</p>";
    body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Pair</th><th "
            "scope=\"col\">Record A</th><th scope=\"col\">Record B</th><th "
            "scope=\"col\">Probability</th><th scope=\"col\">Decided</th></tr></thead><tbody>\n";
    for (const auto& p : *queue) {
      const std::string a = S(p["record_a"]), b = S(p["record_b"]);
      body += "<tr><td>" + Link("/review/" + a + "/" + b, a + " · " + b) + "</td><td>" +
              Escape(S(p["a"])) + "</td><td>" + Escape(S(p["b"])) + "</td><td>" +
              Escape(S(p["probability"])) + "</td><td>" +
              (p["decided"].get<bool>() ? "yes" : "") + "</td></tr>\n";
    }
    body += "</tbody></table></div>\n";
    return StaffPage(caller, "Review queue", body);
  });
}

std::string RecordCard(const nlohmann::json& r, const std::string& heading) {
  std::string out = "<section class=\"card\"><h3>" + Escape(heading) + " — record " +
                    Escape(S(r["record_id"])) + "</h3>\n<p>" + Escape(S(r["source"])) + ", " +
                    Escape(S(r["file"])) + ":" + Escape(S(r["line"])) + " · person " +
                    Link("/persons/" + S(r["person_id"]), S(r["person_id"])) + "</p>\n<dl>";
  for (const auto& [k, v] : r["fields"].items()) {
    out += "<div><dt>" + Escape(k) + "</dt><dd>" + Escape(S(v)) + "</dd></div>";
  }
  out += "</dl>\n";
  if (r.contains("columns")) {
    out += "<details><summary>Row as received</summary><dl>";
    for (const auto& c : r["columns"]) {
      out += "<div><dt>" + Escape(S(c["column"])) + "</dt><dd>" + Escape(S(c["value"])) +
             "</dd></div>";
    }
    out += "</dl></details>\n";
  } else {
    out += "<p class=\"hint\">Withheld: " + Escape(S(r["withheld"])) + ".</p>\n";
  }
  return out + "</section>\n";
}

Response PairPage(App& app, Request& req, const Caller& caller) {
  auto a = ParseId(req.PathParam("a"), "record a");
  auto b = ParseId(req.PathParam("b"), "record b");
  if (!a.ok()) return StaffError(caller, a.status());
  if (!b.ok()) return StaffError(caller, b.status());
  const Restricted restricted = RestrictionFor(caller);
  if (restricted == Restricted::kInclude) {
    app.Audit(caller, req, "read_restricted",
              "records " + std::to_string(*a) + " " + std::to_string(*b));
  }
  return WithStorePage(app, caller, [&](Store& store) {
    auto pair = PairJson(store, *a, *b, restricted);
    if (!pair.ok()) return StaffError(caller, pair.status());
    const nlohmann::json& p = *pair;
    std::string body = "<h1>Pair " + std::to_string(*a) + " · " + std::to_string(*b) + "</h1>\n";
    body += "<p>Match probability <strong>" + Escape(S(p["probability"])) +
            "</strong> (weight " + Escape(S(p["total_weight"])) + ", model v" +
            Escape(S(p["model_version"])) + "). Persons: " +
            Link("/persons/" + S(p["person_a"]), S(p["person_a"])) + " and " +
            Link("/persons/" + S(p["person_b"]), S(p["person_b"])) + ".</p>\n";
    body += "<div class=\"pair\">" + RecordCard(p["record_a"], "A") +
            RecordCard(p["record_b"], "B") + "</div>\n";
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"prior (" + S(p["prior_lists"]) + ")", "", "", S(p["prior_weight"])});
    for (const auto& f : p["fields"]) {
      rows.push_back({S(f["field"]), S(f["level"]), S(f["detail"]), S(f["weight"])});
    }
    body += "<h2>Evidence</h2>\n" + RenderTable({"Field", "Level", "Detail", "Weight"}, rows);
    body += "<h2>Decision</h2>\n";
    for (const auto& d : p["decisions"]) {
      body += "<p class=\"decision\">Decided <strong>" + Escape(S(d["decision"])) + "</strong> by " +
              Escape(S(d["by"])) + " (" + Escape(S(d["at"])) + "): " + Escape(S(d["reason"])) +
              "</p>\n<form method=\"post\" action=\"/review/undo\">" +
              CsrfField(caller.csrf_token) + "<input type=\"hidden\" name=\"decision_id\" value=\"" +
              Escape(S(d["decision_id"])) + "\"><input type=\"hidden\" name=\"back\" value=\"/review/" +
              std::to_string(*a) + "/" + std::to_string(*b) +
              "\"><button type=\"submit\">Undo this decision</button></form>\n";
    }
    body += "<form method=\"post\" action=\"/review/decide\">" + CsrfField(caller.csrf_token) +
            "<input type=\"hidden\" name=\"record_a\" value=\"" + std::to_string(*a) +
            "\"><input type=\"hidden\" name=\"record_b\" value=\"" + std::to_string(*b) +
            "\">\n<fieldset><legend>Are these the same person?</legend>"
            "<div class=\"choice\"><input type=\"radio\" id=\"same\" name=\"decision\" "
            "value=\"same\" required><label for=\"same\">Same person</label></div>"
            "<div class=\"choice\"><input type=\"radio\" id=\"distinct\" name=\"decision\" "
            "value=\"distinct\"><label for=\"distinct\">Different persons</label></div>"
            "</fieldset>\n<div class=\"field\"><label for=\"reason\">Reason (required)</label>"
            "<textarea id=\"reason\" name=\"reason\" rows=\"3\" maxlength=\"2000\" "
            "required></textarea></div>\n<button type=\"submit\">Save decision</button></form>\n";
    return StaffPage(caller, "Pair " + std::to_string(*a) + " · " + std::to_string(*b), body);
  });
}

Response DecidePost(App& app, Request& req, const Caller& caller) {
  auto form = FormOf(req);
  if (!form.ok()) return StaffError(caller, form.status());
  auto a = ParseId(FormValue(*form, "record_a"), "record a");
  auto b = ParseId(FormValue(*form, "record_b"), "record b");
  if (!a.ok()) return StaffError(caller, a.status());
  if (!b.ok()) return StaffError(caller, b.status());
  auto out = DecideAndRelink(app, caller, req, *a, *b, FormValue(*form, "decision"),
                             FormValue(*form, "reason"));
  if (!out.ok()) return StaffError(caller, out.status());
  return Redirect("/persons/" + S((*out)["person_a"]));
}

Response UndoPost(App& app, Request& req, const Caller& caller) {
  auto form = FormOf(req);
  if (!form.ok()) return StaffError(caller, form.status());
  auto id = ParseId(FormValue(*form, "decision_id"), "decision id");
  if (!id.ok()) return StaffError(caller, id.status());
  auto out = UndoAndRelink(app, caller, req, *id);
  if (!out.ok()) return StaffError(caller, out.status());
  const std::string back = FormValue(*form, "back");
  return Redirect(back.rfind("/review/", 0) == 0 ? back : "/review");
}

// --- dossier

// A valid time as the pages show it: the UTC minute, the day, or the span.
std::string WhenText(const nlohmann::json& t) {
  const std::string precision = S(t["precision"]);
  if (precision.empty() || precision == "unknown") return "unknown";
  const std::string earliest = S(t["earliest"]);
  if (precision == "minute" || precision == "second") return earliest;
  if (precision == "day") return earliest.substr(0, 10);
  return earliest + " … " + S(t["latest"]) + " (" + precision + ")";
}

std::string ClaimWhat(const nlohmann::json& c) {
  std::string what = S(c["kind"]);
  for (const char* key : {"authority", "item", "value", "language", "note"}) {
    if (c.contains(key)) what += " · " + std::string(key) + " " + S(c[key]);
  }
  if (c.contains("facility")) {
    what += " · " + (c["facility"]["resolved"].is_null() ? S(c["facility"]["as_written"])
                                                         : S(c["facility"]["resolved"]));
  }
  if (c.contains("flight")) {
    what += " · " + (c["flight"]["resolved"].is_null() ? S(c["flight"]["as_written"])
                                                       : S(c["flight"]["resolved"]));
  }
  return what;
}

// The dossier's timeline section: last known, every claim with its source, conflicts.
std::string TimelineSection(const nlohmann::json& tl) {
  std::string body = "<h2 id=\"timeline\">Custody and legal timeline</h2>\n";
  const nlohmann::json& last = tl["last_known"];
  body += last.is_null()
              ? "<p>No source says where this person is.</p>\n"
              : "<p id=\"last-known\">Last known: <strong>" + Escape(S(last["place"])) +
                    "</strong>, " + Escape(S(last["status"])) + ", since " +
                    Escape(WhenText(last["since"])) + " (" + Escape(last["sources"].dump()) +
                    ").</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : tl["claims"]) {
    const nlohmann::json& src = c["source"];
    rows.push_back({WhenText(c["valid_time"]), ClaimWhat(c), S(src["source"]),
                    src.contains("file") ? S(src["file"]) + ":" + S(src["line"]) : ""});
  }
  body += RenderTable({"When (UTC)", "What", "Source", "File:line"}, rows);
  rows.clear();
  for (const auto& c : tl["conflicts"]) rows.push_back({S(c["about"]), S(c["description"])});
  if (!rows.empty()) body += "<h3>Sources that disagree</h3>\n" + RenderTable({"About", "What"}, rows);
  return body;
}

std::string PacketLinks(const std::string& person) {
  const std::string pdf = "/persons/" + person + "/packet.pdf";
  return "<p id=\"packet\">Court packet: " + Link(pdf + "?lang=en", "PDF (English)") + " · " +
         Link(pdf + "?lang=es", "PDF (español)") + " · " +
         Link("/api/v1/persons/" + person + "/packet", "JSON") + "</p>\n";
}

Response DossierPage(App& app, Request& req, const Caller& caller) {
  const std::optional<int64_t> id = ParsePersonId(req.PathParam("id"));
  if (!id) return StaffError(caller, InvalidInput("a person id looks like P000123"));
  const Restricted restricted = RestrictionFor(caller);
  if (restricted == Restricted::kInclude) {
    app.Audit(caller, req, "read_restricted", "person " + FormatPersonId(*id));
  }
  return WithStorePage(app, caller, [&](Store& store) {
    auto dossier = DossierJson(store, *id, restricted);
    if (!dossier.ok()) return StaffError(caller, dossier.status());
    const nlohmann::json& d = *dossier;
    std::string body = "<h1>Person " + Escape(S(d["person_id"])) + "</h1>\n<p>Status " +
                       Escape(S(d["status"])) + ", created " + Escape(S(d["created_at"])) +
                       " by " + Escape(S(d["created_by"])) + ". <span id=\"record-count\">" +
                       std::to_string(d["records"].size()) + "</span> records.</p>\n";
    if (d.contains("merged_into")) {
      body += "<p>Merged into " + Link("/persons/" + S(d["merged_into"]), S(d["merged_into"])) +
              ".</p>\n";
    }
    body += PacketLinks(S(d["person_id"]));
    body += "<h2>Records</h2>\n<div class=\"records\">";
    for (const auto& r : d["records"]) body += RecordCard(r, S(r["name"]));
    body += "</div>\n<h2>Conflicts</h2>\n";
    if (d["conflicts"].empty()) body += "<p>The records do not contradict each other.</p>\n";
    for (const auto& c : d["conflicts"]) {
      body += "<p><strong>" + Escape(S(c["field"])) + "</strong>: ";
      for (const auto& v : c["values"]) {
        body += Escape(S(v["value"])) + " (records " + Escape(v["records"].dump()) + ") ";
      }
      body += "</p>\n";
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : d["evidence"]) {
      rows.push_back({S(e["record_a"]), S(e["record_b"]), S(e["kind"]), S(e["probability"])});
    }
    body += "<h2>Why these records were joined</h2>\n" +
            RenderTable({"Record A", "Record B", "Kind", "Probability"}, rows);
    rows.clear();
    for (const auto& dec : d["decisions"]) {
      rows.push_back({S(dec["record_a"]), S(dec["record_b"]), S(dec["decision"]), S(dec["by"]),
                      S(dec["reason"])});
    }
    body += "<h2>Reviewer decisions</h2>\n" +
            RenderTable({"Record A", "Record B", "Decision", "By", "Reason"}, rows);
    rows.clear();
    for (const auto& h : d["history"]) {
      rows.push_back({S(h["at"]), S(h["kind"]), h["persons"].dump(), S(h["by"]), S(h["reason"])});
    }
    body += "<h2>History</h2>\n" + RenderTable({"At", "Change", "Persons", "By", "Reason"}, rows);
    body += TimelineSection(d["timeline"]);
    return StaffPage(caller, "Person " + S(d["person_id"]), body);
  });
}

// The court packet as a PDF download (docs/packet.md).
Response PacketPdf(App& app, Request& req, const Caller& caller) {
  const std::optional<int64_t> id = ParsePersonId(req.PathParam("id"));
  if (!id) return StaffError(caller, InvalidInput("a person id looks like P000123"));
  const Restricted restricted = RestrictionFor(caller);
  if (restricted == Restricted::kInclude) {
    app.Audit(caller, req, "read_restricted", "packet " + FormatPersonId(*id));
  }
  return WithStorePage(app, caller, [&](Store& store) {
    auto packet = PacketView(store, *id, restricted, req.Query("lang"), app.clock().NowIso());
    if (!packet.ok()) return StaffError(caller, packet.status());
    auto pdf = RenderPacketPdf(packet->json);
    if (!pdf.ok()) return StaffError(caller, pdf.status());
    Response r;
    r.content_type = "application/pdf";
    r.body = std::move(*pdf);
    r.AddHeader("Content-Disposition",
                "attachment; filename=\"" + FormatPersonId(packet->person_id) + "-packet.pdf\"");
    return r;
  });
}

// --- sources, overlap, estimate

Response SourcesPage(App& app, const Caller& caller) {
  return WithStorePage(app, caller, [&](Store& store) {
    auto sources = SourcesJson(store);
    if (!sources.ok()) return StaffError(caller, sources.status());
    std::string body = "<h1>Sources</h1>\n<p>Every list imported, with its import reports.</p>\n"
                       "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Source</th><th "
                       "scope=\"col\">Kind</th><th scope=\"col\">Batches</th><th "
                       "scope=\"col\">Records</th><th scope=\"col\">Rejected rows</th><th "
                       "scope=\"col\">Last received</th></tr></thead><tbody>\n";
    for (const auto& s : *sources) {
      body += "<tr><td>" + Link("/sources/" + UrlEncodePathSegment(S(s["name"])), S(s["name"])) + "</td><td>" +
              Escape(S(s["kind"])) + "</td><td>" + Escape(S(s["batches"])) + "</td><td>" +
              Escape(S(s["records"])) + "</td><td>" + Escape(S(s["rejected"])) + "</td><td>" +
              Escape(S(s["last_received"])) + "</td></tr>\n";
    }
    body += "</tbody></table></div>\n";
    return StaffPage(caller, "Sources", body);
  });
}

Response SourceReportPage(App& app, Request& req, const Caller& caller) {
  const std::string name = req.PathParam("name");
  return WithStorePage(app, caller, [&](Store& store) {
    auto report = SourceReportJson(store, name, RestrictionFor(caller), 200);
    if (!report.ok()) return StaffError(caller, report.status());
    const nlohmann::json& s = *report;
    std::string body = "<h1>Source " + Escape(S(s["name"])) + "</h1>\n<p>" + Escape(S(s["kind"])) +
                       " · " + Escape(S(s["records"])) + " records · " + Escape(S(s["rejected"])) +
                       " rejected rows</p>\n<h2>Import reports</h2>\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : s["batches"]) {
      rows.push_back({S(b["batch_id"]), S(b["file"]), S(b["received"]), S(b["imported_at"]),
                      S(b["encoding"]), S(b["rows_read"]), S(b["rows_imported"]),
                      S(b["rows_rejected"])});
    }
    body += RenderTable({"Batch", "File", "Received", "Imported", "Encoding", "Rows read",
                         "Imported", "Rejected"},
                        rows);
    rows.clear();
    for (const auto& r : s["rejected_rows"]) {
      rows.push_back({S(r["batch_id"]), S(r["line"]), S(r["field"]), S(r["reason"])});
    }
    body += "<h2>Rejected rows</h2>\n" + RenderTable({"Batch", "Line", "Field", "Reason"}, rows);
    rows.clear();
    for (const auto& u : s["unparsed_fields"]) {
      rows.push_back({S(u["record_id"]), S(u["line"]), S(u["field"]), S(u["text"]),
                      S(u["message"])});
    }
    body += "<h2>Unparsed fields</h2>\n" +
            RenderTable({"Record", "Line", "Field", "Text", "Why"}, rows);
    return StaffPage(caller, "Source " + S(s["name"]), body);
  });
}

Response OverlapPage(App& app, const Caller& caller) {
  auto overlap = app.Overlap();
  if (!overlap.ok()) return StaffError(caller, overlap.status());
  const nlohmann::json& o = *overlap;
  std::string body = "<h1>List overlap</h1>\n<p>" + Escape(S(o["persons"])) +
                     " persons, by the combination of lists that mention them. Persons on "
                     "one list only are those the estimate works hardest to account for.</p>\n"
                     "<div id=\"overlap-chart\" class=\"chart\" role=\"img\" "
                     "aria-label=\"UpSet chart of list overlap; the table below has the same "
                     "numbers\"></div>\n" +
                     ChartData("overlap-data", o);
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : o["combinations"]) {
    std::string lists;
    for (const auto& n : c["sources"]) lists += (lists.empty() ? "" : " + ") + S(n);
    rows.push_back({lists, S(c["persons"])});
  }
  body += "<h2>Combinations</h2>\n" + RenderTable({"Lists", "Persons"}, rows);
  rows.clear();
  for (const auto& s : o["sources"]) rows.push_back({S(s["name"]), S(s["persons"])});
  body += "<h2>Persons per list</h2>\n" + RenderTable({"List", "Persons"}, rows);
  return StaffPage(caller, "List overlap", body, /*charts=*/true);
}

std::string Number(const nlohmann::json& j) {
  if (j.is_number()) {
    const double v = j.get<double>();
    if (std::isinf(v)) return "unbounded";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  if (j.is_null()) return "unbounded";
  return S(j);
}

// An end of a report row's interval (`"interval": [low, high]`, habeas estimate --json;
// null when unbounded): 0 the low end, 1 the high.
nlohmann::json IntervalEnd(const nlohmann::json& row, size_t end) {
  const auto it = row.find("interval");
  if (it == row.end() || !it->is_array() || it->size() != 2) return nullptr;
  return (*it)[end];
}

// The form that estimates again with lists merged ("manifest+leak"): what
// leak_not_merged asks for, and any list copied from another; and with the linkage drawn
// more or fewer times (0: the linker's linkage alone), as habeas estimate --linkage-draws.
std::string EstimateForm(const EstimateQuery& query) {
  return "<form method=\"get\" action=\"/estimate\" class=\"merge\"><label>Count as one list "
         "(lists copied from one another, joined by +): <input name=\"merge\" id=\"merge\" "
         "placeholder=\"manifest+leak\" value=\"" +
         Escape(query.merge) +
         "\"></label> <label>Linkage draws (0: the linker's linkage alone): <input "
         "type=\"number\" name=\"linkage_draws\" id=\"linkage-draws\" min=\"0\" max=\"" +
         std::to_string(LinkageDrawOptions::kMaxDraws) + "\" value=\"" +
         std::to_string(query.linkage_draws) +
         "\"></label> <button type=\"submit\">Estimate</button></form>\n";
}

Response EstimatePage(App& app, const Request& req, const Caller& caller) {
  const Result<EstimateQuery> query = EstimateQueryOf(req);
  if (!query.ok()) return StaffError(caller, query.status());
  auto estimate = app.Estimate(*query);
  if (!estimate.ok()) return StaffError(caller, estimate.status());
  const nlohmann::json& e = *estimate;
  const nlohmann::json& t = e.contains("total") ? e["total"] : e;
  std::string body = "<h1>How many people are on no list?</h1>\n";
  body += "<p class=\"headline\">Estimated total <strong id=\"estimate-total\">" +
          Number(t.value("estimate", nlohmann::json())) + "</strong>, interval " +
          "<span id=\"estimate-interval\">" + Number(IntervalEnd(t, 0)) + " to " +
          Number(IntervalEnd(t, 1)) + "</span> (" + Escape(S(t.value("method", nlohmann::json()))) +
          "); " + Escape(S(t.value("observed", nlohmann::json()))) + " persons observed.</p>\n";
  std::string lists;
  for (const auto& l : t.value("lists", nlohmann::json::array())) {
    lists += (lists.empty() ? "" : ", ") + Escape(S(l));
  }
  body += "<p>Lists: <span id=\"estimate-lists\">" + lists + "</span></p>\n" + EstimateForm(*query);
  body +=
      "<div id=\"estimate-chart\" class=\"chart\" role=\"img\" aria-label=\"Estimates by "
      "model with intervals; the table below has the same numbers\"></div>\n" +
      ChartData("estimate-data", t);
  body += "<h2>Warnings</h2>\n";
  if (!t.contains("warnings") || t["warnings"].empty())
    body += "<p>None.</p>\n";
  else {
    body += "<ul class=\"warnings\">";
    for (const auto& w : t["warnings"]) {
      body +=
          "<li><strong>" + Escape(S(w["code"])) + "</strong>: " + Escape(S(w["message"])) + "</li>";
    }
    body += "</ul>\n";
  }
  std::vector<std::vector<std::string>> rows;
  if (t.contains("models")) {
    for (const auto& m : t["models"]) {
      rows.push_back({S(m.value("method", nlohmann::json())), S(m.value("model", nlohmann::json())),
                      Number(m.value("estimate", nlohmann::json())), Number(IntervalEnd(m, 0)),
                      Number(IntervalEnd(m, 1))});
    }
  }
  body += "<h2>Models</h2>\n" + RenderTable({"Method", "Model", "Estimate", "Low", "High"}, rows);
  return StaffPage(caller, "Estimate", body, /*charts=*/true);
}

}  // namespace

void RegisterStaffPages(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/review", [&app](Request&, const Caller& c) { return ReviewQueuePage(app, c); });
  r.Add(Method::kGet, "/review/{a}/{b}", [&app](Request& req, const Caller& c) { return PairPage(app, req, c); });
  r.Add(Method::kPost, "/review/decide", [&app](Request& req, const Caller& c) { return DecidePost(app, req, c); });
  r.Add(Method::kPost, "/review/undo", [&app](Request& req, const Caller& c) { return UndoPost(app, req, c); });
  r.Add(Method::kGet, "/persons/{id}", [&app](Request& req, const Caller& c) { return DossierPage(app, req, c); });
  r.Add(Method::kGet, "/persons/{id}/packet.pdf",
        [&app](Request& req, const Caller& c) { return PacketPdf(app, req, c); });
  r.Add(Method::kGet, "/sources", [&app](Request&, const Caller& c) { return SourcesPage(app, c); });
  r.Add(Method::kGet, "/sources/{name}", [&app](Request& req, const Caller& c) { return SourceReportPage(app, req, c); });
  r.Add(Method::kGet, "/overlap", [&app](Request&, const Caller& c) { return OverlapPage(app, c); });
  r.Add(Method::kGet, "/estimate",
        [&app](Request& req, const Caller& c) { return EstimatePage(app, req, c); });
}

}  // namespace habeas::server
