// Record proof documents: writing them and checking them with no store
// (docs/ledger.md "Record proofs"). Version 2 is written; version 1 (which also
// carried the row encoding in base64 and each path hash as its own string) is still
// read, so proofs handed out before keep checking.
#include <bit>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>

#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kProofFormatV1 = "habeas-record-proof-v1";
constexpr std::string_view kProofFormatV2 = "habeas-record-proof-v2";
// The head inside a v2 proof omits its own format field: the signed message is
// versioned ("habeas-ledger-head v1") and the proof's format names the layout.
constexpr std::string_view kHeadFormat = "habeas-ledger-head-v1";

Json PathJsonV1(const std::vector<Hash>& path) {
  Json out = Json::array();
  for (const Hash& h : path) out.push_back(Base64(h));
  return out;
}

// v2: the path's hashes concatenated, leaf side first, as one base64 string.
std::string PathText(const std::vector<Hash>& path) {
  std::string bytes;
  for (const Hash& h : path) bytes.append(reinterpret_cast<const char*>(h.data()), h.size());
  return Base64(bytes);
}

Result<std::vector<Hash>> PathFromJsonV1(const Json& j) {
  if (!j.is_array()) return InvalidInput("a proof path is not an array");
  std::vector<Hash> out;
  for (const auto& item : j) {
    std::optional<Hash> h = item.is_string() ? HashFromBase64(item.get<std::string>()) : std::nullopt;
    if (!h) return InvalidInput("a proof path holds something other than a base64 hash");
    out.push_back(*h);
  }
  return out;
}

Result<std::vector<Hash>> PathFromText(const Json& j) {
  std::optional<std::string> bytes =
      j.is_string() ? FromBase64(j.get<std::string>()) : std::nullopt;
  if (!bytes || bytes->size() % 32 != 0) {
    return InvalidInput("a proof path is not base64 of whole 32-byte hashes");
  }
  std::vector<Hash> out(bytes->size() / 32);
  for (size_t i = 0; i < out.size(); ++i) std::memcpy(out[i].data(), bytes->data() + 32 * i, 32);
  return out;
}

// One decoded value of a row encoding: JSON null, an integer, a string (text),
// {"base64": ...} (blob; the raw row as received is a blob) or {"real": ...}.
struct DecodedRow {
  std::string table;
  std::vector<Json> values;
};

Result<uint64_t> ReadBigEndian(std::string_view bytes, size_t* pos, int width) {
  if (*pos + width > bytes.size()) return InvalidInput("the row encoding is truncated");
  uint64_t v = 0;
  for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[(*pos)++]);
  return v;
}

Result<DecodedRow> DecodeRow(std::string_view bytes) {
  DecodedRow row;
  size_t pos = 0;
  bool first = true;
  while (pos < bytes.size()) {
    const char tag = bytes[pos++];
    Json value;
    if (tag == 'n') {
      value = nullptr;
    } else if (tag == 'i') {
      HABEAS_ASSIGN_OR_RETURN(uint64_t v, ReadBigEndian(bytes, &pos, 8));
      value = static_cast<int64_t>(v);
    } else if (tag == 't' || tag == 'b') {
      HABEAS_ASSIGN_OR_RETURN(uint64_t len, ReadBigEndian(bytes, &pos, 4));
      if (pos + len > bytes.size()) return InvalidInput("the row encoding is truncated");
      const std::string_view data = bytes.substr(pos, len);
      pos += len;
      if (tag == 't') {
        value = std::string(data);
      } else {
        value = Json{{"base64", Base64(data)}};
      }
    } else if (tag == 'r') {
      HABEAS_ASSIGN_OR_RETURN(uint64_t v, ReadBigEndian(bytes, &pos, 8));
      value = Json{{"real", std::bit_cast<double>(v)}};
    } else {
      return InvalidInput("the row encoding has an unknown tag");
    }
    if (first) {
      if (!value.is_string()) return InvalidInput("the row encoding does not start with a table");
      row.table = value.get<std::string>();
      first = false;
    } else {
      row.values.push_back(std::move(value));
    }
  }
  return row;
}

// The inverse of DecodeRow for one value shown in a v2 proof.
Status EncodeShownValue(const Json& v, RowEncoder* out) {
  if (v.is_null()) {
    out->Null();
  } else if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      return InvalidInput("an integer value is out of range");
    }
    out->Int(v.get<int64_t>());
  } else if (v.is_string()) {
    out->Text(v.get<std::string>());
  } else if (v.is_object() && v.size() == 1 && v.contains("base64") && v["base64"].is_string()) {
    std::optional<std::string> blob = FromBase64(v["base64"].get<std::string>());
    if (!blob) return InvalidInput("a blob value is not base64");
    out->Blob(*blob);
  } else if (v.is_object() && v.size() == 1 && v.contains("real") && v["real"].is_number()) {
    out->Real(v["real"].get<double>());
  } else {
    return InvalidInput("a value is not null, an integer, a string, {\"base64\"} or {\"real\"}");
  }
  return Status::Ok();
}

