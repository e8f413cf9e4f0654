// `habeas packet` end to end on the bundled March 2025 scenario, as a lawyer runs it:
// the store built by data/scenarios/march2025/import.sh and `habeas link`, the packet of
// the named plaintiff removed on GlobalX 6145. The PDF renders (pdftoppm to PNG, kept
// in build/packet-artifacts), embeds every font and prints the accented name; the JSON
// twin validates against docs/packet.schema.json; every proof checks with `habeas
// verify-proof` against the exported key and with the independent Python checker. Bad
// requests fail with a message and touch nothing. `habeas export persons|records|events`
// writes its files through the same guarded output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_util.h"

namespace habeas {
namespace {

using testing::CommandResult;
using testing::RunHabeas;
using testing::ScratchDir;

const std::string kArtifacts = std::string(HABEAS_BUILD_DIR) + "/packet-artifacts";

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command; its exit code, with stdout and stderr in `output`.
int Shell(const std::string& command, const std::filesystem::path& output) {
  const int rc = std::system((command + " > " + output.string() + " 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class PacketCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("packet_cli");
    const std::filesystem::path& d = dir_->path();
    ASSERT_EQ(Shell("bash " HABEAS_SOURCE_DIR "/data/scenarios/march2025/import.sh " HABEAS_BINARY
                    " " + (d / "h.db").string(),
                    d / "import.out"),
              0)
        << Read(d / "import.out");
    CommandResult link = RunHabeas({"--db", "h.db", "-q", "link"}, d);
    ASSERT_EQ(link.exit_code, 0) << link.err;
    // The named plaintiff (manifest M10) is found by his A-number.
    CommandResult find = RunHabeas({"--db", "h.db", "--json", "find", "--id", "207761909"}, d);
    ASSERT_EQ(find.exit_code, 0) << find.err;
    person_ = nlohmann::json::parse(find.out)["results"][0]["person_id"].get<std::string>();
  }
  static void TearDownTestSuite() { delete dir_; }

  static CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "h.db"});
    return RunHabeas(args, dir_->path());
  }
  static const std::filesystem::path& Dir() { return dir_->path(); }

  static inline ScratchDir* dir_ = nullptr;
  static inline std::string person_;
};

