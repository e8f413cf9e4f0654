// Pairs completeness of blocking: the share of true pairs (two records of one person,
// by a habeas-gen truth.csv) that the blocking rules propose as candidate pairs.
//
//   build/bench/blocking_recall STORE.db truth.csv [--settings linkage.toml] [--misses N]
//                                                  [--miss-kind PREFIX]
//
// Prints one JSON object: over all true pairs, over the true pairs whose names share
// a word in some spelling (a given name or a surname of one agrees with a word of the
// other at least as a fuzzy match, nickname or phonetic variant: the pairs blocking
// is meant to find), and per pair of lists. Reads the store; writes nothing.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "habeas/link.h"
#include "habeas/names/compare.h"
#include "habeas/store.h"
#include "link/blocking.h"
#include "link/compare.h"
#include "link/link_record.h"

namespace {

using habeas::link::LinkRecord;

// One CSV line of truth.csv (source,source_record_id,person_id); no quoted fields.
bool SplitTruthLine(const std::string& line, std::string out[3]) {
  size_t a = line.find(','), b = line.find(',', a + 1);
  if (a == std::string::npos || b == std::string::npos) return false;
  out[0] = line.substr(0, a);
  out[1] = line.substr(a + 1, b - a - 1);
  out[2] = line.substr(b + 1);
  while (!out[2].empty() && (out[2].back() == '\r' || out[2].back() == '\n')) out[2].pop_back();
  return true;
}

void AllWords(const habeas::names::PreparedName& n,
              std::vector<const habeas::names::PreparedWord*>* out) {
  for (const auto& w : n.given) out->push_back(&w);
  if (!n.surname1.empty()) out->push_back(&n.surname1);
  if (!n.surname2.empty()) out->push_back(&n.surname2);
}

// The two records' names (either reading) share a word in some spelling.
bool ShareANameWord(const LinkRecord& a, const LinkRecord& b) {
  std::vector<const habeas::names::PreparedWord*> wa, wb;
  AllWords(a.name, &wa);
  AllWords(a.alt_name, &wa);
  AllWords(b.name, &wb);
  AllWords(b.alt_name, &wb);
  for (const auto* x : wa) {
    if (x->initial) continue;
    for (const auto* y : wb) {
      if (y->initial) continue;
      if (habeas::names::CompareWords(*x, *y) <= habeas::names::TokenAgreement::kFuzzyHigh) {
        return true;
      }
    }
  }
  return false;
}

std::string Describe(const LinkRecord& r, const std::string& list) {
  using habeas::link::Field;
  return list + " [" + habeas::link::DescribeField(r, Field::kGivenName) + " | " +
         habeas::link::DescribeField(r, Field::kSurname) + " | " +
         habeas::link::DescribeField(r, Field::kBirthDate) + "]";
}

// Why blocking may have missed a pair: which name keys the two records share (either
// reading) and whether both have a birth year.
std::string MissKind(const LinkRecord& a, const LinkRecord& b) {
  auto givens = [](const LinkRecord& r) {
    return std::vector<uint64_t>{r.given_key, r.given2_key, r.alt_given_key, r.alt_given2_key};
  };
  auto surnames = [](const LinkRecord& r) {
    return std::vector<uint64_t>{r.surname1_key, r.surname2_key, r.alt_surname1_key,
                                 r.alt_surname2_key};
  };
  auto share = [](const std::vector<uint64_t>& x, const std::vector<uint64_t>& y) {
    for (uint64_t u : x) {
      for (uint64_t v : y) {
        if (u && u == v) return true;
      }
    }
    return false;
  };
  const bool given = share(givens(a), givens(b));
  const bool surname = share(surnames(a), surnames(b));
  const bool crossed = share(givens(a), surnames(b)) || share(surnames(a), givens(b));
  std::string kind = given && surname ? "given+surname keys"
                     : given          ? "given key only"
                     : surname        ? "surname key only"
                     : crossed        ? "given and surname crossed"
                                      : "no name key";
  const int years = a.has_year() + b.has_year();
  kind += years == 2 ? ", both dated" : years == 1 ? ", one dated" : ", neither dated";
  return kind;
}

struct Tally {
  int64_t pairs = 0, proposed = 0;
  nlohmann::json Json() const {
    return {{"true_pairs", pairs},
            {"proposed", proposed},
            {"completeness", pairs ? static_cast<double>(proposed) / pairs : 1.0}};
  }
};

int Run(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: blocking_recall STORE.db truth.csv [--settings linkage.toml]\n";
    return 2;
  }
  habeas::link::LinkSettings settings = habeas::link::DefaultLinkSettings();
  int misses_to_show = 0;
  std::string miss_kind;  // show only misses whose kind starts with this
  for (int k = 3; k + 1 < argc; k += 2) {
    const std::string option = argv[k];
    if (option == "--settings") {
      auto loaded = habeas::link::LoadLinkSettings(argv[k + 1]);
      if (!loaded.ok()) {
        std::cerr << loaded.status().message() << "\n";
        return 2;
      }
      settings = *loaded;
    } else if (option == "--miss-kind") {
      miss_kind = argv[k + 1];
    } else if (option == "--misses") {
      misses_to_show = std::atoi(argv[k + 1]);
    } else {
      std::cerr << "unknown option " << option << "\n";
      return 2;
    }
  }
  auto store = habeas::OpenSqliteStore(argv[1]);
  if (!store.ok()) {
    std::cerr << argv[1] << ": " << store.status().message() << "\n";
    return 4;
  }
  std::map<std::pair<std::string, std::string>, std::string> person_of;
  {
    std::ifstream in(argv[2]);
    if (!in) {
      std::cerr << argv[2] << ": cannot be read\n";
      return 4;
    }
    std::string line, f[3];
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      if (SplitTruthLine(line, f)) person_of[{f[0], f[1]}] = f[2];
    }
  }
  std::unordered_map<int64_t, std::string> source_name;
  auto sources = (*store)->ListSources();
  if (!sources.ok()) return 1;
  for (const auto& s : *sources) source_name[s.id] = s.name;
  auto table = habeas::link::LoadRecordTable(**store, settings);
  if (!table.ok()) {
    std::cerr << table.status().message() << "\n";
    return 1;
  }
  const std::vector<LinkRecord>& records = table->records;
  std::unordered_map<int64_t, uint32_t> index_of;
  for (uint32_t i = 0; i < records.size(); ++i) index_of[records[i].id] = i;
  // Persons' record indices, by the truth.
  std::unordered_map<std::string, std::vector<uint32_t>> members;
  std::vector<std::string> list_of(records.size());
  habeas::Status visited = (*store)->ForEachRecord({}, [&](const habeas::RecordData& r) {
    auto it = index_of.find(r.id);
    if (it == index_of.end()) return true;
    const std::string& source = source_name[r.source_id];
    list_of[it->second] = source;
    auto p = person_of.find({source, r.source_record_id});
    if (p != person_of.end()) members[p->second].push_back(it->second);
    return true;
  });
  if (!visited.ok()) return 1;
  const habeas::link::CandidatePairs candidates =
      habeas::link::GenerateCandidatePairs(records, settings, nullptr);
  const std::unordered_set<uint64_t> proposed(candidates.pairs.begin(), candidates.pairs.end());
  Tally all, sharing;
  std::map<std::string, Tally> by_lists;
  std::map<std::string, int64_t> missed_by_kind;
  for (const auto& [person, idx] : members) {
    for (size_t x = 0; x < idx.size(); ++x) {
      for (size_t y = x + 1; y < idx.size(); ++y) {
        const uint32_t i = std::min(idx[x], idx[y]), j = std::max(idx[x], idx[y]);
        const bool found = proposed.count((uint64_t{i} << 32) | j) > 0;
        const std::string lists = std::min(list_of[i], list_of[j]) + " x " +
                                  std::max(list_of[i], list_of[j]);
        ++all.pairs, all.proposed += found;
        ++by_lists[lists].pairs, by_lists[lists].proposed += found;
        if (ShareANameWord(records[i], records[j])) {
          ++sharing.pairs, sharing.proposed += found;
          const std::string kind = found ? "" : MissKind(records[i], records[j]);
          if (!found) ++missed_by_kind[kind];
          if (!found && misses_to_show > 0 && kind.rfind(miss_kind, 0) == 0) {
            --misses_to_show;
            std::cerr << "missed: " << Describe(records[i], list_of[i]) << "  ~  "
                      << Describe(records[j], list_of[j]) << "\n";
          }
        }
      }
    }
  }
  nlohmann::json per_lists = nlohmann::json::object();
  for (const auto& [lists, t] : by_lists) per_lists[lists] = t.Json();
  std::cout << nlohmann::json({{"records", records.size()},
                               {"candidate_pairs", candidates.pairs.size()},
                               {"all_true_pairs", all.Json()},
                               {"true_pairs_sharing_a_name_word", sharing.Json()},
                               {"by_lists", per_lists},
                               {"missed_sharing_a_name_word_by_kind", missed_by_kind}})
                   .dump(2)
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
