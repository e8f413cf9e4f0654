#include "habeas/names/name_parser.h"

#include <algorithm>
#include <array>

#include "habeas/names/frequencies.h"
#include "habeas/names/similarity.h"

namespace habeas::names {
namespace {

// At most this many units take part in the enumeration; longer inputs are folded into
// the given names of the interpretations (a 10-word "name" is not a Spanish name).
constexpr size_t kMaxUnits = 12;

// A word, or a particle group with its word ("de la cruz"), as a contiguous span of
// NormalizedName::folded.
struct Unit {
  uint32_t begin = 0;  // byte offsets into folded
  uint32_t end = 0;
  uint32_t core_begin = 0;  // the last word (without particles)
  bool has_particle = false;
  bool initial = false;
  bool all_caps = false;           // written in capitals inside mixed-case text
  bool after_y = false;            // follows the conjunction "y" ("Ortega y Gasset")
  double given = 0.5;              // P(given | word), adjusted by hints
  double compound_affinity = 0.0;  // for particle units: how often it ends a given name
};


// Prior over how many given names and surnames a written name has. Rough shares
// from how Venezuelan lists write names; docs/names.md explains the choice.
double ShapePrior(size_t given, size_t surnames) {
  static constexpr double kTable[5][3] = {
      // surnames: 0      1      2
      {0.0, 0.0, 0.0},        // 0 given (never used)
      {0.03, 0.16, 0.30},     // 1 given
      {0.01, 0.12, 0.28},     // 2 given
      {0.002, 0.02, 0.04},    // 3 given
      {0.0005, 0.004, 0.01},  // 4 given
  };
  if (surnames > 2 || given == 0) return 0.0;
  if (given >= 5) return 0.0005;
  return kTable[given][surnames];
}

constexpr double kGivenFirstShare = 0.65;    // without a comma
constexpr double kSurnameFirstShare = 0.35;  // "PEREZ INFANTE JOSE PEDRO"
constexpr double kCommaShare = 0.97;         // a comma almost always means "SURNAMES, GIVEN"
constexpr double kMaternalAsMiddleShare = 0.4;

// One interpretation before it is materialised into strings.
struct Candidate {
  NameForm form = NameForm::kEmpty;
  double score = 0.0;
  // Units [0, k) are assigned: givens are listed as ranges; surnames by unit index.
  // Given units in `given_order` (in output order); a particle unit directly after a
  // given unit is merged into it.
  std::array<uint8_t, kMaxUnits> given_units{};
  uint8_t given_count = 0;
  int8_t surname1 = -1;
  int8_t surname2 = -1;
  // Left-over units glued onto surname2 (comma forms with 3+ surname words).
  int8_t surname2_last = -1;
};

class Interpreter {
 public:
  Interpreter(const NormalizedName& name, const NameFrequencies& frequencies)
      : name_(name), frequencies_(frequencies) {}

  // Builds units from tokens. Returns the unit count.
  size_t BuildUnits() {
    const size_t n = name_.tokens.size();
    size_t i = 0;
    bool pending_y = false;
    while (i < n && unit_count_ < kMaxUnits) {
      const std::string_view word = name_.Folded(i);
      // "y" between two words joins two surnames; it is not a word of the name.
      if (word == "y" && unit_count_ > 0 && i + 1 < n && !units_[unit_count_ - 1].initial &&
          !name_.tokens[i + 1].Has(kTokenInitial)) {
        pending_y = true;
        ++i;
        continue;
      }
      Unit unit;
      unit.begin = name_.tokens[i].folded_begin;
      size_t j = i;
      while (j + 1 < n && IsNameParticle(name_.Folded(j)) &&
             !(name_.tokens[j].Has(kTokenInitial))) {
        ++j;
      }
      // j is the first non-particle token from i (or the last token).
      unit.has_particle = j > i;
      unit.core_begin = name_.tokens[j].folded_begin;
      unit.end = name_.tokens[j].folded_begin + name_.tokens[j].folded_size;
      const NameTokenSpan& core = name_.tokens[j];
      unit.initial = core.Has(kTokenInitial) && !unit.has_particle;
      unit.all_caps = core.Has(kTokenAllCapsInMixedCase);
      unit.after_y = pending_y;
      pending_y = false;
      first_token_[unit_count_] = static_cast<uint32_t>(i);
      units_[unit_count_++] = unit;
      i = j + 1;
    }
    // Anything beyond kMaxUnits is appended to the last unit (kept, never lost).
    if (i < n && unit_count_ > 0) {
      units_[unit_count_ - 1].end =
          name_.tokens[n - 1].folded_begin + name_.tokens[n - 1].folded_size;
    }
    for (size_t u = 0; u < unit_count_; ++u) ScoreUnit(&units_[u]);
    // Units before the comma.
    if (name_.tokens_before_comma > 0) {
      size_t left = 0;
      while (left < unit_count_ &&
             first_token_[left] < static_cast<uint32_t>(name_.tokens_before_comma)) {
        ++left;
      }
      if (left > 0 && left < unit_count_) comma_units_ = left;
    }
    all_initials_ = unit_count_ > 1;
    for (size_t u = 0; u < unit_count_; ++u) all_initials_ &= units_[u].initial;
    return unit_count_;
  }

