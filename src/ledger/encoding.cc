// Base64 and hex, entry bodies and the canonical row encoding (docs/ledger.md).
#include <openssl/evp.h>

#include <bit>
#include <cstring>
#include <map>

#include "habeas/ledger.h"
#include "ledger/row_values.h"

namespace habeas::ledger {
namespace {

constexpr std::string_view kEntryMagic = "habeas-ledger-entry v1";
// The state line of a kState entry whose change deleted the row.
constexpr std::string_view kDeletedState = "deleted";

bool IsTableName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Result<int64_t> ParseInt(std::string_view text) {
  if (text.empty() || text.size() > 19) return InvalidInput("not a number: " + std::string(text));
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return InvalidInput("not a number: " + std::string(text));
    v = v * 10 + (c - '0');
  }
  return v;
}

// Splits "key value" lines after the magic line into a map; values keep spaces.
Result<std::map<std::string, std::string, std::less<>>> ParseLines(std::string_view body) {
  std::map<std::string, std::string, std::less<>> out;
  size_t pos = 0;
  bool first = true;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos)
      return InvalidInput("entry body does not end with a newline");
    const std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (first) {
      if (line != kEntryMagic) return InvalidInput("entry body does not start with the v1 magic");
      first = false;
      continue;
    }
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return InvalidInput("entry line without a value");
    if (!out.emplace(std::string(line.substr(0, space)), std::string(line.substr(space + 1)))
             .second) {
      return InvalidInput("entry repeats a key");
    }
  }
  if (first) return InvalidInput("empty entry body");
  return out;
}

Result<std::string> Field(const std::map<std::string, std::string, std::less<>>& lines,
                          std::string_view key) {
  auto it = lines.find(key);
  if (it == lines.end()) return InvalidInput("entry lacks \"" + std::string(key) + "\"");
  return it->second;
}

Result<Hash> HashField(const std::map<std::string, std::string, std::less<>>& lines,
                       std::string_view key) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, Field(lines, key));
  std::optional<Hash> h = HashFromBase64(text);
  if (!h) return InvalidInput("entry \"" + std::string(key) + "\" is not a base64 hash");
  return *h;
}

// "a b c" → three integers.
Result<std::vector<int64_t>> IntsField(const std::map<std::string, std::string, std::less<>>& lines,
                                       std::string_view key, size_t count) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, Field(lines, key));
  std::vector<int64_t> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    HABEAS_ASSIGN_OR_RETURN(int64_t v, ParseInt(std::string_view(text).substr(pos, end - pos)));
    out.push_back(v);
    pos = end + 1;
  }
  if (out.size() != count) return InvalidInput("entry \"" + std::string(key) + "\" is malformed");
  return out;
}

