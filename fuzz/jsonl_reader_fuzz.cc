// libFuzzer target: the JSON Lines row reader (ReadJsonObjectLine, src/ingest/json_line.h)
// over arbitrary bytes, checked against nlohmann::json as a reference. Invariants: the
// reader never recurses (any depth is fine) and is deterministic; a number, array or
// object value is a piece of the line as written; a line nlohmann reads as an object is
// read here too (unless nested beyond kMaxJsonDepth), with the same keys and the same
// string values (the last of a repeated key); an error says what and at which byte.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/json_line.h"

namespace {

using habeas::ingest::JsonMember;
using habeas::ingest::JsonValueKind;

void Check(bool condition) {
  if (!condition) std::abort();
}

// Depth as nlohmann would count it, without recursing: brackets outside strings.
int MaxDepth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max = std::max(max, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max;
}

void CompareWithReference(std::string_view line, const habeas::Status& status,
                          const std::vector<JsonMember>& members) {
  if (MaxDepth(line) > 512) return;  // keep the reference (recursive in places) safe
  // nlohmann takes a NUL byte as the end of its input (C strings); here it is text
  // after the value (fuzz/regressions/jsonl_reader/trailing_nul_after_object).
  if (line.find('\0') != std::string_view::npos) return;
  const nlohmann::json reference = nlohmann::json::parse(line, nullptr, false);
  if (reference.is_discarded() || !reference.is_object()) return;
  if (MaxDepth(line) > habeas::ingest::kMaxJsonDepth) {
    Check(!status.ok());
    return;
  }
  Check(status.ok());
  for (auto it = reference.begin(); it != reference.end(); ++it) {
    const JsonMember* last = nullptr;
    for (const JsonMember& m : members) {
      if (m.key == it.key()) last = &m;
    }
    Check(last != nullptr);
    if (it.value().is_string()) {
      Check(last->kind == JsonValueKind::kString && last->text == it.value().get<std::string>());
    }
    if (it.value().is_null()) Check(last->kind == JsonValueKind::kNull && last->text.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(bytes), size);
  std::vector<JsonMember> members, again;
  const habeas::Status status = habeas::ingest::ReadJsonObjectLine(line, &members);
  const habeas::Status status_again = habeas::ingest::ReadJsonObjectLine(line, &again);
  Check(status.ok() == status_again.ok() && status.message() == status_again.message());
  if (!status.ok()) {
    Check(status.code() == habeas::StatusCode::kInvalidInput);
    Check(status.message().find("(byte ") != std::string::npos ||
          status.message().rfind("not a JSON object", 0) == 0);
  } else {
    for (const JsonMember& m : members) {
      if (m.kind == JsonValueKind::kNumber || m.kind == JsonValueKind::kArray ||
          m.kind == JsonValueKind::kObject) {
        Check(!m.text.empty() && line.find(m.text) != std::string_view::npos);
      }
    }
  }
  CompareWithReference(line, status, members);
  return 0;
}
