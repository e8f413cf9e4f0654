// habeas rejects [--source S]: rows that could not be imported, with reasons.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/record_format.h"
#include "habeas/store.h"

namespace habeas::cli {

void RegisterRejectsCommand(CLI::App& app, CliContext& ctx) {
  struct Args {
    std::string source;
    int64_t limit = 100;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "rejects", "List rejected rows (kept verbatim) with file, line, field and reason.");
  cmd->add_option("-s,--source", args->source, "Only rows of this source");
  cmd->add_option("-n,--limit", args->limit, "At most this many (default 100)");
  cmd->callback([&ctx, args] {
    auto store = ctx.OpenStore();
    if (!store.ok()) return (void)ctx.Fail(store.status());
    std::optional<std::string> source;
    if (!args->source.empty()) source = args->source;
    auto rows = (*store)->ListRejected(source, args->limit);
    if (!rows.ok()) return (void)ctx.Fail(rows.status());
    std::map<int64_t, BatchInfo> batches;
    for (const RejectedRow& r : *rows) {
      auto it = batches.find(r.batch_id);
      if (it == batches.end()) {
        auto b = (*store)->GetBatch(r.batch_id);
        it = batches.emplace(r.batch_id, b.ok() && *b ? **b : BatchInfo{}).first;
      }
      const std::string raw = DecodeRaw(r.raw, it->second);
      if (ctx.json) {
        std::cout << nlohmann::json({{"batch_id", r.batch_id},
                                     {"line", r.line},
                                     {"end_line", r.end_line},
                                     {"field", r.field},
                                     {"reason", r.reason},
                                     {"source", it->second.source_name},
                                     {"file", it->second.file_name},
                                     {"raw", raw}})
                         .dump()
                  << "\n";
      } else {
        std::cout << r.reason << "\n    " << raw << "\n";
      }
    }
  });
}

}  // namespace habeas::cli