// A row value's tag and the low `bytes` bytes (8 or 4) of `v`, big-endian, in one
// append (the import encodes every row: one append instead of two per value).
void PutTagged(char tag, uint64_t v, int bytes, std::string* out) {
  char buffer[9];
  buffer[0] = tag;
  if constexpr (std::endian::native == std::endian::little) {
    // The value's bytes moved to the top and reversed: big-endian in one store.
    const uint64_t big_endian = __builtin_bswap64(v << (8 * (8 - bytes)));
    std::memcpy(buffer + 1, &big_endian, bytes == 8 ? 8 : 4);
  } else {
    for (int i = 0; i < bytes; ++i)
      buffer[1 + i] = static_cast<char>((v >> (8 * (bytes - 1 - i))) & 0xFF);
  }
  out->append(buffer, 1 + bytes);
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::string Base64(const Hash& hash) {
  return Base64(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

std::optional<std::string> FromBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (char c : text) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '/' || c == '=')) {
      return std::nullopt;
    }
  }
  std::string out(3 * (text.size() / 4), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

std::optional<Hash> HashFromBase64(std::string_view text) {
  std::optional<std::string> bytes = FromBase64(text);
  if (!bytes || bytes->size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes->data(), 32);
  return h;
}

std::string Hex(const Hash& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : hash) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string_view EntryKindName(EntryKind kind) {
  switch (kind) {
    case EntryKind::kBatch:
      return "batch";
    case EntryKind::kLinkage:
      return "linkage";
    case EntryKind::kRow:
      return "row";
    case EntryKind::kState:
      return "state";
  }
  return "row";
}

std::string Entry::Body() const {
  std::string out(kEntryMagic);
  out += "\nkind ";
  out += EntryKindName(kind);
  out += "\n";
  auto line = [&](std::string_view key, const std::string& value) {
    out += key;
    out += ' ';
    out += value;
    out += '\n';
  };
  switch (kind) {
    case EntryKind::kRow:
    case EntryKind::kBatch:
      line("table", table);
      line("id", std::to_string(id));
      line("row", Base64(row));
      if (kind == EntryKind::kBatch) {
        line("records", std::to_string(first_record_id) + " " + std::to_string(last_record_id) +
                            " " + std::to_string(record_count));
        line("rejected", std::to_string(rejected_count));
        line("rows_root", Base64(rows_root));
      }
      break;
    case EntryKind::kState:
      line("table", table);
      line("key", key);
      line("state", deleted ? std::string(kDeletedState) : Base64(row));
      break;
    case EntryKind::kLinkage:
      line("events", std::to_string(first_event_id) + " " + std::to_string(last_event_id));
      line("events_root", Base64(events_root));
      line("persons", Base64(persons));
      line("record_persons", Base64(record_persons));
      line("link_edges", Base64(link_edges));
      break;
  }
  return out;
}

Result<Entry> Entry::Parse(std::string_view body) {
  HABEAS_ASSIGN_OR_RETURN(auto lines, ParseLines(body));
  HABEAS_ASSIGN_OR_RETURN(std::string kind, Field(lines, "kind"));
  Entry e;
  if (kind == "batch") {
    e.kind = EntryKind::kBatch;
  } else if (kind == "row") {
    e.kind = EntryKind::kRow;
  } else if (kind == "linkage") {
    e.kind = EntryKind::kLinkage;
  } else if (kind == "state") {
    e.kind = EntryKind::kState;
  } else {
    return InvalidInput("unknown entry kind \"" + kind + "\"");
  }
  if (e.kind == EntryKind::kState) {
    HABEAS_ASSIGN_OR_RETURN(e.table, Field(lines, "table"));
    HABEAS_ASSIGN_OR_RETURN(e.key, Field(lines, "key"));
    if (!IsTableName(e.table) || !IsTableName(e.key)) {
      return InvalidInput("state entry names no valid table or key");
    }
    HABEAS_ASSIGN_OR_RETURN(std::string state, Field(lines, "state"));
    e.deleted = state == kDeletedState;
    if (!e.deleted) {
      HABEAS_ASSIGN_OR_RETURN(e.row, HashField(lines, "state"));
    }
  } else if (e.kind == EntryKind::kLinkage) {
    HABEAS_ASSIGN_OR_RETURN(auto events, IntsField(lines, "events", 2));
    e.first_event_id = events[0];
    e.last_event_id = events[1];
    HABEAS_ASSIGN_OR_RETURN(e.events_root, HashField(lines, "events_root"));
    HABEAS_ASSIGN_OR_RETURN(e.persons, HashField(lines, "persons"));
    HABEAS_ASSIGN_OR_RETURN(e.record_persons, HashField(lines, "record_persons"));
    HABEAS_ASSIGN_OR_RETURN(e.link_edges, HashField(lines, "link_edges"));
  } else {
    HABEAS_ASSIGN_OR_RETURN(e.table, Field(lines, "table"));
    if (!IsTableName(e.table)) return InvalidInput("entry names no valid table");
    HABEAS_ASSIGN_OR_RETURN(auto id, IntsField(lines, "id", 1));
    e.id = id[0];
    HABEAS_ASSIGN_OR_RETURN(e.row, HashField(lines, "row"));
    if (e.kind == EntryKind::kBatch) {
      HABEAS_ASSIGN_OR_RETURN(auto records, IntsField(lines, "records", 3));
      e.first_record_id = records[0];
      e.last_record_id = records[1];
      e.record_count = records[2];
      HABEAS_ASSIGN_OR_RETURN(auto rejected, IntsField(lines, "rejected", 1));
      e.rejected_count = rejected[0];
      HABEAS_ASSIGN_OR_RETURN(e.rows_root, HashField(lines, "rows_root"));
    }
  }
  if (e.Body() != body) return InvalidInput("entry body is not in canonical form");
  return e;
}

void AppendRowEncoding(std::string_view table, std::span<const RowValue> values, std::string* out) {
  RowEncoder row(out, table);
  for (const RowValue& v : values) {
    switch (v.kind) {
      case RowValue::Kind::kNull:
        row.Null();
        break;
      case RowValue::Kind::kInt:
        row.Int(v.number);
        break;
      case RowValue::Kind::kText:
        row.Text(v.bytes);
        break;
      case RowValue::Kind::kBlob:
        row.Blob(v.bytes);
        break;
    }
  }
}

RowEncoder::RowEncoder(std::string_view table) { Reset(table); }

RowEncoder::RowEncoder(std::string* buffer, std::string_view table)
    : buffer_(buffer), begin_(buffer->size()) {
  Text(table);
}

void RowEncoder::Reset(std::string_view table) {
  out().resize(begin_);
  Text(table);
}

void RowEncoder::Null() { out().push_back('n'); }

void RowEncoder::Int(int64_t value) { PutTagged('i', static_cast<uint64_t>(value), 8, &out()); }

void RowEncoder::Real(double value) { PutTagged('r', std::bit_cast<uint64_t>(value), 8, &out()); }

void RowEncoder::Text(std::string_view value) {
  PutTagged('t', value.size(), 4, &out());
  out().append(value);
}

void RowEncoder::Blob(std::string_view value) {
  PutTagged('b', value.size(), 4, &out());
  out().append(value);
}

}  // namespace habeas::ledger
