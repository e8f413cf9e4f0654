// habeas records [--source S]: the records in the store, with provenance.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct RecordsArgs {
  std::string source;
  int64_t limit = 50;
  int64_t after = 0;
  int64_t batch = 0;
};

void Run(CliContext& ctx, const RecordsArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  RecordFilter filter;
  if (!args.source.empty()) {
    auto found = (*store)->FindSource(args.source);
    if (!found.ok()) return (void)ctx.Fail(found.status());
    if (!*found) return (void)ctx.Fail(NotFound("no source named \"" + args.source + "\""));
    filter.source = args.source;
  }
  if (args.batch > 0) filter.batch_id = args.batch;
  filter.after_id = args.after;
  filter.limit = args.limit;
  std::map<int64_t, BatchInfo> batches;
  auto batch_of = [&](int64_t id) -> const BatchInfo& {
    auto it = batches.find(id);
    if (it == batches.end()) {
      auto b = (*store)->GetBatch(id);
      it = batches.emplace(id, b.ok() && *b ? **b : BatchInfo{}).first;
    }
    return it->second;
  };
  TextTable table({"RECORD", "SOURCE", "SOURCE ID", "FILE:LINE", "NAME", "BIRTH", "ID"});
  int64_t shown = 0;
  Status s = (*store)->ForEachRecord(filter, [&](const RecordData& r) {
    const BatchInfo& b = batch_of(r.batch_id);
    ++shown;
    if (ctx.json) {
      nlohmann::json j = {{"record_id", r.id},
                          {"source", b.source_name},
                          {"source_record_id", r.source_record_id},
                          {"batch_id", r.batch_id},
                          {"file", b.file_name},
                          {"line", r.line},
                          {"fields", FieldsJson(r)}};
      std::cout << JsonText(j) << "\n";
    } else {
      std::string id = r.field(CanonicalField::kNationalId);
      if (id.empty()) id = r.field(CanonicalField::kANumber);
      table.Add({std::to_string(r.id), b.source_name, r.source_record_id,
                 b.file_name + ":" + std::to_string(r.line), DisplayName(r),
                 r.field(CanonicalField::kBirthDate), id});
    }
    return true;
  });
  if (!s.ok()) return (void)ctx.Fail(s);
  if (!ctx.json) {
    table.Print(std::cout);
    auto total = (*store)->CountRecords(RecordFilter{filter.source, filter.batch_id, 0, -1});
    if (total.ok() && *total > shown && !ctx.quiet) {
      std::cerr << "(" << shown << " of " << *total << " records; use --limit/--after for more)\n";
    }
  }
}

}  // namespace

void RegisterRecordsCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<RecordsArgs>();
  CLI::App* cmd = app.add_subcommand("records", "List records with their source, file and line.");
  cmd->add_option("-s,--source", args->source, "Only records of this source");
  cmd->add_option("--batch", args->batch, "Only records of this batch")
      ->check(IntegerIn(1, INT64_MAX));
  cmd->add_option("-n,--limit", args->limit, "At most this many (default 50; -1 for all)")
      ->check(LimitOrAll());
  cmd->add_option("--after", args->after, "Only records with an id greater than this")
      ->check(IntegerIn(0, INT64_MAX));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace habeas::cli
