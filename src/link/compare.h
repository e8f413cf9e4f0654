// Comparison vectors: for a pair of LinkRecords, one graded level per field.
//
// Each field has a fixed list of level names (strongest agreement first, the
// disagreement level last); kMissingLevel means the field cannot be compared on
// this pair and contributes nothing (missing is neutral, never disagreement).
// Levels are documented in docs/linkage.md "Comparison levels". Compare() is pure,
// thread-safe and does not allocate.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "link/link_record.h"

namespace habeas::link {

enum class Field : uint8_t {
  kGivenName,
  kSurname,
  kBirthDate,
  kSex,
  kNationalId,
  kANumber,
  kOtherId,
  kRegion,
  kLocality,
  kPostcode,
  kAddress,
  kPhone,
  kSameSource,
  kFlight,  // the removal flight's number (LinkRecord::flight)
};
inline constexpr int kFieldCount = 14;
inline constexpr uint8_t kMissingLevel = 15;

// Pair classes: the unordered pair of two records' sources (manifest × leak, ngo × ngo),
// each with its own prior share of matches (a leak is mostly a copy of the manifest; a
// list without duplicates has none within it). Sources are indexed in id order; the
// first kIndexedSources have classes of their own (22 · 23 / 2 = 253 classes), pairs
// with a later source share kNoPairClass, which takes the overall prior.
inline constexpr uint8_t kNoPairClass = 255;
inline constexpr int kPairClassShift = 4 * kFieldCount;  // bits 56..63 of a pattern
uint8_t PairClassOf(uint8_t source_index_a, uint8_t source_index_b);
// The two source indices of a pair class (the smaller first); kNoPairClass: none.
std::pair<uint8_t, uint8_t> SourceIndicesOf(uint8_t pair_class);

std::string_view FieldName(Field field);
// Level names of a field, strongest first.
const std::vector<std::string_view>& LevelNames(Field field);

struct Comparison {
  std::array<uint8_t, kFieldCount> levels{};
  // Term frequency behind the name agreement (0: not applicable).
  float tf_given = 0;
  // The second given name's, when both records have one and all given names agree
  // (exact, phonetic or fuzzy): "yordan keiner" is rarer than "yordan".
  float tf_given2 = 0;
  float tf_surname = 0;
  // The maternal surname's, when both surnames agree (exact, phonetic, fuzzy or
  // crossed): the evidence of "gonzalez guanipa" is that of both words, not of
  // "gonzalez" alone.
  float tf_surname2 = 0;
  // A hard reason the two records cannot be one person (different identifiers).
  bool cannot_link = false;
  uint8_t pair_class = kNoPairClass;

  uint8_t level(Field f) const { return levels[static_cast<int>(f)]; }
  // The levels packed into 4 bits each, and the pair class above them (bits 56..63).
  uint64_t Pattern() const;
  // The levels and pair class of a Pattern() (term frequencies and cannot_link unset).
  static Comparison FromPattern(uint64_t pattern);
};

// The kind of comparison a level belongs to: 1 for the partial levels of an
// identifier (a redacted identifier's visible digits), 0 for every other level. m and u
// are probabilities within a kind: that a comparison was partial says nothing about a
// match (court filings redact, manifests do not), so it must not weigh as evidence.
int LevelKind(Field field, uint8_t level);
inline constexpr int kLevelKinds = 2;

// Whether a name level takes the term-frequency adjustment (agreement on a rare name
// is stronger evidence than on a common one): given exact..fuzzy and
// alike_given_dropped; surname both_exact..fuzzy_one_missing and swapped. At the
// phonetic and fuzzy levels the frequency is the more common spelling's (a typo is rare;
// the name it misspells is not).
bool TermFrequencyApplies(Field field, uint8_t level);

// The best agreement over the records' name readings (first and alternative).
names::NameComparison CompareRecordNames(const LinkRecord& a, const LinkRecord& b);

// Memo of the given-name and surname levels of name pairs, keyed on the records'
// name hashes (the same raw names recur many times in large blocks). Direct-mapped:
// a colliding entry is overwritten, so memory stays fixed (2^bits slots of 24 bytes).
// Not thread-safe: one per scoring thread.
class NameLevelCache {
 public:
  explicit NameLevelCache(int bits = 20) : slots_(size_t{1} << bits), mask_(slots_.size() - 1) {}
  // Returns true and sets the levels if (a, b) is cached.
  bool Find(uint64_t a, uint64_t b, uint8_t* given, uint8_t* surname) const;
  void Insert(uint64_t a, uint64_t b, uint8_t given, uint8_t surname);
  int64_t hits = 0;
  int64_t misses = 0;

 private:
  struct Slot {
    uint64_t a = 0;
    uint64_t b = 0;
    uint8_t given = 0;
    uint8_t surname = 0;
  };
  size_t SlotOf(uint64_t a, uint64_t b) const {
    return static_cast<size_t>((a * 0x9e3779b97f4a7c15ULL) ^ (b * 0xc2b2ae3d27d4eb4fULL) ^
                               ((a + b) >> 29)) &
           mask_;
  }
  std::vector<Slot> slots_;
  size_t mask_;
};

// `cache` (optional) memoizes the name levels; results are identical with or without.
Comparison Compare(const LinkRecord& a, const LinkRecord& b, const LinkSettings& settings,
                   NameLevelCache* cache = nullptr);

// The level of one field, as Compare() would set it (the TF values and cannot_link
// are not computed). Every field but the names is cheap: the model samples their u
// over many random pairs with it.
uint8_t FieldLevel(const LinkRecord& a, const LinkRecord& b, Field field);

// True if the two identifiers differ by more than one edit (both present).
bool IdentifiersConflict(const std::string& a, const std::string& b);

// "jose luis | perez | gonzalez"-style description of a field's values, for explain.
std::string DescribeField(const LinkRecord& r, Field field);

}  // namespace habeas::link
