#include "search/top_persons.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace habeas::search {

namespace {

// Lists shorter than this are merged with the group's other short lists of equal score.
constexpr size_t kMergeBelow = 1024;
// Lists at least this long are probed through a bitmap (see Holds).
constexpr size_t kBitmapFrom = 4096;
// Lists are accumulated, not probed (see AccumulateTop), when the per-person table stays
// in cache (up to this many persons: 4 MiB), or when they hold at most kAccumulateUpTo
// postings in all. Measured on the locator benchmark (docs/locator.md "Benchmark"): at
// 50k persons accumulating is 10-25% cheaper per query than probing; at 1M it is 40%
// dearer above ~100k postings (cache misses on a 11 MB table).
constexpr uint32_t kAccumulatePersonsUpTo = 262144;
constexpr size_t kAccumulateUpTo = 32768;
// A group's best score for a person whom none of its lists hold.
constexpr uint32_t kNotHeld = std::numeric_limits<uint32_t>::max();

using Units = uint32_t;  // a score in units of 1/kUnitsPerPoint (see ScoreUnits)

struct Cursor {
  const uint32_t* begin;
  const uint32_t* end;
  const uint32_t* pos;
  Units score;
  uint32_t group;
  const uint64_t* bits = nullptr;  // the persons as a bitmap, once built (long lists)
};

// The first position in [pos, end) holding a person >= target (galloping: the probes
// move forward in small steps, as the persons asked for increase).
const uint32_t* SeekAtLeast(const uint32_t* pos, const uint32_t* end, uint32_t target) {
  if (pos == end || *pos >= target) return pos;
  size_t step = 1;
  const uint32_t* low = pos;  // *low < target
  while (step < static_cast<size_t>(end - low) && low[step] < target) {
    low += step;
    step *= 2;
  }
  const uint32_t* high = step < static_cast<size_t>(end - low) ? low + step + 1 : end;
  return std::lower_bound(low + 1, high, target);
}

// Bitmaps of long lists, kept per thread across calls (cleared after each).
struct BitmapPool {
  std::vector<std::vector<uint64_t>> maps;
  size_t used = 0;
  uint64_t* Take(size_t words) {
    if (used == maps.size()) maps.emplace_back();
    std::vector<uint64_t>& m = maps[used++];
    if (m.size() < words) m.assign(words, 0);
    return m.data();
  }
  void Release(std::span<const Cursor> cursors) {
    for (const Cursor& c : cursors) {
      if (c.bits == nullptr) continue;
      uint64_t* bits = const_cast<uint64_t*>(c.bits);
      for (const uint32_t* p = c.begin; p != c.end; ++p) bits[*p / 64] = 0;
    }
    used = 0;
  }
};

struct Held {
  Units score;
  uint32_t person;
  uint8_t name_groups;
};

// Better answer first: higher score, then the lower person index.
bool Better(const Held& a, const Held& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.person < b.person;
}

// Whether the cursor's list holds `person`; persons asked must not decrease between
// calls unless the cursor is rewound. Long lists probed often are turned into a bitmap
// on first use: a probe is then one bit, not a search through a list far from cache.
bool Holds(Cursor& c, uint32_t person, BitmapPool* pool) {
  if (c.bits == nullptr && static_cast<size_t>(c.end - c.begin) >= kBitmapFrom) {
    uint64_t* bits = pool->Take(c.end[-1] / 64 + 1);
    for (const uint32_t* p = c.begin; p != c.end; ++p) bits[*p / 64] |= uint64_t{1} << (*p % 64);
    c.bits = bits;
  }
  if (c.bits != nullptr) {
    return static_cast<size_t>(person / 64) <= static_cast<size_t>(c.end[-1] / 64) &&
           (c.bits[person / 64] >> (person % 64) & 1) != 0;
  }
  c.pos = SeekAtLeast(c.pos, c.end, person);
  return c.pos != c.end && *c.pos == person;
}

// Accumulation: every posting read into a per-person table, then the k best selected.
// Cheaper than probing when the lists are short (the table's entries touched stay in
// cache); the same result as the probing search.
struct Accumulator {
  Units total = 0;       // identifier and name groups
  Units group_best = 0;  // the group being read
  Units birth = 0;
  uint8_t name_groups = 0;
  bool found = false;  // held by an identifier or name list
  bool in_group = false;
};

// `persons`: one more than the largest person index on the lists.
std::vector<Held> AccumulateTop(std::span<const ScoreGroupKind> groups,
                                std::span<const ScoreList> lists, size_t k, uint32_t persons) {
  thread_local std::vector<Accumulator> table;
  thread_local std::vector<uint32_t> touched, in_group;
  if (table.size() < persons) table.resize(persons);
  // Identifier and name groups, then the birth groups (which need `found`).
  for (uint32_t g = 0; g < groups.size(); ++g) {
    if (groups[g] == ScoreGroupKind::kBirth) continue;
    for (const ScoreList& l : lists) {
      if (l.group != g) continue;
      const Units units = ScoreUnits(l.score);
      for (uint32_t p : l.persons) {
        Accumulator& a = table[p];
        if (!a.in_group) {
          a.in_group = true;
          a.group_best = units;
          in_group.push_back(p);
        } else {
          a.group_best = std::max(a.group_best, units);
        }
      }
    }
    for (uint32_t p : in_group) {
      Accumulator& a = table[p];
      if (!a.found) {
        a.found = true;
        touched.push_back(p);
      }
      a.total += a.group_best;
      a.name_groups += groups[g] == ScoreGroupKind::kName && a.name_groups < 255 ? 1 : 0;
      a.in_group = false;
    }
    in_group.clear();
  }
  for (const ScoreList& l : lists) {
    if (groups[l.group] != ScoreGroupKind::kBirth) continue;
    const Units units = ScoreUnits(l.score);
    for (uint32_t p : l.persons) {
      Accumulator& a = table[p];
      if (a.found) a.birth = std::max(a.birth, units);
    }
  }
  std::vector<Held> top;
  top.reserve(touched.size());
  for (uint32_t p : touched) {
    const Accumulator& a = table[p];
    top.push_back({a.total > 0 ? a.total + a.birth : a.total, p, a.name_groups});
    table[p] = Accumulator{};
  }
  touched.clear();
  if (top.size() > k) {
    std::nth_element(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k), top.end(), Better);
    top.resize(k);
  }
  std::sort(top.begin(), top.end(), Better);
  return top;
}

