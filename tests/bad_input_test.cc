// Data-driven bad-input tests (DuckDB style): each tests/bad_input/<case>.toml is one
// thing a user can type that must neither destroy the store, crash the tool nor
// quietly change the answer. A case holds the command line, its input files, the
// expected exit code and a substring of the expected message, and optionally files
// whose bytes must not change. Format: tests/bad_input/README.md.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_util.h"

namespace habeas {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunHabeas;
using testing::RunHabeasAs;
using testing::RunHabeasInTerminal;
using testing::ScratchDir;

const fs::path kCases = fs::path(HABEAS_SOURCE_DIR) / "tests/bad_input";
constexpr uid_t kNobody = 65534;

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "\xHH" escapes in a [bytes] value (TOML strings must be UTF-8; inputs need not be).
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// {source} and {scratch}; {xHH} is the byte 0xHH (an argument or a file name that is
// not UTF-8, which TOML strings cannot hold).
std::string Expand(std::string s, const fs::path& scratch) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{source}", HABEAS_SOURCE_DIR},
                                   {"{scratch}", scratch.string()}}) {
    for (size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), value);
  }
  for (size_t at = 0; (at = s.find("{x", at)) != std::string::npos;) {
    if (at + 5 <= s.size() && s[at + 4] == '}' &&
        std::isxdigit(static_cast<unsigned char>(s[at + 2])) &&
        std::isxdigit(static_cast<unsigned char>(s[at + 3]))) {
      s.replace(at, 5, 1, static_cast<char>(std::stoi(s.substr(at + 2, 2), nullptr, 16)));
    }
    ++at;
  }
  return s;
}

template <typename Node>
std::vector<std::string> Strings(toml::node_view<Node> node, const fs::path& scratch) {
  std::vector<std::string> out;
  if (const toml::array* a = node.as_array()) {
    for (const auto& v : *a) out.push_back(Expand(std::string(*v.value<std::string>()), scratch));
  }
  return out;
}

void WriteFiles(const toml::table& c, const fs::path& scratch) {
  if (const toml::table* files = c["files"].as_table()) {
    for (const auto& [name, v] : *files) {
      const fs::path path = scratch / Expand(std::string(name.str()), scratch);
      fs::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary)
          << Expand(std::string(*v.value<std::string>()), scratch);
    }
  }
  if (const toml::table* bytes = c["bytes"].as_table()) {
    for (const auto& [name, v] : *bytes) {
      std::ofstream(scratch / Expand(std::string(name.str()), scratch), std::ios::binary)
          << Unescape(std::string(*v.value<std::string>()));
    }
  }
  for (const std::string& f : Strings(c["fifos"], scratch)) {
    ASSERT_EQ(::mkfifo((scratch / f).c_str(), 0666), 0) << f;
  }
  if (const toml::table* links = c["hardlinks"].as_table()) {
    for (const auto& [name, target] : *links) {
      fs::create_hard_link(scratch / std::string(*target.value<std::string>()),
                           scratch / std::string(name.str()));
    }
  }
}

