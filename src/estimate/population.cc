// Restricting an estimate to a population (habeas/estimate.h, "--where").
#include <algorithm>
#include <cstdio>

#include "estimate/capture_table.h"
#include "habeas/estimate.h"
#include "habeas/names/normalize.h"

namespace habeas {
namespace {

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

Result<PopulationCondition> ParsePopulationCondition(std::string_view text) {
  const size_t op = text.find_first_of("~=");
  if (op == std::string_view::npos) {
    return InvalidInput("--where \"" + std::string(text) +
                        "\": expected FIELD~WORD[|WORD...] (contains) or FIELD=VALUE[|VALUE...] "
                        "(equals), e.g. facility~cecot or source=manifest");
  }
  PopulationCondition condition;
  condition.field = LowerAscii(Trim(text.substr(0, op)));
  condition.match =
      text[op] == '~' ? PopulationCondition::Match::kContains : PopulationCondition::Match::kEquals;
  if (condition.field.empty()) {
    return InvalidInput("--where \"" + std::string(text) + "\": the field name is empty");
  }
  std::string_view rest = text.substr(op + 1);
  while (true) {
    const size_t bar = rest.find('|');
    // List names are matched exactly; field values folded as names are (case,
    // accents and punctuation ignored), by the one normaliser.
    const std::string_view raw = rest.substr(0, bar);
    std::string value =
        condition.field == "source" ? Trim(raw) : names::FoldName(raw, names::TextKind::kOtherText);
    if (value.empty()) {
      return InvalidInput("--where \"" + std::string(text) + "\": an empty value");
    }
    condition.values.push_back(std::move(value));
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 1);
  }
  return condition;
}

Membership RecordMembership(const std::vector<PopulationCondition>& conditions,
                            std::string_view source,
                            const std::function<std::string(const std::string&)>& field_value) {
  Membership verdict = Membership::kUnknown;
  for (const PopulationCondition& condition : conditions) {
    if (condition.field == "source") {
      // A list outside the condition says nothing about the person.
      if (std::find(condition.values.begin(), condition.values.end(), source) !=
          condition.values.end()) {
        return Membership::kIn;
      }
      continue;
    }
    const std::string value =
        names::FoldName(field_value(condition.field), names::TextKind::kOtherText);
    if (value.empty()) continue;
    for (const std::string& wanted : condition.values) {
      const bool hit = condition.match == PopulationCondition::Match::kContains
                           ? value.find(wanted) != std::string::npos
                           : value == wanted;
      if (hit) return Membership::kIn;
    }
    verdict = Membership::kOut;
  }
  return verdict;
}

std::vector<std::string> ListsNeverRecording(const PopulationTally& tally) {
  std::vector<std::string> lists;
  for (const auto& [list, counts] : tally.silent_by_list) {
    if (counts.first > 0 && counts.second == counts.first) lists.push_back(list);
  }
  return lists;
}

std::optional<EstimateWarning> PopulationWarning(const std::vector<PopulationCondition>& conditions,
                                                 const PopulationTally& tally) {
  if (conditions.empty() || tally.unknown == 0) return std::nullopt;
  std::string silent;
  for (const auto& [list, counts] : tally.silent_by_list) {
    const auto [persons, quiet] = counts;
    if (persons == 0 || quiet * 10 < persons) continue;  // records the attribute for 90%+
    char share[32];
    std::snprintf(share, sizeof share, "%.0f%%",
                  100.0 * static_cast<double>(quiet) / static_cast<double>(persons));
    if (!silent.empty()) silent += ", ";
    silent += list + " " + share;
  }
  std::string fields;
  for (const PopulationCondition& c : conditions) {
    if (c.field == "source") continue;
    if (fields.find(c.field) != std::string::npos) continue;
    if (!fields.empty()) fields += "/";
    fields += c.field;
  }
  if (fields.empty()) fields = "the condition";
  const std::string never = mse::JoinNames(ListsNeverRecording(tally));
  EstimateWarning warning;
  warning.code = "population_unrecorded";
  warning.message =
      std::to_string(tally.unknown) +
      " observed persons could not be placed in or out of the "
      "population (" +
      std::to_string(tally.in) + " in, " + std::to_string(tally.out) +
      " out): none of their records gives " + fields +
      (silent.empty() ? std::string()
                      : " (share of each list's persons without it: " + silent + ")") +
      ". They are left out: those who belong look like persons on no list and make the lists "
      "that record the attribute look more complete than they are, so the estimate is biased "
      "low. Record the attribute on every list, or check how many of them belong." +
      (never.empty()
           ? std::string()
           : " " + never +
                 " never records it: the latent-class model counts the persons seen only there "
                 "among the unobserved (not as an empty cell); the log-linear models are fitted "
                 "without it.");
  return warning;
}

}  // namespace habeas
