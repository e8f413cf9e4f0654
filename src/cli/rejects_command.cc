// habeas rejects [--source S] [--unparsed]: rows that could not be imported, and
// fields of imported rows that were left empty because they did not parse.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "habeas/json_text.h"
#include "habeas/terminal_text.h"
#include "habeas/ingest.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct RejectsArgs {
  std::string source;
  int64_t limit = 100;
  bool unparsed_only = false;
};

// Each line of `text` after four spaces (a rejected row may span lines).
std::string Indented(const std::string& text) {
  std::string out = "    ";
  for (char c : text) {
    out.push_back(c);
    if (c == '\n') out += "    ";
  }
  return out;
}

Status PrintRejectedRows(CliContext& ctx, Store& store, const std::optional<std::string>& source,
                         int64_t limit) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<RejectedRow> rows, store.ListRejected(source, limit));
  std::map<int64_t, BatchInfo> batches;
  for (const RejectedRow& r : rows) {
    auto it = batches.find(r.batch_id);
    if (it == batches.end()) {
      auto b = store.GetBatch(r.batch_id);
      it = batches.emplace(r.batch_id, b.ok() && *b ? **b : BatchInfo{}).first;
    }
    const std::string raw = DecodeRaw(r.raw, it->second);
    if (ctx.json) {
      std::cout << JsonText(nlohmann::json({{"kind", "rejected"},
                                            {"batch_id", r.batch_id},
                                            {"line", r.line},
                                            {"end_line", r.end_line},
                                            {"field", r.field},
                                            {"reason", r.reason},
                                            {"source", it->second.source_name},
                                            {"file", it->second.file_name},
                                            {"raw", raw}}))
                << "\n";
    } else {
      std::cout << TerminalSafe(r.reason) << "\n" << Indented(TerminalSafeLines(raw)) << "\n";
    }
  }
  return Status::Ok();
}

Status PrintUnparsedFields(CliContext& ctx, Store& store, const std::optional<std::string>& source,
                           int64_t limit, bool with_heading) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<UnparsedFieldRow> rows,
                          ListUnparsedFields(store, source, limit));
  if (with_heading && !ctx.json && !rows.empty()) {
    std::cout << "\nUnparsed fields (the rows were imported with these fields empty):\n";
  }
  for (const UnparsedFieldRow& u : rows) {
    if (ctx.json) {
      std::cout << JsonText(nlohmann::json({{"kind", "unparsed"},
                                            {"batch_id", u.batch_id},
                                            {"record_id", u.record_id},
                                            {"source_record_id", u.source_record_id},
                                            {"line", u.line},
                                            {"field", CanonicalFieldName(u.field.field)},
                                            {"column", u.field.column},
                                            {"text", u.field.text},
                                            {"message", u.field.message},
                                            {"source", u.source},
                                            {"file", u.file}}))
                << "\n";
    } else {
      std::cout << TerminalSafe(u.field.message) << "\n    record " << u.record_id << " ("
                << TerminalSafe(u.file) << ":" << u.line << ", "
                << CanonicalFieldName(u.field.field) << " from column \""
                << TerminalSafe(u.field.column) << "\"): \"" << TerminalSafe(u.field.text)
                << "\"\n";
    }
  }
  return Status::Ok();
}

void Run(CliContext& ctx, const RejectsArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  std::optional<std::string> source;
  if (!args.source.empty()) {
    // A misspelt source is "not found", as for `records --source`, not an empty list.
    auto found = (*store)->FindSource(args.source);
    if (!found.ok()) return (void)ctx.Fail(found.status());
    if (!*found) return (void)ctx.Fail(NotFound("no source named \"" + args.source + "\""));
    source = args.source;
  }
  if (!args.unparsed_only) {
    Status s = PrintRejectedRows(ctx, **store, source, args.limit);
    if (!s.ok()) return (void)ctx.Fail(s);
  }
  Status s = PrintUnparsedFields(ctx, **store, source, args.limit, !args.unparsed_only);
  if (!s.ok()) return (void)ctx.Fail(s);
}

}  // namespace

void RegisterRejectsCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<RejectsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "rejects",
      "List rejected rows (kept verbatim) with file, line, field and reason, then the\n"
      "unparsed fields of imported rows (file:line, field, column, text, message).\n"
      "With --json each line has \"kind\": \"rejected\" or \"unparsed\".");
  cmd->add_option("-s,--source", args->source, "Only rows of this source");
  cmd->add_option("-n,--limit", args->limit,
                  "At most this many rejected rows, and this many unparsed fields (default 100;\n"
                  "-1 for all)")
      ->check(LimitOrAll());
  cmd->add_flag("--unparsed", args->unparsed_only, "Only the unparsed fields of imported rows");
  cmd->callback([&ctx, args] { Run(ctx, *args); });
}

}  // namespace habeas::cli
