// The real `habeas` binary on a PostgreSQL store (--db postgresql://...): import two
// lists, link, find a person, side by side with the same commands on a SQLite file,
// which must give the same persons, and record proofs of the same rows. Needs
// HABEAS_TEST_PG_URL (store/test_backends.h).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "habeas/search.h"
#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

using testing::CommandResult;
using testing::RunHabeas;

// Two lists sharing twelve persons by cédula: a manifest of 20, an NGO list of 12 of
// them plus 5 others.
void WriteLists(const std::filesystem::path& dir) {
  const char* given[] = {"José", "Luis", "Carlos", "Pedro", "Juan", "Andrés"};
  const char* surnames[] = {"Pérez", "González", "Rodríguez", "Hernández", "Martínez"};
  auto name = [&](int i) {
    return std::string(given[i % 6]) + "," + surnames[i % 5] + " " + surnames[(i / 5) % 5];
  };
  std::ofstream manifest(dir / "manifest.csv");
  manifest << "id,nombres,apellidos,cedula\n";
  for (int i = 1; i <= 20; ++i) manifest << "M" << i << "," << name(i) << ",V-" << 20000000 + i << "\n";
  std::ofstream ngo(dir / "ngo.csv");
  ngo << "id,nombres,apellidos,cedula\n";
  for (int i = 1; i <= 12; ++i) ngo << "N" << i << "," << name(i) << ",V-" << 20000000 + i << "\n";
  for (int i = 1; i <= 5; ++i) ngo << "T" << i << "," << name(50 + i) << ",V-" << 30000000 + i << "\n";
  for (const char* list : {"manifest", "ngo"}) {
    std::ofstream(dir / (std::string(list) + ".toml"))
        << "[source]\nname = \"" << list << "\"\nkind = \"ngo\"\nrecord_id = \"id\"\n"
        << "[fields]\ngiven_names = \"nombres\"\nsurnames = \"apellidos\"\n"
        << "national_id = \"cedula\"\n";
  }
}

// JSON lines without their "created_at" members.
std::string WithoutTimes(const std::string& json_lines) {
  std::string out;
  size_t start = 0;
  while (start < json_lines.size()) {
    size_t end = json_lines.find('\n', start);
    if (end == std::string::npos) end = json_lines.size();
    nlohmann::json line = nlohmann::json::parse(json_lines.substr(start, end - start));
    line.erase("created_at");
    out += line.dump() + "\n";
    start = end + 1;
  }
  return out;
}

class PgCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, TestBackend::kPostgres);
    // Write commands sign the ledger: the PostgreSQL store's key goes under
    // $XDG_DATA_HOME (here, ours), never the user's own directory.
    ASSERT_EQ(::setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1), 0);
    WriteLists(dir_.path());
  }
  void TearDown() override { ::unsetenv("XDG_DATA_HOME"); }

  CommandResult Run(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--quiet"});
    return RunHabeas(args, dir_.path());
  }

  // Imports both lists into `db`, links, and finds the person with cédula V-20000007
  // (`index`: the locator index file): the first result's records' source ids, sorted.
  std::vector<std::string> ImportLinkAndFind(const std::string& db, const std::string& index) {
    for (const char* list : {"manifest", "ngo"}) {
      CommandResult r = Run(db, {"import", std::string(list) + ".csv", "--mapping",
                                 std::string(list) + ".toml"});
      EXPECT_EQ(r.exit_code, 0) << list << ": " << r.err;
    }
    CommandResult link = Run(db, {"link"});
    EXPECT_EQ(link.exit_code, 0) << link.err;
    CommandResult find = Run(db, {"--json", "find", "--id", "V-20000007", "--index", index});
    EXPECT_EQ(find.exit_code, 0) << find.err;
    std::vector<std::string> ids;
    if (find.exit_code != 0) return ids;
    const nlohmann::json results = nlohmann::json::parse(find.out)["results"];
    EXPECT_FALSE(results.empty()) << find.out;
    if (results.empty()) return ids;
    // The person in full (its timeline read from the store: empty here).
    CommandResult show =
        Run(db, {"--json", "show", "person", results[0]["person_id"].get<std::string>()});
    EXPECT_EQ(show.exit_code, 0) << show.err;
    for (const auto& record : results[0]["records"]) {
      ids.push_back(record["source_record_id"].get<std::string>());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::optional<TestStoreLocation> location_;
  testing::ScratchDir dir_{"pg_cli"};
};

TEST_F(PgCliTest, ImportLinkAndFindGiveTheSamePersonsAsSqlite) {
  const std::vector<std::string> on_postgres =
      ImportLinkAndFind(location_->db(), (dir_.path() / "pg.idx").string());
  const std::vector<std::string> on_sqlite = ImportLinkAndFind("t.db", "t.db.idx");
  EXPECT_EQ(on_postgres, (std::vector<std::string>{"M7", "N7"}));
  EXPECT_EQ(on_postgres, on_sqlite);

  // Counts as SQLite has them (all but the time of import); the file imported again
  // is a no-op.
  CommandResult sources = Run(location_->db(), {"--json", "sources"});
  ASSERT_EQ(sources.exit_code, 0) << sources.err;
  EXPECT_EQ(WithoutTimes(sources.out), WithoutTimes(Run("t.db", {"--json", "sources"}).out));
  EXPECT_NE(sources.out.find("\"records\":17"), std::string::npos) << sources.out;
  CommandResult again = Run(location_->db(), {"import", "ngo.csv", "--mapping", "ngo.toml"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Run(location_->db(), {"--json", "sources"}).out, sources.out);

  CommandResult migrate = Run(location_->db(), {"migrate"});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("schema version"), std::string::npos) << migrate.out;
  CommandResult check = Run(location_->db(), {"check-store"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

// A PostgreSQL store has no file to put its index beside: without --index, find keeps
// it in the user's cache directory ($XDG_CACHE_HOME/habeas), one file per store URL.
TEST_F(PgCliTest, FindWithoutIndexKeepsTheIndexInTheCacheDirectory) {
  const std::filesystem::path cache = dir_.path() / "cache";
  ASSERT_EQ(::setenv("XDG_CACHE_HOME", cache.c_str(), 1), 0);
  CommandResult import = Run(location_->db(), {"import", "ngo.csv", "--mapping", "ngo.toml"});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  CommandResult find = Run(location_->db(), {"--json", "find", "--id", "V-20000007"});
  const std::string index = search::IndexPathFor(location_->db());
  ::unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(find.exit_code, 0) << find.err;
  EXPECT_NE(find.out.find("N7"), std::string::npos) << find.out;
  EXPECT_TRUE(std::filesystem::is_regular_file(index)) << index;
  EXPECT_EQ(std::filesystem::path(index).parent_path(), cache / "habeas");
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache / "habeas")) {
    EXPECT_EQ(entry.path().extension(), ".idx");
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

// The same list imported into a SQLite file and a PostgreSQL store: each verifies, and
// a record's proof from either shows the same row and the same path in its batch's row
// tree (the rows read back and hash byte for byte alike), and is checked by the same
// `habeas verify-proof` (no store) against its store's public key.
TEST_F(PgCliTest, ProofsOfTheSameImportShowTheSameRowOnBothBackends) {
  std::map<std::string, nlohmann::json> proofs;
  for (const std::string& db : {location_->db(), std::string("t.db")}) {
    SCOPED_TRACE(db);
    CommandResult import = Run(db, {"import", "ngo.csv", "--mapping", "ngo.toml"});
    ASSERT_EQ(import.exit_code, 0) << import.err;
    EXPECT_EQ(import.err.find("warning"), std::string::npos) << import.err;
    CommandResult verify = Run(db, {"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    const std::string pem = db == "t.db" ? "sqlite.pem" : "pg.pem";
    ASSERT_EQ(Run(db, {"checkpoint", "export", "--public-key", pem, "-o", "head.json"}).exit_code, 0);
    CommandResult prove = Run(db, {"prove", "record", "5", "--out", pem + ".proof.json"});
    ASSERT_EQ(prove.exit_code, 0) << prove.err;
    CommandResult check = RunHabeas({"verify-proof", pem + ".proof.json", "--public-key", pem},
                                    dir_.path());
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    std::ifstream in(dir_.path() / (pem + ".proof.json"));
    proofs[db == "t.db" ? "sqlite" : "postgres"] = nlohmann::json::parse(in);
  }
  ASSERT_EQ(proofs.size(), 2u);
  EXPECT_EQ(proofs["postgres"]["row"], proofs["sqlite"]["row"]);
  EXPECT_EQ(proofs["postgres"]["row_tree"], proofs["sqlite"]["row_tree"]);
  EXPECT_EQ(proofs["postgres"]["row"]["values"]["source_record_id"], "N5");
  // A proof checked against the other store's key is refused: the key is what vouches.
  EXPECT_EQ(RunHabeas({"verify-proof", "pg.pem.proof.json", "--public-key", "sqlite.pem"},
                      dir_.path())
                .exit_code,
            6);
}

}  // namespace
}  // namespace habeas