TEST_F(PacketCliTest, SpanishPacketRendersWithEmbeddedFontsAndTheNameAsRecorded) {
  CommandResult r = Run({"packet", person_, "--out", "es", "--lang", "es"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::filesystem::path out = Dir() / "es";
  ASSERT_TRUE(std::filesystem::exists(out / "packet.pdf"));
  // Rendered to PNG pages, kept as the test's artefact.
  std::filesystem::create_directories(kArtifacts);
  ASSERT_EQ(Shell("pdftoppm -png -r 50 " + (out / "packet.pdf").string() + " " + kArtifacts +
                      "/packet-es",
                  Dir() / "ppm.out"),
            0)
      << Read(Dir() / "ppm.out");
  EXPECT_TRUE(std::filesystem::exists(kArtifacts + "/packet-es-1.png"));
  // Every font embedded: pdffonts prints "yes" in the emb column of each font line.
  ASSERT_EQ(Shell("pdffonts " + (out / "packet.pdf").string(), Dir() / "fonts.out"), 0);
  std::istringstream fonts(Read(Dir() / "fonts.out"));
  std::string line;
  int font_lines = 0;
  for (int n = 0; std::getline(fonts, line); ++n) {
    if (n < 2 || line.empty()) continue;  // the header and its rule
    ++font_lines;
    std::istringstream cols(line);
    std::vector<std::string> words{std::istream_iterator<std::string>(cols), {}};
    ASSERT_GE(words.size(), 5u) << line;
    EXPECT_EQ(words[words.size() - 5], "yes") << "not embedded: " << line;
  }
  EXPECT_GT(font_lines, 0);
  // The text a clerk reads: Spanish headings, the accented name, the check page.
  ASSERT_EQ(Shell("pdftotext -enc UTF-8 " + (out / "packet.pdf").string() + " -", Dir() / "text.out"),
            0);
  const std::string text = Read(Dir() / "text.out");
  EXPECT_NE(text.find("Expediente para el tribunal"), std::string::npos);
  EXPECT_NE(text.find("QUINTERO RAMÍREZ, Jefferson"), std::string::npos);
  EXPECT_NE(text.find("Cómo comprobar este expediente"), std::string::npos);
  EXPECT_NE(text.find("jgg_tro_named"), std::string::npos);
  EXPECT_NE(text.find("VIOLACIÓN"), std::string::npos);
}

TEST_F(PacketCliTest, JsonTwinValidatesAgainstItsSchemaInBothRoles) {
  for (const std::string role : {"analyst", "reviewer"}) {
    CommandResult r = Run({"packet", person_, "--out", "json-" + role, "--role", role});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string check =
        "/usr/bin/python3 -c 'import json,sys,jsonschema; "
        "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
        "json.load(open(sys.argv[2])))' " HABEAS_SOURCE_DIR "/docs/packet.schema.json " +
        (Dir() / ("json-" + role) / "packet.json").string();
    EXPECT_EQ(Shell(check, Dir() / "schema.out"), 0) << role << ": " << Read(Dir() / "schema.out");
  }
  // The schema is not a rubber stamp: a packet missing its records fails it.
  nlohmann::json broken = nlohmann::json::parse(Read(Dir() / "json-analyst" / "packet.json"));
  broken.erase("records");
  std::ofstream(Dir() / "broken.json") << broken.dump();
  EXPECT_NE(Shell("/usr/bin/python3 -c 'import json,sys,jsonschema; "
                  "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate("
                  "json.load(open(sys.argv[2])))' " HABEAS_SOURCE_DIR "/docs/packet.schema.json " +
                      (Dir() / "broken.json").string(),
                  Dir() / "schema.out"),
            0);
}

TEST_F(PacketCliTest, EveryProofChecksWithVerifyProofAndTheIndependentChecker) {
  CommandResult r = Run({"--json", "packet", person_, "--out", "proofs"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  const std::filesystem::path out = Dir() / "proofs";
  const nlohmann::json packet = nlohmann::json::parse(Read(out / "packet.json"));
  ASSERT_EQ(summary["proofs"], packet["records"].size());
  ASSERT_GE(packet["records"].size(), 2u);  // manifest, complaint, CECOT registry
  for (const nlohmann::json& proof : packet["ledger"]["proofs"]) {
    const std::string file = (out / proof["file"].get<std::string>()).string();
    CommandResult v = Run({"verify-proof", file, "--public-key", (out / "ledger-key.pub.pem").string()});
    EXPECT_EQ(v.exit_code, 0) << file << ": " << v.err;
    EXPECT_NE(v.out.find("(the key you trust)"), std::string::npos) << v.out;
    EXPECT_EQ(Shell("python3 " HABEAS_SOURCE_DIR "/tests/ledger_proof_check.py " + file + " " +
                        (out / "ledger-key.pub.pem").string(),
                    Dir() / "py.out"),
              0)
        << Read(Dir() / "py.out");
  }
  // A proof altered after the packet was written fails.
  const std::string first = (out / packet["ledger"]["proofs"][0]["file"].get<std::string>()).string();
  nlohmann::json proof = nlohmann::json::parse(Read(first));
  proof["row"]["values"]["source_record_id"] = "M99";
  std::ofstream(Dir() / "altered.json") << proof.dump();
  CommandResult bad = Run({"verify-proof", (Dir() / "altered.json").string()});
  EXPECT_NE(bad.exit_code, 0);
}

TEST_F(PacketCliTest, BadRequestsFailWithAMessageAndWriteNothing) {
  CommandResult unknown = Run({"packet", "P999999", "--out", "none"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no person P999999"), std::string::npos) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(Dir() / "none" / "packet.pdf"));
  CommandResult not_an_id = Run({"packet", "Jefferson", "--out", "none"});
  EXPECT_NE(not_an_id.exit_code, 0);
  EXPECT_NE(not_an_id.err.find("not a person id"), std::string::npos) << not_an_id.err;
  CommandResult bad_lang = Run({"packet", person_, "--out", "none", "--lang", "fr"});
  EXPECT_NE(bad_lang.exit_code, 0);
  // The store is never a target: --out pointing at it is refused, the store intact.
  std::filesystem::create_directories(Dir() / "trap");
  std::filesystem::create_symlink(Dir() / "h.db", Dir() / "trap" / "packet.pdf");
  CommandResult trap = Run({"packet", person_, "--out", "trap"});
  EXPECT_NE(trap.exit_code, 0);
  EXPECT_NE(trap.err.find("store"), std::string::npos) << trap.err;
  EXPECT_FALSE(std::filesystem::exists(Dir() / "trap" / "packet.json"))
      << "a refused packet writes none of its files";
  CommandResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST_F(PacketCliTest, ExportsWriteWholeFilesAndNeverTheStore) {
  CommandResult persons = Run({"export", "persons", "--format", "uwazi", "--bom", "-o", "p.csv"});
  ASSERT_EQ(persons.exit_code, 0) << persons.err;
  const std::string text = Read(Dir() / "p.csv");
  EXPECT_EQ(text.substr(0, 9), "\xEF\xBB\xBFtitle,");
  EXPECT_NE(text.find("QUINTERO RAMÍREZ, Jefferson"), std::string::npos);
  CommandResult events = Run({"export", "events", "--format", "jsonl", "-o", "e.jsonl"});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  std::istringstream lines(Read(Dir() / "e.jsonl"));
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    EXPECT_TRUE(nlohmann::json::parse(line).contains("claim_id"));
  }
  EXPECT_GT(n, 80);
  CommandResult onto_store = Run({"export", "records", "-o", "h.db"});
  EXPECT_NE(onto_store.exit_code, 0);
  EXPECT_NE(onto_store.err.find("store"), std::string::npos) << onto_store.err;
  CommandResult bom_json = Run({"export", "records", "--format", "jsonl", "--bom"});
  EXPECT_NE(bom_json.exit_code, 0);
  EXPECT_NE(bom_json.err.find("--bom is for CSV"), std::string::npos) << bom_json.err;
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
}

}  // namespace
}  // namespace habeas
