// NicknameTable: curated Spanish/Venezuelan hypocorisms (Pepe/Cheo → José, Chuy →
// Jesús, Maye → María Eugenia), from data/names/nicknames.tsv (compiled into the
// library). The curation is our own; see docs/names.md for the rules followed.
//
// Two given names are nickname-equivalent when one is a nickname of the other or both
// are nicknames of the same formal name ("pepe" ~ "cheo" via José). Lookups take
// folded text (NormalizeName's folded form; compound formal names as "maria eugenia").
//
// Thread-safety: a table is immutable after construction; Builtin() is shared and safe
// to use from any thread.
//
//   const auto& table = habeas::names::NicknameTable::Builtin();
//   table.AreEquivalent("pancho", "francisco");  // true
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "habeas/status.h"

namespace habeas::names {

enum class NicknameSex : uint8_t { kMale, kFemale, kUnknown };

struct NicknameEntry {
  std::string nickname;     // as written in the table, e.g. "chuy"
  std::string formal_name;  // e.g. "jesús"
  NicknameSex sex = NicknameSex::kUnknown;
};

class NicknameTable {
 public:
  // Parses the TSV format (nickname<TAB>formal<TAB>sex, '#' comments). Errors name the
  // line: "nicknames.tsv:12: expected 3 tab-separated fields".
  static Result<NicknameTable> FromTsv(std::string_view tsv, std::string_view source_name);

  // The table compiled from data/names/nicknames.tsv.
  static const NicknameTable& Builtin();

  // True if the folded names are equal, or one is a nickname of the other, or both are
  // nicknames of one formal name. Symmetric.
  bool AreEquivalent(std::string_view folded_a, std::string_view folded_b) const;

  // The formal-name groups a folded name belongs to, nullptr when it is in none. Two
  // different names are equivalent exactly when their groups share one (ShareAGroup), so
  // callers comparing the same words many times look the groups up once. The pointer
  // lives as long as the table.
  const std::vector<uint32_t>* GroupsOf(std::string_view folded) const;
  static bool ShareAGroup(const std::vector<uint32_t>* a, const std::vector<uint32_t>* b);

  // Folded formal names `folded_nickname` stands for (empty if it is not a nickname).
  std::vector<std::string_view> FormalNamesOf(std::string_view folded_nickname) const;

  const std::vector<NicknameEntry>& entries() const { return entries_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<NicknameEntry> entries_;
  std::vector<std::string> folded_formal_;  // per entry
  // folded nickname or formal name → ids of formal-name groups it belongs to.
  std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>> groups_;
};

}  // namespace habeas::names
