// The linker's persons as a LinkageGraph: see store_units.h.
#include "estimate/store_units.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

namespace habeas::mse {
namespace {

// The position of `id` in `sorted` (ascending), if it is there.
template <typename T, typename Key>
std::optional<size_t> PositionOf(const std::vector<T>& sorted, int64_t id, Key key) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id,
                             [&](const T& x, int64_t wanted) { return key(x) < wanted; });
  if (it == sorted.end() || key(*it) != id) return std::nullopt;
  return static_cast<size_t>(it - sorted.begin());
}

std::optional<size_t> IndexOfRecord(const std::vector<EstimateRecord>& records, int64_t id) {
  return PositionOf(records, id, [](const EstimateRecord& r) { return r.id; });
}

// Per person, its records (indexes in record order).
std::map<int64_t, std::vector<size_t>> RecordsOfPersons(
    const std::vector<EstimateRecord>& records) {
  std::map<int64_t, std::vector<size_t>> of_person;
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].person) of_person[*records[i].person].push_back(i);
  }
  return of_person;
}

// The person's stored edges: confident ones join units, the others are doubtful links
// it made. Its records that no edge reaches stay with its first record.
Status JoinByEdges(Store& store, int64_t person, const std::vector<size_t>& members,
                   const std::vector<EstimateRecord>& records, const link::LinkSettings& settings,
                   RecordUnits* units) {
  HABEAS_ASSIGN_OR_RETURN(const std::vector<LinkEdge> edges, store.ListEdges(person));
  const auto local = [&](size_t index) {  // over the person's own records
    return PositionOf(members, static_cast<int64_t>(index),
                      [](size_t m) { return static_cast<int64_t>(m); });
  };
  DisjointSets<size_t> reached(members.size());
  for (const LinkEdge& e : edges) {
    const auto a = IndexOfRecord(records, e.record_a), b = IndexOfRecord(records, e.record_b);
    if (!a || !b) continue;
    const auto la = local(*a), lb = local(*b);
    if (!la || !lb) continue;  // an edge to a record now in another person
    reached.Union(*la, *lb);
    if (EdgeIsConfident(e, settings)) {
      units->units.Union(*a, *b);
    } else {
      units->doubtful.push_back({*a, *b, e.probability, true});
    }
  }
  for (size_t m = 1; m < members.size(); ++m) {
    if (reached.Find(m) != reached.Find(0)) {
      units->units.Union(members[0], members[m]);
      reached.Union(0, m);
    }
  }
  return Status::Ok();
}

// Adds the record to its unit of the graph.
void AddToUnit(const EstimateRecord& record, LinkageUnit* unit) {
  unit->sources.push_back(record.source);
  if (unit->stratum.empty()) unit->stratum = record.stratum;
  unit->membership = std::max(unit->membership, record.says);
}

// Keeps one link per pair of units: the most probable evidence, made if any made it.
void AddUnitLink(uint32_t a, uint32_t b, const RecordLink& link,
                 std::map<std::pair<uint32_t, uint32_t>, size_t>* link_of_units,
                 std::vector<DoubtfulLink>* links) {
  if (a > b) std::swap(a, b);
  auto [it, inserted] = link_of_units->try_emplace({a, b}, links->size());
  if (inserted) {
    links->push_back({a, b, link.probability, link.linked});
    return;
  }
  DoubtfulLink& kept = (*links)[it->second];
  kept.linked = kept.linked || link.linked;
  kept.probability = std::max(kept.probability, link.probability);
}

}  // namespace

bool EdgeIsConfident(const LinkEdge& edge, const link::LinkSettings& settings) {
  return edge.kind != LinkEdgeKind::kModel || edge.probability > settings.review_high;
}

bool ReviewPairIsDoubtful(const ReviewPair& pair, const link::LinkSettings& settings) {
  return !(pair.probability < settings.review_low || pair.probability >= settings.threshold);
}

Result<RecordUnits> JoinRecordsIntoUnits(Store& store, const std::vector<EstimateRecord>& records,
                                         bool doubtful_links, const link::LinkSettings& settings) {
  RecordUnits units(records.size());
  for (const auto& [person, members] : RecordsOfPersons(records)) {
    if (members.size() < 2) continue;
    if (!doubtful_links) {
      for (size_t m : members) units.units.Union(members[0], m);
      continue;
    }
    HABEAS_RETURN_IF_ERROR(JoinByEdges(store, person, members, records, settings, &units));
  }
  return units;
}

Status AddUnmadeLinks(Store& store, const std::vector<EstimateRecord>& records,
                      const link::LinkSettings& settings, RecordUnits* units) {
  HABEAS_ASSIGN_OR_RETURN(const std::vector<ReviewPair> review, store.ListReviewPairs(-1));
  for (const ReviewPair& pair : review) {
    const auto a = IndexOfRecord(records, pair.record_a);
    const auto b = IndexOfRecord(records, pair.record_b);
    if (!a || !b || records[*a].person_key == records[*b].person_key) continue;
    if (!ReviewPairIsDoubtful(pair, settings)) continue;
    units->doubtful.push_back({*a, *b, pair.probability, false});
  }
  return Status::Ok();
}

LinkageGraph GraphOfUnits(const std::vector<EstimateRecord>& records, RecordUnits& units) {
  LinkageGraph graph;
  std::vector<int64_t> unit_of_root(records.size(), -1);
  std::vector<uint32_t> unit_of(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    const size_t root = units.units.Find(i);
    if (unit_of_root[root] < 0) {
      unit_of_root[root] = static_cast<int64_t>(graph.units.size());
      graph.units.push_back({{}, "", Membership::kUnknown});
    }
    unit_of[i] = static_cast<uint32_t>(unit_of_root[root]);
    AddToUnit(records[i], &graph.units[unit_of[i]]);
  }
  std::map<std::pair<uint32_t, uint32_t>, size_t> link_of_units;
  for (const RecordLink& link : units.doubtful) {
    const uint32_t a = unit_of[link.a], b = unit_of[link.b];
    if (a != b) AddUnitLink(a, b, link, &link_of_units, &graph.links);
  }
  return graph;
}

}  // namespace habeas::mse
