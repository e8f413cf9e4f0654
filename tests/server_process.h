// `habeas serve` as a child process on 127.0.0.1 for end-to-end tests, and raw HTTP
// against it (no client library: the tests send malformed requests too).
//
//   ServerProcess server = StartServer(db);          // --port 0: the port it printed
//   std::string answer = HttpGet(server.port, "/api/v1/health");
//   EXPECT_EQ(StatusOf(answer), 200);
//   EXPECT_EQ(StopServer(server), 0);                // SIGTERM, then its exit code
#pragma once

#include <sys/types.h>

#include <string>

namespace habeas::testing {

struct ServerProcess {
  pid_t pid = -1;
  int port = 0;  // 0 when the server did not say where it listens
};

// Starts `habeas --db DB -q serve --host 127.0.0.1 --port 0 --access-log ""` and reads
// the port from its first line of stdout. The child inherits the environment.
ServerProcess StartServer(const std::string& db);
// SIGTERM, then waits: the exit code, or -1 when killed by a signal or not running.
int StopServer(ServerProcess& server);
// SIGKILL and wait (a test's cleanup when it may have failed half-way).
void KillServer(ServerProcess& server);

// A connected socket with a 15 s receive timeout.
int Connect(int port);
void SendAll(int fd, const std::string& bytes);
// Everything until the server closes the connection (or the timeout).
std::string ReadAll(int fd);
// Sends raw bytes on a new connection and returns everything the server answers.
std::string Exchange(int port, const std::string& bytes);
// GET `target` with `headers` (each "Name: value\r\n"), Connection: close.
std::string HttpGet(int port, const std::string& target, const std::string& headers = "");
// The status code of an HTTP/1.1 answer, or -1.
int StatusOf(const std::string& answer);
// The body of an HTTP answer (after the blank line).
std::string BodyOf(const std::string& answer);

}  // namespace habeas::testing