  void Enumerate(std::vector<Candidate>* out) {
    const size_t k = unit_count_;
    if (k == 0) return;
    if (k == 1) {
      const Unit& u = units_[0];
      Candidate given;
      given.form = NameForm::kSingleGivenName;
      given.given_units[given.given_count++] = 0;
      given.score = 0.4 * GivenWeight(0, /*first_given=*/true);
      Candidate surname;
      surname.form = NameForm::kSingleSurname;
      surname.surname1 = 0;
      surname.score = 0.6 * SurnameWeight(0);
      if (u.initial) surname.score *= 0.3;
      out->push_back(given);
      out->push_back(surname);
      return;
    }
    const double no_comma_share = comma_units_ > 0 ? 1.0 - kCommaShare : 1.0;
    // Given names first: units [0, g) given, then up to two surnames.
    for (size_t s = 0; s <= 2 && s < k; ++s) {
      Candidate c;
      c.form = all_initials_ ? NameForm::kInitialsOnly : NameForm::kGivenFirst;
      const size_t g = k - s;
      if (s >= 1) c.surname1 = static_cast<int8_t>(g);
      if (s == 2) c.surname2 = static_cast<int8_t>(g + 1);
      double score = no_comma_share * kGivenFirstShare * AssignGivens(0, g, &c);
      score *= SurnamesWeight(c);
      c.score = score * ShapePrior(c.given_count, s);
      out->push_back(c);
    }
    // Surnames first without a comma: units [0, s) surnames, the rest given.
    if (!all_initials_) {
      for (size_t s = 1; s <= 2 && s < k; ++s) {
        Candidate c;
        c.form = NameForm::kSurnameFirst;
        c.surname1 = 0;
        if (s == 2) c.surname2 = 1;
        double score = no_comma_share * kSurnameFirstShare * AssignGivens(s, k, &c);
        score *= SurnamesWeight(c);
        c.score = score * ShapePrior(c.given_count, s);
        out->push_back(c);
      }
    }
    if (comma_units_ > 0) {
      const size_t left = comma_units_;
      // "S1 [S2], GIVEN..."
      Candidate c;
      c.form = NameForm::kCommaSurnameFirst;
      c.surname1 = 0;
      if (left >= 2) {
        c.surname2 = 1;
        if (left >= 3) c.surname2_last = static_cast<int8_t>(left - 1);
      }
      double score = kCommaShare * AssignGivens(left, k, &c) * SurnamesWeight(c);
      const double share = left == 1 && k - left >= 2 ? 1.0 - kMaternalAsMiddleShare : 1.0;
      c.score = share * score * ShapePrior(c.given_count, std::min<size_t>(left, 2));
      out->push_back(c);
      // "S1, GIVEN... S2": the maternal surname filed as a middle name.
      if (left == 1 && k - left >= 2) {
        Candidate m;
        m.form = NameForm::kCommaMaternalAsMiddle;
        m.surname1 = 0;
        m.surname2 = static_cast<int8_t>(k - 1);
        double mscore = kCommaShare * AssignGivens(1, k - 1, &m) * SurnamesWeight(m);
        m.score = kMaternalAsMiddleShare * mscore * ShapePrior(m.given_count, 2);
        out->push_back(m);
      }
    }
  }

  void Materialise(const Candidate& c, double probability, ParsedName* out) const {
    out->form = c.form;
    out->probability = probability;
    out->given_names.resize(c.given_count);
    for (size_t i = 0; i < c.given_count; ++i) {
      const size_t first = c.given_units[i];
      size_t last = first;
      // Merge following particle units (compound given names) — same rule as AssignGivens.
      while (last + 1 < unit_count_ && IsMergedIn(c, last + 1)) {
        ++last;
      }
      out->given_names[i].assign(Span(units_[first].begin, units_[last].end));
    }
    if (c.surname1 >= 0) {
      out->surname1.assign(Span(units_[c.surname1].begin, units_[c.surname1].end));
    } else {
      out->surname1.clear();
    }
    if (c.surname2 >= 0) {
      const size_t last = c.surname2_last >= 0 ? static_cast<size_t>(c.surname2_last)
                                               : static_cast<size_t>(c.surname2);
      out->surname2.assign(Span(units_[c.surname2].begin, units_[last].end));
    } else {
      out->surname2.clear();
    }
  }

