// The court packet's PDF, rendered from its JSON twin only: what the PDF says, the
// JSON says (habeas/packet.h). One function per section, in the packet's order.
#include <algorithm>
#include <cstdio>

#include "habeas/packet.h"
#include "packet/packet_text.h"
#include "packet/pdf_document.h"

namespace habeas {
namespace {

using packet::PdfDocument;
using packet::Text;
using packet::TextStyle;
using Json = nlohmann::json;

class Words {
 public:
  explicit Words(PacketLanguage language) : language_(language) {}
  std::string operator()(Text t) const { return std::string(packet::Translate(language_, t)); }

 private:
  PacketLanguage language_;
};

// A member as text: strings as they are, numbers as JSON writes them, null/absent as "".
std::string Str(const Json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || j[key].is_null()) return "";
  const Json& v = j[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// A probability as a court should read it: never "1.0" for a number short of one.
std::string ProbabilityText(const Json& p) {
  if (!p.is_number()) return "?";
  const double v = p.get<double>();
  if (v >= 1.0) return "1";
  if (v > 0.9999) return "> 0.9999";
  if (v > 0 && v < 0.0001) return "< 0.0001";
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", v);
  return text;
}

// A valid time as a reader wants it: the minute, the day, or the span with its precision.
std::string WhenText(const Json& t, const Words& w) {
  const std::string precision = Str(t, "precision");
  if (precision.empty() || precision == "unknown") return "?";
  const std::string earliest = Str(t, "earliest");
  if (precision == "minute" || precision == "second") return earliest;
  if (precision == "day") return earliest.substr(0, 10);
  (void)w;
  return earliest + " … " + Str(t, "latest") + " (" + precision + ")";
}

std::string FactsText(const Json& facts, const Words& w) {
  std::string out;
  for (const Json& f : facts) {
    if (!out.empty()) out += "\n";
    out += Str(f, "value") + "  (" + Str(f, "source") + ", " + w(Text::kRecord) + " " +
           Str(f, "record_id") + ")";
  }
  return out.empty() ? w(Text::kNone) : out;
}

std::string Join(const Json& array, const char* separator) {
  std::string out;
  for (const Json& v : array) {
    if (!out.empty()) out += separator;
    out += v.is_string() ? v.get<std::string>() : v.dump();
  }
  return out;
}

void Cover(PdfDocument& doc, const Json& p, const Words& w) {
  doc.Title(w(Text::kTitle) + " · " + Str(p["person"], "person_id"));
  doc.Paragraph(w(Text::kSubtitle));
  doc.Paragraph(w(Text::kGenerated) + ": " + Str(p, "generated_at") + " · " + Str(p, "generated_by"),
                TextStyle::kSmall);
  doc.Paragraph(w(Str(p, "audience") == "analyst" ? Text::kAudienceAnalyst : Text::kAudienceReviewer),
                TextStyle::kNote);
}

void Identity(PdfDocument& doc, const Json& person, const Words& w) {
  doc.Heading(w(Text::kIdentity));
  std::vector<std::pair<std::string, std::string>> rows = {
      {w(Text::kPersonId), Str(person, "person_id") + " (" + Str(person, "created_by") + ", " +
                               Str(person, "created_at") + ")"}};
  if (person.contains("asked_for")) rows.push_back({w(Text::kAskedFor), Str(person, "asked_for")});
  rows.push_back({w(Text::kNames), FactsText(person["names"], w)});
  rows.push_back({w(Text::kBirthDates), FactsText(person["birth_dates"], w)});
  rows.push_back({w(Text::kAges), FactsText(person["ages"], w)});
  rows.push_back({w(Text::kNationalities), FactsText(person["nationalities"], w)});
  rows.push_back({w(Text::kANumbers), FactsText(person["a_numbers"], w)});
  doc.KeyValues(rows);
}

std::string FieldsText(const Json& fields) {
  std::string out;
  for (const auto& [name, value] : fields.items()) {
    if (!out.empty()) out += "\n";
    out += name + ": " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

void Records(PdfDocument& doc, const Json& records, const Words& w) {
  doc.Heading(w(Text::kRecords));
  doc.Paragraph(w(Text::kRecordsIntro), TextStyle::kNote);
  for (const Json& r : records) {
    doc.Subheading(w(Text::kRecord) + " " + Str(r, "record_id") + " · " + Str(r, "source") + " · " +
                   Str(r, "name"));
    std::vector<std::pair<std::string, std::string>> rows = {
        {w(Text::kSource), Str(r, "source") + " (" + Str(r, "source_record_id") + ")"},
        {w(Text::kFileLine), Str(r, "file") + ":" + Str(r, "line")},
        {w(Text::kReceived), Str(r, "received")},
        {w(Text::kFileHash), Str(r, "file_sha256")},
        {w(Text::kFields), FieldsText(r["fields"])}};
    doc.KeyValues(rows);
    if (r["row_as_received"].is_null()) {
      doc.Paragraph(w(Text::kRowAsReceived) + " " + w(Text::kRowWithheld), TextStyle::kNote);
    } else {
      doc.LabeledBlock(w(Text::kRowAsReceived) + ":", Str(r["row_as_received"], "text"),
                       TextStyle::kMono);
    }
  }
}

void Links(PdfDocument& doc, const Json& p, const Words& w) {
  doc.Heading(w(Text::kLinks));
  if (p["links"].empty()) {
    doc.Paragraph(w(Text::kNoLinks));
  } else {
    doc.Paragraph(w(Text::kLinksIntro), TextStyle::kNote);
  }
  for (const Json& l : p["links"]) {
    doc.Subheading(w(Text::kPair) + " " + Str(l, "record_a") + " – " + Str(l, "record_b") + " (" +
                   Str(l, "kind") + ") · " + w(Text::kProbability) + " " + ProbabilityText(l["probability"]));
    const Json& ex = l["explanation"];
    if (ex.is_null()) {
      doc.Paragraph(w(Text::kNoModel), TextStyle::kNote);
      continue;
    }
    std::vector<std::vector<std::string>> rows;
    rows.push_back({w(Text::kPrior), Str(ex, "prior_lists"), "", Str(ex, "prior_weight")});
    for (const Json& f : ex["fields"]) {
      rows.push_back({Str(f, "field"), Str(f, "level"), Str(f, "detail"), Str(f, "weight")});
    }
    rows.push_back({w(Text::kTotal), "", w(Text::kProbability) + " " + ProbabilityText(ex["probability"]),
                     Str(ex, "total_weight")});
    doc.Table({0.17, 0.2, 0.51, 0.12},
              {w(Text::kField), w(Text::kLevel), w(Text::kDetail), w(Text::kWeight)}, rows);
  }
  doc.Subheading(w(Text::kDecisions));
  if (p["decisions"].empty()) {
    doc.Paragraph(w(Text::kNoDecisions), TextStyle::kNote);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const Json& d : p["decisions"]) {
      rows.push_back({Str(d, "record_a") + " – " + Str(d, "record_b"), Str(d, "decision"),
                      Str(d, "reason"), Str(d, "by") + "\n" + Str(d, "at")});
    }
    doc.Table({0.15, 0.12, 0.45, 0.28}, {w(Text::kPair), w(Text::kWhat), "", ""}, rows);
  }
  if (!p["history"].empty()) {
    doc.Subheading(w(Text::kHistory));
    std::vector<std::vector<std::string>> rows;
    for (const Json& h : p["history"]) {
      rows.push_back({Str(h, "at"), Str(h, "kind") + " " + Join(h["persons"], ", "),
                      Str(h, "by") + (Str(h, "reason").empty() ? "" : ": " + Str(h, "reason"))});
    }
    doc.Table({0.25, 0.3, 0.45}, {w(Text::kWhen), w(Text::kWhat), ""}, rows);
  }
}

std::string ClaimText(const Json& c) {
  std::string what = Str(c, "kind");
  for (const char* key : {"authority", "item", "value", "language", "note"}) {
    if (!Str(c, key).empty()) what += " · " + std::string(key) + " " + Str(c, key);
  }
  if (c.contains("facility")) what += " · " + Str(c["facility"], "as_written");
  if (c.contains("flight")) what += " · " + Str(c["flight"], "as_written");
  return what;
}

std::string SourceText(const Json& s) {
  std::string out = Str(s, "source");
  if (!Str(s, "file").empty()) out += "\n" + Str(s, "file") + ":" + Str(s, "line");
  return out;
}

void Timeline(PdfDocument& doc, const Json& tl, const Words& w) {
  doc.Heading(w(Text::kTimeline));
  const Json& last = tl["last_known"];
  if (last.is_null()) {
    doc.Paragraph(w(Text::kLastKnown) + ": " + w(Text::kNoLastKnown));
  } else {
    doc.KeyValues({{w(Text::kLastKnown), Str(last, "place") + " · " + Str(last, "status") + " · " +
                                             WhenText(last["since"], w) + "\n" +
                                             w(Text::kSources) + ": " + Join(last["sources"], ", ")}});
  }
  if (!tl["episodes"].empty()) {
    doc.Subheading(w(Text::kEpisodes));
    std::vector<std::vector<std::string>> rows;
    for (const Json& e : tl["episodes"]) {
      rows.push_back({Str(e, "place"), WhenText(e["start"], w),
                      e["end"].is_null() ? w(Text::kOpen) : WhenText(e["end"], w),
                      Join(e["sources"], ", ")});
    }
    doc.Table({0.34, 0.2, 0.2, 0.26},
              {w(Text::kPlace), w(Text::kFrom), w(Text::kUntil), w(Text::kSources)}, rows);
  }
  doc.Subheading(w(Text::kClaims));
  if (tl["claims"].empty()) {
    doc.Paragraph(w(Text::kNoClaims), TextStyle::kNote);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& c : tl["claims"]) {
    rows.push_back({WhenText(c["valid_time"], w), ClaimText(c), SourceText(c["source"]),
                    Str(c, "claim_id")});
  }
  doc.Table({0.25, 0.43, 0.25, 0.07}, {w(Text::kWhen), w(Text::kWhat), w(Text::kSource), "#"},
            rows);
}

void Conflicts(PdfDocument& doc, const Json& conflicts, const Words& w) {
  doc.Heading(w(Text::kConflicts));
  if (conflicts.empty()) {
    doc.Paragraph(w(Text::kNoConflicts));
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& c : conflicts) rows.push_back({Str(c, "about"), Str(c, "description")});
  doc.Table({0.2, 0.8}, {w(Text::kWhat), ""}, rows);
}

void Orders(PdfDocument& doc, const Json& orders, const Words& w) {
  doc.Heading(w(Text::kOrders));
  doc.Paragraph(w(Text::kOrdersIntro), TextStyle::kNote);
  if (orders["covering"].empty()) doc.Paragraph(w(Text::kNoOrders));
  for (const Json& o : orders["covering"]) {
    doc.Subheading(Str(o, "order") + " · " + Str(o, "court") + " " + Str(o, "case"));
    doc.KeyValues({{w(Text::kOrderTitle), Str(o, "title")},
                   {w(Text::kInForce), Str(o, "in_force")},
                   {w(Text::kForbids), Join(o["forbids"], "; ")},
                   {w(Text::kInScope), Str(o, "in_scope") + "\n" + Join(o["trace"], "\n")}});
  }
  doc.Subheading(w(Text::kFindings));
  if (orders["findings"].empty()) {
    doc.Paragraph(w(Text::kNoFindings), TextStyle::kNote);
    return;
  }
  for (const Json& f : orders["findings"]) {
    const bool violation = Str(f, "verdict") == "violation";
    std::string evidence;
    for (const Json& e : f["evidence"]) {
      if (!evidence.empty()) evidence += "\n";
      evidence += Str(e, "kind") + " · " + Str(e, "source") +
                  (Str(e, "file").empty() ? "" : " (" + Str(e, "file") + ":" + Str(e, "line") + ")") +
                  " · " + WhenText(e["valid_time"], w) + " · #" + Str(e, "claim_id");
    }
    doc.KeyValues({{w(violation ? Text::kViolation : Text::kPossibleViolation),
                    Str(f, "order") + ": " + Str(f, "finding") + " · " +
                        Str(f["removal"], "flight") + " " +
                        WhenText(f["removal"]["departure"], w)},
                   {w(Text::kEvidence), evidence},
                   {w(Text::kOpenQuestions), Join(f["open"], "\n")}});
  }
}

void Ledger(PdfDocument& doc, const Json& ledger, const Words& w) {
  doc.Heading(w(Text::kLedger));
  doc.Paragraph(w(Text::kLedgerIntro), TextStyle::kNote);
  const Json& head = ledger["head"];
  if (head.is_null()) {
    doc.Paragraph(w(Text::kNoHead));
  } else {
    doc.Subheading(w(Text::kHead));
    doc.KeyValues({{w(Text::kHeadSize), Str(head, "size")},
                   {w(Text::kHeadRoot), Str(head, "root")},
                   {w(Text::kHeadTime), Str(head, "time")},
                   {w(Text::kPublicKey), Str(head, "public_key")}});
  }
  if (!Str(ledger, "public_key_pem").empty()) {
    doc.Paragraph(Str(ledger, "public_key_pem"), TextStyle::kMono);
  }
  doc.Subheading(w(Text::kProofs));
  if (ledger.contains("withheld")) {
    doc.Paragraph(w(Text::kProofsWithheld), TextStyle::kNote);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const Json& pr : ledger["proofs"]) {
    rows.push_back({Str(pr, "record_id"), Str(pr, "entry_index"), Str(pr, "file")});
  }
  for (const Json& u : ledger["unproven"]) {
    rows.push_back({Str(u, "record_id"), "–", w(Text::kUnproven) + ": " + Str(u, "reason")});
  }
  doc.Table({0.2, 0.2, 0.6}, {w(Text::kRecord), w(Text::kEntry), w(Text::kProofFile)}, rows);
}

void HowToCheck(PdfDocument& doc, const Json& how, const Words& w) {
  doc.NewPage();
  doc.Heading(w(Text::kCheckTitle));
  int n = 0;
  for (const Json& step : how["steps"]) {
    doc.Paragraph(std::to_string(++n) + ". " + step.get<std::string>());
    doc.Space(4);
  }
}

}  // namespace

Result<std::string> RenderPacketPdf(const nlohmann::json& p) {
  HABEAS_ASSIGN_OR_RETURN(PacketLanguage language, ParsePacketLanguage(Str(p, "language")));
  const Words w(language);
  const std::string person = Str(p["person"], "person_id");
  HABEAS_ASSIGN_OR_RETURN(
      auto doc, PdfDocument::Create(w(Text::kTitle) + " " + person,
                                    "Habeas · " + person + " · " + Str(p, "generated_at"),
                                    w(Text::kPage)));
  Cover(*doc, p, w);
  Identity(*doc, p["person"], w);
  Records(*doc, p["records"], w);
  Links(*doc, p, w);
  Timeline(*doc, p["timeline"], w);
  Conflicts(*doc, p["conflicts"], w);
  Orders(*doc, p["orders"], w);
  Ledger(*doc, p["ledger"], w);
  HowToCheck(*doc, p["how_to_check"], w);
  return doc->Finish();
}

}  // namespace habeas
