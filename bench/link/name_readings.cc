// How often the linker reads a record's name with the right roles: given names as
// given names and surnames as surnames, judged against habeas-gen's true names.
//
//   build/bench/name_readings STORE.db GEN_DIR [--show N]
//
// GEN_DIR holds habeas-gen's truth.csv and persons.csv. A word of a record's reading
// is *misread* when it matches (in some spelling: CompareWords at fuzzy or better) a
// word of the person's true name in the other role and none in its own. A reading with
// a misread word is wrong. Prints one JSON object keyed by list (and "all"): records
// judged, records whose first reading is wrong, those whose second reading (when there
// is one) is right, records the linker read with a word cut in two (a word typed without
// its space, docs/linkage.md "Glued words"), and records not judged (no name, or a person
// persons.csv lacks).
// --show N prints N wrong first readings per list to standard error. Reads the store;
// writes nothing.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/csv_reader.h"
#include "habeas/link.h"
#include "habeas/names/compare.h"
#include "habeas/names/name_parser.h"
#include "habeas/search.h"
#include "habeas/store.h"
#include "link/link_record.h"

namespace {

using habeas::link::LinkRecord;
using habeas::names::PreparedName;
using habeas::names::PreparedWord;

// A person's true name (given names, paternal and maternal surname), prepared as the
// linker prepares names.
PreparedName TrueName(const std::string& given_names, const std::string& surname1,
                      const std::string& surname2) {
  habeas::names::ParsedName parsed;
  std::istringstream given(given_names);
  std::string word;
  while (given >> word) parsed.given_names.push_back(habeas::names::FoldName(word));
  parsed.surname1 = habeas::names::FoldName(surname1);
  parsed.surname2 = habeas::names::FoldName(surname2);
  return habeas::names::PrepareName(parsed);
}

// Each person's true name from habeas-gen's persons.csv, read with the project's CSV
// reader; InvalidInput naming the file and line when it cannot be read.
habeas::Result<std::unordered_map<std::string, PreparedName>> ReadTrueNames(
    const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<habeas::FileSource> file, habeas::FileSource::Open(path));
  habeas::CsvReader reader(file.get(), habeas::CsvDialect{','});
  habeas::CsvRow row;
  const std::vector<std::string> wanted = {"person_id", "given_names", "surname1", "surname2"};
  std::vector<size_t> column;
  std::unordered_map<std::string, PreparedName> names;
  while (true) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    if (!more) break;
    const std::string at = path + ":" + std::to_string(row.line) + ": ";
    if (!row.problem.empty()) return habeas::InvalidInput(at + row.problem);
    if (column.empty()) {
      for (const std::string& name : wanted) {
        const auto it = std::find(row.fields.begin(), row.fields.end(), name);
        if (it == row.fields.end()) return habeas::InvalidInput(at + "no column " + name);
        column.push_back(static_cast<size_t>(it - row.fields.begin()));
      }
      continue;
    }
    if (row.fields.size() <= *std::max_element(column.begin(), column.end())) {
      return habeas::InvalidInput(at + "fewer columns than the header");
    }
    names[std::string(row.fields[column[0]])] =
        TrueName(std::string(row.fields[column[1]]), std::string(row.fields[column[2]]),
                 std::string(row.fields[column[3]]));
  }
  return names;
}

bool Matches(const PreparedWord& w, const std::vector<const PreparedWord*>& words) {
  for (const PreparedWord* x : words) {
    if (!x->empty() && habeas::names::CompareWords(w, *x) <=
                           habeas::names::TokenAgreement::kFuzzyHigh) {
      return true;
    }
  }
  return false;
}

// A reading is wrong when one of its words matches the true name only in the other role.
bool ReadingWrong(const PreparedName& reading, const PreparedName& truth) {
  std::vector<const PreparedWord*> given, surnames;
  for (const PreparedWord& w : truth.given) given.push_back(&w);
  surnames = {&truth.surname1, &truth.surname2};
  for (const PreparedWord& w : reading.given) {
    if (!w.initial && !Matches(w, given) && Matches(w, surnames)) return true;
  }
  for (const PreparedWord* w : {&reading.surname1, &reading.surname2}) {
    if (!w->empty() && !w->initial && !Matches(*w, surnames) && Matches(*w, given)) return true;
  }
  return false;
}

std::string Show(const PreparedName& n) {
  std::string s;
  for (const PreparedWord& w : n.given) s += (s.empty() ? "" : " ") + w.folded;
  return s + " | " + n.surname1.folded + " | " + n.surname2.folded;
}

