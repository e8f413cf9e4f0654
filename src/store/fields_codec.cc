#include "store/fields_codec.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "common/encoding.h"

namespace habeas::store {

namespace {

// True if `text` holds a byte JSON must escape (eight bytes at a time).
bool NeedsEscape(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    const uint64_t w = swar::Load(text.data() + i);
    if (swar::HasByteBelow(w, 0x20) | swar::HasByte(w, '"') | swar::HasByte(w, '\\')) return true;
  }
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

// Writes `text` escaped at `p` (room for 6 bytes per input byte); returns the end.
char* WriteEscaped(std::string_view text, char* p) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != '"' && c != '\\') {
      *p++ = ch;
      continue;
    }
    *p++ = '\\';
    switch (c) {
      case '"':
        *p++ = '"';
        break;
      case '\\':
        *p++ = '\\';
        break;
      case '\n':
        *p++ = 'n';
        break;
      case '\r':
        *p++ = 'r';
        break;
      case '\t':
        *p++ = 't';
        break;
      default:
        *p++ = 'u';
        *p++ = '0';
        *p++ = '0';
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 15];
    }
  }
  return p;
}

}  // namespace

void EncodeFields(const RecordData& record, std::string* out) {
  // Runs once per imported row: size a buffer for the worst case, then write the
  // object straight into it (values that need no escaping are copied whole).
  std::array<bool, kCanonicalFieldCount> escape{};
  size_t size = 2;
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    const std::string& v = record.fields[i];
    if (v.empty()) continue;
    escape[i] = NeedsEscape(v);
    size += CanonicalFieldName(static_cast<CanonicalField>(i)).size() + 6 +
            (escape[i] ? 6 * v.size() : v.size());
  }
  out->resize(size);
  char* p = out->data();
  *p++ = '{';
  for (int i = 0; i < kCanonicalFieldCount; ++i) {
    const std::string& v = record.fields[i];
    if (v.empty()) continue;
    if (p != out->data() + 1) *p++ = ',';
    const std::string_view name = CanonicalFieldName(static_cast<CanonicalField>(i));
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p += name.size();
    *p++ = '"';
    *p++ = ':';
    *p++ = '"';
    if (escape[i]) {
      p = WriteEscaped(v, p);
    } else {
      std::memcpy(p, v.data(), v.size());
      p += v.size();
    }
    *p++ = '"';
  }
  *p++ = '}';
  out->resize(static_cast<size_t>(p - out->data()));
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
