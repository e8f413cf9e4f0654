#include "test_util.h"

#include <fcntl.h>
#include <grp.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace habeas::testing {
namespace {

// In a command's child process: what it keeps for a PostgreSQL URL (its ledger key, its
// locator index) goes under the test's directory, never the user's home, unless the
// test chose a place itself.
void KeepUserFilesUnder(const std::filesystem::path& cwd) {
  for (const char* var : {"XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
    if (std::getenv(var) == nullptr) ::setenv(var, (cwd / (std::string(".") + var)).c_str(), 1);
  }
}

pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& cwd,
            const std::string& out_path, const std::string& err_path, uid_t uid = 0,
            std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (delay.count() > 0) ::usleep(static_cast<useconds_t>(delay.count() * 1000));
  const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (uid != 0 && ::geteuid() == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(uid) != 0 || ::setuid(uid) != 0) ::_exit(126);
  }
  if (::chdir(cwd.c_str()) != 0) ::_exit(127);
  KeepUserFilesUnder(cwd);
  const int in = ::open("/dev/null", O_RDONLY);
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(err, 2);
  std::vector<char*> argv;
  std::string binary = HABEAS_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(binary.c_str(), argv.data());
  ::_exit(127);
}

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A unique base name for a command's captured stdout and stderr.
std::string CaptureBase() {
  static int counter = 0;
  return (std::filesystem::temp_directory_path() /
          ("habeas_cmd_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
      .string();
}

// Waits for `pid` until `deadline`, killing it past that; fills exit_code and timed_out.
void WaitUntil(pid_t pid, std::chrono::steady_clock::time_point deadline, CommandResult* r) {
  int status = 0;
  bool timed_out = false;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r->exit_code = WIFEXITED(status) && !timed_out ? WEXITSTATUS(status) : -1;
  r->timed_out = timed_out;
}

CommandResult Collect(const std::string& base, CommandResult r) {
  r.out = Slurp(base + ".out");
  r.err = Slurp(base + ".err");
  std::filesystem::remove(base + ".out");
  std::filesystem::remove(base + ".err");
  return r;
}

}  // namespace

std::vector<CommandResult> RunHabeasTogether(const std::vector<TimedCommand>& commands,
                                             const std::filesystem::path& cwd) {
  std::vector<std::string> bases;
  std::vector<pid_t> pids;
  for (const TimedCommand& c : commands) {
    bases.push_back(CaptureBase());
    pids.push_back(Spawn(c.args, cwd, bases.back() + ".out", bases.back() + ".err", 0, c.delay));
  }
  const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  std::vector<CommandResult> results;
  for (size_t i = 0; i < pids.size(); ++i) {
    CommandResult r;
    WaitUntil(pids[i], deadline, &r);
    results.push_back(Collect(bases[i], std::move(r)));
  }
  return results;
}

CommandResult RunHabeas(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  return RunHabeasAs(args, cwd, 0);
}

CommandResult RunHabeasAs(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                          uid_t uid) {
  const std::string base = CaptureBase();
  const pid_t pid = Spawn(args, cwd, base + ".out", base + ".err", uid);
  // A command that hangs (it once blocked forever opening a FIFO given as --db) is
  // killed after kCommandTimeout and reported as killed, instead of holding the test
  // until CTest's timeout.
  CommandResult r;
  WaitUntil(pid, std::chrono::steady_clock::now() + kCommandTimeout, &r);
  return Collect(base, std::move(r));
}

CommandResult RunHabeasInTerminal(const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd) {
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) return CommandResult{};
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    KeepUserFilesUnder(cwd);
    std::vector<char*> argv;
    std::string binary = HABEAS_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  CommandResult r;
  const auto deadline = std::chrono::steady_clock::now() + kCommandTimeout;
  char buffer[4096];
  for (;;) {
    // The terminal's output ends (EIO) when the command and its children are gone.
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n > 0) {
      r.out.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::close(master);
  r.exit_code = WIFEXITED(status) && !r.timed_out ? WEXITSTATUS(status) : -1;
  return r;
}

pid_t StartHabeas(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  return Spawn(args, cwd, "/dev/null", "/dev/null");
}

ScratchDir::ScratchDir(const std::string& name)
    : path_(std::filesystem::temp_directory_path() /
            ("habeas_" + name + "_" + std::to_string(::getpid()))) {
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() { std::filesystem::remove_all(path_); }

}  // namespace habeas::testing
