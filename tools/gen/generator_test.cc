#include "generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "text.h"

namespace habeas::gen {
namespace {

using Table = std::vector<std::vector<std::string>>;

// RFC 4180 reader for the test (quoted fields may hold delimiters and newlines).
Table ParseDelimited(std::string_view text, char delimiter) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Table rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

struct Generated {
  MemoryDirectory out;
  GeneratorSummary summary;
};

Generated GenerateInMemory(uint32_t persons, uint64_t seed, int lists = 5, uint32_t queries = 500) {
  GeneratorOptions options;
  options.persons = persons;
  options.seed = seed;
  options.lists = lists;
  options.queries = queries;
  Generated g;
  Result<GeneratorSummary> summary = Generate(options, g.out);
  EXPECT_TRUE(summary.ok()) << summary.status().message();
  if (summary.ok()) g.summary = *summary;
  return g;
}

const std::string& File(const Generated& g, const std::string& name) {
  static const std::string kEmpty;
  auto it = g.out.files().find(name);
  EXPECT_NE(it, g.out.files().end()) << name;
  return it == g.out.files().end() ? kEmpty : it->second;
}

// Record ids of a list file, in file order.
std::vector<std::string> RecordIds(const Generated& g, const ListSpec& spec) {
  std::vector<std::string> ids;
  const std::string& bytes = File(g, spec.file_name);
  if (spec.format == FileFormat::kJsonLines) {
    size_t start = 0;
    while (start < bytes.size()) {
      const size_t end = bytes.find('\n', start);
      ids.push_back(nlohmann::json::parse(bytes.substr(start, end - start))["record_id"]);
      start = end + 1;
    }
    return ids;
  }
  const Table table = ParseDelimited(bytes, spec.delimiter);
  EXPECT_EQ(table.at(0).at(0), "record_id") << spec.name;
  for (size_t r = 1; r < table.size(); ++r) {
    EXPECT_EQ(table[r].size(), spec.columns.size()) << spec.name << " row " << r;
    ids.push_back(table[r][0]);
  }
  return ids;
}

TEST(GeneratorTest, SameSeedGivesIdenticalBytesAndOtherSeedDiffers) {
  const Generated a = GenerateInMemory(3000, 42);
  const Generated b = GenerateInMemory(3000, 42);
  const Generated c = GenerateInMemory(3000, 43);
  ASSERT_EQ(a.out.files().size(), 14u);  // 5 lists x 2 + truth + persons + 2 query files
  for (const auto& [name, bytes] : a.out.files()) {
    EXPECT_EQ(bytes, File(b, name)) << name;
    const bool mapping = name.ends_with(".toml");  // mappings do not depend on the seed
    if (!mapping) {
      EXPECT_NE(bytes, File(c, name)) << name;
    }
  }
}

TEST(GeneratorTest, TruthCoversEveryRecordExactlyOnce) {
  const Generated g = GenerateInMemory(5000, 7, /*lists=*/7);
  const Table truth = ParseDelimited(File(g, "truth.csv"), ',');
  ASSERT_EQ(truth[0], (std::vector<std::string>{"source", "source_record_id", "person_id"}));
  std::map<std::string, std::set<std::string>> truth_ids;
  std::map<std::string, std::string> person_of;
  for (size_t r = 1; r < truth.size(); ++r) {
    EXPECT_TRUE(truth_ids[truth[r][0]].insert(truth[r][1]).second) << "duplicate truth row";
    person_of[truth[r][0] + "/" + truth[r][1]] = truth[r][2];
  }
  EXPECT_EQ(truth.size() - 1, g.summary.records);

  const std::vector<ListSpec> specs = MakeListSpecs(7);
  uint64_t total = 0;
  std::map<std::string, std::set<std::string>> persons_on;
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::vector<std::string> ids = RecordIds(g, specs[i]);
    const std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << specs[i].name << ": record ids not unique";
    EXPECT_EQ(unique, truth_ids[specs[i].name]) << specs[i].name;
    EXPECT_EQ(ids.size(), g.summary.lists[i].records);
    total += ids.size();
    for (const auto& id : ids)
      persons_on[specs[i].name].insert(person_of[specs[i].name + "/" + id]);
    EXPECT_EQ(persons_on[specs[i].name].size(), g.summary.lists[i].persons);
    EXPECT_NE(File(g, specs[i].name + ".toml").find("name = \"" + specs[i].name + "\""),
              std::string::npos);
  }
  EXPECT_EQ(total, g.summary.records);

  // The leak is drawn from the manifest: every leaked person is on the manifest.
  for (const std::string& person : persons_on["leak"]) {
    EXPECT_TRUE(persons_on["manifest"].count(person)) << person;
  }

