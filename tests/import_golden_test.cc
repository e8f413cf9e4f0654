// Data-driven import tests: each folder in tests/import/ holds an input file, a
// mapping, and expect.toml with the exit code, counts, messages (substrings of
// stderr or the summary's notices), rejected rows, records and unparsed fields that `habeas import`
// must produce. Optional keys: `args` (extra import arguments), `summary_stdout` (substrings of the
// text summary of an import into a second store), `show_record` (a record id and substrings of
// `habeas show record` for it), `rejects_unparsed` (how many unparsed fields `habeas rejects
// --unparsed --json` lists) and `rejects_stdout` (substrings of `habeas rejects` in text). A case
// whose input cannot be a text file (a spreadsheet) holds make_input.py instead, which writes it
// into the scratch directory (tests/xlsx_parts.py helps).
#include <gtest/gtest.h>
#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "habeas/store.h"
#include "store/test_backends.h"
#include "test_util.h"

namespace habeas {
namespace {

namespace fs = std::filesystem;
using testing::RunHabeas;
using testing::ScratchDir;

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(HABEAS_SOURCE_DIR) / "tests/import")) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// [[unparsed]]: source_record_id, field, column, text and a substring of the message.
void CheckUnparsed(const toml::table& expect, const std::vector<RecordData>& records) {
  const toml::array* want = expect["unparsed"].as_array();
  if (want == nullptr) return;
  for (const auto& node : *want) {
    const toml::table& w = *node.as_table();
    const std::string id = *w["source_record_id"].value<std::string>();
    auto it = std::find_if(records.begin(), records.end(),
                           [&](const RecordData& rec) { return rec.source_record_id == id; });
    ASSERT_NE(it, records.end()) << "no record " << id;
    const std::string field = *w["field"].value<std::string>();
    const std::vector<UnparsedField> unparsed = UnparsedFields(*it);
    auto u = std::find_if(unparsed.begin(), unparsed.end(), [&](const UnparsedField& f) {
      return CanonicalFieldName(f.field) == field;
    });
    ASSERT_NE(u, unparsed.end()) << id << ": no unparsed " << field << " in " << it->notes_json;
    EXPECT_TRUE(it->field(u->field).empty()) << id << " " << field;
    if (auto v = w["column"].value<std::string>()) {
      EXPECT_EQ(u->column, *v) << id;
    }
    if (auto v = w["text"].value<std::string>()) {
      EXPECT_EQ(u->text, *v) << id;
    }
    if (auto v = w["message"].value<std::string>()) {
      EXPECT_NE(u->message.find(*v), std::string::npos) << id << ": " << u->message;
    }
  }
}

// `habeas rejects` lists what the case expects.
void CheckRejectsCommand(const toml::table& expect, const std::string& db, const fs::path& dir) {
  if (auto n = expect["rejects_unparsed"].value<int64_t>()) {
    testing::CommandResult r = RunHabeas({"--db", db, "--json", "rejects", "--unparsed"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    int64_t lines = 0;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      ASSERT_TRUE(j.is_object()) << line;
      EXPECT_EQ(j["kind"], "unparsed");
      for (const char* key : {"file", "line", "field", "column", "text", "message"}) {
        EXPECT_TRUE(j.contains(key)) << key << " missing in " << line;
      }
      ++lines;
    }
    EXPECT_EQ(lines, *n) << r.out;
  }
  if (const toml::array* want = expect["rejects_stdout"].as_array()) {
    testing::CommandResult r = RunHabeas({"--db", db, "rejects"}, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& m : *want) {
      EXPECT_NE(r.out.find(*m.value<std::string>()), std::string::npos)
          << "rejects output lacks: " << *m.value<std::string>() << "\n"
          << r.out;
    }
  }
}

// `habeas show record ID` prints what the case expects (provenance, the row as received).
void CheckShowRecord(const toml::table& expect, const std::string& db, const fs::path& dir) {
  const toml::table* want = expect["show_record"].as_table();
  if (want == nullptr) return;
  const std::string id = std::to_string(*(*want)["id"].value<int64_t>());
  testing::CommandResult r = RunHabeas({"--db", db, "show", "record", id}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const auto& m : *(*want)["stdout"].as_array()) {
    EXPECT_NE(r.out.find(*m.value<std::string>()), std::string::npos)
        << "show record lacks: " << *m.value<std::string>() << "\n"
        << r.out;
  }
}

// The text summary (not --json) of the same import into a second store.
void CheckTextSummary(const toml::table& expect, const std::vector<std::string>& json_args,
                      const std::string& text_db, const fs::path& dir) {
  const toml::array* want = expect["summary_stdout"].as_array();
  if (want == nullptr) return;
  std::vector<std::string> args = json_args;
  args[1] = text_db;
  args.erase(args.begin() + 2);  // --json
  testing::CommandResult r = RunHabeas(args, dir);
  EXPECT_EQ(r.exit_code, expect["exit"].value_or(0)) << r.err;
  for (const auto& m : *want) {
    EXPECT_NE(r.out.find(*m.value<std::string>()), std::string::npos)
        << "summary lacks: " << *m.value<std::string>() << "\n"
        << r.out;
  }
}

// Copies the case's files into `scratch` (running its make_input.py if it has one) and
// returns the input file's name ("" if none).
std::string StageInput(const fs::path& dir, const fs::path& scratch) {
  std::string input;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("input", 0) == 0) input = name;
    fs::copy_file(e.path(), scratch / name);
  }
  if (fs::exists(dir / "make_input.py")) {
    const std::string command = "cd '" + scratch.string() + "' && PYTHONPATH='" +
                                HABEAS_SOURCE_DIR + "/tests' python3 make_input.py";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    for (const auto& e : fs::directory_iterator(scratch)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("input", 0) == 0) input = name;
    }
  }
  return input;
}

