#include "habeas/names/nicknames.h"

#include <algorithm>

#include "habeas/names/normalize.h"
#include "names/tsv_lines.h"

namespace habeas::embedded {
extern const std::string_view NicknamesTsv;
}  // namespace habeas::embedded

namespace habeas::names {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (true) {
    size_t tab = line.find('\t', pos);
    fields.push_back(
        line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos));
    if (tab == std::string_view::npos) break;
    pos = tab + 1;
  }
  return fields;
}

}  // namespace

Result<NicknameTable> NicknameTable::FromTsv(std::string_view tsv, std::string_view source_name) {
  NicknameTable table;
  std::unordered_map<std::string, uint32_t> group_of_formal;
  size_t line_number = 0;
  TsvLines lines(tsv);
  std::string_view line;
  while (lines.Next(&line, &line_number)) {
    const std::string where = std::string(source_name) + ":" + std::to_string(line_number);
    std::vector<std::string_view> fields = SplitTabs(line);
    if (fields.size() != 3) {
      return InvalidInput(where +
                          ": expected 3 tab-separated fields (nickname, formal name, "
                          "sex), found " +
                          std::to_string(fields.size()));
    }
    NicknameEntry entry{std::string(fields[0]), std::string(fields[1]), NicknameSex::kUnknown};
    if (fields[2] == "M") {
      entry.sex = NicknameSex::kMale;
    } else if (fields[2] == "F") {
      entry.sex = NicknameSex::kFemale;
    } else if (fields[2] != "U") {
      return InvalidInput(where + ": sex must be M, F or U, found \"" + std::string(fields[2]) +
                          "\"");
    }
    if (!IsValidUtf8(line)) return InvalidInput(where + ": line is not valid UTF-8");
    const std::string nickname = FoldName(entry.nickname);
    const std::string formal = FoldName(entry.formal_name);
    if (nickname.empty() || formal.empty()) {
      return InvalidInput(where + ": nickname and formal name must contain letters");
    }
    auto [it, inserted] =
        group_of_formal.emplace(formal, static_cast<uint32_t>(group_of_formal.size()));
    const uint32_t group = it->second;
    if (inserted) table.folded_formal_.push_back(formal);
    for (const std::string* key : {&nickname, &formal}) {
      std::vector<uint32_t>& ids = table.groups_[*key];
      if (std::find(ids.begin(), ids.end(), group) == ids.end()) ids.push_back(group);
    }
    table.entries_.push_back(std::move(entry));
  }
  return table;
}

const NicknameTable& NicknameTable::Builtin() {
  static const NicknameTable* table = [] {
    Result<NicknameTable> parsed = FromTsv(embedded::NicknamesTsv, "nicknames.tsv");
    // The embedded table is checked by the tests; an empty table is the safe fallback.
    return new NicknameTable(parsed.ok() ? std::move(parsed).value() : NicknameTable());
  }();
  return *table;
}

bool NicknameTable::AreEquivalent(std::string_view a, std::string_view b) const {
  if (a == b) return !a.empty();
  return ShareAGroup(GroupsOf(a), GroupsOf(b));
}

const std::vector<uint32_t>* NicknameTable::GroupsOf(std::string_view folded) const {
  auto it = groups_.find(folded);
  return it == groups_.end() ? nullptr : &it->second;
}

bool NicknameTable::ShareAGroup(const std::vector<uint32_t>* a, const std::vector<uint32_t>* b) {
  if (a == nullptr || b == nullptr) return false;
  for (uint32_t x : *a)
    for (uint32_t y : *b)
      if (x == y) return true;
  return false;
}

std::vector<std::string_view> NicknameTable::FormalNamesOf(std::string_view folded) const {
  std::vector<std::string_view> out;
  auto it = groups_.find(folded);
  if (it == groups_.end()) return out;
  for (uint32_t group : it->second) {
    if (folded_formal_[group] != folded) out.push_back(folded_formal_[group]);
  }
  return out;
}

}  // namespace habeas::names
