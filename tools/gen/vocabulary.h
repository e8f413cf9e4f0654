// The vocabulary synthetic people are made of: given names, surnames, places,
// streets, detention facilities and nicknames, with frequency weights.
//
// Everything here is common Venezuelan/Spanish *vocabulary* (González, José Luis,
// Zulia, Maracaibo) or public facility names; no entry is a real person. Surname
// weights follow a Zipf-like law over a frequency-ordered list, so a handful of
// surnames (González, Rodríguez, Pérez ...) dominate and rare ones (Uzcátegui,
// Sulbarán) appear a few times per thousand people, as in real lists.
//
// Nicknames come from data/names/nicknames.tsv (compiled in by CMake when the names
// module ships it); without it a built-in table of about twenty pairs is used.
//
//   const Vocabulary& vocab = Vocabulary::Get();
//   size_t surname = vocab.surname_table().Sample(rng);
//   const std::string& text = vocab.surnames()[surname];
//
// Thread-safety: Get() builds the single instance once (thread-safe static
// initialisation); the instance is immutable afterwards and safe to share.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "random.h"

namespace habeas::gen {

enum class Sex : uint8_t { kMale = 0, kFemale = 1 };

struct State {
  std::string name;
  std::vector<std::string> cities;
};

struct Facility {
  std::string name;
  std::string place;  // city, state/country
};

struct Nickname {
  std::string nickname;  // lowercase, with accents ("chuy")
  std::string formal;    // lowercase, with accents ("jesús")
  int sex = -1;          // 0 male, 1 female, -1 either
};

class Vocabulary {
 public:
  static const Vocabulary& Get();

  // Given-name items per sex; an item may be compound ("José Luis", "María de los
  // Ángeles"). Items are in title case with accents.
  const std::vector<std::string>& given_names(Sex sex) const {
    return given_[static_cast<int>(sex)];
  }
  const WeightedIndex& given_name_table(Sex sex) const {
    return given_table_[static_cast<int>(sex)];
  }
  bool IsCompoundGivenName(Sex sex, uint16_t index) const;

  const std::vector<std::string>& surnames() const { return surnames_; }
  const WeightedIndex& surname_table() const { return surname_table_; }

  const std::vector<State>& states() const { return states_; }
  const WeightedIndex& state_table() const { return state_table_; }

  const std::vector<std::string>& streets() const { return streets_; }
  const std::vector<std::string>& sectors() const { return sectors_; }
  const std::vector<Facility>& us_facilities() const { return us_facilities_; }
  const WeightedIndex& us_facility_table() const { return us_facility_table_; }
  const Facility& cecot() const { return cecot_; }

  // Nicknames for a formal name (lowercase with accents); empty if none.
  std::vector<const Nickname*> NicknamesFor(std::string_view formal_lower, Sex sex) const;
  size_t nickname_count() const { return nicknames_.size(); }
  bool nicknames_from_data_file() const { return nicknames_from_file_; }

  // The accented spelling of an unaccented upper-case word ("PENA" -> "Peña"), or
  // an empty view when the vocabulary does not know the word.
  std::string_view AccentedForm(std::string_view plain_upper_word) const;

  // Parses nickname TSV text ("nickname<TAB>formal<TAB>sex", '#' comments).
  static std::vector<Nickname> ParseNicknames(std::string_view tsv);

 private:
  Vocabulary();

  std::vector<std::string> given_[2];
  WeightedIndex given_table_[2];
  std::vector<std::string> surnames_;
  WeightedIndex surname_table_;
  std::vector<State> states_;
  WeightedIndex state_table_;
  std::vector<std::string> streets_;
  std::vector<std::string> sectors_;
  std::vector<Facility> us_facilities_;
  WeightedIndex us_facility_table_;
  Facility cecot_;
  std::vector<Nickname> nicknames_;
  bool nicknames_from_file_ = false;
  std::multimap<std::string, size_t, std::less<>> nickname_index_;  // formal -> nickname
  std::map<std::string, std::string, std::less<>> accented_;        // PLAIN -> Accented
};

}  // namespace habeas::gen