// The persons on the lists and their postings in all.
struct ListTotals {
  size_t postings = 0;
  uint32_t persons = 0;  // one more than the largest person index
};

ListTotals TotalsOf(std::span<const ScoreList> lists) {
  ListTotals totals;
  for (const ScoreList& l : lists) {
    totals.postings += l.persons.size();
    if (!l.persons.empty()) totals.persons = std::max(totals.persons, l.persons.back() + 1);
  }
  return totals;
}

TopPersonsMethod ResolveMethod(TopPersonsMethod method, const ListTotals& totals) {
  if (method != TopPersonsMethod::kAuto) return method;
  return totals.persons <= kAccumulatePersonsUpTo || totals.postings <= kAccumulateUpTo
             ? TopPersonsMethod::kAccumulate
             : TopPersonsMethod::kProbe;
}

// The lists as the probing search reads them: one cursor per long list; the short lists
// of a group with the same score (a word's rare misspellings, the identifier's one-edit
// variants) merged into one, so that probing a person costs a few cursors per group
// rather than dozens.
struct CursorSet {
  std::vector<Cursor> cursors;
  std::vector<std::vector<uint32_t>> merged;         // the merged short lists (cursors point in)
  std::vector<Units> upper;                          // per group: its best score
  std::vector<std::vector<uint32_t>> group_cursors;  // per group: its cursors
  std::vector<size_t> postings;                      // per group: its postings
};

