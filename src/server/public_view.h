// What the public sees of a locator answer: only the fields an administrator marked
// public, the match's certainty in words, and never contacts, notes, identifiers,
// record ids or the rows as received. The one place this is decided; the public page
// and the public API both render a PublicAnswer.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "habeas/access.h"
#include "habeas/search.h"

namespace habeas::server {

// How sure a result is, in words (docs/locator.md "Calibration" gives the thresholds).
enum class Certainty {
  kVeryLikely,  // the locator's confident match
  kPossible,    // a plausible candidate: check it
  kUnlikely,    // shown only when nothing better exists
};
Certainty CertaintyOf(const search::SearchResponse& response, size_t index);
std::string_view CertaintyName(Certainty certainty);  // "very_likely", "possible", "unlikely"

struct PublicResult {
  std::string name;    // the name as recorded (kName)
  bool listed = true;  // status: on a list of detained or deported people (kStatus)
  std::string place;   // last known place of custody (kLastKnownPlace)
  std::string date;    // its date (kLastKnownDate)
  std::vector<std::string> sources;  // kSources
  Certainty certainty = Certainty::kPossible;
};

struct PublicAnswer {
  search::Decision decision = search::Decision::kNoConfidentMatch;
  std::vector<PublicResult> results;  // best first, at most kMaxPublicResults
  std::vector<PublicField> fields;    // the fields shown
};

// The public never sees more than this many results per search (no browsing by
// vague queries).
inline constexpr size_t kMaxPublicResults = 5;

PublicAnswer PublicAnswerFor(const search::SearchResponse& response,
                             const std::vector<PublicField>& fields);

bool Shows(const PublicAnswer& answer, PublicField field);

}  // namespace habeas::server