  // persons.csv agrees with the truth about who is on which list.
  const Table persons = ParseDelimited(File(g, "persons.csv"), ',');
  ASSERT_EQ(persons.size(), 5001u);
  ASSERT_EQ(persons[0][23], "lists");
  uint64_t on_no_list = 0;
  for (size_t r = 1; r < persons.size(); ++r) {
    on_no_list += persons[r][24] == "0";
    for (size_t i = 0; i < specs.size(); ++i) {
      const bool listed = persons[r][23].find(specs[i].name) != std::string::npos;
      EXPECT_EQ(listed, persons_on[specs[i].name].count(persons[r][0]) == 1);
    }
  }
  EXPECT_EQ(on_no_list, g.summary.persons_on_no_list);
  EXPECT_GT(on_no_list, 500u);  // estimation needs people nobody listed
}

TEST(GeneratorTest, EncodingsFollowEachListStyle) {
  const Generated g = GenerateInMemory(3000, 5);
  const std::string& leak = File(g, "leak.csv");
  EXPECT_FALSE(IsValidUtf8(leak)) << "leak must be Windows-1252 with accents";
  EXPECT_NE(leak.find_first_of("\xE1\xE9\xED\xF3\xFA\xF1\xC1\xC9\xD1"), std::string::npos);
  EXPECT_NE(leak.find("\r\n"), std::string::npos);
  EXPECT_EQ(leak.substr(0, 17), "record_id;nombre;");

  const std::string& family = File(g, "family_reports.csv");
  EXPECT_EQ(family.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_TRUE(IsValidUtf8(family));
  // Quoted notes with commas, doubled quotes and newlines (RFC 4180).
  EXPECT_NE(family.find("\"\""), std::string::npos);
  const Table rows = ParseDelimited(family, ',');
  bool newline_in_field = false;
  for (const auto& row : rows) {
    if (row.size() == 12 && row[11].find('\n') != std::string::npos) newline_in_field = true;
  }
  EXPECT_TRUE(newline_in_field);

  const std::string& manifest = File(g, "manifest.csv");
  EXPECT_TRUE(IsAscii(manifest)) << "manifest is upper case without accents";
  EXPECT_NE(manifest.find("\r\n"), std::string::npos);
  EXPECT_NE(manifest.find("GlobalX 6143"), std::string::npos);

  const std::string& ngo = File(g, "ngo.tsv");
  EXPECT_EQ(ngo.substr(0, 17), "record_id\tnombre\t");
  EXPECT_NE(ngo.find("CECOT"), std::string::npos);

  const std::string& court = File(g, "court.jsonl");
  size_t start = 0, initials = 0, lines = 0;
  while (start < court.size()) {
    const size_t end = court.find('\n', start);
    const auto object = nlohmann::json::parse(court.substr(start, end - start));
    ++lines;
    const std::string petitioner = object["petitioner"];
    initials += petitioner.size() == 6 && petitioner[1] == '.' && petitioner[5] == '.';
    start = end + 1;
  }
  EXPECT_GT(lines, 20u);
  EXPECT_GT(initials, 0u);
  EXPECT_LT(initials, lines);
}

TEST(GeneratorTest, FamilyReportDateErrorsMatchConfiguredRate) {
  const Generated g = GenerateInMemory(40000, 8, 5, 0);
  const Table rows = ParseDelimited(File(g, "family_reports.csv"), ',');
  size_t year_only = 0, with_date = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::string& date = rows[r][5];
    if (date.empty()) continue;
    ++with_date;
    year_only += date.size() == 4;
  }
  // Default date_error 0.06 / 3 kinds x family noise 1.6 = 0.032 year-only.
  ASSERT_GT(with_date, 5000u);
  EXPECT_NEAR(year_only / static_cast<double>(with_date), 0.032, 0.008);
  const ListSummary& family = g.summary.lists[2];
  ASSERT_EQ(family.name, "family_reports");
  const double nickname_share =
      family.corruptions.Get(Corruption::kNickname) / static_cast<double>(family.records);
  EXPECT_GT(nickname_share, 0.03);
  EXPECT_LT(nickname_share, 0.17);  // at most nickname 0.10 x noise 1.6
  // The manifest is the cleanest list: far fewer typos per record than family reports.
  const ListSummary& manifest = g.summary.lists[0];
  EXPECT_LT(manifest.corruptions.Get(Corruption::kTypo) / double(manifest.records),
            family.corruptions.Get(Corruption::kTypo) / double(family.records) / 3);
}

TEST(GeneratorTest, NamesakesAndSiblingsAppearInTheLists) {
  const Generated g = GenerateInMemory(20000, 9, 5, 0);
  EXPECT_GT(g.summary.namesake_persons, 200u);
  EXPECT_GT(g.summary.sibling_persons, 1000u);
  EXPECT_GT(g.summary.twin_persons, 20u);
  const Table persons = ParseDelimited(File(g, "persons.csv"), ',');
  std::map<std::string, int> listed_with_name;
  for (size_t r = 1; r < persons.size(); ++r) {
    if (persons[r][24] != "0") ++listed_with_name[persons[r][5]];
  }
  int shared = 0;
  for (const auto& [name, count] : listed_with_name) shared += count > 1;
  EXPECT_GT(shared, 100) << "different listed persons with identical full names";
}

TEST(GeneratorTest, QueriesHaveTheConfiguredNoListShare) {
  const Generated g = GenerateInMemory(5000, 12, 5, 1000);
  const Table queries = ParseDelimited(File(g, "queries.csv"), ',');
  const Table truth = ParseDelimited(File(g, "queries_truth.csv"), ',');
  ASSERT_EQ(queries[0], (std::vector<std::string>{"query_id", "query_text", "dob", "national_id"}));
  ASSERT_EQ(queries.size(), 1001u);
  ASSERT_EQ(truth.size(), 1001u);
  const Table persons = ParseDelimited(File(g, "persons.csv"), ',');
  std::map<std::string, std::string> list_count;
  for (size_t r = 1; r < persons.size(); ++r) list_count[persons[r][0]] = persons[r][24];
  int empty = 0, blank_dob = 0;
  for (size_t r = 1; r < truth.size(); ++r) {
    EXPECT_EQ(truth[r][0], queries[r][0]);
    const std::string person = truth[r].size() > 1 ? truth[r][1] : "";
    if (person.empty()) {
      ++empty;
    } else {
      EXPECT_NE(list_count[person], "0") << "a query with an answer must be about a listed person";
    }
    EXPECT_FALSE(queries[r][1].empty());
    blank_dob += queries[r][2].empty();
  }
  EXPECT_EQ(empty, 200);
  EXPECT_EQ(g.summary.queries_no_list, 200u);
  EXPECT_GT(blank_dob, 500);
}

TEST(GeneratorTest, QueriesFollowTheShapeMix) {
  const Generated g = GenerateInMemory(5000, 12, 5, 2000);
  const Table queries = ParseDelimited(File(g, "queries.csv"), ',');
  const Table truth = ParseDelimited(File(g, "queries_truth.csv"), ',');
  ASSERT_EQ(truth[0], (std::vector<std::string>{"query_id", "person_id", "shape"}));
  std::map<std::string, int> shapes;
  int dob = 0, one_word_full = 0;
  for (size_t r = 1; r < truth.size(); ++r) {
    ASSERT_EQ(truth[r].size(), 3u);
    ++shapes[truth[r][2]];
    dob += !queries[r][2].empty();
    const std::string& text = queries[r][1];
    if (truth[r][2] == "full_name") one_word_full += text.find(' ') == std::string::npos;
    if (truth[r][2] == "one_surname") {
      EXPECT_EQ(text.find(','), std::string::npos) << text;  // no given names to put after
    }
  }
  // Shares of docs/generator.md "Queries" (40/20/12/20/5/3%), within sampling noise.
  auto share = [&](const char* shape) { return shapes[shape] / 2000.0; };
  EXPECT_NEAR(share("full_name"), 0.40, 0.04);
  EXPECT_NEAR(share("first_given_both_surnames"), 0.20, 0.03);
  EXPECT_NEAR(share("given_names_paternal"), 0.12, 0.03);
  EXPECT_NEAR(share("first_given_paternal"), 0.20, 0.03);
  EXPECT_NEAR(share("surnames_only"), 0.05, 0.02);
  EXPECT_NEAR(share("one_surname"), 0.03, 0.015);
  EXPECT_EQ(one_word_full, 0);
  EXPECT_NEAR(dob / 2000.0, 0.45, 0.04);
}

TEST(GeneratorTest, RejectsBadOptions) {
  GeneratorOptions options;
  options.lists = 0;
  MemoryDirectory out;
  Result<GeneratorSummary> summary = Generate(options, out);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(summary.status().message().find("--lists"), std::string::npos);
  options.lists = 5;
  options.no_list_share = 1.5;
  EXPECT_FALSE(Generate(options, out).ok());
  EXPECT_TRUE(out.files().empty());
}

}  // namespace
}  // namespace habeas::gen
