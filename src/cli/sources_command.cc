// habeas sources: the lists in the store, with counts and provenance.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "habeas/store.h"

namespace habeas::cli {

nlohmann::json SourceJson(const SourceInfo& s) {
  return {{"name", s.name},
          {"kind", std::string(SourceKindName(s.kind))},
          {"description", s.description},
          {"created_at", s.created_at},
          {"batches", s.batch_count},
          {"records", s.record_count},
          {"rejected", s.rejected_count},
          {"last_received", s.last_received}};
}

void RegisterSourcesCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("sources", "List the sources (lists) in the store.");
  cmd->callback([&ctx] {
    auto store = ctx.OpenStoreForReading();
    if (!store.ok()) return (void)ctx.Fail(store.status());
    auto sources = (*store)->ListSources();
    if (!sources.ok()) return (void)ctx.Fail(sources.status());
    if (ctx.json) {
      for (const SourceInfo& s : *sources) std::cout << JsonText(SourceJson(s)) << "\n";
      return;
    }
    if (sources->empty()) {
      std::cout << "no sources yet: import a list with `habeas import FILE --mapping MAP.toml`\n";
      return;
    }
    TextTable table(
        {"SOURCE", "KIND", "BATCHES", "RECORDS", "REJECTED", "RECEIVED", "DESCRIPTION"});
    for (const SourceInfo& s : *sources) {
      table.Add({s.name, std::string(SourceKindName(s.kind)), std::to_string(s.batch_count),
                 std::to_string(s.record_count), std::to_string(s.rejected_count), s.last_received,
                 s.description});
    }
    table.Print(std::cout);
  });
}

}  // namespace habeas::cli
