// Court packets over the bundled March 2025 scenario, imported and linked: every record
// of the person with its row as received, the explain table of each join, the
// timeline, the orders that reach the person and the findings, and proofs that check
// against the store's key; a reviewer's packet withholds what a reviewer may not see;
// the PDF is a PDF with its fonts embedded.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <set>

#include "habeas/ledger_store.h"
#include "habeas/link.h"
#include "habeas/packet.h"
#include "habeas/store.h"
#include "orders/scenario_store.h"
#include "packet/packet_text.h"

namespace habeas {
namespace {

class PacketTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("packet_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = test_scenario::LoadScenarioStore((dir_ / "h.db").string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store).release();
    auto linked = link::RunLink(*store_, link::DefaultLinkSettings(), {});
    ASSERT_TRUE(linked.ok()) << linked.status().message();
    auto key = ledger::SigningKey::LoadOrCreate((dir_ / "key").string());
    ASSERT_TRUE(key.ok());
    key_ = new ledger::SigningKey(*key);
    ASSERT_TRUE(SignLedgerHead(*store_, *key_, FixedClock(1742100000000000)).ok());
  }
  static void TearDownTestSuite() {
    delete store_;
    delete key_;
    std::filesystem::remove_all(dir_);
  }

  static Packet Assemble(int64_t person, PacketAudience audience = PacketAudience::kAnalyst,
                         PacketLanguage language = PacketLanguage::kEnglish) {
    PacketOptions options;
    options.audience = audience;
    options.language = language;
    options.generated_at = "2026-12-06T00:00:00Z";
    options.public_key_pem = key_->PublicKeyPem();
    auto packet = AssemblePacket(*store_, person, options);
    EXPECT_TRUE(packet.ok()) << packet.status().message();
    return packet.ok() ? std::move(*packet) : Packet{};
  }

  // The person of the manifest record `manifest_id` (e.g. "M03").
  static int64_t PersonOfManifestRow(const std::string& manifest_id) {
    int64_t found = 0;
    EXPECT_TRUE(store_->ForEachRecord({}, [&](const RecordData& r) {
      if (r.source_record_id != manifest_id) return true;
      auto batch = store_->GetBatch(r.batch_id);
      if (!batch.ok() || !*batch || (*batch)->source_name != "manifest_leak") return true;
      found = store_->PersonOfRecord(r.id).value().value_or(0);
      return false;
    }).ok());
    return found;
  }

  // Every active person of the store.
  static std::vector<int64_t> Persons() {
    std::vector<int64_t> out;
    auto persons = store_->ListPersons(0, 1000);
    EXPECT_TRUE(persons.ok());
    for (const PersonInfo& p : *persons) {
      if (p.status == PersonStatus::kActive) out.push_back(p.id);
    }
    return out;
  }

