// The store side of `habeas estimate`: which lists each person is on.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/estimate_command.h"
#include "cli/record_format.h"
#include "common/union_find.h"
#include "estimate/capture_table.h"
#include "habeas/link.h"
#include "habeas/store.h"

namespace habeas::cli {
namespace {

// Per person while reading the records: what the records say about membership
// of the --where population, and on which lists a record said something.
struct PersonSelection {
  Membership membership = Membership::kUnknown;
  std::map<std::string, bool> list_says;  // list -> some record on it says in/out
};

// The linked persons as a LinkageGraph: per record its person, list, stratum value
// (the first non-empty value of `stratify_field` among a unit's records) and what it
// says about the --where population. Without doubtful links each person is one unit.
// With them, a person's records joined by confident edges (probability above 0.95,
// or a reviewer) form units, its doubtful edges are links the linker made, and review
// pairs between two persons below probability 0.5 are links it did not make.
// Persons no record places are counted in a population_unrecorded warning.
Result<LinkageGraph> LoadMemberships(CliContext& ctx, const EstimateStoreRequest& request,
                                     EstimateOptions* options,
                                     std::vector<EstimateWarning>* warnings) {
  std::optional<CanonicalField> stratum_field;
  if (!request.stratify_field.empty()) {
    stratum_field = ParseCanonicalField(request.stratify_field);
    if (!stratum_field) {
      return InvalidInput("--stratify " + request.stratify_field +
                          ": not a canonical field (e.g. facility, region, nationality)");
    }
  }
  std::map<std::string, CanonicalField> where_fields;
  for (const PopulationCondition& c : request.where) {
    if (c.field == "source") continue;
    const auto field = ParseCanonicalField(c.field);
    if (!field) {
      return InvalidInput("--where " + c.field +
                          ": not a canonical field or `source` (e.g. facility, region)");
    }
    where_fields[c.field] = *field;
  }
  // Match probabilities between which a link is doubtful: the bounds of the linker's
  // review queue. Cross-person pairs at or above the link threshold were refused by
  // clustering on other evidence (conflicting identifiers, a pair that says different
  // persons) and stay apart in every draw. The store does not record a link run's
  // settings, so these are the defaults (data/link/linkage.toml).
  const link::LinkSettings link_settings = link::DefaultLinkSettings();
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, ctx.OpenStoreForReading());
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store->ListSources());
  std::map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  for (const PopulationCondition& c : request.where) {
    if (c.field != "source") continue;
    for (const std::string& name : c.values) {
      bool known = false;
      for (const SourceInfo& s : sources) known = known || s.name == name;
      if (!known) {
        std::string names;
        for (const SourceInfo& s : sources) names += (names.empty() ? "" : ", ") + s.name;
        return InvalidInput("--where source=" + name + ": no such list (lists: " + names + ")");
      }
    }
  }
  for (const std::string& name : options->unrecorded_lists) {
    bool known = false;
    for (const SourceInfo& s : sources) known = known || s.name == name;
    if (!known) return InvalidInput("--unrecorded " + name + ": no such list");
  }
  // Per record, in record id order.
  struct RecordRow {
    int64_t id = 0;
    std::optional<int64_t> person;
    std::string person_key;
    std::string source;
    std::string stratum;
    Membership says = Membership::kUnknown;
    bool thin_name = false;  // only initials or one name word
    bool dated = false;      // a birth date to the month or an age (RecordDatedToLink)
    uint8_t identifiers = 0;  // kinds it carries: bit 0 A-number, 1 national id, 2 other id
    bool thin = false;        // too weak to link (a thin name, or a name only), decided below
  };
  constexpr int kIdentifierKinds = 3;
  std::vector<RecordRow> rows;
  // Per list: records, and records carrying each identifier kind.
  std::map<std::string, ListIdentifiers> carried;
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assigned, store->ListPersonRecords());
  size_t next_assigned = 0;
  HABEAS_RETURN_IF_ERROR(store->ForEachRecord({}, [&](const RecordData& r) {
    while (next_assigned < assigned.size() && assigned[next_assigned].record_id < r.id) {
      ++next_assigned;
    }
    RecordRow row;
    row.id = r.id;
    if (next_assigned < assigned.size() && assigned[next_assigned].record_id == r.id) {
      row.person = assigned[next_assigned].person_id;
    }
    row.person_key = link::PersonIdForRecord(row.person, r.id);
    row.source = source_names[r.source_id];
    if (stratum_field) row.stratum = r.field(*stratum_field);
    row.thin_name = RecordTooThinToLink(
        {r.field(CanonicalField::kFullName), r.field(CanonicalField::kGivenNames),
         r.field(CanonicalField::kSurnames), r.field(CanonicalField::kSurname1),
         r.field(CanonicalField::kSurname2)},
        false);
    row.dated =
        RecordDatedToLink(r.field(CanonicalField::kBirthDate), r.field(CanonicalField::kAge));
    ListIdentifiers& list = carried[row.source];
    ++list.records;
    const CanonicalField kinds[kIdentifierKinds] = {
        CanonicalField::kANumber, CanonicalField::kNationalId, CanonicalField::kOtherId};
    for (int k = 0; k < kIdentifierKinds; ++k) {
      if (r.field(kinds[k]).empty()) continue;
      row.identifiers |= static_cast<uint8_t>(1u << k);
      ++list.with_kind[static_cast<size_t>(k)];
    }
    if (!request.where.empty()) {
      row.says = RecordMembership(request.where, row.source, [&](const std::string& name) {
        return r.field(where_fields.at(name));
      });
    } else {
      row.says = Membership::kIn;
    }
    rows.push_back(std::move(row));
    return true;
  }));

  // A record with a thin name links only through an identifier, and only to a list
  // that carries the same kind of identifier: an initials-only caption with an
  // A-number joins the manifest but never a family report. Counted on some lists and
  // not on others, its person's pattern would depend on which lists hold them, so it
  // is linkable only with an identifier kind that every other list in the estimate
  // (a merged list as one) carries on at least 90% of its records.
  // A full name with neither a birth date to the month nor an age (RecordDatedToLink)
  // links by its name alone to every record that lacks its identifiers, and a name
  // among thousands of persons matches namesakes as readily as its person. It counts
  // when it carries an identifier kind that at least half of the other lists'
  // records carry (pooled): a court caption "José Luis González González" with an
  // A-number joins the manifest for sure, but the family reports and NGO rows, more
  // than half of the records, only by chance.
  std::vector<std::string> source_list_names;
  for (const SourceInfo& s : sources) source_list_names.push_back(s.name);
  // Input list -> its list in the estimate (a merged list for its parts).
  HABEAS_ASSIGN_OR_RETURN(const auto group_of, ListsUsed(source_list_names, request.lists));
  std::map<std::string, ListIdentifiers> group_carried;
  for (const auto& [list, counts] : carried) {
    auto it = group_of.find(list);
    if (it == group_of.end()) continue;
    ListIdentifiers& g = group_carried[it->second];
    g.records += counts.records;
    for (int k = 0; k < kIdentifierKinds; ++k) g.with_kind[k] += counts.with_kind[k];
  }
  const auto linkable_through = [&](const std::string& source, uint8_t identifiers, bool pooled) {
    const auto own = group_of.find(source);
    std::vector<ListIdentifiers> others;
    for (const auto& [group, counts] : group_carried) {
      if (own == group_of.end() || group != own->second) others.push_back(counts);
    }
    return IdentifierLinks(others, identifiers, pooled);
  };
  std::map<std::string, PersonSelection> selection;
  std::map<std::string, ThinRecordTally> dropped;  // per list, with --unlinkable drop
  {
    std::vector<RecordRow> kept;
    kept.reserve(rows.size());
    for (RecordRow& row : rows) {
      row.thin = row.thin_name ? !linkable_through(row.source, row.identifiers, /*pooled=*/false)
                               : !row.dated && !linkable_through(row.source, row.identifiers,
                                                                 /*pooled=*/true);
      if (row.thin && request.unlinkable == UnlinkableRecords::kDrop) {
        // Says nothing and is on no list; only counted for the warning.
        ThinRecordTally& t = dropped[row.source];
        t.list = row.source;
        ++t.thin;
        t.name_only += !row.thin_name;
        continue;
      }
      if (!request.where.empty()) {
        PersonSelection& sel = selection[row.person_key];
        sel.membership = std::max(sel.membership, row.says);  // in > out > unknown
        bool& list_says = sel.list_says[row.source];
        list_says = list_says || row.says != Membership::kUnknown;
      }
      kept.push_back(std::move(row));
    }
    rows = std::move(kept);
  }
  if (rows.empty()) {
    return NotFound(dropped.empty() ? "no linked person has a record: import lists first"
                                    : "every record is too weak to link (only initials or one "
                                      "name, or a name with neither a birth date to the "
                                      "month, an age nor an identifier): estimate with "
                                      "--unlinkable keep");
  }
  // A list whose every record was left out is in no capture history: --drop of it is
  // already done, and --sources or --merge cannot use it.
  {
    std::set<std::string> remaining;
    for (const RecordRow& row : rows) remaining.insert(row.source);
    const auto emptied = [&](const std::string& list) {
      return dropped.count(list) > 0 && remaining.count(list) == 0;
    };
    const auto refuse = [](const std::string& option, const std::string& list) {
      return InvalidInput(option + ": every record of " + list +
                          " is too weak to link and was left out (--unlinkable keep counts "
                          "them)");
    };
    auto& drop = options->lists.drop;
    drop.erase(std::remove_if(drop.begin(), drop.end(), emptied), drop.end());
    for (const std::string& list : options->lists.keep) {
      if (emptied(list)) return refuse("--sources", list);
    }
    for (const std::string& spec : options->lists.merge) {
      for (const std::string& part : mse::MergedListParts(spec)) {
        if (emptied(part)) return refuse("--merge \"" + spec + "\"", part);
      }
    }
  }

  if (!request.where.empty()) {
    PopulationTally tally;
    std::map<std::string, std::pair<int64_t, int64_t>> silent;
    for (const auto& [id, sel] : selection) {
      for (const auto& [list, says] : sel.list_says) {
        ++silent[list].first;
        if (!says) ++silent[list].second;
      }
      if (sel.membership == Membership::kUnknown) {
        ++tally.unknown;
      } else if (sel.membership == Membership::kOut) {
        ++tally.out;
      } else {
        ++tally.in;
      }
    }
    tally.silent_by_list.assign(silent.begin(), silent.end());
    if (auto w = PopulationWarning(request.where, tally)) warnings->push_back(std::move(*w));
    for (std::string& list : ListsNeverRecording(tally)) {
      if (std::find(options->unrecorded_lists.begin(), options->unrecorded_lists.end(), list) ==
          options->unrecorded_lists.end()) {
        options->unrecorded_lists.push_back(std::move(list));
      }
    }
    if (tally.in == 0) {
      return NotFound("no linked person has a record satisfying --where (" +
                      std::to_string(tally.out) + " placed out, " + std::to_string(tally.unknown) +
                      " unknown)");
    }
  }

  // Records too thin to link per list: left out (whatever their population), or kept
  // and persons of their own (for the persons in the population).
  {
    std::map<std::string, int64_t> records_per_person;
    for (const RecordRow& row : rows) ++records_per_person[row.person_key];
    std::map<std::string, ThinRecordTally> thin;
    int64_t observed = 0;
    for (const auto& [person, count] : records_per_person) {
      observed += request.where.empty() || selection[person].membership == Membership::kIn;
    }
    for (const RecordRow& row : rows) {
      if (!request.where.empty() && selection[row.person_key].membership != Membership::kIn) {
        continue;
      }
      ThinRecordTally& t = thin[row.source];
      t.list = row.source;
      ++t.records;
      t.thin += row.thin;
      t.thin_alone += row.thin && records_per_person[row.person_key] == 1;
      t.name_only += row.thin && !row.thin_name;
    }
    for (const auto& [list, d] : dropped) {
      ThinRecordTally& t = thin[list];
      t.list = list;
      t.records += d.thin;
      t.thin += d.thin;
      t.name_only += d.name_only;
    }
    // Lists the estimate leaves out do not matter (--drop, or not in --sources).
    std::vector<ThinRecordTally> tally;
    for (auto& [list, t] : thin) {
      if (group_of.count(list)) tally.push_back(std::move(t));
    }
    if (auto w = ThinRecordsWarning(tally, observed, request.unlinkable)) {
      warnings->push_back(std::move(*w));
    }
  }

  // Units: records of one person joined by confident edges (all of a person's records
  // when doubtful links are not read).
  const size_t n = rows.size();
  auto index_of = [&](int64_t record_id) -> std::optional<size_t> {
    auto it = std::lower_bound(rows.begin(), rows.end(), record_id,
                               [](const RecordRow& r, int64_t id) { return r.id < id; });
    if (it == rows.end() || it->id != record_id) return std::nullopt;
    return static_cast<size_t>(it - rows.begin());
  };
  DisjointSets<size_t> confident(n);
  struct RecordLink {
    size_t a, b;
    double probability;
    bool linked;
  };
  std::vector<RecordLink> record_links;
  std::map<int64_t, std::vector<size_t>> records_of_person;
  for (size_t i = 0; i < n; ++i) {
    if (rows[i].person) records_of_person[*rows[i].person].push_back(i);
  }
  for (const auto& [person, members] : records_of_person) {
    if (members.size() < 2) continue;
    if (!request.doubtful_links) {
      for (size_t m : members) confident.Union(members[0], m);
      continue;
    }
    HABEAS_ASSIGN_OR_RETURN(std::vector<LinkEdge> edges, store->ListEdges(person));
    // Over the person's own records (members is sorted: record order).
    auto local = [&](size_t index) -> std::optional<size_t> {
      auto it = std::lower_bound(members.begin(), members.end(), index);
      if (it == members.end() || *it != index) return std::nullopt;
      return static_cast<size_t>(it - members.begin());
    };
    DisjointSets<size_t> all_edges(members.size());
    for (const LinkEdge& e : edges) {
      const auto a = index_of(e.record_a), b = index_of(e.record_b);
      if (!a || !b) continue;
      const auto la = local(*a), lb = local(*b);
      if (!la || !lb) continue;  // an edge to a record now in another person
      all_edges.Union(*la, *lb);
      if (e.kind != "model" || e.probability > link_settings.review_high) {
        confident.Union(*a, *b);
      } else {
        record_links.push_back({*a, *b, e.probability, true});
      }
    }
    // Records of the person that no stored edge reaches (a person from an earlier
    // run) stay with it: only the doubtful edges are drawn.
    for (size_t m = 1; m < members.size(); ++m) {
      if (all_edges.Find(m) != all_edges.Find(0)) {
        confident.Union(members[0], members[m]);
        all_edges.Union(0, m);
      }
    }
  }
  if (request.doubtful_links) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<ReviewPair> review, store->ListReviewPairs(-1));
    for (const ReviewPair& pair : review) {
      const auto a = index_of(pair.record_a), b = index_of(pair.record_b);
      if (!a || !b || rows[*a].person_key == rows[*b].person_key) continue;
      if (pair.probability < link_settings.review_low ||
          pair.probability >= link_settings.threshold)
        continue;
      record_links.push_back({*a, *b, pair.probability, false});
    }
  }
  LinkageGraph graph;
  std::vector<int64_t> unit_of_root(n, -1);
  std::vector<uint32_t> unit_of(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t root = confident.Find(i);
    if (unit_of_root[root] < 0) {
      unit_of_root[root] = static_cast<int64_t>(graph.units.size());
      LinkageUnit unit;
      unit.membership = Membership::kUnknown;
      graph.units.push_back(std::move(unit));
    }
    unit_of[i] = static_cast<uint32_t>(unit_of_root[root]);
    LinkageUnit& unit = graph.units[unit_of[i]];
    unit.sources.push_back(rows[i].source);
    if (unit.stratum.empty()) unit.stratum = rows[i].stratum;
    unit.membership = std::max(unit.membership, rows[i].says);
  }
  // One link per pair of units: the most probable evidence between them.
  std::map<std::pair<uint32_t, uint32_t>, size_t> link_of_units;
  for (const RecordLink& l : record_links) {
    uint32_t a = unit_of[l.a], b = unit_of[l.b];
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    auto [it, inserted] = link_of_units.try_emplace({a, b}, graph.links.size());
    if (inserted) {
      graph.links.push_back({a, b, l.probability, l.linked});
    } else {
      DoubtfulLink& kept = graph.links[it->second];
      kept.linked = kept.linked || l.linked;
      kept.probability = std::max(kept.probability, l.probability);
    }
  }
  return graph;
}

}  // namespace

void RegisterEstimateCommandFromStore(CLI::App& app, CliContext& ctx) {
  RegisterEstimateCommandWithLoader(app, ctx, LoadMemberships);
}

}  // namespace habeas::cli
