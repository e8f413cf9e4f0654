#include "habeas/names/normalize.h"

#include "common/encoding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstring>
#include <string>

namespace habeas::names {
namespace {

// ---------------------------------------------------------------------------
// UTF-8 decoding (strict: rejects overlongs, surrogates, > U+10FFFF).

constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes one code point at `pos`; advances pos. Returns kInvalidCodePoint for a bad
// sequence, consuming exactly one byte so decoding can resynchronise.
char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = *pos;
  const size_t n = s.size();
  unsigned char b0 = p[i];
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  size_t len;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return kInvalidCodePoint;
  }
  if (i + len > n) {
    *pos = i + 1;
    return kInvalidCodePoint;
  }
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = p[i + k];
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kInvalidCodePoint;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return kInvalidCodePoint;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  habeas::AppendCodePointUtf8(static_cast<uint32_t>(cp), out);
}

// ---------------------------------------------------------------------------
// Character classification.

enum class CharKind : uint8_t {
  kSeparator,  // ends the current token
  kLetter,     // part of a token (letters and digits)
  kMark,       // combining mark: kept in the accented form only
  kJoiner,     // apostrophes and ignorables: dropped without splitting ("O'Brien")
  kDot,        // ends the token and marks a one-letter token as an initial
  kComma,      // ends the token; the first one splits "SURNAMES, GIVEN"
};

// How one code point contributes to the two forms.
struct CharInfo {
  CharKind kind = CharKind::kSeparator;
  bool upper = false;
  bool lower = false;
  bool had_accent = false;
  bool enye = false;
  char32_t accented = 0;          // lowercase code point for the accented form
  char folded[4] = {0, 0, 0, 0};  // ASCII fold ("ss" for ß); empty = use `accented`
};

const icu::Normalizer2* Nfd() {
  static const icu::Normalizer2* nfd = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfd;
}

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* nfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfkc;
}

const icu::Normalizer2* Nfc() {
  static const icu::Normalizer2* nfc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return nfc;
}

// Letters whose folding is not a decomposition.
const char* SpecialFold(char32_t lower) {
  switch (lower) {
    case 0x00DF:
      return "ss";  // ß
    case 0x00E6:
      return "ae";  // æ
    case 0x00F8:
      return "o";  // ø
    case 0x0111:
      return "d";  // đ
    case 0x0127:
      return "h";  // ħ
    case 0x0131:
      return "i";  // ı
    case 0x0142:
      return "l";  // ł
    case 0x0153:
      return "oe";  // œ
    case 0x00FE:
      return "th";  // þ
    case 0x00F0:
      return "d";  // ð
    case 0x0140:
      return "l";  // ŀ
    case 0x0167:
      return "t";  // ŧ
    case 0x014B:
      return "n";  // ŋ
    case 0x0180:
      return "b";  // ƀ
    case 0x01B6:
      return "z";  // ƶ
    case 0x0188:
      return "c";  // ƈ
    case 0x0192:
      return "f";  // ƒ
    case 0x0199:
      return "k";  // ƙ
    case 0x01A5:
      return "p";  // ƥ
    case 0x01AD:
      return "t";  // ƭ
    case 0x0221:
      return "d";
    case 0x0234:
      return "l";
    case 0x0235:
      return "n";
    case 0x0236:
      return "t";
    case 0x0237:
      return "j";  // ȷ
    case 0x023C:
      return "c";
    case 0x0247:
      return "e";
    case 0x0249:
      return "j";
    case 0x024D:
      return "r";
    case 0x024F:
      return "y";
    default:
      return nullptr;
  }
}

// Cyrillic and Greek letters that look like Latin ones (lowercase forms).
char LookAlikeLatin(char32_t lower) {
  switch (lower) {
    case 0x0430:
      return 'a';  // а
    case 0x0435:
      return 'e';  // е
    case 0x043E:
      return 'o';  // о
    case 0x0440:
      return 'p';  // р
    case 0x0441:
      return 'c';  // с
    case 0x0443:
      return 'y';  // у
    case 0x0445:
      return 'x';  // х
    case 0x0456:
      return 'i';  // і
    case 0x0458:
      return 'j';  // ј
    case 0x0455:
      return 's';  // ѕ
    case 0x04CF:
      return 'l';  // ӏ
    case 0x0501:
      return 'd';  // ԁ
    case 0x051B:
      return 'q';  // ԛ
    case 0x051D:
      return 'w';  // ԝ
    case 0x03BF:
      return 'o';  // ο
    case 0x03B1:
      return 'a';  // α
    case 0x03B9:
      return 'i';  // ι
    case 0x03BA:
      return 'k';  // κ
    case 0x03BD:
      return 'v';  // ν
    case 0x03C1:
      return 'p';  // ρ
    case 0x03C4:
      return 't';  // τ
    case 0x03C5:
      return 'u';  // υ
    case 0x03C7:
      return 'x';  // χ
    case 0x03B5:
      return 'e';  // ε
    case 0x03B7:
      return 'n';  // η
    case 0x0432:
      return 'b';  // в (uppercase В looks like B)
    case 0x043D:
      return 'h';  // н (uppercase Н looks like H)
    case 0x043C:
      return 'm';  // м (uppercase М looks like M)
    case 0x0442:
      return 't';  // т (uppercase Т looks like T)
    case 0x043A:
      return 'k';  // к
    case 0x03B2:
      return 'b';  // β
    case 0x03BC:
      return 'm';  // μ (uppercase Μ)
    case 0x03B6:
      return 'z';  // ζ (uppercase Ζ)
    default:
      return 0;
  }
}