// The shared store: the fixture list imported and linked.
void MakeStore(const fs::path& scratch) {
  for (const char* f : {"list.csv", "list.toml"}) {
    fs::copy_file(kCases / "fixture" / f, scratch / f, fs::copy_options::overwrite_existing);
  }
  CommandResult r = RunHabeas({"--db", "h.db", "-q", "import", "list.csv", "--mapping",
                               "list.toml", "--accept-rejects"},
                              scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunHabeas({"--db", "h.db", "-q", "link"}, scratch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

class BadInputTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInputTest, RefusedClearlyAndNothingDamaged) {
  const fs::path file = kCases / (GetParam() + ".toml");
  toml::table c;
  try {
    c = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    FAIL() << file << ": " << e.description();
  }
  ScratchDir scratch("bad_" + GetParam());
  fs::permissions(scratch.path(), fs::perms::all);  // reachable by the unprivileged user
  if (c["store"].value_or(false)) {
    MakeStore(scratch.path());
    if (HasFatalFailure()) return;
  }
  WriteFiles(c, scratch.path());
  if (HasFatalFailure()) return;
  if (const toml::array* setup = c["setup"].as_array()) {
    for (const auto& step : *setup) {
      std::vector<std::string> args;
      for (const auto& a : *step.as_array()) {
        args.push_back(Expand(std::string(*a.value<std::string>()), scratch.path()));
      }
      CommandResult r = RunHabeas(args, scratch.path());
      ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << "setup failed: " << r.err;
    }
  }
  if (const toml::table* links = c["symlinks"].as_table()) {
    for (const auto& [name, target] : *links) {
      fs::create_symlink(Expand(std::string(*target.value<std::string>()), scratch.path()),
                         scratch.path() / Expand(std::string(name.str()), scratch.path()));
    }
  }
  std::map<std::string, std::string> before;
  for (const std::string& f : Strings(c["unchanged"], scratch.path())) {
    before[f] = Slurp(scratch.path() / f);
  }
  for (const std::string& f : Strings(c["readonly"], scratch.path())) {
    const fs::path p = scratch.path() / f;
    fs::permissions(p, fs::is_directory(p) ? fs::perms::owner_read | fs::perms::owner_exec |
                                                 fs::perms::group_read | fs::perms::group_exec |
                                                 fs::perms::others_read | fs::perms::others_exec
                                           : fs::perms::owner_read | fs::perms::group_read |
                                                 fs::perms::others_read);
  }
  const std::vector<std::string> args = Strings(c["args"], scratch.path());
  ASSERT_FALSE(args.empty()) << file << ": no args";
  const CommandResult r = c["terminal"].value_or(false) ? RunHabeasInTerminal(args, scratch.path())
                          : c["as_nobody"].value_or(false)
                              ? RunHabeasAs(args, scratch.path(), kNobody)
                              : RunHabeas(args, scratch.path());
  for (const std::string& f : Strings(c["readonly"], scratch.path())) {
    fs::permissions(scratch.path() / f, fs::perms::owner_all);
  }
  const std::string output = r.out + r.err;
  SCOPED_TRACE(file.string() + "\nstdout: " + r.out + "\nstderr: " + r.err);
  EXPECT_FALSE(r.timed_out) << "hung: killed after " << testing::kCommandTimeout.count() << " s";
  EXPECT_NE(r.exit_code, -1) << "killed by a signal (crash)";
  EXPECT_EQ(r.exit_code, c["exit"].value_or(0));
  for (const std::string& m : Strings(c["message"], scratch.path())) {
    EXPECT_NE(output.find(m), std::string::npos) << "missing message: " << m;
  }
  if (auto m = c["message"].value<std::string>()) {
    EXPECT_NE(output.find(Expand(*m, scratch.path())), std::string::npos)
        << "missing message: " << *m;
  }
  for (const std::string& m : Strings(c["stdout"], scratch.path())) {
    EXPECT_NE(r.out.find(m), std::string::npos) << "missing on stdout: " << m;
  }
  if (c["stderr_empty"].value_or(false)) {
    EXPECT_EQ(r.err, "") << "stderr should be empty";
  }
  for (const std::string& m : Strings(c["not_in_output"], scratch.path())) {
    EXPECT_EQ(output.find(m), std::string::npos) << "unexpected in the output: " << m;
  }
  for (const auto& [f, bytes] : before) {
    EXPECT_EQ(Slurp(scratch.path() / f), bytes) << f << " changed";
  }
  for (const std::string& f : Strings(c["absent"], scratch.path())) {
    EXPECT_FALSE(fs::exists(fs::symlink_status(scratch.path() / f))) << f << " exists";
  }
  for (const std::string& f : Strings(c["present"], scratch.path())) {
    EXPECT_TRUE(fs::exists(scratch.path() / f)) << f << " is missing";
  }
  for (const std::string& f : Strings(c["fifos"], scratch.path())) {
    EXPECT_TRUE(fs::is_fifo(fs::symlink_status(scratch.path() / f)))
        << f << " is no longer a FIFO (replaced by a file?)";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace habeas
