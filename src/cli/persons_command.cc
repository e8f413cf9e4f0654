// habeas persons [--limit N] [--after P] · habeas show person P (registered by show_command.cc)
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>

#include "habeas/terminal_text.h"
#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/record_format.h"
#include "cli/table.h"
#include "habeas/json_text.h"
#include "cli/timeline_cli.h"
#include "habeas/timeline_view.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct PersonsArgs {
  int64_t limit = 50;
  std::string after;
};

Result<std::map<int64_t, std::string>> SourceNames(Store& store) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  std::map<int64_t, std::string> out;
  for (const SourceInfo& s : sources) out[s.id] = s.name;
  return out;
}

void ListPersons(CliContext& ctx, const PersonsArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  int64_t after = 0;
  if (!args.after.empty()) {
    auto id = link::ParsePersonId(args.after);
    if (!id) return (void)ctx.Fail(InvalidInput("--after " + args.after + ": not a person id"));
    after = *id;
  }
  auto persons = (*store)->ListPersons(after, args.limit);
  if (!persons.ok()) return (void)ctx.Fail(persons.status());
  auto sources = SourceNames(**store);
  if (!sources.ok()) return (void)ctx.Fail(sources.status());
  nlohmann::json out = nlohmann::json::array();
  TextTable table({"PERSON", "RECORDS", "SOURCES", "NAME", "BIRTH DATE"});
  for (const PersonInfo& p : *persons) {
    auto record_ids = (*store)->RecordsOfPerson(p.id);
    if (!record_ids.ok()) return (void)ctx.Fail(record_ids.status());
    std::string name, birth, source_list;
    std::map<std::string, int> per_source;
    for (int64_t id : *record_ids) {
      auto r = (*store)->GetRecord(id);
      if (!r.ok()) return (void)ctx.Fail(r.status());
      if (!*r) continue;
      ++per_source[(*sources)[(*r)->source_id]];
      const std::string display = DisplayName(**r);
      if (display.size() > name.size()) name = display;  // the fullest form
      const std::string& b = (*r)->field(CanonicalField::kBirthDate);
      if (b.size() > birth.size()) birth = b;
    }
    for (const auto& [s, c] : per_source) {
      source_list += (source_list.empty() ? "" : ", ") + s + (c > 1 ? "×" + std::to_string(c) : "");
    }
    if (ctx.json) {
      out.push_back({{"person_id", link::FormatPersonId(p.id)},
                     {"records", *record_ids},
                     {"sources", per_source},
                     {"name", name},
                     {"birth_date", birth},
                     {"created_at", p.created_at}});
    } else {
      table.Add({link::FormatPersonId(p.id), std::to_string(record_ids->size()), source_list, name,
                 birth});
    }
  }
  if (ctx.json) {
    // A listing: one object per line (docs/cli.md), like records and sources.
    for (const nlohmann::json& person : out) std::cout << JsonText(person) << "\n";
  } else {
    table.Print(std::cout);
  }
}

}  // namespace