 private:
  std::string_view Span(uint32_t begin, uint32_t end) const {
    return std::string_view(name_.folded).substr(begin, end - begin);
  }

  void ScoreUnit(Unit* unit) {
    std::string_view core = Span(unit->core_begin, unit->end);
    double p;
    if (unit->initial) {
      p = 0.65;  // initials stand for given names more often (J. Pérez)
    } else {
      p = frequencies_.GivenProbability(core);
    }
    if (unit->all_caps) p = Odds(p, 0.2);  // "José PÉREZ": capitals mark surnames
    if (unit->after_y) p = Odds(p, 0.1);
    unit->given = std::clamp(p, 0.01, 0.99);
    if (unit->has_particle) unit->compound_affinity = CompoundGivenAffinity(core);
  }

  static double Odds(double p, double factor) {
    const double odds = p / (1.0 - p) * factor;
    return odds / (1.0 + odds);
  }

  // Weight of unit u in the given role; particle units only as part of a compound.
  double GivenWeight(size_t u, bool first_given) const {
    const Unit& unit = units_[u];
    if (unit.has_particle) return first_given ? 0.01 : 0.0;
    return unit.given;
  }

  double SurnameWeight(size_t u) const {
    const Unit& unit = units_[u];
    if (unit.has_particle) return 0.9 * (1.0 - unit.compound_affinity) + 0.05;
    return 1.0 - unit.given;
  }

  // Assigns units [begin, end) as given names (particle units merge into the previous
  // given name) and returns the product of their weights.
  double AssignGivens(size_t begin, size_t end, Candidate* c) {
    double weight = 1.0;
    if (begin >= end) return 0.0;
    for (size_t u = begin; u < end; ++u) {
      const Unit& unit = units_[u];
      if (unit.has_particle && u > begin) {
        weight *= std::max(unit.compound_affinity, 0.03);
        continue;
      }
      weight *= GivenWeight(u, /*first_given=*/true);
      c->given_units[c->given_count++] = static_cast<uint8_t>(u);
    }
    return weight;
  }

  // Whether unit u is a given-name particle merged into the given that precedes it in c.
  bool IsMergedIn(const Candidate& c, size_t u) const {
    if (!units_[u].has_particle) return false;
    if (c.surname1 == static_cast<int8_t>(u) || c.surname2 == static_cast<int8_t>(u)) return false;
    if (c.surname2 >= 0 && c.surname2_last >= 0 && static_cast<int>(u) >= c.surname2 &&
        static_cast<int>(u) <= c.surname2_last) {
      return false;
    }
    for (size_t i = 0; i < c.given_count; ++i)
      if (c.given_units[i] == u) return false;
    return true;
  }

  double SurnamesWeight(const Candidate& c) const {
    double weight = 1.0;
    if (c.surname1 >= 0) weight *= SurnameWeight(static_cast<size_t>(c.surname1));
    if (c.surname2 >= 0) weight *= SurnameWeight(static_cast<size_t>(c.surname2));
    return weight;
  }