// Apostrophes, and the accents people type as a character of their own on keyboards
// without dead keys ("Nu´ñez", "Jose´", "Nun~ez", "Gu¨iria"): they join the letters
// around them instead of splitting the word.
bool IsApostropheLike(char32_t cp) {
  return cp == '\'' || cp == '`' || cp == '~' || cp == '^' || cp == 0x2018 || cp == 0x2019 ||
         cp == 0x201B || cp == 0x02BC || cp == 0x02B9 || cp == 0x00B4 || cp == 0x2032 ||
         cp == 0xFF07 || cp == 0x00A8 || cp == 0x00B8 || cp == 0x02C6 || cp == 0x02DC;
}

// Classifies one code point that needs no compatibility decomposition.
CharInfo ClassifySimple(char32_t cp) {
  CharInfo info;
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') {
      info.kind = CharKind::kLetter;
      info.lower = true;
      info.accented = cp;
      info.folded[0] = c;
    } else if (c >= 'A' && c <= 'Z') {
      info.kind = CharKind::kLetter;
      info.upper = true;
      info.accented = cp + 32;
      info.folded[0] = static_cast<char>(c + 32);
    } else if (c >= '0' && c <= '9') {
      info.kind = CharKind::kLetter;
      info.accented = cp;
      info.folded[0] = c;
    } else if (IsApostropheLike(cp)) {
      info.kind = CharKind::kJoiner;
    } else if (c == '.') {
      info.kind = CharKind::kDot;
    } else if (c == ',') {
      info.kind = CharKind::kComma;
    }
    return info;
  }
  if (IsApostropheLike(cp) || u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
    info.kind = CharKind::kJoiner;
    return info;
  }
  int8_t type = u_charType(cp);
  uint32_t mask = U_MASK(type);
  if (mask & U_GC_M_MASK) {
    info.kind = CharKind::kMark;
    info.accented = cp;
    return info;
  }
  if (!(mask & (U_GC_L_MASK | U_GC_ND_MASK))) {
    if (cp == 0xFF0C || cp == 0x060C || cp == 0x3001 || cp == 0xFE50) info.kind = CharKind::kComma;
    return info;  // separator
  }
  info.kind = CharKind::kLetter;
  info.upper = (mask & (U_GC_LU_MASK | U_GC_LT_MASK)) != 0;
  info.lower = (mask & U_GC_LL_MASK) != 0;
  char32_t lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(cp)));
  info.accented = lower;
  if (lower == 0x00F1) info.enye = true;
  if (lower < 0x80) {  // e.g. İ → i (the dot is dropped like an accent)
    info.folded[0] = static_cast<char>(lower);
    info.had_accent = true;
    return info;
  }
  if (const char* special = SpecialFold(lower)) {
    std::memcpy(info.folded, special, std::strlen(special));
    info.had_accent = true;
    return info;
  }
  const icu::Normalizer2* nfd = Nfd();
  icu::UnicodeString decomposition;
  if (nfd != nullptr && nfd->getDecomposition(static_cast<UChar32>(lower), decomposition)) {
    // Keep the base letters; a decomposition whose base is non-ASCII stays as is.
    std::string base;
    bool ascii = true;
    for (int32_t i = 0; i < decomposition.length();) {
      UChar32 c = decomposition.char32At(i);
      i += U16_LENGTH(c);
      if (U_MASK(u_charType(c)) & U_GC_M_MASK) continue;
      if (c >= 0x80) ascii = false;
      base.push_back(static_cast<char>(c));
    }
    if (ascii && !base.empty() && base.size() <= 3) {
      std::memcpy(info.folded, base.data(), base.size());
      info.had_accent = true;
    }
  }
  return info;
}

