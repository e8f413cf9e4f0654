// habeas import FILE --mapping MAP.toml
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/json_text.h"
#include "habeas/terminal_text.h"
#include "cli/timeline_cli.h"
#include "habeas/byte_source.h"
#include "habeas/ingest.h"

namespace habeas::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string mapping;
  std::string encoding;
  std::string sheet;
  bool accept_rejects = false;
  bool strict = false;
  int64_t max_messages = 20;
  std::string exclusive = "auto";
};

nlohmann::json SummaryJson(const ImportSummary& s) {
  return {{"source", s.source},
          {"file", s.file},
          {"sha256", s.sha256},
          {"batch_id", s.batch_id},
          {"already_imported", s.already_imported},
          {"format", s.format},
          {"sheet", s.sheet},
          {"encoding", s.encoding},
          {"delimiter", s.delimiter},
          {"rows_read", s.rows_read},
          {"rows_imported", s.rows_imported},
          {"rows_with_unparsed", s.rows_with_unparsed},
          {"unparsed_fields", s.unparsed_fields},
          {"rows_rejected", s.rows_rejected},
          {"blank_lines", s.blank_lines},
          {"notices", s.notices},
          {"seconds", s.seconds}};
}

// Prints the messages for rejected rows and unparsed fields on stderr as they are
// found: the first `limit`, then one line saying there are more. Nothing with -q.
class RowMessages {
 public:
  RowMessages(const CliContext& ctx, int64_t limit) : quiet_(ctx.quiet), limit_(limit) {}
  void Show(const std::string& message) {
    if (quiet_) return;
    if (shown_ < limit_) {
      std::cerr << TerminalSafe(message) << "\n";
    } else if (shown_ == limit_) {
      std::cerr << "(more messages: see `habeas rejects --source ...`)\n";
    }
    ++shown_;
  }

 private:
  bool quiet_;
  int64_t limit_;
  int64_t shown_ = 0;
};

ImportOptions OptionsFor(const CliContext& ctx, const ImportArgs& args) {
  ImportOptions options;
  options.file = args.file;
  options.mapping_file = args.mapping;
  options.encoding = args.encoding;
  options.sheet = args.sheet;
  options.show_progress = ctx.ShowProgress();
  options.exclusive = args.exclusive == "yes"  ? ImportOptions::Exclusive::kAlways
                      : args.exclusive == "no" ? ImportOptions::Exclusive::kNever
                                               : ImportOptions::Exclusive::kAuto;
  options.field_problems = args.strict ? ImportOptions::FieldProblems::kRejectRow
                                       : ImportOptions::FieldProblems::kKeepRow;
  return options;
}

// The command's answer, on stdout (printed with -q too).
void PrintSummary(const ImportSummary& s) {
  const std::string file = TerminalSafe(s.file);
  const std::string source = TerminalSafe(s.source);
  if (s.already_imported) {
    std::cout << file << ": already imported as batch " << s.batch_id << " of source \"" << source
              << "\" (same content, sha256 " << s.sha256.substr(0, 12) << "…); nothing to do\n";
    return;
  }
  std::cout << file << (s.sheet.empty() ? "" : ":" + TerminalSafe(s.sheet)) << " → source \""
            << source << "\", batch " << s.batch_id << " (" << s.format << ", " << s.encoding << (s.delimiter.empty() ? "" : ", ") << s.delimiter << ")\n"
            << "  rows read " << s.rows_read << " = imported " << s.rows_imported << " ("
            << s.rows_with_unparsed << " with unparsed fields) + rejected " << s.rows_rejected;
  if (s.blank_lines > 0) std::cout << "  (blank lines skipped: " << s.blank_lines << ")";
  std::cout << "\n";
  if (s.seconds > 0) {
    std::cout << "  " << static_cast<int64_t>(s.rows_read / s.seconds) << " rows/s\n";
  }
}

// Notices on stderr (not with -q; with --json they are in the summary's "notices").
void PrintNotices(const CliContext& ctx, const ImportSummary& s) {
  if (ctx.quiet || ctx.json || s.already_imported) return;
  for (const std::string& notice : s.notices) {
    std::cerr << "habeas: notice: " << TerminalSafe(notice) << "\n";
  }
  if (s.rows_with_unparsed > 0) {
    std::cerr << "habeas: " << s.rows_with_unparsed
              << " imported rows have fields left empty because they did not parse (see "
                 "`habeas rejects --unparsed --source "
              << TerminalSafe(s.source) << "`)\n";
  }
}

