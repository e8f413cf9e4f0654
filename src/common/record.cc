#include "habeas/record.h"

#include <array>

namespace habeas {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"government", "leak",  "family", "court",
                                                        "ngo",        "media", "other"};

constexpr std::array<std::string_view, kCanonicalFieldCount> kFieldNames = {
    "full_name",   "given_names", "surnames",    "surname1",    "surname2", "sex",
    "birth_date",  "age",         "record_date", "national_id", "a_number", "other_id",
    "nationality", "birth_place", "address",     "locality",    "region",   "postcode",
    "facility",    "phone",       "email",       "note"};

}  // namespace

std::string_view SourceKindName(SourceKind kind) { return kKindNames[static_cast<int>(kind)]; }

Result<SourceKind> ParseSourceKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<SourceKind>(i);
  }
  return InvalidInput("source kind \"" + std::string(name) +
                      "\" is not one of government, leak, family, court, ngo, media, other");
}

std::string_view CanonicalFieldName(CanonicalField field) {
  return kFieldNames[static_cast<int>(field)];
}

std::optional<CanonicalField> ParseCanonicalField(std::string_view name) {
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    if (kFieldNames[i] == name) return static_cast<CanonicalField>(i);
  }
  return std::nullopt;
}

}  // namespace habeas
