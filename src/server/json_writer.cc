#include "server/json_writer.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>

#include "common/pretty_json.h"

namespace habeas::server {

void AppendJsonStringReplacingInvalid(std::string_view value, std::string* out) {
  const size_t start = out->size();
  try {
    AppendJsonString(value, out);  // one pass; throws as dump() does on bytes not UTF-8
  } catch (const nlohmann::json::type_error&) {
    // Rare: nlohmann's own serializer, so the replacement is byte for byte dump()'s.
    out->resize(start);
    *out += nlohmann::json(std::string(value))
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

void CompactJsonWriter::BeforeValue() {
  if (after_key_ || has_member_.empty()) {
    after_key_ = false;
    return;
  }
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
}

void CompactJsonWriter::Key(std::string_view key) {
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
  AppendJsonStringReplacingInvalid(key, out_);
  out_->push_back(':');
  after_key_ = true;
}

void CompactJsonWriter::Open(char bracket) {
  BeforeValue();
  out_->push_back(bracket);
  has_member_.push_back(false);
}

void CompactJsonWriter::Close(char bracket) {
  has_member_.pop_back();
  out_->push_back(bracket);
}

void CompactJsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonStringReplacingInvalid(value, out_);
}

void CompactJsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_->append(buf, end);
}

void CompactJsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_->append("null");
    return;
  }
  // The Grisu2 conversion dump() itself calls (serializer::dump_float).
  std::array<char, 64> buf;
  const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), value);
  out_->append(buf.data(), static_cast<size_t>(end - buf.data()));
}

void CompactJsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

}  // namespace habeas::server
