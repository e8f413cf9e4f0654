#include "habeas/names/glued.h"

#include <functional>

namespace habeas::names {
namespace {

uint64_t HashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

// Calls fn with `word` less each of its letters in turn.
template <typename Fn>
void ForEachDeletion(std::string_view word, std::string* scratch, Fn&& fn) {
  for (size_t i = 0; i < word.size(); ++i) {
    scratch->assign(word.substr(0, i));
    scratch->append(word.substr(i + 1));
    fn(std::string_view(*scratch));
  }
}

}  // namespace

GluedWordReader::GluedWordReader(const NameFrequencies& words, const GluedWordRule& rule)
    : words_(words), rule_(rule) {
  std::string scratch;
  words.ForEach([&](std::string_view word, const NameFrequencies::Counts& counts) {
    if (counts.total() < rule_.min_part_count || word.size() < rule_.min_part_letters) return;
    held_.insert(HashOf(word));
    ForEachDeletion(word, &scratch, [&](std::string_view d) { held_.insert(HashOf(d)); });
  });
}

bool GluedWordReader::NearAHeldWord(std::string_view word) const {
  if (held_.count(HashOf(word)) > 0) return true;
  std::string scratch;
  bool near = false;
  ForEachDeletion(word, &scratch,
                  [&](std::string_view d) { near = near || held_.count(HashOf(d)) > 0; });
  return near;
}

size_t GluedWordReader::Cut(std::string_view word) const {
  auto count = [this](std::string_view w) { return Count(w); };
  if (word.size() < 2 * rule_.min_part_letters || Count(word) > rule_.max_word_count ||
      NearAHeldWord(word)) {
    return 0;
  }
  if (const size_t cut = GluedWordCut(word, count, rule_); cut > 0) return cut;
  // One part held, the other misspelt: the cut whose held part is commonest.
  size_t best_cut = 0;
  uint64_t best_count = rule_.min_part_count - 1;
  for (size_t cut = rule_.min_part_letters; cut + rule_.min_part_letters <= word.size(); ++cut) {
    const std::string_view left = word.substr(0, cut), right = word.substr(cut);
    const uint64_t held_left = Count(left), held_right = Count(right);
    if (held_left > best_count && right.size() >= kMinTypoPartLetters && NearAHeldWord(right)) {
      best_cut = cut;
      best_count = held_left;
    }
    if (held_right > best_count && left.size() >= kMinTypoPartLetters && NearAHeldWord(left)) {
      best_cut = cut;
      best_count = held_right;
    }
  }
  return best_cut;
}

}  // namespace habeas::names
