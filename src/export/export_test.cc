// Exports over the March 2025 scenario, imported and linked, read back with the
// project's CSV reader: one row per person (and per unlinked record), per record and
// per claim, with the store's stable ids; several values joined by "|" in CSV and as
// arrays in JSON Lines; Uwazi's conventions (title, date ranges, "|" never inside a
// value); a BOM on request; restricted fields only on request; a formula never
// reaches a spreadsheet as a formula.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/csv_reader.h"
#include "habeas/byte_source.h"
#include "habeas/export.h"
#include "habeas/ingest.h"
#include "habeas/link.h"
#include "habeas/store.h"
#include "orders/scenario_store.h"

namespace habeas {
namespace {

using Table = std::vector<std::map<std::string, std::string>>;

// Rows as column → value, read with the one CSV reader.
Table ReadCsv(const std::string& text) {
  StringSource source(text);
  CsvReader reader(&source, CsvDialect{','});
  CsvRow row;
  std::vector<std::string> header;
  Table out;
  while (true) {
    auto more = reader.Next(&row);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    EXPECT_TRUE(row.problem.empty()) << row.problem;
    if (header.empty()) {
      header.assign(row.fields.begin(), row.fields.end());
      continue;
    }
    EXPECT_EQ(row.fields.size(), header.size()) << row.raw;
    std::map<std::string, std::string> r;
    for (size_t i = 0; i < header.size() && i < row.fields.size(); ++i) {
      r[header[i]] = std::string(row.fields[i]);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<nlohmann::json> ReadJsonLines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

class ExportTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("export_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = test_scenario::LoadScenarioStore((dir_ / "h.db").string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store).release();
    ASSERT_TRUE(link::RunLink(*store_, link::DefaultLinkSettings(), {}).ok());
    // A list imported after the link (its records are unlinked: R<id>), with a contact,
    // a formula for a name, a "|" in a name and a birth known to the year only.
    std::ofstream(dir_ / "late.csv")
        << "id,nombre,nacimiento,telefono\n"
           "L1,=HYPERLINK(\"http://x\"),1990,+58 412 555 0101\n"
           "L2,Ana|María Pérez,1985-07,\n";
    std::ofstream(dir_ / "late.toml")
        << "[source]\nname = \"late_list\"\nkind = \"ngo\"\nrecord_id = \"id\"\n"
           "[fields]\nfull_name = \"nombre\"\nbirth_date = \"nacimiento\"\nphone = \"telefono\"\n";
    ImportOptions o;
    o.file = (dir_ / "late.csv").string();
    o.mapping_file = (dir_ / "late.toml").string();
    auto imported = ImportFile(*store_, o);
    ASSERT_TRUE(imported.ok()) << imported.status().message();
    ASSERT_EQ(imported->rows_imported, 2);
  }
  static void TearDownTestSuite() {
    delete store_;
    std::filesystem::remove_all(dir_);
  }

  static std::string Export(ExportKind kind, ExportOptions options = {}) {
    std::ostringstream out;
    auto summary = ExportTable(*store_, kind, options, out);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return out.str();
  }
  static ExportOptions Format(ExportFormat format) {
    ExportOptions o;
    o.format = format;
    return o;
  }

  static inline std::filesystem::path dir_;
  static inline Store* store_ = nullptr;
};

TEST_F(ExportTest, PersonsOneRowPerPersonAndPerUnlinkedRecordWithTheirRecords) {
  const Table persons = ReadCsv(Export(ExportKind::kPersons));
  auto assigned = store_->ListPersonRecords();
  ASSERT_TRUE(assigned.ok());
  std::map<std::string, std::string> records_of;  // person id → "1|25"
  for (const PersonRecord& pr : *assigned) {
    std::string& ids = records_of[FormatPersonId(pr.person_id)];
    ids += (ids.empty() ? "" : "|") + std::to_string(pr.record_id);
  }
  auto total = store_->CountRecords({});
  ASSERT_TRUE(total.ok());
  int64_t records = 0, unlinked = 0;
  for (const auto& p : persons) {
    records += std::stoll(p.at("record_count"));
    if (p.at("status") == "unlinked") {
      ++unlinked;
      EXPECT_EQ(p.at("person_id"), "R" + p.at("record_ids"));
    } else {
      EXPECT_EQ(p.at("record_ids"), records_of[p.at("person_id")]) << p.at("person_id");
    }
  }
  EXPECT_EQ(records, *total) << "every record is in exactly one row";
  EXPECT_EQ(unlinked, 2);
  // The person with three records joined across three lists.
  bool three = false;
  for (const auto& p : persons) {
    if (p.at("a_numbers") != "207761909") continue;
    three = true;
    EXPECT_EQ(p.at("record_count"), "3");
    EXPECT_EQ(p.at("sources"), "manifest_leak|jgg_complaint|cecot_registry");
    EXPECT_EQ(p.at("last_known_place"), "Centro de Confinamiento del Terrorismo");
  }
  EXPECT_TRUE(three);
}

TEST_F(ExportTest, RecordsCarryTheirPersonAndWithholdContactsUnlessAsked) {
  const std::vector<nlohmann::json> plain =
      ReadJsonLines(Export(ExportKind::kRecords, Format(ExportFormat::kJsonLines)));
  auto total = store_->CountRecords({});
  ASSERT_EQ(static_cast<int64_t>(plain.size()), *total);
  for (const nlohmann::json& r : plain) {
    EXPECT_FALSE(r.contains("phone"));
    auto person = store_->PersonOfRecord(r["record_id"].get<int64_t>());
    ASSERT_TRUE(person.ok());
    EXPECT_EQ(r["person_id"], PersonIdForRecord(*person, r["record_id"].get<int64_t>()));
    EXPECT_TRUE(r["line"].is_number_integer());
  }
  ExportOptions with = Format(ExportFormat::kJsonLines);
  with.include_restricted = true;
  const std::vector<nlohmann::json> full = ReadJsonLines(Export(ExportKind::kRecords, with));
  EXPECT_EQ(full.back()["source_record_id"], "L2");
  EXPECT_EQ(full[full.size() - 2]["phone"], "+58 412 555 0101");
}

TEST_F(ExportTest, EventsHaveTheirPersonAndTheTimeTheTimelineReads) {
  const Table events = ReadCsv(Export(ExportKind::kEvents));
  size_t claims = 0;
  ASSERT_TRUE(store_->ForEachClaim({}, [&](const Claim&) { return ++claims, true; }).ok());
  ASSERT_EQ(events.size(), claims);  // every claim, once
  ASSERT_GT(claims, 80u);
  bool removal = false, book_in = false;
  for (const auto& e : events) {
    EXPECT_FALSE(e.at("person_id").empty());
    EXPECT_FALSE(e.at("source").empty());
    // manifest.csv:9, GlobalX 6145: the row gives no time, the flight's departure does.
    if (e.at("kind") == "removal" && e.at("file") == "manifest.csv" && e.at("line") == "9") {
      removal = true;
      EXPECT_EQ(e.at("valid_from"), "2025-03-15T21:45:00Z");
      EXPECT_EQ(e.at("flight"), "GlobalX 6145");
    }
    if (e.at("kind") == "book_in" && e.at("facility_as_written") == "CECOT") {
      book_in = true;
      EXPECT_EQ(e.at("facility"), "Centro de Confinamiento del Terrorismo");
    }
    EXPECT_EQ(e.count("note"), 0u) << "notes are restricted";
  }
  EXPECT_TRUE(removal);
  EXPECT_TRUE(book_in);
}

TEST_F(ExportTest, UwaziConventionsTitleDateRangesAndNoPipeInsideAValue) {
  ExportOptions uwazi = Format(ExportFormat::kUwazi);
  uwazi.byte_order_mark = true;
  const std::string text = Export(ExportKind::kPersons, uwazi);
  ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(text.substr(3, 16), "title,person_id,");
  const Table persons = ReadCsv(text);  // the reader skips the BOM
  bool year_only = false, month_only = false;
  for (const auto& p : persons) {
    EXPECT_FALSE(p.at("title").empty());
    if (p.at("names") == "'=HYPERLINK(\"http://x\")") {
      year_only = true;
      EXPECT_EQ(p.at("birth_dates"), "1990/01/01:1990/12/31");
    }
    if (p.at("names") == "Ana/María Pérez") {
      month_only = true;
      EXPECT_EQ(p.at("birth_dates"), "1985/07/01:1985/07/31");
    }
    if (p.at("a_numbers") == "207761909") {
      EXPECT_EQ(p.at("birth_dates"), "1989/07/18:1989/07/18");
      EXPECT_EQ(p.at("title"), "Jefferson Quintero Ramírez (" + p.at("person_id") + ")");
    }
  }
  EXPECT_TRUE(year_only);
  EXPECT_TRUE(month_only);
}

TEST_F(ExportTest, AFormulaIsDefusedForSpreadsheetsButExactInJsonLines) {
  const Table csv = ReadCsv(Export(ExportKind::kRecords));
  EXPECT_EQ(csv[csv.size() - 2].at("name"), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(csv.back().at("name"), "Ana|María Pérez");  // plain CSV keeps the value
  const auto json = ReadJsonLines(Export(ExportKind::kRecords, Format(ExportFormat::kJsonLines)));
  EXPECT_EQ(json[json.size() - 2]["name"], "=HYPERLINK(\"http://x\")");
}

TEST_F(ExportTest, KindsAndFormatsParseOrSayWhatIsExpected) {
  EXPECT_EQ(*ParseExportKind("events"), ExportKind::kEvents);
  EXPECT_EQ(*ParseExportFormat("uwazi"), ExportFormat::kUwazi);
  EXPECT_NE(ParseExportKind("people").status().message().find("persons, records or events"),
            std::string::npos);
  EXPECT_NE(ParseExportFormat("xlsx").status().message().find("csv, jsonl or uwazi"),
            std::string::npos);
}

}  // namespace
}  // namespace habeas
