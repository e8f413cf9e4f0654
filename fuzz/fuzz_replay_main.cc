// Plain main that replays files through a libFuzzer target, so corpus and regression
// inputs run in the normal test suite without libFuzzer (clang is not needed):
//
//   csv_reader_fuzz_replay [--mutations N] [--seconds S --seed K] DIR_OR_FILE...
//
// Every file is run as it is. With --mutations N, each is also run as N mutants made
// by a fixed-seed generator (bit flips, bytes and tokens that matter to our parsers
// inserted or overwritten, ranges deleted or repeated, splices with another input), so
// that the smoke run in CTest explores beyond the seeds yet is the same on every run.
// With --seconds S, mutation goes on for S seconds from seed K: stacked mutations of
// the inputs and of earlier mutants (a pool that keeps one mutant in 16, up to 4096),
// the bounded-time mutation run of CTest's <target>_fuzz_run with GCC. The sequence of
// mutants is fixed by K; only how far it gets depends on the machine, so a failure is
// always a real one and reproduces with the same seed.
//
// A crash or an invariant failure (std::abort in the target) fails the test; the input
// that caused it is written to ./fuzz-crash-<target>-<n> from the signal handler
// (mutant n of the run), to be kept in fuzz/regressions/<target>/. Exits non-zero if a
// path cannot be read or no inputs were found.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// Bytes and tokens that change how our readers see an input: delimiters, quotes, line
// ends, JSON structure, escapes, a UTF-8 letter and its BOM, invalid and control bytes,
// dates and long numbers.
const std::vector<std::string_view> kTokens = {",",
                                               ";",
                                               "\t",
                                               "\"",
                                               "\"\"",
                                               "\n",
                                               "\r\n",
                                               "\r",
                                               "{",
                                               "}",
                                               "[",
                                               "]",
                                               ":",
                                               "\\",
                                               "\\u",
                                               "\\ud83d",
                                               "\xC3\xA9",
                                               "\xEF\xBB\xBF",
                                               "\xFF",
                                               "\xE9",
                                               std::string_view("\0", 1),
                                               "\x1b[2J",
                                               " ",
                                               "=",
                                               "'''",
                                               "[[",
                                               "]]",
                                               "#",
                                               "null",
                                               "true",
                                               "-",
                                               "e",
                                               "0",
                                               "00123",
                                               "99999999999999999999999",
                                               "31/02/1990",
                                               "1990-03-15",
                                               "[[[[[[[[[[[[[[[[",
                                               "N/A",
                                               "XXX-XXX-435",
                                               "V-12.345.678"};

struct Input {
  std::string name;
  std::string bytes;
};

bool ReadFile(const std::filesystem::path& path, std::vector<Input>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read\n", path.c_str());
    return false;
  }
  out->push_back({path.string(), std::string((std::istreambuf_iterator<char>(in)),
                                             std::istreambuf_iterator<char>())});
  return true;
}

bool CollectInputs(const std::filesystem::path& root, std::vector<Input>* out) {
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) return ReadFile(root, out);
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (!ReadFile(file, out)) return false;
  }
  return true;
}

size_t Below(std::mt19937_64& random, size_t n) { return n == 0 ? 0 : random() % n; }

void MutateOnce(std::mt19937_64& random, const std::vector<Input>& inputs, std::string* s) {
  const size_t at = Below(random, s->size() + 1);
  switch (random() % 7) {
    case 0:
      if (!s->empty()) (*s)[Below(random, s->size())] ^= static_cast<char>(1 << (random() % 8));
      break;
    case 1:
      s->insert(at, kTokens[Below(random, kTokens.size())]);
      break;
    case 2: {
      const std::string_view token = kTokens[Below(random, kTokens.size())];
      s->replace(at, std::min(token.size(), s->size() - at), token);
      break;
    }
    case 3:
      s->erase(at, Below(random, std::min<size_t>(s->size() - at, 64) + 1));
      break;
    case 4: {
      const size_t length = Below(random, std::min<size_t>(s->size() - at, 64) + 1);
      const std::string range = s->substr(at, length);
      for (int copies = 1 + static_cast<int>(random() % 3); copies > 0; --copies) {
        s->insert(at, range);
      }
      break;
    }
    case 5: {
      const std::string& other = inputs[Below(random, inputs.size())].bytes;
      *s = s->substr(0, at) + other.substr(Below(random, other.size() + 1));
      break;
    }
    default:
      s->insert(at, 1, static_cast<char>(random() % 256));
  }
}

