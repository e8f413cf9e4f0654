// Search: candidate generation from the postings, ranking with the names comparators
// plus birth date and identifier evidence, calibration and the decision
// (docs/locator.md "Query", "Scoring").
#include <algorithm>
#include <array>
#include <cmath>

#include "habeas/names/compare.h"
#include "habeas/names/glued.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/nicknames.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/names/similarity.h"
#include "habeas/partial_date.h"
#include "search/locator_impl.h"
#include "search/prepared_form.h"
#include "search/query_plan.h"
#include "search/scoring.h"
#include "search/top_persons.h"

namespace habeas::search {

using internal::FormEntry;
using internal::HashKey;
using names::NameAgreement;

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kMatch:
      return "match";
    case Decision::kCandidates:
      return "candidates";
    case Decision::kNoConfidentMatch:
      return "no_confident_match";
  }
  return "no_confident_match";
}

namespace {

// Candidate-generation weights per kind of token agreement (before IDF).
constexpr float kWeightExact = 1.0f;
constexpr float kWeightPhonetic = 0.9f;
constexpr float kWeightNickname = 0.85f;
constexpr float kWeightOneEdit = 0.75f;
constexpr float kIdExactBonus = 40.f;
constexpr float kIdNearBonus = 25.f;
// Readings of the query's name compared with every candidate (the parser's alternatives):
// a third reading, or one below 15%, changed no answer on the benchmark and cost 25% of
// the ranking time.
constexpr size_t kQueryReadings = 2;
constexpr double kQueryReadingMinProbability = 0.15;

struct TokenMatch {
  uint32_t token;
  float weight;
};

void AddMatch(std::vector<TokenMatch>* out, uint32_t token, float weight) {
  for (TokenMatch& m : *out) {
    if (m.token == token) {
      m.weight = std::max(m.weight, weight);
      return;
    }
  }
  out->push_back({token, weight});
}

// Vocabulary tokens that may be the query token `q` as someone wrote it.
void MatchToken(const LocatorIndex::Impl& index, std::string_view q, std::vector<TokenMatch>* out) {
  out->clear();
  const int64_t exact = index.FindToken(q);
  if (exact >= 0) AddMatch(out, static_cast<uint32_t>(exact), kWeightExact);
  const names::PhoneticKey key = names::PhoneticKeyEs(q);
  for (uint32_t t : index.Values(index.Find(index.phonetic, HashKey(key.view())))) {
    AddMatch(out, t, kWeightPhonetic);
  }
  for (uint32_t t : index.Values(index.Find(index.nicknames, HashKey(q)))) {
    AddMatch(out, t, kWeightNickname);
  }
  for (std::string_view formal : names::NicknameTable::Builtin().FormalNamesOf(q)) {
    const std::string folded = names::FoldName(formal);
    const std::string first = folded.substr(0, folded.find(' '));
    for (const std::string& f : {folded, first}) {
      const int64_t t = index.FindToken(f);
      if (t >= 0) AddMatch(out, static_cast<uint32_t>(t), kWeightNickname);
      for (uint32_t n : index.Values(index.Find(index.nicknames, HashKey(f)))) {
        AddMatch(out, n, kWeightNickname);
      }
    }
  }
  if (q.size() >= 4) {
    auto consider = [&](uint32_t t) {
      const std::string_view text = index.Str(index.tokens[t].text);
      if (names::DamerauLevenshteinCapped(q, text, 1) <= 1) AddMatch(out, t, kWeightOneEdit);
    };
    for (uint32_t t : index.Values(index.Find(index.deletions, HashKey(q)))) consider(t);
    std::string del;
    for (size_t d = 0; d < q.size(); ++d) {
      del.assign(q.substr(0, d));
      del.append(q.substr(d + 1));
      const int64_t t = index.FindToken(del);
      if (t >= 0) consider(static_cast<uint32_t>(t));
      for (uint32_t u : index.Values(index.Find(index.deletions, HashKey(del)))) consider(u);
    }
  }
}

PartialDate UnpackBirth(uint32_t packed) {
  return PartialDate{static_cast<int>(packed / 10000), static_cast<int>(packed / 100 % 100),
                     static_cast<int>(packed % 100)};
}

BirthAgreement CompareBirth(const PartialDate& q, const PartialDate& r) {
  if (q.year == r.year) {
    if (!q.has_month() || !r.has_month()) return BirthAgreement::kPartialYear;
    if (q.month == r.month) {
      if (!q.has_day() || !r.has_day()) return BirthAgreement::kPartialMonth;
      return q.day == r.day ? BirthAgreement::kExact : BirthAgreement::kNear;
    }
    if (q.has_day() && r.has_day() && ((q.day == r.month && q.month == r.day) || q.day == r.day)) {
      return BirthAgreement::kNear;
    }
    return BirthAgreement::kDisagree;
  }
  if (std::abs(q.year - r.year) == 1) {
    if (!q.has_month() || !r.has_month()) return BirthAgreement::kNearYear;
    if (q.month == r.month) {
      if (!q.has_day() || !r.has_day()) return BirthAgreement::kNearYear;
      if (q.day == r.day) return BirthAgreement::kNear;
    }
  }
  return BirthAgreement::kDisagree;
}

IdAgreement CompareId(std::string_view q, std::string_view r) {
  if (r.empty()) return IdAgreement::kNone;
  if (q == r) return IdAgreement::kExact;
  if (names::DamerauLevenshteinCapped(q, r, 1) <= 1) return IdAgreement::kOneEdit;
  return IdAgreement::kDisagree;
}

struct QueryState {
  std::vector<names::PreparedName> names;  // the query's interpretations
  std::vector<PartialDate> births;         // readings of the query's birth date
  std::string id_digits;
  IdentifierKinds id_kinds;  // which kinds of number id_digits can be
  double query_idf = 0;      // sum of the query tokens' best IDF
  size_t query_tokens = 0;
};

struct Candidate {
  uint32_t person = 0;
  float prescore = 0;
  uint8_t matched_tokens = 0;
  names::NameComparison name;
  uint32_t best_form = 0;
  BirthAgreement birth = BirthAgreement::kNone;
  uint32_t birth_form = 0;
  IdAgreement id = IdAgreement::kNone;
  uint32_t id_form = 0;
  double name_idf = 0;
  double probability = 0;
  std::array<double, kFeatureCount> features{};
};

bool NameBetter(const names::NameComparison& a, const names::NameComparison& b) {
  if (a.level != b.level) return a.level < b.level;
  return a.score > b.score;
}

// The best comparison of the query with each distinct form text, per query: namesakes
// and repeated records share their prepared text ("jose|perez|" appears many times among
// the candidates of "jose perez"), so most comparisons are looked up, not recomputed.
class FormMemo {
 public:
  void NewQuery() {
    if (++generation_ == 0) {
      for (Slot& slot : slots_) slot.generation = 0;
      generation_ = 1;
    }
  }
  // The cached comparison of `text`, or nullptr; Put() stores one.
  const names::NameComparison* Get(std::string_view text, uint64_t hash) const {
    for (size_t i = 0; i < kProbes; ++i) {
      const Slot& slot = slots_[(hash + i) & (kSlots - 1)];
      if (slot.generation != generation_) return nullptr;
      if (slot.hash == hash && slot.text == text) return &slot.comparison;
    }
    return nullptr;
  }
  void Put(std::string_view text, uint64_t hash, const names::NameComparison& comparison) {
    for (size_t i = 0; i < kProbes; ++i) {
      Slot& slot = slots_[(hash + i) & (kSlots - 1)];
      if (slot.generation == generation_) continue;
      slot = Slot{hash, text, generation_, comparison};
      return;
    }
  }

