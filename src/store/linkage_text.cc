#include "store/linkage_text.h"

namespace habeas::store {

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

std::vector<int64_t> ParseIds(const std::string& text) {
  std::vector<int64_t> out;
  int64_t value = 0;
  bool in_number = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  if (in_number) out.push_back(value);
  return out;
}

Result<PersonStatus> ParseStatus(const std::string& s) {
  for (PersonStatus status : {PersonStatus::kActive, PersonStatus::kMerged, PersonStatus::kEmpty}) {
    if (s == PersonStatusName(status)) return status;
  }
  return DataLoss("\"" + s + "\" is not a person status (expected active, merged or empty)");
}

}  // namespace habeas::store
