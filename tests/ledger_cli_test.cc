// The ledger end to end through the real `habeas` binary, on a SQLite file and on a
// PostgreSQL store: imports, a link run and a decision are logged and signed; verify
// passes, then fails naming the row after a change made with plain SQL; a record proof
// is checked by habeas verify-proof and by an independent Python script (hashlib + the
// openssl command line).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "habeas/ledger_store.h"
#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

using testing::CommandResult;
using testing::RunHabeas;
using testing::ScratchDir;

void WriteLists(const std::filesystem::path& dir) {
  std::ofstream a(dir / "a.csv");
  a << "id,nombres,apellidos,nacimiento\n";
  for (int i = 1; i <= 40; ++i) {
    a << "A" << i << ",María " << (i % 7) << ",Pérez Gómez " << i << ",19" << (50 + i) << "-0"
      << (1 + i % 9) << "-1" << (i % 9) << "\n";
  }
  a << "A1,María,Repeated,1950-01-01\n";
  std::ofstream(dir / "a.toml") << "[source]\nname = \"family\"\nkind = \"family\"\n"
                                   "record_id = \"id\"\n[fields]\ngiven_names = \"nombres\"\n"
                                   "surnames = \"apellidos\"\nbirth_date = \"nacimiento\"\n";
  std::ofstream b(dir / "b.csv");
  b << "id,nombres,apellidos,nacimiento\n";
  for (int i = 1; i <= 30; ++i) {
    b << "B" << i << ",Maria " << (i % 7) << ",Perez Gomez " << i << ",19" << (50 + i) << "-0"
      << (1 + i % 9) << "-1" << (i % 9) << "\n";
  }
  std::ofstream(dir / "b.toml") << "[source]\nname = \"ngo\"\nkind = \"ngo\"\n"
                                   "record_id = \"id\"\n[fields]\ngiven_names = \"nombres\"\n"
                                   "surnames = \"apellidos\"\nbirth_date = \"nacimiento\"\n";
}

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int RunPythonChecker(const std::filesystem::path& dir, const std::string& proof) {
  const std::string cmd = "python3 " HABEAS_SOURCE_DIR "/tests/ledger_proof_check.py " +
                          (dir / proof).string() + " " + (dir / "pub.pem").string() +
                          " > " + (dir / "py.out").string() + " 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class LedgerCliTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    // A PostgreSQL store's default key lives in the user's data directory: here, ours.
    ASSERT_EQ(::setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1), 0);
    WriteLists(dir_.path());
    ASSERT_EQ(Run({"import", "a.csv", "--mapping", "a.toml", "--accept-rejects"}).exit_code, 0);
    ASSERT_EQ(Run({"import", "b.csv", "--mapping", "b.toml"}).exit_code, 0);
    CommandResult link = Run({"link"});
    ASSERT_EQ(link.exit_code, 0) << link.err;
    CommandResult decide = Run({"decide", "1", "45", "distinct", "--reason", "different mothers"});
    ASSERT_EQ(decide.exit_code, 0) << decide.err;
  }

  void TearDown() override { ::unsetenv("XDG_DATA_HOME"); }

  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", location_->db(), "--quiet"});
    return RunHabeas(args, dir_.path());
  }

  // Runs `sql` on the store behind the program's back.
  void Sql(const std::string& sql) {
    if (GetParam() == TestBackend::kPostgres) return location_->Tamper(sql);
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(location_->db().c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
  }

  std::optional<TestStoreLocation> location_;
  ScratchDir dir_{"ledger_cli"};
};

// `habeas user` needs the access tables, not yet written on PostgreSQL (AccessStore):
// its case runs on SQLite.
class LedgerCliUserTest : public LedgerCliTest {};

