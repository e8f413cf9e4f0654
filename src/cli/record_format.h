// Presentation helpers shared by the commands that print records.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "habeas/ingest.h"
#include "habeas/record.h"
#include "habeas/store.h"

namespace habeas::cli {


// The canonical fields that are present, as a JSON object.
nlohmann::json FieldsJson(const RecordData& record);

// The row's columns and its decoded text are the import's to read back; the display
// name is the record's.
using habeas::DecodeRaw;
using habeas::DisplayName;
using habeas::SourceColumns;

}  // namespace habeas::cli
