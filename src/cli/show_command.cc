// habeas show record ID | habeas show source NAME
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "habeas/terminal_text.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {

nlohmann::json SourceJson(const SourceInfo& s);  // sources_command.cc
void ShowPerson(CliContext& ctx, const std::string& person);  // persons_command.cc

namespace {

// The record's notes as JSON; text that does not parse (a store written by hand) is
// shown as a string rather than ending the command.
nlohmann::json NotesJson(const std::string& notes) {
  if (notes.empty()) return nlohmann::json::array();
  nlohmann::json j = nlohmann::json::parse(notes, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json(notes) : j;
}

nlohmann::json BatchJson(const BatchInfo& b) {
  return {{"batch_id", b.id},         {"source", b.source_name},
          {"file", b.file_name},      {"sha256", b.file_sha256},
          {"file_size", b.file_size}, {"received", b.received_date},
          {"imported_at", b.imported_at}, {"format", b.format},
          {"encoding", b.encoding},   {"delimiter", b.delimiter},
          {"rows_read", b.rows_read}, {"rows_imported", b.rows_imported},
          {"rows_rejected", b.rows_rejected}, {"blank_lines", b.blank_lines}};
}

void ShowRecord(CliContext& ctx, int64_t id) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto record = (*store)->GetRecord(id);
  if (!record.ok()) return (void)ctx.Fail(record.status());
  if (!*record) return (void)ctx.Fail(NotFound("no record with id " + std::to_string(id)));
  const RecordData& r = **record;
  auto batch = (*store)->GetBatch(r.batch_id);
  if (!batch.ok()) return (void)ctx.Fail(batch.status());
  const BatchInfo b = batch->value_or(BatchInfo{});
  auto person = (*store)->PersonOfRecord(r.id);
  if (!person.ok()) return (void)ctx.Fail(person.status());
  const std::string person_id = link::PersonIdForRecord(*person, r.id);
  const auto columns = SourceColumns(r, b);
  if (ctx.json) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& [k, v] : columns) cols.push_back({{"column", k}, {"value", v}});
    nlohmann::json j = {{"record_id", r.id},
                        {"person_id", person_id},
                        {"source_record_id", r.source_record_id},
                        {"line", r.line},
                        {"end_line", r.end_line},
                        {"batch", BatchJson(b)},
                        {"fields", FieldsJson(r)},
                        {"columns", cols},
                        {"raw", DecodeRaw(r.raw, b)},
                        {"notes", NotesJson(r.notes_json)}};
    std::cout << JsonText(j, 2) << "\n";
    return;
  }
  std::cout << "record " << r.id << "  (person " << person_id << ")\n"
            << "  source     " << TerminalSafe(b.source_name) << ", record id \""
            << TerminalSafe(r.source_record_id)
            << "\"\n"
            << "  from       " << TerminalSafe(b.file_name) << ":" << r.line
            << (r.end_line != r.line ? "-" + std::to_string(r.end_line) : "") << ", batch "
            << b.id << ", received " << (b.received_date.empty() ? "?" : b.received_date)
            << ", imported " << b.imported_at << "\n"
            << "  file hash  sha256 " << b.file_sha256 << "\n\n  parsed fields\n";
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    if (r.fields[i].empty()) continue;
    std::string name(CanonicalFieldName(static_cast<CanonicalField>(i)));
    std::cout << "    " << name << std::string(name.size() < 13 ? 13 - name.size() : 1, ' ')
              << TerminalSafe(r.fields[i]) << "\n";
  }
  if (!r.notes_json.empty()) std::cout << "\n  notes      " << TerminalSafe(r.notes_json) << "\n";
  std::cout << "\n  as received (" << b.encoding << ")\n";
  for (const auto& [k, v] : columns) {
    std::cout << "    " << TerminalSafe(k) << ": " << TerminalSafe(v) << "\n";
  }
}

void ShowSource(CliContext& ctx, const std::string& name) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto source = (*store)->FindSource(name);
  if (!source.ok()) return (void)ctx.Fail(source.status());
  if (!*source) return (void)ctx.Fail(NotFound("no source named \"" + name + "\""));
  auto batches = (*store)->ListBatches(name);
  if (!batches.ok()) return (void)ctx.Fail(batches.status());
  if (ctx.json) {
    nlohmann::json j = SourceJson(**source);
    j["batch_list"] = nlohmann::json::array();
    for (const BatchInfo& b : *batches) j["batch_list"].push_back(BatchJson(b));
    std::cout << JsonText(j, 2) << "\n";
    return;
  }
  const SourceInfo& s = **source;
  std::cout << "source " << TerminalSafe(s.name) << " (" << SourceKindName(s.kind) << ")\n";
  if (!s.description.empty()) std::cout << "  " << TerminalSafe(s.description) << "\n";
  std::cout << "  records " << s.record_count << ", rejected " << s.rejected_count << "\n\n";
  TextTable table({"BATCH", "FILE", "RECEIVED", "IMPORTED", "READ", "IMPORTED", "REJECTED",
                   "ENCODING", "SHA256"});
  for (const BatchInfo& b : *batches) {
    table.Add({std::to_string(b.id), b.file_name, b.received_date, b.imported_at,
               std::to_string(b.rows_read), std::to_string(b.rows_imported),
               std::to_string(b.rows_rejected), b.encoding, b.file_sha256.substr(0, 16)});
  }
  table.Print(std::cout);
}

}  // namespace

void RegisterShowCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* show = app.add_subcommand("show", "Show one thing in full, with provenance.");
  show->require_subcommand(1);
  auto record_id = std::make_shared<int64_t>(0);
  CLI::App* rec = show->add_subcommand("record", "A record: parsed fields, source, file, line, "
                                                 "and the row as received.");
  rec->add_option("id", *record_id, "Record id (see `habeas records`)")
      ->required()
      ->check(RecordId());
  rec->callback([&ctx, record_id] { ShowRecord(ctx, *record_id); });
  auto source_name = std::make_shared<std::string>();
  CLI::App* src = show->add_subcommand("source", "A source and its batches (file versions).");
  src->add_option("name", *source_name, "Source name")->required();
  src->callback([&ctx, source_name] { ShowSource(ctx, *source_name); });
  auto person_id = std::make_shared<std::string>();
  CLI::App* per = show->add_subcommand(
      "person", "A person: its records, the evidence that joined them, and its history.");
  per->add_option("id", *person_id, "Person id, e.g. P000123 (see `habeas persons`)")->required();
  per->callback([&ctx, person_id] { ShowPerson(ctx, *person_id); });
}

}  // namespace habeas::cli
