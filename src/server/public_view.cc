#include "server/public_view.h"

#include <algorithm>

namespace habeas::server {

Certainty CertaintyOf(const search::SearchResponse& response, size_t index) {
  if (index >= response.results.size()) return Certainty::kUnlikely;
  if (index == 0 && response.decision == search::Decision::kMatch) return Certainty::kVeryLikely;
  if (response.results[index].probability >= search::kCandidateProbability) {
    return Certainty::kPossible;
  }
  return Certainty::kUnlikely;
}

std::string_view CertaintyName(Certainty certainty) {
  switch (certainty) {
    case Certainty::kVeryLikely: return "very_likely";
    case Certainty::kPossible: return "possible";
    case Certainty::kUnlikely: return "unlikely";
  }
  return "unlikely";
}

bool Shows(const PublicAnswer& answer, PublicField field) {
  return std::find(answer.fields.begin(), answer.fields.end(), field) != answer.fields.end();
}

PublicAnswer PublicAnswerFor(const search::SearchResponse& response,
                             const std::vector<PublicField>& fields) {
  PublicAnswer answer;
  answer.decision = response.decision;
  answer.fields = fields;
  for (size_t i = 0; i < response.results.size() && answer.results.size() < kMaxPublicResults;
       ++i) {
    const Certainty certainty = CertaintyOf(response, i);
    // With no confident match, only plausible candidates are shown: the public page
    // says "no confident match" rather than listing strangers.
    if (certainty == Certainty::kUnlikely) continue;
    const search::SearchResult& r = response.results[i];
    PublicResult out;
    out.certainty = certainty;
    if (Shows(answer, PublicField::kName)) out.name = r.name;
    out.listed = Shows(answer, PublicField::kStatus);
    if (Shows(answer, PublicField::kLastKnownPlace)) out.place = r.last_known.place;
    if (Shows(answer, PublicField::kLastKnownDate)) out.date = r.last_known.date;
    if (Shows(answer, PublicField::kSources)) out.sources = r.sources;
    answer.results.push_back(std::move(out));
  }
  return answer;
}

}  // namespace habeas::server
