// libFuzzer target: the import of a whole file (ImportFile over a StringSource) into a
// temporary store, with a fixed mapping that maps every kind of field. An input whose
// first non-blank byte is '{' is a JSON Lines file, any other a CSV file; an input
// starting with "!" is imported with --strict (FieldProblems::kRejectRow). Invariants:
// nothing crashes; an import either fails as a whole (leaving no batch or record) or
// accounts for every row: rows read = imported + rejected, and the store holds exactly
// those records and rejected rows.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "habeas/byte_source.h"
#include "habeas/ingest.h"
#include "habeas/store.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

constexpr const char* kMapping = R"([source]
name = "fuzz"
kind = "leak"
record_id = "id"
[fields]
full_name = "nombre"
given_names = "nombres"
surname1 = "apellido"
birth_date = "nacimiento"
record_date = "fecha"
age = "edad"
sex = "sexo"
national_id = "cedula"
a_number = "anumero"
other_id = "otro"
note = "nota"
[formats]
birth_date = "DD/MM/YYYY"
placeholders = ["s/d"]
)";

// One directory per process for the mapping and the store, in memory where possible
// (/dev/shm: the store is synced on every commit), removed at exit.
struct WorkDir {
  WorkDir() {
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    path = base / ("habeas_import_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    std::ofstream(path / "m.toml") << kMapping;
  }
  ~WorkDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::filesystem::path path;
};

const std::filesystem::path& WorkPath() {
  static const WorkDir dir;
  return dir.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string data(reinterpret_cast<const char*>(bytes), size);
  habeas::ImportOptions options;
  if (data.rfind("!", 0) == 0) {
    options.field_problems = habeas::ImportOptions::FieldProblems::kRejectRow;
    data.erase(0, 1);
  }
  const size_t first = data.find_first_not_of(" \t\r\n");
  const bool jsonl = first != std::string::npos && data[first] == '{';
  options.file = jsonl ? "list.jsonl" : "list.csv";
  options.mapping_file = (WorkPath() / "m.toml").string();

  const std::string db = (WorkPath() / "fuzz.db").string();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(db + suffix);
  habeas::Result<std::unique_ptr<habeas::Store>> store = habeas::OpenSqliteStore(db);
  Check(store.ok());
  habeas::StringSource source(data, options.file, 1 + size % 4096);
  const habeas::Result<habeas::ImportSummary> summary = ImportFile(**store, source, options);
  if (!summary.ok()) {
    Check(!summary.status().message().empty());
    Check((*store)->ListBatches(std::nullopt)->empty());
    Check(*(*store)->CountRecords({}) == 0);
    return 0;
  }
  Check(summary->rows_read == summary->rows_imported + summary->rows_rejected);
  Check(*(*store)->CountRecords({}) == summary->rows_imported);
  Check(static_cast<int64_t>((*store)->ListRejected(std::nullopt, -1)->size()) ==
        summary->rows_rejected);
  return 0;
}
