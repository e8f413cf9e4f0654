// Serve(): cpp-httplib underneath, App on top. This is the only file that knows the
// HTTP library: it copies what arrived into a server::Request (the target is parsed by
// our own ParseTarget), hands it to App::Handle, and copies the Response back.
#include <httplib.h>

#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "habeas/output_file.h"
#include "habeas/search.h"
#include "habeas/server.h"
#include "server/app.h"

namespace habeas {

namespace {

std::atomic<bool> g_stop_requested{false};
std::mutex g_stop_mutex;
std::condition_variable g_stop_cv;

void OnSignal(int) { g_stop_requested.store(true); }

// Connections waiting to be accepted. httplib listens with a backlog of 5
// (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's library): 64 clients connecting at
// once overflowed it, and their dropped handshakes were retried after a second (p99 of
// 1-2 s in load runs; ListenOverflows in /proc/net/netstat). The kernel caps it at
// net.core.somaxconn.
constexpr int kListenBacklog = 1024;

// Writes one JSON line per request; thread-safe.
class AccessLog {
 public:
  explicit AccessLog(const std::string& target) {
    if (target == "-") {
      out_ = &std::cerr;
    } else if (!target.empty()) {
      file_.open(target, std::ios::app);
      out_ = &file_;
    }
  }
  bool ok() const { return out_ == nullptr || out_->good(); }
  // Whether lines are written at all (callers build none when not).
  bool enabled() const { return out_ != nullptr; }
  void Write(const nlohmann::json& line) {
    if (!out_) return;
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::lock_guard lock(mutex_);
    *out_ << text << '\n';
    out_->flush();
  }

 private:
  std::mutex mutex_;
  std::ofstream file_;
  std::ostream* out_ = nullptr;
};

server::Response Rejected(int status, const std::string& message) {
  return server::ApiError(status, status == 413 ? "too large" : "invalid input", message);
}

// Fills `request` from httplib's; a response if the request is refused before routing.
std::optional<server::Response> Translate(const httplib::Request& in, server::Request* request) {
  request->method = server::ParseMethod(in.method);
  request->client = in.remote_addr;
  if (in.headers.size() > server::kMaxHeaderCount) {
    return Rejected(431, "more than " + std::to_string(server::kMaxHeaderCount) + " headers");
  }
  for (const auto& [name, value] : in.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request->headers.emplace_back(std::move(lower), value);
  }
  if (in.body.size() > server::kMaxBodyBytes) {
    return Rejected(413, "the body is larger than " + std::to_string(server::kMaxBodyBytes) +
                             " bytes");
  }
  request->body = in.body;
  if (request->method == server::Method::kOther) {
    return server::ApiError(405, "method not allowed", "method " + in.method + " is not supported");
  }
  Status target = server::ParseTarget(in.target, request);
  if (!target.ok()) {
    return Rejected(in.target.size() > server::kMaxTargetBytes ? 414 : 400, target.message());
  }
  return std::nullopt;
}

void CopyOut(server::Response&& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) {
    if (name == "Set-Cookie") {
      to.headers.emplace(name, value);  // may repeat
    } else {
      to.set_header(name, value);
    }
  }
  // set_content() would copy the body (~5.6 KB for a search answer).
  to.body = std::move(from.body);
  to.set_header("Content-Type", from.content_type);
}

}  // namespace

void RequestServerStop() {
  g_stop_requested.store(true);
  g_stop_cv.notify_all();
}

namespace {

// The files serve writes: the access log (appended) never onto the store, its ledger key
// or its index; a named index only over a file that is an index (as `habeas find`).
Status CheckServeOutputs(const ServeOptions& options) {
  const std::string index =
      options.index_path.empty() ? search::IndexPathFor(options.db_path) : options.index_path;
  if (!options.access_log.empty() && options.access_log != "-") {
    OutputFileOptions log;
    log.option_name = "--access-log";
    log.protected_paths = ProtectedPathsForStore(options.db_path, index);
    HABEAS_RETURN_IF_ERROR(CheckOutputPath(options.access_log, log));
  }
  const auto origin = options.index_path.empty() ? search::IndexPathOrigin::kDefault
                                                 : search::IndexPathOrigin::kNamedByUser;
  return CheckOutputPath(index, search::IndexOutputOptions(options.db_path, origin));
}

}  // namespace