  static inline std::filesystem::path dir_;
  static inline Store* store_ = nullptr;
  static inline ledger::SigningKey* key_ = nullptr;
};

TEST_F(PacketTest, EveryRecordOfThePersonWithItsSourceAndRowAsReceived) {
  for (int64_t person : Persons()) {
    const Packet packet = Assemble(person);
    auto ids = store_->RecordsOfPerson(person);
    ASSERT_TRUE(ids.ok());
    const nlohmann::json& records = packet.json["records"];
    ASSERT_EQ(records.size(), ids->size()) << FormatPersonId(person);
    std::set<int64_t> expected(ids->begin(), ids->end());
    for (const nlohmann::json& r : records) {
      const int64_t id = r["record_id"].get<int64_t>();
      EXPECT_TRUE(expected.count(id)) << id;
      auto stored = store_->GetRecord(id);
      ASSERT_TRUE(stored.ok() && *stored);
      EXPECT_EQ(r["row_as_received"]["text"], (*stored)->raw);
      EXPECT_EQ(r["line"], (*stored)->line);
      EXPECT_FALSE(r["source"].get<std::string>().empty());
      EXPECT_FALSE(r["file"].get<std::string>().empty());
      EXPECT_EQ(r["file_sha256"].get<std::string>().size(), 64u);
    }
    EXPECT_EQ(packet.json["person"]["person_id"], FormatPersonId(person));
    EXPECT_EQ(packet.json["format"], "habeas-court-packet-v1");
  }
}

TEST_F(PacketTest, EveryProofChecksAgainstTheStoresKey) {
  size_t checked = 0;
  for (int64_t person : Persons()) {
    const Packet packet = Assemble(person);
    ASSERT_EQ(packet.proofs.size(), packet.json["records"].size());
    for (const RecordProofFile& proof : packet.proofs) {
      auto check = ledger::VerifyRecordProofJson(proof.json, key_->public_key());
      ASSERT_TRUE(check.ok()) << proof.name << ": " << check.status().message();
      EXPECT_EQ(check->table, "records");
      EXPECT_EQ(check->row_id, proof.record_id);
      EXPECT_EQ(proof.name, "proofs/record-" + std::to_string(proof.record_id) + ".json");
      ++checked;
    }
    EXPECT_EQ(packet.json["ledger"]["head"]["size"],
              nlohmann::json::parse(packet.proofs.front().json)["head"]["size"]);
  }
  EXPECT_GE(checked, 29u);  // every record of the scenario
}

TEST_F(PacketTest, ANamedPlaintiffOnAPlaneHasTheViolationAndTheOrderThatNamesHim) {
  // manifest.csv:9 (M10) is on GlobalX 6145 after the first TRO named him
  // (expected_findings.csv).
  const int64_t person = PersonOfManifestRow("M10");
  ASSERT_GT(person, 0);
  const nlohmann::json p = Assemble(person).json;
  bool named = false;
  for (const nlohmann::json& o : p["orders"]["covering"]) {
    if (o["order"] == "jgg_tro_named") named = o["in_scope"] == "yes";
  }
  EXPECT_TRUE(named) << p["orders"].dump(2);
  bool violation = false;
  for (const nlohmann::json& f : p["orders"]["findings"]) {
    if (f["order"] == "jgg_tro_named" && f["verdict"] == "violation") violation = true;
  }
  EXPECT_TRUE(violation) << p["orders"]["findings"].dump(2);
  ASSERT_FALSE(p["timeline"]["claims"].empty());
  for (const nlohmann::json& c : p["timeline"]["claims"]) {
    EXPECT_FALSE(c["source"]["source"].get<std::string>().empty()) << c.dump();
  }
}

TEST_F(PacketTest, AJoinedPersonCarriesTheExplainTableOfEachJoin) {
  size_t joined = 0;
  for (int64_t person : Persons()) {
    const nlohmann::json p = Assemble(person).json;
    if (p["records"].size() < 2) {
      EXPECT_TRUE(p["links"].empty());
      continue;
    }
    ++joined;
    ASSERT_GE(p["links"].size(), p["records"].size() - 1) << FormatPersonId(person);
    for (const nlohmann::json& l : p["links"]) {
      if (l["kind"] != "model") continue;
      ASSERT_TRUE(l["explanation"].is_object());
      EXPECT_FALSE(l["explanation"]["fields"].empty());
      const double probability = l["explanation"]["probability"].get<double>();
      EXPECT_GT(probability, 0.0);
      EXPECT_LE(probability, 1.0);
    }
  }
  EXPECT_GE(joined, 1u);
}

TEST_F(PacketTest, AReviewersPacketWithholdsRowsContactsNotesAndProofs) {
  for (int64_t person : Persons()) {
    const Packet packet = Assemble(person, PacketAudience::kReviewer);
    const nlohmann::json& p = packet.json;
    EXPECT_EQ(p["audience"], "reviewer");
    EXPECT_TRUE(packet.proofs.empty());
    EXPECT_TRUE(p["ledger"]["proofs"].empty());
    EXPECT_TRUE(p["ledger"].contains("withheld"));
    for (const nlohmann::json& r : p["records"]) {
      EXPECT_TRUE(r["row_as_received"].is_null());
      for (const char* restricted : {"phone", "email", "address", "note"}) {
        EXPECT_FALSE(r["fields"].contains(restricted)) << restricted;
      }
    }
    for (const nlohmann::json& c : p["timeline"]["claims"]) {
      EXPECT_FALSE(c.contains("note"));
      EXPECT_FALSE(c["source"].contains("as_received"));
    }
    for (const nlohmann::json& f : p["orders"]["findings"]) {
      for (const nlohmann::json& e : f["evidence"]) EXPECT_FALSE(e.contains("as_received"));
    }
  }
}

TEST_F(PacketTest, UnknownPersonIsNotFound) {
  PacketOptions options;
  auto packet = AssemblePacket(*store_, 999999, options);
  ASSERT_FALSE(packet.ok());
  EXPECT_EQ(packet.status().code(), StatusCode::kNotFound);
  EXPECT_NE(packet.status().message().find("P999999"), std::string::npos);
}

TEST_F(PacketTest, PdfIsAPdfWithEmbeddedFontsInEitherLanguage) {
  const int64_t person = PersonOfManifestRow("M03");  // Jesús Salazar Torres
  for (PacketLanguage language : {PacketLanguage::kEnglish, PacketLanguage::kSpanish}) {
    const Packet packet = Assemble(person, PacketAudience::kAnalyst, language);
    auto pdf = RenderPacketPdf(packet.json);
    ASSERT_TRUE(pdf.ok()) << pdf.status().message();
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    EXPECT_NE(pdf->find("/FontFile"), std::string::npos) << "fonts must be embedded";
    EXPECT_NE(pdf->find("%%EOF"), std::string::npos);
  }
}

TEST_F(PacketTest, PdfShowsBadBytesAndHugeCellsWithoutFailing) {
  nlohmann::json p = Assemble(PersonOfManifestRow("M03")).json;
  p["records"][0]["row_as_received"]["text"] = std::string("caf\xe9 \xff\xfe ") + std::string(100000, 'x');
  p["records"][0]["name"] = std::string(5000, 'A');
  auto pdf = RenderPacketPdf(p);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
}

TEST_F(PacketTest, LanguagesAndRolesParseOrNameWhatIsExpected) {
  EXPECT_EQ(*ParsePacketLanguage("es"), PacketLanguage::kSpanish);
  EXPECT_EQ(*ParsePacketLanguage("en"), PacketLanguage::kEnglish);
  EXPECT_NE(ParsePacketLanguage("fr").status().message().find("es or en"), std::string::npos);
  EXPECT_EQ(*ParsePacketAudience("admin"), PacketAudience::kAnalyst);
  EXPECT_EQ(*ParsePacketAudience("reviewer"), PacketAudience::kReviewer);
  EXPECT_FALSE(ParsePacketAudience("public").ok());
  EXPECT_NE(packet::Translate(PacketLanguage::kSpanish, packet::Text::kTitle),
            packet::Translate(PacketLanguage::kEnglish, packet::Text::kTitle));
}

}  // namespace
}  // namespace habeas
