// Designation audits (habeas/designations.h).
#include "habeas/designations.h"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "common/toml_nesting.h"

namespace habeas {
namespace {

std::string Where(const std::string& path, const toml::node& n) {
  return path + ":" + std::to_string(n.source().begin.line);
}

Result<std::vector<std::string>> Strings(const std::string& path, const toml::node& n,
                                         const std::string& key) {
  std::vector<std::string> out;
  if (n.is_string()) return std::vector<std::string>{*n.value<std::string>()};
  const toml::array* a = n.as_array();
  if (!a) return InvalidInput(Where(path, n) + ": " + key + " must be a string or a list of strings");
  for (const toml::node& e : *a) {
    if (!e.is_string()) return InvalidInput(Where(path, e) + ": " + key + " must hold strings");
    out.push_back(*e.value<std::string>());
  }
  return out;
}

Status ParseSchemeTable(const std::string& path, const toml::table& t, DesignationScheme* s) {
  for (auto&& [k, n] : t) {
    const std::string key(k.str());
    if (key == "name" && n.is_string()) s->name = *n.value<std::string>();
    else if (key == "authority" && n.is_string()) s->authority = *n.value<std::string>();
    else if (key == "threshold" && n.is_integer()) s->threshold = static_cast<int>(*n.value<int64_t>());
    else if (key == "weak") {
      HABEAS_ASSIGN_OR_RETURN(s->weak, Strings(path, n, key));
    } else {
      return InvalidInput(Where(path, n) + ": unknown or mistyped key \"" + key +
                          "\" in [scheme] (expected name, authority, threshold = N, weak = [...])");
    }
  }
  return Status::Ok();
}

Status ParsePrerequisites(const std::string& path, const toml::table& t, DesignationScheme* s) {
  for (auto&& [k, n] : t) {
    const std::string key(k.str());
    if (key == "nationality") {
      HABEAS_ASSIGN_OR_RETURN(s->nationality, Strings(path, n, key));
      for (std::string& v : s->nationality) v = NormalizeCountry(v);
    } else if (key == "min_age" && n.is_integer()) {
      s->min_age = static_cast<int>(*n.value<int64_t>());
    } else if (key == "excluded_status") {
      HABEAS_ASSIGN_OR_RETURN(s->excluded_status, Strings(path, n, key));
    } else {
      return InvalidInput(Where(path, n) + ": unknown or mistyped key \"" + key +
                          "\" in [prerequisites] (expected nationality, min_age = N, "
                          "excluded_status = [...])");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<DesignationScheme> ParseDesignationScheme(const std::string& text, const std::string& path) {
  toml::table root;
  HABEAS_RETURN_IF_ERROR(CheckTomlNesting(text, path));  // toml++ recurses on deep keys
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return InvalidInput(path + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()));
  }
  DesignationScheme s;
  for (auto&& [k, n] : root) {
    const std::string key(k.str());
    const toml::table* t = n.as_table();
    if (!t) return InvalidInput(Where(path, n) + ": \"" + key + "\" must be a table");
    if (key == "scheme") {
      HABEAS_RETURN_IF_ERROR(ParseSchemeTable(path, *t, &s));
    } else if (key == "points") {
      for (auto&& [item, v] : *t) {
        if (!v.is_integer()) return InvalidInput(Where(path, v) + ": points must be whole numbers");
        s.points[std::string(item.str())] = static_cast<int>(*v.value<int64_t>());
      }
    } else if (key == "prerequisites") {
      HABEAS_RETURN_IF_ERROR(ParsePrerequisites(path, *t, &s));
    } else if (key == "contradicts") {
      for (auto&& [item, v] : *t) {
        if (!v.is_string()) return InvalidInput(Where(path, v) + ": contradicts values are strings");
        s.contradicts[std::string(item.str())] = *v.value<std::string>();
      }
    } else {
      return InvalidInput(Where(path, n) + ": unknown table [" + key +
                          "] (expected [scheme], [points], [prerequisites], [contradicts])");
    }
  }
  if (s.authority.empty() || s.threshold <= 0 || s.points.empty()) {
    return InvalidInput(path + ": a scheme needs [scheme] authority and threshold > 0, and "
                               "[points]");
  }
  for (const std::string& w : s.weak) {
    if (!s.points.count(w)) {
      return InvalidInput(path + ": weak item \"" + w + "\" has no points in [points]");
    }
  }
  return s;
}

std::string_view DesignationProblemName(DesignationProblem p) {
  switch (p) {
    case DesignationProblem::kOnlyWeakEvidence: return "rests only on weak evidence";
    case DesignationProblem::kBelowThreshold: return "below the threshold";
    case DesignationProblem::kPrerequisiteContradicted: return "prerequisite contradicted";
    case DesignationProblem::kEvidenceContradicted: return "evidence contradicted";
  }
  return "?";
}

namespace {

std::string Cite(const ResolvedClaim& c) {
  std::string s = c.claim.source.source;
  if (!c.claim.source.file.empty()) s += " " + c.claim.source.file + ":" + std::to_string(c.claim.source.line);
  return s;
}

void Add(DesignationFinding* f, DesignationProblem p, const std::string& reason) {
  if (std::find(f->problems.begin(), f->problems.end(), p) == f->problems.end()) {
    f->problems.push_back(p);
  }
  f->reasons.push_back(reason);
}

void CheckEvidence(const DesignationScheme& s, const PersonTimeline& p, DesignationFinding* f) {
  std::set<std::string> items;
  for (const ResolvedClaim& c : p.claims) {
    if (c.claim.kind != ClaimKind::kEvidence || !s.points.count(c.claim.item)) continue;
    f->evidence.push_back(&c);
    if (items.insert(c.claim.item).second) f->points += s.points.at(c.claim.item);
  }
  f->items.assign(items.begin(), items.end());
  const bool all_weak = !items.empty() && std::all_of(items.begin(), items.end(), [&](const std::string& i) {
    return std::find(s.weak.begin(), s.weak.end(), i) != s.weak.end();
  });
  std::string list;
  for (const std::string& i : items) list += (list.empty() ? "" : " + ") + i;
  if (all_weak) {
    Add(f, DesignationProblem::kOnlyWeakEvidence,
        "designated on " + list + " (" + std::to_string(f->points) +
            " points), all of them marked weak; nothing else counts");
  }
  if (f->points < s.threshold) {
    Add(f, DesignationProblem::kBelowThreshold,
        std::to_string(f->points) + " points (" + (list.empty() ? "no scored evidence" : list) +
            ") < threshold " + std::to_string(s.threshold));
  }
}

void CheckCounterEvidence(const DesignationScheme& s, const PersonTimeline& p,
                          DesignationFinding* f) {
  for (const ResolvedClaim& c : p.claims) {
    if (c.claim.kind != ClaimKind::kCounterEvidence) continue;
    auto it = s.contradicts.find(c.claim.item);
    if (it == s.contradicts.end()) continue;
    f->evidence.push_back(&c);
    const bool prerequisite = it->second == "nationality" || it->second == "age" ||
                              it->second == "status";
    Add(f, prerequisite ? DesignationProblem::kPrerequisiteContradicted
                        : DesignationProblem::kEvidenceContradicted,
        "\"" + c.claim.item + "\" (" + Cite(c) + ") contradicts " +
            (prerequisite ? "the prerequisite " : "the evidence ") + it->second);
  }
  for (const ResolvedClaim& c : p.claims) {
    if (c.claim.kind == ClaimKind::kAttribute && c.claim.item == "status" &&
        std::find(s.excluded_status.begin(), s.excluded_status.end(), c.claim.value) !=
            s.excluded_status.end()) {
      f->evidence.push_back(&c);
      Add(f, DesignationProblem::kPrerequisiteContradicted,
          "status \"" + c.claim.value + "\" (" + Cite(c) + ") is excluded by the scheme");
    }
  }
  if (!s.nationality.empty()) {
    for (const RecordFact& n : p.facts.nationalities) {
      if (std::find(s.nationality.begin(), s.nationality.end(), n.value) == s.nationality.end()) {
        Add(f, DesignationProblem::kPrerequisiteContradicted,
            "nationality \"" + n.value + "\" (" + n.source + ", record " +
                std::to_string(n.record_id) + ") is not one the scheme requires");
      }
    }
  }
}

void CheckAge(const DesignationScheme& s, const PersonTimeline& p, const ResolvedClaim& designation,
              DesignationFinding* f) {
  if (s.min_age <= 0 || !designation.when.known()) return;
  const std::string day = FormatUtcSeconds(designation.when.earliest).substr(0, 10);
  for (const RecordFact& b : p.facts.birth_dates) {
    if (b.value.size() < 10) continue;  // a partial birth date cannot show the age alone
    int age = std::stoi(day.substr(0, 4)) - std::stoi(b.value.substr(0, 4));
    if (day.substr(5) < b.value.substr(5)) --age;
    if (age < s.min_age) {
      Add(f, DesignationProblem::kPrerequisiteContradicted,
          "born " + b.value + " (" + b.source + "): " + std::to_string(age) + " years old on " +
              day + ", under the minimum age " + std::to_string(s.min_age));
    }
  }
}

}  // namespace

std::vector<DesignationFinding> AuditDesignations(const DesignationScheme& s,
                                                  const std::vector<PersonTimeline>& persons) {
  std::vector<DesignationFinding> out;
  for (const PersonTimeline& p : persons) {
    const ResolvedClaim* designation = nullptr;
    for (const ResolvedClaim& c : p.claims) {
      if (c.claim.kind == ClaimKind::kDesignation && c.claim.authority == s.authority) {
        designation = &c;
        break;
      }
    }
    if (!designation) continue;
    DesignationFinding f;
    f.person = &p;
    f.evidence.push_back(designation);
    CheckEvidence(s, p, &f);
    CheckCounterEvidence(s, p, &f);
    CheckAge(s, p, *designation, &f);
    if (!f.problems.empty()) out.push_back(std::move(f));
  }
  return out;
}

nlohmann::json DesignationReportJson(const DesignationScheme& s,
                                     const std::vector<DesignationFinding>& findings) {
  nlohmann::json list = nlohmann::json::array();
  for (const DesignationFinding& f : findings) {
    nlohmann::json problems = nlohmann::json::array();
    for (DesignationProblem p : f.problems) problems.push_back(std::string(DesignationProblemName(p)));
    nlohmann::json evidence = nlohmann::json::array();
    for (const ResolvedClaim* c : f.evidence) {
      evidence.push_back({{"claim_id", c->claim.id},
                          {"kind", std::string(ClaimKindName(c->claim.kind))},
                          {"item", c->claim.item},
                          {"source", c->claim.source.source},
                          {"file", c->claim.source.file},
                          {"line", c->claim.source.line}});
    }
    list.push_back({{"person_id", f.person->person_id > 0
                                      ? FormatPersonId(f.person->person_id)
                                      : "R" + std::to_string(-f.person->person_id)},
                    {"points", f.points},
                    {"items", f.items},
                    {"problems", problems},
                    {"reasons", f.reasons},
                    {"evidence", evidence}});
  }
  return {{"scheme", s.name}, {"authority", s.authority}, {"threshold", s.threshold},
          {"findings", list}};
}

void PrintDesignationReport(const DesignationScheme& s,
                            const std::vector<DesignationFinding>& findings, std::ostream& out) {
  out << "scheme \"" << s.name << "\" (designations under \"" << s.authority << "\", threshold "
      << s.threshold << ")\n";
  for (const DesignationFinding& f : findings) {
    out << "  " << (f.person->person_id > 0 ? FormatPersonId(f.person->person_id)
                                            : "R" + std::to_string(-f.person->person_id))
        << "  " << f.points << " points\n";
    for (const std::string& r : f.reasons) out << "      - " << r << "\n";
  }
  out << findings.size() << " designation(s) to question\n";
}

}  // namespace habeas
