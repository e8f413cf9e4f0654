#include "store/fields_codec.h"

#include <cstdint>

#include "common/encoding.h"

namespace habeas::store {

void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(text.data() + run, text.size() - run);
  out->push_back('"');
}

void EncodeFields(const RecordData& record, std::string* out) {
  out->clear();
  out->push_back('{');
  bool first = true;
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    if (record.fields[i].empty()) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    out->append(CanonicalFieldName(static_cast<CanonicalField>(i)));
    out->append("\":");
    AppendJsonString(record.fields[i], out);
  }
  out->push_back('}');
}

namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool Eat(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool String(std::string* out) {
    out->clear();
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            uint32_t lo;
            if (!Hex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          AppendCodePointUtf8(cp, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }
  bool AtEnd() {
    SkipSpace();
    return i_ == s_.size();
  }

 private:
  bool Hex4(uint32_t* cp) {
    if (i_ + 4 > s_.size()) return false;
    *cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[i_++];
      *cp <<= 4;
      if (h >= '0' && h <= '9') {
        *cp |= h - '0';
      } else if (h >= 'a' && h <= 'f') {
        *cp |= h - 'a' + 10;
      } else if (h >= 'A' && h <= 'F') {
        *cp |= h - 'A' + 10;
      } else {
        return false;
      }
    }
    return true;
  }
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Status DecodeFields(std::string_view json, RecordData* record) {
  for (std::string& f : record->fields) f.clear();
  Reader r(json);
  if (!r.Eat('{')) return DataLoss("record fields are not a JSON object");
  if (r.Eat('}')) return r.AtEnd() ? Status::Ok() : DataLoss("trailing bytes after record fields");
  std::string key, value;
  do {
    if (!r.String(&key) || !r.Eat(':') || !r.String(&value)) {
      return DataLoss("record fields are not a flat JSON object of strings");
    }
    if (auto f = ParseCanonicalField(key)) record->field(*f) = std::move(value);
  } while (r.Eat(','));
  if (!r.Eat('}') || !r.AtEnd()) return DataLoss("record fields JSON is not closed");
  return Status::Ok();
}

}  // namespace habeas::store
