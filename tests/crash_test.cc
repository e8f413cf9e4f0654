// kill -9 during `habeas import`: the store must open, pass its integrity check, and
// hold each batch entirely or not at all, with its ledger entry, and verify; importing
// again completes the job. On a SQLite file (both write paths) and on a PostgreSQL
// store (HABEAS_TEST_PG_URL).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "habeas/ledger_store.h"
#include "habeas/store.h"
#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

using testing::RunHabeas;
using testing::ScratchDir;
using testing::StartHabeas;

constexpr int kRows = 300000;

void WriteList(const std::filesystem::path& dir) {
  std::ofstream csv(dir / "big.csv", std::ios::binary);
  csv << "record_id,nombres,apellidos,fecha_nacimiento,cedula\n";
  for (int i = 1; i <= kRows; ++i) {
    csv << i << ",José Luis " << i << ",\"Pérez, Infante\"," << (1950 + i % 50) << "-0"
        << (1 + i % 9) << "-1" << (i % 9) << ",V-" << (10000000 + i) << "\n";
  }
  std::ofstream(dir / "big.toml") << R"([source]
name = "manifest"
kind = "government"
record_id = "record_id"
[fields]
given_names = "nombres"
surnames = "apellidos"
birth_date = "fecha_nacimiento"
national_id = "cedula"
)";
}

// Every batch in the store is complete: its counts add up and match its rows.
void ExpectOnlyWholeBatches(const std::string& db) {
  auto store = OpenStore(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Status integrity = (*store)->CheckIntegrity();
  ASSERT_TRUE(integrity.ok()) << integrity.ToString();
  auto batches = (*store)->ListBatches(std::nullopt);
  ASSERT_TRUE(batches.ok());
  ASSERT_LE(batches->size(), 1u);
  for (const BatchInfo& b : *batches) {
    EXPECT_EQ(b.rows_read, kRows);
    EXPECT_EQ(b.rows_imported, kRows);
    RecordFilter f;
    f.batch_id = b.id;
    EXPECT_EQ(*(*store)->CountRecords(f), kRows);
  }
  // Each batch with its ledger entry or neither, and the ledger verifies.
  EXPECT_EQ((*store)->LedgerLeafHashes()->size(), batches->size());
  Result<LedgerReport> ledger = VerifyLedger(**store, {});
  EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
  if (batches->empty()) {
    EXPECT_EQ(*(*store)->CountRecords({}), 0);
    EXPECT_TRUE((*store)->ListSources()->empty());
  }
}

// Run with the batch written through the WAL and with the store held exclusively
// (rollback journal), the two ways `habeas import` writes.
class CrashTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CrashTest, KillDashNineDuringImportLeavesWholeBatchesOnly) {
  ScratchDir dir(std::string("crash_") + GetParam());
  WriteList(dir.path());
  const std::vector<std::string> import = {"--db",     "t.db",        "--quiet",
                                           "import",   "big.csv",     "--mapping",
                                           "big.toml", "--exclusive", GetParam()};
  int killed_mid_import = 0;
  int hot_journals = 0;  // kills that left a rollback journal for the next open to undo
  for (int delay_ms : {5, 40, 120, 250, 400, 600, 900}) {
    const pid_t pid = StartHabeas(import, dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    const bool was_running = ::kill(pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (was_running && WIFSIGNALED(status)) ++killed_mid_import;
    if (std::filesystem::exists(dir.path() / "t.db-journal")) ++hot_journals;
    SCOPED_TRACE("killed after " + std::to_string(delay_ms) + " ms");
    ExpectOnlyWholeBatches((dir.path() / "t.db").string());
  }
  EXPECT_GE(killed_mid_import, 3) << "the import finished too fast to be interrupted";
  // (In WAL mode a journal can still appear for an instant while a new store is
  // created, before WAL is switched on, so only the exclusive run is checked.)
  if (std::string(GetParam()) == "yes") {
    EXPECT_GE(hot_journals, 2) << "the exclusive import was never caught mid-write";
  }

  testing::CommandResult done = RunHabeas(import, dir.path());
  EXPECT_EQ(done.exit_code, 0) << done.err;
  ExpectOnlyWholeBatches((dir.path() / "t.db").string());
  auto store = OpenSqliteStore((dir.path() / "t.db").string());
  EXPECT_EQ(*(*store)->CountRecords({}), kRows);
}

INSTANTIATE_TEST_SUITE_P(WalAndExclusive, CrashTest, ::testing::Values("no", "yes"));

// On PostgreSQL the batch is one server transaction: a client killed before COMMIT
// leaves nothing (the server rolls back when the connection drops), one killed after
// leaves the batch with its entry.
class PgCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, TestBackend::kPostgres);
    ASSERT_EQ(::setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1), 0);
  }
  void TearDown() override { ::unsetenv("XDG_DATA_HOME"); }

  std::optional<TestStoreLocation> location_;
  ScratchDir dir_{"crash_pg"};
};

TEST_F(PgCrashTest, KillDashNineDuringImportLeavesWholeBatchesOnly) {
  WriteList(dir_.path());
  const std::vector<std::string> import = {"--db",    location_->db(), "--quiet", "import",
                                           "big.csv", "--mapping",     "big.toml"};
  int killed_mid_import = 0;
  for (int delay_ms : {5, 40, 120, 250, 400, 600, 900}) {
    const pid_t pid = StartHabeas(import, dir_.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    const bool was_running = ::kill(pid, SIGKILL) == 0;
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (was_running && WIFSIGNALED(status)) ++killed_mid_import;
    SCOPED_TRACE("killed after " + std::to_string(delay_ms) + " ms");
    ExpectOnlyWholeBatches(location_->db());
  }
  EXPECT_GE(killed_mid_import, 3) << "the import finished too fast to be interrupted";
  testing::CommandResult done = RunHabeas(import, dir_.path());
  EXPECT_EQ(done.exit_code, 0) << done.err;
  ExpectOnlyWholeBatches(location_->db());
  auto store = OpenStore(location_->db());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(*(*store)->CountRecords({}), kRows);
}

}  // namespace
}  // namespace habeas
