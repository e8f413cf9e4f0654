// Writes JSON text exactly as the server's JsonResponse dumps the same value
// (nlohmann::json::dump(-1) with invalid UTF-8 replaced by U+FFFD), without building the
// value first: for the locator's answers, where building the nlohmann::json tree, copying
// it into its parents and dumping it cost about as much CPU as a third of the search
// (docs/benchmarks.md "Server").
//
//   std::string text;
//   CompactJsonWriter w(&text);
//   w.BeginObject();
//   w.Key("decision"); w.String("match");
//   w.Key("results"); w.BeginArray(); w.Int(1); w.EndArray();
//   w.EndObject();  // text: {"decision":"match","results":[1]}
//
// The caller writes an object's keys in the order dump() would: byte order (nlohmann's
// objects are std::map). Not thread-safe; the writer appends to `out`, which must outlive
// it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace habeas::server {

class CompactJsonWriter {
 public:
  explicit CompactJsonWriter(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);  // in an object, before each value

  void String(std::string_view value);
  void Int(int64_t value);
  void Double(double value);  // nlohmann's shortest round-trip form ("1.0", "0.9"); null if not finite
  void Null();

 private:
  void Open(char bracket);
  void Close(char bracket);
  void BeforeValue();  // in an array: "," after the element before

  std::string* out_;
  // One entry per open object or array: whether it has had a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

// `value` as the server's dump() writes a JSON string (quotes included): escaped as
// dump() escapes, and each byte that is not UTF-8 replaced by U+FFFD as
// error_handler_t::replace does.
void AppendJsonStringReplacingInvalid(std::string_view value, std::string* out);

}  // namespace habeas::server
