#include "link/blocking.h"

#include <algorithm>
#include <array>

#include "link/name_neighbours.h"
#include "link/parallel.h"
#include "link/radix_sort.h"

namespace habeas::link {
namespace {

// Digits of an A-number's tail that key `a_number_tail` (what a court filing shows).
constexpr size_t kTailDigits = 3;

enum class Part {
  kGiven,
  kGiven2,
  kAnyGiven,
  kGivenInitial,
  kSurname1,
  kSurname2,
  kAnySurname,
  kSurnamePair,
  kSurnameInitial,
  kBirthYear,
  kBirthDate,
  kBirthMonthDay,
  kBirthYearMonth,
  kBirthMonth,
  kBirthMonthNearYear,
  kNationalId,
  kANumber,
  kANumberTail,
  kOtherId,
  kSex,
  kRegion,
  kLocality,
  kPostcode,
  kPhone,
  kNameWordPair,
  kNameWordTriple,
  kNameWord,
  kFlight,
};

struct PartName {
  std::string_view name;
  Part part;
};
constexpr std::array<PartName, 28> kParts = {{
    {"given", Part::kGiven},
    {"given2", Part::kGiven2},
    {"any_given", Part::kAnyGiven},
    {"given_initial", Part::kGivenInitial},
    {"surname1", Part::kSurname1},
    {"surname2", Part::kSurname2},
    {"any_surname", Part::kAnySurname},
    {"surname_pair", Part::kSurnamePair},
    {"surname_initial", Part::kSurnameInitial},
    {"birth_year", Part::kBirthYear},
    {"birth_date", Part::kBirthDate},
    {"birth_month_day", Part::kBirthMonthDay},
    {"birth_year_month", Part::kBirthYearMonth},
    {"birth_month", Part::kBirthMonth},
    {"birth_month_near_year", Part::kBirthMonthNearYear},
    {"national_id", Part::kNationalId},
    {"a_number", Part::kANumber},
    {"a_number_tail", Part::kANumberTail},
    {"other_id", Part::kOtherId},
    {"sex", Part::kSex},
    {"region", Part::kRegion},
    {"locality", Part::kLocality},
    {"postcode", Part::kPostcode},
    {"phone", Part::kPhone},
    {"name_word_pair", Part::kNameWordPair},
    {"name_word_triple", Part::kNameWordTriple},
    {"name_word", Part::kNameWord},
    {"flight", Part::kFlight},
}};

bool FindPart(std::string_view name, Part* out) {
  for (const PartName& p : kParts) {
    if (p.name == name) {
      *out = p.part;
      return true;
    }
  }
  return false;
}

uint64_t Combine(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

// Keys of numeric parts (years, dates, month-days): a 64-bit mix, never 0.
uint64_t IntKey(int64_t v) {
  uint64_t x = static_cast<uint64_t>(v) + 0x51ed27a3c9e1b4f5ULL;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x | 1;
}

bool IsNamePart(Part p) {
  return p == Part::kGiven || p == Part::kGiven2 || p == Part::kAnyGiven ||
         p == Part::kGivenInitial || p == Part::kSurname1 || p == Part::kSurname2 ||
         p == Part::kAnySurname || p == Part::kSurnamePair || p == Part::kSurnameInitial ||
         p == Part::kNameWordPair || p == Part::kNameWordTriple || p == Part::kNameWord;
}

// The most values one part gives a record (name_word_pair: 6 pairs of 4 words).
constexpr int kMaxPartValues = 6;
using PartValueArray = std::array<uint64_t, kMaxPartValues>;

// How many words a record's name_words holds (0-padded).
int NameWordCount(const std::array<uint64_t, 4>& words) {
  int n = 0;
  while (n < 4 && words[n] != 0) ++n;
  return n;
}

// Keys of every `size`-word subset of a record's name words (sorted, so a subset's key
// does not depend on the words' roles); returns how many.
int NameWordSubsets(const std::array<uint64_t, 4>& words, int size, PartValueArray* out) {
  const int n_words = NameWordCount(words);
  int n = 0;
  for (int a = 0; a < n_words; ++a) {
    for (int b = a + 1; b < n_words; ++b) {
      if (size == 2) {
        (*out)[n++] = Combine(Combine(0x3b9ac, words[a]), words[b]);
        continue;
      }
      for (int c = b + 1; c < n_words; ++c) {
        (*out)[n++] = Combine(Combine(Combine(0x7f4a3, words[a]), words[b]), words[c]);
      }
    }
  }
  return n;
}

void SortUnique(std::vector<uint64_t>* pairs) {
  RadixSort(pairs, [](uint64_t v) { return v; });
  pairs->erase(std::unique(pairs->begin(), pairs->end()), pairs->end());
}

// Values of a name part (IsNamePart) for one record, from the first reading (reading 0)
// or the alternative one (reading 1).
int NamePartValues(const LinkRecord& r, Part part, PartValueArray* out, int reading) {
  const uint64_t given = reading ? r.alt_given_key : r.given_key;
  const uint64_t given2 = reading ? r.alt_given2_key : r.given2_key;
  const uint64_t s1 = reading ? r.alt_surname1_key : r.surname1_key;
  const uint64_t s2 = reading ? r.alt_surname2_key : r.surname2_key;
  const char initial = reading ? r.alt_given_initial : r.given_initial;
  const char s1_initial = reading ? r.alt_surname1_initial : r.surname1_initial;
  const char s2_initial = reading ? r.alt_surname2_initial : r.surname2_initial;
  switch (part) {
    case Part::kGiven:
      (*out)[0] = given;
      return given ? 1 : 0;
    case Part::kGiven2:
      (*out)[0] = given2;
      return given2 ? 1 : 0;
    case Part::kAnyGiven: {  // the first or the second given name: the one a person goes by
      int n = 0;
      if (given) (*out)[n++] = given;
      if (given2 && given2 != given) (*out)[n++] = given2;
      return n;
    }
    case Part::kGivenInitial:
      (*out)[0] = static_cast<uint64_t>(static_cast<unsigned char>(initial)) + 1;
      return initial ? 1 : 0;
    case Part::kSurname1:
      (*out)[0] = s1;
      return s1 ? 1 : 0;
    case Part::kSurname2:
      (*out)[0] = s2;
      return s2 ? 1 : 0;
    case Part::kAnySurname: {
      int n = 0;
      if (s1) (*out)[n++] = s1;
      if (s2 && s2 != s1) (*out)[n++] = s2;
      return n;
    }
    case Part::kSurnameInitial: {  // of either surname (phonetic key), like any_surname
      int n = 0;
      if (s1_initial) (*out)[n++] = static_cast<unsigned char>(s1_initial) + 1;
      if (s2_initial && s2_initial != s1_initial) {
        (*out)[n++] = static_cast<unsigned char>(s2_initial) + 1;
      }
      return n;
    }
    case Part::kSurnamePair:
      if (!s1 || !s2) return 0;
      (*out)[0] = std::min(s1, s2) * 31 + std::max(s1, s2);
      return 1;
    case Part::kNameWordPair:  // the words take no role: both readings give the same
      return NameWordSubsets(r.name_words, 2, out);
    case Part::kNameWordTriple:
      return NameWordSubsets(r.name_words, 3, out);
    case Part::kNameWord: {  // any one word of the name, whatever its role
      const int n = NameWordCount(r.name_words);
      std::copy_n(r.name_words.begin(), n, out->begin());
      return n;
    }
    default:
      return 0;
  }
}

// Values of one part for one record (0 to kMaxPartValues); name parts from the first
// reading (reading 0) or the alternative one (reading 1).
int PartValues(const LinkRecord& r, Part part, PartValueArray* out, int reading = 0) {
  if (IsNamePart(part)) return NamePartValues(r, part, out, reading);
  switch (part) {
    case Part::kBirthYear:
      if (!r.has_year()) return 0;
      (*out)[0] = IntKey(r.year);
      if (r.date_kind == DateKind::kAge) {
        (*out)[1] = IntKey(r.year_low);
        return 2;
      }
      return 1;
    case Part::kBirthDate:
      if (r.date_kind != DateKind::kFull) return 0;
      (*out)[0] = IntKey(r.year * 10000 + r.month * 100 + r.day);
      return 1;
    case Part::kBirthMonthDay:
      if (r.date_kind != DateKind::kFull) return 0;
      (*out)[0] = IntKey(r.month * 100 + r.day + 7000000);
      return 1;
    case Part::kBirthYearMonth:  // a full date or a year and month ("1985-02")
      if (r.date_kind != DateKind::kFull && r.date_kind != DateKind::kYearMonth) return 0;
      (*out)[0] = IntKey(r.year * 100 + r.month + 8000000);
      return 1;
    case Part::kBirthMonth:
      if (r.date_kind != DateKind::kFull && r.date_kind != DateKind::kYearMonth) return 0;
      (*out)[0] = IntKey(r.month + 9000000);
      return 1;
    case Part::kBirthMonthNearYear: {
      // The month with the year in two overlapping two-year spans, [2k, 2k+1] and
      // [2k-1, 2k]: two dates of one month at most a year apart share a key.
      if (r.date_kind != DateKind::kFull && r.date_kind != DateKind::kYearMonth) return 0;
      const int64_t even = r.year - (r.year & 1);     // the even year of the span [even, even+1]
      const int64_t odd = r.year - 1 + (r.year & 1);  // the odd year of [odd, odd+1]
      (*out)[0] = IntKey(even * 100 + r.month + 10000000);
      (*out)[1] = IntKey(odd * 100 + r.month + 20000000);
      return 2;
    }
    case Part::kNationalId:
      if (r.national_id.empty()) return 0;
      (*out)[0] = HashText(r.national_id);
      return 1;
    case Part::kANumber:
      if (r.a_number.empty()) return 0;
      (*out)[0] = HashText(r.a_number);
      return 1;
    case Part::kANumberTail: {
      // The last three digits, of a whole A-number or of a redacted one's visible
      // digits ("XXX-XXX-435"): court filings show no more.
      const std::string& digits = r.a_number.empty() ? r.a_number_tail : r.a_number;
      if (digits.size() < kTailDigits) return 0;
      (*out)[0] = HashText(std::string_view(digits).substr(digits.size() - kTailDigits)) ^ 0x7a11;
      return 1;
    }
    case Part::kOtherId:
      if (r.other_id.empty()) return 0;
      (*out)[0] = HashText(r.other_id);
      return 1;
    case Part::kSex:
      (*out)[0] = static_cast<uint64_t>(r.sex) + 1;
      return r.sex ? 1 : 0;
    case Part::kRegion:
      (*out)[0] = r.region;
      return r.region ? 1 : 0;
    case Part::kLocality:
      (*out)[0] = r.locality;
      return r.locality ? 1 : 0;
    case Part::kPostcode:
      (*out)[0] = r.postcode;
      return r.postcode ? 1 : 0;
    case Part::kPhone:
      (*out)[0] = r.phone;
      return r.phone ? 1 : 0;
    case Part::kFlight:
      (*out)[0] = IntKey(int64_t{r.flight} + 30000000);
      return r.flight ? 1 : 0;
    default:  // name parts: NamePartValues
      return 0;
  }
}

// Inside a block, records are ordered by name signature and then birth date, so
// that in an oversized block (sorted neighbourhood) a record's neighbours are those
// most likely to be the same person: a block keyed on given name and both surnames
// has one signature, and without the date its order would be arbitrary.
struct Keyed {
  uint64_t key;
  uint64_t signature;
  uint32_t date;  // year * 10000 + month * 100 + day; 0 without a birth date
  uint32_t index;
};

uint32_t SortDate(const LinkRecord& r) {
  if (!r.has_year()) return 0;
  return static_cast<uint32_t>(r.year) * 10000 + static_cast<uint32_t>(r.month) * 100 +
         static_cast<uint32_t>(r.day);
}

// Keys of one record under one rule: up to kMaxReadingKeys per reading, two readings.
constexpr int kMaxReadingKeys = 8;
using KeyArray = std::array<uint64_t, 2 * kMaxReadingKeys>;

struct RuleResult {
  std::vector<uint64_t> pairs;
  int64_t capped_blocks = 0;
  int64_t capped_block_pairs = 0;
};

// The keys of one record under a rule: the Cartesian product of the parts' values, for
// each reading (name rules try both); a part's further values are dropped once a
// reading has kMaxReadingKeys. Returns how many, each entered once.
int RuleKeys(const LinkRecord& record, const std::vector<Part>& parts, bool uses_names,
             KeyArray* keys) {
  int total = 0;
  const int readings = uses_names && record.has_alt_keys() ? 2 : 1;
  for (int reading = 0; reading < readings; ++reading) {
    uint64_t* rk = keys->data() + total;
    int n_keys = 1;
    rk[0] = 0x12345;
    bool ok = true;
    for (Part p : parts) {
      PartValueArray values{};
      const int n = PartValues(record, p, &values, reading);
      if (n == 0) {
        ok = false;
        break;
      }
      const int before = n_keys;
      for (int v = 1; v < n && n_keys + before <= kMaxReadingKeys; ++v) {
        for (int k = 0; k < before; ++k) rk[n_keys + k] = Combine(rk[k], values[v]);
        n_keys += before;
      }
      for (int k = 0; k < before; ++k) rk[k] = Combine(rk[k], values[0]);
    }
    if (!ok) continue;
    for (int k = 0; k < n_keys; ++k) {
      // A key both readings share is entered once.
      if (std::find(keys->data(), keys->data() + total, rk[k]) == keys->data() + total) {
        (*keys)[total++] = rk[k];
      }
    }
  }
  return total;
}

RuleResult RunRule(const std::vector<LinkRecord>& records, const std::vector<Part>& parts,
                   bool has_missing_part, Part missing_part, const LinkSettings& settings,
                   const std::vector<uint8_t>* eligible) {
  RuleResult result;
  const bool uses_names = std::any_of(parts.begin(), parts.end(), IsNamePart);
  auto keys_of = [&](uint32_t i, KeyArray* keys) {
    return RuleKeys(records[i], parts, uses_names, keys);
  };
  std::vector<uint8_t> lacking;  // per record: lacks `missing_part` (only_if_missing rules)
  // only_if_missing rules: the keys of the records that lack the part, sorted. A block
  // without such a record yields no pair, so a record that has the part enters only
  // the keys found here (at 1M records most of its keys are not).
  std::vector<uint64_t> lacking_keys;
  // A bitmap of those keys (2^24 bits, 2 MB): most keys of the other records are not
  // among them, and one bit rejects them without a binary search through the list.
  constexpr int kFilterBits = 24;
  std::vector<uint64_t> filter;
  auto filter_bit = [](uint64_t key) { return key >> (64 - kFilterBits); };
  if (has_missing_part) {
    lacking.resize(records.size());
    for (uint32_t i = 0; i < records.size(); ++i) {
      PartValueArray v{};
      lacking[i] = PartValues(records[i], missing_part, &v) == 0;
      if (!lacking[i]) continue;
      KeyArray keys{};
      const int total = keys_of(i, &keys);
      lacking_keys.insert(lacking_keys.end(), keys.begin(), keys.begin() + total);
    }
    SortUnique(&lacking_keys);
    filter.assign(size_t{1} << (kFilterBits - 6), 0);
    for (uint64_t key : lacking_keys) {
      filter[filter_bit(key) >> 6] |= uint64_t{1} << (filter_bit(key) & 63);
    }
  }
  std::vector<Keyed> keyed;
  keyed.reserve(has_missing_part ? 2 * lacking_keys.size() : records.size());
  for (uint32_t i = 0; i < records.size(); ++i) {
    KeyArray keys{};
    const int total = keys_of(i, &keys);
    const uint32_t date = SortDate(records[i]);
    for (int k = 0; k < total; ++k) {
      if (has_missing_part && !lacking[i]) {
        const uint64_t bit = filter_bit(keys[k]);
        if (!(filter[bit >> 6] >> (bit & 63) & 1)) continue;
        if (!std::binary_search(lacking_keys.begin(), lacking_keys.end(), keys[k])) continue;
      }
      keyed.push_back({keys[k], records[i].signature, date, i});
    }
  }
  // Group by key (radix, stable, so records stay in index order within a block); only
  // oversized blocks need the (signature, date) order for their sorted neighbourhood.
  RadixSort(&keyed, [](const Keyed& k) { return k.key; });
  const size_t max_block = static_cast<size_t>(std::max(2, settings.max_block_size));
  auto lacks = [&](uint32_t i) { return lacking[i] != 0; };
  auto emit = [&](uint32_t a, uint32_t b) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    if (eligible && !(*eligible)[a] && !(*eligible)[b]) return;
    if (has_missing_part && !lacks(a) && !lacks(b)) return;
    result.pairs.push_back((static_cast<uint64_t>(a) << 32) | b);
  };
  const size_t window = static_cast<size_t>(std::max(1, settings.window));
  size_t start = 0;
  while (start < keyed.size()) {
    size_t end = start + 1;
    while (end < keyed.size() && keyed[end].key == keyed[start].key) ++end;
    const size_t n = end - start;
    if (n <= max_block) {
      for (size_t x = start; x < end; ++x) {
        for (size_t y = x + 1; y < end; ++y) emit(keyed[x].index, keyed[y].index);
      }
    } else {
      ++result.capped_blocks;
      result.capped_block_pairs += static_cast<int64_t>(n * (n - 1) / 2);
      std::sort(keyed.begin() + start, keyed.begin() + end, [](const Keyed& a, const Keyed& b) {
        if (a.signature != b.signature) return a.signature < b.signature;
        if (a.date != b.date) return a.date < b.date;
        return a.index < b.index;
      });
      for (size_t x = start; x < end; ++x) {
        const size_t last = std::min(end, x + 1 + window);
        for (size_t y = x + 1; y < last; ++y) emit(keyed[x].index, keyed[y].index);
      }
    }
    start = end;
  }
  SortUnique(&result.pairs);
  return result;
}

}  // namespace

Status ValidateRules(const std::vector<BlockingRule>& rules) {
  if (rules.empty()) return InvalidInput("no blocking rules: give at least one [[blocking]] rule");
  for (const BlockingRule& r : rules) {
    if (r.parts.empty()) return InvalidInput("blocking rule \"" + r.name + "\" has no parts");
    for (const std::string& p : r.parts) {
      Part part;
      if (!FindPart(p, &part)) {
        return InvalidInput("blocking rule \"" + r.name + "\": unknown key part \"" + p +
                            "\" (see docs/linkage.md \"Blocking\")");
      }
    }
    Part part;
    if (!r.only_if_missing.empty() && !FindPart(r.only_if_missing, &part)) {
      return InvalidInput("blocking rule \"" + r.name + "\": unknown only_if_missing part \"" +
                          r.only_if_missing + "\"");
    }
  }
  return Status::Ok();
}

CandidatePairs GenerateCandidatePairs(const std::vector<LinkRecord>& records,
                                      const LinkSettings& settings,
                                      const std::vector<uint8_t>* eligible) {
  const size_t n_rules = settings.rules.size();
  std::vector<RuleResult> results(n_rules);
  // Each thread takes the next rule not yet taken: rules differ in cost by 10x or more
  // (1M records: given_surname_month_near_year 1.5 s, other_id 0.1 s), and a fixed
  // share (every other rule) left one thread with 6.1 s and the other with 4.8 s.
  auto work = [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      const BlockingRule& rule = settings.rules[r];
      std::vector<Part> parts;
      for (const std::string& p : rule.parts) {
        Part part;
        if (FindPart(p, &part)) parts.push_back(part);
      }
      Part missing = Part::kGiven;
      const bool has_missing = FindPart(rule.only_if_missing, &missing);
      results[r] = RunRule(records, parts, has_missing, missing, settings, eligible);
    }
  };
  ParallelFor(n_rules, settings.threads, work, /*grain=*/1);

  CandidatePairs out;
  size_t total = 0;
  for (size_t r = 0; r < n_rules; ++r) {
    out.pairs_per_rule.push_back(
        {settings.rules[r].name, static_cast<int64_t>(results[r].pairs.size())});
    out.capped_blocks += results[r].capped_blocks;
    out.capped_block_pairs += results[r].capped_block_pairs;
    total += results[r].pairs.size();
  }
  std::vector<uint64_t> neighbours = NameNeighbourPairs(
      records, {settings.neighbours, settings.neighbour_max_postings, settings.threads}, eligible);
  if (settings.neighbours > 0) {
    out.pairs_per_rule.push_back({"name_neighbours", static_cast<int64_t>(neighbours.size())});
  }
  total += neighbours.size();
  // The union of the per-rule lists and the name neighbours.
  out.pairs.reserve(total);
  out.pairs.insert(out.pairs.end(), neighbours.begin(), neighbours.end());
  std::vector<uint64_t>().swap(neighbours);
  for (RuleResult& r : results) {
    out.pairs.insert(out.pairs.end(), r.pairs.begin(), r.pairs.end());
    std::vector<uint64_t>().swap(r.pairs);
  }
  SortUnique(&out.pairs);
  return out;
}

}  // namespace habeas::link
