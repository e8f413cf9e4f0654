#include "queries.h"

#include <cmath>
#include <numeric>

#include "random.h"
#include "text.h"
#include "writers.h"

namespace habeas::gen {

std::string_view QueryShapeName(QueryShape shape) {
  switch (shape) {
    case QueryShape::kFullName:
      return "full_name";
    case QueryShape::kFirstGivenBothSurnames:
      return "first_given_both_surnames";
    case QueryShape::kGivenNamesPaternal:
      return "given_names_paternal";
    case QueryShape::kFirstGivenPaternal:
      return "first_given_paternal";
    case QueryShape::kSurnamesOnly:
      return "surnames_only";
    case QueryShape::kOneSurname:
      return "one_surname";
    case QueryShape::kCount:
      break;
  }
  return "unknown";
}

namespace {

// The mix of what relatives type (docs/generator.md "Queries"). Cumulative shares in
// QueryShape order; the last shape takes the rest.
constexpr double kShapeShare[] = {0.40, 0.20, 0.12, 0.20, 0.05, 0.03};
static_assert(sizeof kShapeShare / sizeof kShapeShare[0] ==
              static_cast<size_t>(QueryShape::kCount));

QueryShape DrawShape(Rng& rng) {
  double r = rng.Uniform();
  for (size_t s = 0; s + 1 < static_cast<size_t>(QueryShape::kCount); ++s) {
    if (r < kShapeShare[s]) return static_cast<QueryShape>(s);
    r -= kShapeShare[s];
  }
  return static_cast<QueryShape>(static_cast<size_t>(QueryShape::kCount) - 1);
}

// Given names as typed: all of them or the first, maybe with a nickname for the first.
std::string TypedGivenNames(const Person& person, bool all, Corruptor& corruptor, Rng& rng) {
  const auto& names = Vocabulary::Get().given_names(person.sex);
  const std::optional<std::string> nickname = NicknameFor(person, rng);
  if (nickname && corruptor.Roll(Corruption::kNickname, rng)) {
    return *nickname;  // who types "Chuy" does not add the other given names
  }
  std::string out = corruptor.NamePart(names[person.given[0]], rng);
  if (all) {
    for (int k = 1; k < person.given_count; ++k) {
      out += ' ';
      out += corruptor.NamePart(names[person.given[k]], rng);
    }
  }
  return out;
}

}  // namespace

std::vector<Query> GenerateQueries(const Population& population, const QueryOptions& options,
                                   const CorruptionRates& rates, uint64_t seed,
                                   CorruptionCounts& counts) {
  std::vector<uint32_t> listed;
  std::vector<uint32_t> unlisted;
  for (const Person& p : population.persons) (p.lists != 0 ? listed : unlisted).push_back(p.index);
  std::vector<Query> queries;
  if (options.count == 0 || population.persons.empty()) return queries;

  // Exactly round(share * count) no-list queries (fewer if nobody is on no list),
  // placed at random positions.
  uint32_t no_list = static_cast<uint32_t>(options.no_list_share * options.count + 0.5);
  if (unlisted.empty()) no_list = 0;
  if (listed.empty()) no_list = options.count;
  std::vector<uint32_t> positions(options.count);
  std::iota(positions.begin(), positions.end(), 0u);
  Rng order_rng = Rng::ForStream(seed, kStreamQueries, 0);
  for (uint32_t i = 0; i < no_list; ++i) {
    const uint64_t j = i + order_rng.Below(options.count - i);
    std::swap(positions[i], positions[j]);
  }
  std::vector<bool> is_no_list(options.count, false);
  for (uint32_t i = 0; i < no_list; ++i) is_no_list[positions[i]] = true;

  Corruptor corruptor(rates, options.noise, counts);
  queries.reserve(options.count);
  for (uint32_t q = 0; q < options.count; ++q) {
    Rng rng = Rng::ForStream(seed, kStreamQueries, q + 1);
    Query query;
    query.id = "Q";
    query.id += PadNumber(q + 1, 6);
    query.on_a_list = !is_no_list[q];
    const auto& pool = query.on_a_list ? listed : unlisted;
    const Person& person = population.persons[pool[rng.Below(pool.size())]];
    query.subject = person.index;
    query.shape = DrawShape(rng);

    std::string given;
    std::string surnames;
    switch (query.shape) {
      case QueryShape::kFullName:
      case QueryShape::kGivenNamesPaternal:
        given = TypedGivenNames(person, true, corruptor, rng);
        break;
      case QueryShape::kFirstGivenBothSurnames:
      case QueryShape::kFirstGivenPaternal:
        given = TypedGivenNames(person, false, corruptor, rng);
        break;
      case QueryShape::kSurnamesOnly:
      case QueryShape::kOneSurname:
      case QueryShape::kCount:
        break;
    }
    const bool both_surnames = query.shape == QueryShape::kFullName ||
                               query.shape == QueryShape::kFirstGivenBothSurnames ||
                               query.shape == QueryShape::kSurnamesOnly;
    surnames = corruptor.NamePart(Surname1(person), rng);
    if (both_surnames) {
      surnames += ' ';
      surnames += corruptor.NamePart(Surname2(person), rng);
    }
    std::string text;
    if (!given.empty() && rng.Chance(0.12)) {
      // Surnames first, as on forms and lists ("perez infante, jose" or without comma).
      text = surnames + (rng.Chance(0.5) ? ", " : " ") + given;
    } else {
      text = given.empty() ? surnames : given + " " + surnames;
    }
    if (rng.Chance(0.8)) text = StripAccents(text);
    const double case_draw = rng.Uniform();
    text = case_draw < 0.6 ? ToLower(text)
                           : (case_draw < 0.7 ? ToUpper(text) : SpanishTitleCase(text));
    if (options.glued_words > 0) {
      // A stream of its own: every other query is the one the seed wrote before.
      Rng glue = Rng::ForStream(seed, kStreamQueryGlue, q + 1);
      if (glue.Chance(options.glued_words) && GlueTwoWords(&text, glue)) {
        counts.Add(Corruption::kGluedWords);
      }
    }
    query.text = text;

    // Relatives usually know the birth date (sometimes only the year, or with the usual
    // errors), less often the cédula number.
    if (rng.Chance(0.45)) {
      const DateVariant dob = corruptor.BirthDate(person.birth, DateErrors::kAll, rng);
      Date shown = dob.date;
      if (dob.day_month_swapped) std::swap(shown.day, shown.month);
      if (dob.year_only) {
        query.birth_date = std::to_string(dob.date.year);
      } else if (rng.Chance(0.7)) {
        query.birth_date = PadNumber(shown.day, 2) + "/" + PadNumber(shown.month, 2) + "/" +
                           std::to_string(shown.year);
      } else {
        query.birth_date = std::to_string(shown.year) + "-" + PadNumber(shown.month, 2) + "-" +
                           PadNumber(shown.day, 2);
      }
    }
    if (person.id_kind != IdKind::kNone && rng.Chance(0.2)) {
      const std::string digits = corruptor.Identifier(CedulaDigits(person), rng);
      query.national_id =
          rng.Chance(0.5) ? digits : std::string(1, static_cast<char>(person.id_kind)) + digits;
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

std::string QueriesCsv(const std::vector<Query>& queries) {
  std::string out = "query_id,query_text,dob,national_id\n";
  for (const Query& q : queries) {
    AppendDelimitedRow({q.id, q.text, q.birth_date, q.national_id}, ',', out);
    out += '\n';
  }
  return out;
}

std::string QueriesTruthCsv(const std::vector<Query>& queries) {
  std::string out = "query_id,person_id,shape\n";
  for (const Query& q : queries) {
    out += q.id + "," + (q.on_a_list ? PersonId(q.subject) : "") + ",";
    out += QueryShapeName(q.shape);
    out += '\n';
  }
  return out;
}

}  // namespace habeas::gen
