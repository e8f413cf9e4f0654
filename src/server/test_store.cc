#include "server/test_store.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "habeas/ingest.h"
#include "habeas/link.h"
#include "habeas/store.h"

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
  fs::create_directories(dir);
  const std::string gen = std::string(HABEAS_GEN_BINARY) + " --out " + dir + "/lists --persons " +
                          std::to_string(persons) + " --seed 5 --quiet";
  if (std::system(gen.c_str()) != 0) return Internal("habeas-gen failed: " + gen);
  const std::string db = dir + "/habeas.db";
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(db));
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

Result<std::string> SharedTestStore() {
  static std::once_flag once;
  static Result<std::string> path = Internal("not built");
  std::call_once(once, [] {
    const std::string dir =
        (fs::temp_directory_path() / ("habeas_server_test_" + std::to_string(::getpid())))
            .string();
    fs::remove_all(dir);
    path = BuildTestStore(dir);
    std::atexit([] {
      if (path.ok()) fs::remove_all(fs::path(*path).parent_path());
    });
  });
  return path;
}

}  // namespace habeas::server::testing
