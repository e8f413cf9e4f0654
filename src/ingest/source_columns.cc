// SourceColumns and DecodeRaw (habeas/ingest.h): a stored row split again with the
// reader that imported it.
#include <nlohmann/json.hpp>

#include "common/csv_reader.h"
#include "common/encoding.h"
#include "habeas/byte_source.h"
#include "habeas/ingest.h"
#include "habeas/json_text.h"
#include "ingest/json_line.h"

namespace habeas {
namespace {

// The batch's delimiter as stored (DelimiterName); a comma when it names none.
char StoredDelimiter(const BatchInfo& batch) {
  if (batch.delimiter == "semicolon") return ';';
  if (batch.delimiter == "tab") return '\t';
  return ',';
}

// The header the batch stored (a JSON array of names); empty if it holds none.
std::vector<std::string> StoredHeader(const BatchInfo& batch) {
  std::vector<std::string> header;
  nlohmann::json h = nlohmann::json::parse(batch.header_json, nullptr, false);
  if (!h.is_array()) return header;
  for (const auto& v : h) header.push_back(v.is_string() ? v.get<std::string>() : JsonText(v));
  return header;
}

using Columns = std::vector<std::pair<std::string, std::string>>;

bool SplitJsonLine(const std::string& text, Columns* out) {
  std::vector<ingest::JsonMember> members;
  if (!ingest::ReadJsonObjectLine(text, &members).ok()) return false;
  for (ingest::JsonMember& m : members) out->emplace_back(std::move(m.key), std::move(m.text));
  return true;
}

bool SplitCsvRow(const std::string& text, const BatchInfo& batch, Columns* out) {
  const std::vector<std::string> header = StoredHeader(batch);
  StringSource source(text);
  CsvReader reader(&source, CsvDialect{StoredDelimiter(batch)});
  CsvRow row;
  Result<bool> got = reader.Next(&row);
  if (!got.ok() || !*got || !row.problem.empty()) return false;
  for (size_t i = 0; i < row.fields.size(); ++i) {
    out->emplace_back(i < header.size() ? header[i] : "column " + std::to_string(i + 1),
                      std::string(row.fields[i]));
  }
  return true;
}

}  // namespace

std::string DecodeRaw(const std::string& raw, const BatchInfo& batch) {
  Result<Encoding> enc = ParseEncodingName(batch.encoding);
  std::string out;
  AppendUtf8(raw, enc.ok() ? *enc : Encoding::kUtf8, &out);
  return out;
}

std::vector<std::pair<std::string, std::string>> SourceColumns(const RecordData& record,
                                                               const BatchInfo& batch) {
  Columns out;
  const std::string text = DecodeRaw(record.raw, batch);
  const bool split =
      batch.format == "jsonl" ? SplitJsonLine(text, &out) : SplitCsvRow(text, batch, &out);
  if (split) return out;
  out.clear();
  out.emplace_back("raw", text);
  return out;
}

}  // namespace habeas
