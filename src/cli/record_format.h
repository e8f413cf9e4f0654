// Presentation helpers shared by the commands that print records.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "habeas/record.h"
#include "habeas/store.h"

namespace habeas::cli {

// The name as the source gave it: full_name, else given names + surnames.
std::string DisplayName(const RecordData& record);

// The canonical fields that are present, as a JSON object.
nlohmann::json FieldsJson(const RecordData& record);

// The row's columns as (column, value) pairs, decoded from the raw bytes with the
// batch's format, encoding and delimiter; the raw text if it cannot be split.
std::vector<std::pair<std::string, std::string>> SourceColumns(const RecordData& record,
                                                               const BatchInfo& batch);

// Raw bytes decoded to UTF-8 with the batch's encoding.
std::string DecodeRaw(const std::string& raw, const BatchInfo& batch);

}  // namespace habeas::cli
