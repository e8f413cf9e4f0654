// habeas packet P000123 --out DIR [--lang en|es] [--role analyst|reviewer]: a court
// packet (docs/packet.md). Thin over habeas/packet.h: signs the ledger's head, so
// every record's proof is under a head as new as the packet, then assembles and writes.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/json_text.h"
#include "habeas/ledger_store.h"
#include "habeas/link.h"
#include "habeas/packet.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct PacketArgs {
  std::string person;
  std::string out;
  std::string lang = "en";
  std::string role = "analyst";
};

Status WritePersonPacket(CliContext& ctx, const PacketArgs& args) {
  const std::optional<int64_t> id = link::ParsePersonId(args.person);
  if (!id) {
    return InvalidInput("\"" + args.person + "\" is not a person id (expected e.g. P000123)");
  }
  PacketOptions options;
  HABEAS_ASSIGN_OR_RETURN(options.language, ParsePacketLanguage(args.lang));
  HABEAS_ASSIGN_OR_RETURN(options.audience, ParsePacketAudience(args.role));
  options.generated_at = Clock::System().NowIso();
  HABEAS_ASSIGN_OR_RETURN(auto store, ctx.OpenStore(CliContext::Missing::kRefuse));
  HABEAS_ASSIGN_OR_RETURN(auto key, ctx.LoadOrCreateLedgerKey());
  HABEAS_RETURN_IF_ERROR(SignLedgerHead(*store, key, Clock::System()).status());
  options.public_key_pem = key.PublicKeyPem();
  HABEAS_ASSIGN_OR_RETURN(Packet packet, AssemblePacket(*store, *id, options));
  HABEAS_RETURN_IF_ERROR(WritePacket(packet, args.out, ctx.OutputOptions("--out")));
  const nlohmann::json& j = packet.json;
  if (ctx.json) {
    std::cout << JsonText(nlohmann::json({{"person_id", j["person"]["person_id"]},
                                          {"dir", args.out},
                                          {"records", j["records"].size()},
                                          {"claims", j["timeline"]["claims"].size()},
                                          {"findings", j["orders"]["findings"].size()},
                                          {"proofs", packet.proofs.size()}}))
              << "\n";
  } else if (!ctx.quiet) {
    std::cout << "packet for " << j["person"]["person_id"].get<std::string>() << " in " << args.out
              << ": packet.pdf, packet.json, " << packet.proofs.size() << " record proof(s); "
              << j["records"].size() << " records, " << j["timeline"]["claims"].size()
              << " claims, " << j["orders"]["findings"].size() << " order finding(s)\n";
  }
  return Status::Ok();
}

}  // namespace

void RegisterPacketCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<PacketArgs>();
  CLI::App* cmd = app.add_subcommand(
      "packet",
      "Write a court packet for a person: packet.pdf and its JSON twin packet.json\n"
      "(identity, every record with its source and the row as received, why the records\n"
      "were joined, the timeline, conflicts, orders and findings), and each record's\n"
      "ledger proof in proofs/, under a head signed now (docs/packet.md).");
  cmd->add_option("person", args->person, "Person id, e.g. P000123")->required();
  cmd->add_option("--out", args->out, "Directory to write (created if missing)")->required();
  cmd->add_option("--lang", args->lang, "Language of the PDF: en (default) or es")
      ->check(OneOf({"en", "es"}));
  cmd->add_option("--role", args->role,
                  "Who it is for: analyst (default: contacts, notes, rows and proofs) or\n"
                  "reviewer (those withheld)")
      ->check(OneOf({"analyst", "admin", "reviewer"}));
  cmd->callback([&ctx, args] {
    if (Status s = WritePersonPacket(ctx, *args); !s.ok()) ctx.Fail(s);
  });
}

}  // namespace habeas::cli
