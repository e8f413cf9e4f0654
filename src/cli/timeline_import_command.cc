// habeas import for timeline files and list-declared claims; habeas add claim|orders.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/timeline_cli.h"
#include "habeas/byte_source.h"
#include "habeas/terminal_text.h"
#include "habeas/orders.h"
#include "habeas/store.h"
#include "habeas/timeline_import.h"

namespace habeas::cli {

bool ImportTimelineFileIfOne(CliContext& ctx, const std::string& file, const std::string& mapping,
                             int64_t max_messages) {
  Result<std::string> text = ReadSmallFile(mapping, 1 << 20);
  if (!text.ok()) return false;
  Result<MappingRole> role = MappingRoleOf(*text, mapping);
  if (!role.ok() || *role == MappingRole::kList) return false;
  auto store = ctx.OpenStore(CliContext::Missing::kCreate);
  if (!store.ok()) return (void)ctx.Fail(store.status()), true;
  TimelineFileOptions options;
  options.file = file;
  options.mapping_file = mapping;
  options.max_messages = static_cast<int>(std::min<int64_t>(max_messages, 1000000));
  Result<TimelineFileSummary> s = ImportTimelineFile(**store, options);
  if (!s.ok()) return (void)ctx.Fail(s.status().WithContext("import " + file)), true;
  if (!s->already_written) ctx.SignLedgerAfterWrite(**store);
  if (!s->encoding_warning.empty() && !ctx.quiet && !ctx.json) {
    std::cerr << "habeas: notice: " << TerminalSafe(s->encoding_warning) << "\n";
  }
  if (ctx.json) {
    std::cout << nlohmann::json({{"source", s->source},
                                 {"file", file},
                                 {"timeline_write", s->write_id},
                                 {"already_imported", s->already_written},
                                 {"rows_read", s->rows},
                                 {"facilities", s->facilities},
                                 {"flights", s->flights},
                                 {"claims", s->claims},
                                 {"notices", s->encoding_warning.empty()
                                                 ? nlohmann::json::array()
                                                 : nlohmann::json::array({s->encoding_warning})}})
                     .dump()
              << "\n";
  } else if (s->already_written) {
    std::cout << TerminalSafe(file) << ": already in the timeline (source \""
              << TerminalSafe(s->source) << "\", same content); nothing to do\n";
  } else {
    std::cout << TerminalSafe(file) << " → timeline, source \"" << TerminalSafe(s->source)
              << "\", write " << s->write_id << "\n  rows read " << s->rows << ": facilities "
              << s->facilities << ", flights " << s->flights << ", claims " << s->claims << "\n";
  }
  return true;
}

Status CheckListClaimsBeforeImport(const std::string& file, const std::string& mapping) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(mapping, 1 << 20));
  HABEAS_ASSIGN_OR_RETURN(std::vector<std::string> header, ReadFileHeader(file, text, mapping));
  const size_t slash = file.find_last_of('/');
  return CheckListClaims(text, mapping, header,
                         slash == std::string::npos ? file : file.substr(slash + 1));
}

void ImportListClaims(CliContext& ctx, Store& store, int64_t batch_id, int64_t max_messages) {
  if (batch_id == 0) return;
  Result<ListClaimsSummary> s = DeriveListClaims(store, batch_id);
  if (!s.ok()) return (void)ctx.Fail(s.status().WithContext("claims of batch " +
                                                            std::to_string(batch_id)));
  if (s->claims == 0 || s->already_written) return;
  ctx.SignLedgerAfterWrite(store);  // the import signed before its claims were written
  if (!ctx.quiet && !ctx.json) {
    for (size_t i = 0; i < s->messages.size() && static_cast<int64_t>(i) < max_messages; ++i) {
      std::cerr << TerminalSafe(s->messages[i]) << "\n";
    }
  }
  if (ctx.json) {
    std::cout << nlohmann::json({{"batch_id", batch_id},
                                 {"timeline_write", s->write_id},
                                 {"claims", s->claims},
                                 {"claims_with_unparsed_values", s->unparsed},
                                 {"messages", s->messages}})
                     .dump()
              << "\n";
  } else {
    std::cout << "  claims declared by the mapping: " << s->claims << " (timeline write "
              << s->write_id << ")";
    if (s->unparsed > 0) std::cout << "; " << s->unparsed << " with a value left unparsed";
    std::cout << "\n";
  }
}

