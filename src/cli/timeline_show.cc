// The timeline section of `habeas show person` (text; --json uses PersonTimelineJson).
#include <iostream>

#include "cli/timeline_cli.h"
#include "habeas/terminal_text.h"
#include "habeas/timeline_view.h"

namespace habeas::cli {
namespace {

std::string When(const ValidTime& t) {
  if (!t.known()) return "time unknown";
  std::string s = FormatLocal(t.earliest, t.time_zone);
  switch (t.precision) {
    case TimePrecision::kYear: s = s.substr(0, 4); break;
    case TimePrecision::kMonth: s = s.substr(0, 7); break;
    case TimePrecision::kDay: s = s.substr(0, 10); break;
    case TimePrecision::kInterval: s += " .. " + FormatLocal(t.latest, t.time_zone); break;
    default: break;
  }
  return s + " " + (t.time_zone.empty() ? "UTC" : t.time_zone);
}

std::string Sources(const std::vector<std::string>& sources) {
  std::string s;
  for (const std::string& x : sources) s += (s.empty() ? "" : ", ") + TerminalSafe(x);
  return s;
}

std::string ClaimLine(const ResolvedClaim& c) {
  std::string line = When(c.when) + "  " + std::string(ClaimKindName(c.claim.kind));
  const std::string place = c.Place();
  if (!place.empty()) line += " " + TerminalSafe(place);
  if (!c.claim.authority.empty()) line += " under " + TerminalSafe(c.claim.authority);
  if (!c.claim.item.empty()) line += " " + TerminalSafe(c.claim.item);
  if (!c.claim.value.empty()) line += " = " + TerminalSafe(c.claim.value);
  if (!c.claim.language.empty()) line += " (in " + TerminalSafe(c.claim.language) + ")";
  line += "   [" + TerminalSafe(c.claim.source.source);
  if (!c.claim.source.file.empty()) {
    line += " " + TerminalSafe(c.claim.source.file) + ":" + std::to_string(c.claim.source.line);
  }
  if (c.claim.confidence < 1) line += ", confidence " + std::to_string(c.claim.confidence).substr(0, 4);
  line += ", claim " + std::to_string(c.claim.id) + "]";
  return line;
}

}  // namespace

void PrintTimeline(const PersonTimeline& tl) {
  if (tl.claims.empty() && tl.conflicts.empty()) {
    std::cout << "\n  timeline: no claims about this person\n";
    return;
  }
  std::cout << "\n  last known\n";
  if (tl.last_known) {
    const LastKnown& l = *tl.last_known;
    std::cout << "    " << CustodyStatusName(l.status) << (l.place.empty() ? "" : ", ")
              << TerminalSafe(l.place) << ", since " << When(l.since) << "  (per "
              << Sources(l.sources) << ")\n";
  } else {
    std::cout << "    no custody claim\n";
  }
  if (!tl.episodes.empty()) {
    std::cout << "\n  custody episodes\n";
    for (const CustodyEpisode& e : tl.episodes) {
      std::cout << "    " << When(e.start) << " → " << (e.end ? When(*e.end) : "open") << "  "
                << TerminalSafe(e.place) << "  (" << e.how << "; " << Sources(e.sources) << ")\n";
    }
  }
  for (ClaimGroup group : {ClaimGroup::kCustody, ClaimGroup::kLegal, ClaimGroup::kEvidence,
                           ClaimGroup::kAttribute}) {
    bool header = false;
    for (const ResolvedClaim& c : tl.claims) {
      if (GroupOf(c.claim.kind) != group) continue;
      if (!header) std::cout << "\n  " << ClaimGroupName(group) << " claims\n";
      header = true;
      std::cout << "    " << ClaimLine(c) << "\n";
    }
  }
  if (!tl.conflicts.empty()) {
    std::cout << "\n  CONFLICTS (sources disagree; both kept)\n";
    for (const ClaimConflict& c : tl.conflicts) {
      std::cout << "    ! " << TerminalSafe(c.about) << ": " << TerminalSafe(c.description) << "\n";
    }
  }
}

}  // namespace habeas::cli
