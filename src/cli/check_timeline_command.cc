// habeas check orders [--rules FILE] · habeas check designations --scheme FILE
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "habeas/byte_source.h"
#include "habeas/terminal_text.h"
#include "habeas/designations.h"
#include "habeas/orders.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

struct CheckArgs {
  std::string rules;   // check these orders instead of the stored ones
  std::string order;   // only this order
  std::string scheme;  // designations
  bool verbose = false;
};

Result<std::vector<Order>> OrdersToCheck(Store& store, const CheckArgs& args) {
  std::vector<Order> orders;
  if (!args.rules.empty()) {
    HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(args.rules, 16 << 20));
    HABEAS_ASSIGN_OR_RETURN(orders, ParseOrders(text, args.rules));
    HABEAS_RETURN_IF_ERROR(CheckVacates(orders, {}));
  } else {
    HABEAS_ASSIGN_OR_RETURN(orders, LoadOrders(store));
  }
  if (orders.empty()) {
    return NotFound("no orders to check: store them with `habeas add orders FILE` or give "
                    "--rules FILE");
  }
  if (!args.order.empty()) {
    bool known = false;
    for (const Order& o : orders) known = known || o.name == args.order;
    if (!known) return NotFound("no order named \"" + args.order + "\"");
  }
  return orders;
}

void PrintFinding(const OrderFinding& f, bool verbose) {
  std::cout << "  " << (f.verdict == Tri::kYes ? "VIOLATION" : "POSSIBLE ") << "  "
            << (f.person_id > 0 ? FormatPersonId(f.person_id) : "R" + std::to_string(-f.person_id))
            << "  " << FindingKindName(f.kind) << ": " << TerminalSafe(f.removal.flight)
            << ", departed "
            << (f.removal.departure.known() ? FormatUtcSeconds(f.removal.departure.earliest)
                                            : std::string("at an unknown time"))
            << "\n";
  std::set<int64_t> seen;
  for (const ResolvedClaim* c : f.evidence) {
    if (!seen.insert(c->claim.id).second) continue;
    std::cout << "      evidence: " << ClaimKindName(c->claim.kind) << " per "
              << TerminalSafe(c->claim.source.source);
    if (!c->claim.source.file.empty()) {
      std::cout << " (" << TerminalSafe(c->claim.source.file) << ":" << c->claim.source.line << ")";
    }
    if (!c->claim.authority.empty()) std::cout << " under " << TerminalSafe(c->claim.authority);
    std::cout << ", claim " << c->claim.id << "\n";
  }
  for (const std::string& line : verbose || f.verdict == Tri::kPossible ? f.trace
                                                                        : std::vector<std::string>{}) {
    std::cout << "      · " << TerminalSafe(line) << "\n";
  }
  for (const std::string& line : f.open) std::cout << "      open: " << TerminalSafe(line) << "\n";
}

// Holds a check's timelines until the process exits instead of freeing them claim by
// claim once the answer is written: on the bench's store (700k claims, ~0.5 GB in small
// blocks) freeing took ~0.5 CPU-s that the user waited for, and the kernel takes the
// memory back at exit at once. Reachable from a static, so leak checkers stay quiet; a
// second check in one process frees the first one's.
void KeepUntilExit(OrderCheckInput&& input) {
  static OrderCheckInput* const kept = new OrderCheckInput();
  *kept = std::move(input);
}

