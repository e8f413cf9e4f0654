// The text form of a pair explanation (habeas explain; golden files in tests/link/).
#include <cstdio>

#include "habeas/link.h"
#include "link/model.h"

namespace habeas::link {

std::string FormatExplanation(const PairExplanation& e) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "records %lld and %lld (model v%lld)\n",
                static_cast<long long>(e.record_a), static_cast<long long>(e.record_b),
                static_cast<long long>(e.model_version));
  out += buf;
  std::snprintf(buf, sizeof buf, "  %-13s %-22s %8s %8s %9s\n", "FIELD", "LEVEL", "WEIGHT", "TF",
                "RUNNING");
  out += buf;
  double running = e.prior_weight;
  std::snprintf(buf, sizeof buf, "  %-13s %-22s %+8.2f %8s %+9.2f", "prior", "", e.prior_weight, "",
                running);
  out += buf;
  if (!e.prior_lists.empty()) out += "  matches among pairs of " + e.prior_lists;
  out += "\n";
  for (const FieldContribution& f : e.fields) {
    if (f.level == "missing" && f.detail.empty()) continue;
    running += f.weight + f.tf_adjustment;
    char tf[16] = "";
    if (f.tf_adjustment != 0) std::snprintf(tf, sizeof tf, "%+.2f", f.tf_adjustment);
    std::snprintf(buf, sizeof buf, "  %-13s %-22s %+8.2f %8s %+9.2f", f.field.c_str(),
                  f.level.c_str(), f.weight, tf, running);
    out += buf;
    if (!f.detail.empty()) out += "  " + f.detail;
    out += "\n";
  }
  std::snprintf(buf, sizeof buf, "  total match weight %+.2f bits → probability %.6f\n",
                e.total_weight, e.probability);
  out += buf;
  if (e.linked_weight) {
    std::snprintf(buf, sizeof buf,
                  "  against the other candidates of either record %+.2f → linked at %+.2f bits "
                  "(probability %.6f)\n",
                  *e.linked_weight - e.total_weight, *e.linked_weight,
                  Model::Probability(*e.linked_weight));
    out += buf;
  }
  if (e.decision)
    out += "  reviewer decision: " + std::string(ReviewDecisionName(*e.decision)) +
           " (overrides the model)\n";
  out += "  persons: " + (e.person_a ? FormatPersonId(*e.person_a) : "not linked") + ", " +
         (e.person_b ? FormatPersonId(*e.person_b) : "not linked") + "\n";
  return out;
}

}  // namespace habeas::link