namespace {

void AddOrders(CliContext& ctx, const std::string& file, const std::string& by) {
  Result<std::string> text = ReadSmallFile(file, 16 << 20);
  if (!text.ok()) return (void)ctx.Fail(text.status());
  // Parse before opening the store: a bad rules file creates nothing.
  Result<std::vector<Order>> orders = ParseOrders(*text, file.substr(file.find_last_of('/') + 1));
  if (!orders.ok()) return (void)ctx.Fail(orders.status());
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  Result<int64_t> write = StoreOrders(**store, *text, file, by);
  if (!write.ok()) return (void)ctx.Fail(write.status());
  ctx.SignLedgerAfterWrite(**store);
  if (ctx.json) {
    nlohmann::json names = nlohmann::json::array();
    for (const Order& o : *orders) names.push_back(o.name);
    std::cout << nlohmann::json({{"timeline_write", *write}, {"orders", names}}).dump() << "\n";
    return;
  }
  std::cout << "stored " << orders->size() << " order(s) from " << TerminalSafe(file)
            << " (timeline write " << *write << "):";
  for (const Order& o : *orders) std::cout << " " << o.name;
  std::cout << "\n";
}

void AddClaim(CliContext& ctx, HandClaim claim, const std::string& record, const std::string& person) {
  if (!record.empty()) {
    char* end = nullptr;
    claim.record_id = std::strtoll(record.c_str(), &end, 10);
    if (*end != '\0' || claim.record_id <= 0) {
      return (void)ctx.Fail(InvalidInput("--record " + record + ": not a record id"));
    }
  }
  if (!person.empty()) {
    std::optional<int64_t> id = ParsePersonId(person);
    if (!id) return (void)ctx.Fail(InvalidInput("--person " + person + ": not a person id (P000123)"));
    claim.person_id = *id;
  }
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  Result<int64_t> write = AddHandClaim(**store, claim);
  if (!write.ok()) return (void)ctx.Fail(write.status());
  ctx.SignLedgerAfterWrite(**store);
  if (ctx.json) {
    std::cout << nlohmann::json({{"timeline_write", *write}}).dump() << "\n";
  } else {
    std::cout << "claim stored (timeline write " << *write << ")\n";
  }
}

}  // namespace

void RegisterAddCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* add = app.add_subcommand(
      "add", "Add to the timeline by hand: one claim, or the orders of a rules file.");
  add->require_subcommand(1);
  auto claim = std::make_shared<HandClaim>();
  auto record = std::make_shared<std::string>();
  auto person = std::make_shared<std::string>();
  CLI::App* c = add->add_subcommand(
      "claim", "One claim typed by hand, about a record or a person (docs/timeline.md).");
  c->add_option("--kind", claim->kind,
                "arrest, book_in, transfer, removal, arrival, release, repatriation, death, "
                "designation, notice, charge, conviction, petition, hearing, evidence, "
                "counter_evidence, attribute")
      ->required();
  c->add_option("--record", *record, "The record it is about (store id)");
  c->add_option("--person", *person, "The person it is about (P000123)");
  c->add_option("--at", claim->at, "When (e.g. \"2025-03-15 17:45\", \"2025-03-15\", \"2025-03\")");
  c->add_option("--tz", claim->time_zone, "Time zone of --at (America/New_York, -04:00; default UTC)");
  c->add_option("--source", claim->source, "Who says it (a source or a person)")->required();
  c->add_option("--by", claim->by, "Who typed it")->default_val("analyst");
  c->add_option("--confidence", claim->confidence, "0 to 1 (default 1)")
      ->check(CLI::Range(0.0, 1.0));
  c->add_option("--facility", claim->facility, "Facility as written");
  c->add_option("--flight", claim->flight, "Flight as written (\"GlobalX 6143\")");
  c->add_option("--authority", claim->authority, "Authority (aea, title8, ...)");
  c->add_option("--item", claim->item, "Evidence item, charge, notice content, attribute name");
  c->add_option("--value", claim->value, "Attribute value");
  c->add_option("--language", claim->language, "Notice language (en, es)");
  c->add_option("--note", claim->note, "Free text");
  c->callback([&ctx, claim, record, person, c] {
    HandClaim h = *claim;
    h.command_line = "habeas add claim";
    for (const CLI::Option* o : c->get_options()) {
      if (o->count() > 0 && o->get_name() != "--help") {
        h.command_line += " " + o->get_name() + " \"" + o->as<std::string>() + "\"";
      }
    }
    AddClaim(ctx, h, *record, *person);
  });
  auto file = std::make_shared<std::string>();
  auto by = std::make_shared<std::string>();
  CLI::App* o = add->add_subcommand(
      "orders", "Store the orders of a rules file (the rule language: docs/timeline.md).");
  o->add_option("file", *file, "Rules file")->required();
  o->add_option("--by", *by, "Who adds them")->default_val("analyst");
  o->callback([&ctx, file, by] { AddOrders(ctx, *file, *by); });
}

}  // namespace habeas::cli
