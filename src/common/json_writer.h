// Writes JSON text exactly as nlohmann::json::dump writes the same value, without
// building the value: for answers and reports where building the nlohmann tree and
// dumping it cost most of the work (`check orders --json` on a million claims is 1.2 GB
// of text; the locator API's answer cost a third of a search). Two layouts, the two dump
// calls Habeas makes:
//   - JsonLayout::kPretty: dump(2), starting at `indent` spaces; a string with bytes that
//     are not UTF-8 throws as dump() does (reports: the caller has checked its text);
//   - JsonLayout::kCompact: dump(-1) with error_handler_t::replace: such bytes become
//     U+FFFD (the server's JSON answers).
//
//   std::string text;
//   JsonWriter w(&text, JsonLayout::kPretty, 4);  // the value starts at an indent of 4
//   w.BeginObject();
//   w.Key("claim_id"); w.Int(12);
//   w.Key("kind"); w.String("removal");
//   w.EndObject();                 // text: "{\n      \"claim_id\": 12,\n ... \n    }"
//
// The caller writes an object's keys in the order dump() would: byte order (nlohmann's
// objects are std::map). Not thread-safe; the writer only appends to `out`, which must
// outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace habeas {

enum class JsonLayout { kPretty, kCompact };

class JsonWriter {
 public:
  // `indent` (kPretty): the spaces before the line the value starts on (its closing
  // bracket lines up with them).
  JsonWriter(std::string* out, JsonLayout layout, int indent = 0)
      : out_(out), layout_(layout), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);  // in an object, before each value

  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);  // the shortest round-trip form ("1.0", "0.9"); null if not finite
  void Null();
  // kPretty: a value already written as dump(2) writes it at indent 0, re-indented to
  // this level.
  void Dumped(std::string_view text);

 private:
  void Open(char bracket);
  void Close(char bracket);
  void BeforeValue();  // in an array: the separator and the element's indent
  void NewLine(int indent);  // kPretty only
  void AppendString(std::string_view value);

  std::string* out_;
  JsonLayout layout_;
  int indent_;
  // One entry per open object or array: whether it has had a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

// `value` as dump() writes a JSON string (quotes included), appended to `out`; bytes that
// are not UTF-8 throw nlohmann::json::type_error as dump() does.
void AppendJsonString(std::string_view value, std::string* out);
// The same, each byte that is not UTF-8 replaced by U+FFFD as dump(-1, ' ', false,
// error_handler_t::replace) does.
void AppendJsonStringReplacingInvalid(std::string_view value, std::string* out);

}  // namespace habeas
