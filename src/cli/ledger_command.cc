// `habeas verify`, `habeas checkpoint export`, `habeas prove record`, `habeas
// verify-proof`: the ledger's commands (docs/ledger.md). Thin over habeas/ledger_store.h.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "habeas/json_text.h"
#include "habeas/ledger_store.h"
#include "habeas/output_file.h"

namespace habeas::cli {
namespace {

// Writes `text` to `path` (through an OutputFile) or, when `path` is empty, stdout.
Status WriteDocument(const CliContext& ctx, const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text;
    return Status::Ok();
  }
  HABEAS_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path, ctx.OutputOptions("--out")));
  out->stream() << text;
  return out->Commit();
}

// The public key a checker trusts: from --public-key (a PEM public key file).
Result<std::optional<std::string>> TrustedKey(const std::string& path) {
  if (path.empty()) return std::optional<std::string>();
  HABEAS_ASSIGN_OR_RETURN(std::string key, ledger::ReadPublicKeyFile(path));
  return std::optional<std::string>(std::move(key));
}

// The trusted key for `habeas verify`: the ledger key file if it exists.
std::optional<std::string> LedgerPublicKey(const CliContext& ctx) {
  Result<ledger::SigningKey> key = ledger::SigningKey::Load(ctx.LedgerKeyPath());
  if (!key.ok()) return std::nullopt;
  return key->public_key();
}

struct VerifyArgs {
  std::string against;
};

void Verify(CliContext& ctx, const VerifyArgs& args) {
  VerifyOptions options;
  options.trusted_public_key = LedgerPublicKey(ctx);
  if (!args.against.empty()) {
    Result<ledger::SignedHead> head = ledger::ReadSignedHeadFile(args.against);
    if (!head.ok()) return (void)ctx.Fail(head.status());
    options.against = *head;
  }
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  Result<LedgerReport> report = VerifyLedger(**store, options);
  if (!report.ok()) return (void)ctx.Fail(report.status());
  if (ctx.json) {
    std::cout << JsonText(nlohmann::json({{"ok", true},
                                          {"entries", report->entries},
                                          {"rows_checked", report->rows_checked},
                                          {"heads_checked", report->heads_checked},
                                          {"root", ledger::Base64(report->root)},
                                          {"key_checked", options.trusted_public_key.has_value()}}))
              << "\n";
    return;
  }
  std::cout << "ledger ok: " << report->entries << " entries, " << report->rows_checked
            << " rows recomputed, " << report->heads_checked << " signed heads checked"
            << (options.trusted_public_key ? ""
                                           : " (no key file: signatures checked against "
                                             "the keys the heads carry)")
            << "; root " << ledger::Base64(report->root) << "\n";
}

struct CheckpointArgs {
  std::string out;
  std::string public_key_out;
};

void ExportCheckpoint(CliContext& ctx, const CheckpointArgs& args) {
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) return (void)ctx.Fail(store.status());
  Result<ledger::SigningKey> key = ctx.LoadOrCreateLedgerKey();
  if (!key.ok()) return (void)ctx.Fail(key.status());
  Result<ledger::SignedHead> head = SignLedgerHead(**store, *key, Clock::System());
  if (!head.ok()) return (void)ctx.Fail(head.status());
  if (!args.public_key_out.empty()) {
    if (Status s = WriteDocument(ctx, args.public_key_out, key->PublicKeyPem()); !s.ok()) {
      return (void)ctx.Fail(s);
    }
  }
  if (Status s = WriteDocument(ctx, args.out, head->ToJson() + "\n"); !s.ok()) {
    return (void)ctx.Fail(s);
  }
}

struct ProveArgs {
  int64_t record_id = 0;
  std::string out;
  std::string head = "earliest";
};

void Prove(CliContext& ctx, const ProveArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  const ProofHead which = args.head == "newest" ? ProofHead::kNewest : ProofHead::kEarliest;
  Result<std::string> proof = ProveRecord(**store, args.record_id, which);
  if (!proof.ok()) return (void)ctx.Fail(proof.status());
  if (Status s = WriteDocument(ctx, args.out, *proof); !s.ok()) return (void)ctx.Fail(s);
}

