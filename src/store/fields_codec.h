// Encoding of a record's canonical fields in the store: a flat JSON object of the
// present fields, e.g. {"given_names":"José Luis","birth_date":"1990-03-15"}.
// JSON keeps the column readable with SQLite's json_extract() and lets fields be
// added without a migration; this hand-written codec is ~20x faster than a general
// JSON library on the import path. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "habeas/record.h"
#include "habeas/status.h"

namespace habeas::store {

// Appends the JSON object for `record.fields` to `out` (cleared first).
void EncodeFields(const RecordData& record, std::string* out);

// Fills `record->fields` from an object written by EncodeFields (or any flat JSON
// object of strings; unknown keys are ignored).
Status DecodeFields(std::string_view json, RecordData* record);

}  // namespace habeas::store
