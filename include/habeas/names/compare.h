// Name comparison: token-level and name-level agreement with a reason.
//
// CompareNames() says how two parsed names agree as a graded level, not just a float,
// so the linkage model can learn one weight per level. Levels, strongest first (the
// enum order is the strength order; docs/names.md "Agreement levels" has the table):
//
//   kExact       every part identical, accents included
//   kExactFolded identical after folding case, accents and punctuation
//   kPhonetic    every part equal by the Spanish phonetic key (Peres ~ Pérez)
//   kNickname    given names equal only through the nickname table (Pepe ~ José)
//   kFuzzyHigh   typo-level differences (Jaro–Winkler ≥ 0.92 or one edit)
//   kSwapped     same parts in a different order (surnames or given/surname swapped)
//   kPartial     one side lacks a part the other has (dropped maternal surname,
//                dropped second given name, compound given name shortened)
//   kInitials    some part agrees only as an initial (J. ~ José)
//   kFuzzyLow    weak agreement (Jaro–Winkler ≥ 0.80) or a maternal-surname conflict
//   kDisagree    a compared part disagrees
//   kMissing     nothing comparable (one name empty)
// The level is the weakest evidence used: "J. Peres" vs "José Pérez González" is
// kInitials (initial + phonetic + dropped surname → the weakest is kInitials).
//
// Prepare each name once (PrepareName computes folded words and phonetic keys), then
// compare many times: CompareNames does not allocate, except to try the other reading
// of a compound given name ("Yulimar del Valle") when the names agree poorly.
//
// Thread-safety: all functions are pure; PreparedName is immutable after preparation.
//
//   habeas::names::NameParser parser;
//   auto a = habeas::names::PrepareName(parser.Parse("PEREZ INFANTE, JOSE PEDRO"));
//   auto b = habeas::names::PrepareName(parser.Parse("Pepe Peres"));
//   habeas::names::NameComparison c = habeas::names::CompareNames(a, b);
//   // c.level == NameAgreement::kPartial (nickname José~Pepe, dropped "pedro", "infante")
//   std::string why = habeas::names::ExplainComparison(c);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/names/name_parser.h"
#include "habeas/names/nicknames.h"
#include "habeas/names/phonetic.h"

