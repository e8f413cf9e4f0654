#include "cli/record_format.h"

#include "common/csv_reader.h"
#include "common/encoding.h"
#include "common/file_io.h"
#include "common/json_text.h"
#include "ingest/json_line.h"

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

std::string DecodeRaw(const std::string& raw, const BatchInfo& batch) {
  Result<Encoding> enc = ParseEncodingName(batch.encoding);
  std::string out;
  AppendUtf8(raw, enc.ok() ? *enc : Encoding::kUtf8, &out);
  return out;
}

std::vector<std::pair<std::string, std::string>> SourceColumns(const RecordData& record,
                                                               const BatchInfo& batch) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string text = DecodeRaw(record.raw, batch);
  if (batch.format == "jsonl") {
    std::vector<ingest::JsonMember> members;
    if (ingest::ReadJsonObjectLine(text, &members).ok()) {
      for (ingest::JsonMember& m : members) out.emplace_back(std::move(m.key), std::move(m.text));
      return out;
    }
  } else {
    std::vector<std::string> header;
    nlohmann::json h = nlohmann::json::parse(batch.header_json, nullptr, false);
    if (h.is_array()) {
      for (const auto& v : h) header.push_back(v.is_string() ? v.get<std::string>() : JsonText(v));
    }
    const char delimiter = batch.delimiter == "semicolon" ? ';'
                           : batch.delimiter == "tab"     ? '\t'
                                                          : ',';
    StringSource source(text);
    CsvReader reader(&source, CsvDialect{delimiter});
    CsvRow row;
    Result<bool> got = reader.Next(&row);
    if (got.ok() && *got && row.problem.empty()) {
      for (size_t i = 0; i < row.fields.size(); ++i) {
        out.emplace_back(i < header.size() ? header[i] : "column " + std::to_string(i + 1),
                         std::string(row.fields[i]));
      }
      return out;
    }
  }
  out.emplace_back("raw", text);
  return out;
}

}  // namespace habeas::cli
