// Assembling a court packet (habeas/packet.h): each part read from the library that
// owns it — records and batches from the store, the explain table from link, the
// timeline from timeline, orders from orders, proofs from the ledger — into the JSON
// twin the PDF is rendered from.
#include "habeas/packet.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <map>
#include <set>

#include "habeas/ingest.h"
#include "habeas/json_text.h"
#include "habeas/ledger_store.h"
#include "habeas/link.h"
#include "habeas/orders.h"
#include "habeas/store.h"
#include "habeas/timeline_view.h"
#include "packet/packet_text.h"

namespace habeas {

std::string_view PacketLanguageCode(PacketLanguage language) {
  return language == PacketLanguage::kSpanish ? "es" : "en";
}

Result<PacketLanguage> ParsePacketLanguage(std::string_view code) {
  if (code == "es") return PacketLanguage::kSpanish;
  if (code == "en") return PacketLanguage::kEnglish;
  return InvalidInput("unknown language \"" + std::string(code) + "\" (expected es or en)");
}

std::string_view PacketAudienceName(PacketAudience audience) {
  return audience == PacketAudience::kAnalyst ? "analyst" : "reviewer";
}

Result<PacketAudience> ParsePacketAudience(std::string_view role) {
  if (role == "analyst" || role == "admin") return PacketAudience::kAnalyst;
  if (role == "reviewer") return PacketAudience::kReviewer;
  return InvalidInput("unknown role \"" + std::string(role) +
                      "\" (expected analyst, admin or reviewer)");
}

namespace {

double Round4(double x) { return std::round(x * 1e4) / 1e4; }

// A merged person's packet is its survivor's.
Result<PersonInfo> CurrentPerson(Store& store, int64_t person_id) {
  MergeFollower merges(store);
  HABEAS_ASSIGN_OR_RETURN(int64_t survivor, merges.Survivor(person_id));
  HABEAS_ASSIGN_OR_RETURN(std::optional<PersonInfo> person, store.GetPerson(survivor));
  if (!person) return NotFound("no person " + FormatPersonId(person_id));
  return *person;
}

nlohmann::json FactsJson(const std::vector<RecordFact>& facts) {
  nlohmann::json out = nlohmann::json::array();
  std::set<std::pair<std::string, int64_t>> seen;
  for (const RecordFact& f : facts) {
    if (!seen.insert({f.value, f.record_id}).second) continue;
    out.push_back({{"value", f.value}, {"record_id", f.record_id}, {"source", f.source}});
  }
  return out;
}

nlohmann::json IdentityJson(const PersonInfo& person, int64_t asked_for, const PersonFacts& f) {
  nlohmann::json ages = nlohmann::json::array();
  for (size_t i = 0; i < f.ages.size(); ++i) {
    ages.push_back({{"value", f.ages[i].value},
                    {"record_id", f.ages[i].record_id},
                    {"source", f.ages[i].source},
                    {"as_of", i < f.age_dates.size() ? f.age_dates[i] : ""}});
  }
  nlohmann::json j = {{"person_id", FormatPersonId(person.id)},
                      {"status", std::string(PersonStatusName(person.status))},
                      {"created_at", person.created_at},
                      {"created_by", person.created_by},
                      {"names", FactsJson(f.names)},
                      {"birth_dates", FactsJson(f.birth_dates)},
                      {"ages", ages},
                      {"nationalities", FactsJson(f.nationalities)},
                      {"a_numbers", FactsJson(f.a_numbers)}};
  if (asked_for != person.id) j["asked_for"] = FormatPersonId(asked_for);
  return j;
}

nlohmann::json RecordJson(const RecordData& r, const BatchInfo& batch, PacketAudience audience) {
  nlohmann::json fields = nlohmann::json::object();
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    const auto field = static_cast<CanonicalField>(i);
    if (r.fields[i].empty()) continue;
    if (audience == PacketAudience::kReviewer && IsRestrictedField(field)) continue;
    fields[std::string(CanonicalFieldName(field))] = r.fields[i];
  }
  nlohmann::json j = {{"record_id", r.id},
                      {"source", batch.source_name},
                      {"source_record_id", r.source_record_id},
                      {"name", DisplayName(r)},
                      {"file", batch.file_name},
                      {"line", r.line},
                      {"batch_id", r.batch_id},
                      {"received", batch.received_date},
                      {"file_sha256", batch.file_sha256},
                      {"fields", fields}};
  if (audience == PacketAudience::kAnalyst) {
    nlohmann::json cols = nlohmann::json::array();
    for (const auto& [column, value] : SourceColumns(r, batch)) {
      cols.push_back({{"column", column}, {"value", value}});
    }
    j["row_as_received"] = {{"text", r.raw}, {"columns", cols}};
  } else {
    j["row_as_received"] = nullptr;
  }
  return j;
}

nlohmann::json ExplanationJson(const link::PairExplanation& ex, PacketAudience audience) {
  nlohmann::json fields = nlohmann::json::array();
  for (const link::FieldContribution& f : ex.fields) {
    const auto canonical = ParseCanonicalField(f.field);
    const bool hide =
        audience == PacketAudience::kReviewer && canonical && IsRestrictedField(*canonical);
    fields.push_back({{"field", f.field},
                      {"level", f.level},
                      {"detail", hide ? "(withheld)" : f.detail},
                      {"weight", Round4(f.weight)},
                      {"tf_adjustment", Round4(f.tf_adjustment)}});
  }
  nlohmann::json j = {{"model_version", ex.model_version},
                      {"prior_weight", Round4(ex.prior_weight)},
                      {"prior_lists", ex.prior_lists},
                      {"fields", fields},
                      {"total_weight", Round4(ex.total_weight)},
                      {"probability", ex.probability}};
  if (ex.linked_weight) j["linked_weight"] = Round4(*ex.linked_weight);
  return j;
}

// Why the records are one person: each stored edge with the explain table of its pair.
Result<nlohmann::json> LinksJson(Store& store, int64_t person_id, PacketAudience audience) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkEdge> edges, store.ListEdges(person_id));
  nlohmann::json out = nlohmann::json::array();
  for (const LinkEdge& e : edges) {
    nlohmann::json j = {{"record_a", e.record_a},
                        {"record_b", e.record_b},
                        {"kind", std::string(LinkEdgeKindName(e.kind))},
                        {"weight", Round4(e.weight)},
                        {"probability", e.probability}};
    Result<link::PairExplanation> ex = link::ExplainPair(store, e.record_a, e.record_b);
    if (ex.ok()) {
      j["explanation"] = ExplanationJson(*ex, audience);
    } else if (ex.status().code() == StatusCode::kNotFound) {
      j["explanation"] = nullptr;  // no saved model: a decision-only store
    } else {
      return ex.status();
    }
    out.push_back(std::move(j));
  }
  return out;
}

