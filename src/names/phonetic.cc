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

// The letter at `k` of `t`, or '\0' past its end.
char LetterAt(std::string_view t, size_t k) { return k < t.size() ? t[k] : '\0'; }

// The sound of a letter whatever its neighbours (b = v, z = s, ...); '\0' for a
// letter whose sound depends on them, or none (h).
char PlainSound(char c) {
  switch (c) {
    case 'a':
      return 'A';
    case 'e':
      return 'E';
    case 'i':
      return 'I';
    case 'o':
      return 'O';
    case 'u':
      return 'U';
    case 'b':
    case 'v':
      return 'B';
    case 'k':
      return 'K';
    case 'z':
      return 'S';
    case 'j':
      return 'J';
    case 'm':
      return 'M';
    case 'r':
      return 'R';
    case 'd':
      return 'D';
    case 'f':
      return 'F';
    default:
      return '\0';
  }
}

// c: ch = X, before e/i = S, ck/cq (and cqu before e/i) = K, otherwise K.
size_t EmitSoundOfC(std::string_view t, size_t i, PhoneticKey* key) {
  const char next = LetterAt(t, i + 1);
  if (next == 'h') {
    Emit(key, 'X');
    return 1;
  }
  if (IsFrontVowel(next)) {
    Emit(key, 'S');
    return 0;
  }
  Emit(key, 'K');  // also cc before e/i (Occidente: k + s, the second c is read next)
  if (next != 'k' && next != 'q') return 0;
  const size_t j = i + 1;
  const bool silent_u =
      LetterAt(t, j) == 'q' && LetterAt(t, j + 1) == 'u' && IsFrontVowel(LetterAt(t, j + 2));
  return silent_u ? 2 : 1;
}

// s: sh = X (Shirley = Chirley), sc before e/i = S (Escenia = Esenia), otherwise S.
size_t EmitSoundOfS(std::string_view t, size_t i, PhoneticKey* key) {
  const char next = LetterAt(t, i + 1);
  if (next == 'h') {
    Emit(key, 'X');
    return 1;
  }
  Emit(key, 'S');
  return next == 'c' && IsFrontVowel(LetterAt(t, i + 2)) ? 1 : 0;
}

// g: before e/i = J; gu before e/i = G, silent u (Guillermo); gu before a/o = W
// (Gualter = Walter); gh = G; otherwise G.
size_t EmitSoundOfG(std::string_view t, size_t i, PhoneticKey* key) {
  const char next = LetterAt(t, i + 1);
  const char after = LetterAt(t, i + 2);
  if (IsFrontVowel(next)) {
    Emit(key, 'J');
    return 0;
  }
  if (next == 'u' && IsFrontVowel(after)) {
    Emit(key, 'G');
    return 1;
  }
  if (next == 'u' && (after == 'a' || after == 'o')) {
    Emit(key, 'W');
    return 1;
  }
  Emit(key, 'G');
  return next == 'h' ? 1 : 0;
}

// Letters whose sound depends on the next one or two: y, q, x, p, t, w, l, n (c, s
// and g have their own functions above).
size_t EmitContextSound(std::string_view t, size_t i, PhoneticKey* key) {
  const char next = LetterAt(t, i + 1);
  switch (t[i]) {
    case 'y':
      // Consonant before a vowel (Yorbis, Mayela), vowel otherwise (Ysabel, Nelly).
      Emit(key, IsVowel(next) ? 'Y' : 'I');
      return 0;
    case 'q':
      Emit(key, 'K');
      return next == 'u' ? 1 : 0;  // que, qui: silent u
    case 'x':
      Emit(key, 'K');
      Emit(key, 'S');
      return 0;
    case 'p':
      Emit(key, next == 'h' ? 'F' : 'P');
      return next == 'h' ? 1 : 0;
    case 't':
      Emit(key, 'T');
      return next == 'h' ? 1 : 0;  // Lisbeth = Lisbet
    case 'w':
      Emit(key, 'W');
      return next == 'u' && IsVowel(LetterAt(t, i + 2)) ? 1 : 0;  // Wuilmer = Wilmer
    case 'l':
      Emit(key, next == 'l' ? 'Y' : 'L');  // ll = y
      return next == 'l' ? 1 : 0;
    case 'n':
      Emit(key, 'N');
      // ñ written as ni/ny: Muñoz = Munioz, Nuñez = Nuniez (only between vowels).
      return (next == 'i' || next == 'y') && i > 0 && IsVowel(t[i - 1]) &&
                     IsVowel(LetterAt(t, i + 2))
                 ? 1
                 : 0;
    default:
      return 0;  // h is silent; anything else has no sound
  }
}

// Emits the sound of the letter at `i` (with what follows it: ch, qu, gu, ll, ...);
// returns how many letters after it the sound took as well.
size_t EmitLetterSound(std::string_view t, size_t i, PhoneticKey* key) {
  if (const char plain = PlainSound(t[i])) {
    Emit(key, plain);
    return 0;
  }
  switch (t[i]) {
    case 'c':
      return EmitSoundOfC(t, i, key);
    case 's':
      return EmitSoundOfS(t, i, key);
    case 'g':
      return EmitSoundOfG(t, i, key);
    default:
      return EmitContextSound(t, i, key);
  }
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
