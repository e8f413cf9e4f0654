#include "estimate/capture_table.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>

#include "common/csv_reader.h"

namespace habeas {

CaptureTable::CaptureTable(std::vector<std::string> lists)
    : lists_(std::move(lists)), counts_(size_t{1} << lists_.size(), 0) {}

Result<CaptureTable> CaptureTable::Create(std::vector<std::string> lists) {
  if (lists.empty()) return InvalidInput("a capture table needs at least one list");
  if (static_cast<int>(lists.size()) > kMaxLists) {
    return InvalidInput("a capture table can have at most " + std::to_string(kMaxLists) +
                        " lists; got " + std::to_string(lists.size()));
  }
  std::set<std::string> seen;
  for (const std::string& name : lists) {
    if (name.empty()) return InvalidInput("a list name is empty");
    if (!seen.insert(name).second) return InvalidInput("list \"" + name + "\" appears twice");
  }
  return CaptureTable(std::move(lists));
}

Status CaptureTable::Add(uint32_t pattern, int64_t persons) {
  if (pattern == 0) {
    return InvalidInput("the all-zero capture pattern (on no list) cannot be observed");
  }
  if (pattern >= counts_.size()) {
    return InvalidInput("capture pattern " + std::to_string(pattern) + " is out of range for " +
                        std::to_string(lists_.size()) + " lists");
  }
  if (persons < 0) return InvalidInput("a count cannot be negative");
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 2;
  if (persons > kMax - observed_) return InvalidInput("counts are too large");
  counts_[pattern] += persons;
  observed_ += persons;
  return Status::Ok();
}

int64_t CaptureTable::list_total(int list) const {
  int64_t total = 0;
  const uint32_t bit = uint32_t{1} << list;
  for (uint32_t p = 1; p < counts_.size(); ++p) {
    if (p & bit) total += counts_[p];
  }
  return total;
}

Result<CaptureTable> ParseCaptureTableCsv(std::string_view text, std::string_view name) {
  StringSource source{std::string(text), std::string(name)};
  return mse::ReadCaptureTable(&source);
}

Result<CaptureTable> LoadCaptureTableCsv(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(auto source, FileSource::Open(path));
  return mse::ReadCaptureTable(source.get());
}

namespace {

// A list the selection leaves: its name (an input list or a merge "A+B") and the
// input lists it stands for (indexes into the input names).
struct SelectedList {
  std::string name;
  std::vector<int> inputs;
};

Result<std::vector<SelectedList>> Select(const std::vector<std::string>& lists,
                                         const ListSelection& selection) {
  std::vector<SelectedList> out;
  for (size_t j = 0; j < lists.size(); ++j) out.push_back({lists[j], {static_cast<int>(j)}});
  const auto available = [&] {
    std::vector<std::string> names;
    for (const SelectedList& l : out) names.push_back(l.name);
    return mse::JoinNames(names);
  };
  const auto find = [&](const std::string& n) -> int {
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].name == n) return static_cast<int>(i);
    }
    return -1;
  };

  for (const std::string& spec : selection.merge) {
    const std::vector<std::string> parts = mse::MergedListParts(spec);
    if (parts.size() < 2) {
      return InvalidInput("--merge \"" + spec + "\": expected two or more lists joined by '+'");
    }
    std::vector<int> indexes;
    for (const std::string& part : parts) {
      int i = find(part);
      if (i < 0) {
        return InvalidInput("--merge \"" + spec + "\": no list named \"" + part +
                            "\" (lists: " + available() + ")");
      }
      if (std::find(indexes.begin(), indexes.end(), i) != indexes.end()) {
        return InvalidInput("--merge \"" + spec + "\": \"" + part + "\" is named twice");
      }
      indexes.push_back(i);
    }
    std::sort(indexes.rbegin(), indexes.rend());
    const int first = indexes.back();
    out[first].name = spec;
    for (int i : indexes) {
      if (i == first) continue;
      out[first].inputs.insert(out[first].inputs.end(), out[i].inputs.begin(), out[i].inputs.end());
      out.erase(out.begin() + i);
    }
  }
  for (const std::string& drop : selection.drop) {
    int i = find(drop);
    if (i < 0) {
      return InvalidInput("--drop \"" + drop + "\": no list by that name (lists: " + available() +
                          ")");
    }
    out.erase(out.begin() + i);
  }
  if (!selection.keep.empty()) {
    std::vector<SelectedList> kept;
    for (const std::string& keep : selection.keep) {
      int i = find(keep);
      if (i < 0) {
        return InvalidInput("--sources: no list named \"" + keep + "\" (lists: " + available() +
                            ")");
      }
      for (const SelectedList& k : kept) {
        if (k.name == keep) return InvalidInput("--sources: \"" + keep + "\" is named twice");
      }
      kept.push_back(out[i]);
    }
    out = std::move(kept);
  }
  if (out.empty()) return InvalidInput("no lists are left after --sources/--merge/--drop");
  return out;
}

}  // namespace

