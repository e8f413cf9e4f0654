// Fuzz target: the server's request handling beyond what cpp-httplib parses — our
// target parser (path, query, escapes, UTF-8), form and JSON bodies, cookies, routing,
// policies, CSRF and every handler — through App::Handle over a small store of the
// synthetic people in tests/data/server.
//
// Input: "METHOD TARGET\n" then "name: value" header lines, a blank line, the body. A
// header "x-fuzz-role: reviewer|analyst|admin" is replaced by that role's session
// cookie and CSRF token, so signed-in routes are reached too.
// Invariants (std::abort on failure): no answer is a 5xx; no answer to a caller who is
// not signed in contains a contact phone number or a note of the fixture.
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "habeas/ingest.h"
#include "habeas/link.h"
#include "server/app.h"

namespace {

namespace fs = std::filesystem;
using namespace habeas;

struct Fixture {
  std::unique_ptr<server::App> app;
  std::map<std::string, std::pair<std::string, std::string>> sessions;  // role → (cookie, csrf)
  std::string dir;
};

void Import(Store& store, const std::string& name) {
  ImportOptions o;
  const fs::path data = fs::path(HABEAS_TEST_DATA_DIR) / "server";
  o.file = (data / (name + ".csv")).string();
  o.mapping_file = (data / (name + ".toml")).string();
  if (!ImportFile(store, o).ok()) std::abort();
}

Fixture& GetFixture() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    f->dir = (fs::temp_directory_path() / ("habeas_http_fuzz_" + std::to_string(::getpid()))).string();
    fs::remove_all(f->dir);
    fs::create_directories(f->dir);
    const std::string db = f->dir + "/habeas.db";
    {
      auto store = OpenSqliteStore(db);
      if (!store.ok()) std::abort();
      Import(**store, "relatives");
      Import(**store, "manifest");
      if (!link::RunLink(**store, link::DefaultLinkSettings(), link::LinkOptions{}).ok()) std::abort();
    }
    server::App::Parts parts;
    parts.options.db_path = db;
    parts.options.public_search_burst = 1e9;  // the fuzzer is one client
    parts.options.public_searches_per_minute = 1e9;
    parts.hash_cost = HashCost::kFastForTests;
    auto app = server::App::Create(parts);
    if (!app.ok()) std::abort();
    f->app = std::move(app).value();
    for (Role role : {Role::kReviewer, Role::kAnalyst, Role::kAdmin}) {
      const std::string name = "fuzz_" + std::string(RoleName(role));
      (void)f->app->access().AddUser(name, role, "fuzzing password");
      const std::string id = f->app->sessions().Start(name, role);
      f->sessions[std::string(RoleName(role))] = {id, f->app->sessions().Find(id)->csrf_token};
    }
    std::atexit([] { fs::remove_all(fixture->dir); });
    return f;
  }();
  return *fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = GetFixture();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t line_end = input.find('\n');
  const std::string_view first = input.substr(0, line_end);
  const size_t space = first.find(' ');
  if (space == std::string_view::npos) return 0;
  server::Request request;
  request.method = server::ParseMethod(first.substr(0, space));
  request.client = "192.0.2.1";
  if (!server::ParseTarget(first.substr(space + 1), &request).ok()) return 0;
  std::string_view rest = line_end == std::string_view::npos ? "" : input.substr(line_end + 1);
  bool signed_in = false;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? "" : rest.substr(end + 1);
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value(line.substr(colon + 1));
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (name == "x-fuzz-role") {
      auto it = f.sessions.find(value);
      if (it == f.sessions.end()) continue;
      request.headers.emplace_back("cookie", std::string(server::kSessionCookie) + "=" + it->second.first);
      request.headers.emplace_back("x-csrf-token", it->second.second);
      signed_in = true;
      continue;
    }
    if (name == "cookie" || name == "authorization") signed_in = true;  // may be valid by luck
    if (request.headers.size() < server::kMaxHeaderCount) request.headers.emplace_back(name, value);
  }
  request.body = std::string(rest.substr(0, server::kMaxBodyBytes));
  const server::Response response = f.app->Handle(request);
  if (response.status < 100 || response.status >= 500) {
    std::fprintf(stderr, "status %d for %.*s: %s\n", response.status, static_cast<int>(first.size()),
                 first.data(), response.body.substr(0, 300).c_str());
    std::abort();
  }
  if (!signed_in && (response.body.find("555-0199") != std::string::npos ||
                     response.body.find("Lo vio su primo") != std::string::npos)) {
    std::fprintf(stderr, "restricted data shown to the public\n");
    std::abort();
  }
  return 0;
}