// Precomputed classification for U+0000..U+024F (ASCII, Latin-1, Latin Extended-A/B),
// so accented Spanish names never call into ICU per character.
struct LatinTable {
  std::array<CharInfo, 0x250> entries;
  std::array<bool, 0x250> needs_compat;  // NFKC changes it (e.g. ª, ½, ĳ)
  LatinTable() {
    const icu::Normalizer2* nfkc = Nfkc();
    for (char32_t cp = 0; cp < 0x250; ++cp) {
      entries[cp] = ClassifySimple(cp);
      needs_compat[cp] = false;
      if (cp >= 0x80 && nfkc != nullptr) {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString one(static_cast<UChar32>(cp));
        needs_compat[cp] = !nfkc->isNormalized(one, status) && U_SUCCESS(status);
        // NBSP and similar must stay plain separators.
        if (entries[cp].kind == CharKind::kSeparator) needs_compat[cp] = false;
      }
    }
  }
};

const LatinTable& Latin() {
  static const LatinTable table;
  return table;
}

// ---------------------------------------------------------------------------
// Token assembly.

struct PendingChar {
  CharInfo info;
  char32_t look_alike_source = 0;  // non-zero if info.accented is a Cyrillic/Greek look-alike
};

bool IsLatinLetter(const CharInfo& info) {
  return info.kind == CharKind::kLetter && info.accented < 0x250;
}

struct GluedParticle {
  std::string_view prefix;                // folded prefix as written glued
  std::array<std::string_view, 3> parts;  // its words
};

constexpr GluedParticle kGluedParticles[] = {
    {"delos", {"de", "los", ""}}, {"delas", {"de", "las", ""}}, {"dela", {"de", "la", ""}},
    {"del", {"del", "", ""}},     {"de", {"de", "", ""}},
};

// Surname cores commonly glued to their particles in lists ("DELACRUZ", "DELVALLE").
bool IsGluableCore(std::string_view prefix, std::string_view core) {
  static constexpr std::string_view kAfterDeLa[] = {
      "cruz", "rosa",  "torre",   "fuente", "hoz",   "o",      "vega",  "pena",   "paz",
      "luz",  "cerda", "parra",   "calle",  "riva",  "garza",  "serna", "concha", "guardia",
      "mora", "rosa",  "barrera", "rocha",  "plaza", "sierra", "santa", "cueva",  "torres"};
  static constexpr std::string_view kAfterDel[] = {
      "valle", "rio",   "castillo", "pino",   "monte",   "toro", "campo", "carmen",
      "mar",   "pilar", "rosario",  "real",   "villar",  "olmo", "moral", "prado",
      "busto", "pozo",  "corral",   "aguila", "socorro", "nogal"};
  static constexpr std::string_view kAfterDeLos[] = {"santos",  "rios",     "reyes",    "angeles",
                                                     "llanos",  "cobos",    "arcos",    "heros",
                                                     "dolores", "milagros", "remedios", "mozos"};
  static constexpr std::string_view kAfterDeLas[] = {"casas",  "heras",  "mercedes",
                                                     "nieves", "cuevas", "salas"};
  static constexpr std::string_view kAfterDe[] = {
      "armas",    "jesus",   "leon",   "lima",    "sousa", "freitas", "abreu",  "andrade",
      "oliveira", "gouveia", "gracia", "ornelas", "avila", "paula",   "castro", "lucia"};
  auto in = [core](const auto& list) {
    for (std::string_view s : list)
      if (s == core) return true;
    return false;
  };
  if (prefix == "dela") return in(kAfterDeLa);
  if (prefix == "del") return in(kAfterDel);
  if (prefix == "delos") return in(kAfterDeLos);
  if (prefix == "delas") return in(kAfterDeLas);
  if (prefix == "de") return in(kAfterDe);
  return false;
}

// A word after which lists write an alias, not the name ("JOSE PEREZ alias EL GOCHO").
bool IsAliasWord(std::string_view folded) {
  return folded == "alias" || folded == "aka" || folded == "apodo";
}

// Titles written before a name ("Sr. Ángel Díaz", "DÍAZ, DRA. ANA", "Doña María"),
// folded. None is a Spanish given name or surname.
bool IsTitle(std::string_view folded) {
  static constexpr std::string_view kTitles[] = {"sr",  "sra",  "srta", "don",   "dona",
                                                 "dr",  "dra",  "lic",  "licda", "ing",
                                                 "abg", "abog", "prof", "profa", "sgto"};
  for (std::string_view t : kTitles)
    if (folded == t) return true;
  return false;
}

