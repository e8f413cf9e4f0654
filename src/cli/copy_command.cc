// habeas copy --from A --to B: a whole store into an empty one, between backends
// (habeas/store_copy.h); prints each table's rows read and written and the checks on
// arrival.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "habeas/store.h"
#include "habeas/store_copy.h"
#include "habeas/terminal_text.h"

namespace habeas::cli {
namespace {

struct CopyArgs {
  std::string from;
  std::string to;
};

std::string_view LedgerJsonName(LedgerOnArrival ledger) {
  switch (ledger) {
    case LedgerOnArrival::kNotChecked: return "not_checked";
    case LedgerOnArrival::kVerified: return "verified";
    case LedgerOnArrival::kUnavailable: return "unavailable";
    case LedgerOnArrival::kFailed: return "failed";
  }
  return "";
}

std::string LedgerLine(const StoreCopyReport& report) {
  switch (report.ledger) {
    case LedgerOnArrival::kNotChecked: return "ledger: not checked (the copy did not commit)";
    case LedgerOnArrival::kVerified:
      return "ledger: verified (" + std::to_string(report.ledger_entries) + " entries)";
    case LedgerOnArrival::kUnavailable:
      return "ledger: not verified (unavailable on this backend)";
    case LedgerOnArrival::kFailed:
      return "ledger: does not verify (the copy is kept; see the error below)";
  }
  return "";
}

void PrintJson(const StoreCopyReport& report) {
  nlohmann::json tables = nlohmann::json::array();
  for (const CopiedTableCount& t : report.tables) {
    tables.push_back({{"table", t.table}, {"read", t.read}, {"written", t.written}});
  }
  std::cout << JsonText(nlohmann::json({{"tables", tables},
                                        {"committed", report.committed},
                                        {"ledger", LedgerJsonName(report.ledger)},
                                        {"ledger_entries", report.ledger_entries},
                                        {"integrity", report.integrity_checked ? "ok" : ""}}))
            << "\n";
}

void PrintText(const CopyArgs& args, const StoreCopyReport& report) {
  std::cout << "copy " << TerminalSafe(RedactedStoreUrl(args.from)) << " -> "
            << TerminalSafe(RedactedStoreUrl(args.to)) << "\n";
  TextTable table({"TABLE", "READ", "WRITTEN"});
  for (const CopiedTableCount& t : report.tables) {
    table.Add({t.table, std::to_string(t.read), std::to_string(t.written)});
  }
  table.Print(std::cout);
  if (!report.committed) {
    std::cout << "not copied: the target was left as it was\n";
    return;
  }
  std::cout << LedgerLine(report) << "\n";
  if (report.integrity_checked) std::cout << "integrity: ok\n";
}

}  // namespace

void RegisterCopyCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<CopyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "copy",
      "Copy a whole store into an empty one (SQLite and PostgreSQL either way), then\n"
      "check the row counts, the ledger and the integrity of the copy.");
  cmd->add_option("--from", args->from, "The store to copy (a path or a postgresql:// URL)")
      ->required();
  cmd->add_option("--to", args->to,
                  "The empty store to copy into (created if missing; refused if it holds data)")
      ->required();
  cmd->callback([&ctx, args] {
    const StoreCopyReport report = CopyStore(args->from, args->to);
    if (ctx.json && report.status.ok()) PrintJson(report);
    if (!ctx.json && !report.tables.empty()) PrintText(*args, report);
    if (!report.status.ok()) ctx.Fail(report.status);
  });
}

}  // namespace habeas::cli
