// Estimates from the linked persons of a store: see habeas/estimate_store.h. The
// pipeline: read the records, mark the thin ones, select the records and the
// population, warn, then join the records into units and doubtful links.
#include "habeas/estimate_store.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "estimate/store_records.h"
#include "estimate/store_units.h"

namespace habeas {
namespace {

std::vector<std::string> NamesOf(const std::vector<SourceInfo>& sources) {
  std::vector<std::string> names;
  for (const SourceInfo& s : sources) names.push_back(s.name);
  return names;
}

// The warnings about the selection; `options` learns the lists that never record the
// population and forgets the lists left empty.
Result<std::vector<EstimateWarning>> CheckSelection(
    const mse::RecordSelection& selection, const StoreEstimateRequest& request,
    const std::map<std::string, std::string>& list_in_estimate, EstimateOptions* options) {
  HABEAS_RETURN_IF_ERROR(mse::CheckRecordsKept(selection));
  HABEAS_RETURN_IF_ERROR(mse::ForgetEmptiedLists(selection, &options->lists));
  std::vector<EstimateWarning> warnings;
  if (selection.with_conditions) {
    HABEAS_RETURN_IF_ERROR(
        mse::PlacePopulation(selection, request.where, &options->unrecorded_lists, &warnings));
  }
  if (auto w = mse::ThinRecordsWarningOf(selection, list_in_estimate, request.unlinkable)) {
    warnings.push_back(std::move(*w));
  }
  return warnings;
}

Result<LinkageGraph> GraphOfRecords(Store& store, const std::vector<mse::EstimateRecord>& records,
                                    const StoreEstimateRequest& request) {
  const bool doubtful_links = request.linkage_draws.draws > 0;
  link::LinkSettings settings;
  if (request.link_settings) {
    settings = *request.link_settings;
  } else {
    HABEAS_ASSIGN_OR_RETURN(settings, link::SettingsOfLastLinkRun(store));
  }
  HABEAS_ASSIGN_OR_RETURN(mse::RecordUnits units,
                          mse::JoinRecordsIntoUnits(store, records, doubtful_links, settings));
  if (doubtful_links) {
    HABEAS_RETURN_IF_ERROR(mse::AddUnmadeLinks(store, records, settings, &units));
  }
  return mse::GraphOfUnits(records, units);
}

// Whether the estimate already treats `a` and `b` as dependent: one list merged, or a
// pair declared (by their own names or the names of the lists they entered).
bool TreatedAsDependent(const std::string& a, const std::string& b,
                        const std::map<std::string, std::string>& list_in_estimate,
                        const EstimateOptions& options) {
  const std::string& ea = list_in_estimate.at(a);
  const std::string& eb = list_in_estimate.at(b);
  if (ea == eb) return true;
  for (const DependentPair& pair : options.dependent) {
    for (const auto& [x, y] : {std::pair(a, b), std::pair(ea, eb)}) {
      if ((pair.first == x && pair.second == y) || (pair.first == y && pair.second == x)) {
        return true;
      }
    }
  }
  return false;
}

// A leaked list most of whose persons (the linker's linkage) are on a government list it
// is estimated apart from: leaks are most often copies of part of such a list, and then
// "on the leak, not on the list" cannot happen, yet every person the linker left apart
// fills that cell and reads as evidence of people missing (docs/estimation.md "When is
// MSE valid?", 3).
constexpr double kLeakWithinListShare = 0.8;
constexpr int64_t kLeakWithinListPersons = 20;

// The (leak, government list) pairs estimated apart and not declared dependent.
std::vector<std::pair<std::string, std::string>> LeaksApartFromGovernmentLists(
    const std::vector<SourceInfo>& sources,
    const std::map<std::string, std::string>& list_in_estimate, const EstimateOptions& options) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const SourceInfo& leak : sources) {
    if (leak.kind != SourceKind::kLeak || !list_in_estimate.count(leak.name)) continue;
    for (const SourceInfo& list : sources) {
      if (list.kind == SourceKind::kGovernment && list_in_estimate.count(list.name) &&
          !TreatedAsDependent(leak.name, list.name, list_in_estimate, options)) {
        pairs.emplace_back(leak.name, list.name);
      }
    }
  }
  return pairs;
}