Result<CaptureTable> SelectLists(const CaptureTable& table, const ListSelection& selection) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SelectedList> selected, Select(table.lists(), selection));
  std::vector<std::string> names;
  std::vector<uint32_t> bits;  // per output list, the input lists' bits
  for (const SelectedList& l : selected) {
    names.push_back(l.name);
    uint32_t b = 0;
    for (int i : l.inputs) b |= uint32_t{1} << i;
    bits.push_back(b);
  }
  HABEAS_ASSIGN_OR_RETURN(CaptureTable out, CaptureTable::Create(names));
  for (uint32_t p = 1; p < table.num_patterns(); ++p) {
    if (table.count(p) == 0) continue;
    uint32_t q = 0;
    for (size_t j = 0; j < bits.size(); ++j) {
      if (p & bits[j]) q |= uint32_t{1} << j;
    }
    if (q == 0) continue;  // only on lists left out: now unobserved
    HABEAS_RETURN_IF_ERROR(out.Add(q, table.count(p)));
  }
  return out;
}

std::vector<std::string> mse::MergedListParts(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t plus = name.find('+', start);
    parts.push_back(name.substr(start, plus == std::string::npos ? plus : plus - start));
    if (plus == std::string::npos) return parts;
    start = plus + 1;
  }
}

Result<std::map<std::string, std::string>> ListsUsed(const std::vector<std::string>& lists,
                                                     const ListSelection& selection) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SelectedList> selected, Select(lists, selection));
  std::map<std::string, std::string> used;
  for (const SelectedList& l : selected) {
    for (int i : l.inputs) used[lists[static_cast<size_t>(i)]] = l.name;
  }
  return used;
}

Result<std::vector<std::pair<std::string, CaptureTable>>> BuildCaptureTables(
    const std::vector<PersonCaptures>& persons) {
  std::set<std::string> all_sources;
  for (const PersonCaptures& p : persons) all_sources.insert(p.sources.begin(), p.sources.end());
  if (all_sources.empty()) return InvalidInput("no person is on any list");
  std::vector<std::string> lists(all_sources.begin(), all_sources.end());
  std::map<std::string, int> index;
  for (size_t j = 0; j < lists.size(); ++j) index[lists[j]] = static_cast<int>(j);
  if (static_cast<int>(lists.size()) > CaptureTable::kMaxLists) {
    return InvalidInput("there are " + std::to_string(lists.size()) + " sources; at most " +
                        std::to_string(CaptureTable::kMaxLists) +
                        " can enter one estimate (choose some with --sources)");
  }
  std::map<std::string, CaptureTable> tables;
  for (const PersonCaptures& person : persons) {
    uint32_t pattern = 0;
    for (const std::string& s : person.sources) pattern |= uint32_t{1} << index[s];
    auto it = tables.find(person.stratum);
    if (it == tables.end()) {
      HABEAS_ASSIGN_OR_RETURN(CaptureTable t, CaptureTable::Create(lists));
      it = tables.emplace(person.stratum, std::move(t)).first;
    }
    if (pattern == 0) continue;  // a linked person on none of the chosen sources
    HABEAS_RETURN_IF_ERROR(it->second.Add(pattern, 1));
  }
  std::vector<std::pair<std::string, CaptureTable>> out;
  for (auto& [stratum, table] : tables) out.emplace_back(stratum, std::move(table));
  return out;
}

