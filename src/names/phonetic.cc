#include "habeas/names/phonetic.h"

#include <array>

namespace habeas::names {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsFrontVowel(char c) { return c == 'e' || c == 'i' || c == 'y'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Anglicised spellings whose initial J sounds like the Spanish Y in Venezuela.
bool HasAnglicisedInitialJ(std::string_view t) {
  static constexpr std::string_view kPrefixes[] = {"jenn",  "jess",  "jeff", "jack", "jenif",
                                                   "jefer", "jesic", "jimm", "jaz"};
  for (std::string_view prefix : kPrefixes)
    if (StartsWith(t, prefix)) return true;
  return false;
}

// Appends a symbol unless it repeats the previous one (doubled letters collapse).
void Emit(PhoneticKey* key, char symbol) {
  if (key->Back() != symbol) key->Append(symbol);
}

}  // namespace

namespace {

// The letters of `input`, lowercased (ASCII; digits and punctuation dropped), at most 64.
size_t LettersOnly(std::string_view input, std::array<char, 64>* buffer) {
  size_t n = 0;
  for (char c : input) {
    if (c >= 'a' && c <= 'z' && n < buffer->size())
      (*buffer)[n++] = c;
    else if (c >= 'A' && c <= 'Z' && n < buffer->size())
      (*buffer)[n++] = static_cast<char>(c + 32);
  }
  return n;
}

// Word-initial rules (Jhon, Johan, Jennifer, Iolanda, Xiomara, Huerta): emits their
// sounds and returns how many letters they took.
size_t EmitWordInitial(std::string_view t, PhoneticKey* key) {
  const size_t n = t.size();
  size_t i = 0;
  if (n >= 2 && t[0] == 'j' && t[1] == 'h') {  // Jhonny, Jhon, Jhoan
    Emit(key, 'Y');
    i = 2;
  } else if (StartsWith(t, "joh")) {  // Johnny, Johan, Johana
    Emit(key, 'Y');
    Emit(key, 'O');
    i = 3;
  } else if (HasAnglicisedInitialJ(t)) {  // Jennifer, Jessica, Jackson
    Emit(key, 'Y');
    i = 1;
  } else if (n >= 2 && t[0] == 'i' && IsVowel(t[1])) {  // Iolanda = Yolanda
    Emit(key, 'Y');
    i = 1;
  } else if (n >= 1 && t[0] == 'x') {  // Xiomara = Siomara; Ximena, Xavier = Jimena, Javier
    Emit(key, StartsWith(t, "xim") || StartsWith(t, "xav") ? 'J' : 'S');
    i = 1;
  } else if (n >= 3 && t[0] == 'h' && t[1] == 'u' && IsVowel(t[2])) {  // Huerta = Werta
    Emit(key, 'W');
    i = 2;
  }
  return i;
}

// Emits the sound of the letter at `i` (with what follows it: ch, qu, gu, ll, ...);
// returns how many letters after it the sound took as well.
size_t EmitLetterSound(std::string_view t, size_t i, PhoneticKey* key) {
  const size_t n = t.size();
  auto at = [&](size_t k) -> char { return k < n ? t[k] : '\0'; };
  const char c = t[i];
  const char next = at(i + 1);
  size_t j = i;
  switch (c) {
    case 'a':
      Emit(key, 'A');
      break;
    case 'e':
      Emit(key, 'E');
      break;
    case 'i':
      Emit(key, 'I');
      break;
    case 'o':
      Emit(key, 'O');
      break;
    case 'u':
      Emit(key, 'U');
      break;
    case 'y':
      // Consonant before a vowel (Yorbis, Mayela), vowel otherwise (Ysabel, Nelly).
      Emit(key, IsVowel(next) ? 'Y' : 'I');
      break;
    case 'b':
    case 'v':
      Emit(key, 'B');
      break;
    case 'c':
      if (next == 'h') {
        Emit(key, 'X');
        ++j;
      } else if (IsFrontVowel(next)) {
        Emit(key, 'S');
      } else if (next == 'k' || next == 'q') {
        Emit(key, 'K');
        ++j;
        if (at(j) == 'q' && at(j + 1) == 'u' && IsFrontVowel(at(j + 2))) ++j;
      } else if (next == 'c' && IsFrontVowel(at(j + 2))) {  // Occidente: k + s
        Emit(key, 'K');
      } else {
        Emit(key, 'K');
      }
      break;
    case 'k':
      Emit(key, 'K');
      break;
    case 'q':
      Emit(key, 'K');
      if (next == 'u') ++j;  // que, qui: silent u
      break;
    case 'z':
      Emit(key, 'S');
      break;
    case 's':
      if (next == 'h') {  // Shirley = Chirley
        Emit(key, 'X');
        ++j;
      } else if (next == 'c' && IsFrontVowel(at(j + 2))) {  // Escenia = Esenia
        Emit(key, 'S');
        ++j;
      } else {
        Emit(key, 'S');
      }
      break;
    case 'x':
      Emit(key, 'K');
      Emit(key, 'S');
      break;
    case 'g':
      if (IsFrontVowel(next)) {
        Emit(key, 'J');
      } else if (next == 'u' && IsFrontVowel(at(j + 2))) {  // Guillermo: silent u
        Emit(key, 'G');
        ++j;
      } else if (next == 'u' && (at(j + 2) == 'a' || at(j + 2) == 'o')) {  // Gualter = Walter
        Emit(key, 'W');
        ++j;
      } else if (next == 'h') {
        Emit(key, 'G');
        ++j;
      } else {
        Emit(key, 'G');
      }
      break;
    case 'j':
      Emit(key, 'J');
      break;
    case 'h':
      break;  // silent
    case 'p':
      if (next == 'h') {
        Emit(key, 'F');
        ++j;
      } else {
        Emit(key, 'P');
      }
      break;
    case 't':
      Emit(key, 'T');
      if (next == 'h') ++j;  // Lisbeth = Lisbet
      break;
    case 'w':
      Emit(key, 'W');
      if (next == 'u' && IsVowel(at(j + 2))) ++j;  // Wuilmer = Wilmer
      break;
    case 'l':
      if (next == 'l') {  // ll = y
        Emit(key, 'Y');
        ++j;
      } else {
        Emit(key, 'L');
      }
      break;
    case 'n':
      Emit(key, 'N');
      // ñ written as ni/ny: Muñoz = Munioz, Nuñez = Nuniez (only between vowels).
      if ((next == 'i' || next == 'y') && j > 0 && IsVowel(t[j - 1]) && IsVowel(at(j + 2))) ++j;
      break;
    case 'm':
      Emit(key, 'M');
      break;
    case 'r':
      Emit(key, 'R');
      break;
    case 'd':
      Emit(key, 'D');
      break;
    case 'f':
      Emit(key, 'F');
      break;
    default:
      break;
  }
  return j - i;
}

}  // namespace

PhoneticKey PhoneticKeyEs(std::string_view input) {
  // Keep letters only; the key never looks at digits or punctuation.
  std::array<char, 64> buffer;
  const std::string_view t(buffer.data(), LettersOnly(input, &buffer));
  PhoneticKey key;
  for (size_t i = EmitWordInitial(t, &key); i < t.size(); ++i) {
    i += EmitLetterSound(t, i, &key);
  }
  return key;
}

std::string PhoneticKeyEsOfName(std::string_view folded_name) {
  std::string out;
  size_t pos = 0;
  while (pos < folded_name.size()) {
    size_t end = folded_name.find(' ', pos);
    if (end == std::string_view::npos) end = folded_name.size();
    if (end > pos) {
      PhoneticKey key = PhoneticKeyEs(folded_name.substr(pos, end - pos));
      if (!key.empty()) {
        if (!out.empty()) out.push_back(' ');
        out.append(key.view());
      }
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace habeas::names
