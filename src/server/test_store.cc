#include "server/test_store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "habeas/ingest.h"
#include "habeas/link.h"
#include "habeas/store.h"
#include "store/pg_util.h"

namespace habeas::server::testing {

namespace fs = std::filesystem;

namespace {

Status ImportList(Store& store, const fs::path& data, const fs::path& mapping) {
  ImportOptions options;
  options.file = data.string();
  options.mapping_file = mapping.string();
  HABEAS_ASSIGN_OR_RETURN(ImportSummary summary, ImportFile(store, options));
  (void)summary;
  return Status::Ok();
}

}  // namespace

Result<std::string> BuildTestStore(const std::string& dir, int persons) {
  return BuildTestStoreAt(dir, dir + "/habeas.db", persons);
}

Result<std::string> BuildTestStoreAt(const std::string& dir, const std::string& db,
                                     int persons) {
  fs::create_directories(dir);
  const std::string gen = std::string(HABEAS_GEN_BINARY) + " --out " + dir + "/lists --persons " +
                          std::to_string(persons) + " --seed 5 --quiet";
  if (std::system(gen.c_str()) != 0) return Internal("habeas-gen failed: " + gen);
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(db));
  std::vector<fs::path> mappings;
  for (const auto& entry : fs::directory_iterator(dir + "/lists")) {
    if (entry.path().extension() == ".toml") mappings.push_back(entry.path());
  }
  std::sort(mappings.begin(), mappings.end());
  for (const fs::path& mapping : mappings) {
    for (const char* ext : {".csv", ".tsv", ".jsonl"}) {
      fs::path data = mapping;
      data.replace_extension(ext);
      if (fs::exists(data)) HABEAS_RETURN_IF_ERROR(ImportList(*store, data, mapping));
    }
  }
  const fs::path named = fs::path(HABEAS_TEST_DATA_DIR) / "server";
  HABEAS_RETURN_IF_ERROR(ImportList(*store, named / "relatives.csv", named / "relatives.toml"));
  HABEAS_RETURN_IF_ERROR(ImportList(*store, named / "manifest.csv", named / "manifest.toml"));
  link::LinkOptions options;
  HABEAS_ASSIGN_OR_RETURN(link::LinkReport report,
                          link::RunLink(*store, link::DefaultLinkSettings(), options));
  (void)report;
  return db;
}

namespace {

std::string ScratchDirectory(const std::string& what) {
  return (fs::temp_directory_path() / (what + "_" + std::to_string(::getpid()))).string();
}

Result<std::string> BuildSharedSqliteStore() {
  const std::string dir = ScratchDirectory("habeas_server_test");
  fs::remove_all(dir);
  Result<std::string> path = BuildTestStore(dir);
  std::atexit([] { fs::remove_all(ScratchDirectory("habeas_server_test")); });
  return path;
}

// The schema of the shared PostgreSQL store, dropped at exit (with its scratch lists).
std::string SharedSchema() { return "habeas_server_test_" + std::to_string(::getpid()); }

void DropSharedSchema() {
  auto conn = store::PgConnection::Connect(TestPostgresUrl());
  if (conn.ok()) (void)conn->Exec("DROP SCHEMA IF EXISTS " + SharedSchema() + " CASCADE");
  fs::remove_all(ScratchDirectory("habeas_server_test_pg"));
}

Result<std::string> BuildSharedPostgresStore() {
  const std::string base = TestPostgresUrl();
  if (base.empty()) return Unavailable("no PostgreSQL test server (HABEAS_TEST_PG_URL)");
  HABEAS_ASSIGN_OR_RETURN(store::PgConnection conn, store::PgConnection::Connect(base));
  HABEAS_RETURN_IF_ERROR(conn.Exec("DROP SCHEMA IF EXISTS " + SharedSchema() +
                                   " CASCADE; CREATE SCHEMA " + SharedSchema()));
  std::atexit(DropSharedSchema);
  const std::string db = base + (base.find('?') == std::string::npos ? "?" : "&") +
                         "options=-csearch_path%3D" + SharedSchema();
  const std::string dir = ScratchDirectory("habeas_server_test_pg");
  fs::remove_all(dir);
  return BuildTestStoreAt(dir, db);
}

}  // namespace

Result<std::string> SharedTestStore(TestBackend backend) {
  static std::once_flag once_sqlite;
  static std::once_flag once_postgres;
  static Result<std::string> sqlite = Internal("not built");
  static Result<std::string> postgres = Internal("not built");
  if (backend == TestBackend::kSqlite) {
    std::call_once(once_sqlite, [] { sqlite = BuildSharedSqliteStore(); });
    return sqlite;
  }
  std::call_once(once_postgres, [] { postgres = BuildSharedPostgresStore(); });
  return postgres;
}

}  // namespace habeas::server::testing
