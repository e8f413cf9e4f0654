// libFuzzer target: the court-order rules an analyst writes (`habeas add orders FILE`,
// `habeas check orders`; the hand-written rule parser of src/orders/rule_parser.cc and the
// valid times it reads, src/timeline/valid_time.cc). Invariants: an error names the file;
// parsing is deterministic; every parsed order's block, as written, is part of the input
// and parses alone to the same order; a valid time that parses has earliest <= latest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "habeas/orders.h"
#include "habeas/timeline.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckSameOrder(const habeas::Order& a, const habeas::Order& b) {
  Check(a.name == b.name && a.court == b.court && a.case_number == b.case_number);
  Check(a.issued.earliest == b.issued.earliest && a.issued.latest == b.issued.latest);
  Check(a.days == b.days && a.until_further_order == b.until_further_order);
  Check(a.until.has_value() == b.until.has_value());
  Check(a.named.size() == b.named.size() && a.classes.size() == b.classes.size());
  Check(a.forbids.size() == b.forbids.size() && a.notices.size() == b.notices.size());
  Check(a.vacates == b.vacates);
}

void CheckOrders(std::string_view text) {
  const auto orders = habeas::ParseOrders(text, "fuzz.rules");
  const auto again = habeas::ParseOrders(text, "fuzz.rules");
  Check(orders.ok() == again.ok());
  if (!orders.ok()) {
    Check(orders.status().message().rfind("fuzz.rules", 0) == 0);
    Check(again.status().message() == orders.status().message());
    return;
  }
  Check(orders->size() == again->size());
  for (const habeas::Order& order : *orders) {
    Check(text.find(order.text) != std::string_view::npos);
    const auto alone = habeas::ParseOrders(order.text, "fuzz.rules");
    Check(alone.ok() && alone->size() == 1);
    CheckSameOrder(order, alone->front());
  }
}

void CheckValidTime(std::string_view text) {
  if (text.size() > 200) return;  // one field's value
  for (const char* zone : {"UTC", "America/New_York", "America/Caracas"}) {
    const auto t = habeas::ParseValidTime(text, zone);
    if (!t.ok()) continue;
    Check(t->earliest <= t->latest);
    const auto again = habeas::ParseValidTime(text, zone);
    Check(again.ok() && again->earliest == t->earliest && again->latest == t->latest);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  CheckOrders(text);
  CheckValidTime(text);
  return 0;
}
