// libFuzzer target: the linkage settings parser (ParseLinkSettings, include/habeas/link.h)
// over arbitrary text. Invariants: an error names the settings file; parsing is
// deterministic; settings that parse have a threshold strictly between 0 and 1.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "habeas/link.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string text(reinterpret_cast<const char*>(bytes), size);
  const habeas::Result<habeas::link::LinkSettings> settings =
      habeas::link::ParseLinkSettings(text, "fuzz.toml");
  const habeas::Result<habeas::link::LinkSettings> again =
      habeas::link::ParseLinkSettings(text, "fuzz.toml");
  Check(settings.ok() == again.ok());
  if (!settings.ok()) {
    Check(settings.status().message().find("fuzz.toml") != std::string::npos);
    Check(settings.status().message() == again.status().message());
    return 0;
  }
  Check(settings->threshold > 0 && settings->threshold < 1);
  return 0;
}