using ShortList = std::pair<std::pair<uint32_t, Units>, std::span<const uint32_t>>;  // group,
                                                                                     // score

// One cursor per merged run of `short_lists` with the same group and score.
void MergeShortLists(std::vector<ShortList>* short_lists, CursorSet* set) {
  std::sort(short_lists->begin(), short_lists->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const std::vector<ShortList>& s = *short_lists;
  set->merged.reserve(s.size());  // the cursors point into them
  for (size_t i = 0; i < s.size();) {
    size_t j = i;
    std::vector<uint32_t>& m = set->merged.emplace_back();
    for (; j < s.size() && s[j].first == s[i].first; ++j) {
      m.insert(m.end(), s[j].second.begin(), s[j].second.end());
    }
    if (j - i > 1) {
      std::sort(m.begin(), m.end());
      m.erase(std::unique(m.begin(), m.end()), m.end());
    }
    set->cursors.push_back(
        {m.data(), m.data() + m.size(), m.data(), s[i].first.second, s[i].first.first});
    i = j;
  }
}

// Fills `set` (empty) from the lists.
void BuildCursors(std::span<const ScoreList> lists, size_t group_count, CursorSet* set) {
  set->upper.assign(group_count, 0);
  std::vector<ShortList> short_lists;
  for (const ScoreList& l : lists) {
    if (l.persons.empty()) continue;
    const Units units = ScoreUnits(l.score);
    set->upper[l.group] = std::max(set->upper[l.group], units);
    if (l.persons.size() < kMergeBelow) {
      short_lists.push_back({{l.group, units}, l.persons});
    } else {
      const uint32_t* b = l.persons.data();
      set->cursors.push_back({b, b + l.persons.size(), b, units, l.group});
    }
  }
  MergeShortLists(&short_lists, set);
  set->group_cursors.resize(group_count);
  set->postings.assign(group_count, 0);
  for (uint32_t c = 0; c < set->cursors.size(); ++c) {
    const Cursor& cursor = set->cursors[c];
    set->group_cursors[cursor.group].push_back(c);
    set->postings[cursor.group] += static_cast<size_t>(cursor.end - cursor.begin);
  }
}

// The groups with postings, fewest postings first (ties: in group order).
std::vector<uint32_t> PhaseOrder(const std::vector<size_t>& postings) {
  std::vector<uint32_t> phases;
  for (uint32_t g = 0; g < postings.size(); ++g) {
    if (postings[g] != 0) phases.push_back(g);
  }
  std::stable_sort(phases.begin(), phases.end(),
                   [&](uint32_t a, uint32_t b) { return postings[a] < postings[b]; });
  return phases;
}

// The k best persons held so far: a heap whose front is the worst held.
class TopHeap {
 public:
  explicit TopHeap(size_t k) : k_(k) {}

  bool full() const { return heap_.size() == k_; }
  const Held& worst() const { return heap_.front(); }
  // Whether a person whose score is at most `bound` is left out by the persons held.
  bool CannotEnter(Units bound, uint32_t person) const {
    if (!full()) return false;
    const Held& w = worst();
    return bound < w.score || (bound == w.score && person > w.person);
  }
  void Offer(const Held& candidate) {
    if (heap_.size() < k_) {
      heap_.push_back(candidate);
      std::push_heap(heap_.begin(), heap_.end(), Better);
    } else if (Better(candidate, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Better);
      heap_.back() = candidate;
      std::push_heap(heap_.begin(), heap_.end(), Better);
    }
  }
  // The persons held, best first; leaves the heap empty.
  std::vector<Held> TakeSorted() {
    std::sort_heap(heap_.begin(), heap_.end(), Better);
    return std::move(heap_);
  }

 private:
  size_t k_;
  std::vector<Held> heap_;
};

// What probing the other groups found for one person of a phase.
struct ProbedScore {
  Units names = 0;  // identifier and name groups
  Units birth = 0;  // the best birth group
  unsigned name_groups = 0;
  bool held_by_evidence = false;  // by an identifier or name list: a candidate
  bool left_out = false;          // could not enter the top k; not probed to the end
};

// The probing search (top_persons.h). Phases: the groups by number of postings, fewest
// first. Phase i reads the persons of group i that no earlier phase's group holds (those
// were scored already), and probes the other groups only while the person can still enter
// the top k. The bar (the k-th best score held) rises in the small phases, so the large
// ones are mostly skipped, and once the groups left cannot lift anyone not seen yet above
// the bar, the search stops. Scores are integers (ScoreUnits), so bounds and ties are
// exact. One use per object.
class ProbeSearch {
 public:
  ProbeSearch(std::span<const ScoreGroupKind> groups, std::span<const ScoreList> lists, size_t k)
      : groups_(groups), top_(k), done_(groups.size(), 0) {
    BuildCursors(lists, groups.size(), &set_);
  }

  std::vector<Held> Run() {
    thread_local BitmapPool pool;
    pool_ = &pool;
    for (uint32_t phase : PhaseOrder(set_.postings)) {
      if (NewPersonsCannotEnter()) break;
      PlanProbes(phase);
      ReadPhase(phase);
      done_[phase] = 1;
    }
    pool.Release(set_.cursors);
    return top_.TakeSorted();
  }

 private:
  bool IsBirth(uint32_t g) const { return groups_[g] == ScoreGroupKind::kBirth; }
  unsigned NameGroupCount(uint32_t g) const { return groups_[g] == ScoreGroupKind::kName ? 1 : 0; }

  // Whether everything a person held by no group done yet can collect is below the bar.
  bool NewPersonsCannotEnter() const {
    Units names_left = 0, birth_left = 0;
    for (uint32_t g = 0; g < groups_.size(); ++g) {
      if (done_[g]) continue;
      if (IsBirth(g)) {
        birth_left = std::max(birth_left, set_.upper[g]);
      } else {
        names_left += set_.upper[g];
      }
    }
    return top_.full() && names_left + birth_left < top_.worst().score;
  }

  // The groups a phase probes, best score first, and the bounds of what is left after
  // each: over probe_order_[i, end), the sum of the identifier and name groups' maxima
  // and the largest maximum of the birth groups.
  void PlanProbes(uint32_t phase) {
    probe_order_.clear();
    for (uint32_t g = 0; g < groups_.size(); ++g) {
      if (!done_[g] && g != phase) probe_order_.push_back(g);
    }
    const std::vector<Units>& upper = set_.upper;
    std::stable_sort(probe_order_.begin(), probe_order_.end(),
                     [&](uint32_t a, uint32_t b) { return upper[a] > upper[b]; });
    rest_names_.assign(probe_order_.size() + 1, 0);
    rest_birth_.assign(probe_order_.size() + 1, 0);
    for (size_t i = probe_order_.size(); i-- > 0;) {
      const uint32_t g = probe_order_[i];
      rest_names_[i] = rest_names_[i + 1] + (IsBirth(g) ? 0 : upper[g]);
      rest_birth_[i] = std::max(rest_birth_[i + 1], IsBirth(g) ? upper[g] : Units{0});
    }
  }

  // Every person of the phase's group, in order, scored and offered to the top k.
  void ReadPhase(uint32_t phase) {
    for (Cursor& c : set_.cursors) c.pos = c.begin;
    driver_ = set_.group_cursors[phase];
    while (!driver_.empty()) {
      Units own = 0;
      const uint32_t person = NextDriven(&own);
      const ProbedScore s = ProbeOtherGroups(phase, person, own);
      // Scored in an earlier phase? Asked last: most persons are left out by the bound
      // before any probe.
      if (s.left_out || SeenInEarlierPhase(person) || !s.held_by_evidence) continue;
      top_.Offer({s.names > 0 ? s.names + s.birth : s.names, person,
                  static_cast<uint8_t>(std::min(s.name_groups, 255u))});
    }
  }

  // The lowest person the phase's cursors point at, with the best score of its lists
  // holding it (`own`); moves those cursors past it, dropping the exhausted ones.
  uint32_t NextDriven(Units* own) {
    uint32_t person = std::numeric_limits<uint32_t>::max();
    for (uint32_t c : driver_) person = std::min(person, *set_.cursors[c].pos);
    for (size_t i = 0; i < driver_.size();) {
      Cursor& c = set_.cursors[driver_[i]];
      if (*c.pos == person) {
        *own = std::max(*own, c.score);
        if (++c.pos == c.end) {
          driver_[i] = driver_.back();
          driver_.pop_back();
          continue;
        }
      }
      ++i;
    }
    return person;
  }

  // The person's score over the groups not done, probed while it can still enter.
  ProbedScore ProbeOtherGroups(uint32_t phase, uint32_t person, Units own) {
    ProbedScore s;
    s.names = IsBirth(phase) ? 0 : own;
    s.birth = IsBirth(phase) ? own : 0;
    s.held_by_evidence = !IsBirth(phase);
    s.name_groups = NameGroupCount(phase);
    for (size_t i = 0; i < probe_order_.size(); ++i) {
      if (top_.CannotEnter(s.names + rest_names_[i] + std::max(s.birth, rest_birth_[i]), person)) {
        s.left_out = true;
        return s;
      }
      const uint32_t g = probe_order_[i];
      const Units best = BestHeldScore(g, person);
      if (best == kNotHeld) continue;
      if (IsBirth(g)) {
        s.birth = std::max(s.birth, best);
      } else {
        s.names += best;
        s.held_by_evidence = true;
        s.name_groups += NameGroupCount(g);
      }
    }
    return s;
  }

  // The best score of group g's lists that hold the person, or kNotHeld.
  Units BestHeldScore(uint32_t g, uint32_t person) {
    Units best = kNotHeld;
    for (uint32_t ci : set_.group_cursors[g]) {
      Cursor& c = set_.cursors[ci];
      if (Holds(c, person, pool_)) best = best == kNotHeld ? c.score : std::max(best, c.score);
    }
    return best;
  }

  // Whether a group of an earlier phase holds the person (then it was scored there).
  bool SeenInEarlierPhase(uint32_t person) {
    bool seen = false;
    for (uint32_t g = 0; g < groups_.size() && !seen; ++g) {
      if (!done_[g]) continue;
      for (uint32_t ci : set_.group_cursors[g]) {
        if (Holds(set_.cursors[ci], person, pool_)) seen = true;
      }
    }
    return seen;
  }

  std::span<const ScoreGroupKind> groups_;
  CursorSet set_;
  TopHeap top_;
  std::vector<uint8_t> done_;  // groups of earlier phases
  std::vector<uint32_t> probe_order_;
  std::vector<Units> rest_names_;
  std::vector<Units> rest_birth_;
  std::vector<uint32_t> driver_;  // the phase's cursors not exhausted
  BitmapPool* pool_ = nullptr;
};

std::vector<ScoredPerson> ScoredPersonsOf(const std::vector<Held>& top) {
  std::vector<ScoredPerson> out;
  out.reserve(top.size());
  for (const Held& h : top) {
    out.push_back({h.person, static_cast<float>(h.score) / kUnitsPerPoint, h.name_groups});
  }
  return out;
}

}  // namespace

uint32_t ScoreUnits(float score) {
  return static_cast<uint32_t>(std::lround(std::max(0.f, score) * kUnitsPerPoint));
}

std::vector<ScoredPerson> TopPersons(std::span<const ScoreGroupKind> groups,
                                     std::span<const ScoreList> lists, size_t k,
                                     TopPersonsMethod method) {
  if (k == 0) return {};
  const ListTotals totals = TotalsOf(lists);
  if (ResolveMethod(method, totals) == TopPersonsMethod::kAccumulate) {
    return ScoredPersonsOf(AccumulateTop(groups, lists, k, totals.persons));
  }
  return ScoredPersonsOf(ProbeSearch(groups, lists, k).Run());
}

}  // namespace habeas::search