namespace habeas::names {

enum class NameAgreement : uint8_t {
  kExact,
  kExactFolded,
  kPhonetic,
  kNickname,
  kFuzzyHigh,
  kSwapped,
  kPartial,
  kInitials,
  kFuzzyLow,
  kDisagree,
  kMissing,
};
inline constexpr int kNameAgreementLevels = 11;

// "exact", "exact_folded", "phonetic", "nickname", "fuzzy_high", "swapped", "partial",
// "initials", "fuzzy_low", "disagree", "missing" (used in golden files and logs).
std::string_view NameAgreementName(NameAgreement level);
// Inverse of NameAgreementName; false if `name` is not a level name.
bool ParseNameAgreement(std::string_view name, NameAgreement* level);

// Agreement of two single words (a given name, or a surname's core).
enum class TokenAgreement : uint8_t {
  kExact,
  kExactFolded,
  kPhonetic,
  kNickname,
  kFuzzyHigh,
  kInitial,
  kFuzzyLow,
  kDisagree,
  kMissing,
};
std::string_view TokenAgreementName(TokenAgreement level);

// One word ready for comparison.
struct PreparedWord {
  std::string folded;     // "cruz"
  std::string accented;   // "cruz" / "josé"
  std::string particles;  // folded particles before it in a surname: "de la"
  PhoneticKey key;
  // NicknameTable::Builtin().GroupsOf(folded), looked up once (CompareWords with the
  // built-in table compares groups instead of hashing both words every time).
  const std::vector<uint32_t>* nickname_groups = nullptr;
  bool initial = false;  // a single letter
  bool empty() const { return folded.empty(); }
};

// A parsed name, prepared for fast repeated comparison.
struct PreparedName {
  std::vector<PreparedWord> given;  // given-name words, particles dropped
  std::string given_joined;         // folded given names with particles ("maria de los angeles")
  PreparedWord surname1;            // core word of the paternal surname
  PreparedWord surname2;            // core word of the maternal surname (may be empty)
  bool empty() const { return given.empty() && surname1.empty() && surname2.empty(); }
};

// Prepares a parse's interpretation (`alternative` index into parse.alternatives);
// accented forms are recovered from parse.normalized.
PreparedName PrepareName(const NameParse& parse, size_t alternative = 0);
// Sets a word's nickname_groups from its folded form (for words built by hand).
void SetNicknameGroups(PreparedWord* word);
// Prepares a ParsedName alone (accented forms then equal the folded ones).
PreparedName PrepareName(const ParsedName& name);

// Reasons a comparison reached its level (bit flags in NameComparison::reasons).
enum NameComparisonReason : uint16_t {
  kReasonSurnamesSwapped = 1 << 0,   // paternal/maternal in opposite order
  kReasonSurname2Dropped = 1 << 1,   // only one side has a maternal surname
  kReasonSurname2Conflict = 1 << 2,  // both have one and they disagree
  kReasonGivenDropped = 1 << 3,      // one side has fewer given names
  kReasonGivenReordered = 1 << 4,    // given names matched out of order
  kReasonNicknameUsed = 1 << 5,
  kReasonInitialsUsed = 1 << 6,
  kReasonCrossFieldMatch = 1 << 7,  // words matched across given/surname fields
  kReasonPaternalDropped = 1 << 8,  // one side's only surname is the other's maternal
  kReasonGivenMissing = 1 << 9,     // one side has no given names
  kReasonSurnameMissing = 1 << 10,  // one side has no surname
  // One side read the other way: "Yulimar del Valle" given names against "DEL VALLE"
  // filed as the paternal surname (CompoundGivenAffinity of the core ≥ 0.5).
  kReasonCompoundReread = 1 << 11,
  // Given names that disagree (or agree only at fuzzy_low) in one word while another
  // word agrees: "juan jose" / "yuna jose" (a word garbled past recognition, not a
  // different person's name).
  kReasonGivenPartlyAgrees = 1 << 12,
  // Two words of one side written as one on the other ("Josegregorio" for José
  // Gregorio, "PAREDESGONZALEZ" for Paredes González): compared without the space.
  kReasonWordsGlued = 1 << 13,
};

struct NameComparison {
  NameAgreement level = NameAgreement::kMissing;
  double score = 0.0;                                  // in [0, 1]; orders pairs within a level
  TokenAgreement given = TokenAgreement::kMissing;     // weakest matched given word
  TokenAgreement surname1 = TokenAgreement::kMissing;  // as aligned (after any swap)
  TokenAgreement surname2 = TokenAgreement::kMissing;
  uint16_t reasons = 0;  // NameComparisonReason bits

  bool Has(NameComparisonReason reason) const { return (reasons & reason) != 0; }
};

// Compares two prepared names. Symmetric: CompareNames(a, b) == CompareNames(b, a).
NameComparison CompareNames(const PreparedName& a, const PreparedName& b,
                            const NicknameTable& nicknames = NicknameTable::Builtin());

// Compares two words (see TokenAgreement). Symmetric.
TokenAgreement CompareWords(const PreparedWord& a, const PreparedWord& b,
                            const NicknameTable& nicknames = NicknameTable::Builtin());

// Human-readable diagnostic: "given: nickname; surname1: phonetic; surname2: missing
// (maternal surname dropped on one side) → partial".
std::string ExplainComparison(const NameComparison& comparison);

// True if the letters of `initials` ("jppi") are, in order, the first letters of a
// subsequence of `full_words` ({"jose","pedro","perez","infante"}), particles skipped.
bool InitialsCompatible(std::string_view initials, std::span<const std::string_view> full_words);

}  // namespace habeas::names