// Claims' notes and rows as received are restricted like records' (a reviewer's packet).
void WithholdClaimDetails(nlohmann::json& packet) {
  for (nlohmann::json& c : packet["timeline"]["claims"]) WithholdRestrictedClaimFields(c);
  for (nlohmann::json& f : packet["orders"]["findings"]) {
    for (nlohmann::json& e : f["evidence"]) WithholdRestrictedClaimFields(e);
  }
}

// The orders whose scope reaches the person, and what the checks found.
Result<nlohmann::json> OrdersJson(Store& store, const PersonTimeline& timeline) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<Order> orders, LoadOrders(store));
  nlohmann::json covering = nlohmann::json::array();
  for (const OrderCoverage& c : OrdersCovering(orders, timeline)) {
    covering.push_back(OrderCoverageJson(c));
  }
  OrderCheckInput input;
  input.persons.push_back(timeline);
  const OrderCheckReport report = CheckOrders(orders, input);
  nlohmann::json findings = nlohmann::json::array();
  for (const OrderFinding& f : report.findings) findings.push_back(OrderFindingJson(f, orders));
  return nlohmann::json{{"orders_known", orders.size()},
                        {"covering", covering},
                        {"findings", findings}};
}

// Each record's proof under the newest signed head; a reviewer gets none (a proof
// carries the row as received).
Result<nlohmann::json> LedgerJson(Store& store, const std::vector<int64_t>& record_ids,
                                  const PacketOptions& options, std::vector<RecordProofFile>* files) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::SignedHead> heads, store.ListSignedHeads());
  nlohmann::json j = {{"head", heads.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json::parse(heads.back().ToJson())},
                      {"public_key_pem", options.public_key_pem.empty()
                                             ? nlohmann::json(nullptr)
                                             : nlohmann::json(options.public_key_pem)}};
  nlohmann::json proofs = nlohmann::json::array();
  if (options.audience == PacketAudience::kReviewer) {
    j["proofs"] = proofs;
    j["unproven"] = nlohmann::json::array();
    j["withheld"] = "record proofs carry the rows as received (analysts only)";
    return j;
  }
  nlohmann::json unproven = nlohmann::json::array();
  for (int64_t id : record_ids) {
    // Against the newest head: the packet signs one now and prints it (section 7).
    Result<std::string> proved = ProveRecord(store, id, ProofHead::kNewest);
    if (!proved.ok() && proved.status().code() == StatusCode::kNotFound) {
      // Logged after the newest signed head (a read signs none): say so.
      unproven.push_back({{"record_id", id}, {"reason", proved.status().message()}});
      continue;
    }
    HABEAS_ASSIGN_OR_RETURN(std::string proof, std::move(proved));
    RecordProofFile file{id, "proofs/record-" + std::to_string(id) + ".json", proof};
    nlohmann::json parsed = nlohmann::json::parse(proof);
    proofs.push_back({{"record_id", id},
                      {"file", file.name},
                      {"entry_index", parsed["entry"]["index"]},
                      {"row_index", parsed["row_tree"]["index"]},
                      {"head_size", parsed["head"]["size"]},
                      {"proof", std::move(parsed)}});
    files->push_back(std::move(file));
  }
  j["proofs"] = proofs;
  j["unproven"] = unproven;
  return j;
}