Status Serve(const ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    return InvalidInput("--port must be between 0 and 65535");
  }
  if (options.threads < 1 || options.threads > 4096) {
    return InvalidInput("--threads must be between 1 and 4096");
  }
  HABEAS_RETURN_IF_ERROR(CheckServeOutputs(options));
  server::App::Parts parts;
  parts.options = options;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<server::App> app, server::App::Create(parts));
  AccessLog log(options.access_log);
  if (!log.ok()) return InvalidInput("cannot write the access log " + options.access_log);

  httplib::Server http;
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http.set_payload_max_length(server::kMaxBodyBytes);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_write_timeout(options.write_timeout_seconds, 0);
  http.set_keep_alive_timeout(options.keep_alive_seconds);
  http.set_keep_alive_max_count(static_cast<size_t>(options.keep_alive_requests));
  http.set_tcp_nodelay(true);
  int listening_socket = -1;  // httplib calls this for the listening socket only
  http.set_socket_options([&listening_socket](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket = sock;
  });

  auto handle = [&](const httplib::Request& in, httplib::Response& out) {
    const auto start = std::chrono::steady_clock::now();
    server::Request request;
    server::Caller caller;
    std::optional<server::Response> early = Translate(in, &request);
    server::Response response = early ? std::move(*early) : app->Handle(request, &caller);
    const int status = response.status;
    const size_t bytes = response.body.size();
    CopyOut(std::move(response), out);
    if (!log.enabled()) return;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    // The path only: query strings and bodies hold the names people search for.
    log.Write({{"time", app->clock().NowIso()},
               {"client", in.remote_addr},
               {"method", in.method},
               {"path", request.path.empty() ? std::string("?") : request.path.substr(0, 200)},
               {"status", status},
               {"bytes", bytes},
               {"ms", std::round(ms * 100) / 100},
               {"user", caller.user}});
  };
  for (const char* pattern : {".*"}) {
    http.Get(pattern, handle);
    http.Post(pattern, handle);
    http.Put(pattern, handle);
    http.Delete(pattern, handle);
    http.Patch(pattern, handle);
    http.Options(pattern, handle);
  }
  http.set_error_handler([&](const httplib::Request& in, httplib::Response& out) {
    // httplib's own refusals (e.g. 413 for a body over the limit, 400 for a bad request
    // line): give them a clear JSON body too.
    if (!out.body.empty()) return;
    const int status = out.status;
    CopyOut(server::ApiError(status, "bad request",
                             std::string(server::ReasonPhrase(status)) + ": " +
                                 (status == 413 ? "the body is too large" : "malformed request")),
            out);
    log.Write({{"time", app->clock().NowIso()}, {"client", in.remote_addr},
               {"method", in.method}, {"path", "?"}, {"status", status}, {"bytes", out.body.size()},
               {"ms", 0}, {"user", ""}});
  });
  http.set_exception_handler([&](const httplib::Request&, httplib::Response& out, std::exception_ptr) {
    CopyOut(server::ApiError(500, "internal", "the server failed on this request"), out);
  });

  const int port = options.port == 0 ? http.bind_to_any_port(options.host)
                                     : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port < 0) {
    return Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                       " (in use, or not an address of this machine)");
  }
  // listen() again on a listening socket only sets its backlog.
  if (listening_socket >= 0) (void)::listen(listening_socket, kListenBacklog);

  g_stop_requested.store(false);
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Watches for the stop request and the store's changes; stopping closes the
  // listening socket, and listen_after_bind() returns once in-flight requests are done.
  std::thread watcher([&] {
    auto next_tick = std::chrono::steady_clock::now();
    while (!g_stop_requested.load()) {
      {
        std::unique_lock lock(g_stop_mutex);
        g_stop_cv.wait_for(lock, std::chrono::milliseconds(100));
      }
      if (std::chrono::steady_clock::now() >= next_tick) {
        app->Tick();
        next_tick = std::chrono::steady_clock::now() + std::chrono::seconds(options.reload_seconds);
      }
    }
    http.stop();
  });
  if (options.on_listening) options.on_listening(options.host, port);
  const bool listened = http.listen_after_bind();
  g_stop_requested.store(true);
  g_stop_cv.notify_all();
  watcher.join();
  if (!listened && !g_stop_requested.load()) return Unavailable("the server stopped unexpectedly");
  return Status::Ok();
}

}  // namespace habeas
