// Helpers for end-to-end tests: run the habeas binary, make scratch directories.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace habeas::testing {

struct CommandResult {
  int exit_code = -1;  // -1 if killed by a signal
  bool timed_out = false;  // killed after kCommandTimeout
  std::string out;
  std::string err;
};

// How long RunHabeas waits before killing the command (a hang is a failure).
inline constexpr std::chrono::seconds kCommandTimeout{120};

// Runs `habeas args...` in `cwd`, waits (at most kCommandTimeout), and captures
// stdout and stderr.
CommandResult RunHabeas(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// As RunHabeas, as user `uid` when the test runs as root (permission tests: root
// reads and writes through any chmod). Without root, the same as RunHabeas.
CommandResult RunHabeasAs(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                          uid_t uid);

// Runs `habeas args...` in `cwd` with a pseudo-terminal as its stdin, stdout and
// stderr (what a person at a terminal sees): `out` holds both streams as the terminal
// received them (line ends as CR LF), `err` is empty.
CommandResult RunHabeasInTerminal(const std::vector<std::string>& args,
                                  const std::filesystem::path& cwd);

// One command of RunHabeasTogether: its arguments and how long its process sleeps
// before it execs habeas.
struct TimedCommand {
  std::vector<std::string> args;
  std::chrono::milliseconds delay{0};
};

// Starts every command in its own process at once (each after its own delay), waits
// for all of them (each at most kCommandTimeout after the start) and returns their
// results in order: several writers at the same time, as a team's processes are.
std::vector<CommandResult> RunHabeasTogether(const std::vector<TimedCommand>& commands,
                                             const std::filesystem::path& cwd);

// Starts `habeas args...` in `cwd` without waiting (output discarded); returns the pid.
pid_t StartHabeas(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// A fresh empty directory under the system temp dir, removed by the destructor.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace habeas::testing
