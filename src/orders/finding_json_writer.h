// One finding of `check orders --json`, written as text: exactly what
// OrderFindingJson(finding, orders).dump(2) writes (habeas/orders.h), without building
// the JSON value. OrderFindingJson stays the definition of the format (the packet and
// the tests read it); this writer is how the command prints a large report (295k
// findings, 1.2 GB, on the bench's store), and ScenarioTest checks the two agree byte
// for byte.
//
//   std::string text;
//   AppendFindingJson(finding, OrderDetailText(order, orders), /*indent=*/4, &text);
//
// Pure; thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "habeas/orders.h"

namespace habeas {

// The finding as dump(2) writes it nested `indent` spaces deep. `order_detail` is the
// finding's "order_detail" value as dump(2) writes it at indent 0; empty: no such key
// (the finding names an order not in the list).
void AppendFindingJson(const OrderFinding& finding, std::string_view order_detail, int indent,
                       std::string* out);

}  // namespace habeas
