// `habeas copy` through the real binary: a store built by real imports, a link, a
// decision and timeline writes, copied SQLite → PostgreSQL → SQLite, gives the same
// rows (every `habeas export` the same), a ledger that verifies with the original key
// on arrival and after (on PostgreSQL too: the rows hash the same there),
// and a row-count report; a target holding data is refused and left unchanged. Needs
// HABEAS_TEST_PG_URL (store/test_backends.h).
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

using testing::CommandResult;
using testing::RunHabeas;

class CopyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, TestBackend::kPostgres);
    // A PostgreSQL store's ledger key lives under $XDG_DATA_HOME (here, ours), never
    // the user's own directory.
    ASSERT_EQ(::setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1), 0);
    for (const char* name : {"relatives.csv", "relatives.toml", "manifest.csv", "manifest.toml"}) {
      std::filesystem::copy_file(std::filesystem::path(HABEAS_TEST_DATA_DIR) / "server" / name,
                                 dir_.path() / name);
    }
    std::ofstream(dir_.path() / "facilities.csv")
        << "name,place\nCentro de Detención Otay Mesa,San Diego\nEl Helicoide,Caracas\n";
    std::ofstream(dir_.path() / "facilities.toml")
        << "[source]\nname = \"facilities\"\nkind = \"other\"\n[entity]\nkind = \"facility\"\n"
           "[columns]\nname = \"name\"\nplace = \"place\"\n";
    BuildSqliteStore();
  }

  void TearDown() override { ::unsetenv("XDG_DATA_HOME"); }

  CommandResult Run(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--quiet"});
    return RunHabeas(args, dir_.path());
  }
  CommandResult Copy(const std::string& from, const std::string& to,
                     std::vector<std::string> more = {}) {
    std::vector<std::string> args = more;
    args.insert(args.end(), {"copy", "--from", from, "--to", to});
    return RunHabeas(args, dir_.path());
  }

  void BuildSqliteStore() {
    for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
             {"import", "relatives.csv", "--mapping", "relatives.toml", "--accept-rejects"},
             {"import", "manifest.csv", "--mapping", "manifest.toml"},
             {"link"},
             {"decide", "1", "2", "distinct", "--reason", "different mothers"},
             {"import", "facilities.csv", "--mapping", "facilities.toml"},
             {"add", "claim", "--kind", "book_in", "--record", "1", "--at", "2025-03-15",
              "--source", "a lawyer", "--facility", "Otay Mesa"}}) {
      CommandResult r = Run("a.db", command);
      ASSERT_EQ(r.exit_code, 0) << command[0] << ": " << r.err;
    }
  }

  // Everything `habeas export` writes about the store, and its persons.
  std::string Exports(const std::string& db) {
    std::string out;
    for (const char* what : {"links", "persons", "records", "events"}) {
      CommandResult r = Run(db, {"export", what});
      EXPECT_EQ(r.exit_code, 0) << what << ": " << r.err;
      out += std::string("== ") + what + "\n" + r.out;
    }
    CommandResult persons = Run(db, {"--json", "persons"});
    EXPECT_EQ(persons.exit_code, 0) << persons.err;
    return out + "== persons\n" + persons.out;
  }

  std::optional<TestStoreLocation> location_;
  testing::ScratchDir dir_{"copy_cli"};
};