void CheckOrdersCommand(CliContext& ctx, const CheckArgs& args) {
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  Result<std::vector<Order>> orders = OrdersToCheck(**store, args);
  if (!orders.ok()) return (void)ctx.Fail(orders.status());
  if (!args.order.empty()) {
    // Keep vacating orders: they end the one asked for.
    std::vector<Order> kept;
    for (Order& o : *orders) {
      const bool vacates = std::find(o.vacates.begin(), o.vacates.end(), args.order) != o.vacates.end();
      if (o.name == args.order || vacates) kept.push_back(std::move(o));
    }
    *orders = std::move(kept);
  }
  auto context = LoadTimelineContext(**store);
  if (!context.ok()) return (void)ctx.Fail(context.status());
  auto input = LoadOrderCheckInput(**store, *context, TimelineReading::kForOrderCheck);
  if (!input.ok()) return (void)ctx.Fail(input.status());
  if (ctx.json) {
    // Each finding written as it is found: a large check's findings are never all held.
    OrderReportJsonWriter writer(std::cout, *orders);
    const OrderCheckReport counts =
        CheckOrders(*orders, *input, [&](OrderFinding&& f) { writer.Add(std::move(f)); });
    writer.Finish(counts);
    std::cout << "\n";
    KeepUntilExit(std::move(*input));
    return;
  }
  const OrderCheckReport report = CheckOrders(*orders, *input);
  int64_t violations = 0, possible = 0;
  for (const Order& o : *orders) {
    if (o.forbids.empty() && o.notices.empty()) continue;
    std::cout << "order " << TerminalSafe(o.name) << "  (" << TerminalSafe(o.court) << " "
              << TerminalSafe(o.case_number) << ", issued " << FormatUtcSeconds(o.issued.earliest)
              << ")";
    if (!o.title.empty()) std::cout << "  " << TerminalSafe(o.title);
    std::cout << "\n";
    bool any = false;
    for (const OrderFinding& f : report.findings) {
      if (f.order != o.name) continue;
      any = true;
      PrintFinding(f, args.verbose);
      (f.verdict == Tri::kYes ? violations : possible)++;
    }
    if (!any) std::cout << "  no removal it forbade\n";
    std::cout << "\n";
  }
  std::cout << violations << " violation(s), " << possible << " possible, over "
            << report.removals_checked << " removal(s) and " << report.orders_checked
            << " order(s)\n";
  KeepUntilExit(std::move(*input));
}

void CheckDesignationsCommand(CliContext& ctx, const CheckArgs& args) {
  Result<std::string> text = ReadSmallFile(args.scheme, 1 << 20);
  if (!text.ok()) return (void)ctx.Fail(text.status());
  Result<DesignationScheme> scheme = ParseDesignationScheme(*text, args.scheme);
  if (!scheme.ok()) return (void)ctx.Fail(scheme.status());
  auto store = ctx.OpenStoreForReading();
  if (!store.ok()) return (void)ctx.Fail(store.status());
  auto context = LoadTimelineContext(**store);
  if (!context.ok()) return (void)ctx.Fail(context.status());
  auto input = LoadOrderCheckInput(**store, *context);
  if (!input.ok()) return (void)ctx.Fail(input.status());
  const std::vector<DesignationFinding> findings = AuditDesignations(*scheme, input->persons);
  if (ctx.json) {
    std::cout << DesignationReportJson(*scheme, findings).dump(2) << "\n";
    return;
  }
  PrintDesignationReport(*scheme, findings, std::cout);
}

}  // namespace

void RegisterCheckTimelineCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* check = app.add_subcommand(
      "check", "Check the timeline: removals against court orders, designations against a scheme.");
  check->require_subcommand(1);
  auto args = std::make_shared<CheckArgs>();
  CLI::App* orders = check->add_subcommand(
      "orders",
      "Every removal an order in force forbade, with its evidence chain; cases that time\n"
      "precision or disagreeing sources leave open are reported as possible.");
  orders->add_option("--rules", args->rules, "Check the orders of this rules file instead of the "
                                             "stored ones");
  orders->add_option("--order", args->order, "Only this order");
  orders->add_flag("-v,--verbose", args->verbose, "Print the rule evaluation trace of violations too");
  orders->callback([&ctx, args] { CheckOrdersCommand(ctx, *args); });
  CLI::App* designations = check->add_subcommand(
      "designations",
      "Persons whose designation rests only on evidence marked weak, or whose counter-\n"
      "evidence contradicts a prerequisite of the scheme (docs/timeline.md).");
  designations->add_option("--scheme", args->scheme, "Designation scheme (TOML)")->required();
  designations->callback([&ctx, args] { CheckDesignationsCommand(ctx, *args); });
}

}  // namespace habeas::cli