// The input being run and where it goes if the target crashes on it: written by the
// signal handler with async-signal-safe calls only.
const std::string* g_current = nullptr;
char g_crash_path[512] = "fuzz-crash";

void OnCrash(int signal_number) {
  if (g_current != nullptr) {
    const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      const char* p = g_current->data();
      size_t left = g_current->size();
      while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n <= 0) break;
        p += n;
        left -= static_cast<size_t>(n);
      }
      ::close(fd);
      static constexpr char kSaved[] = "fuzz: the failing input is saved in ";
      (void)!::write(2, kSaved, sizeof kSaved - 1);
      (void)!::write(2, g_crash_path, std::strlen(g_crash_path));
      (void)!::write(2, "\n", 1);
    }
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

void InstallCrashHandlers() {
  for (int s : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(s, OnCrash);
}

void Run(const std::string& bytes, const std::string& crash_name) {
  std::snprintf(g_crash_path, sizeof g_crash_path, "%s", crash_name.c_str());
  g_current = &bytes;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  g_current = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 0;
  double seconds = 0;
  uint64_t seed = 1;
  std::vector<Input> inputs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
      mutations = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (!CollectInputs(argv[i], &inputs)) {
      return 1;
    }
  }
  InstallCrashHandlers();
  const std::string target = std::filesystem::path(argv[0]).filename().string();
  const std::string prefix = "fuzz-crash-" + target + "-";
  for (const Input& input : inputs) Run(input.bytes, prefix + "input");
  std::mt19937_64 random(20250325);  // fixed: the same mutants on every run
  size_t mutants = 0;
  for (const Input& input : inputs) {
    for (int m = 0; m < mutations; ++m) {
      std::string bytes = input.bytes;
      for (int steps = 1 + static_cast<int>(random() % 4); steps > 0; --steps) {
        MutateOnce(random, inputs, &bytes);
      }
      Run(bytes, prefix + std::to_string(mutants));
      ++mutants;
    }
  }
  std::printf("replayed %zu inputs and %zu mutants\n", inputs.size(), mutants);
  if (seconds > 0 && !inputs.empty()) {
    // Bounded in time: mutants of the inputs and of kept mutants, from `seed`.
    std::mt19937_64 timed(seed);
    std::vector<Input> pool = inputs;
    const auto stop = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    size_t run = 0;
    while (std::chrono::steady_clock::now() < stop) {
      std::string bytes = pool[Below(timed, pool.size())].bytes;
      for (int steps = 1 + static_cast<int>(timed() % 8); steps > 0; --steps) {
        MutateOnce(timed, pool, &bytes);
      }
      if (bytes.size() > (1u << 20)) bytes.resize(1u << 20);  // keep runs short
      Run(bytes, prefix + "seed" + std::to_string(seed) + "-" + std::to_string(run));
      ++run;
      if (timed() % 16 == 0) {
        if (pool.size() < 4096) {
          pool.push_back({"mutant", std::move(bytes)});
        } else {
          pool[inputs.size() + Below(timed, pool.size() - inputs.size())].bytes = std::move(bytes);
        }
      }
    }
    std::printf("seed %llu: %zu mutants in %.0f s\n", static_cast<unsigned long long>(seed), run,
                seconds);
  }
  return inputs.empty() ? 1 : 0;
}
