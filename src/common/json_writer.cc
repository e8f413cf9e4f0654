#include "common/json_writer.h"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <cmath>

#include "common/encoding.h"

namespace habeas {

namespace {

// dump()'s escape of an ASCII byte, or nullptr when it is written as it is.
const char* EscapeOf(unsigned char c) {
  static constexpr const char* kControls[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  if (c < 0x20) return kControls[c];
  if (c == '"') return "\\\"";
  if (c == '\\') return "\\\\";
  return nullptr;
}

}  // namespace

void AppendJsonString(std::string_view value, std::string* out) {
  const size_t start = out->size();
  out->push_back('"');
  size_t run = 0;  // the bytes from `run` to `i` are written as they are
  size_t i = 0;
  while (i < value.size()) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(value, i);
      if (n == 0) {
        // Not UTF-8: nlohmann's own serializer, which throws as dump() does.
        out->resize(start);
        *out += nlohmann::json(std::string(value)).dump();
        return;
      }
      i += n;
      continue;
    }
    const char* escape = EscapeOf(c);
    if (escape == nullptr) {
      ++i;
      continue;
    }
    out->append(value.substr(run, i - run));
    out->append(escape);
    run = ++i;
  }
  out->append(value.substr(run));
  out->push_back('"');
}

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

void JsonWriter::AppendString(std::string_view value) {
  if (layout_ == JsonLayout::kCompact) {
    AppendJsonStringReplacingInvalid(value, out_);
  } else {
    AppendJsonString(value, out_);
  }
}

void JsonWriter::NewLine(int indent) {
  if (layout_ == JsonLayout::kCompact) return;
  out_->push_back('\n');
  out_->append(static_cast<size_t>(indent), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_ || has_member_.empty()) {
    after_key_ = false;
    return;
  }
  // An array element: "," after the one before, then (kPretty) a line at the array's indent.
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
  NewLine(indent_);
}

void JsonWriter::Key(std::string_view key) {
  if (has_member_.back()) out_->push_back(',');
  has_member_.back() = true;
  NewLine(indent_);
  AppendString(key);
  out_->append(layout_ == JsonLayout::kCompact ? ":" : ": ");
  after_key_ = true;
}

void JsonWriter::Open(char bracket) {
  BeforeValue();
  out_->push_back(bracket);
  has_member_.push_back(false);
  indent_ += 2;
}

void JsonWriter::Close(char bracket) {
  indent_ -= 2;
  if (has_member_.back()) NewLine(indent_);
  has_member_.pop_back();
  out_->push_back(bracket);
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendString(value);
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_->append(buf, end);
}

void JsonWriter::Double(double value) {
  BeforeValue();
  if (!std::isfinite(value)) {
    out_->append("null");
    return;
  }
  // The Grisu2 conversion dump() itself calls (serializer::dump_float), remembered for the
  // next value: most claims of a report share a confidence.
  thread_local double last = 0;
  thread_local std::string last_text;
  if (last_text.empty() || value != last || std::signbit(value) != std::signbit(last)) {
    std::array<char, 64> buf;
    const char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), value);
    last = value;
    last_text.assign(buf.data(), static_cast<size_t>(end - buf.data()));
  }
  out_->append(last_text);
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Dumped(std::string_view text) {
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