class NameBuilder {
 public:
  static constexpr size_t kMaxNameTokens = 32;
  static constexpr size_t kMaxTokenBytes = 64;

 public:
  // `person_name`: set alias words and titles aside (TextKind::kPersonName).
  NameBuilder(NormalizedName* out, bool person_name) : out_(out), person_name_(person_name) {}

  // Appends a finished token given its folded and accented text. An alias word after
  // the first token ends the name: it and every later token are set aside.
  void EmitToken(std::string_view folded, std::string_view accented, uint8_t flags,
                 bool ended_with_dot) {
    if (folded.empty() || alias_seen_) return;
    if (person_name_ && !out_->tokens.empty() && IsAliasWord(folded)) {
      alias_seen_ = true;
      return;
    }
    if (ended_with_dot && folded.size() == 1) flags |= kTokenInitial;
    if (folded.size() == 1 && IsAsciiLetter(folded[0])) flags |= kTokenInitial;
    if (ended_with_dot) {
      // Common written abbreviations of given names.
      if (folded == "ma") {
        Push("maria", "maría", static_cast<uint8_t>(flags & ~kTokenInitial));
        return;
      }
      if (folded == "fco") {
        Push("francisco", "francisco", flags);
        return;
      }
      if (folded == "gmo") {
        Push("guillermo", "guillermo", flags);
        return;
      }
    }
    // Glued particles: "delacruz" -> "de la cruz".
    const bool may_be_glued = folded.size() > 2 && folded[0] == 'd' && folded[1] == 'e';
    for (const GluedParticle& glued : kGluedParticles) {
      if (!may_be_glued) break;
      if (folded.size() <= glued.prefix.size() ||
          folded.substr(0, glued.prefix.size()) != glued.prefix)
        continue;
      if (accented.substr(0, glued.prefix.size()) != glued.prefix) continue;
      std::string_view core = folded.substr(glued.prefix.size());
      if (!IsGluableCore(glued.prefix, core)) continue;
      uint8_t particle_flags = kTokenFromGluedParticle;
      for (std::string_view part : glued.parts) {
        if (!part.empty()) Push(part, part, particle_flags);
      }
      Push(core, accented.substr(glued.prefix.size()),
           static_cast<uint8_t>((flags & ~kTokenAllCapsInMixedCase) | kTokenFromGluedParticle));
      return;
    }
    Push(folded, accented, flags);
  }

  void MarkComma() {
    if (alias_seen_) return;
    if (out_->tokens_before_comma < 0 && !out_->tokens.empty()) {
      out_->tokens_before_comma = static_cast<int>(out_->tokens.size());
    }
  }

  // Ends the name: for a person's name, sets titles aside; they are decided on tokens
  // alone, so that normalising the folded form again gives the same tokens.
  void Finish() {
    if (person_name_) SetTitlesAside();
    if (out_->tokens_before_comma <= 0 ||
        out_->tokens_before_comma >= static_cast<int>(out_->tokens.size())) {
      out_->tokens_before_comma = -1;
    }
  }

 private:
  // The leading titles, and one right after the comma, when a token follows them.
  void SetTitlesAside() {
    while (out_->tokens.size() >= 2 && IsTitle(out_->Folded(0))) RemoveToken(0);
    const int comma = out_->tokens_before_comma;
    if (comma > 0 && comma + 1 < static_cast<int>(out_->tokens.size()) &&
        IsTitle(out_->Folded(static_cast<size_t>(comma)))) {
      RemoveToken(static_cast<size_t>(comma));
    }
  }

  static bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }

  // Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
  static std::string_view Truncate(std::string_view text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
  }

  void Push(std::string_view folded, std::string_view accented, uint8_t flags) {
    if (out_->tokens.size() >= kMaxNameTokens) return;
    folded = Truncate(folded, kMaxTokenBytes);
    accented = Truncate(accented, 2 * kMaxTokenBytes);
    if (!out_->tokens.empty()) {
      out_->folded.push_back(' ');
      out_->accented.push_back(' ');
    }
    NameTokenSpan span;
    span.folded_begin = static_cast<uint32_t>(out_->folded.size());
    span.folded_size = static_cast<uint32_t>(folded.size());
    span.accented_begin = static_cast<uint32_t>(out_->accented.size());
    span.accented_size = static_cast<uint32_t>(accented.size());
    span.flags = flags;
    out_->folded.append(folded);
    out_->accented.append(accented);
    out_->tokens.push_back(span);
  }

  // Rebuilds the forms without token `index` (a name has at most kMaxNameTokens).
  void RemoveToken(size_t index) {
    NormalizedName before = *out_;
    out_->folded.clear();
    out_->accented.clear();
    out_->tokens.clear();
    for (size_t i = 0; i < before.tokens.size(); ++i) {
      if (i != index) Push(before.Folded(i), before.Accented(i), before.tokens[i].flags);
    }
    if (static_cast<int>(index) < out_->tokens_before_comma) --out_->tokens_before_comma;
  }

  NormalizedName* out_;
  bool person_name_;
  bool alias_seen_ = false;
};

