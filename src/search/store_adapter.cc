// The store adapter: records with person ids, the store fingerprint, the index path.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "common/csv_reader.h"
#include "common/file_io.h"
#include "habeas/names/normalize.h"
#include "habeas/search.h"
#include "habeas/store.h"
#include "search/index_layout.h"

namespace habeas::search {

namespace {

std::string AssignmentKey(std::string_view source, std::string_view source_record_id) {
  std::string key(source);
  key += '\x1f';
  key += source_record_id;
  return key;
}

}  // namespace

Result<PersonAssignment> PersonAssignment::FromCsv(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> file, FileSource::Open(path));
  CsvReader reader(file.get(), CsvDialect{','});
  CsvRow row;
  PersonAssignment out;
  int source_col = -1, record_col = -1, person_col = -1;
  bool header = true;
  while (true) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    if (!more) break;
    if (!row.problem.empty()) {
      return InvalidInput(path + ":" + std::to_string(row.line) + ": " + row.problem);
    }
    if (header) {
      for (size_t i = 0; i < row.fields.size(); ++i) {
        if (row.fields[i] == "source") source_col = static_cast<int>(i);
        if (row.fields[i] == "source_record_id") record_col = static_cast<int>(i);
        if (row.fields[i] == "person_id") person_col = static_cast<int>(i);
      }
      if (source_col < 0 || record_col < 0 || person_col < 0) {
        return InvalidInput(path +
                            ":1: expected a header with columns source, source_record_id and "
                            "person_id");
      }
      header = false;
      continue;
    }
    const size_t needed = static_cast<size_t>(std::max({source_col, record_col, person_col})) + 1;
    if (row.fields.size() < needed) {
      return InvalidInput(path + ":" + std::to_string(row.line) + ": expected " +
                          std::to_string(needed) + " columns, found " +
                          std::to_string(row.fields.size()));
    }
    if (row.fields[person_col].empty()) continue;
    out.Add(std::string(row.fields[source_col]), std::string(row.fields[record_col]),
            std::string(row.fields[person_col]));
  }
  return out;
}

void PersonAssignment::Add(std::string source, std::string source_record_id,
                           std::string person_id) {
  ids_.emplace_back(AssignmentKey(source, source_record_id), std::move(person_id));
  sorted_ = false;
}

std::string_view PersonAssignment::Find(std::string_view source,
                                        std::string_view source_record_id) const {
  if (!sorted_) {
    std::sort(ids_.begin(), ids_.end());
    sorted_ = true;
  }
  const std::string key = AssignmentKey(source, source_record_id);
  auto it =
      std::lower_bound(ids_.begin(), ids_.end(), key,
                       [](const auto& entry, const std::string& k) { return entry.first < k; });
  if (it == ids_.end() || it->first != key) return {};
  return it->second;
}

Result<std::vector<LocatorRecord>> ReadLocatorRecords(Store& store,
                                                      const PersonAssignment* assignment) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  std::unordered_map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  std::unordered_map<int64_t, std::string> received;
  for (const BatchInfo& b : batches) received[b.id] = b.received_date;
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> linked, store.ListPersonRecords());
  std::unordered_map<int64_t, int64_t> person_of;
  person_of.reserve(linked.size());
  for (const PersonRecord& pr : linked) person_of[pr.record_id] = pr.person_id;
  std::vector<LocatorRecord> out;
  HABEAS_ASSIGN_OR_RETURN(int64_t count, store.CountRecords(RecordFilter{}));
  out.reserve(static_cast<size_t>(count));
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord(RecordFilter{}, [&](const RecordData& r) {
    LocatorRecord lr;
    lr.source_name = source_names[r.source_id];
    lr.received = received[r.batch_id];
    if (assignment != nullptr) {
      lr.person_id = std::string(assignment->Find(lr.source_name, r.source_record_id));
    }
    if (lr.person_id.empty()) {
      auto it = person_of.find(r.id);
      lr.person_id = PersonIdForRecord(
          it == person_of.end() ? std::nullopt : std::optional<int64_t>(it->second), r.id);
    }
    lr.record = r;
    lr.record.raw.clear();  // not needed by the index; saves memory at 1M records
    out.push_back(std::move(lr));
    return true;
  }));
  return out;
}

Result<std::string> StoreFingerprint(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  HABEAS_ASSIGN_OR_RETURN(int64_t count, store.CountRecords(RecordFilter{}));
  Sha256 hash;
  // v2: a surname column holding both surnames is read as two (2026-12-08).
  hash.Update("habeas locator store state v2\n");
  hash.Update("schema " + std::to_string(store.schema_version()) + "\n");
  // The index holds names as NormalizeName reads them.
  hash.Update("names " + std::to_string(names::kNormalizationVersion) + "\n");
  hash.Update("records " + std::to_string(count) + "\n");
  for (const BatchInfo& b : batches) {
    hash.Update(std::to_string(b.id) + " " + b.source_name + " " + b.file_sha256 + " " +
                std::to_string(b.rows_imported) + " " + std::to_string(b.first_record_id) + " " +
                std::to_string(b.last_record_id) + " " + b.received_date + "\n");
  }
  // The linkage: every record → person pair (a re-link changes the index's persons).
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> linked, store.ListPersonRecords());
  uint64_t mix = 0x9e3779b97f4a7c15ULL;
  for (const PersonRecord& pr : linked) {
    mix = (mix ^ static_cast<uint64_t>(pr.record_id)) * 0xbf58476d1ce4e5b9ULL;
    mix = (mix ^ static_cast<uint64_t>(pr.person_id)) * 0x94d049bb133111ebULL;
    mix ^= mix >> 31;
  }
  hash.Update("persons " + std::to_string(linked.size()) + " " + std::to_string(mix) + "\n");
  return hash.Hex();
}

namespace {

// Where Habeas keeps files it can rebuild: $XDG_CACHE_HOME, else $HOME/.cache, else /tmp.
std::string CacheDirectory() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return xdg;
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache";
  return "/tmp";
}

}  // namespace

std::string IndexPathFor(const std::string& store_path) {
  if (StoreBackendOf(store_path) != StoreBackend::kPostgres) return store_path + ".idx";
  Sha256 hash;
  hash.Update(store_path);
  return CacheDirectory() + "/habeas/locator-" + hash.Hex().substr(0, 16) + ".idx";
}

OutputFileOptions IndexOutputOptions(const std::string& store_path, IndexPathOrigin origin) {
  OutputFileOptions options;
  options.option_name = "--index";
  options.protected_paths = ProtectedPathsForStore(store_path, /*index_path=*/"");
  options.regular_file_only = true;  // the index is mmapped: never a pipe or a device
  options.create_directory =
      origin == IndexPathOrigin::kDefault && StoreBackendOf(store_path) == StoreBackend::kPostgres;
  if (origin == IndexPathOrigin::kNamedByUser) {
    options.required_prefix.assign(internal::kIndexMagic, sizeof internal::kIndexMagic);
  }
  return options;
}

}  // namespace habeas::search