 private:
  static constexpr size_t kSlots = 2048;  // a power of two
  static constexpr size_t kProbes = 8;
  struct Slot {
    uint64_t hash = 0;
    std::string_view text;
    uint32_t generation = 0;
    names::NameComparison comparison;
  };
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
  uint32_t generation_ = 0;
};

void CompareCandidate(const LocatorIndex::Impl& index, const QueryState& q, FormMemo* memo,
                      Candidate* c) {
  const internal::PersonEntry& person = index.persons[c->person];
  thread_local names::PreparedName prepared;  // decoded forms reuse its capacity
  bool first = true;
  for (uint32_t fi = person.first_form; fi < person.first_form + person.form_count; ++fi) {
    const FormEntry& form = index.forms[fi];
    const std::string_view text = index.Str(form.names);
    const uint64_t hash = HashKey(text);
    names::NameComparison best;
    if (const names::NameComparison* cached = memo->Get(text, hash)) {
      best = *cached;
    } else {
      bool first_here = true;
      ForEachPreparedForm(text, &prepared, [&](const names::PreparedName& name) {
        for (const names::PreparedName& qn : q.names) {
          const names::NameComparison cmp = names::CompareNames(qn, name);
          if (first_here || NameBetter(cmp, best)) {
            best = cmp;
            first_here = false;
          }
        }
      });
      memo->Put(text, hash, best);
    }
    if (first || NameBetter(best, c->name)) {
      c->name = best;
      c->best_form = fi;
      first = false;
    }
    if (form.birth != 0) {
      for (const PartialDate& b : q.births) {
        const BirthAgreement a = CompareBirth(b, UnpackBirth(form.birth));
        if (static_cast<int>(a) < static_cast<int>(c->birth)) {
          c->birth = a;
          c->birth_form = fi;
        }
      }
    }
    if (!q.id_digits.empty()) {
      const std::pair<std::string_view, bool> ids[] = {
          {index.Str(form.national_id), q.id_kinds.may_be_cedula},
          {index.Str(form.a_number), q.id_kinds.may_be_a_number}};
      for (const auto& [id, same_kind] : ids) {
        IdAgreement a = CompareId(q.id_digits, id);
        if (a == IdAgreement::kDisagree && !same_kind) a = IdAgreement::kNone;
        if (static_cast<int>(a) < static_cast<int>(c->id)) {
          c->id = a;
          c->id_form = fi;
        }
      }
    }
  }
}

SearchResult MakeResult(const LocatorIndex::Impl& index, const Candidate& c) {
  SearchResult r;
  const internal::PersonEntry& person = index.persons[c.person];
  r.person_id = std::string(index.Str(person.id));
  r.probability = c.probability;
  r.name = std::string(index.Str(index.forms[c.best_form].display_name));
  r.matched_fields.push_back({"name", std::string(names::NameAgreementName(c.name.level)),
                              names::ExplainComparison(c.name)});
  if (c.birth != BirthAgreement::kNone) {
    PartialDate d = UnpackBirth(index.forms[c.birth_form].birth);
    r.matched_fields.push_back({"birth_date", std::string(BirthAgreementName(c.birth)), d.ToIso()});
  }
  if (c.id != IdAgreement::kNone) {
    const FormEntry& f = index.forms[c.id_form];
    std::string detail(index.Str(f.national_id));
    if (f.a_number.size != 0) {
      if (!detail.empty()) detail += " / ";
      detail += index.Str(f.a_number);
    }
    r.matched_fields.push_back({"id", std::string(IdAgreementName(c.id)), detail});
  }
  const FormEntry* latest = nullptr;
  for (uint32_t fi = person.first_form; fi < person.first_form + person.form_count; ++fi) {
    const FormEntry& f = index.forms[fi];
    const std::string source(index.Str(index.sources[f.source]));
    if (std::find(r.sources.begin(), r.sources.end(), source) == r.sources.end()) {
      r.sources.push_back(source);
    }
    r.records.push_back({f.record_id, source, std::string(index.Str(f.source_record_id))});
    // Latest dated record naming a facility; else the latest record.
    auto rank = [&](const FormEntry& e) {
      return std::make_pair(e.facility.size != 0, index.Str(e.date));
    };
    if (latest == nullptr || rank(f) > rank(*latest)) latest = &f;
  }
  if (latest != nullptr) {
    r.last_known.place = std::string(index.Str(latest->facility));
    r.last_known.date = std::string(index.Str(latest->date));
    r.last_known.source = std::string(index.Str(index.sources[latest->source]));
  }
  return r;
}

// --- reading the query

// The readings of the query's birth date (two when day and month may be swapped).
Status ReadBirthDate(const std::string& birth_date, QueryState* q) {
  if (birth_date.empty()) return Status::Ok();
  Result<ParsedDate> d = ParseDate(birth_date);
  if (!d.ok()) return InvalidInput("birth date: " + d.status().message());
  q->births.push_back(d->date);
  if (d->alternative) q->births.push_back(*d->alternative);
  return Status::Ok();
}

// The query identifier's digits and the kinds of number it can be.
Status ReadIdentifier(const std::string& id, QueryState* q) {
  if (id.empty()) return Status::Ok();
  q->id_digits = IdentifierDigits(id);
  q->id_kinds = IdentifierKindsOf(id, q->id_digits);
  if (q->id_digits.size() < 5) {
    return InvalidInput("identifier \"" + id +
                        "\" has fewer than 5 digits (expected a cédula or an A-number)");
  }
  return Status::Ok();
}

// A query word the lists never hold that is two words they hold, typed without the space
// ("josegregorio paredes", "LUISDIAZ"): the query's text with it cut (docs/locator.md
// "Query"); empty when no word is. A word that matches any record's word, in any
// spelling MatchToken reads ("luisana" for the lists' Luisanna), is never cut.
std::string QueryWithGluedWordsCut(const LocatorIndex::Impl& index,
                                   const names::NormalizedName& n) {
  auto postings = [&index](std::string_view word) -> uint64_t {
    const int64_t t = index.FindToken(word);
    return t < 0 ? 0 : index.tokens[static_cast<size_t>(t)].postings_count;
  };
  static constexpr names::GluedWordRule kQueryRule{.max_word_count = 0};
  std::string text;
  bool cut_any = false;
  std::vector<TokenMatch> matches;
  for (size_t t = 0; t < n.tokens.size(); ++t) {
    if (static_cast<int>(t) == n.tokens_before_comma) text += ',';
    if (!text.empty()) text += ' ';
    const std::string_view folded = n.Folded(t);
    size_t cut = names::GluedWordCut(folded, postings, kQueryRule);
    if (cut > 0) {
      MatchToken(index, folded, &matches);
      if (!matches.empty()) cut = 0;
    }
    cut_any |= cut > 0;
    text += cut > 0 ? names::CutAtLetter(n.Accented(t), folded, cut) : std::string(n.Accented(t));
  }
  return cut_any ? text : std::string();
}

// The parser's likely readings of the query's name, prepared for comparison.
void ReadNameReadings(const names::NameParse& parse, QueryState* q) {
  for (size_t i = 0; i < parse.alternatives.size() && i < kQueryReadings; ++i) {
    if (i > 0 && parse.alternatives[i].probability < kQueryReadingMinProbability) break;
    q->names.push_back(names::PrepareName(parse, i));
  }
}

// --- candidate generation: the lists each person collects a score from

struct TokenPlan {
  std::vector<TokenMatch> matches;
  float idf = 0.f;
};

// Fills `plan` with the vocabulary tokens `tok` may be and the IDF it counts with; returns
// that IDF at full precision (the query's total sums it).
double PlanToken(const LocatorIndex::Impl& index, std::string_view tok, double persons,
                 TokenPlan* plan) {
  MatchToken(index, tok, &plan->matches);
  // One IDF per query token: of the token itself when the lists have it, else of its
  // most common matching spelling. (The IDF of each variant would rank a rare misspelt
  // "garsia" above the common "garcia" the relative meant.)
  size_t exact_postings = 0, most_postings = 0;
  for (const TokenMatch& m : plan->matches) {
    const size_t n = index.tokens[m.token].postings_count;
    if (m.weight == kWeightExact) exact_postings = n;
    most_postings = std::max(most_postings, n);
  }
  const double idf = QueryTokenIdf(exact_postings, most_postings, persons);
  plan->idf = static_cast<float>(idf);
  return idf;
}

// One plan per distinct query word (particles and single letters left out); counts the
// words and sums their IDF into `q`.
std::vector<TokenPlan> PlanQueryTokens(const LocatorIndex::Impl& index,
                                       const names::NormalizedName& normalized, QueryState* q) {
  const double persons = static_cast<double>(std::max<size_t>(index.persons.size(), 1));
  std::vector<TokenPlan> plans;
  std::vector<std::string_view> seen;
  for (size_t t = 0; t < normalized.tokens.size(); ++t) {
    const std::string_view tok = normalized.Folded(t);
    if (tok.size() < 2 || names::IsNameParticle(tok)) continue;
    if (std::find(seen.begin(), seen.end(), tok) != seen.end()) continue;
    seen.push_back(tok);
    ++q->query_tokens;
    TokenPlan plan;
    const double idf = PlanToken(index, tok, persons, &plan);
    q->query_idf += idf > 0 ? idf : std::log(1.0 + persons);
    plans.push_back(std::move(plan));
  }
  return plans;
}

// The lists each person collects a score from (top_persons.h): the identifier and its
// one-edit variants (decisive), each query word with its spellings, and the birth-date
// agreements, which count only on top of identifier or name evidence. TopPersons picks
// the order in which it reads them.
struct QueryLists {
  std::vector<ScoreGroupKind> groups;
  std::vector<ScoreList> lists;

