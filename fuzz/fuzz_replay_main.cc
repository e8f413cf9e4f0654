// Plain main that replays files through a libFuzzer target, so corpus and regression
// inputs run in the normal test suite without libFuzzer (clang is not needed):
//
//   csv_reader_fuzz_replay [--mutations N] DIR_OR_FILE...
//
// Every file is run as it is; with --mutations N, each is also run as N mutants made by
// a fixed-seed generator (bit flips, bytes and tokens that matter to our parsers
// inserted or overwritten, ranges deleted or repeated, splices with another input), so
// that the smoke run in CTest explores beyond the seeds yet is the same on every run. A
// crash or an invariant failure (std::abort in the target) fails the test; the input
// that caused it is written to ./fuzz-crash-<target>-<n> first, to be kept in
// fuzz/regressions/<target>/. Exits non-zero if a path cannot be read or no inputs
// were found.
#include <algorithm>
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

void Run(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 0;
  std::vector<Input> inputs;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
      mutations = std::atoi(argv[++i]);
    } else if (!CollectInputs(argv[i], &inputs)) {
      return 1;
    }
  }
  for (const Input& input : inputs) Run(input.bytes);
  std::mt19937_64 random(20250325);  // fixed: the same mutants on every run
  const std::string target = std::filesystem::path(argv[0]).filename().string();
  size_t mutants = 0;
  for (const Input& input : inputs) {
    for (int m = 0; m < mutations; ++m) {
      std::string bytes = input.bytes;
      for (int steps = 1 + static_cast<int>(random() % 4); steps > 0; --steps) {
        MutateOnce(random, inputs, &bytes);
      }
      // Kept before running: if the target crashes, the input is on disk.
      const std::string keep = "fuzz-crash-" + target + "-" + std::to_string(mutants);
      std::ofstream(keep, std::ios::binary) << bytes;
      Run(bytes);
      std::filesystem::remove(keep);
      ++mutants;
    }
  }
  std::printf("replayed %zu inputs and %zu mutants\n", inputs.size(), mutants);
  return inputs.empty() ? 1 : 0;
}
