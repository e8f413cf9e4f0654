// libFuzzer target: the TOML files an analyst writes for the timeline — a timeline
// mapping (`[[claims]]` of a list, a facilities or flights table; src/timeline/
// timeline_mapping.cc) and a designation scheme (`habeas check designations`;
// src/orders/designations.cc). Invariants: an error names the file; parsing is
// deterministic; a mapping that parses keeps its text and reads the same again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "habeas/designations.h"
#include "timeline/timeline_mapping.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckMapping(const std::string& text) {
  const auto mapping = habeas::timeline::ParseTimelineMapping(text, "fuzz.toml");
  const auto again = habeas::timeline::ParseTimelineMapping(text, "fuzz.toml");
  Check(mapping.ok() == again.ok());
  if (!mapping.ok()) {
    Check(mapping.status().message().rfind("fuzz.toml", 0) == 0);
    Check(again.status().message() == mapping.status().message());
    return;
  }
  Check(mapping->text == text);
  Check(again->claims.size() == mapping->claims.size());
  Check(again->entity_columns.size() == mapping->entity_columns.size());
  Check(again->source.name == mapping->source.name);
}

void CheckScheme(const std::string& text) {
  const auto scheme = habeas::ParseDesignationScheme(text, "fuzz.toml");
  const auto again = habeas::ParseDesignationScheme(text, "fuzz.toml");
  Check(scheme.ok() == again.ok());
  if (!scheme.ok()) {
    Check(scheme.status().message().rfind("fuzz.toml", 0) == 0);
    return;
  }
  Check(again->name == scheme->name && again->threshold == scheme->threshold);
  Check(again->points == scheme->points);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string text(reinterpret_cast<const char*>(bytes), size);
  CheckMapping(text);
  CheckScheme(text);
  return 0;
}