Status Mismatch(const std::string& what) { return DataLoss("the proof does not hold: " + what); }

// What every version of a proof gives, once read.
struct ProofParts {
  std::string table;
  std::string encoding;
  uint64_t row_index = 0, row_count = 0;
  std::vector<Hash> row_path;
  std::string body;
  uint64_t entry_index = 0;
  std::vector<Hash> entry_path;
  SignedHead head;
};

// The row tree's index, size and path and the entry's body, index and path: the same
// fields in both versions, whose paths differ only in how they are written.
template <typename PathDecoder>
Status ReadTreeAndEntry(const Json& j, PathDecoder decode_path, ProofParts* out) {
  const auto& tree = j.at("row_tree");
  out->row_index = tree.at("index").get<uint64_t>();
  out->row_count = tree.at("size").get<uint64_t>();
  HABEAS_ASSIGN_OR_RETURN(out->row_path, decode_path(tree.at("path")));
  const auto& entry = j.at("entry");
  out->body = entry.at("body").get<std::string>();
  out->entry_index = entry.at("index").get<uint64_t>();
  HABEAS_ASSIGN_OR_RETURN(out->entry_path, decode_path(entry.at("path")));
  return Status::Ok();
}

// v1: the row's encoding is given (base64) and the values shown must be the ones it holds.
Result<ProofParts> ReadV1(const Json& j) {
  ProofParts out;
  const auto& row = j.at("row");
  std::optional<std::string> encoding = FromBase64(row.at("encoding").get<std::string>());
  if (!encoding) return InvalidInput("the row encoding is not base64");
  out.encoding = std::move(*encoding);
  HABEAS_ASSIGN_OR_RETURN(DecodedRow decoded, DecodeRow(out.encoding));
  out.table = row.at("table").get<std::string>();
  if (decoded.table != out.table) return Mismatch("the encoding is of table " + decoded.table);
  const auto& values = row.at("values");
  if (!values.is_object() || values.size() != decoded.values.size()) {
    return Mismatch("the values shown are not those encoded");
  }
  size_t i = 0;
  for (const auto& [name, value] : values.items()) {
    if (value != decoded.values[i++])
      return Mismatch("the value of " + name + " is not the one encoded");
  }
  HABEAS_RETURN_IF_ERROR(ReadTreeAndEntry(j, PathFromJsonV1, &out));
  HABEAS_ASSIGN_OR_RETURN(out.head, SignedHead::FromJson(j.at("head").dump()));
  return out;
}

// v2: the encoding is rebuilt from the values shown, which must be the table's columns
// in order (so a checker shows exactly what is hashed).
Result<ProofParts> ReadV2(const Json& j) {
  ProofParts out;
  const auto& row = j.at("row");
  out.table = row.at("table").get<std::string>();
  std::optional<std::string_view> columns = ProvableTableColumns(out.table);
  if (!columns)
    return InvalidInput("a record proof shows a records or rejected_rows row, not " + out.table);
  const std::vector<std::string> names = ColumnNames(*columns);
  const auto& values = row.at("values");
  if (!values.is_object() || values.size() != names.size()) {
    return Mismatch("the values shown are not the columns of " + out.table);
  }
  RowEncoder encoder(out.table);
  size_t i = 0;
  for (const auto& [name, value] : values.items()) {
    if (name != names[i++]) return Mismatch("the values shown are not the columns of " + out.table);
    HABEAS_RETURN_IF_ERROR(EncodeShownValue(value, &encoder));
  }
  out.encoding = encoder.bytes();
  HABEAS_RETURN_IF_ERROR(ReadTreeAndEntry(j, PathFromText, &out));
  Json head = j.at("head");
  if (!head.is_object() || head.contains("format"))
    return InvalidInput("the proof's head is malformed");
  head["format"] = kHeadFormat;
  HABEAS_ASSIGN_OR_RETURN(out.head, SignedHead::FromJson(head.dump()));
  return out;
}