namespace mse {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

Result<CaptureTable> ReadCaptureTable(ByteSource* source) {
  const std::string& file = source->name();
  CsvReader reader(source, CsvDialect{','});
  CsvRow row;
  HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(&row));
  if (!more) return InvalidInput(file + ": the file is empty; expected a header row");
  const auto where = [&](uint64_t line) { return file + ":" + std::to_string(line) + ": "; };
  if (!row.problem.empty()) return InvalidInput(where(row.line) + row.problem);

  std::vector<std::string> header;
  for (std::string_view f : row.fields) {
    std::string name(f);
    // Trim blanks around names: "EXH, ABA" is a common hand-written form.
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    header.push_back(std::move(name));
  }
  if (header.size() < 2 || header.back() != "count") {
    return InvalidInput(where(row.line) +
                        "the header must name one column per list and end with \"count\"; got \"" +
                        std::string(row.raw) + "\"");
  }
  std::vector<std::string> lists(header.begin(), header.end() - 1);
  if (static_cast<int>(lists.size()) > CaptureTable::kMaxLists) {
    // --drop and --merge apply to a table already read, so they cannot help here.
    return InvalidInput(where(row.line) + "the table has " + std::to_string(lists.size()) +
                        " lists; an estimate can use at most " +
                        std::to_string(CaptureTable::kMaxLists) +
                        ": remove or combine columns in the file itself (rows that become equal "
                        "add their counts), then use --drop/--merge on the rest");
  }
  for (size_t j = 0; j < lists.size(); ++j) {
    if (lists[j].empty()) {
      return InvalidInput(where(row.line) + "column " + std::to_string(j + 1) +
                          " has no list name");
    }
  }
  auto created = CaptureTable::Create(lists);
  if (!created.ok()) return InvalidInput(where(row.line) + created.status().message());
  CaptureTable table = std::move(created).value();

  std::vector<uint64_t> seen_at(table.num_patterns(), 0);
  const size_t width = header.size();
  while (true) {
    HABEAS_ASSIGN_OR_RETURN(more, reader.Next(&row));
    if (!more) break;
    if (!row.problem.empty()) return InvalidInput(where(row.line) + row.problem);
    if (row.fields.size() != width) {
      return InvalidInput(where(row.line) + "expected " + std::to_string(width) +
                          " fields (one per list, then count); got " +
                          std::to_string(row.fields.size()));
    }
    uint32_t pattern = 0;
    for (size_t j = 0; j < lists.size(); ++j) {
      std::string_view f = row.fields[j];
      while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
      while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.remove_suffix(1);
      if (f == "1") {
        pattern |= uint32_t{1} << j;
      } else if (f != "0") {
        return InvalidInput(where(row.line) + "field " + std::to_string(j + 1) + " (" + lists[j] +
                            ") is \"" + std::string(row.fields[j]) + "\"; expected 0 or 1");
      }
    }
    std::string_view c = row.fields.back();
    while (!c.empty() && (c.front() == ' ' || c.front() == '\t')) c.remove_prefix(1);
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t')) c.remove_suffix(1);
    int64_t count = 0;
    auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), count);
    if (c.empty() || ec != std::errc() || end != c.data() + c.size() || count < 0) {
      return InvalidInput(where(row.line) + "field " + std::to_string(width) + " (count) is \"" +
                          std::string(row.fields.back()) +
                          "\"; expected a whole number of persons, 0 or more");
    }
    if (pattern == 0) {
      return InvalidInput(where(row.line) +
                          "the all-zero pattern (on no list) cannot be observed; remove this row "
                          "(the estimate is the size of that cell)");
    }
    if (seen_at[pattern] != 0) {
      return InvalidInput(where(row.line) + "capture pattern repeats line " +
                          std::to_string(seen_at[pattern]) + "; give each pattern once");
    }
    seen_at[pattern] = row.line;
    Status added = table.Add(pattern, count);
    if (!added.ok()) return InvalidInput(where(row.line) + added.message());
  }
  if (table.observed() == 0) {
    return InvalidInput(file + ": the table has no persons (all counts are 0 or absent)");
  }
  return table;
}

}  // namespace mse
}  // namespace habeas