// Each [[record]] of the case: the record with that source id has the fields, lines
// and notes given.
void CheckExpectedRecords(const toml::table& expect, const std::vector<RecordData>& records) {
  if (const toml::array* want = expect["record"].as_array()) {
    for (const auto& node : *want) {
      const toml::table& w = *node.as_table();
      const std::string id = *w["source_record_id"].value<std::string>();
      auto it = std::find_if(records.begin(), records.end(),
                             [&](const RecordData& rec) { return rec.source_record_id == id; });
      if (it == records.end()) {
        ADD_FAILURE() << "no record " << id;
        continue;
      }
      for (auto&& [k, v] : w) {
        const std::string key(k.str());
        if (key == "source_record_id") continue;
        if (key == "line") {
          EXPECT_EQ(it->line, *v.value<int64_t>()) << id;
        } else if (key == "end_line") {
          EXPECT_EQ(it->end_line, *v.value<int64_t>()) << id;
        } else if (key == "notes_contain") {
          EXPECT_NE(it->notes_json.find(*v.value<std::string>()), std::string::npos)
              << id << " notes: " << it->notes_json;
        } else if (key == "notes") {
          EXPECT_EQ(it->notes_json, *v.value<std::string>()) << id;
        } else {
          auto field = ParseCanonicalField(key);
          ASSERT_TRUE(field.has_value()) << key;
          EXPECT_EQ(it->field(*field), *v.value<std::string>()) << id << " " << key;
        }
      }
    }
  }
}

// Each [[reject]] of the case: a rejected row on that line, with that field.
void CheckExpectedRejects(const toml::table& expect, Store& store) {
  if (const toml::array* want = expect["reject"].as_array()) {
    auto rejected = store.ListRejected(std::nullopt, 1 << 30);
    for (const auto& node : *want) {
      const toml::table& w = *node.as_table();
      const int64_t line = *w["line"].value<int64_t>();
      auto it = std::find_if(rejected->begin(), rejected->end(),
                             [&](const RejectedRow& row) { return row.line == line; });
      if (it == rejected->end()) {
        ADD_FAILURE() << "no rejected row on line " << line;
        continue;
      }
      if (auto f = w["field"].value<std::string>()) {
        EXPECT_EQ(it->field, *f);
      }
      EXPECT_FALSE(it->raw.empty());
    }
  }
}

// Each case on both store backends (SQLite files, PostgreSQL schemas when
// HABEAS_TEST_PG_URL names a server: store/test_backends.h).
class ImportGoldenTest : public ::testing::TestWithParam<std::tuple<std::string, TestBackend>> {
 protected:
  const std::string& Case() const { return std::get<0>(GetParam()); }
  TestBackend Backend() const { return std::get<1>(GetParam()); }
};

