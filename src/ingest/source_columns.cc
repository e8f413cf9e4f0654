// SourceColumns, StoredRowSplitter and DecodeRaw (habeas/ingest.h): a stored row split
// again with the reader that imported it.
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

// Raw bytes in the named encoding to UTF-8 (UTF-8 when the name is unknown), as the
// import read them.
std::string DecodeWith(std::string_view raw, const std::string& encoding) {
  Result<Encoding> enc = ParseEncodingName(encoding);
  std::string out;
  AppendUtf8(raw, enc.ok() ? *enc : Encoding::kUtf8, &out);
  return out;
}

using Columns = std::vector<std::pair<std::string, std::string>>;

bool SplitJsonLine(const std::string& text, Columns* out) {
  std::vector<ingest::JsonMember> members;
  if (!ingest::ReadJsonObjectLine(text, &members).ok()) return false;
  for (ingest::JsonMember& m : members) out->emplace_back(std::move(m.key), std::move(m.text));
  return true;
}

bool SplitCsvRow(const std::string& text, char delimiter, const std::vector<std::string>& header,
                 Columns* out) {
  StringSource source(text);
  CsvReader reader(&source, CsvDialect{delimiter});
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
  return DecodeWith(raw, batch.encoding);
}

StoredRowSplitter::StoredRowSplitter(const BatchInfo& batch)
    : encoding_(batch.encoding),
      json_lines_(batch.format == "jsonl"),
      delimiter_(StoredDelimiter(batch)),
      header_(json_lines_ ? std::vector<std::string>{} : StoredHeader(batch)) {}

std::string StoredRowSplitter::Text(const RecordData& record) const {
  return DecodeWith(record.raw, encoding_);
}

std::optional<Columns> StoredRowSplitter::Split(const std::string& text) const {
  Columns out;
  const bool split =
      json_lines_ ? SplitJsonLine(text, &out) : SplitCsvRow(text, delimiter_, header_, &out);
  if (!split) return std::nullopt;
  return out;
}

std::vector<std::pair<std::string, std::string>> SourceColumns(const RecordData& record,
                                                               const BatchInfo& batch) {
  const StoredRowSplitter splitter(batch);
  const std::string text = splitter.Text(record);
  if (std::optional<Columns> columns = splitter.Split(text)) return std::move(*columns);
  return {{"raw", text}};
}

}  // namespace habeas
