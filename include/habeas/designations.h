// Designation audits: a designation scheme (points per evidence type, a threshold,
// prerequisites, the evidence types an analyst marks as weak) is data, in TOML
// (docs/timeline.md, "Designation schemes"). The audit lists the persons designated
// under the scheme's authority whose designation rests only on weak evidence, falls
// below the threshold, or whose counter-evidence or records contradict a prerequisite.
//
//   HABEAS_ASSIGN_OR_RETURN(DesignationScheme s, ParseDesignationScheme(text, "aea.toml"));
//   std::vector<DesignationFinding> f = AuditDesignations(s, input.persons);
//
// Pure functions over value types; thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "habeas/status.h"
#include "habeas/timeline_view.h"

namespace habeas {

struct DesignationScheme {
  std::string name;
  std::string authority;  // designations under it are audited ("aea")
  int threshold = 0;
  std::map<std::string, int> points;  // evidence item → points
  std::vector<std::string> weak;      // items an analyst marks as weak
  // Prerequisites.
  std::vector<std::string> nationality;  // normalised country codes; empty: none
  int min_age = 0;
  std::vector<std::string> excluded_status;  // attribute "status" values that exclude
  // Counter-evidence items and the prerequisite each contradicts ("nationality",
  // "age", "status") — or an evidence item it contradicts.
  std::map<std::string, std::string> contradicts;
};

Result<DesignationScheme> ParseDesignationScheme(const std::string& text, const std::string& path);

enum class DesignationProblem { kOnlyWeakEvidence, kBelowThreshold, kPrerequisiteContradicted,
                                kEvidenceContradicted };
std::string_view DesignationProblemName(DesignationProblem problem);

struct DesignationFinding {
  const PersonTimeline* person = nullptr;
  int points = 0;
  std::vector<std::string> items;  // evidence items counted
  std::vector<DesignationProblem> problems;
  std::vector<std::string> reasons;  // one sentence per problem, naming sources
  std::vector<const ResolvedClaim*> evidence;
};

std::vector<DesignationFinding> AuditDesignations(const DesignationScheme& scheme,
                                                  const std::vector<PersonTimeline>& persons);

nlohmann::json DesignationReportJson(const DesignationScheme& scheme,
                                     const std::vector<DesignationFinding>& findings);
void PrintDesignationReport(const DesignationScheme& scheme,
                            const std::vector<DesignationFinding>& findings, std::ostream& out);

}  // namespace habeas