// A capital after this many lowercase letters and before a lowercase one starts a new
// word ("GabrielTorres", "JoséGregorio": two words typed without their space); "McDonald"
// and "jOSE" stay whole.
constexpr int kMinLowerBeforeCapital = 3;

// Whether the word so far is a particle glued to the surname it starts ("DelaCruz",
// "DelosSantos"): the capital after it does not start a word, the glued particle rule
// reads it (step 8 of docs/names.md "Normalisation").
bool IsGluedParticlePrefix(std::string_view folded_so_far) {
  for (const GluedParticle& glued : kGluedParticles) {
    if (folded_so_far == glued.prefix) return true;
  }
  return false;
}

// Fast path: the whole input is ASCII.
void NormalizeAscii(std::string_view raw, NormalizedName* out, TextKind kind) {
  NameBuilder builder(out, kind == TextKind::kPersonName);
  char token[NameBuilder::kMaxTokenBytes];
  size_t size = 0;
  bool token_upper = true;  // all letters uppercase so far
  bool saw_upper = false, saw_lower = false;
  // Tokens are emitted after the scan so the mixed-case flag can be decided;
  // buffer their boundaries in a small array (names rarely exceed 16 tokens).
  struct Pending {
    uint16_t begin, size;
    bool all_upper, dot;
  };
  std::array<Pending, NameBuilder::kMaxNameTokens> pending;
  size_t pending_count = 0;
  thread_local std::string scratch;  // token arena, reused across calls on this thread
  scratch.clear();
  int comma_at = -1;

  auto flush = [&](bool dot) {
    if (size == 0) return;
    if (pending_count == pending.size()) {
      // Extremely long "names": the builder keeps only kMaxNameTokens tokens anyway.
      size = 0;
      return;
    }
    pending[pending_count++] = Pending{static_cast<uint16_t>(scratch.size()),
                                       static_cast<uint16_t>(size), token_upper, dot};
    scratch.append(token, size);
    size = 0;
    token_upper = true;
  };

  // Only in a person's name: other text's folded keys are stored and must not change.
  const bool split_capitals = kind == TextKind::kPersonName;
  int lower_run = 0;  // lowercase letters just before this character
  for (size_t at = 0; at < raw.size(); ++at) {
    unsigned char c = static_cast<unsigned char>(raw[at]);
    const bool lower = c >= 'a' && c <= 'z';
    const int lower_before = lower_run;
    lower_run = lower ? lower_run + 1 : 0;
    if (lower) {
      saw_lower = true;
      token_upper = false;
      if (size < sizeof(token)) token[size++] = static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      saw_upper = true;
      // Two words typed without their space, each with its capital: "GabrielTorres".
      if (split_capitals && lower_before >= kMinLowerBeforeCapital && at + 1 < raw.size() &&
          raw[at + 1] >= 'a' && raw[at + 1] <= 'z' &&
          !IsGluedParticlePrefix(std::string_view(token, size))) {
        flush(false);
      }
      if (size < sizeof(token)) token[size++] = static_cast<char>(c + 32);
    } else if (c >= '0' && c <= '9') {
      if (size < sizeof(token)) token[size++] = static_cast<char>(c);
    } else if (IsApostropheLike(c)) {
      // joiner: "O'Brien" -> "obrien", "Nun~ez" -> "nunez"
    } else if (c == '.') {
      flush(true);
    } else if (c == ',') {
      flush(false);
      if (comma_at < 0 && pending_count > 0) comma_at = static_cast<int>(pending_count);
    } else {
      flush(false);
    }
  }
  flush(false);
  const bool mixed_case = saw_upper && saw_lower;
  const std::string& arena = scratch;
  for (size_t i = 0; i < pending_count; ++i) {
    if (comma_at == static_cast<int>(i)) builder.MarkComma();
    std::string_view text(arena.data() + pending[i].begin, pending[i].size);
    uint8_t flags = 0;
    if (mixed_case && pending[i].all_upper && text.size() >= 2) flags |= kTokenAllCapsInMixedCase;
    builder.EmitToken(text, text, flags, pending[i].dot);
  }
  if (comma_at == static_cast<int>(pending_count)) builder.MarkComma();
  builder.Finish();
}

