// Record proof documents: writing them and checking them with no store
// (docs/ledger.md "Record proofs").
#include <bit>
#include <nlohmann/json.hpp>

#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

constexpr std::string_view kProofFormat = "habeas-record-proof-v1";

nlohmann::ordered_json PathJson(const std::vector<Hash>& path) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Hash& h : path) out.push_back(Base64(h));
  return out;
}

Result<std::vector<Hash>> PathFromJson(const nlohmann::ordered_json& j) {
  if (!j.is_array()) return InvalidInput("a proof path is not an array");
  std::vector<Hash> out;
  for (const auto& item : j) {
    std::optional<Hash> h = item.is_string() ? HashFromBase64(item.get<std::string>()) : std::nullopt;
    if (!h) return InvalidInput("a proof path holds something other than a base64 hash");
    out.push_back(*h);
  }
  return out;
}

// One decoded value of a row encoding: JSON null, a number, a string (text) or
// {"base64": ...} (blob; the raw row as received is a blob).
struct DecodedRow {
  std::string table;
  std::vector<nlohmann::ordered_json> values;
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
    nlohmann::ordered_json value;
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
        value = nlohmann::ordered_json{{"base64", Base64(data)}};
      }
    } else if (tag == 'r') {
      HABEAS_ASSIGN_OR_RETURN(uint64_t v, ReadBigEndian(bytes, &pos, 8));
      value = std::bit_cast<double>(v);
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

Status Mismatch(const std::string& what) { return DataLoss("the proof does not hold: " + what); }

}  // namespace

std::string RecordProofToJson(const RecordProof& p) {
  Result<DecodedRow> decoded = DecodeRow(p.row_encoding);
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  if (decoded.ok()) {
    for (size_t i = 0; i < p.columns.size() && i < decoded->values.size(); ++i) {
      values[p.columns[i].first] = decoded->values[i];
    }
  }
  nlohmann::ordered_json j;
  j["format"] = kProofFormat;
  j["row"] = {{"table", p.table}, {"values", values}, {"encoding", Base64(p.row_encoding)}};
  j["row_tree"] = {{"index", p.row_index}, {"size", p.row_count}, {"path", PathJson(p.row_path)}};
  j["entry"] = {{"index", p.entry_index}, {"body", p.entry_body}, {"path", PathJson(p.entry_path)}};
  j["head"] = nlohmann::ordered_json::parse(p.head.ToJson());
  return j.dump() + "\n";
}

Result<ProofCheck> VerifyRecordProofJson(std::string_view text,
                                         std::optional<std::string_view> trusted_key) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidInput("the proof is not JSON");
  if (j.value("format", "") != kProofFormat) {
    return InvalidInput("not a record proof (format \"" + std::string(kProofFormat) + "\")");
  }
  try {
    const auto& row = j.at("row");
    std::optional<std::string> encoding = FromBase64(row.at("encoding").get<std::string>());
    if (!encoding) return InvalidInput("the row encoding is not base64");
    HABEAS_ASSIGN_OR_RETURN(DecodedRow decoded, DecodeRow(*encoding));
    const std::string table = row.at("table").get<std::string>();
    if (decoded.table != table) return Mismatch("the encoding is of table " + decoded.table);
    const auto& values = row.at("values");
    if (!values.is_object() || values.size() != decoded.values.size()) {
      return Mismatch("the values shown are not those encoded");
    }
    size_t i = 0;
    for (const auto& [name, value] : row.at("values").items()) {
      (void)name;
      if (value != decoded.values[i++]) return Mismatch("the value of " + name + " is not the one encoded");
    }
    if (decoded.values.empty() || !decoded.values[0].is_number_integer()) {
      return Mismatch("the row has no id");
    }
    const auto& tree = j.at("row_tree");
    const uint64_t row_index = tree.at("index").get<uint64_t>();
    const uint64_t row_count = tree.at("size").get<uint64_t>();
    HABEAS_ASSIGN_OR_RETURN(std::vector<Hash> row_path, PathFromJson(tree.at("path")));
    const auto& entry_json = j.at("entry");
    const std::string body = entry_json.at("body").get<std::string>();
    HABEAS_ASSIGN_OR_RETURN(Entry entry, Entry::Parse(body));
    if (entry.kind != EntryKind::kBatch) return Mismatch("the entry is not a batch entry");
    if (static_cast<uint64_t>(entry.record_count + entry.rejected_count) != row_count) {
      return Mismatch("the row tree's size is not the batch's row count");
    }
    if (!VerifyInclusion(LeafHash(*encoding), row_index, row_count, row_path, entry.rows_root)) {
      return Mismatch("the row is not in its batch's row tree");
    }
    HABEAS_ASSIGN_OR_RETURN(SignedHead head, SignedHead::FromJson(j.at("head").dump()));
    const uint64_t entry_index = entry_json.at("index").get<uint64_t>();
    HABEAS_ASSIGN_OR_RETURN(std::vector<Hash> entry_path, PathFromJson(entry_json.at("path")));
    if (!VerifyInclusion(LeafHash(body), entry_index, head.size, entry_path, head.root)) {
      return Mismatch("the batch entry is not in the log under the signed head");
    }
    HABEAS_RETURN_IF_ERROR(head.CheckSignature(trusted_key));
    ProofCheck out;
    out.table = table;
    out.row_id = decoded.values[0].get<int64_t>();
    out.head_size = head.size;
    out.head_time = head.time;
    out.public_key_base64 = Base64(head.public_key);
    return out;
  } catch (const nlohmann::json::exception& e) {
    return InvalidInput(std::string("the proof lacks a field or has the wrong type: ") + e.what());
  }
}

}  // namespace habeas::ledger