TEST_P(ImportGoldenTest, MatchesExpectation) {
  const fs::path dir = fs::path(HABEAS_SOURCE_DIR) / "tests/import" / Case();
  const toml::table expect = toml::parse_file((dir / "expect.toml").string());
  std::optional<TestStoreLocation> location;
  HABEAS_SETUP_TEST_BACKEND(location, Backend());
  std::optional<TestStoreLocation> text_location;  // the text summary's import
  HABEAS_SETUP_TEST_BACKEND(text_location, Backend());
  const std::string& db = location->db();
  const std::string& text_db = text_location->db();
  ScratchDir scratch("golden_" + Case() + (Backend() == TestBackend::kSqlite ? "" : "_pg"));
  const std::string input = StageInput(dir, scratch.path());
  ASSERT_FALSE(input.empty()) << "case has no input file";

  std::vector<std::string> args = {"--db", db,       "--json",      "import",
                                   input,  "--mapping", "mapping.toml"};
  if (const toml::array* extra = expect["args"].as_array()) {
    for (const auto& a : *extra) args.push_back(std::string(*a.value<std::string>()));
  }
  testing::CommandResult r = RunHabeas(args, scratch.path());
  SCOPED_TRACE("stdout: " + r.out + "\nstderr: " + r.err);
  EXPECT_EQ(r.exit_code, expect["exit"].value_or(0));

  // Messages: every expected substring appears on stderr, in the JSON error or among the
  // JSON summary's notices.
  nlohmann::json summary = nlohmann::json::parse(r.out, nullptr, false);
  std::string error_message;  // or, when the import succeeded, its notices
  if (summary.is_object() && summary.contains("error")) {
    error_message = summary["error"]["message"].get<std::string>();
  } else if (summary.is_object() && summary.contains("notices")) {
    for (const auto& n : summary["notices"]) error_message += n.get<std::string>() + "\n";
  }
  if (const toml::array* msgs = expect["stderr"].as_array()) {
    for (const auto& m : *msgs) {
      const std::string want = *m.value<std::string>();
      EXPECT_TRUE(r.err.find(want) != std::string::npos ||
                  error_message.find(want) != std::string::npos)
          << "missing message: " << want;
    }
  }

  auto store = OpenStore(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  if (auto n = expect["sources"].value<int64_t>()) {
    EXPECT_EQ(static_cast<int64_t>((*store)->ListSources()->size()), *n);
  }

  if (summary.is_object() && !summary.contains("error")) {
    for (const char* key : {"rows_read", "rows_imported", "rows_rejected", "blank_lines",
                            "rows_with_unparsed", "unparsed_fields"}) {
      if (auto v = expect[key].value<int64_t>()) {
        EXPECT_EQ(summary[key].get<int64_t>(), *v) << key;
      }
    }
    for (const char* key : {"encoding", "delimiter"}) {
      if (auto v = expect[key].value<std::string>()) {
        EXPECT_EQ(summary[key], *v) << key;
      }
    }
    // The numbers add up, and match what the store holds.
    EXPECT_EQ(summary["rows_read"].get<int64_t>(),
              summary["rows_imported"].get<int64_t>() + summary["rows_rejected"].get<int64_t>());
    EXPECT_EQ(*(*store)->CountRecords({}), summary["rows_imported"].get<int64_t>());
    EXPECT_EQ(static_cast<int64_t>((*store)->ListRejected(std::nullopt, 1 << 30)->size()),
              summary["rows_rejected"].get<int64_t>());

    // Importing the same file again changes nothing.
    testing::CommandResult again = RunHabeas(args, scratch.path());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("\"already_imported\":true"), std::string::npos);
    EXPECT_EQ(*(*store)->CountRecords({}), summary["rows_imported"].get<int64_t>());
  }

  std::vector<RecordData> records;
  ASSERT_TRUE((*store)
                  ->ForEachRecord({},
                                  [&](const RecordData& rec) {
                                    records.push_back(rec);
                                    return true;
                                  })
                  .ok());
  CheckExpectedRecords(expect, records);
  CheckUnparsed(expect, records);
  CheckRejectsCommand(expect, db, scratch.path());
  CheckShowRecord(expect, db, scratch.path());
  CheckTextSummary(expect, args, text_db, scratch.path());
  CheckExpectedRejects(expect, **store);
}

INSTANTIATE_TEST_SUITE_P(Cases, ImportGoldenTest,
                         ::testing::Combine(::testing::ValuesIn(Cases()),
                                            ::testing::ValuesIn(AllTestBackends())),
                         [](const auto& info) {
                           return std::get<0>(info.param) +
                                  (std::get<1>(info.param) == TestBackend::kSqlite ? "_Sqlite"
                                                                                    : "_Postgres");
                         });

}  // namespace
}  // namespace habeas
