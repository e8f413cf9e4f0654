// ReadJsonObjectLine: see json_line.h.
#include "ingest/json_line.h"

#include <array>

#include "common/encoding.h"

namespace habeas::ingest {
namespace {

constexpr std::string_view kAdvice = "; each line must hold one JSON object";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A cursor over one line. Every Scan*/Read* function either consumes one complete
// token or returns an error naming the byte where it stopped.
class JsonLineParser {
 public:
  explicit JsonLineParser(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  Status ReadObject(std::vector<JsonMember>* members) {
    size_t used = 0;
    SkipSpace();
    if (Peek() != '{') return NotAnObject();
    ++pos_;
    SkipSpace();
    if (Peek() == '}') {
      ++pos_;
    } else {
      for (;;) {
        if (used == members->size()) members->emplace_back();
        JsonMember& m = (*members)[used++];
        HABEAS_RETURN_IF_ERROR(ReadMember(&m));
        SkipSpace();
        if (Peek() == ',') {
          ++pos_;
          SkipSpace();
          continue;
        }
        if (Peek() == '}') {
          ++pos_;
          break;
        }
        return Invalid("expected ',' or '}' after a value");
      }
    }
    members->resize(used);
    return ExpectEnd();
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool AtEnd() const { return pos_ >= s_.size(); }

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) {
      ++pos_;
    }
  }

  Status Invalid(std::string_view what) const {
    return InvalidInput("not valid JSON (byte " + std::to_string(pos_ + 1) + ": " +
                        std::string(what) + ")" + std::string(kAdvice));
  }

  Status TooDeep() const {
    return InvalidInput("a value nested more than " + std::to_string(kMaxJsonDepth) +
                        " levels deep (byte " + std::to_string(pos_ + 1) +
                        "); Habeas reads at most " + std::to_string(kMaxJsonDepth) +
                        " levels: flatten the value");
  }

  Status ExpectEnd() {
    SkipSpace();
    if (!AtEnd()) return Invalid("unexpected text after the value");
    return Status::Ok();
  }

  // The line does not start with '{': an error saying what it holds instead, once the
  // whole line is known to be valid JSON (else the syntax error).
  Status NotAnObject() {
    const char first = Peek();
    HABEAS_RETURN_IF_ERROR(ScanValue(0));
    HABEAS_RETURN_IF_ERROR(ExpectEnd());
    const char* what = first == '['                   ? "an array"
                       : first == '"'                 ? "a string"
                       : first == 't' || first == 'f' ? "true or false"
                       : first == 'n'                 ? "null"
                                                      : "a number";
    return InvalidInput("not a JSON object (the line holds " + std::string(what) + ")" +
                        std::string(kAdvice));
  }

  Status ReadMember(JsonMember* m) {
    if (Peek() != '"') return Invalid("expected a key in double quotes");
    HABEAS_RETURN_IF_ERROR(ReadString(&m->key));
    SkipSpace();
    if (Peek() != ':') return Invalid("expected ':' after a key");
    ++pos_;
    SkipSpace();
    return ReadMemberValue(m);
  }

  Status ReadMemberValue(JsonMember* m) {
    const char first = Peek();
    if (first == '"') {
      m->kind = JsonValueKind::kString;
      return ReadString(&m->text);
    }
    const size_t start = pos_;
    HABEAS_RETURN_IF_ERROR(ScanValue(1));
    m->kind = first == '{'                   ? JsonValueKind::kObject
              : first == '['                 ? JsonValueKind::kArray
              : first == 't' || first == 'f' ? JsonValueKind::kBoolean
              : first == 'n'                 ? JsonValueKind::kNull
                                             : JsonValueKind::kNumber;
    if (m->kind == JsonValueKind::kNull) {
      m->text.clear();
    } else {
      m->text.assign(s_.substr(start, pos_ - start));
    }
    return Status::Ok();
  }

  // Reads a string token into `out` (decoded), or only checks it when `out` is null.
  Status ReadString(std::string* out) {
    if (out != nullptr) out->clear();
    ++pos_;  // the opening quote
    for (;;) {
      size_t run = pos_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' &&
             static_cast<unsigned char>(s_[run]) >= 0x20) {
        ++run;
      }
      if (out != nullptr) out->append(s_.substr(pos_, run - pos_));
      pos_ = run;
      if (AtEnd()) return Invalid("a string is not closed");
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return Status::Ok();
      }
      if (c != '\\') return Invalid("a control character inside a string must be escaped");
      HABEAS_RETURN_IF_ERROR(ReadEscape(out));
    }
  }

  Status ReadEscape(std::string* out) {
    ++pos_;  // the backslash
    const char c = Peek();
    char plain = 0;
    switch (c) {
      case '"':
        plain = '"';
        break;
      case '\\':
        plain = '\\';
        break;
      case '/':
        plain = '/';
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u':
        return ReadUnicodeEscape(out);
      default:
        return Invalid("unknown escape in a string");
    }
    ++pos_;
    if (out != nullptr) out->push_back(plain);
    return Status::Ok();
  }

