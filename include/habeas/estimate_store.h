// Estimates from the linked persons of a store: `habeas estimate` without --table.
//
// Reads the records of a linked Store and decides, as docs/estimation.md describes:
//   * which records enter the capture histories: records too thin to link (only
//     initials or one name, or a name only, with no identifier the other lists carry:
//     RecordTooThinToLink, RecordDatedToLink, IdentifierLinks) are left out or kept
//     (UnlinkableRecords);
//   * who is in the population (`where`: RecordMembership), with warnings about the
//     persons no record places (PopulationWarning);
//   * what the linker's persons become: units of records joined by confident edges,
//     and doubtful links between units (the review band of the link run), which
//     EstimateWithLinkageDraws resamples.
// Then estimates from that LinkageGraph (habeas/estimate.h).
//
//   StoreEstimateRequest request;
//   HABEAS_ASSIGN_OR_RETURN(PopulationCondition cecot, ParsePopulationCondition("facility~cecot"));
//   request.where.push_back(std::move(cecot));
//   HABEAS_ASSIGN_OR_RETURN(EstimateReport report, EstimateFromStore(*store, request, options));
//
// The functions only read the store. They are as safe to call concurrently as the
// Store's reads are; results depend only on the store's contents, the request and
// the options (including their seeds).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "habeas/estimate.h"
#include "habeas/link.h"
#include "habeas/status.h"
#include "habeas/store.h"

namespace habeas {

// What an estimate asks of the store besides the EstimateOptions.
struct StoreEstimateRequest {
  // A canonical field (e.g. "facility"): estimate per value and sum. "": one stratum.
  std::string stratify_field;
  // The population (--where); empty: every person.
  std::vector<PopulationCondition> where;
  // Records too thin to link: left out of the capture histories, or counted.
  UnlinkableRecords unlinkable = UnlinkableRecords::kDrop;
  // With draws == 0 every linked person is one unit and no doubtful link is read.
  LinkageDrawOptions linkage_draws;
  // The link run that made the persons: its review bounds and threshold say which
  // links are doubtful. Unset: read from the store (link::SettingsOfLastLinkRun), so an
  // estimate of a store linked with `--threshold 0.4` reads its links as that run did.
  std::optional<link::LinkSettings> link_settings;
};

// The request's field names are canonical fields (`source` too, for --where):
// InvalidInput naming the option otherwise. Needs no store, so a caller can check
// the request before opening one.
Status CheckStoreEstimateRequest(const StoreEstimateRequest& request);

// What the store gives an estimate.
struct StoreLinkage {
  LinkageGraph graph;
  // About the selection, for the linker's linkage: population_unrecorded,
  // unlinkable_records_left_out or unlinkable_records.
  std::vector<EstimateWarning> warnings;
};

// Reads the store's linkage for `request`. Amends `options` with what the store says:
// the lists no record of which gives the --where attribute join unrecorded_lists, and
// a list every record of which was left out leaves lists.drop. Errors: InvalidInput
// for unknown fields or lists and for a --sources or --merge naming a list left
// out; NotFound when no record (or no person in the population) remains.
Result<StoreLinkage> ReadStoreLinkage(Store& store, const StoreEstimateRequest& request,
                                      EstimateOptions* options);

// ReadStoreLinkage, then EstimateWithLinkageDraws; the store's warnings come first
// among the total's warnings.
Result<EstimateReport> EstimateFromStore(Store& store, const StoreEstimateRequest& request,
                                         EstimateOptions options);

}  // namespace habeas
