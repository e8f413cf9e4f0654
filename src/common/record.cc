#include "habeas/record.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>

namespace habeas {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {"government", "leak",  "family", "court",
                                                        "ngo",        "media", "other"};

constexpr std::array<std::string_view, kCanonicalFieldCount> kFieldNames = {
    "full_name",   "given_names", "surnames",    "surname1",    "surname2", "sex",
    "birth_date",  "age",         "record_date", "national_id", "a_number", "other_id",
    "nationality", "birth_place", "address",     "locality",    "region",   "postcode",
    "facility",    "phone",       "email",       "note",     "flight"};

}  // namespace

std::string_view SourceKindName(SourceKind kind) { return kKindNames[static_cast<int>(kind)]; }

Result<SourceKind> ParseSourceKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<SourceKind>(i);
  }
  return InvalidInput("source kind \"" + std::string(name) +
                      "\" is not one of government, leak, family, court, ngo, media, other");
}

std::string FormatPersonId(int64_t person_id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "P%06lld", static_cast<long long>(person_id));
  return buf;
}

std::optional<int64_t> ParsePersonId(const std::string& text) {
  size_t i = 0;
  if (!text.empty() && (text[0] == 'P' || text[0] == 'p')) i = 1;
  if (i >= text.size()) return std::nullopt;
  int64_t v = 0;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || v > 1'000'000'000'000LL) return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  if (v <= 0) return std::nullopt;
  return v;
}

std::string PersonIdForRecord(std::optional<int64_t> person_id, int64_t record_id) {
  return person_id ? FormatPersonId(*person_id) : "R" + std::to_string(record_id);
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

std::vector<UnparsedField> UnparsedFields(const RecordData& record) {
  std::vector<UnparsedField> out;
  // Most records have no notes, and most notes are not unparsed fields.
  if (record.notes_json.find("\"unparsed\"") == std::string::npos) return out;
  const nlohmann::json notes =
      nlohmann::json::parse(record.notes_json, nullptr, /*allow_exceptions=*/false);
  if (!notes.is_array()) return out;
  auto text = [](const nlohmann::json& note, const char* key) -> std::optional<std::string> {
    auto it = note.find(key);
    if (it == note.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  for (const nlohmann::json& note : notes) {
    if (!note.is_object()) continue;
    std::optional<std::string> unparsed = text(note, "unparsed");
    std::optional<std::string> field_name = text(note, "field");
    if (!unparsed || !field_name) continue;
    std::optional<CanonicalField> field = ParseCanonicalField(*field_name);
    if (!field) continue;
    out.push_back({*field, text(note, "column").value_or(""), std::move(*unparsed),
                   text(note, "message").value_or("")});
  }
  return out;
}

bool IsRestrictedField(CanonicalField field) {
  return field == CanonicalField::kPhone || field == CanonicalField::kEmail ||
         field == CanonicalField::kAddress || field == CanonicalField::kNote;
}

std::string DisplayName(const RecordData& r) {
  if (!r.field(CanonicalField::kFullName).empty()) return r.field(CanonicalField::kFullName);
  std::string name;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!name.empty()) name += ' ';
    name += part;
  };
  add(r.field(CanonicalField::kGivenNames));
  add(r.field(CanonicalField::kSurnames));
  add(r.field(CanonicalField::kSurname1));
  add(r.field(CanonicalField::kSurname2));
  return name;
}

}  // namespace habeas
