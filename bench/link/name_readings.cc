// How often the linker reads a record's name with the right roles: given names as
// given names and surnames as surnames, judged against habeas-gen's true names.
//
//   build/bench/name_readings STORE.db GEN_DIR [--show N]
//
// GEN_DIR holds habeas-gen's truth.csv and persons.csv. A word of a record's reading
// is *misread* when it matches (in some spelling: CompareWords at fuzzy or better) a
// word of the person's true name in the other role and none in its own. A reading with
// a misread word is wrong. Prints one JSON object per list: records, records whose
// first reading is wrong, and those whose second reading (when there is one) is right.
// --show N prints N wrong first readings per list to standard error. Reads the store;
// writes nothing.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
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

// Rows of a CSV file as maps from header to value.
std::vector<std::map<std::string, std::string>> ReadCsv(const std::string& path) {
  std::vector<std::map<std::string, std::string>> rows;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return rows;
  const std::vector<std::string> header = SplitCsv(line);
  while (std::getline(in, line)) {
    const std::vector<std::string> f = SplitCsv(line);
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < header.size() && k < f.size(); ++k) row[header[k]] = f[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

// A person's true name, prepared as the linker prepares names.
PreparedName TrueName(const std::map<std::string, std::string>& person) {
  habeas::names::ParsedName parsed;
  std::istringstream given(person.at("given_names"));
  std::string word;
  while (given >> word) parsed.given_names.push_back(habeas::names::FoldName(word));
  parsed.surname1 = habeas::names::FoldName(person.at("surname1"));
  parsed.surname2 = habeas::names::FoldName(person.at("surname2"));
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
};

int Run(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: name_readings STORE.db GEN_DIR [--show N]\n";
    return 2;
  }
  int show = 0;
  if (argc >= 5 && std::string(argv[3]) == "--show") show = std::atoi(argv[4]);
  const std::string gen = argv[2];
  std::unordered_map<std::string, PreparedName> true_name;
  for (const auto& p : ReadCsv(gen + "/persons.csv")) true_name[p.at("person_id")] = TrueName(p);
  std::map<std::pair<std::string, std::string>, std::string> person_of;
  for (const auto& t : ReadCsv(gen + "/truth.csv")) {
    person_of[{t.at("source"), t.at("source_record_id")}] = t.at("person_id");
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
    const PreparedName& truth = true_name[person->second];
    const LinkRecord& record = *it->second;
    Tally& t = tally[source];
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
                   {"second_reading_right", t.second_right}};
    all.records += t.records;
    all.first_wrong += t.first_wrong;
    all.second_right += t.second_right;
  }
  out["all"] = {{"records", all.records},
                {"first_reading_wrong", all.first_wrong},
                {"second_reading_right", all.second_right}};
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
