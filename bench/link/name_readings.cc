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
// is one) is right, and records not judged (no name, or a person persons.csv lacks).
// --show N prints N wrong first readings per list to standard error. Reads the store;
// writes nothing.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "habeas/link.h"
#include "habeas/names/compare.h"
#include "habeas/names/name_parser.h"
#include "habeas/store.h"
#include "link/link_record.h"

namespace {

using habeas::link::LinkRecord;
using habeas::names::PreparedName;
using habeas::names::PreparedWord;

// Splits one CSV line with quoted fields ("a, b" stays one field).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back().push_back(c);
    }
  }
  return out;
}

// The named columns of every row of a CSV file, in the order asked; false (with a
// message) when the file cannot be read or lacks one of them. A short row gives "".
bool ReadColumns(const std::string& path, const std::vector<std::string>& wanted,
                 std::vector<std::vector<std::string>>* rows) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    std::cerr << path << ": cannot be read\n";
    return false;
  }
  const std::vector<std::string> header = SplitCsv(line);
  std::vector<size_t> index;
  for (const std::string& name : wanted) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      std::cerr << path << ": no column \"" << name << "\"\n";
      return false;
    }
    index.push_back(static_cast<size_t>(it - header.begin()));
  }
  while (std::getline(in, line)) {
    const std::vector<std::string> f = SplitCsv(line);
    std::vector<std::string> row;
    for (size_t k : index) row.push_back(k < f.size() ? f[k] : std::string());
    rows->push_back(std::move(row));
  }
  return true;
}

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
  int64_t records = 0, first_wrong = 0, second_right = 0;
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
  std::vector<std::vector<std::string>> persons, truth;
  if (!ReadColumns(gen + "/persons.csv", {"person_id", "given_names", "surname1", "surname2"},
                   &persons) ||
      !ReadColumns(gen + "/truth.csv", {"source", "source_record_id", "person_id"}, &truth)) {
    return 4;
  }
  std::unordered_map<std::string, PreparedName> true_name;
  for (const auto& p : persons) true_name[p[0]] = TrueName(p[1], p[2], p[3]);
  std::map<std::pair<std::string, std::string>, std::string> person_of;
  for (const auto& t : truth) person_of[{t[0], t[1]}] = t[2];
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
    const auto person = person_of.find({source, r.source_record_id});
    if (it == by_id.end() || person == person_of.end()) return true;
    const auto named = true_name.find(person->second);
    const LinkRecord& record = *it->second;
    Tally& t = tally[source];
    if (named == true_name.end() || record.name.empty()) {
      ++t.unjudged;  // a person persons.csv does not name, or a record without a name
      return true;
    }
    const PreparedName& truth = named->second;
    ++t.records;
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
                   {"not_judged", t.unjudged}};
    all.records += t.records;
    all.first_wrong += t.first_wrong;
    all.second_right += t.second_right;
    all.unjudged += t.unjudged;
  }
  out["all"] = {{"records", all.records},
                {"first_reading_wrong", all.first_wrong},
                {"second_reading_right", all.second_right},
                {"not_judged", all.unjudged}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
