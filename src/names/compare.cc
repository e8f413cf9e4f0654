#include "habeas/names/compare.h"

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

#include "habeas/names/normalize.h"
#include "habeas/names/similarity.h"
#include "names/words.h"

namespace habeas::names {

void SetNicknameGroups(PreparedWord* word) {
  word->nickname_groups = NicknameTable::Builtin().GroupsOf(word->folded);
}

namespace {

constexpr double kFuzzyHighThreshold = 0.92;
constexpr double kFuzzyLowThreshold = 0.80;

// Finds the accented form of `word` among the tokens of `normalized` not used yet.
class AccentedLookup {
 public:
  explicit AccentedLookup(const NormalizedName* normalized)
      : normalized_(normalized), used_(normalized ? normalized->tokens.size() : 0, false) {}

  std::string_view Find(std::string_view folded) {
    if (normalized_ == nullptr) return folded;
    for (size_t i = 0; i < used_.size(); ++i) {
      if (!used_[i] && normalized_->Folded(i) == folded) {
        used_[i] = true;
        return normalized_->Accented(i);
      }
    }
    return folded;
  }

 private:
  const NormalizedName* normalized_;
  std::vector<bool> used_;
};

PreparedWord MakeWord(std::string_view folded, std::string accented, std::string particles) {
  PreparedWord word;
  word.folded.assign(folded);
  word.accented = std::move(accented);
  word.particles = std::move(particles);
  word.key = PhoneticKeyEs(folded);
  word.initial = folded.size() == 1;
  SetNicknameGroups(&word);
  return word;
}

PreparedWord PrepareSurname(std::string_view surname, AccentedLookup* lookup) {
  if (surname.empty()) return {};
  std::string particles;
  std::string core_folded, core_accented;
  const std::string_view particle_text = SurnameParticles(surname);
  ForEachWord(surname, [&](std::string_view w) {
    std::string_view accented = lookup->Find(w);
    if (core_folded.empty() && particles.size() < particle_text.size() && IsNameParticle(w)) {
      if (!particles.empty()) particles.push_back(' ');
      particles.append(w);
      return;
    }
    if (!core_folded.empty()) {
      core_folded.push_back(' ');
      core_accented.push_back(' ');
    }
    core_folded.append(w);
    core_accented.append(accented);
  });
  return MakeWord(core_folded, std::move(core_accented), std::move(particles));
}

PreparedName Prepare(const ParsedName& name, const NormalizedName* normalized) {
  PreparedName prepared;
  AccentedLookup lookup(normalized);
  for (const std::string& given : name.given_names) {
    ForEachWord(given, [&](std::string_view w) {
      std::string accented(lookup.Find(w));
      if (IsNameParticle(w)) return;
      prepared.given.push_back(MakeWord(w, std::move(accented), ""));
    });
  }
  prepared.given_joined = name.GivenNamesJoined();
  prepared.surname1 = PrepareSurname(name.surname1, &lookup);
  prepared.surname2 = PrepareSurname(name.surname2, &lookup);
  return prepared;
}

// Shortest phonetic key on which one edit between keys still says "the same word typed
// by ear": below it, short names one letter apart are different names (Luis / Luz,
// Ana / Ada) — the Jaro–Winkler tests above already judge those.
constexpr size_t kKeyOneEditMinSize = 5;

// Keys that differ only in an initial J against an initial Y.
bool InitialJOrYAlike(const PhoneticKey& a, const PhoneticKey& b) {
  const std::string_view x = a.view(), y = b.view();
  if (x.size() != y.size() || x.size() < 2 || x.substr(1) != y.substr(1)) return false;
  auto jy = [](char c) { return c == 'J' || c == 'Y'; };
  return jy(x[0]) && jy(y[0]);
}

// Whether two words' phonetic keys are at most one edit apart (and long enough to tell).
// Only "at most one" is asked, so the distance is never computed further (a banded
// two-edit matrix cost 4% of a link's instructions for an answer nobody read).
bool KeysOneEditApart(const PhoneticKey& a, const PhoneticKey& b) {
  if (std::min(a.size(), b.size()) < kKeyOneEditMinSize) return false;
  return DamerauLevenshteinCapped(a.view(), b.view(), 1) <= 1;
}

NameAgreement ToNameAgreement(TokenAgreement t) {
  switch (t) {
    case TokenAgreement::kExact:
      return NameAgreement::kExact;
    case TokenAgreement::kExactFolded:
      return NameAgreement::kExactFolded;
    case TokenAgreement::kPhonetic:
      return NameAgreement::kPhonetic;
    case TokenAgreement::kNickname:
      return NameAgreement::kNickname;
    case TokenAgreement::kFuzzyHigh:
      return NameAgreement::kFuzzyHigh;
    case TokenAgreement::kInitial:
      return NameAgreement::kInitials;
    case TokenAgreement::kFuzzyLow:
      return NameAgreement::kFuzzyLow;
    case TokenAgreement::kDisagree:
      return NameAgreement::kDisagree;
    case TokenAgreement::kMissing:
      return NameAgreement::kMissing;
  }
  return NameAgreement::kDisagree;
}

// Agreement good enough to count as "the same word" for structural decisions.
bool IsGood(TokenAgreement t) {
  return t <= TokenAgreement::kFuzzyHigh || t == TokenAgreement::kInitial;
}

NameAgreement Weaker(NameAgreement a, NameAgreement b) { return std::max(a, b); }
TokenAgreement Weaker(TokenAgreement a, TokenAgreement b) { return std::max(a, b); }

double WordScore(TokenAgreement level, const PreparedWord& a, const PreparedWord& b) {
  switch (level) {
    case TokenAgreement::kExact:
      return 1.0;
    case TokenAgreement::kExactFolded:
      return 0.99;
    case TokenAgreement::kPhonetic:
      return 0.95;
    case TokenAgreement::kNickname:
      return 0.9;
    case TokenAgreement::kInitial:
      return 0.7;
    case TokenAgreement::kMissing:
      return 0.0;
    default:
      return JaroWinkler(a.folded, b.folded);
  }
}

// Matches each word of `shorter` to a distinct word of `longer` (best level first,
// earliest position on ties). Returns the weakest matched level and the mean score.
struct WordMatch {
  TokenAgreement weakest = TokenAgreement::kExact;
  double score_sum = 0.0;
  bool reordered = false;
  bool used_nickname = false;
  bool used_initial = false;
  int agreeing = 0;  // words matched at fuzzy_high or better (not by an initial)
};

// Venezuelan given names are spelt with an initial J or Y alike ("Yorman" / "Jorman",
// "Yonathan" / "Jonathan"), and lists typed by ear write "Yose" for José; blocking
// already reads them as one letter (link::GivenKeyHash). Surnames are not: J and Y are
// different sounds in Spanish ("Jara", "Yara").
TokenAgreement CompareGivenWords(const PreparedWord& a, const PreparedWord& b,
                                 const NicknameTable& nicknames) {
  const TokenAgreement t = CompareWords(a, b, nicknames);
  if (t >= TokenAgreement::kFuzzyHigh && !a.initial && !b.initial &&
      InitialJOrYAlike(a.key, b.key)) {
    return TokenAgreement::kPhonetic;
  }
  return t;
}

// Which words MatchWords compares: given names (CompareGivenWords) or words of any field
// (CompareWords).
enum class WordsMatched { kGivenNames, kAnyField };

WordMatch MatchWords(std::span<const PreparedWord* const> shorter,
                     std::span<const PreparedWord* const> longer, const NicknameTable& nicknames,
                     WordsMatched words) {
  WordMatch match;
  uint64_t used = 0;
  int last_index = -1;
  for (const PreparedWord* word : shorter) {
    TokenAgreement best = TokenAgreement::kMissing;
    size_t best_index = 0;
    for (size_t j = 0; j < longer.size() && j < 64; ++j) {
      if (used & (uint64_t{1} << j)) continue;
      const TokenAgreement level = words == WordsMatched::kGivenNames
                                       ? CompareGivenWords(*word, *longer[j], nicknames)
                                       : CompareWords(*word, *longer[j], nicknames);
      if (level < best) {
        best = level;
        best_index = j;
        if (level == TokenAgreement::kExact) break;
      }
    }
    if (best == TokenAgreement::kMissing) {
      match.weakest = TokenAgreement::kDisagree;
      continue;
    }
    used |= uint64_t{1} << best_index;
    if (static_cast<int>(best_index) < last_index) match.reordered = true;
    last_index = static_cast<int>(best_index);
    match.weakest = Weaker(match.weakest, best);
    match.score_sum += WordScore(best, *word, *longer[best_index]);
    match.used_nickname |= best == TokenAgreement::kNickname;
    match.used_initial |= best == TokenAgreement::kInitial;
    if (best <= TokenAgreement::kFuzzyHigh) ++match.agreeing;
  }
  return match;
}

// Canonical argument order, so every step below may be asymmetric without breaking
// the symmetry of the result.
bool ShouldSwap(const PreparedName& a, const PreparedName& b) {
  auto key = [](const PreparedName& n) {
    return std::tie(n.given_joined, n.surname1.particles, n.surname1.folded, n.surname2.particles,
                    n.surname2.folded);
  };
  if (key(a) != key(b)) return key(b) < key(a);
  auto accented = [](const PreparedName& n) {
    return std::tie(n.surname1.accented, n.surname2.accented);
  };
  if (accented(a) != accented(b)) return accented(b) < accented(a);
  for (size_t i = 0; i < std::min(a.given.size(), b.given.size()); ++i) {
    if (a.given[i].accented != b.given[i].accented)
      return b.given[i].accented < a.given[i].accented;
  }
  return false;
}

// Every word of a name: given words, then surname cores.
size_t AllWords(const PreparedName& n, std::array<const PreparedWord*, 16>* out) {
  size_t count = 0;
  for (const PreparedWord& w : n.given)
    if (count < out->size()) (*out)[count++] = &w;
  for (const PreparedWord* w : {&n.surname1, &n.surname2})
    if (!w->empty() && count < out->size()) (*out)[count++] = w;
  return count;
}

}  // namespace

std::string_view NameAgreementName(NameAgreement level) {
  switch (level) {
    case NameAgreement::kExact:
      return "exact";
    case NameAgreement::kExactFolded:
      return "exact_folded";
    case NameAgreement::kPhonetic:
      return "phonetic";
    case NameAgreement::kNickname:
      return "nickname";
    case NameAgreement::kFuzzyHigh:
      return "fuzzy_high";
    case NameAgreement::kSwapped:
      return "swapped";
    case NameAgreement::kPartial:
      return "partial";
    case NameAgreement::kInitials:
      return "initials";
    case NameAgreement::kFuzzyLow:
      return "fuzzy_low";
    case NameAgreement::kDisagree:
      return "disagree";
    case NameAgreement::kMissing:
      return "missing";
  }
  return "unknown";
}

bool ParseNameAgreement(std::string_view name, NameAgreement* level) {
  for (int i = 0; i < kNameAgreementLevels; ++i) {
    const auto candidate = static_cast<NameAgreement>(i);
    if (NameAgreementName(candidate) == name) {
      *level = candidate;
      return true;
    }
  }
  return false;
}

std::string_view TokenAgreementName(TokenAgreement level) {
  switch (level) {
    case TokenAgreement::kExact:
      return "exact";
    case TokenAgreement::kExactFolded:
      return "exact_folded";
    case TokenAgreement::kPhonetic:
      return "phonetic";
    case TokenAgreement::kNickname:
      return "nickname";
    case TokenAgreement::kFuzzyHigh:
      return "fuzzy_high";
    case TokenAgreement::kInitial:
      return "initial";
    case TokenAgreement::kFuzzyLow:
      return "fuzzy_low";
    case TokenAgreement::kDisagree:
      return "disagree";
    case TokenAgreement::kMissing:
      return "missing";
  }
  return "unknown";
}

PreparedName PrepareName(const NameParse& parse, size_t alternative) {
  if (alternative >= parse.alternatives.size()) return {};
  return Prepare(parse.alternatives[alternative], &parse.normalized);
}

PreparedName PrepareName(const ParsedName& name) { return Prepare(name, nullptr); }

namespace {

// `a` and `b` differ only by two neighbouring letters swapped.
bool IsOneTransposition(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i + 1 >= a.size() || a[i] != b[i + 1] || a[i + 1] != b[i]) return false;
  return a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

TokenAgreement CompareWords(const PreparedWord& a, const PreparedWord& b,
                            const NicknameTable& nicknames) {
  if (a.empty() || b.empty()) return TokenAgreement::kMissing;
  if (a.folded == b.folded) {
    return a.accented == b.accented && a.particles == b.particles ? TokenAgreement::kExact
                                                                  : TokenAgreement::kExactFolded;
  }
  if (a.initial || b.initial) {
    return a.folded[0] == b.folded[0] ? TokenAgreement::kInitial : TokenAgreement::kDisagree;
  }
  if (!a.key.empty() && a.key == b.key) return TokenAgreement::kPhonetic;
  const bool nickname = &nicknames == &NicknameTable::Builtin()
                            ? NicknameTable::ShareAGroup(a.nickname_groups, b.nickname_groups)
                            : nicknames.AreEquivalent(a.folded, b.folded);
  if (nickname) return TokenAgreement::kNickname;
  // jw is only compared with the two thresholds below, so a bound under both decides.
  const double jw = JaroWinklerUpperBound(a.folded, b.folded) < kFuzzyLowThreshold
                        ? 0.0
                        : JaroWinkler(a.folded, b.folded);
  if (jw >= kFuzzyHighThreshold) return TokenAgreement::kFuzzyHigh;
  if (std::min(a.folded.size(), b.folded.size()) >= 5 &&
      DamerauLevenshteinCapped(a.folded, b.folded, 1) <= 1) {
    return TokenAgreement::kFuzzyHigh;
  }
  // Two neighbouring letters typed in the wrong order ("ossa" for Sosa, "jaun" for
  // Juan): a slip of the hand even in a short word, where one other edit is not.
  if (a.folded.size() >= 4 && IsOneTransposition(a.folded, b.folded)) {
    return TokenAgreement::kFuzzyHigh;
  }
  // Strangers type a name by ear: a sound-alike and a typo in the same word
  // ("gonslaes" for González: seseo plus a transposition; "rordigues" for Rodríguez).
  // The phonetic keys fold every Spanish sound-alike, so what is left is the typo.
  if (KeysOneEditApart(a.key, b.key)) return TokenAgreement::kFuzzyHigh;
  if (jw >= kFuzzyLowThreshold) return TokenAgreement::kFuzzyLow;
  return TokenAgreement::kDisagree;
}

namespace {

namespace {

// The running name score: weighted word scores and their weights.
struct ScoreSum {
  double weighted = 0.0;
  double weights = 0.0;
};

// Letters this long or more may differ by one edit and still be read as the same words
// written without their space ("josegregorio" / "jose gregorio", "josegreogrio").
constexpr size_t kGluedFuzzyMinLetters = 8;

// How a word agrees with two or more words written without their space: exact_folded
// when the letters are the same, fuzzy_high one edit apart, else missing. Initials are
// never glued.
TokenAgreement GluedAgreement(const PreparedWord& glued,
                              std::span<const PreparedWord* const> words) {
  if (glued.initial || words.size() < 2) return TokenAgreement::kMissing;
  size_t letters = 0;
  for (const PreparedWord* w : words) {
    if (w->initial || w->empty()) return TokenAgreement::kMissing;
    letters += w->folded.size();
  }
  // A length check first: most word pairs are nowhere near.
  if (letters + 1 < glued.folded.size() || glued.folded.size() + 1 < letters) {
    return TokenAgreement::kMissing;
  }
  std::string joined;
  joined.reserve(letters);
  for (const PreparedWord* w : words) joined += w->folded;
  if (joined == glued.folded) return TokenAgreement::kExactFolded;
  if (std::min(joined.size(), glued.folded.size()) >= kGluedFuzzyMinLetters &&
      DamerauLevenshteinCapped(joined, glued.folded, 1) <= 1) {
    return TokenAgreement::kFuzzyHigh;
  }
  return TokenAgreement::kMissing;
}

// Given names where one side wrote its given names as one word: the shorter side's only
// word against the longer side's first two or more words. Sets `*dropped` when the
// longer side has words beyond those glued ("Josegregorio" / "José Gregorio Antonio").
TokenAgreement GluedGivenNames(std::span<const PreparedWord* const> shorter,
                               std::span<const PreparedWord* const> longer, bool* dropped) {
  if (shorter.size() != 1) return TokenAgreement::kMissing;
  for (size_t k = longer.size(); k >= 2; --k) {
    const TokenAgreement t = GluedAgreement(*shorter[0], longer.first(k));
    if (t != TokenAgreement::kMissing) {
      *dropped = k < longer.size();
      return t;
    }
  }
  return TokenAgreement::kMissing;
}

// Given names: matched word to word (the shorter list against the longer), or the
// whole given names as one nickname ("maye" ~ "maria eugenia").
void CompareGivenNames(const PreparedName& a, const PreparedName& b, const NicknameTable& nicknames,
                       NameComparison* result, ScoreSum* sum) {
  std::array<const PreparedWord*, 16> wa{}, wb{};
  size_t na = 0, nb = 0;
  for (const PreparedWord& w : a.given)
    if (na < wa.size()) wa[na++] = &w;
  for (const PreparedWord& w : b.given)
    if (nb < wb.size()) wb[nb++] = &w;
  const bool a_shorter = na <= nb;
  std::span<const PreparedWord* const> shorter(a_shorter ? wa.data() : wb.data(),
                                               a_shorter ? na : nb);
  std::span<const PreparedWord* const> longer(a_shorter ? wb.data() : wa.data(),
                                              a_shorter ? nb : na);
  WordMatch match = MatchWords(shorter, longer, nicknames, WordsMatched::kGivenNames);
  TokenAgreement level = match.weakest;
  double score = match.score_sum / static_cast<double>(shorter.size());
  bool dropped = na != nb;
  if (level >= TokenAgreement::kFuzzyLow &&
      nicknames.AreEquivalent(a.given_joined, b.given_joined)) {
    // "maye" ~ "maria eugenia", "chema" ~ "jose maria".
    level = TokenAgreement::kNickname;
    score = 0.9;
    dropped = false;
    match = WordMatch{};
    match.used_nickname = true;
  }
  if (level > TokenAgreement::kFuzzyHigh && level != TokenAgreement::kInitial) {
    bool glued_dropped = false;
    const TokenAgreement glued = GluedGivenNames(shorter, longer, &glued_dropped);
    if (glued != TokenAgreement::kMissing) {
      level = glued;
      score = glued == TokenAgreement::kExactFolded ? 0.99 : 0.95;
      dropped = glued_dropped;
      match = WordMatch{};
      result->reasons |= kReasonWordsGlued;
    }
  }
  result->given = level;
  if (level >= TokenAgreement::kFuzzyLow && match.agreeing > 0) {
    result->reasons |= kReasonGivenPartlyAgrees;
  }
  if (dropped) {
    result->reasons |= kReasonGivenDropped;
    score *= 0.95;
  }
  if (match.reordered) result->reasons |= kReasonGivenReordered;
  if (match.used_nickname) result->reasons |= kReasonNicknameUsed;
  if (match.used_initial) result->reasons |= kReasonInitialsUsed;
  sum->weighted += 0.5 * score;
  sum->weights += 0.5;
}

// Surnames: paternal with paternal and maternal with maternal, else crossed (a full
// swap), a dropped maternal or paternal surname, or a maternal conflict.
void CompareSurnames(const PreparedName& a, const PreparedName& b, const NicknameTable& nicknames,
                     NameComparison* result, ScoreSum* sum) {
  const TokenAgreement s11 = CompareWords(a.surname1, b.surname1, nicknames);
  const bool a2 = !a.surname2.empty(), b2 = !b.surname2.empty();
  TokenAgreement s1 = s11, s2 = TokenAgreement::kMissing;
  const PreparedWord* s1a = &a.surname1;
  const PreparedWord* s1b = &b.surname1;
  const PreparedWord* s2a = a2 ? &a.surname2 : nullptr;
  const PreparedWord* s2b = b2 ? &b.surname2 : nullptr;
  if (a2 && b2) {
    const TokenAgreement s22 = CompareWords(a.surname2, b.surname2, nicknames);
    s2 = s22;
    if (!(IsGood(s11) && IsGood(s22))) {
      const TokenAgreement s12 = CompareWords(a.surname1, b.surname2, nicknames);
      const TokenAgreement s21 = CompareWords(a.surname2, b.surname1, nicknames);
      if (IsGood(s12) && IsGood(s21)) {
        s1 = s12, s2 = s21;
        s1b = &b.surname2, s2b = &b.surname1;
        result->reasons |= kReasonSurnamesSwapped;
      } else if (IsGood(s11) && s22 == TokenAgreement::kDisagree) {
        // A maternal surname typed by ear with more than one slip ("gonslaes" for
        // gonzález is fuzzy, not a conflict): only surnames that disagree conflict.
        result->reasons |= kReasonSurname2Conflict;
      }
    }
  } else if (a2 != b2) {
    const PreparedWord& maternal = a2 ? a.surname2 : b.surname2;
    const PreparedWord& only = a2 ? b.surname1 : a.surname1;
    const PreparedWord& paternal = a2 ? a.surname1 : b.surname1;
    const PreparedWord* both[] = {&paternal, &maternal};
    const TokenAgreement glued =
        IsGood(s11) ? TokenAgreement::kMissing : GluedAgreement(only, both);
    if (glued != TokenAgreement::kMissing) {
      // "PAREDESGONZALEZ" against Paredes González: both surnames, written as one.
      result->surname1 = result->surname2 = glued;
      result->reasons |= kReasonWordsGlued;
      const double score = glued == TokenAgreement::kExactFolded ? 0.99 : 0.95;
      sum->weighted += 0.5 * score;
      sum->weights += 0.5;
      return;
    }
    if (IsGood(s11)) {
      result->reasons |= kReasonSurname2Dropped;
    } else if (TokenAgreement cross = CompareWords(maternal, only, nicknames); IsGood(cross)) {
      s1 = cross;
      s1a = &maternal, s1b = &only;
      result->reasons |= kReasonPaternalDropped;
    }
    s2a = s2b = nullptr;
  }
  result->surname1 = s1;
  result->surname2 = s2;
  sum->weighted += 0.35 * WordScore(s1, *s1a, *s1b);
  sum->weights += 0.35;
  if (s2a != nullptr && s2b != nullptr) {
    sum->weighted += 0.15 * WordScore(s2, *s2a, *s2b);
    sum->weights += 0.15;
  } else if (result->Has(kReasonSurname2Dropped) || result->Has(kReasonPaternalDropped)) {
    sum->weights += 0.03;  // a little less sure than a full agreement
  }
  if (s1 == TokenAgreement::kNickname || s2 == TokenAgreement::kNickname) {
    result->reasons |= kReasonNicknameUsed;
  }
  if (s1 == TokenAgreement::kInitial || s2 == TokenAgreement::kInitial) {
    result->reasons |= kReasonInitialsUsed;
  }
}

// The overall level of compared names: the weakest part, weakened further by swaps,
// dropped or missing parts and a maternal conflict.
NameAgreement StructuredLevel(const NameComparison& result) {
  NameAgreement level = NameAgreement::kExact;
  if (result.given != TokenAgreement::kMissing)
    level = Weaker(level, ToNameAgreement(result.given));
  if (result.surname1 != TokenAgreement::kMissing) {
    level = Weaker(level, ToNameAgreement(result.surname1));
  }
  if (result.surname2 != TokenAgreement::kMissing && !result.Has(kReasonSurname2Conflict)) {
    level = Weaker(level, ToNameAgreement(result.surname2));
  }
  if (result.reasons & (kReasonSurnamesSwapped | kReasonGivenReordered)) {
    level = Weaker(level, NameAgreement::kSwapped);
  }
  if (result.reasons & (kReasonSurname2Dropped | kReasonPaternalDropped | kReasonGivenDropped |
                        kReasonGivenMissing | kReasonSurnameMissing)) {
    level = Weaker(level, NameAgreement::kPartial);
  }
  if (result.Has(kReasonSurname2Conflict)) level = Weaker(level, NameAgreement::kFuzzyLow);
  return level;
}

// Words filed under different fields ("PEREZ, JOSE PEDRO INFANTE" read with "infante"
// as a given name): all words matched regardless of field, when that agrees better
// than the structure did.
void MatchAcrossFields(const PreparedName& a, const PreparedName& b, const NicknameTable& nicknames,
                       NameAgreement* level, NameComparison* result, ScoreSum* sum) {
  std::array<const PreparedWord*, 16> wa{}, wb{};
  const size_t na = AllWords(a, &wa), nb = AllWords(b, &wb);
  const bool a_shorter = na <= nb;
  std::span<const PreparedWord* const> shorter(a_shorter ? wa.data() : wb.data(),
                                               a_shorter ? na : nb);
  std::span<const PreparedWord* const> longer(a_shorter ? wb.data() : wa.data(),
                                              a_shorter ? nb : na);
  if (shorter.size() < 2) return;
  WordMatch match = MatchWords(shorter, longer, nicknames, WordsMatched::kAnyField);
  if (!IsGood(match.weakest)) return;
  NameAgreement bag = Weaker(ToNameAgreement(match.weakest),
                             na == nb ? NameAgreement::kSwapped : NameAgreement::kPartial);
  if (bag >= *level) return;
  *level = bag;
  result->reasons |= kReasonCrossFieldMatch;
  if (match.used_initial) result->reasons |= kReasonInitialsUsed;
  if (match.used_nickname) result->reasons |= kReasonNicknameUsed;
  sum->weighted = match.score_sum / static_cast<double>(longer.size());
  sum->weights = 1.0;
}

}  // namespace

NameComparison CompareNamesAsRead(const PreparedName& first, const PreparedName& second,
                                  const NicknameTable& nicknames) {
  const bool swap = ShouldSwap(first, second);
  const PreparedName& a = swap ? second : first;
  const PreparedName& b = swap ? first : second;
  NameComparison result;
  if (a.empty() || b.empty()) return result;  // kMissing

  ScoreSum sum;
  bool compared_any = false;
  if (!a.given.empty() && !b.given.empty()) {
    compared_any = true;
    CompareGivenNames(a, b, nicknames, &result, &sum);
  } else if (!a.given.empty() || !b.given.empty()) {
    result.reasons |= kReasonGivenMissing;
  }
  if (!a.surname1.empty() && !b.surname1.empty()) {
    compared_any = true;
    CompareSurnames(a, b, nicknames, &result, &sum);
  } else if (!a.surname1.empty() || !b.surname1.empty()) {
    result.reasons |= kReasonSurnameMissing;
  }
  NameAgreement level = compared_any ? StructuredLevel(result) : NameAgreement::kMissing;
  if (level >= NameAgreement::kFuzzyLow) {
    MatchAcrossFields(a, b, nicknames, &level, &result, &sum);
  }
  result.level = level;
  result.score = sum.weights > 0 ? std::clamp(sum.weighted / sum.weights, 0.0, 1.0) : 0.0;
  if (level == NameAgreement::kMissing) result.score = 0.0;
  return result;
}

// A compound given name ends in a particle and a core that often ends given names
// ("Yulimar del Valle", "José de Jesús", "María de los Ángeles"); lists file the same
// words as the paternal surname ("DEL VALLE PEREZ, YULIMAR"). Above this affinity a
// comparison tries the other reading (CompoundGivenAffinity: "valle" 0.55, "cruz" 0.35).
constexpr double kCompoundRereadAffinity = 0.5;

bool IsCompoundCore(std::string_view core) {
  return CompoundGivenAffinity(core) >= kCompoundRereadAffinity;
}

// The paternal surname read as the end of the given names ("del valle" | "perez" →
// given "... del valle", surname "perez"); nullopt when it cannot be one.
std::optional<PreparedName> SurnameReadAsGiven(const PreparedName& n) {
  if (n.surname1.particles.empty() || n.surname2.empty() || n.given.empty() ||
      !IsCompoundCore(n.surname1.folded)) {
    return std::nullopt;
  }
  PreparedName out = n;
  out.given.push_back(n.surname1);
  out.given.back().particles.clear();
  out.given_joined += " " + n.surname1.particles + " " + n.surname1.folded;
  out.surname1 = n.surname2;
  out.surname2 = PreparedWord{};
  return out;
}

// The end of a compound given name read as the paternal surname ("yulimar del valle" |
// "perez" → given "yulimar", surnames "del valle" "perez"). Only for a name with one
// surname: with two, the words would push the maternal surname out, and the other
// name's SurnameReadAsGiven reads the pair without losing it.
std::optional<PreparedName> GivenEndReadAsSurname(const PreparedName& n) {
  // Without a particle among the given names, given_joined has one word per given
  // word: nothing to re-read (the common case, decided without allocating).
  const auto joined_words =
      static_cast<size_t>(std::count(n.given_joined.begin(), n.given_joined.end(), ' ')) + 1;
  if (n.given.size() < 2 || !n.surname2.empty() || joined_words == n.given.size()) {
    return std::nullopt;
  }
  std::vector<std::string_view> words;
  ForEachWord(n.given_joined, [&](std::string_view w) { words.push_back(w); });
  size_t particle = 1;
  while (particle < words.size() && !IsNameParticle(words[particle])) ++particle;
  if (particle + 1 >= words.size()) return std::nullopt;
  size_t core = particle;
  while (core < words.size() && IsNameParticle(words[core])) ++core;
  if (core + 1 != words.size() || words[core] != n.given.back().folded ||
      !IsCompoundCore(words[core])) {
    return std::nullopt;
  }
  std::string joined, particles;
  for (size_t i = 0; i < particle; ++i) joined += (i ? " " : "") + std::string(words[i]);
  for (size_t i = particle; i < core; ++i)
    particles += (i > particle ? " " : "") + std::string(words[i]);
  PreparedName out;
  out.given.assign(n.given.begin(), n.given.end() - 1);
  out.given_joined = std::move(joined);
  out.surname1 = MakeWord(n.given.back().folded, n.given.back().accented, std::move(particles));
  out.surname2 = n.surname1;
  return out;
}

bool Better(const NameComparison& a, const NameComparison& b) {
  return a.level < b.level || (a.level == b.level && a.score > b.score);
}

}  // namespace

NameComparison CompareNames(const PreparedName& first, const PreparedName& second,
                            const NicknameTable& nicknames) {
  NameComparison best = CompareNamesAsRead(first, second, nicknames);
  if (best.level < NameAgreement::kPartial) return best;
  // Words whose role is in doubt: compare the other reading of either name too, and
  // keep the reading that agrees best. In canonical order, so the result is symmetric.
  const bool swap = ShouldSwap(first, second);
  const PreparedName& a = swap ? second : first;
  const PreparedName& b = swap ? first : second;
  auto consider = [&](const std::optional<PreparedName>& x, const PreparedName& y) {
    if (!x) return;
    NameComparison c = CompareNamesAsRead(*x, y, nicknames);
    c.reasons |= kReasonCompoundReread;
    if (Better(c, best)) best = c;
  };
  consider(SurnameReadAsGiven(a), b);
  consider(GivenEndReadAsSurname(a), b);
  consider(SurnameReadAsGiven(b), a);
  consider(GivenEndReadAsSurname(b), a);
  return best;
}

std::string ExplainComparison(const NameComparison& c) {
  std::string out = "given: ";
  out += TokenAgreementName(c.given);
  out += "; surname1: ";
  out += TokenAgreementName(c.surname1);
  out += "; surname2: ";
  out += TokenAgreementName(c.surname2);
  struct Note {
    NameComparisonReason reason;
    std::string_view text;
  };
  static constexpr Note kNotes[] = {
      {kReasonSurnamesSwapped, "surnames in swapped order"},
      {kReasonSurname2Dropped, "maternal surname on one side only"},
      {kReasonSurname2Conflict, "maternal surnames disagree"},
      {kReasonGivenDropped, "one side has fewer given names"},
      {kReasonGivenReordered, "given names in a different order"},
      {kReasonNicknameUsed, "nickname table used"},
      {kReasonInitialsUsed, "initials matched"},
      {kReasonCrossFieldMatch, "words matched across given/surname fields"},
      {kReasonPaternalDropped, "one side's only surname is the other's maternal"},
      {kReasonGivenMissing, "given names on one side only"},
      {kReasonSurnameMissing, "surname on one side only"},
      {kReasonCompoundReread, "a compound given name read as a surname on one side"},
      {kReasonGivenPartlyAgrees, "another given name agrees"},
      {kReasonWordsGlued, "two words written as one"},
  };
  bool first = true;
  for (const Note& note : kNotes) {
    if (!c.Has(note.reason)) continue;
    out += first ? " (" : "; ";
    out += note.text;
    first = false;
  }
  if (!first) out += ")";
  out += " -> ";
  out += NameAgreementName(c.level);
  return out;
}

bool InitialsCompatible(std::string_view initials, std::span<const std::string_view> full_words) {
  size_t next = 0;
  for (char letter : initials) {
    if (letter == ' ' || letter == '.') continue;
    bool found = false;
    while (next < full_words.size()) {
      std::string_view word = full_words[next++];
      if (word.empty() || IsNameParticle(word)) continue;
      if (word[0] == letter) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace habeas::names
