// Serialising generated data: list files in their styles, mapping files (TOML),
// ground truth, the population and queries, all through an OutputDirectory so
// tests can capture bytes in memory.
//
// File formats (docs/generator.md has the columns):
//   * delimited lists: RFC 4180 quoting (fields with the delimiter, '"', CR or LF are
//     quoted, quotes doubled), the list's delimiter, line ending, encoding and BOM;
//   * JSON Lines: one object per line, keys in column order, empty values omitted;
//   * mapping files: the importer's TOML format ([source], [fields], [formats]).
//
//   DiskDirectory out("/tmp/demo");
//   HABEAS_RETURN_IF_ERROR(out.Write("truth.csv", TruthCsv(lists)));
//
// Thread-safety: the encoders are pure; an OutputDirectory is not thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"
#include "lists.h"
#include "population.h"

namespace habeas::gen {

// Where generated files go. Implementations: DiskDirectory, MemoryDirectory.
class OutputDirectory {
 public:
  virtual ~OutputDirectory() = default;
  // Creates or replaces the file `name` with `bytes`.
  virtual Status Write(std::string_view name, std::string_view bytes) = 0;
};

class DiskDirectory : public OutputDirectory {
 public:
  explicit DiskDirectory(std::filesystem::path root) : root_(std::move(root)) {}
  // Creates the directory (and parents) if needed.
  Status Create();
  Status Write(std::string_view name, std::string_view bytes) override;

 private:
  std::filesystem::path root_;
};

class MemoryDirectory : public OutputDirectory {
 public:
  Status Write(std::string_view name, std::string_view bytes) override {
    files_[std::string(name)] = std::string(bytes);
    return Status::Ok();
  }
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
};

// One delimited row (no line ending), quoted per RFC 4180 where needed.
void AppendDelimitedRow(const std::vector<std::string>& values, char delimiter, std::string& out);

// The bytes of a list's data file, in its format and encoding.
std::string ListFileBytes(const ListOutput& list);
// The mapping file (TOML) for a list.
std::string MappingToml(const ListSpec& spec);
// truth.csv: source,source_record_id,person_id for every record of every list.
std::string TruthCsv(const std::vector<ListOutput>& lists);
// persons.csv: the true population with the lists each person is on.
std::string PersonsCsv(const Population& population, const std::vector<ListSpec>& specs);

}  // namespace habeas::gen
