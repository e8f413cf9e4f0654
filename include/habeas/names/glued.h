// Words typed without their space ("jhonnyzerpa", "JOSEGREGORIO", "luisdiaz"): where to
// cut a word that a store's names (almost) never hold into two words they hold often
// (docs/names.md "Glued words"). The linker counts words with the roles its store
// teaches (link_record.cc ReadGluedWords), the locator with its index's postings.
//
//   auto count = [&](std::string_view w) { return frequencies.CountsOf(w).total(); };
//   const size_t cut = GluedWordCut("jhonnyzerpa", count, {});  // 6: "jhonny" | "zerpa"
//
// Thread-safety: pure functions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "habeas/names/frequencies.h"

namespace habeas::names {

struct GluedWordRule {
  uint64_t max_word_count = 2;  // the word itself held at most this often
  uint64_t min_part_count = 5;  // each part held at least this often
  size_t min_part_letters = 3;  // shorter parts ("de", "al") are not words of a name
};

// The cut (letters before it) of folded `word` into the two words `count` says the names
// hold most (the rarer part's count is the larger at the cut chosen); 0 when the word is
// held too often or no cut gives two words held at least rule.min_part_count times.
template <typename Count>
size_t GluedWordCut(std::string_view word, Count count, const GluedWordRule& rule) {
  if (word.size() < 2 * rule.min_part_letters || count(word) > rule.max_word_count) return 0;
  size_t best_cut = 0;
  uint64_t best_count = rule.min_part_count - 1;
  for (size_t cut = rule.min_part_letters; cut + rule.min_part_letters <= word.size(); ++cut) {
    const uint64_t left = count(word.substr(0, cut));
    if (left <= best_count) continue;
    const uint64_t both = std::min<uint64_t>(left, count(word.substr(cut)));
    if (both > best_count) {
      best_cut = cut;
      best_count = both;
    }
  }
  return best_cut;
}

// `accented` ("joségregorio") with a space at folded letter `cut` of `folded`
// ("josegregorio", 4 → "josé gregorio"); the folded form cut when the two do not have a
// letter each for each other (as "ß" / "ss").
inline std::string CutAtLetter(std::string_view accented, std::string_view folded, size_t cut) {
  auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  const size_t letters = static_cast<size_t>(
      std::count_if(accented.begin(), accented.end(), [&](char c) { return !continuation(c); }));
  if (letters != folded.size()) {
    return std::string(folded.substr(0, cut)) + " " + std::string(folded.substr(cut));
  }
  size_t at = 0;
  for (size_t letter = 0; at < accented.size(); ++at) {
    if (!continuation(accented[at]) && letter++ == cut) break;
  }
  return std::string(accented.substr(0, at)) + " " + std::string(accented.substr(at));
}

// Glued words read against the words a store's names hold (the linker's roles). A word
// held at most rule.max_word_count times, and not one edit from a word held
// rule.min_part_count times (a misspelt "gutierez" is Gutiérrez, not "gutie" + "rez"), is
// cut where both parts are held (GluedWordCut); else where one part is held and the
// other, of kMinTypoPartLetters letters or more, is one edit from a held word
// ("carloshedgar": carlos + hedgar, a misspelt edgar). Immutable after construction;
// Cut() is thread-safe.
class GluedWordReader {
 public:
  static constexpr size_t kMinTypoPartLetters = 5;

  explicit GluedWordReader(const NameFrequencies& words, const GluedWordRule& rule = {});
  // The cut (letters before it) of folded `word`, or 0.
  size_t Cut(std::string_view word) const;

 private:
  uint64_t Count(std::string_view word) const { return words_.CountsOf(word).total(); }
  // Whether `word` is a held word or one insertion, deletion, substitution or swap of
  // neighbours from one (symmetric deletions: rarely two edits).
  bool NearAHeldWord(std::string_view word) const;

  const NameFrequencies& words_;
  GluedWordRule rule_;
  std::unordered_set<uint64_t> held_;  // hashes of the held words and their one-letter deletions
};

}  // namespace habeas::names