struct VerifyProofArgs {
  std::string file;
  std::string public_key;
};

void VerifyProof(CliContext& ctx, const VerifyProofArgs& args) {
  Result<std::optional<std::string>> trusted = TrustedKey(args.public_key);
  if (!trusted.ok()) return (void)ctx.Fail(trusted.status());
  std::optional<std::string_view> key;
  if (*trusted) key = **trusted;
  Result<ledger::ProofCheck> check = ledger::VerifyRecordProofFile(args.file, key);
  if (!check.ok()) return (void)ctx.Fail(check.status());
  if (ctx.json) {
    std::cout << JsonText(nlohmann::json({{"ok", true},
                                          {"table", check->table},
                                          {"row", check->row_id},
                                          {"head_size", check->head_size},
                                          {"head_time", check->head_time},
                                          {"public_key", check->public_key_base64},
                                          {"key_trusted", key.has_value()}}))
              << "\n";
    return;
  }
  std::cout << "proof ok: " << check->table << " row " << check->row_id
            << " is in the ledger under the head of " << check->head_size << " entries signed at "
            << check->head_time << " by key " << check->public_key_base64
            << (key ? " (the key you trust)"
                    : " (give --public-key to check that it is the key you trust)")
            << "\n";
}

}  // namespace

void RegisterLedgerCommands(CLI::App& app, CliContext& ctx) {
  auto verify = std::make_shared<VerifyArgs>();
  CLI::App* v = app.add_subcommand(
      "verify",
      "Recompute every row's hash and the ledger's tree from what the store holds now,\n"
      "and check them against the signed heads. Exits 6 naming the first bad entry and\n"
      "the table and row it covers when anything was changed behind Habeas's back.");
  v->add_option("--against", verify->against,
                "A signed head kept elsewhere (from `habeas checkpoint export`): also catches\n"
                "truncation or rollback of the whole store");
  v->callback([&ctx, verify] { Verify(ctx, *verify); });

  auto checkpoint = std::make_shared<CheckpointArgs>();
  CLI::App* c = app.add_subcommand("checkpoint", "Signed heads of the ledger.");
  c->require_subcommand(1);
  CLI::App* e = c->add_subcommand(
      "export", "Sign the ledger's head now and write it as JSON (standard output by default).");
  e->add_option("-o,--out", checkpoint->out, "Write the head to FILE");
  e->add_option("--public-key", checkpoint->public_key_out,
                "Also write the ledger's public key (PEM) to FILE");
  e->callback([&ctx, checkpoint] { ExportCheckpoint(ctx, *checkpoint); });

  auto prove = std::make_shared<ProveArgs>();
  CLI::App* p = app.add_subcommand("prove", "Proofs for outsiders (docs/ledger.md).");
  p->require_subcommand(1);
  CLI::App* r = p->add_subcommand(
      "record",
      "Write the record as received, its hashes, its inclusion proof and the signed head\n"
      "as one JSON document (standard output by default).");
  r->add_option("id", prove->record_id, "The record's id")->required();
  r->add_option("-o,--out", prove->out, "Write the proof to FILE");
  r->add_option("--head", prove->head,
                "Prove against the earliest signed head covering the record (default: the\n"
                "one signed after the write that logged it; the shortest proof) or the newest\n"
                "(to compare with the latest exported checkpoint)")
      ->check(CLI::IsMember({"earliest", "newest"}));
  r->callback([&ctx, prove] { Prove(ctx, *prove); });

  auto vp = std::make_shared<VerifyProofArgs>();
  CLI::App* f = app.add_subcommand("verify-proof",
                                   "Check a proof from `habeas prove record` (no store needed).");
  f->add_option("file", vp->file, "The proof (JSON)")->required();
  f->add_option("--public-key", vp->public_key,
                "The ledger's public key you trust (PEM, from `checkpoint export --public-key`)");
  f->callback([&ctx, vp] { VerifyProof(ctx, *vp); });
}

}  // namespace habeas::cli
