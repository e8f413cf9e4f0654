// habeas estimate: multiple systems estimation of how many people are on no list.
//
//   habeas estimate --table kosovo.csv [--method loglinear|lcmcr|all] [--json]
//   habeas estimate [--sources a,b,c] [--merge "a+b"] [--drop x] [--stratify FIELD]
//
// With --table the contingency table is read from a CSV file (one 0/1 column per
// list, then `count`); without it the linked persons in the store are used.
// Options are documented in docs/estimation.md.
#pragma once

#include <functional>
#include <vector>

#include "habeas/estimate.h"

namespace CLI {
class App;
}

namespace habeas::cli {

struct CliContext;

// Supplies linked persons from the store for `habeas estimate` without
// --table; `stratify_field` is empty when not stratifying. Also returns the
// dependent pairs declared in source metadata (appended to `dependent`).
using EstimateMembershipLoader = std::function<Result<std::vector<PersonCaptures>>(
    CliContext& ctx, const std::string& stratify_field, std::vector<DependentPair>* dependent)>;

// Registers the subcommand; estimating from the store fails with
// "unavailable" and asks for --table until a loader is supplied.
void RegisterEstimateCommand(CLI::App& app, CliContext& ctx);
// The same, with `loader` serving the store mode.
void RegisterEstimateCommandWithLoader(CLI::App& app, CliContext& ctx,
                                       EstimateMembershipLoader loader);

}  // namespace habeas::cli
