// `habeas serve` as a process on 127.0.0.1: malformed HTTP on a raw socket gets clear
// 4xx answers and never a crash; a slow client is dropped without stopping others;
// SIGTERM lets a request in flight finish, then the process exits 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/test_store.h"
#include "server_process.h"
#include "test_util.h"

namespace habeas {
namespace {

namespace fs = std::filesystem;

using testing::CommandResult;
using testing::Connect;
using testing::Exchange;
using testing::KillServer;
using testing::ReadAll;
using testing::RunHabeas;
using testing::SendAll;
using testing::ServerProcess;
using testing::StartServer;
using testing::StatusOf;

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
  void TearDown() override { KillServer(server_); }
  int Health() {
    return StatusOf(Exchange(server_.port, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  }
  static std::string* dir_;
  static std::string* db_;
  ServerProcess server_;
};
std::string* ServerProcessTest::dir_ = nullptr;
std::string* ServerProcessTest::db_ = nullptr;

// The API's estimate is the command's: the same report for the same options (the
// linker's linkage here, to keep the test short; both take their default draws from
// LinkageDrawOptions, and the app tests compare a drawn estimate with the library's).
TEST_F(ServerProcessTest, TheApisEstimateIsTheCommands) {
  const fs::path cwd = *dir_;
  const CommandResult add =
      RunHabeas({"--db", *db_, "-q", "user", "add", "estimate_reader", "--role", "analyst"}, cwd);
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const CommandResult token =
      RunHabeas({"--db", *db_, "-q", "--json", "user", "token", "estimate_reader"}, cwd);
  ASSERT_EQ(token.exit_code, 0) << token.err;
  const std::string bearer = nlohmann::json::parse(token.out)["token"].get<std::string>();
  ASSERT_FALSE(bearer.empty()) << token.out;
  const CommandResult cli =
      RunHabeas({"--db", *db_, "-q", "--json", "estimate", "--linkage-draws", "0"}, cwd);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const std::string answer = testing::HttpGet(server_.port, "/api/v1/estimate?linkage_draws=0",
                                              "Authorization: Bearer " + bearer + "\r\n");
  ASSERT_EQ(StatusOf(answer), 200) << answer.substr(0, 600);
  EXPECT_EQ(nlohmann::json::parse(testing::BodyOf(answer)), nlohmann::json::parse(cli.out));
}

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