  const NormalizedName& name_;
  const NameFrequencies& frequencies_;
  std::array<Unit, kMaxUnits> units_{};
  std::array<uint32_t, kMaxUnits> first_token_{};
  size_t unit_count_ = 0;
  size_t comma_units_ = 0;
  bool all_initials_ = false;
};

}  // namespace

// How often "<given> <particles> <core>" is one compound given name ("María de los
// Ángeles", "José de Jesús") rather than a particle surname. Our own estimates.
double CompoundGivenAffinity(std::string_view core) {
  struct Entry {
    std::string_view core;
    double affinity;
  };
  static constexpr Entry kEntries[] = {
      {"angeles", 0.85},   {"carmen", 0.85},     {"dolores", 0.85},      {"pilar", 0.85},
      {"rosario", 0.8},    {"lourdes", 0.85},    {"fatima", 0.85},       {"mercedes", 0.8},
      {"consuelo", 0.85},  {"socorro", 0.85},    {"remedios", 0.85},     {"milagros", 0.85},
      {"asuncion", 0.85},  {"concepcion", 0.85}, {"guadalupe", 0.85},    {"montserrat", 0.85},
      {"belen", 0.8},      {"nieves", 0.7},      {"luz", 0.8},           {"paz", 0.6},
      {"jesus", 0.75},     {"dios", 0.8},        {"valle", 0.55},        {"mar", 0.8},
      {"cielo", 0.8},      {"rocio", 0.8},       {"soledad", 0.8},       {"trinidad", 0.8},
      {"candelaria", 0.8}, {"coromoto", 0.85},   {"chiquinquira", 0.85}, {"santos", 0.3},
      {"cruz", 0.35},      {"reyes", 0.3},       {"gracia", 0.6},        {"monte", 0.3},
      {"lujan", 0.8},      {"sagrario", 0.85},   {"encarnacion", 0.85},  {"olvido", 0.85},
  };
  for (const Entry& e : kEntries)
    if (e.core == core) return e.affinity;
  // A typo in a long core ("de Jessú", "de los Angelez") is still that core: one edit
  // (a transposition counts one) in five letters or more.
  if (core.size() < 5) return 0.0;
  for (const Entry& e : kEntries) {
    if (e.core.size() >= 5 && DamerauLevenshteinCapped(core, e.core, 1) <= 1) return e.affinity;
  }
  return 0.0;
}

std::string_view NameFormName(NameForm form) {
  switch (form) {
    case NameForm::kEmpty:
      return "empty";
    case NameForm::kGivenFirst:
      return "given_first";
    case NameForm::kSurnameFirst:
      return "surname_first";
    case NameForm::kCommaSurnameFirst:
      return "comma_surname_first";
    case NameForm::kCommaMaternalAsMiddle:
      return "comma_maternal_as_middle";
    case NameForm::kInitialsOnly:
      return "initials_only";
    case NameForm::kSingleGivenName:
      return "single_given";
    case NameForm::kSingleSurname:
      return "single_surname";
  }
  return "unknown";
}

std::string ParsedName::GivenNamesJoined() const {
  std::string out;
  for (const std::string& given : given_names) {
    if (!out.empty()) out.push_back(' ');
    out += given;
  }
  return out;
}

std::string ParsedName::ToString() const {
  return GivenNamesJoined() + " | " + surname1 + " | " + surname2;
}

std::string_view SurnameParticles(std::string_view surname) {
  size_t end = 0;
  size_t pos = 0;
  while (pos < surname.size()) {
    size_t space = surname.find(' ', pos);
    if (space == std::string_view::npos) break;  // the last word is the core
    if (!IsNameParticle(surname.substr(pos, space - pos))) break;
    end = space;
    pos = space + 1;
  }
  return surname.substr(0, end);
}

std::string_view SurnameCore(std::string_view surname) {
  std::string_view particles = SurnameParticles(surname);
  if (particles.empty()) return surname;
  return surname.substr(particles.size() + 1);
}

NameParser::NameParser() : NameParser(&NameFrequencies::BuiltinPrior()) {}

NameParser::NameParser(const NameFrequencies* frequencies, NameParserOptions options)
    : frequencies_(frequencies != nullptr ? frequencies : &NameFrequencies::BuiltinPrior()),
      options_(options) {
  if (options_.max_alternatives == 0) options_.max_alternatives = 1;
}

void NameParser::ParseNormalized(const NormalizedName& name,
                                 std::vector<ParsedName>* alternatives) const {
  Interpreter interpreter(name, *frequencies_);
  interpreter.BuildUnits();
  thread_local std::vector<Candidate> candidates;
  candidates.clear();
  interpreter.Enumerate(&candidates);
  double total = 0.0;
  for (const Candidate& c : candidates) total += c.score;
  if (candidates.empty() || !(total > 0.0)) {
    alternatives->resize(1);
    ParsedName& empty = alternatives->front();
    empty.given_names.clear();
    empty.surname1.clear();
    empty.surname2.clear();
    empty.form = NameForm::kEmpty;
    empty.probability = 1.0;
    return;
  }
  // Insertion sort (a handful of candidates; no allocation). Stable: equal scores keep
  // the enumeration order (given-first before surname-first).
  for (size_t i = 1; i < candidates.size(); ++i) {
    for (size_t j = i; j > 0 && candidates[j].score > candidates[j - 1].score; --j) {
      std::swap(candidates[j], candidates[j - 1]);
    }
  }
  size_t keep = 0;
  double kept_total = 0.0;
  while (keep < candidates.size() && keep < options_.max_alternatives) {
    const double p = candidates[keep].score / total;
    if (keep > 0 && p < options_.min_probability) break;
    kept_total += candidates[keep].score;
    ++keep;
  }
  alternatives->resize(keep);
  for (size_t i = 0; i < keep; ++i) {
    interpreter.Materialise(candidates[i], candidates[i].score / kept_total, &(*alternatives)[i]);
  }
}

NameParse NameParser::Parse(std::string_view raw) const {
  NameParse parse;
  NormalizeNameInto(raw, &parse.normalized);
  ParseNormalized(parse.normalized, &parse.alternatives);
  return parse;
}

void SplitSurnames(std::string_view folded, std::string* s1, std::string* s2) {
  std::string* target = s1;
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t end = folded.find(' ', pos);
    if (end == std::string_view::npos) end = folded.size();
    const std::string_view word = folded.substr(pos, end - pos);
    if (!target->empty()) target->push_back(' ');
    target->append(word);
    if (!IsNameParticle(word) && target == s1) target = s2;
    pos = end + 1;
  }
}

}  // namespace habeas::names