// Rejected rows make the import exit 3 unless --accept-rejects; the reason is printed
// on stderr (with -q too: it explains the exit code).
void ReportRejectedRows(CliContext& ctx, const ImportArgs& args, const ImportSummary& s) {
  if (s.rows_rejected == 0 || s.already_imported || args.accept_rejects) return;
  if (!ctx.json) {
    std::cerr << "habeas: " << s.rows_rejected
              << " rows were rejected and kept in the store (see `habeas rejects --source "
              << TerminalSafe(s.source) << "`); fix them and import the corrected file\n";
  }
  ctx.exit_code = ExitCodeFor(StatusCode::kInvalidInput);
}

void Run(CliContext& ctx, const ImportArgs& args) {
  ImportOptions options = OptionsFor(ctx, args);
  // The list and its mapping are checked before the store is opened: a missing or
  // invalid one creates no store.
  Result<std::unique_ptr<FileSource>> source = OpenImportFile(args.file);
  if (!source.ok()) return (void)ctx.Fail(source.status());
  // Facility, flight and claims files go to the timeline (timeline_import_command.cc).
  if (ImportTimelineFileIfOne(ctx, args.file, args.mapping, args.max_messages)) return;
  if (Status s = CheckImportMapping(options); !s.ok()) return (void)ctx.Fail(s);
  if (Status s = CheckListClaimsBeforeImport(args.file, args.mapping); !s.ok()) {
    return (void)ctx.Fail(s);
  }
  auto store = ctx.OpenStore(CliContext::Missing::kCreate);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  RowMessages messages(ctx, args.max_messages);
  options.on_reject = [&](const RejectedRow& row) { messages.Show(row.reason); };
  options.on_unparsed = [&](const UnparsedField& field) { messages.Show(field.message); };
  Result<ImportSummary> result = ImportFile(**store, **source, options);
  if (!result.ok()) return (void)ctx.Fail(result.status().WithContext("import " + args.file));
  ctx.SignLedgerAfterWrite(**store);
  if (ctx.json) {
    std::cout << JsonText(SummaryJson(*result)) << "\n";
  } else {
    PrintSummary(*result);
  }
  PrintNotices(ctx, *result);
  ReportRejectedRows(ctx, args, *result);
  ImportListClaims(ctx, **store, result->batch_id, args.max_messages);
}

}  // namespace

void RegisterImportCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a list (CSV, JSON Lines, or a sheet of an .xlsx/.xls workbook) as a new batch\n"
      "of a source.\n"
      "Every row becomes a record or a rejected row; nothing is dropped. A field that does\n"
      "not parse is left empty and listed (`habeas rejects --unparsed`); the row is kept.\n"
      "Rows are rejected only when they cannot be split into columns or lack a usable\n"
      "record id. Importing the same file again changes nothing. Exits 3 when rows were\n"
      "rejected (they are stored), 0 otherwise.");
  cmd->add_option("file", args->file,
                  "The list: .csv/.tsv/.txt (CSV), .jsonl (JSON Lines), .xlsx or .xls")
      ->required();
  cmd->add_option("-m,--mapping", args->mapping, "Mapping file (TOML), see docs/formats.md")
      ->required();
  cmd->add_option("--encoding", args->encoding,
                  "Force the file's encoding: utf-8, windows-1252, latin-1 (default: detect)")
      ->check(EncodingName());
  cmd->add_option("--sheet", args->sheet,
                  "The sheet of an .xlsx/.xls workbook to import (default: the first)");
  cmd->add_flag("--accept-rejects", args->accept_rejects,
                "Exit 0 even if rows were rejected (they are still stored and listed)");
  cmd->add_flag("--strict", args->strict,
                "Reject the whole row when one field does not parse (and read dates only in\n"
                "the mapping's day/month order), instead of keeping it with the field empty");
  cmd->add_option("--max-messages", args->max_messages,
                  "How many rejected-row and unparsed-field messages to print (default 20)")
      ->check(IntegerIn(0, 1000000000));
  cmd->add_option("--exclusive", args->exclusive,
                  "auto|yes|no: write the batch with the store held exclusively, each new\n"
                  "page written once (about a third faster; readers wait until it commits).\n"
                  "Taken only if no other process has the store open. auto: for files of\n"
                  "32 MiB or more (default auto)")
      ->check(OneOf({"auto", "yes", "no"}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace habeas::cli