  // At the 'u' of \uXXXX; a high surrogate must be followed by \u and a low one.
  Status ReadUnicodeEscape(std::string* out) {
    uint32_t cp = 0;
    HABEAS_RETURN_IF_ERROR(ReadHex4(&cp));
    if (cp >= 0xDC00 && cp <= 0xDFFF) return Invalid("a \\u escape is a lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (s_.substr(pos_, 2) != "\\u") return Invalid("a \\u escape is a lone high surrogate");
      ++pos_;
      uint32_t low = 0;
      HABEAS_RETURN_IF_ERROR(ReadHex4(&low));
      if (low < 0xDC00 || low > 0xDFFF) {
        return Invalid("a \\u high surrogate is not followed by a low one");
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    if (out != nullptr) AppendCodePointUtf8(cp, out);
    return Status::Ok();
  }

  // At the 'u': reads it and four hex digits.
  Status ReadHex4(uint32_t* value) {
    ++pos_;
    *value = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      const char c = Peek();
      uint32_t digit = 0;
      if (IsDigit(c)) {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return Invalid("a \\u escape needs four hex digits");
      }
      *value = *value * 16 + digit;
    }
    return Status::Ok();
  }

  Status ScanDigits() {
    if (!IsDigit(Peek())) return Invalid("expected a digit in a number");
    while (IsDigit(Peek())) ++pos_;
    return Status::Ok();
  }

  // -?DIGITS(.DIGITS)?([eE][+-]?DIGITS)? — leading zeros allowed (see json_line.h).
  Status ScanNumber() {
    if (Peek() == '-') ++pos_;
    HABEAS_RETURN_IF_ERROR(ScanDigits());
    if (Peek() == '.') {
      ++pos_;
      HABEAS_RETURN_IF_ERROR(ScanDigits());
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      HABEAS_RETURN_IF_ERROR(ScanDigits());
    }
    return Status::Ok();
  }

  Status ScanLiteral(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Invalid("expected a value");
    pos_ += word.size();
    return Status::Ok();
  }

  // Checks one value of any kind, its containers tracked on a fixed stack (no
  // recursion). `depth` is the nesting level of the container holding the value.
  Status ScanValue(int depth) {
    std::array<char, kMaxJsonDepth + 1> closers;
    int open = 0;
    for (;;) {
      // Here a value is expected.
      SkipSpace();
      const char c = Peek();
      if (c == '{' || c == '[') {
        if (depth + open + 1 > kMaxJsonDepth) return TooDeep();
        closers[open++] = c == '{' ? '}' : ']';
        ++pos_;
        SkipSpace();
        if (Peek() == closers[open - 1]) {
          ++pos_;
          --open;
        } else {
          if (c == '{') HABEAS_RETURN_IF_ERROR(ScanKeyAndColon());
          continue;
        }
      } else if (c == '"') {
        HABEAS_RETURN_IF_ERROR(ReadString(nullptr));
      } else if (c == '-' || IsDigit(c)) {
        HABEAS_RETURN_IF_ERROR(ScanNumber());
      } else if (c == 't') {
        HABEAS_RETURN_IF_ERROR(ScanLiteral("true"));
      } else if (c == 'f') {
        HABEAS_RETURN_IF_ERROR(ScanLiteral("false"));
      } else if (c == 'n') {
        HABEAS_RETURN_IF_ERROR(ScanLiteral("null"));
      } else {
        return Invalid(AtEnd() ? "the line ends where a value is expected" : "expected a value");
      }
      // A value is complete: close containers or move to the next element.
      for (;;) {
        if (open == 0) return Status::Ok();
        SkipSpace();
        const char next = Peek();
        if (next == closers[open - 1]) {
          ++pos_;
          --open;
          continue;
        }
        if (next != ',') {
          return Invalid(closers[open - 1] == '}' ? "expected ',' or '}' after a value"
                                                  : "expected ',' or ']' after a value");
        }
        ++pos_;
        if (closers[open - 1] == '}') {
          SkipSpace();
          HABEAS_RETURN_IF_ERROR(ScanKeyAndColon());
        }
        break;
      }
    }
  }

  Status ScanKeyAndColon() {
    if (Peek() != '"') return Invalid("expected a key in double quotes");
    HABEAS_RETURN_IF_ERROR(ReadString(nullptr));
    SkipSpace();
    if (Peek() != ':') return Invalid("expected ':' after a key");
    ++pos_;
    return Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

Status ReadJsonObjectLine(std::string_view line, std::vector<JsonMember>* members) {
  return JsonLineParser(line).ReadObject(members);
}

}  // namespace habeas::ingest
