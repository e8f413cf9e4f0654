// A court packet for one person (docs/packet.md): who the person is, every record
// that names them with its source, file, line and the row as received, why the
// records were joined (the explain table) and the review decisions, the custody and
// legal timeline with a source per entry, conflicts between sources, the orders whose
// scope reaches the person and the compliance findings, and for every record the
// ledger's inclusion proof under a signed head, with a page telling a clerk how to
// check them. Written as a PDF (Cairo + Pango, fonts embedded) and a JSON twin
// (schema: docs/packet.schema.json), in Spanish or English.
//
//   PacketOptions options;  // Spanish, everything an analyst may see
//   HABEAS_ASSIGN_OR_RETURN(Packet packet, AssemblePacket(store, 12, options));
//   HABEAS_RETURN_IF_ERROR(WritePacket(packet, "out/P000012", OutputFileOptions{}));
//
// AssemblePacket reads the store (the caller signs a head first: SignLedgerHead);
// RenderPacketPdf is pure over the JSON. Functions use the store from the calling
// thread only.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "habeas/output_file.h"
#include "habeas/status.h"

namespace habeas {

class Store;

enum class PacketLanguage { kSpanish, kEnglish };
std::string_view PacketLanguageCode(PacketLanguage language);  // "es", "en"
Result<PacketLanguage> ParsePacketLanguage(std::string_view code);

// Who the packet is for: an analyst (or admin) sees contacts, notes and the rows as
// received, and so gets the record proofs (a proof carries the row); a reviewer's
// packet withholds all three and says so.
enum class PacketAudience { kAnalyst, kReviewer };
std::string_view PacketAudienceName(PacketAudience audience);  // "analyst", "reviewer"
Result<PacketAudience> ParsePacketAudience(std::string_view role);

struct PacketOptions {
  PacketLanguage language = PacketLanguage::kSpanish;
  PacketAudience audience = PacketAudience::kAnalyst;
  std::string generated_at;  // UTC ISO 8601 (the caller's clock)
  std::string generated_by = "habeas";
  std::string public_key_pem;  // the ledger key's public half, printed on the check page
};

struct RecordProofFile {
  int64_t record_id = 0;
  std::string name;  // "proofs/record-12.json", relative to the packet directory
  std::string json;  // the proof document (`habeas prove record`'s output)
};

struct Packet {
  int64_t person_id = 0;
  nlohmann::json json;  // the JSON twin (docs/packet.schema.json)
  std::vector<RecordProofFile> proofs;
};

// kNotFound for an unknown person; a merged person's packet is its survivor's.
Result<Packet> AssemblePacket(Store& store, int64_t person_id, const PacketOptions& options);

// The packet as a PDF (A4, fonts embedded), in the packet's language, from its JSON.
Result<std::string> RenderPacketPdf(const nlohmann::json& packet);

// Writes DIR/packet.pdf, DIR/packet.json, DIR/proofs/record-N.json and
// DIR/ledger-key.pub.pem (when the options carried the key). Each file is written
// whole or not at all (OutputFile); DIR is created if missing.
Status WritePacket(const Packet& packet, const std::string& dir, const OutputFileOptions& output);

}  // namespace habeas
