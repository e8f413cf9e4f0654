// libFuzzer target: the one date parser (ParseDate, include/habeas/partial_date.h).
// An input "FORMAT|TEXT" gives a format hint (used when ValidateDateFormat accepts it);
// otherwise the whole input is the text. Every input is parsed with both default
// day/month orders and both hinted-order policies. Invariants: a parsed date is valid
// ISO text that reads back as itself; its year is in range; an ambiguous date has an
// alternative that differs; parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "habeas/partial_date.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckParse(std::string_view text, const habeas::DateParseOptions& options) {
  const habeas::Result<habeas::ParsedDate> parsed = habeas::ParseDate(text, options);
  const habeas::Result<habeas::ParsedDate> again = habeas::ParseDate(text, options);
  Check(parsed.ok() == again.ok());
  if (!parsed.ok()) {
    Check(!parsed.status().message().empty());
    return;
  }
  const habeas::PartialDate& date = parsed->date;
  Check(date == again->date);
  Check(date.year >= options.min_year && date.year <= options.max_year);
  const habeas::Result<habeas::PartialDate> round_trip = habeas::PartialDate::FromIso(date.ToIso());
  Check(round_trip.ok() && *round_trip == date);
  if (parsed->ambiguous) Check(parsed->alternative.has_value() && *parsed->alternative != date);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  std::string_view text = input;
  habeas::DateParseOptions options;
  if (const size_t bar = input.find('|'); bar != std::string_view::npos) {
    const std::string_view format = input.substr(0, bar);
    if (habeas::ValidateDateFormat(format).ok()) options.format = std::string(format);
    text = input.substr(bar + 1);
  }
  for (auto order : {habeas::DayMonthOrder::kDayFirst, habeas::DayMonthOrder::kMonthFirst}) {
    for (auto hinted : {habeas::HintedOrder::kStrict, habeas::HintedOrder::kSwapWhenImpossible}) {
      options.default_order = order;
      options.hinted_order = hinted;
      CheckParse(text, options);
    }
  }
  return 0;
}
