// Administrator pages: users (add, remove), the audit trail, and which fields of a
// search result the public may see.
#include <algorithm>

#include "server/app.h"
#include "server/html.h"

namespace habeas::server {

namespace {

Response UsersPage(App& app, const Caller& caller, const std::string& notice) {
  auto users = app.access().ListUsers();
  if (!users.ok()) return StaffError(caller, users.status());
  std::string body = "<h1>Users</h1>\n";
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Escape(notice) + "</p>\n";
  body += "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">User</th><th "
          "scope=\"col\">Role</th><th scope=\"col\">Since</th><th scope=\"col\"><span "
          "class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>\n";
  for (const UserInfo& u : *users) {
    body += "<tr><td>" + Escape(u.name) + "</td><td>" + std::string(RoleName(u.role)) +
            "</td><td>" + Escape(u.created_at) + "</td><td>";
    if (u.name != caller.user) {
      body += "<form method=\"post\" action=\"/admin/users/" + Escape(UrlEncode(u.name)) +
              "/remove\">" + CsrfField(caller.csrf_token) +
              "<button type=\"submit\" class=\"secondary\">Remove " + Escape(u.name) +
              "</button></form>";
    }
    body += "</td></tr>\n";
  }
  body += "</tbody></table></div>\n<h2>Add a user</h2>\n<form method=\"post\" "
          "action=\"/admin/users\">" +
          CsrfField(caller.csrf_token) +
          "<div class=\"field\"><label for=\"name\">User name</label><input id=\"name\" "
          "name=\"name\" required maxlength=\"64\"></div><div class=\"field\"><label "
          "for=\"role\">Role</label><select id=\"role\" name=\"role\"><option>reviewer</option>"
          "<option>analyst</option><option>admin</option></select></div><div "
          "class=\"field\"><label for=\"password\">Password (at least " +
          std::to_string(kMinPasswordLength) +
          " characters)</label><input id=\"password\" name=\"password\" type=\"password\" "
          "autocomplete=\"new-password\" required></div><button type=\"submit\">Add "
          "user</button></form>\n";
  return StaffPage(caller, "Users", body);
}

Response AddUserPost(App& app, Request& req, const Caller& caller) {
  auto form = FormOf(req);
  if (!form.ok()) return StaffError(caller, form.status());
  auto role = ParseUserRole(FormValue(*form, "role"));
  if (!role.ok()) return StaffError(caller, role.status());
  const std::string name = FormValue(*form, "name");
  auto user = app.access().AddUser(name, *role, FormValue(*form, "password"));
  if (!user.ok()) return StaffError(caller, user.status());
  app.Audit(caller, req, "user_add", "user " + name, std::string(RoleName(*role)));
  app.SignLedgerAfterAccessWrite();
  return UsersPage(app, caller, "Added " + name + " (" + std::string(RoleName(*role)) + ").");
}

Response RemoveUserPost(App& app, Request& req, const Caller& caller) {
  const std::string name = req.PathParam("name");
  if (name == caller.user) {
    return StaffError(caller, InvalidInput("you cannot remove yourself; ask another admin"));
  }
  Status s = app.access().RemoveUser(name);
  if (!s.ok()) return StaffError(caller, s);
  app.sessions().EndAllOf(name);
  app.Audit(caller, req, "user_remove", "user " + name);
  app.SignLedgerAfterAccessWrite();
  return UsersPage(app, caller, "Removed " + name + ".");
}

Response AuditPage(App& app, Request& req, const Caller& caller) {
  int64_t before = 0;
  if (req.HasQuery("before")) {
    auto b = ParseId(req.Query("before"), "before");
    if (!b.ok()) return StaffError(caller, b.status());
    before = *b;
  }
  auto entries = app.access().ListAudit(200, before);
  if (!entries.ok()) return StaffError(caller, entries.status());
  std::vector<std::vector<std::string>> rows;
  for (const AuditEntry& e : *entries) {
    rows.push_back({std::to_string(e.id), e.at, e.actor, std::string(RoleName(e.role)), e.client,
                    e.action, e.target, e.detail});
  }
  std::string body = "<h1>Audit trail</h1>\n<p>Every read of contacts, notes and rows as "
                     "received, every decision and every change of users, newest first.</p>\n" +
                     RenderTable({"#", "At", "Who", "Role", "From", "Action", "What", "Detail"},
                                 rows);
  if (!entries->empty() && entries->back().id > 1) {
    body += "<p><a href=\"/admin/audit?before=" + std::to_string(entries->back().id) +
            "\">Older entries</a></p>";
  }
  return StaffPage(caller, "Audit trail", body);
}

Response PublicFieldsPage(App& app, const Caller& caller, const std::string& notice) {
  auto fields = app.access().PublicFields();
  if (!fields.ok()) return StaffError(caller, fields.status());
  std::string body = "<h1>What the public sees</h1>\n";
  if (!notice.empty()) body += "<p class=\"notice\" role=\"status\">" + Escape(notice) + "</p>\n";
  body += "<p>Fields of a search result shown on the public page and the public API. "
          "Contacts, notes, identifiers and rows as received are never public.</p>\n"
          "<form method=\"post\" action=\"/admin/public-fields\">" +
          CsrfField(caller.csrf_token) + "<fieldset><legend>Public fields</legend>";
  for (PublicField f : kAllPublicFields) {
    const std::string name(PublicFieldName(f));
    const bool on = std::find(fields->begin(), fields->end(), f) != fields->end();
    body += "<div class=\"choice\"><input type=\"checkbox\" id=\"f-" + name +
            "\" name=\"field\" value=\"" + name + "\"" + (on ? " checked" : "") +
            "><label for=\"f-" + name + "\">" + name + "</label></div>";
  }
  body += "</fieldset><button type=\"submit\">Save</button></form>\n";
  return StaffPage(caller, "Public fields", body);
}

Response PublicFieldsPost(App& app, Request& req, const Caller& caller) {
  auto form = FormOf(req);
  if (!form.ok()) return StaffError(caller, form.status());
  std::vector<PublicField> fields;
  std::string names;
  for (const auto& [k, v] : *form) {
    if (k != "field") continue;
    auto f = ParsePublicField(v);
    if (!f) return StaffError(caller, InvalidInput("unknown public field \"" + v + "\""));
    if (std::find(fields.begin(), fields.end(), *f) == fields.end()) fields.push_back(*f);
    names += (names.empty() ? "" : ",") + v;
  }
  Status s = app.access().SetPublicFields(fields);
  if (!s.ok()) return StaffError(caller, s);
  app.Audit(caller, req, "public_fields", "settings", names);
  app.SignLedgerAfterAccessWrite();
  return PublicFieldsPage(app, caller, "Saved.");
}

}  // namespace

void RegisterAdminPages(App& app) {
  Router& r = app.mutable_router();
  r.Add(Method::kGet, "/admin/users", [&app](Request&, const Caller& c) { return UsersPage(app, c, ""); });
  r.Add(Method::kPost, "/admin/users", [&app](Request& req, const Caller& c) { return AddUserPost(app, req, c); });
  r.Add(Method::kPost, "/admin/users/{name}/remove",
        [&app](Request& req, const Caller& c) { return RemoveUserPost(app, req, c); });
  r.Add(Method::kGet, "/admin/audit", [&app](Request& req, const Caller& c) { return AuditPage(app, req, c); });
  r.Add(Method::kGet, "/admin/public-fields",
        [&app](Request&, const Caller& c) { return PublicFieldsPage(app, c, ""); });
  r.Add(Method::kPost, "/admin/public-fields",
        [&app](Request& req, const Caller& c) { return PublicFieldsPost(app, req, c); });
}

}  // namespace habeas::server