TEST_P(LedgerCliTest, WritesAreLoggedSignedAndVerified) {
  // The key outside the store: <db>.ledger-key, or for a URL under $XDG_DATA_HOME/habeas
  // in a directory of its own.
  const std::string key = DefaultLedgerKeyPath(location_->db());
  if (GetParam() == TestBackend::kPostgres) {
    EXPECT_EQ(std::filesystem::path(key).parent_path(), dir_.path() / "data" / "habeas");
    struct stat dir {};
    ASSERT_EQ(::stat((dir_.path() / "data" / "habeas").c_str(), &dir), 0);
    EXPECT_EQ(dir.st_mode & 0777, 0700u);
  } else {
    EXPECT_EQ(key, location_->db() + ".ledger-key");
  }
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0) << key;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  CommandResult v = Run({"--json", "verify"});
  ASSERT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("\"ok\":true"), std::string::npos) << v.out;
  // Two batches, one model, one link run, one decision; a head after each command.
  EXPECT_NE(v.out.find("\"entries\":5"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("\"heads_checked\":4"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("\"key_checked\":true"), std::string::npos) << v.out;
}

TEST_P(LedgerCliTest, AChangeBehindTheProgramsBackIsNamed) {
  Sql("UPDATE records SET fields = replace(fields, 'María', 'Marta') WHERE id = 12");
  CommandResult v = Run({"verify"});
  EXPECT_EQ(v.exit_code, 6);
  EXPECT_NE(v.err.find("first bad: entry #1, table records, row 12"), std::string::npos) << v.err;
}

// `habeas user add` is a write command: its state entry and audit row are logged and a
// head is signed over them; a role raised with plain SQL afterwards is named.
TEST_P(LedgerCliUserTest, AUserChangeIsLoggedSignedAndARaisedRoleIsNamed) {
  CommandResult added = Run({"user", "add", "ana", "--role", "reviewer"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.err.find("warning"), std::string::npos) << added.err;
  CommandResult v = Run({"--json", "verify"});
  ASSERT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("\"entries\":7"), std::string::npos) << v.out;  // + state, + audit row
  EXPECT_NE(v.out.find("\"heads_checked\":5"), std::string::npos) << v.out;
  Sql("UPDATE users SET role = 'admin' WHERE name = 'ana'");
  CommandResult bad = Run({"verify"});
  EXPECT_EQ(bad.exit_code, 6);
  EXPECT_NE(bad.err.find("first bad: entry #6, table users, row 1"), std::string::npos) << bad.err;
}

TEST_P(LedgerCliTest, RollbackIsCaughtAgainstAnExportedHead) {
  ASSERT_EQ(Run({"checkpoint", "export", "-o", "head.json"}).exit_code, 0);
  Sql("DELETE FROM link_decisions; DELETE FROM ledger_entries WHERE seq = 5; "
      "DELETE FROM ledger_heads WHERE size = 5");
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
  CommandResult v = Run({"verify", "--against", "head.json"});
  EXPECT_EQ(v.exit_code, 6);
  EXPECT_NE(v.err.find("truncated"), std::string::npos) << v.err;
}

TEST_P(LedgerCliTest, ARecordProofIsCheckedByHabeasAndByAnIndependentScript) {
  ASSERT_EQ(Run({"checkpoint", "export", "--public-key", "pub.pem", "-o", "head.json"}).exit_code,
            0);
  CommandResult prove = Run({"prove", "record", "45", "--out", "proof.json"});
  ASSERT_EQ(prove.exit_code, 0) << prove.err;
  const std::string proof = Read(dir_.path() / "proof.json");
  EXPECT_LE(proof.size(), 2048u) << proof;
  // The same document on standard output.
  EXPECT_EQ(Run({"prove", "record", "45"}).out, proof);

  CommandResult check = Run({"verify-proof", "proof.json", "--public-key", "pub.pem"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("records row 45"), std::string::npos) << check.out;
  EXPECT_EQ(RunPythonChecker(dir_.path(), "proof.json"), 0) << Read(dir_.path() / "py.out");
  EXPECT_NE(Read(dir_.path() / "py.out").find("ok records row 45"), std::string::npos);

  // An altered copy fails both checkers.
  std::string altered = proof;
  const size_t at = altered.find("\"source_record_id\":\"B");
  ASSERT_NE(at, std::string::npos);
  altered[at + 20] = 'A';
  std::ofstream(dir_.path() / "altered.json") << altered;
  EXPECT_EQ(Run({"verify-proof", "altered.json", "--public-key", "pub.pem"}).exit_code, 6);
  EXPECT_EQ(RunPythonChecker(dir_.path(), "altered.json"), 1) << Read(dir_.path() / "py.out");
  // A proof signed by another key fails against the trusted key.
  ASSERT_EQ(RunHabeas({"--db", location_->db(), "--ledger-key", "other.key", "checkpoint", "export",
                       "--public-key", "other.pem"},
                      dir_.path())
                .exit_code,
            0);
  EXPECT_EQ(Run({"verify-proof", "proof.json", "--public-key", "other.pem"}).exit_code, 6);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerCliTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);
INSTANTIATE_TEST_SUITE_P(Backends, LedgerCliUserTest, ::testing::Values(TestBackend::kSqlite),
                         TestBackendName);

}  // namespace
}  // namespace habeas
