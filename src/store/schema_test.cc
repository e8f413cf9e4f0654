// The schema as migrations (schema.cc): numbered from 1 without gaps, each applying
// cleanly on top of the ones before, and every table and index specified in
// docs/store.md (durable formats are specified in prose).
#include "store/schema.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace habeas::store {
namespace {

// The names of the tables, indexes and triggers `sql` creates.
std::set<std::string> CreatedNames(std::string_view sql) {
  std::set<std::string> out;
  const std::regex create(R"(CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|TRIGGER)\s+(\w+))");
  const std::string text(sql);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), create);
       it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

// The names of the tables, indexes and triggers in database `db`.
std::set<std::string> SchemaNames(sqlite3* db) {
  std::set<std::string> out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') "
                     "AND name NOT LIKE 'sqlite_%'",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  return out;
}

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  const auto migrations = Migrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i + 1));
    EXPECT_FALSE(migrations[i].description.empty()) << migrations[i].version;
    EXPECT_FALSE(migrations[i].sql.empty()) << migrations[i].version;
  }
}

TEST(Migrations, EachAppliesOnTopOfTheOnesBefore) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  std::set<std::string> expected;
  for (const Migration& m : Migrations()) {
    char* error = nullptr;
    const std::string sql(m.sql);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << "migration " << m.version << ": " << (error ? error : "");
    const std::set<std::string> created = CreatedNames(m.sql);
    // Each creates something, except one that only keeps the version list in step with
    // PostgreSQL's (pg_schema.cc), whose SQL says so.
    if (created.empty()) {
      EXPECT_NE(sql.find("nothing to change on SQLite"), std::string::npos) << m.version;
    }
    for (const std::string& name : created) {
      EXPECT_TRUE(expected.insert(name).second) << name << " created twice";
    }
    EXPECT_EQ(SchemaNames(db), expected) << "after migration " << m.version;
  }
  sqlite3_close(db);
}

TEST(Migrations, EveryTableAndIndexIsSpecifiedInTheStoreDocument) {
  std::ifstream in(std::string(HABEAS_SOURCE_DIR) + "/docs/store.md");
  ASSERT_TRUE(in.good());
  std::stringstream doc;
  doc << in.rdbuf();
  for (const Migration& m : Migrations()) {
    for (const std::string& name : CreatedNames(m.sql)) {
      EXPECT_NE(doc.str().find(name), std::string::npos)
          << name << " (migration " << m.version << ") is not in docs/store.md";
    }
  }
}

}  // namespace
}  // namespace habeas::store