  uint32_t AddGroup(ScoreGroupKind kind) {
    groups.push_back(kind);
    return static_cast<uint32_t>(groups.size() - 1);
  }
};

void AddIdentifierLists(const LocatorIndex::Impl& index, const std::string& digits,
                        QueryLists* out) {
  if (digits.empty()) return;
  const uint32_t g = out->AddGroup(ScoreGroupKind::kIdentifier);
  std::vector<ScoreList>& lists = out->lists;
  lists.push_back({index.Values(index.Find(index.ids, HashKey(digits))), kIdExactBonus, g});
  lists.push_back({index.Values(index.Find(index.id_deletions, HashKey(digits))), kIdNearBonus, g});
  std::string del;
  for (size_t i = 0; i < digits.size(); ++i) {
    del.assign(digits, 0, i);
    del.append(digits, i + 1);
    lists.push_back({index.Values(index.Find(index.ids, HashKey(del))), kIdNearBonus, g});
    lists.push_back({index.Values(index.Find(index.id_deletions, HashKey(del))), kIdNearBonus, g});
  }
}

void AddNameLists(const LocatorIndex::Impl& index, const std::vector<TokenPlan>& plans,
                  QueryLists* out) {
  for (const TokenPlan& plan : plans) {
    const uint32_t g = out->AddGroup(ScoreGroupKind::kName);
    for (const TokenMatch& m : plan.matches) {
      out->lists.push_back({index.Postings(m.token), m.weight * plan.idf, g});
    }
  }
}

// The birth group of `bonus`, added on first use (one group per bonus, so the small lists
// of the full date can drive the search and the large ones of a year are only probed).
uint32_t BirthGroupOf(float bonus, std::vector<std::pair<float, uint32_t>>* birth_groups,
                      QueryLists* out) {
  auto it = std::find_if(birth_groups->begin(), birth_groups->end(),
                         [&](const auto& bg) { return bg.first == bonus; });
  if (it != birth_groups->end()) return it->second;
  const uint32_t g = out->AddGroup(ScoreGroupKind::kBirth);
  birth_groups->push_back({bonus, g});
  return g;
}

// Birth dates from the births table (index_layout.h), keys as BirthKeysOf lists them.
void AddBirthLists(const LocatorIndex::Impl& index, const std::vector<PartialDate>& births,
                   QueryLists* out) {
  std::vector<std::pair<float, uint32_t>> birth_groups;  // bonus, group
  for (const PartialDate& b : births) {
    for (const BirthKey& k : BirthKeysOf(b).view()) {
      const uint32_t g = BirthGroupOf(k.bonus, &birth_groups, out);
      const std::span<const uint32_t> persons = index.Values(index.Find(index.births, k.key));
      // The two readings of an ambiguous date ("03/04/1990") share the year's keys: one
      // copy of a list is enough.
      const bool listed = std::any_of(
          out->lists.begin(), out->lists.end(),
          [&](const ScoreList& l) { return l.group == g && l.persons.data() == persons.data(); });
      if (!persons.empty() && !listed) out->lists.push_back({persons, k.bonus, g});
    }
  }
}

std::vector<Candidate> CandidatesOf(const std::vector<ScoredPerson>& top) {
  std::vector<Candidate> candidates;
  for (const ScoredPerson& p : top) {
    Candidate c;
    c.person = p.person;
    c.prescore = p.score;
    c.matched_tokens = p.name_groups;
    candidates.push_back(c);
  }
  return candidates;
}

// --- ranking

void CompareCandidates(const LocatorIndex::Impl& index, const QueryState& q,
                       std::vector<Candidate>* candidates) {
  thread_local FormMemo memo;
  memo.NewQuery();
  for (Candidate& c : *candidates) CompareCandidate(index, q, &memo, &c);
}

// What the calibrated model reads of one compared candidate; `as_strong`: the other
// candidates whose name agrees at least as well.
CandidateEvidence EvidenceOf(const LocatorIndex::Impl& index, const QueryState& q,
                             const Candidate& c, int as_strong) {
  CandidateEvidence e;
  e.name = c.name;
  e.birth = c.birth;
  e.id = c.id;
  e.as_strong = as_strong;
  e.coverage = q.query_tokens == 0 ? 0.0 : double(c.matched_tokens) / q.query_tokens;
  e.prescore_share = q.query_idf <= 0 ? 0.0 : std::min(1.0, c.prescore / q.query_idf);
  e.query_idf = q.query_idf;
  e.record_count = index.persons[c.person].form_count;
  return e;
}

// A nameless query's candidates (IdentifierOnlyProbability): the identifier decides,
// shared among the persons that hold it exactly, or within one edit when none does.
void CalibrateByIdentifier(std::vector<Candidate>* candidates) {
  int exact = 0, one_edit = 0;
  for (const Candidate& c : *candidates) {
    exact += c.id == IdAgreement::kExact;
    one_edit += c.id == IdAgreement::kOneEdit;
  }
  for (Candidate& c : *candidates) {
    const bool counts = c.id == IdAgreement::kExact || (exact == 0 && c.id == IdAgreement::kOneEdit);
    c.probability =
        counts ? IdentifierOnlyProbability(c.id, c.birth, exact > 0 ? exact : one_edit) : 0.0;
  }
}

// A typed name that does not contradict an exact identifier adds to it and never takes
// from it: the fitted model, which weighs an exact number among many features, answered
// "jose luis gomez" with the A-number of JOSE LUIS GOMEZ PEREZ at 65%, where the number
// alone answers 99.9%. Such a candidate is at least as likely as the identifier alone
// makes it (IdentifierOnlyProbability, shared among the candidates holding the number
// whose names do not disagree); the others share what is left, in their proportions.
void FloorByExactIdentifier(std::vector<Candidate>* candidates) {
  auto named_holder = [](const Candidate& c) {
    return c.id == IdAgreement::kExact && c.name.level < names::NameAgreement::kDisagree;
  };
  const int holders = static_cast<int>(std::count_if(candidates->begin(), candidates->end(),
                                                     named_holder));
  if (holders == 0) return;
  double floored = 0, others = 0;
  for (Candidate& c : *candidates) {
    if (named_holder(c)) {
      c.probability =
          std::max(c.probability, IdentifierOnlyProbability(c.id, c.birth, holders));
      floored += c.probability;
    } else {
      others += c.probability;
    }
  }
  if (floored + others <= 1.0 || others <= 0) return;
  const double scale = std::max(0.0, 1.0 - floored) / others;
  for (Candidate& c : *candidates) {
    if (!named_holder(c)) c.probability *= scale;
  }
}

// Each candidate's features and probability.
void Calibrate(const LocatorIndex::Impl& index, const QueryState& q,
               std::vector<Candidate>* candidates) {
  if (q.query_tokens == 0) {
    // No name was typed: the identifier (and a birth date) are all there is.
    for (Candidate& c : *candidates) FillFeatures(EvidenceOf(index, q, c, 0), &c.features);
    CalibrateByIdentifier(candidates);
    return;
  }
  std::array<int, names::kNameAgreementLevels> at_level{};
  for (const Candidate& c : *candidates) at_level[static_cast<int>(c.name.level)]++;
  double total_probability = 0;
  for (Candidate& c : *candidates) {
    int as_strong = -1;  // other candidates whose name agrees at least as well
    for (int l = 0; l <= static_cast<int>(c.name.level); ++l) as_strong += at_level[l];
    FillFeatures(EvidenceOf(index, q, c, as_strong), &c.features);
    c.probability = ModelProbability(c.features);
    total_probability += c.probability;
  }
  // Candidates are mutually exclusive answers: keep the probabilities coherent.
  if (total_probability > 1.0) {
    for (Candidate& c : *candidates) c.probability /= total_probability;
  }
  FloorByExactIdentifier(candidates);
}

void SortByProbability(std::vector<Candidate>* candidates) {
  std::sort(candidates->begin(), candidates->end(), [](const Candidate& a, const Candidate& b) {
    if (a.probability != b.probability) return a.probability > b.probability;
    if (a.prescore != b.prescore) return a.prescore > b.prescore;
    return a.person < b.person;
  });
}

void ExportFeatures(const LocatorIndex::Impl& index, const std::vector<Candidate>& candidates,
                    std::vector<CandidateFeatures>* features) {
  features->clear();
  for (const Candidate& c : candidates) {
    CandidateFeatures f;
    f.person_id = std::string(index.Str(index.persons[c.person].id));
    f.values.assign(c.features.begin(), c.features.end());
    f.probability = c.probability;
    features->push_back(std::move(f));
  }
}

// The decision and the first `limit` results of the ranked candidates.
SearchResponse Respond(const LocatorIndex::Impl& index, const std::vector<Candidate>& candidates,
                       size_t limit) {
  SearchResponse response;
  const double top = candidates.empty() ? 0.0 : candidates[0].probability;
  const double second = candidates.size() < 2 ? 0.0 : candidates[1].probability;
  response.decision = DecideFromProbabilities(top, second);
  for (size_t i = 0; i < candidates.size() && i < limit; ++i) {
    response.results.push_back(MakeResult(index, candidates[i]));
  }
  return response;
}

}  // namespace

