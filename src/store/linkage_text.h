// How both backends write the linkage tables' columns as text and read them back:
// id lists ("[3,7,9]"), person statuses, and the kinds of habeas/store.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/store.h"

namespace habeas::store {

// [3,7,9] → "[3,7,9]" (a JSON array of ids).
std::string JoinIds(const std::vector<int64_t>& ids);
// Every run of digits in `text`, in order ("[3,7,9]" → {3, 7, 9}).
std::vector<int64_t> ParseIds(const std::string& text);
// A status this version does not know is an error, never a default (as for the kinds).
Result<PersonStatus> ParseStatus(const std::string& s);

// A kind read back from `table`: one this version does not know means the store was
// written by another version or damaged (kDataLoss, never a silent default).
template <typename Kind>
Result<Kind> StoredKind(Result<Kind> parsed, std::string_view table) {
  if (parsed.ok()) return parsed;
  return DataLoss("the store's " + std::string(table) + " table holds " +
                  parsed.status().message() + "; was it written by a newer habeas?");
}

}  // namespace habeas::store
