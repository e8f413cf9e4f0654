// Estimates from the linked persons of a store: see habeas/estimate_store.h. The
// pipeline: read the records, mark the thin ones, select the records and the
// population, warn, then join the records into units and doubtful links.
#include "habeas/estimate_store.h"

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
