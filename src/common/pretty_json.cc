#include "common/pretty_json.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>

namespace habeas {

void AppendJsonString(std::string_view value, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : value) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      // UTF-8 (and its validation) as nlohmann writes it.
      *out += nlohmann::json(std::string(value)).dump();
      return;
    }
  }
  out->push_back('"');
  for (char c : value) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[(c >> 4) & 15]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void PrettyJsonWriter::NewLine(int indent) {
  out_->push_back('\n');
  out_->append(static_cast<size_t>(indent), ' ');
}

void PrettyJsonWriter::BeforeValue() {
  if (after_key_ || has_member_.empty()) {
    after_key_ = false;
    return;
  }
  // An array element: "," after the one before, then a line at the array's indent.
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
  NewLine(indent_);
}

void PrettyJsonWriter::Key(std::string_view key) {
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
  NewLine(indent_);
  AppendJsonString(key, out_);
  out_->append(": ");
  after_key_ = true;
}

void PrettyJsonWriter::Open(char bracket) {
  BeforeValue();
  out_->push_back(bracket);
  has_member_.push_back(false);
  indent_ += 2;
}

void PrettyJsonWriter::Close(char bracket) {
  indent_ -= 2;
  if (has_member_.back()) NewLine(indent_);
  has_member_.pop_back();
  out_->push_back(bracket);
}

void PrettyJsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(value, out_);
}

void PrettyJsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_->append(buf, end);
}

void PrettyJsonWriter::Double(double value) {
  BeforeValue();
  // nlohmann's shortest round-trip form ("1.0", "0.9"); most claims share a confidence.
  thread_local double last = 1.0;
  thread_local std::string last_text = nlohmann::json(1.0).dump();
  if (value != last || std::signbit(value) != std::signbit(last)) {
    last = value;
    last_text = nlohmann::json(value).dump();
  }
  out_->append(last_text);
}

void PrettyJsonWriter::Dumped(std::string_view text) {
  BeforeValue();
  size_t from = 0;
  for (size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', from)) {
    out_->append(text.substr(from, nl - from));
    NewLine(indent_);
    from = nl + 1;
  }
  out_->append(text.substr(from));
}

}  // namespace habeas