nlohmann::json HowToCheckJson(const PacketOptions& options) {
  nlohmann::json steps = nlohmann::json::array();
  for (packet::Text t : {packet::Text::kCheckStep1, packet::Text::kCheckStep2,
                         packet::Text::kCheckStep3, packet::Text::kCheckStep4,
                         packet::Text::kCheckStep5}) {
    steps.push_back(std::string(packet::Translate(options.language, t)));
  }
  return {{"language", std::string(PacketLanguageCode(options.language))}, {"steps", steps}};
}

Result<std::vector<RecordData>> ReadRecords(Store& store, const std::vector<int64_t>& ids) {
  std::vector<RecordData> records;
  for (int64_t id : ids) {
    HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r, store.GetRecord(id));
    if (!r) return DataLoss("person lists record " + std::to_string(id) + ", which is missing");
    records.push_back(std::move(*r));
  }
  return records;
}

}  // namespace

Result<Packet> AssemblePacket(Store& store, int64_t person_id, const PacketOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(PersonInfo person, CurrentPerson(store, person_id));
  HABEAS_ASSIGN_OR_RETURN(std::vector<int64_t> record_ids, store.RecordsOfPerson(person.id));
  std::sort(record_ids.begin(), record_ids.end());
  HABEAS_ASSIGN_OR_RETURN(std::vector<RecordData> records, ReadRecords(store, record_ids));
  HABEAS_ASSIGN_OR_RETURN(TimelineContext context, LoadTimelineContext(store));
  HABEAS_ASSIGN_OR_RETURN(PersonTimeline timeline, LoadPersonTimeline(store, context, person.id));

  Packet packet;
  packet.person_id = person.id;
  nlohmann::json& j = packet.json;
  j["format"] = "habeas-court-packet-v1";
  j["language"] = std::string(PacketLanguageCode(options.language));
  j["audience"] = std::string(PacketAudienceName(options.audience));
  j["generated_at"] = options.generated_at;
  j["generated_by"] = options.generated_by;
  j["person"] = IdentityJson(person, person_id, timeline.facts);

  nlohmann::json recs = nlohmann::json::array();
  std::map<int64_t, BatchInfo> batches;
  for (const RecordData& r : records) {
    if (!batches.count(r.batch_id)) {
      HABEAS_ASSIGN_OR_RETURN(std::optional<BatchInfo> b, store.GetBatch(r.batch_id));
      batches[r.batch_id] = b.value_or(BatchInfo{});
    }
    recs.push_back(RecordJson(r, batches[r.batch_id], options.audience));
  }
  j["records"] = std::move(recs);
  HABEAS_ASSIGN_OR_RETURN(j["links"], LinksJson(store, person.id, options.audience));
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkDecision> decisions, store.ListDecisions());
  j["decisions"] = link::DecisionsAboutJson(decisions, record_ids);
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonEvent> events, store.ListPersonEvents(person.id));
  j["history"] = link::PersonEventsJson(events);
  j["timeline"] = PersonTimelineJson(timeline);
  j["conflicts"] = j["timeline"]["conflicts"];
  HABEAS_ASSIGN_OR_RETURN(j["orders"], OrdersJson(store, timeline));
  if (options.audience == PacketAudience::kReviewer) WithholdClaimDetails(j);
  HABEAS_ASSIGN_OR_RETURN(j["ledger"], LedgerJson(store, record_ids, options, &packet.proofs));
  j["how_to_check"] = HowToCheckJson(options);
  return packet;
}