Result<SearchResponse> LocatorIndex::Search(const SearchQuery& query,
                                            const SearchOptions& options) const {
  return SearchWithFeatures(query, options, nullptr);
}

Result<SearchResponse> LocatorIndex::SearchWithFeatures(
    const SearchQuery& query, const SearchOptions& options,
    std::vector<CandidateFeatures>* features) const {
  const Impl& index = *impl_;
  thread_local names::NameParser parser;

  QueryState q;
  // Birth date and identifier first: bad input is the user's to fix.
  HABEAS_RETURN_IF_ERROR(ReadBirthDate(query.birth_date, &q));
  HABEAS_RETURN_IF_ERROR(ReadIdentifier(query.id, &q));
  names::NameParse parse = parser.Parse(query.text);
  if (const std::string cut = QueryWithGluedWordsCut(index, parse.normalized); !cut.empty()) {
    parse = parser.Parse(cut);
  }
  ReadNameReadings(parse, &q);
  if (parse.best().empty() && q.id_digits.empty()) {
    return InvalidInput("the query has no name to search for (type a given name and a surname)");
  }

  // 1. Candidate generation: every query token against the vocabulary, identifiers and
  // birth dates; a pre-score per person (docs/locator.md "Query").
  const std::vector<TokenPlan> plans = PlanQueryTokens(index, parse.normalized, &q);
  QueryLists query_lists;
  AddIdentifierLists(index, q.id_digits, &query_lists);
  AddNameLists(index, plans, &query_lists);
  AddBirthLists(index, q.births, &query_lists);

  // 2. The best candidates by pre-score.
  std::vector<Candidate> candidates =
      CandidatesOf(TopPersons(query_lists.groups, query_lists.lists, options.max_candidates));

  // 3. Ranking with the full comparators, then the calibrated model.
  CompareCandidates(index, q, &candidates);
  Calibrate(index, q, &candidates);
  SortByProbability(&candidates);
  if (features != nullptr) ExportFeatures(index, candidates, features);
  return Respond(index, candidates, options.limit);
}

}  // namespace habeas::search