// row → its batch's row tree root in the entry → the entry in the log → the signed head.
Result<ProofCheck> CheckParts(const ProofParts& p, std::optional<std::string_view> trusted_key) {
  HABEAS_ASSIGN_OR_RETURN(DecodedRow decoded, DecodeRow(p.encoding));
  if (decoded.values.empty() || !decoded.values[0].is_number_integer()) {
    return Mismatch("the row has no id");
  }
  HABEAS_ASSIGN_OR_RETURN(Entry entry, Entry::Parse(p.body));
  if (entry.kind != EntryKind::kBatch) return Mismatch("the entry is not a batch entry");
  if (static_cast<uint64_t>(entry.record_count + entry.rejected_count) != p.row_count) {
    return Mismatch("the row tree's size is not the batch's row count");
  }
  if (!VerifyInclusion(LeafHash(p.encoding), p.row_index, p.row_count, p.row_path,
                       entry.rows_root)) {
    return Mismatch("the row is not in its batch's row tree");
  }
  if (!VerifyInclusion(LeafHash(p.body), p.entry_index, p.head.size, p.entry_path, p.head.root)) {
    return Mismatch("the batch entry is not in the log under the signed head");
  }
  HABEAS_RETURN_IF_ERROR(p.head.CheckSignature(trusted_key));
  ProofCheck out;
  out.table = p.table;
  out.row_id = decoded.values[0].get<int64_t>();
  out.head_size = p.head.size;
  out.head_time = p.head.time;
  out.public_key_base64 = Base64(p.head.public_key);
  return out;
}

}  // namespace

std::optional<std::string_view> ProvableTableColumns(std::string_view table) {
  if (table == "records") return kRecordsColumns;
  if (table == "rejected_rows") return kRejectedRowsColumns;
  return std::nullopt;
}

std::vector<std::string> ColumnNames(std::string_view columns) {
  std::vector<std::string> out;
  while (!columns.empty()) {
    const size_t comma = columns.find(',');
    std::string_view name = columns.substr(0, comma);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    out.emplace_back(name);
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
  return out;
}

std::string RecordProofToJson(const RecordProof& p) {
  Result<DecodedRow> decoded = DecodeRow(p.row_encoding);
  Json values = Json::object();
  if (decoded.ok()) {
    for (size_t i = 0; i < p.columns.size() && i < decoded->values.size(); ++i) {
      values[p.columns[i].first] = decoded->values[i];
    }
  }
  Json head = Json::parse(p.head.ToJson());
  head.erase("format");
  Json j;
  j["format"] = kProofFormatV2;
  j["row"] = {{"table", p.table}, {"values", values}};
  j["row_tree"] = {{"index", p.row_index}, {"size", p.row_count}, {"path", PathText(p.row_path)}};
  j["entry"] = {{"index", p.entry_index}, {"body", p.entry_body}, {"path", PathText(p.entry_path)}};
  j["head"] = std::move(head);
  return j.dump() + "\n";
}

std::string RecordProofToJsonV1(const RecordProof& p) {
  Result<DecodedRow> decoded = DecodeRow(p.row_encoding);
  Json values = Json::object();
  if (decoded.ok()) {
    for (size_t i = 0; i < p.columns.size() && i < decoded->values.size(); ++i) {
      values[p.columns[i].first] = decoded->values[i];
    }
  }
  Json j;
  j["format"] = kProofFormatV1;
  j["row"] = {{"table", p.table}, {"values", values}, {"encoding", Base64(p.row_encoding)}};
  j["row_tree"] = {{"index", p.row_index}, {"size", p.row_count}, {"path", PathJsonV1(p.row_path)}};
  j["entry"] = {
      {"index", p.entry_index}, {"body", p.entry_body}, {"path", PathJsonV1(p.entry_path)}};
  j["head"] = Json::parse(p.head.ToJson());
  return j.dump() + "\n";
}

Result<ProofCheck> VerifyRecordProofJson(std::string_view text,
                                         std::optional<std::string_view> trusted_key) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidInput("the proof is not JSON");
  const auto format_field = j.find("format");
  const std::string format = format_field != j.end() && format_field->is_string()
                                 ? format_field->get<std::string>()
                                 : std::string();
  if (format != kProofFormatV2 && format != kProofFormatV1) {
    return InvalidInput("not a record proof (format \"" + std::string(kProofFormatV2) + "\" or \"" +
                        std::string(kProofFormatV1) + "\")");
  }
  try {
    Result<ProofParts> parts = format == kProofFormatV2 ? ReadV2(j) : ReadV1(j);
    if (!parts.ok()) return parts.status();
    return CheckParts(*parts, trusted_key);
  } catch (const nlohmann::json::exception& e) {
    return InvalidInput(std::string("the proof lacks a field or has the wrong type: ") + e.what());
  }
}

}  // namespace habeas::ledger
