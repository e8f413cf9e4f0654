// habeas export links: one row per record, source,source_record_id,record_id,person_id.
// habeas export persons|records|events: tables for other tools (habeas/export.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <iostream>
#include <map>
#include <streambuf>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "habeas/csv_writer.h"
#include "habeas/export.h"
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

// On a terminal, exported text is read, not parsed: each line goes through
// TerminalSafe (docs/cli.md "Plain-text output"), as `export links` does.
class TerminalSafeBuffer final : public std::streambuf {
 public:
  explicit TerminalSafeBuffer(std::ostream& out) : out_(out) {}
  ~TerminalSafeBuffer() override { FlushLine(); }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return 0;
    if (c == '\n') {
      FlushLine();
      out_ << '\n';
    } else {
      line_.push_back(static_cast<char>(c));
    }
    return c;
  }

 private:
  void FlushLine() {
    if (!line_.empty()) out_ << TerminalSafe(line_);
    line_.clear();
  }
  std::ostream& out_;
  std::string line_;
};

struct TableArgs {
  std::string format = "csv";
  std::string output;
  bool bom = false;
  bool include_restricted = false;
};

Status ExportKindTable(CliContext& ctx, ExportKind kind, const TableArgs& args) {
  ExportOptions options;
  HABEAS_ASSIGN_OR_RETURN(options.format, ParseExportFormat(args.format));
  options.byte_order_mark = args.bom;
  options.include_restricted = args.include_restricted;
  if (args.bom && options.format == ExportFormat::kJsonLines) {
    return InvalidInput("--bom is for CSV (csv, uwazi); JSON Lines has no byte order mark");
  }
  HABEAS_ASSIGN_OR_RETURN(auto store, ctx.OpenStoreForReading());
  if (!args.output.empty()) {
    HABEAS_ASSIGN_OR_RETURN(auto file, OutputFile::Create(args.output, ctx.OutputOptions("--output")));
    HABEAS_RETURN_IF_ERROR(ExportTable(*store, kind, options, file->stream()).status());
    return file->Commit();  // on any error before, the previous file is untouched
  }
  if (::isatty(STDOUT_FILENO) == 1) {
    TerminalSafeBuffer buffer(std::cout);
    std::ostream safe(&buffer);
    HABEAS_RETURN_IF_ERROR(ExportTable(*store, kind, options, safe).status());
  } else {
    HABEAS_RETURN_IF_ERROR(ExportTable(*store, kind, options, std::cout).status());
  }
  std::cout.flush();
  if (!std::cout) return Unavailable("writing the export failed (disk full?)");
  return Status::Ok();
}

void RegisterTable(CLI::App& cmd, CliContext& ctx, ExportKind kind, const char* name,
                   const char* help) {
  auto args = std::make_shared<TableArgs>();
  CLI::App* sub = cmd.add_subcommand(name, help);
  sub->add_option("--format", args->format,
                  "csv (default; several values joined by |), jsonl, or uwazi (CSV for\n"
                  "HURIDOCS Uwazi's import: a title column, dates as date ranges)")
      ->check(OneOf({"csv", "jsonl", "uwazi"}));
  sub->add_option("-o,--output", args->output, "Write to this file instead of stdout");
  sub->add_flag("--bom", args->bom, "Start with a UTF-8 byte order mark (for spreadsheets)");
  sub->add_flag("--include-restricted", args->include_restricted,
                "Include contacts and notes (withheld by default)");
  sub->callback([&ctx, args, kind] {
    if (Status s = ExportKindTable(ctx, kind, *args); !s.ok()) ctx.Fail(s);
  });
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
  RegisterTable(*cmd, ctx, ExportKind::kPersons, "persons",
                "One row per person (and per record not yet linked, as R<record_id>): names,\n"
                "birth dates, nationalities, identifiers, records, sources, last known custody.");
  RegisterTable(*cmd, ctx, ExportKind::kRecords, "records",
                "One row per record: its person, source, file and line, and every field.");
  RegisterTable(*cmd, ctx, ExportKind::kEvents, "events",
                "One row per claim or event of the timeline: its person, kind, valid time,\n"
                "source, facility and flight (resolved and as written).");
}

}  // namespace habeas::cli