struct Tally {
  int64_t records = 0, first_wrong = 0, second_right = 0, words_cut = 0;
  int64_t unjudged = 0;  // no true name to judge by, or no name read
};

int Run(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: name_readings STORE.db GEN_DIR [--show N]\n";
    return 2;
  }
  int show = 0;
  for (int k = 3; k < argc; k += 2) {
    const std::string option = argv[k];
    if (option != "--show" || k + 1 >= argc) {
      std::cerr << "unknown option or missing value: " << option << "\n";
      return 2;
    }
    char* end = nullptr;
    show = static_cast<int>(std::strtol(argv[k + 1], &end, 10));
    if (end == argv[k + 1] || *end != '\0' || show < 0) {
      std::cerr << "--show takes a count, not \"" << argv[k + 1] << "\"\n";
      return 2;
    }
  }
  const std::string gen = argv[2];
  auto true_name = ReadTrueNames(gen + "/persons.csv");
  auto person_of = habeas::search::PersonAssignment::FromCsv(gen + "/truth.csv");
  for (const habeas::Status& s : {true_name.status(), person_of.status()}) {
    if (!s.ok()) {
      std::cerr << s.message() << "\n";
      return 4;
    }
  }
  if (!std::filesystem::exists(argv[1])) {
    std::cerr << argv[1] << ": no such store\n";
    return 4;
  }
  auto store = habeas::OpenSqliteStore(argv[1]);
  if (!store.ok()) {
    std::cerr << argv[1] << ": " << store.status().message() << "\n";
    return 4;
  }
  std::unordered_map<int64_t, std::string> source_name;
  auto sources = (*store)->ListSources();
  if (!sources.ok()) return 1;
  for (const auto& s : *sources) source_name[s.id] = s.name;
  auto table = habeas::link::LoadRecordTable(**store, habeas::link::DefaultLinkSettings());
  if (!table.ok()) {
    std::cerr << table.status().message() << "\n";
    return 1;
  }
  std::unordered_map<int64_t, const LinkRecord*> by_id;
  for (const LinkRecord& r : table->records) by_id[r.id] = &r;
  std::map<std::string, Tally> tally;
  std::map<std::string, int> shown;
  const habeas::Status visited = (*store)->ForEachRecord({}, [&](const habeas::RecordData& r) {
    const auto it = by_id.find(r.id);
    const std::string& source = source_name[r.source_id];
    const std::string_view person = person_of->Find(source, r.source_record_id);
    if (it == by_id.end() || person.empty()) return true;
    const auto named = true_name->find(std::string(person));
    const LinkRecord& record = *it->second;
    Tally& t = tally[source];
    if (named == true_name->end() || record.name.empty()) {
      ++t.unjudged;  // a person persons.csv does not name, or a record without a name
      return true;
    }
    const PreparedName& truth = named->second;
    ++t.records;
    t.words_cut += record.words_cut;
    if (!ReadingWrong(record.name, truth)) return true;
    ++t.first_wrong;
    const bool second_right = !record.alt_name.empty() && !ReadingWrong(record.alt_name, truth);
    t.second_right += second_right;
    if (shown[source] < show) {
      ++shown[source];
      std::cerr << source << " " << r.id << " \"" << r.field(habeas::CanonicalField::kFullName)
                << "\" read " << Show(record.name)
                << (record.alt_name.empty() ? "" : " / " + Show(record.alt_name)) << "; true "
                << Show(truth) << (second_right ? " (second reading right)" : "") << "\n";
    }
    return true;
  });
  if (!visited.ok()) return 1;
  nlohmann::json out = nlohmann::json::object();
  Tally all;
  for (const auto& [source, t] : tally) {
    out[source] = {{"records", t.records},
                   {"first_reading_wrong", t.first_wrong},
                   {"second_reading_right", t.second_right},
                   {"words_cut", t.words_cut},
                   {"not_judged", t.unjudged}};
    all.records += t.records;
    all.first_wrong += t.first_wrong;
    all.second_right += t.second_right;
    all.words_cut += t.words_cut;
    all.unjudged += t.unjudged;
  }
  out["all"] = {{"records", all.records},
                {"first_reading_wrong", all.first_wrong},
                {"second_reading_right", all.second_right},
                {"words_cut", all.words_cut},
                {"not_judged", all.unjudged}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
