// libFuzzer target: the mapping parser (Mapping::Parse, src/ingest/mapping.h) over
// arbitrary text. Invariants: an error names the mapping file; a mapping that parses has
// a source name and kind and reads the same from its own stored text; parsing is
// deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/mapping.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string text(reinterpret_cast<const char*>(bytes), size);
  using habeas::ingest::Mapping;
  const habeas::Result<Mapping> mapping = Mapping::Parse(text, "fuzz.toml");
  if (!mapping.ok()) {
    Check(mapping.status().message().rfind("fuzz.toml", 0) == 0);
    return 0;
  }
  Check(!mapping->source.name.empty());
  Check(mapping->text == text);
  const habeas::Result<Mapping> again = Mapping::Parse(mapping->text, "fuzz.toml");
  Check(again.ok());
  Check(again->source.name == mapping->source.name);
  Check(again->fields.size() == mapping->fields.size());
  Check(again->record_id_column == mapping->record_id_column);
  Check(again->placeholders == mapping->placeholders);
  return 0;
}
