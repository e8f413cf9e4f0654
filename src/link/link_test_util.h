// Helpers for linkage tests: scratch stores, importing lists, pairwise F1.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "habeas/ingest.h"
#include "habeas/link.h"
#include "habeas/store.h"
#include "link/link_record.h"

namespace habeas::link::testing {

struct PairwiseScore {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  int64_t true_pairs = 0;
  int64_t predicted_pairs = 0;
};

// A record prepared for linkage as of 2025-03-15 (the default age reference date),
// from (field, value) pairs.
inline LinkRecord PrepareTestRecord(
    int64_t id, int64_t source_id,
    std::initializer_list<std::pair<CanonicalField, const char*>> fields) {
  RecordData r;
  r.id = id;
  r.source_id = source_id;
  for (const auto& [field, value] : fields) r.field(field) = value;
  LinkRecord lr;
  PrepareLinkRecord(r, 2025, &lr, 3, 15);
  return lr;
}

inline std::filesystem::path ScratchPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("habeas_link_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline Status Import(Store& store, const std::string& file, const std::string& mapping) {
  ImportOptions o;
  o.file = file;
  o.mapping_file = mapping;
  Result<ImportSummary> s = ImportFile(store, o);
  return s.ok() ? Status::Ok() : s.status();
}

// `truth` maps (source name, source record id) to a true entity; records missing
// from it are ignored.
inline Result<PairwiseScore> Score(
    Store& store, const std::map<std::pair<std::string, std::string>, std::string>& truth) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assigned, store.ListPersonRecords());
  std::map<int64_t, int64_t> person_of;
  for (const PersonRecord& a : assigned) person_of[a.record_id] = a.person_id;
  std::map<std::pair<int64_t, std::string>, int64_t> cell;
  std::map<int64_t, int64_t> by_pred;
  std::map<std::string, int64_t> by_true;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord({}, [&](const RecordData& r) {
    auto t = truth.find({source_names[r.source_id], r.source_record_id});
    if (t == truth.end()) return true;
    const int64_t p = person_of.count(r.id) ? person_of[r.id] : -r.id;
    ++cell[{p, t->second}];
    ++by_pred[p];
    ++by_true[t->second];
    return true;
  }));
  auto pairs = [](int64_t n) { return n * (n - 1) / 2; };
  int64_t tp = 0;
  PairwiseScore s;
  for (const auto& [k, n] : cell) tp += pairs(n);
  for (const auto& [k, n] : by_pred) s.predicted_pairs += pairs(n);
  for (const auto& [k, n] : by_true) s.true_pairs += pairs(n);
  s.precision = s.predicted_pairs ? static_cast<double>(tp) / s.predicted_pairs : 1;
  s.recall = s.true_pairs ? static_cast<double>(tp) / s.true_pairs : 1;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace habeas::link::testing