// A separator before each capital that follows kMinLowerBeforeCapital lowercase
// letters (accent marks between them skipped) and precedes a lowercase letter:
// "JoséGregorio" is two words, as in the ASCII path.
// The letters of chars[begin, end), lowercased, non-ASCII ones as '?' (only compared with
// the glued particles, which are ASCII).
std::string AsciiLettersOf(const std::vector<PendingChar>& chars, size_t begin, size_t end) {
  std::string out;
  for (size_t k = begin; k < end; ++k) {
    const CharInfo& info = chars[k].info;
    if (info.kind == CharKind::kLetter) {
      out.push_back(info.accented < 0x80 ? static_cast<char>(info.accented) : '?');
    }
  }
  return out;
}

void SplitCapitalisedWords(std::vector<PendingChar>* chars) {
  std::vector<PendingChar> out;
  int lower_run = 0;
  size_t word_begin = 0;  // in *chars: where the word being read starts
  for (size_t i = 0; i < chars->size(); ++i) {
    const CharInfo& info = (*chars)[i].info;
    if (info.kind == CharKind::kMark) {
      out.push_back((*chars)[i]);
      continue;
    }
    const bool letter = info.kind == CharKind::kLetter;
    if (letter && info.upper && lower_run >= kMinLowerBeforeCapital && i + 1 < chars->size() &&
        (*chars)[i + 1].info.kind == CharKind::kLetter && (*chars)[i + 1].info.lower &&
        !IsGluedParticlePrefix(AsciiLettersOf(*chars, word_begin, i))) {
      out.push_back(PendingChar{});  // separator
      word_begin = i;
    }
    lower_run = letter && info.lower ? lower_run + 1 : 0;
    if (!letter) word_begin = i + 1;
    out.push_back((*chars)[i]);
  }
  if (out.size() != chars->size()) *chars = std::move(out);
}

// General path: any UTF-8 (invalid bytes become separators).
// What composing one token found: its letters, whether all were capitals, and
// whether it carried an accent (a mark included) or an ñ.
struct TokenFacts {
  size_t letters = 0;
  bool all_upper = true;
  bool had_accent = false;
  bool enye = false;
};

// The folded and accented forms of the token chars[begin, end) (joiners skipped,
// combining marks kept on the accented form and composed by NFC, look-alike letters
// mapped to Latin when `map_look_alikes`); nothing when it has no letter.
TokenFacts ComposeToken(const std::vector<PendingChar>& chars, size_t begin, size_t end,
                        bool any_letter, bool map_look_alikes, std::string* folded_token,
                        std::string* accented_token) {
  TokenFacts facts;
  folded_token->clear();
  accented_token->clear();
  bool had_mark = false;
  for (size_t k = begin; k < end && any_letter; ++k) {
    const PendingChar& pc = chars[k];
    const CharInfo& info = pc.info;
    if (info.kind == CharKind::kJoiner) continue;
    if (info.kind == CharKind::kMark) {
      if (!accented_token->empty()) {
        AppendUtf8(info.accented, accented_token);
        had_mark = true;
        facts.had_accent = true;
      }
      continue;
    }
    ++facts.letters;
    if (info.lower) facts.all_upper = false;
    facts.had_accent |= info.had_accent;
    facts.enye |= info.enye;
    if (pc.look_alike_source != 0 && map_look_alikes) {
      char latin_letter = LookAlikeLatin(pc.look_alike_source);
      folded_token->push_back(latin_letter);
      accented_token->push_back(latin_letter);
      continue;
    }
    if (info.folded[0] != 0) {
      folded_token->append(info.folded);
    } else {
      AppendUtf8(info.accented, folded_token);
    }
    AppendUtf8(info.accented, accented_token);
  }
  if (had_mark && Nfc() != nullptr) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(*accented_token);
    icu::UnicodeString composed = Nfc()->normalize(u, status);
    if (U_SUCCESS(status)) {
      accented_token->clear();
      composed.toUTF8String(*accented_token);
    }
    // "n" + combining tilde is an ñ as well.
    if (accented_token->find("\xC3\xB1") != std::string::npos) facts.enye = true;
  }
  return facts;
}

