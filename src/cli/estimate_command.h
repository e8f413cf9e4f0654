// habeas estimate: multiple systems estimation of how many people are on no list.
//
//   habeas estimate --table kosovo.csv [--method loglinear|lcmcr|all] [--json]
//   habeas estimate [--sources a,b,c] [--merge "a+b"] [--drop x] [--stratify FIELD]
//                   [--where "facility~cecot" --where "source=manifest"]
//
// With --table the contingency table is read from a CSV file (one 0/1 column per
// list, then `count`); without it the linked persons in the store are used.
// Options are documented in docs/estimation.md.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "habeas/estimate.h"

namespace CLI {
class App;
}

namespace habeas::cli {

struct CliContext;

// What `habeas estimate` asks of the store: the stratifying field ("" when not
// stratifying) and the population conditions (--where; empty: every person).
struct EstimateStoreRequest {
  std::string stratify_field;
  std::vector<PopulationCondition> where;
  // Read the doubtful links of the last `habeas link` (for --linkage-draws); without
  // them every linked person is one unit.
  bool doubtful_links = false;
  // The lists the estimate uses (warnings about lists left out are not given).
  ListSelection lists;
  // Records too thin to link: left out of the capture histories, or counted.
  UnlinkableRecords unlinkable = UnlinkableRecords::kDrop;
};

// Supplies the linked persons of the store for `habeas estimate` without --table, as
// a LinkageGraph (units with their population membership, and the doubtful links
// between them when requested). Also sets what the store tells the estimate in
// `options` (the lists that never record the --where attribute) and returns warnings
// about the selection (appended to `warnings`, e.g. population_unrecorded, computed
// for the linker's linkage).
using EstimateMembershipLoader = std::function<Result<LinkageGraph>(
    CliContext& ctx, const EstimateStoreRequest& request, EstimateOptions* options,
    std::vector<EstimateWarning>* warnings)>;

// Registers the subcommand; estimating from the store fails with
// "unavailable" and asks for --table until a loader is supplied.
void RegisterEstimateCommand(CLI::App& app, CliContext& ctx);
// The same, with `loader` serving the store mode.
void RegisterEstimateCommandWithLoader(CLI::App& app, CliContext& ctx,
                                       EstimateMembershipLoader loader);

}  // namespace habeas::cli
