#include "server_process.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace habeas::testing {

ServerProcess StartServer(const std::string& db) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // A PostgreSQL store's ledger key and locator index go under the temporary
    // directory, never the user's home, unless the test chose a place itself.
    const std::string keep = "/tmp/habeas_test_xdg_" + std::to_string(::getppid());
    for (const char* var : {"XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
      if (std::getenv(var) == nullptr) ::setenv(var, (keep + "/" + var).c_str(), 1);
    }
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    execl(HABEAS_BINARY, HABEAS_BINARY, "--db", db.c_str(), "-q", "serve", "--host", "127.0.0.1",
          "--port", "0", "--access-log", "", static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  ::close(out[0]);
  ServerProcess s;
  s.pid = pid;
  const size_t colon = line.rfind(':');
  if (colon != std::string::npos) s.port = std::atoi(line.c_str() + colon + 1);
  EXPECT_GT(s.port, 0) << "first line: " << line;
  return s;
}

int StopServer(ServerProcess& server) {
  if (server.pid <= 0) return -1;
  ::kill(server.pid, SIGTERM);
  int status = 0;
  const pid_t waited = ::waitpid(server.pid, &status, 0);
  server.pid = -1;
  if (waited <= 0 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

void KillServer(ServerProcess& server) {
  if (server.pid <= 0) return;
  ::kill(server.pid, SIGKILL);
  ::waitpid(server.pid, nullptr, 0);
  server.pid = -1;
}

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval tv{15, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

void SendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early on a refused request
    sent += static_cast<size_t>(n);
  }
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string Exchange(int port, const std::string& bytes) {
  const int fd = Connect(port);
  SendAll(fd, bytes);  // no half-close: httplib drops a request whose client shut down writing
  std::string answer = ReadAll(fd);
  ::close(fd);
  return answer;
}

std::string HttpGet(int port, const std::string& target, const std::string& headers) {
  return Exchange(
      port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n");
}

int StatusOf(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0) return -1;
  return std::atoi(answer.c_str() + 9);
}

std::string BodyOf(const std::string& answer) {
  const size_t blank = answer.find("\r\n\r\n");
  return blank == std::string::npos ? "" : answer.substr(blank + 4);
}

}  // namespace habeas::testing