void NormalizeUnicode(std::string_view raw, NormalizedName* out, TextKind kind) {
  const LatinTable& latin = Latin();
  const icu::Normalizer2* nfkc = Nfkc();

  // 1. Decode, expand compatibility characters, classify.
  thread_local std::vector<PendingChar> chars;  // reused across calls on this thread
  chars.clear();
  bool saw_upper = false, saw_lower = false, saw_latin = false;
  auto add = [&](char32_t cp, auto& self, int depth) -> void {
    // Joiners before NFKC, whose form of "´" or "˜" is a space and a combining accent.
    if (cp < 0x250 ? latin.entries[cp].kind == CharKind::kJoiner : IsApostropheLike(cp)) {
      chars.push_back(PendingChar{cp < 0x250 ? latin.entries[cp] : ClassifySimple(cp), 0});
      return;
    }
    if (cp < 0x250 && !latin.needs_compat[cp]) {
      chars.push_back(PendingChar{latin.entries[cp], 0});
    } else {
      if (nfkc != nullptr && depth == 0) {
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString one(static_cast<UChar32>(cp));
        icu::UnicodeString expanded = nfkc->normalize(one, status);
        if (U_SUCCESS(status) && expanded != one) {
          for (int32_t i = 0; i < expanded.length();) {
            UChar32 c = expanded.char32At(i);
            i += U16_LENGTH(c);
            self(static_cast<char32_t>(c), self, depth + 1);
          }
          return;
        }
      }
      if (cp < 0x250) {
        chars.push_back(PendingChar{latin.entries[cp], 0});
      } else {
        PendingChar pending{ClassifySimple(cp), 0};
        if (char latin_letter = LookAlikeLatin(pending.info.accented);
            latin_letter != 0 && pending.info.kind == CharKind::kLetter) {
          pending.look_alike_source = pending.info.accented;
        }
        chars.push_back(pending);
      }
    }
    const CharInfo& info = chars.back().info;
    saw_upper |= info.upper;
    saw_lower |= info.lower;
    saw_latin |= IsLatinLetter(info);
  };
  for (size_t pos = 0; pos < raw.size();) {
    char32_t cp = DecodeUtf8(raw, &pos);
    if (cp == kInvalidCodePoint) {
      out->had_invalid_utf8 = true;
      chars.push_back(PendingChar{});  // separator
      continue;
    }
    add(cp, add, 0);
  }
  const bool mixed_case = saw_upper && saw_lower;
  // Only in a person's name: other text's folded keys are stored and must not change.
  if (mixed_case && kind == TextKind::kPersonName) SplitCapitalisedWords(&chars);

  // 2. Walk tokens.
  NameBuilder builder(out, kind == TextKind::kPersonName);
  std::string folded_token, accented_token;
  size_t begin = 0;
  for (size_t i = 0; i <= chars.size(); ++i) {
    CharKind kind = i < chars.size() ? chars[i].info.kind : CharKind::kSeparator;
    if (kind == CharKind::kLetter || kind == CharKind::kMark || kind == CharKind::kJoiner) continue;
    // chars[begin, i) is one token (possibly with joiners/marks only).
    bool has_latin = false, all_look_alike = true, any_letter = false;
    for (size_t k = begin; k < i; ++k) {
      const PendingChar& pc = chars[k];
      if (pc.info.kind != CharKind::kLetter) continue;
      any_letter = true;
      has_latin |= IsLatinLetter(pc.info);
      if (pc.look_alike_source == 0 && !IsLatinLetter(pc.info)) all_look_alike = false;
    }
    const bool map_look_alikes = has_latin || (all_look_alike && saw_latin);
    const TokenFacts facts =
        ComposeToken(chars, begin, i, any_letter, map_look_alikes, &folded_token, &accented_token);
    if (!folded_token.empty()) {
      uint8_t flags = 0;
      if (mixed_case && facts.all_upper && facts.letters >= 2) flags |= kTokenAllCapsInMixedCase;
      if (facts.had_accent) flags |= kTokenHadAccent;
      if (facts.enye) flags |= kTokenHadEnye;
      builder.EmitToken(folded_token, accented_token, flags, kind == CharKind::kDot);
    }
    if (kind == CharKind::kComma) builder.MarkComma();
    begin = i + 1;
  }
  builder.Finish();
}

// ---------------------------------------------------------------------------
// Asides in brackets: what lists write beside a name that is not part of it.

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// "a.k.a." starting a word at text[i].
bool IsDottedAka(std::string_view text, size_t i) {
  return text.size() - i >= 6 && (i == 0 || !IsAsciiAlnum(text[i - 1])) &&
         AsciiLower(text[i]) == 'a' && text[i + 1] == '.' && AsciiLower(text[i + 2]) == 'k' &&
         text[i + 3] == '.' && AsciiLower(text[i + 4]) == 'a' && text[i + 5] == '.';
}

