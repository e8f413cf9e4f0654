#include "queries.h"

#include <cmath>
#include <numeric>

#include "random.h"
#include "text.h"
#include "writers.h"

namespace habeas::gen {

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
  const auto& vocab = Vocabulary::Get();
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

    std::string given;
    const std::optional<std::string> nickname = NicknameFor(person, rng);
    const double r = rng.Uniform();
    if (nickname && corruptor.Roll(Corruption::kNickname, rng)) {
      given = *nickname;
    } else if (r < 0.7) {
      given = vocab.given_names(person.sex)[person.given[0]];
    } else if (r < 0.9) {
      given = GivenNames(person);
    }
    std::string text = corruptor.NamePart(given, rng);
    const std::string surname1 = corruptor.NamePart(Surname1(person), rng);
    if (!text.empty()) text += ' ';
    text += surname1;
    if (rng.Chance(0.45)) text += " " + corruptor.NamePart(Surname2(person), rng);
    if (rng.Chance(0.8)) text = StripAccents(text);
    const double case_draw = rng.Uniform();
    text = case_draw < 0.6 ? ToLower(text)
                           : (case_draw < 0.7 ? ToUpper(text) : SpanishTitleCase(text));
    query.text = text;

    if (rng.Chance(0.35)) {
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
  std::string out = "query_id,person_id\n";
  for (const Query& q : queries) {
    out += q.id + "," + (q.on_a_list ? PersonId(q.subject) : "") + "\n";
  }
  return out;
}

}  // namespace habeas::gen