namespace {

Status WriteFile(const std::filesystem::path& path, std::string_view bytes,
                 const OutputFileOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path.string(), options));
  HABEAS_RETURN_IF_ERROR(out->Write(bytes));
  return out->Commit();
}

}  // namespace

Status WritePacket(const Packet& packet, const std::string& dir, const OutputFileOptions& output) {
  HABEAS_ASSIGN_OR_RETURN(std::string pdf, RenderPacketPdf(packet.json));
  const std::filesystem::path root(dir);
  std::error_code ec;
  std::filesystem::create_directories(root / "proofs", ec);
  if (ec) {
    return InvalidInput(output.option_name + " " + dir + ": cannot create the directory (" +
                        ec.message() + ")");
  }
  // Every target is checked before the first is written: a refused packet writes nothing.
  std::vector<std::filesystem::path> targets = {root / "packet.json", root / "packet.pdf",
                                                root / "ledger-key.pub.pem"};
  for (const RecordProofFile& proof : packet.proofs) targets.push_back(root / proof.name);
  for (const std::filesystem::path& target : targets) {
    HABEAS_RETURN_IF_ERROR(CheckOutputPath(target.string(), output));
  }
  HABEAS_RETURN_IF_ERROR(WriteFile(root / "packet.json", JsonText(packet.json, 2) + "\n", output));
  HABEAS_RETURN_IF_ERROR(WriteFile(root / "packet.pdf", pdf, output));
  for (const RecordProofFile& proof : packet.proofs) {
    HABEAS_RETURN_IF_ERROR(WriteFile(root / proof.name, proof.json, output));
  }
  const nlohmann::json& pem = packet.json["ledger"]["public_key_pem"];
  if (pem.is_string()) {
    HABEAS_RETURN_IF_ERROR(WriteFile(root / "ledger-key.pub.pem", pem.get<std::string>(), output));
  }
  return Status::Ok();
}

}  // namespace habeas
