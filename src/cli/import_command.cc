// habeas import FILE --mapping MAP.toml
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "habeas/ingest.h"

namespace habeas::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string mapping;
  std::string encoding;
  bool accept_rejects = false;
  int max_messages = 20;
  std::string exclusive = "auto";
};

nlohmann::json SummaryJson(const ImportSummary& s) {
  return {{"source", s.source},
          {"file", s.file},
          {"sha256", s.sha256},
          {"batch_id", s.batch_id},
          {"already_imported", s.already_imported},
          {"format", s.format},
          {"encoding", s.encoding},
          {"delimiter", s.delimiter},
          {"rows_read", s.rows_read},
          {"rows_imported", s.rows_imported},
          {"rows_rejected", s.rows_rejected},
          {"blank_lines", s.blank_lines},
          {"seconds", s.seconds}};
}

void Run(CliContext& ctx, const ImportArgs& args) {
  auto store = ctx.OpenStore();
  if (!store.ok()) {
    ctx.Fail(store.status());
    return;
  }
  ImportOptions options;
  options.file = args.file;
  options.mapping_file = args.mapping;
  options.encoding = args.encoding;
  options.show_progress = ctx.ShowProgress();
  options.exclusive = args.exclusive == "yes"  ? ImportOptions::Exclusive::kAlways
                      : args.exclusive == "no" ? ImportOptions::Exclusive::kNever
                                               : ImportOptions::Exclusive::kAuto;
  int64_t shown = 0;
  options.on_reject = [&](const RejectedRow& row) {
    if (ctx.quiet) return;
    if (shown < args.max_messages) {
      std::cerr << row.reason << "\n";
    } else if (shown == args.max_messages) {
      std::cerr << "(more rejected rows: see `habeas rejects --source ...`)\n";
    }
    ++shown;
  };
  Result<ImportSummary> result = ImportFile(**store, options);
  if (!result.ok()) {
    ctx.Fail(result.status().WithContext("import " + args.file));
    return;
  }
  const ImportSummary& s = *result;
  if (ctx.json) {
    std::cout << SummaryJson(s).dump() << "\n";
  } else if (s.already_imported) {
    std::cout << s.file << ": already imported as batch " << s.batch_id << " of source \""
              << s.source << "\" (same content, sha256 " << s.sha256.substr(0, 12)
              << "…); nothing to do\n";
  } else {
    std::cout << s.file << " → source \"" << s.source << "\", batch " << s.batch_id << " ("
              << s.format << ", " << s.encoding << (s.delimiter.empty() ? "" : ", ") << s.delimiter
              << ")\n"
              << "  rows read " << s.rows_read << " = imported " << s.rows_imported
              << " + rejected " << s.rows_rejected;
    if (s.blank_lines > 0) std::cout << "  (blank lines skipped: " << s.blank_lines << ")";
    std::cout << "\n";
    if (s.seconds > 0) {
      std::cout << "  " << static_cast<int64_t>(s.rows_read / s.seconds) << " rows/s\n";
    }
  }
  if (s.rows_rejected > 0 && !s.already_imported && !args.accept_rejects) {
    if (!ctx.json) {
      std::cerr << "habeas: " << s.rows_rejected
                << " rows were rejected and kept in the store (see `habeas rejects --source "
                << s.source << "`); fix them and import the corrected file\n";
    }
    ctx.exit_code = ExitCodeFor(StatusCode::kInvalidInput);
  }
}

}  // namespace

void RegisterImportCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a list (CSV or JSON Lines) as a new batch of a source.\n"
      "Every row becomes a record or a rejected row; nothing is dropped. Importing the same\n"
      "file again changes nothing. Exits 3 when rows were rejected (they are stored).");
  cmd->add_option("file", args->file, "The list: .csv/.tsv/.txt (CSV) or .jsonl (JSON Lines)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-m,--mapping", args->mapping, "Mapping file (TOML), see docs/formats.md")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--encoding", args->encoding,
                  "Force the file's encoding: utf-8, windows-1252, latin-1 (default: detect)");
  cmd->add_flag("--accept-rejects", args->accept_rejects,
                "Exit 0 even if rows were rejected (they are still stored and listed)");
  cmd->add_option("--max-messages", args->max_messages,
                  "How many rejected-row messages to print (default 20)");
  cmd->add_option("--exclusive", args->exclusive,
                  "auto|yes|no: write the batch with the store held exclusively, each new\n"
                  "page written once (about a third faster; readers wait until it commits).\n"
                  "Taken only if no other process has the store open. auto: for files of\n"
                  "32 MiB or more (default auto)")
      ->check(CLI::IsMember({"auto", "yes", "no"}));
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace habeas::cli
