// Several `habeas` processes writing one PostgreSQL store at the same time, as a team
// does: two importers of different lists, a linker and a reviewer's two decisions,
// started together with different start offsets. At the end nothing is lost (every
// batch, record and decision is there), every record is in exactly one person, the
// persons are those of the same commands run one after another, and the store passes
// check-store and verify. docs/store.md "PostgreSQL", "Concurrency", says which locks make it so.
// Needs HABEAS_TEST_PG_URL (store/test_backends.h).
#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "store/pg_util.h"
#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

using testing::CommandResult;
using testing::RunHabeas;
using testing::RunHabeasTogether;
using testing::TimedCommand;

// A person of the synthetic population: the same name and cédula in every list that
// names them (accents dropped in some, as lists do).
std::string PersonRow(int i, bool plain) {
  static const char* given[] = {"José", "Luis", "Carlos", "Pedro", "Juan", "Andrés", "María",
                                "Ana"};
  static const char* plain_given[] = {"Jose", "Luis", "Carlos", "Pedro", "Juan", "Andres",
                                      "Maria", "Ana"};
  static const char* surnames[] = {"Pérez", "González", "Rodríguez", "Hernández", "Martínez",
                                   "Quintero", "Salas"};
  static const char* plain_surnames[] = {"Perez", "Gonzalez", "Rodriguez", "Hernandez",
                                         "Martinez", "Quintero", "Salas"};
  const char** g = plain ? plain_given : given;
  const char** s = plain ? plain_surnames : surnames;
  std::ostringstream row;
  row << g[i % 8] << "," << s[i % 7] << " " << s[(i / 7) % 7] << ",19" << (50 + i % 40) << "-0"
      << (1 + i % 9) << "-1" << (i % 9) << ",V-" << 20000000 + i;
  return row.str();
}

// base: persons 1–200; one: 101–250 (plain spelling); two: 151–300.
void WriteLists(const std::filesystem::path& dir) {
  struct List {
    const char* name;
    int first;
    int last;
    bool plain;
  };
  for (const List& l : {List{"base", 1, 200, false}, List{"one", 101, 250, true},
                        List{"two", 151, 300, false}}) {
    std::ofstream csv(dir / (std::string(l.name) + ".csv"));
    csv << "id,nombres,apellidos,nacimiento,cedula\n";
    for (int i = l.first; i <= l.last; ++i) csv << l.name << i << "," << PersonRow(i, l.plain) << "\n";
    std::ofstream(dir / (std::string(l.name) + ".toml"))
        << "[source]\nname = \"" << l.name << "\"\nkind = \"ngo\"\nrecord_id = \"id\"\n"
        << "[fields]\ngiven_names = \"nombres\"\nsurnames = \"apellidos\"\n"
        << "birth_date = \"nacimiento\"\nnational_id = \"cedula\"\n";
  }
}

std::vector<std::string> Import(const char* list) {
  return {"import", std::string(list) + ".csv", "--mapping", std::string(list) + ".toml"};
}

// The reviewer's decisions, about records of the base list (ids 1–200, imported first).
const std::vector<std::string> kDecideSame = {"decide", "1", "2", "same", "--reason",
                                              "same mother named them", "--by", "ana"};
const std::vector<std::string> kDecideDistinct = {"decide", "9", "10", "distinct", "--reason",
                                                  "different villages", "--by", "ana"};

class PgConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgresUrl().empty()) {
      std::optional<TestStoreLocation> unused;
      HABEAS_SETUP_TEST_BACKEND(unused, TestBackend::kPostgres);
    }
    WriteLists(dir_.path());
    // A PostgreSQL store's ledger key lives under $XDG_DATA_HOME (here, ours), never
    // the user's own directory.
    ASSERT_EQ(::setenv("XDG_DATA_HOME", (dir_.path() / "data").c_str(), 1), 0);
  }
  void TearDown() override { ::unsetenv("XDG_DATA_HOME"); }

  CommandResult Run(const std::string& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db, "--quiet"});
    return RunHabeas(args, dir_.path());
  }
  TimedCommand At(const std::string& db, std::vector<std::string> args, int delay_ms) {
    args.insert(args.begin(), {"--db", db, "--quiet"});
    return {args, std::chrono::milliseconds(delay_ms)};
  }

  // The persons as sets of "source:record id", sorted: comparable across stores whose
  // record and person ids differ.
  std::set<std::set<std::string>> Persons(const std::string& db) {
    CommandResult links = Run(db, {"export", "links"});
    EXPECT_EQ(links.exit_code, 0) << links.err;
    std::map<std::string, std::set<std::string>> by_person;
    std::istringstream in(links.out);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::istringstream row(line);
      for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
      EXPECT_EQ(cells.size(), 4u) << line;
      if (cells.size() != 4) continue;
      EXPECT_EQ(cells[3].rfind("P", 0), 0u) << "record not linked: " << line;
      by_person[cells[3]].insert(cells[0] + ":" + cells[1]);
    }
    std::set<std::set<std::string>> out;
    for (auto& [person, records] : by_person) out.insert(records);
    return out;
  }

  int64_t Count(const std::string& db, const std::string& sql) {
    auto conn = store::PgConnection::Connect(db);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (!conn.ok()) return -1;
    auto n = conn->QueryInt(sql);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  // The same commands one after another.
  std::set<std::set<std::string>> SequentialPersons() {
    TestStoreLocation location(TestBackend::kPostgres);
    const std::string db = location.db();
    for (const std::vector<std::string>& command :
         {Import("base"), {"link"}, Import("one"), Import("two"), {"link"}, kDecideSame,
          kDecideDistinct, {"link", "--retrain"}}) {
      CommandResult r = Run(db, command);
      EXPECT_EQ(r.exit_code, 0) << command[0] << ": " << r.err;
    }
    return Persons(db);
  }

  testing::ScratchDir dir_{"pg_concurrency"};
};

TEST_F(PgConcurrencyTest, ImportersLinkerAndReviewerTogetherLoseNothing) {
  const std::set<std::set<std::string>> sequential = SequentialPersons();
  ASSERT_FALSE(sequential.empty());
  // Start offsets (ms) of import one, import two, link, decide same, decide distinct.
  const std::vector<std::vector<int>> rounds = {
      {0, 0, 0, 0, 0}, {0, 60, 120, 180, 240}, {240, 180, 0, 60, 120}};
  for (const std::vector<int>& offsets : rounds) {
    SCOPED_TRACE("offsets " + std::to_string(offsets[0]) + "," + std::to_string(offsets[1]) +
                 "," + std::to_string(offsets[2]) + "," + std::to_string(offsets[3]) + "," +
                 std::to_string(offsets[4]));
    TestStoreLocation location(TestBackend::kPostgres);
    const std::string db = location.db();
    ASSERT_EQ(Run(db, Import("base")).exit_code, 0);
    ASSERT_EQ(Run(db, {"link"}).exit_code, 0);

    const std::vector<CommandResult> together = RunHabeasTogether(
        {At(db, Import("one"), offsets[0]), At(db, Import("two"), offsets[1]),
         At(db, {"link"}, offsets[2]), At(db, kDecideSame, offsets[3]),
         At(db, kDecideDistinct, offsets[4])},
        dir_.path());
    for (const CommandResult& r : together) {
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    }

    // No lost write.
    EXPECT_EQ(Count(db, "SELECT count(*) FROM batches"), 3);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM records"), 200 + 150 + 150);
    EXPECT_EQ(Count(db, "SELECT count(DISTINCT batch_id) FROM records"), 3);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM link_decisions"), 2);
    // Each batch's ids are one consecutive range (the import lock), as the filters need.
    EXPECT_EQ(Count(db,
                    "SELECT count(*) FROM batches b WHERE last_record_id - first_record_id + 1 "
                    "<> (SELECT count(*) FROM records r WHERE r.batch_id = b.id)"),
              0);

    // Records imported after the linker read are linked by the next run.
    CommandResult relink = Run(db, {"link", "--retrain"});
    ASSERT_EQ(relink.exit_code, 0) << relink.err;
    // Each record in exactly one person, no person without records.
    EXPECT_EQ(Count(db, "SELECT count(*) FROM records r LEFT JOIN record_persons rp ON "
                        "rp.record_id = r.id WHERE rp.record_id IS NULL"),
              0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM persons p WHERE status = 'active' AND NOT EXISTS "
                        "(SELECT 1 FROM record_persons rp WHERE rp.person_id = p.id)"),
              0);
    EXPECT_EQ(Persons(db), sequential);

    CommandResult check = Run(db, {"check-store"});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    // Every writer logged its write: the entries cover the rows, numbered without gaps.
    CommandResult verify = Run(db, {"verify"});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }
}

}  // namespace
}  // namespace habeas