std::vector<EstimateWarning> LeakNotMergedWarnings(
    const LinkageGraph& graph, const std::vector<SourceInfo>& sources,
    const std::map<std::string, std::string>& list_in_estimate, const EstimateOptions& options) {
  const auto pairs = LeaksApartFromGovernmentLists(sources, list_in_estimate, options);
  if (pairs.empty()) return {};
  std::vector<uint8_t> linked(graph.links.size());
  for (size_t i = 0; i < graph.links.size(); ++i) linked[i] = graph.links[i].linked;
  std::vector<int64_t> on_leak(pairs.size()), on_both(pairs.size());
  for (const PersonCaptures& p : PersonsOfLinkage(graph, linked)) {
    auto on = [&](const std::string& list) {
      return std::find(p.sources.begin(), p.sources.end(), list) != p.sources.end();
    };
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (!on(pairs[i].first)) continue;
      ++on_leak[i];
      on_both[i] += on(pairs[i].second);
    }
  }
  std::vector<EstimateWarning> warnings;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto& [leak, list] = pairs[i];
    const double persons = static_cast<double>(on_leak[i]);
    if (on_leak[i] < kLeakWithinListPersons || on_both[i] < kLeakWithinListShare * persons) {
      continue;
    }
    char share[64];
    std::snprintf(share, sizeof share, "%.0f%% of its %lld persons",
                  100.0 * static_cast<double>(on_both[i]) / persons,
                  static_cast<long long>(on_leak[i]));
    warnings.push_back(
        {"leak_not_merged",
         leak + " (a leak): " + share + " are also on " + list +
             ", a government list. A leak is most often a copy of part of such a list; if "
             "this one is, nobody can be on it and not on " +
             list +
             ", and every person the linker left apart there reads as evidence of people "
             "missing, which raises the estimate. Merge them (--merge \"" +
             list + "+" + leak + "\") or declare the dependence (--dependent " + leak + ":" + list +
             ")"});
  }
  return warnings;
}

}  // namespace

Status CheckStoreEstimateRequest(const StoreEstimateRequest& request) {
  return mse::ParseRequestFields(request).status();
}

Result<StoreLinkage> ReadStoreLinkage(Store& store, const StoreEstimateRequest& request,
                                      EstimateOptions* options) {
  HABEAS_ASSIGN_OR_RETURN(const mse::RequestFields fields, mse::ParseRequestFields(request));
  HABEAS_ASSIGN_OR_RETURN(const std::vector<SourceInfo> sources, store.ListSources());
  HABEAS_RETURN_IF_ERROR(mse::CheckListNames(sources, request, options->unrecorded_lists));
  HABEAS_ASSIGN_OR_RETURN(mse::RecordsRead read,
                          mse::ReadEstimateRecords(store, sources, fields, request.where));
  HABEAS_ASSIGN_OR_RETURN(const auto list_in_estimate, ListsUsed(NamesOf(sources), options->lists));
  mse::MarkThinRecords(read.per_list, list_in_estimate, &read.records);
  const mse::RecordSelection selection =
      mse::SelectRecords(std::move(read.records), !request.where.empty(), request.unlinkable);
  StoreLinkage linkage;
  HABEAS_ASSIGN_OR_RETURN(linkage.warnings,
                          CheckSelection(selection, request, list_in_estimate, options));
  HABEAS_ASSIGN_OR_RETURN(linkage.graph, GraphOfRecords(store, selection.kept, request));
  for (EstimateWarning& w :
       LeakNotMergedWarnings(linkage.graph, sources, list_in_estimate, *options)) {
    linkage.warnings.push_back(std::move(w));
  }
  return linkage;
}

Result<EstimateReport> EstimateFromStore(Store& store, const StoreEstimateRequest& request,
                                         EstimateOptions options) {
  HABEAS_ASSIGN_OR_RETURN(StoreLinkage linkage, ReadStoreLinkage(store, request, &options));
  HABEAS_ASSIGN_OR_RETURN(EstimateReport report,
                          EstimateWithLinkageDraws(linkage.graph, options, request.linkage_draws));
  auto& warnings = report.total.warnings;
  warnings.insert(warnings.begin(), linkage.warnings.begin(), linkage.warnings.end());
  return report;
}

}  // namespace habeas
