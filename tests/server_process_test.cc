// `habeas serve` as a process on 127.0.0.1: malformed HTTP on a raw socket gets clear
// 4xx answers and never a crash; a slow client is dropped without stopping others;
// SIGTERM lets a request in flight finish, then the process exits 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include "server/test_store.h"

namespace habeas {
namespace {

namespace fs = std::filesystem;

struct Server {
  pid_t pid = -1;
  int port = 0;
};

// Starts `habeas --db DB serve --port 0` and reads the port from its first line.
Server StartServer(const std::string& db) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
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
  Server s;
  s.pid = pid;
  const size_t colon = line.rfind(':');
  if (colon != std::string::npos) s.port = std::atoi(line.c_str() + colon + 1);
  EXPECT_GT(s.port, 0) << "first line: " << line;
  return s;
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

// Sends raw bytes on a new connection and returns everything the server answers.
std::string Exchange(int port, const std::string& bytes) {
  const int fd = Connect(port);
  SendAll(fd, bytes);  // no half-close: httplib drops a request whose client shut down writing
  std::string answer = ReadAll(fd);
  ::close(fd);
  return answer;
}

int StatusOf(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0) return -1;
  return std::atoi(answer.c_str() + 9);
}

class ServerProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string((fs::temp_directory_path() /
                            ("habeas_server_process_" + std::to_string(::getpid())))
                               .string());
    fs::remove_all(*dir_);
    auto db = server::testing::BuildTestStore(*dir_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = new std::string(*db);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete db_;
  }
  void SetUp() override {
    ASSERT_NE(db_, nullptr);
    server_ = StartServer(*db_);
  }
  void TearDown() override {
    if (server_.pid > 0) {
      ::kill(server_.pid, SIGKILL);
      ::waitpid(server_.pid, nullptr, 0);
    }
  }
  int Health() {
    return StatusOf(Exchange(server_.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  }
  static std::string* dir_;
  static std::string* db_;
  Server server_;
};
std::string* ServerProcessTest::dir_ = nullptr;
std::string* ServerProcessTest::db_ = nullptr;

TEST_F(ServerProcessTest, MalformedRequestsGetClearFourHundreds) {
  struct Case {
    const char* what;
    std::string bytes;
    int low, high;
  };
  std::string flood = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 200; ++i) flood += "X-Flood-" + std::to_string(i) + ": y\r\n";
  flood += "Connection: close\r\n\r\n";
  const Case cases[] = {
      {"garbage request line", "GARBAGE\r\n\r\n", 400, 400},
      {"header flood", flood, 400, 431},
      {"body far over the limit",
       "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 10485760\r\nConnection: close\r\n\r\n{\"q\":",
       413, 413},
      {"bad UTF-8 in the query",
       "GET /api/v1/search?q=%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400},
      {"path traversal",
       "GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 404},
      {"encoded traversal",
       "GET /static/%2e%2e%2f%2e%2e%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
       400, 400},
      {"huge target", "GET /?q=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 400,
       414},
      {"bad JSON",
       "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       "Content-Length: 7\r\nConnection: close\r\n\r\n{\"q\": [",
       400, 400},
      {"unknown method", "BREW /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400,
       405},
  };
  for (const Case& c : cases) {
    const std::string answer = Exchange(server_.port, c.bytes);
    const int status = StatusOf(answer);
    EXPECT_GE(status, c.low) << c.what << ": " << answer.substr(0, 300);
    EXPECT_LE(status, c.high) << c.what << ": " << answer.substr(0, 300);
    EXPECT_EQ(Health(), 200) << "after " << c.what;
  }
  const std::string bad_json = Exchange(
      server_.port,
      "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nConnection: close\r\n\r\n{\"q\": [");
  EXPECT_NE(bad_json.find("not valid JSON"), std::string::npos) << bad_json;
  int status = 0;
  ASSERT_EQ(::waitpid(server_.pid, &status, WNOHANG), 0) << "the server died";
}

TEST_F(ServerProcessTest, ASlowClientIsDroppedAndOthersAreServed) {
  const int slow = Connect(server_.port);
  SendAll(slow, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");  // never finishes its headers
  EXPECT_EQ(Health(), 200);
  const auto start = std::chrono::steady_clock::now();
  const std::string answer = ReadAll(slow);  // returns when the server closes it
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(slow);
  EXPECT_LT(seconds, 14.0) << "the slow client was not dropped by the read timeout";
  EXPECT_EQ(answer.find("200 OK"), std::string::npos);
  EXPECT_EQ(Health(), 200);
}

TEST_F(ServerProcessTest, SigtermLetsTheRequestInFlightFinish) {
  const int fd = Connect(server_.port);
  const std::string body = R"({"q": "jesus alberto perez rodriguez"})";
  SendAll(fd, "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
              body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(::kill(server_.pid, SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  SendAll(fd, body.substr(10));
  const std::string answer = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(StatusOf(answer), 200) << answer.substr(0, 300);
  EXPECT_NE(answer.find("Otay Mesa"), std::string::npos);
  int status = 0;
  ASSERT_EQ(::waitpid(server_.pid, &status, 0), server_.pid);
  server_.pid = -1;
  EXPECT_TRUE(WIFEXITED(status)) << "killed by a signal";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace habeas
