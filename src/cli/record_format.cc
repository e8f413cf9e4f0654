#include "cli/record_format.h"

#include "habeas/json_text.h"

namespace habeas::cli {

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
