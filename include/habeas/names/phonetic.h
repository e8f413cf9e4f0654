// PhoneticKeyEs: a Spanish (Venezuelan) phonetic key for one name token.
//
// Tokens that sound alike in Venezuelan Spanish get the same key: b/v, s/z/c(e,i),
// ll/y, j/g(e,i), silent h, qu/k/c(a,o,u), ñ/ni, x, w/gu(a)/hu, y/i, doubled letters,
// and anglicised spellings (Jh-, Joh-, -ck-, -th, ph, sh). The full rule table with
// examples is in docs/names.md ("Phonetic key"); the tests check every rule.
// Unlike Soundex it keeps vowels (María ≠ Mario) and never truncates short names.
//
//   "Jhonny", "Johnny", "Yony", "Yoni"   → "YONI"
//   "Wuilmer", "Wilmer"                 → "WILMER"
//   "Pérez", "Peres", "Perez"           → "PERES"
//   "Vásquez", "Basquez", "Vazques"     → "BASKES"
//
// Input must be a folded token (NormalizeName's folded form: ASCII lowercase); other
// bytes are skipped. Thread-safe, allocation-free (the key lives inline).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace habeas::names {

// An inline key of at most kMaxSize symbols (longer keys are cut; names never get there).
class PhoneticKey {
 public:
  static constexpr size_t kMaxSize = 31;

  std::string_view view() const { return std::string_view(symbols_.data(), size_); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string ToString() const { return std::string(view()); }

  friend bool operator==(const PhoneticKey& a, const PhoneticKey& b) {
    return a.view() == b.view();
  }

  void Append(char symbol) {
    if (size_ < kMaxSize) symbols_[size_++] = symbol;
  }
  char Back() const { return size_ == 0 ? '\0' : symbols_[size_ - 1]; }

 private:
  std::array<char, kMaxSize> symbols_{};
  uint8_t size_ = 0;
};

// The key of one folded token ("jhonny" → "YONI").
PhoneticKey PhoneticKeyEs(std::string_view folded_token);

// Keys of every token of a folded multi-token string, joined by spaces
// ("jose perez" → "JOSE PERES"). For blocking keys and display.
std::string PhoneticKeyEsOfName(std::string_view folded_name);

}  // namespace habeas::names