TEST_F(CopyCliTest, SqliteToPostgresToSqliteKeepsEveryRow) {
  const std::string pg = location_->db();
  CommandResult there = Copy("a.db", pg);
  ASSERT_EQ(there.exit_code, 0) << there.out << there.err;
  // The rows arrived with the bytes the SQLite ledger hashed: PostgreSQL's check agrees.
  EXPECT_NE(there.out.find("ledger: verified ("), std::string::npos) << there.out;
  EXPECT_NE(there.out.find("integrity: ok"), std::string::npos) << there.out;

  CommandResult back = Copy(pg, "b.db", {"--json"});
  ASSERT_EQ(back.exit_code, 0) << back.out << back.err;
  const nlohmann::json report = nlohmann::json::parse(back.out);
  EXPECT_EQ(report["ledger"], "verified");
  EXPECT_EQ(report["integrity"], "ok");
  std::map<std::string, int64_t> read;
  for (const auto& t : report["tables"]) {
    EXPECT_EQ(t["read"], t["written"]) << t.dump();
    read[t["table"]] = t["read"];
  }
  EXPECT_EQ(read["sources"], 2);  // the two lists (a timeline file names its source in its write)
  EXPECT_EQ(read["records"], 5);  // relatives: 4 rows, one rejected; manifest: 2
  EXPECT_EQ(read["rejected_rows"], 1);
  EXPECT_EQ(read["link_decisions"], 1);
  EXPECT_EQ(read["facilities"], 2);
  EXPECT_EQ(read["claims"], 1);  // the hand claim
  EXPECT_EQ(read["timeline_writes"], 2);
  EXPECT_GT(read["ledger_entries"], 0);
  EXPECT_GT(read["ledger_heads"], 0);

  const std::string original = Exports("a.db");
  EXPECT_NE(original.find("Otay Mesa"), std::string::npos);
  EXPECT_EQ(Exports(pg), original);
  EXPECT_EQ(Exports("b.db"), original);

  // The signed heads arrived with their signatures: the original key checks them.
  for (const std::string& db : {pg, std::string("b.db")}) {
    CommandResult verify = Run(db, {"--json", "--ledger-key", "a.db.ledger-key", "verify"});
    ASSERT_EQ(verify.exit_code, 0) << db << verify.out << verify.err;
    EXPECT_NE(verify.out.find("\"key_checked\":true"), std::string::npos) << verify.out;
  }
  EXPECT_EQ(Run("b.db", {"check-store"}).exit_code, 0);

  // The copy is a working store: the next link and import add to it.
  EXPECT_EQ(Run(pg, {"link"}).exit_code, 0);
  CommandResult decide = Run(pg, {"decide", "3", "4", "same", "--reason", "same cédula"});
  EXPECT_EQ(decide.exit_code, 0) << decide.err;
}

TEST_F(CopyCliTest, PostgresToPostgresKeepsEveryRow) {
  ASSERT_EQ(Copy("a.db", location_->db()).exit_code, 0);
  TestStoreLocation second(TestBackend::kPostgres);
  CommandResult r = Copy(location_->db(), second.db());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ledger: verified ("), std::string::npos) << r.out;
  EXPECT_EQ(Exports(second.db()), Exports("a.db"));
  // The identity sequences moved past the copied ids: the next decision gets a new id.
  CommandResult decide = Run(second.db(), {"--json", "decide", "3", "4", "same", "--reason", "x"});
  EXPECT_EQ(decide.exit_code, 0) << decide.err;
  EXPECT_NE(decide.out.find("\"decision_id\":2"), std::string::npos) << decide.out;
}

// A source whose ledger does not cover its rows gives a copy whose ledger does not
// verify either: the copy stays (it holds every row) and the command fails (exit 6).
TEST_F(CopyCliTest, ACopyWhoseLedgerDoesNotVerifyIsKeptAndFails) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "a.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE records SET fields = replace(fields, 'Jesús', 'Jesus')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  CommandResult r = Copy("a.db", "b.db");
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_NE(r.out.find("ledger: does not verify (the copy is kept"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("table records, row 1"), std::string::npos) << r.err;
  EXPECT_EQ(Exports("b.db"), Exports("a.db"));
}

TEST_F(CopyCliTest, ATargetHoldingDataIsRefusedAndLeftUnchanged) {
  ASSERT_EQ(Copy("a.db", "b.db").exit_code, 0);  // SQLite to SQLite
  const std::string before = Exports("b.db");
  CommandResult again = Copy("a.db", "b.db");
  EXPECT_EQ(again.exit_code, 5) << again.out << again.err;  // kConflict
  EXPECT_NE(again.err.find("already holds data (its table sources has rows)"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(Exports("b.db"), before);

  ASSERT_EQ(Copy("a.db", location_->db()).exit_code, 0);
  CommandResult onto_pg = Copy("b.db", location_->db());
  EXPECT_EQ(onto_pg.exit_code, 5) << onto_pg.out << onto_pg.err;
  EXPECT_EQ(Exports(location_->db()), before);
}

TEST_F(CopyCliTest, ReportsRowsReadAndWrittenPerTable) {
  CommandResult r = Copy("a.db", location_->db());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // One line per table: name, rows read, rows written.
  EXPECT_NE(r.out.find("TABLE"), std::string::npos) << r.out;
  for (const char* table : {"sources", "batches", "records", "rejected_rows", "persons",
                            "record_persons", "link_decisions", "ledger_entries", "claims",
                            "facilities", "audit_log", "decision_withdrawals"}) {
    EXPECT_NE(r.out.find(std::string("\n") + table + " "), std::string::npos) << table << r.out;
  }
  const size_t records = r.out.find("\nrecords ");
  ASSERT_NE(records, std::string::npos);
  const std::string line = r.out.substr(records + 1, r.out.find('\n', records + 1) - records - 1);
  EXPECT_EQ(line.substr(line.find_first_not_of(' ', 7)), "5     5") << line;
}

}  // namespace
}  // namespace habeas
