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
};
inline constexpr int kFieldCount = 13;
inline constexpr uint8_t kMissingLevel = 15;

std::string_view FieldName(Field field);
// Level names of a field, strongest first.
const std::vector<std::string_view>& LevelNames(Field field);

struct Comparison {
  std::array<uint8_t, kFieldCount> levels{};
  // Term frequency behind the name agreement (0: not applicable).
  float tf_given = 0;
  float tf_surname = 0;
  // A hard reason the two records cannot be one person (different identifiers).
  bool cannot_link = false;

  uint8_t level(Field f) const { return levels[static_cast<int>(f)]; }
  // The levels packed into 4 bits each (for counting distinct patterns).
  uint64_t Pattern() const;
};

// The best agreement over the records' name readings (first and alternative).
names::NameComparison CompareRecordNames(const LinkRecord& a, const LinkRecord& b);

Comparison Compare(const LinkRecord& a, const LinkRecord& b, const LinkSettings& settings);

// True if the two identifiers differ by more than one edit (both present).
bool IdentifiersConflict(const std::string& a, const std::string& b);

// "jose luis | perez | gonzalez"-style description of a field's values, for explain.
std::string DescribeField(const LinkRecord& r, Field field);

}  // namespace habeas::link
