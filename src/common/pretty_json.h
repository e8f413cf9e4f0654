// Writes JSON text exactly as nlohmann::json::dump(2) writes the same value, without
// building the value: for reports too large to hold as one (`check orders --json` on a
// million claims is 1.2 GB of text; building each finding as a JSON value and dumping it
// was most of the command's time).
//
//   std::string text;
//   PrettyJsonWriter w(&text, 4);  // the value starts at an indent of 4 spaces
//   w.BeginObject();
//   w.Key("claim_id"); w.Int(12);
//   w.Key("kind"); w.String("removal");
//   w.EndObject();                 // text: "{\n      \"claim_id\": 12,\n ... \n    }"
//
// The caller writes an object's keys in the order dump() would: byte order (nlohmann's
// objects are std::map). Strings are escaped as dump() escapes them; a string with any
// byte of 0x80 or above is handed to nlohmann's own serializer, so invalid UTF-8 throws
// as dump() does. Not thread-safe; the writer only appends to `out`, which must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace habeas {

class PrettyJsonWriter {
 public:
  // `indent`: the spaces before the line the value starts on (its closing bracket
  // lines up with them).
  PrettyJsonWriter(std::string* out, int indent) : out_(out), indent_(indent) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);  // in an object, before each value

  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);
  // A value already written as dump(2) writes it at indent 0: re-indented to this level.
  void Dumped(std::string_view text);

 private:
  void Open(char bracket);
  void Close(char bracket);
  void BeforeValue();  // in an array: the separator and the element's indent
  void NewLine(int indent);

  std::string* out_;
  int indent_;
  // One entry per open object or array: whether it has had a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

// `value` as dump() writes a JSON string (quotes included), appended to `out`.
void AppendJsonString(std::string_view value, std::string* out);

}  // namespace habeas