void ShowPerson(CliContext& ctx, const std::string& person_text) {
  auto id = link::ParsePersonId(person_text);
  if (!id) {
    return (void)ctx.Fail(
        InvalidInput("\"" + person_text + "\" is not a person id (expected e.g. P000123)"));
  }
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto person = (*store)->GetPerson(*id);
  if (!person.ok()) return (void)ctx.Fail(person.status());
  if (!*person) {
    return (void)ctx.Fail(
        NotFound("no person " + link::FormatPersonId(*id) + " (see `habeas persons`)"));
  }
  const PersonInfo& p = **person;
  auto record_ids = (*store)->RecordsOfPerson(p.id);
  if (!record_ids.ok()) return (void)ctx.Fail(record_ids.status());
  auto edges = (*store)->ListEdges(p.id);
  if (!edges.ok()) return (void)ctx.Fail(edges.status());
  auto events = (*store)->ListPersonEvents(p.id);
  if (!events.ok()) return (void)ctx.Fail(events.status());
  auto sources = SourceNames(**store);
  if (!sources.ok()) return (void)ctx.Fail(sources.status());
  // The timeline: custody episodes, last known, legal events, conflicts (timeline_show.cc).
  auto context = LoadTimelineContext(**store);
  if (!context.ok()) return (void)ctx.Fail(context.status());
  auto timeline = LoadPersonTimeline(**store, *context, p.id);
  if (!timeline.ok()) return (void)ctx.Fail(timeline.status());
  const std::string status(PersonStatusName(p.status));
  if (ctx.json) {
    nlohmann::json j = {{"person_id", link::FormatPersonId(p.id)},
                        {"status", status},
                        {"created_at", p.created_at},
                        {"created_by", p.created_by}};
    if (p.merged_into) j["merged_into"] = link::FormatPersonId(p.merged_into);
    j["records"] = nlohmann::json::array();
    for (int64_t rid : *record_ids) {
      auto r = (*store)->GetRecord(rid);
      if (!r.ok()) return (void)ctx.Fail(r.status());
      if (!*r) continue;
      j["records"].push_back({{"record_id", rid},
                              {"source", (*sources)[(*r)->source_id]},
                              {"source_record_id", (*r)->source_record_id},
                              {"name", DisplayName(**r)},
                              {"fields", FieldsJson(**r)}});
    }
    j["edges"] = nlohmann::json::array();
    for (const LinkEdge& e : *edges) {
      j["edges"].push_back({{"record_a", e.record_a},
                            {"record_b", e.record_b},
                            {"weight", e.weight},
                            {"probability", e.probability},
                            {"kind", std::string(LinkEdgeKindName(e.kind))}});
    }
    j["history"] = link::PersonEventsJson(*events);
    j["timeline"] = PersonTimelineJson(*timeline);
    std::cout << JsonText(j, 2) << "\n";
    return;
  }
  std::cout << "person " << link::FormatPersonId(p.id) << "  (" << status;
  if (p.merged_into) std::cout << " into " << link::FormatPersonId(p.merged_into);
  std::cout << "; created " << p.created_at << " by " << TerminalSafe(p.created_by) << ")\n\n";
  TextTable table({"RECORD", "SOURCE", "SOURCE ID", "NAME", "BIRTH DATE", "IDS"});
  for (int64_t rid : *record_ids) {
    auto r = (*store)->GetRecord(rid);
    if (!r.ok()) return (void)ctx.Fail(r.status());
    if (!*r) continue;
    const RecordData& rec = **r;
    std::string ids;
    for (CanonicalField f :
         {CanonicalField::kNationalId, CanonicalField::kANumber, CanonicalField::kOtherId}) {
      if (!rec.field(f).empty()) ids += (ids.empty() ? "" : " ") + rec.field(f);
    }
    table.Add({std::to_string(rid), (*sources)[rec.source_id], rec.source_record_id,
               DisplayName(rec), rec.field(CanonicalField::kBirthDate), ids});
  }
  table.Print(std::cout);
  std::cout << "\n  why joined (see `habeas explain R1 R2` for the fields)\n";
  if (edges->empty()) std::cout << "    a single record: nothing joined\n";
  for (const LinkEdge& e : *edges) {
    char buf[160];
    if (e.kind == LinkEdgeKind::kDecision) {
      std::snprintf(buf, sizeof buf, "    %lld ~ %lld  reviewer decision \"same\"\n",
                    static_cast<long long>(e.record_a), static_cast<long long>(e.record_b));
    } else {
      std::snprintf(buf, sizeof buf, "    %lld ~ %lld  match weight %.2f, probability %.6f\n",
                    static_cast<long long>(e.record_a), static_cast<long long>(e.record_b),
                    e.weight, e.probability);
    }
    std::cout << buf;
  }
  if (!events->empty()) {
    std::cout << "\n  history\n";
    for (const PersonEvent& e : *events) {
      std::string persons;
      for (size_t k = 0; k < e.person_ids.size(); ++k) {
        persons +=
            (k ? (e.kind == PersonEventKind::kMerge ? " ← " : " → ") : "") + link::FormatPersonId(e.person_ids[k]);
      }
      std::string recs;
      for (int64_t r : e.record_ids) recs += (recs.empty() ? "" : ",") + std::to_string(r);
      std::cout << "    " << e.at << "  " << PersonEventKindName(e.kind) << "  " << persons << "  records " << recs
                << "\n      by " << TerminalSafe(e.by) << ": " << TerminalSafe(e.reason) << "\n";
    }
  }
  PrintTimeline(*timeline);
}

void RegisterPersonsCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<PersonsArgs>();
  CLI::App* cmd = app.add_subcommand("persons", "List persons (after `habeas link`).");
  cmd->add_option("-n,--limit", args->limit, "At most N persons (default 50, -1: all)")
      ->check(LimitOrAll());
  cmd->add_option("--after", args->after, "Start after this person id (pagination)");
  cmd->callback([&ctx, args] { ListPersons(ctx, *args); });
}

}  // namespace habeas::cli
