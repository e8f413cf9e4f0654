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

}  // namespace

uint32_t ScoreUnits(float score) {
  return static_cast<uint32_t>(std::lround(std::max(0.f, score) * kUnitsPerPoint));
}

std::vector<ScoredPerson> TopPersons(std::span<const ScoreGroupKind> groups,
                                     std::span<const ScoreList> lists, size_t k,
                                     TopPersonsMethod method) {
  std::vector<ScoredPerson> out;
  if (k == 0) return out;
  const size_t group_count = groups.size();
  size_t total = 0;
  uint32_t persons = 0;
  for (const ScoreList& l : lists) {
    total += l.persons.size();
    if (!l.persons.empty()) persons = std::max(persons, l.persons.back() + 1);
  }
  if (method == TopPersonsMethod::kAuto) {
    method = persons <= kAccumulatePersonsUpTo || total <= kAccumulateUpTo
                 ? TopPersonsMethod::kAccumulate
                 : TopPersonsMethod::kProbe;
  }
  if (method == TopPersonsMethod::kAccumulate) {
    for (const Held& h : AccumulateTop(groups, lists, k, persons)) {
      out.push_back({h.person, static_cast<float>(h.score) / kUnitsPerPoint, h.name_groups});
    }
    return out;
  }

  // One cursor per long list; the short lists of a group with the same score (a word's
  // rare misspellings, the identifier's one-edit variants) are merged into one, so that
  // probing a person costs a few cursors per group rather than dozens.
  std::vector<Cursor> cursors;
  std::vector<Units> upper(group_count, 0);
  std::vector<std::pair<std::pair<uint32_t, Units>, std::span<const uint32_t>>> short_lists;
  for (const ScoreList& l : lists) {
    if (l.persons.empty()) continue;
    const Units units = ScoreUnits(l.score);
    upper[l.group] = std::max(upper[l.group], units);
    if (l.persons.size() < kMergeBelow) {
      short_lists.push_back({{l.group, units}, l.persons});
    } else {
      const uint32_t* b = l.persons.data();
      cursors.push_back({b, b + l.persons.size(), b, units, l.group});
    }
  }
  std::sort(short_lists.begin(), short_lists.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::vector<uint32_t>> merged;
  merged.reserve(short_lists.size());  // the cursors point into them
  for (size_t i = 0; i < short_lists.size();) {
    size_t j = i;
    std::vector<uint32_t>& m = merged.emplace_back();
    for (; j < short_lists.size() && short_lists[j].first == short_lists[i].first; ++j) {
      m.insert(m.end(), short_lists[j].second.begin(), short_lists[j].second.end());
    }
    if (j - i > 1) {
      std::sort(m.begin(), m.end());
      m.erase(std::unique(m.begin(), m.end()), m.end());
    }
    cursors.push_back({m.data(), m.data() + m.size(), m.data(), short_lists[i].first.second,
                       short_lists[i].first.first});
    i = j;
  }
  std::vector<std::vector<uint32_t>> group_cursors(group_count);
  std::vector<size_t> postings(group_count, 0);
  for (uint32_t c = 0; c < cursors.size(); ++c) {
    group_cursors[cursors[c].group].push_back(c);
    postings[cursors[c].group] += static_cast<size_t>(cursors[c].end - cursors[c].begin);
  }
  auto is_birth = [&](uint32_t g) { return groups[g] == ScoreGroupKind::kBirth; };

  // Phases: the groups by number of postings, fewest first. Phase i reads the persons of
  // group i that no earlier phase's group holds (those were scored already), and probes
  // the other groups only while the person can still enter the top k. The bar (the k-th
  // best score held) rises in the small phases, so the large ones are mostly skipped, and
  // once the groups left cannot lift anyone not seen yet above the bar, the search stops.
  // Scores are integers (ScoreUnits), so bounds and ties are exact.
  std::vector<uint32_t> phases;
  for (uint32_t g = 0; g < group_count; ++g) {
    if (postings[g] != 0) phases.push_back(g);
  }
  std::stable_sort(phases.begin(), phases.end(),
                   [&](uint32_t a, uint32_t b) { return postings[a] < postings[b]; });

  thread_local BitmapPool pool;
  std::vector<Held> top;  // a heap whose front is the worst held
  auto full = [&] { return top.size() == k; };
  // Whether a person whose score is at most `bound` is left out by the top k held.
  auto cannot_enter = [&](Units bound, uint32_t person) {
    if (!full()) return false;
    const Held& worst = top.front();
    return bound < worst.score || (bound == worst.score && person > worst.person);
  };
  std::vector<uint8_t> done(group_count, 0);  // groups of earlier phases
  std::vector<uint32_t> probe_order;
  // Over probe_order[i, end): the sum of the identifier and name groups' maxima, and the
  // largest maximum of the birth groups.
  std::vector<Units> rest_names;
  std::vector<Units> rest_birth;
  std::vector<uint32_t> driver;
  for (uint32_t phase : phases) {
    // Everything a person held by no group done yet can collect.
    Units names_left = 0, birth_left = 0;
    for (uint32_t g = 0; g < group_count; ++g) {
      if (done[g]) continue;
      if (is_birth(g)) {
        birth_left = std::max(birth_left, upper[g]);
      } else {
        names_left += upper[g];
      }
    }
    if (full() && names_left + birth_left < top.front().score) break;

    probe_order.clear();
    for (uint32_t g = 0; g < group_count; ++g) {
      if (!done[g] && g != phase) probe_order.push_back(g);
    }
    std::stable_sort(probe_order.begin(), probe_order.end(),
                     [&](uint32_t a, uint32_t b) { return upper[a] > upper[b]; });
    rest_names.assign(probe_order.size() + 1, 0);
    rest_birth.assign(probe_order.size() + 1, 0);
    for (size_t i = probe_order.size(); i-- > 0;) {
      const uint32_t g = probe_order[i];
      rest_names[i] = rest_names[i + 1] + (is_birth(g) ? 0 : upper[g]);
      rest_birth[i] = std::max(rest_birth[i + 1], is_birth(g) ? upper[g] : Units{0});
    }
    for (Cursor& c : cursors) c.pos = c.begin;
    driver = group_cursors[phase];

    while (!driver.empty()) {
      uint32_t person = std::numeric_limits<uint32_t>::max();
      for (uint32_t c : driver) person = std::min(person, *cursors[c].pos);
      Units own = 0;
      for (size_t i = 0; i < driver.size();) {
        Cursor& c = cursors[driver[i]];
        if (*c.pos == person) {
          own = std::max(own, c.score);
          if (++c.pos == c.end) {
            driver[i] = driver.back();
            driver.pop_back();
            continue;
          }
        }
        ++i;
      }
      Units names = is_birth(phase) ? 0 : own;
      Units birth = is_birth(phase) ? own : 0;
      // Only a person held by an identifier or name list is a candidate.
      bool held_by_evidence = !is_birth(phase);
      unsigned name_groups = groups[phase] == ScoreGroupKind::kName ? 1 : 0;
      bool skipped = false;
      for (size_t i = 0; i < probe_order.size(); ++i) {
        if (cannot_enter(names + rest_names[i] + std::max(birth, rest_birth[i]), person)) {
          skipped = true;
          break;
        }
        const uint32_t g = probe_order[i];
        Units best = kNotHeld;
        for (uint32_t ci : group_cursors[g]) {
          Cursor& c = cursors[ci];
          if (Holds(c, person, &pool)) best = best == kNotHeld ? c.score : std::max(best, c.score);
        }
        if (best == kNotHeld) continue;
        if (is_birth(g)) {
          birth = std::max(birth, best);
        } else {
          names += best;
          held_by_evidence = true;
          name_groups += groups[g] == ScoreGroupKind::kName ? 1 : 0;
        }
      }
      // Scored in an earlier phase? Asked last: most persons are left out by the bound
      // above before any probe.
      for (uint32_t g = 0; g < group_count && !skipped; ++g) {
        if (!done[g]) continue;
        for (uint32_t ci : group_cursors[g]) {
          if (Holds(cursors[ci], person, &pool)) skipped = true;
        }
      }
      if (!skipped && held_by_evidence) {
        const Held candidate{names > 0 ? names + birth : names, person,
                             static_cast<uint8_t>(std::min(name_groups, 255u))};
        if (top.size() < k) {
          top.push_back(candidate);
          std::push_heap(top.begin(), top.end(), Better);
        } else if (Better(candidate, top.front())) {
          std::pop_heap(top.begin(), top.end(), Better);
          top.back() = candidate;
          std::push_heap(top.begin(), top.end(), Better);
        }
      }
    }
    done[phase] = 1;
  }
  pool.Release(cursors);
  std::sort_heap(top.begin(), top.end(), Better);
  out.reserve(top.size());
  for (const Held& h : top) {
    out.push_back({h.person, static_cast<float>(h.score) / kUnitsPerPoint, h.name_groups});
  }
  return out;
}

}  // namespace habeas::search
