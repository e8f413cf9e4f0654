#include "cli/record_format.h"

#include "habeas/json_text.h"

namespace habeas::cli {

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

nlohmann::json FieldsJson(const RecordData& r) {
  nlohmann::json j = nlohmann::json::object();
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    if (!r.fields[i].empty()) {
      j[std::string(CanonicalFieldName(static_cast<CanonicalField>(i)))] = r.fields[i];
    }
  }
  return j;
}

}  // namespace habeas::cli