// The text of a bracket that says an alias follows it: "(a)", "(alias)", "( A. )".
bool IsAliasMarkerInBrackets(std::string_view inside) {
  std::string squeezed;
  for (char c : inside) {
    if (c != '.' && c != ' ') squeezed.push_back(AsciiLower(c));
  }
  return squeezed == "a" || squeezed == "alias" || squeezed == "aka" || squeezed == "apodo";
}

// `raw` without what brackets hold ("(hermano)", "[sic]"), in `buffer`; an alias marker
// in brackets ("(a) EL GOCHO") or "a.k.a." ends the name there. Brackets and dots
// vanish from the normalised forms, so this keeps normalisation idempotent; alias
// words and titles are set aside on tokens (NameBuilder). A name that would keep no
// letter is returned as it is.
std::string_view WithoutBracketedAsides(std::string_view raw, std::string* buffer) {
  size_t first = 0;
  while (first < raw.size() && raw[first] != '(' && raw[first] != '[' && raw[first] != '{' &&
         !IsDottedAka(raw, first)) {
    ++first;
  }
  if (first == raw.size()) return raw;
  std::string& out = *buffer;
  out.assign(raw.substr(0, first));
  for (size_t i = first; i < raw.size();) {
    const char c = raw[i];
    if (IsDottedAka(raw, i)) break;
    if (c != '(' && c != '[' && c != '{') {
      out.push_back(c);
      ++i;
      continue;
    }
    const char close = c == '(' ? ')' : c == '[' ? ']' : '}';
    const size_t end = raw.find(close, i + 1);
    const size_t inside_end = end == std::string_view::npos ? raw.size() : end;
    if (IsAliasMarkerInBrackets(raw.substr(i + 1, inside_end - i - 1))) break;
    out.push_back(' ');
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  for (char c : out) {
    if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) return out;
  }
  return raw;
}

bool IsAllAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

void NormalizedName::Clear() {
  folded.clear();
  accented.clear();
  tokens.clear();
  tokens_before_comma = -1;
  had_invalid_utf8 = false;
}

void NormalizeNameInto(std::string_view raw, NormalizedName* out, TextKind kind) {
  out->Clear();
  thread_local std::string without_asides;  // reused across calls on this thread
  if (kind == TextKind::kPersonName) raw = WithoutBracketedAsides(raw, &without_asides);
  if (IsAllAscii(raw)) {
    NormalizeAscii(raw, out, kind);
  } else {
    NormalizeUnicode(raw, out, kind);
  }
}

NormalizedName NormalizeName(std::string_view raw, TextKind kind) {
  NormalizedName out;
  NormalizeNameInto(raw, &out, kind);
  return out;
}

Result<NormalizedName> NormalizeNameStrict(std::string_view raw) {
  for (size_t pos = 0; pos < raw.size();) {
    size_t at = pos;
    if (DecodeUtf8(raw, &pos) == kInvalidCodePoint) {
      return InvalidInput("name is not valid UTF-8 at byte " + std::to_string(at) +
                          " (re-export the list as UTF-8)");
    }
  }
  return NormalizeName(raw);
}

std::string FoldName(std::string_view raw, TextKind kind) {
  return NormalizeName(raw, kind).folded;
}

bool IsNameParticle(std::string_view t) {
  switch (t.size()) {
    case 2:
      return t == "de" || t == "la" || t == "da" || t == "do" || t == "di" || t == "du";
    case 3:
      return t == "del" || t == "las" || t == "los" || t == "das" || t == "dos" || t == "van" ||
             t == "von" || t == "der" || t == "den";
    default:
      return false;
  }
}

namespace {

// Letters of one token: its code points as written (accented form), digits left out.
int LettersOfToken(std::string_view accented) {
  int letters = 0;
  for (const char ch : accented) {
    const unsigned char c = static_cast<unsigned char>(ch);
    letters += (c & 0xC0) != 0x80 && !(c >= '0' && c <= '9');  // a UTF-8 sequence once
  }
  return letters;
}

}  // namespace

int CountWrittenWords(const NormalizedName& name, int min_letters) {
  int words = 0;
  int glued_letters = 0;  // letters of the glued word being read ("de" "la" of "delacruz")
  for (size_t i = 0; i < name.tokens.size(); ++i) {
    const int letters = LettersOfToken(name.Accented(i));
    if (!name.tokens[i].Has(kTokenFromGluedParticle)) {
      words += letters >= min_letters;
      continue;
    }
    glued_letters += letters;
    if (IsNameParticle(name.Folded(i))) continue;  // the core, after its particles, ends it
    words += glued_letters >= min_letters;
    glued_letters = 0;
  }
  return words;
}

bool IsValidUtf8(std::string_view text) { return habeas::IsValidUtf8(text); }

}  // namespace habeas::names
