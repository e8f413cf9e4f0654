// habeas export links: one row per record, source,source_record_id,record_id,person_id.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "habeas/csv_writer.h"
#include "habeas/json_text.h"
#include "habeas/output_file.h"
#include "habeas/terminal_text.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct ExportArgs {
  std::string format = "csv";
  std::string output;
};

void ExportLinks(CliContext& ctx, const ExportArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto sources = (*store)->ListSources();
  if (!sources.ok()) return (void)ctx.Fail(sources.status());
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : *sources) source_names[s.id] = s.name;

  std::unique_ptr<OutputFile> file;
  if (!args.output.empty()) {
    auto created = OutputFile::Create(args.output, ctx.OutputOptions("--output"));
    if (!created.ok()) return (void)ctx.Fail(created.status());
    file = std::move(*created);
  }
  std::ostream& out = file ? file->stream() : std::cout;
  const bool json = args.format == "jsonl" || (ctx.json && args.format != "csv");
  CsvWriter csv(out);
  // CSV carries the exact values, except on a terminal (docs/cli.md "Plain-text output").
  const bool to_terminal = !file && ::isatty(STDOUT_FILENO) == 1;
  if (!json) csv.Row({"source", "source_record_id", "record_id", "person_id"});
  // Assignments and records are both in record id order: walk them together.
  auto assigned = (*store)->ListPersonRecords();
  if (!assigned.ok()) return (void)ctx.Fail(assigned.status());
  size_t next_assigned = 0;
  Status s = (*store)->ForEachRecord({}, [&](const RecordData& r) {
    const std::string record_id = std::to_string(r.id);
    while (next_assigned < assigned->size() && (*assigned)[next_assigned].record_id < r.id) {
      ++next_assigned;
    }
    std::optional<int64_t> person;
    if (next_assigned < assigned->size() && (*assigned)[next_assigned].record_id == r.id) {
      person = (*assigned)[next_assigned].person_id;
    }
    const std::string person_id = link::PersonIdForRecord(person, r.id);
    const std::string& source = source_names[r.source_id];
    if (json) {
      out << JsonText(nlohmann::json({{"source", source},
                                      {"source_record_id", r.source_record_id},
                                      {"record_id", r.id},
                                      {"person_id", person_id}}))
          << "\n";
    } else if (to_terminal) {
      // Read on a screen, not by a program: control characters escaped as everywhere.
      csv.Row({TerminalSafe(source), TerminalSafe(r.source_record_id), record_id, person_id});
    } else {
      csv.Row({source, r.source_record_id, record_id, person_id});
    }
    return true;
  });
  if (!s.ok()) return (void)ctx.Fail(s);  // the previous file, if any, is untouched
  if (file) {
    Status committed = file->Commit();
    if (!committed.ok()) ctx.Fail(committed);
    return;
  }
  out.flush();
  if (!out) ctx.Fail(Unavailable("writing the export failed (disk full?)"));
}

}  // namespace

void RegisterExportCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("export", "Export data for other tools.");
  cmd->require_subcommand(1);
  auto args = std::make_shared<ExportArgs>();
  CLI::App* links = cmd->add_subcommand(
      "links",
      "One row per record: source,source_record_id,record_id,person_id (the interface\n"
      "evaluation scripts rely on). person_id is the linked person (P000123); a record\n"
      "imported after the last `habeas link` is its own provisional person R<record_id>.");
  links->add_option("--format", args->format, "csv (default) or jsonl")
      ->check(OneOf({"csv", "jsonl"}));
  links->add_option("-o,--output", args->output, "Write to this file instead of stdout");
  links->callback([&ctx, args] { ExportLinks(ctx, *args); });
}

}  // namespace habeas::cli
