// Facility and flight resolution (habeas/timeline_view.h).
#include <algorithm>
#include <cctype>

#include "habeas/names/normalize.h"
#include "habeas/timeline_view.h"

namespace habeas {
namespace {

std::string FacilityKey(std::string_view written) {
  return names::FoldName(written, names::TextKind::kOtherText);
}

// Letters and digits only, lower case: "GlobalX 6143" → "globalx6143".
std::string FlightKey(std::string_view written) {
  std::string key;
  for (unsigned char c : written) {
    if (std::isalnum(c)) key += static_cast<char>(std::tolower(c));
  }
  return key;
}

bool Overlaps(const ValidTime& a, const ValidTime& b) {
  return a.earliest <= b.latest && b.earliest <= a.latest;
}

// The local day (in the departure's zone) around a departure, for matching a claim's date.
ValidTime DayAround(const ValidTime& t) {
  if (!t.known()) return t;
  ValidTime day = t;
  day.earliest -= 86400;
  day.latest += 86400;
  return day;
}

}  // namespace

FacilityResolver::FacilityResolver(std::vector<Facility> facilities)
    : facilities_(std::move(facilities)) {
  for (size_t i = 0; i < facilities_.size(); ++i) {
    by_key_.emplace(FacilityKey(facilities_[i].name), i);
    for (const std::string& a : facilities_[i].aliases) by_key_.emplace(FacilityKey(a), i);
  }
}

const Facility* FacilityResolver::Resolve(std::string_view written) const {
  if (written.empty()) return nullptr;
  const std::string key(written);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  const Facility* f = ResolveUncached(written);
  cache_.emplace(key, f);
  return f;
}

const Facility* FacilityResolver::ResolveUncached(std::string_view written) const {
  if (auto it = by_key_.find(FacilityKey(written)); it != by_key_.end()) {
    return &facilities_[it->second];
  }
  const size_t comma = written.find(',');
  if (comma == std::string_view::npos) return nullptr;
  auto it = by_key_.find(FacilityKey(written.substr(0, comma)));
  if (it == by_key_.end()) return nullptr;
  const Facility& f = facilities_[it->second];
  const std::string rest = FacilityKey(written.substr(comma + 1));
  const std::string place = FacilityKey(f.place);
  // "CECOT, Tecoluca": the rest must name the facility's place (or part of it).
  if (rest.empty() || place.find(rest) != std::string::npos ||
      rest.find(place) != std::string::npos) {
    return &f;
  }
  return nullptr;
}

FlightResolver::FlightResolver(std::vector<Flight> flights) : flights_(std::move(flights)) {
  for (size_t i = 0; i < flights_.size(); ++i) {
    const Flight& f = flights_[i];
    std::vector<std::string> keys = {FlightKey(f.carrier + f.number), FlightKey(f.number),
                                     FlightKey(f.tail)};
    for (const std::string& a : f.aliases) keys.push_back(FlightKey(a));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& k : keys) {
      if (!k.empty()) by_key_.emplace(k, i);
    }
  }
}

const Flight* FlightResolver::Resolve(std::string_view written, const ValidTime& when) const {
  auto cached = cache_.find(std::string(written));
  if (cached == cache_.end()) {
    std::vector<const Flight*> found;
    const std::string key = FlightKey(written);
    auto [begin, end] = by_key_.equal_range(key);
    for (auto it = begin; it != end && !key.empty(); ++it) found.push_back(&flights_[it->second]);
    cached = cache_.emplace(std::string(written), std::move(found)).first;
  }
  const std::vector<const Flight*>& matches = cached->second;
  if (matches.size() <= 1) return matches.empty() ? nullptr : matches.front();
  if (!when.known()) return nullptr;
  const Flight* chosen = nullptr;
  for (const Flight* f : matches) {
    if (!Overlaps(DayAround(f->departure), when)) continue;
    if (chosen) return nullptr;  // still ambiguous
    chosen = f;
  }
  return chosen;
}

}  // namespace habeas
