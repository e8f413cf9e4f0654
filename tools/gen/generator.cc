#include "generator.h"

#include "lists.h"
#include "queries.h"

namespace habeas::gen {
namespace {

bool IsRate(double value) { return value >= 0.0 && value <= 1.0; }

}  // namespace

Status ValidateOptions(const GeneratorOptions& options) {
  if (options.persons == 0) return InvalidInput("--persons must be at least 1");
  if (options.lists < 1 || options.lists > kMaxLists) {
    return InvalidInput("--lists must be between 1 and " + std::to_string(kMaxLists));
  }
  if (!IsRate(options.no_list_share)) {
    return InvalidInput("--no-list-share must be between 0 and 1");
  }
  if (options.noise < 0 || options.noise > 10) return InvalidInput("--noise must be in [0, 10]");
  const CorruptionRates& r = options.rates;
  for (double rate : {r.typo, r.phonetic, r.nickname, r.drop_surname2, r.swap_surnames,
                      r.date_error, r.id_typo, r.missing_field}) {
    if (!IsRate(rate)) return InvalidInput("corruption rates must be between 0 and 1");
  }
  return Status::Ok();
}

Result<GeneratorSummary> Generate(const GeneratorOptions& options, OutputDirectory& out) {
  HABEAS_RETURN_IF_ERROR(ValidateOptions(options));
  PopulationOptions population_options = options.population;
  population_options.persons = options.persons;
  Population population = GeneratePopulation(population_options, options.seed);

  const std::vector<ListSpec> specs = MakeListSpecs(options.lists, options.profile);
  ListContext context;
  context.seed = options.seed;
  context.rates = options.rates;
  context.noise = options.noise;
  context.profile = options.profile;
  const std::vector<ListOutput> lists = GenerateLists(specs, population, context);

  GeneratorSummary summary;
  summary.seed = options.seed;
  summary.profile = options.profile;
  summary.persons = population.persons.size();
  summary.households = population.households;
  summary.nicknames_from_data_file = Vocabulary::Get().nicknames_from_data_file();
  summary.nickname_entries = Vocabulary::Get().nickname_count();
  for (const Person& p : population.persons) {
    summary.persons_on_no_list += p.lists == 0;
    summary.sibling_persons += p.household_size > 1;
    summary.twin_persons += p.twin_of != kNoPerson;
    summary.namesake_persons += p.namesake_of != kNoPerson;
  }

  for (const ListOutput& list : lists) {
    const ListSpec& spec = *list.spec;
    HABEAS_RETURN_IF_ERROR(out.Write(spec.file_name, ListFileBytes(list)));
    const std::string mapping = spec.name + ".toml";
    HABEAS_RETURN_IF_ERROR(out.Write(mapping, MappingToml(spec)));
    ListSummary item{spec.name,           spec.kind,    spec.file_name, mapping,
                     list.records.size(), list.persons, list.counts,    list.levels};
    summary.records += list.records.size();
    summary.lists.push_back(std::move(item));
  }
  HABEAS_RETURN_IF_ERROR(out.Write("truth.csv", TruthCsv(lists)));
  HABEAS_RETURN_IF_ERROR(out.Write("persons.csv", PersonsCsv(population, specs)));

  if (options.queries > 0) {
    QueryOptions query_options;
    query_options.count = options.queries;
    query_options.no_list_share = options.no_list_share;
    // Relatives typing on a phone run words together as the hand-typed lists do.
    if (options.profile == Profile::kHard) query_options.glued_words = kHardQueryGluedWords;
    CorruptionCounts query_counts;
    const std::vector<Query> queries =
        GenerateQueries(population, query_options, options.rates, options.seed, query_counts);
    HABEAS_RETURN_IF_ERROR(out.Write("queries.csv", QueriesCsv(queries)));
    HABEAS_RETURN_IF_ERROR(out.Write("queries_truth.csv", QueriesTruthCsv(queries)));
    summary.queries = queries.size();
    for (const Query& q : queries) summary.queries_no_list += !q.on_a_list;
  }
  return summary;
}

nlohmann::ordered_json SummaryToJson(const GeneratorSummary& summary) {
  nlohmann::ordered_json json;
  json["seed"] = summary.seed;
  json["profile"] = std::string(ProfileName(summary.profile));
  json["persons"] = summary.persons;
  json["households"] = summary.households;
  json["persons_on_no_list"] = summary.persons_on_no_list;
  json["sibling_persons"] = summary.sibling_persons;
  json["twin_persons"] = summary.twin_persons;
  json["namesake_persons"] = summary.namesake_persons;
  json["records"] = summary.records;
  json["lists"] = nlohmann::ordered_json::array();
  for (const ListSummary& list : summary.lists) {
    nlohmann::ordered_json item;
    item["name"] = list.name;
    item["kind"] = list.kind;
    item["file"] = list.file;
    item["mapping"] = list.mapping;
    item["records"] = list.records;
    item["persons"] = list.persons;
    nlohmann::ordered_json corruptions;
    for (size_t k = 0; k < static_cast<size_t>(Corruption::kCount); ++k) {
      const auto kind = static_cast<Corruption>(k);
      corruptions[std::string(CorruptionName(kind))] = list.corruptions.Get(kind);
    }
    item["corruptions"] = corruptions;
    if (list.levels) {
      const HardListLevels& l = *list.levels;
      item["levels"] = {{"noise", l.noise},
                        {"word_error", l.word_error},
                        {"extra_error", l.extra_error},
                        {"name_only", l.name_only},
                        {"age_given", l.age_given},
                        {"age_off_by_one", l.age_off_by_one},
                        {"drop_given_names", l.drop_given_names},
                        {"drop_surname2", l.drop_surname2},
                        {"given_as_surname", l.given_as_surname},
                        {"surname_as_given", l.surname_as_given},
                        {"unparsable_date", l.unparsable_date},
                        {"id_placeholder", l.id_placeholder},
                        {"initials", l.initials},
                        {"flight_share", l.flight_share},
                        {"second_given_kept", l.second_given_kept},
                        {"misread_text", l.misread_text},
                        {"typed_accents", l.typed_accents},
                        {"name_aside", l.name_aside},
                        {"pasted_windows1252", l.pasted_windows1252},
                        {"glued_words", l.glued_words}};
    }
    json["lists"].push_back(item);
  }
  json["queries"] = summary.queries;
  json["queries_no_list"] = summary.queries_no_list;
  json["nicknames"] = summary.nicknames_from_data_file ? "data/names/nicknames.tsv" : "built-in";
  json["nickname_entries"] = summary.nickname_entries;
  return json;
}

std::string SummaryToText(const GeneratorSummary& summary) {
  std::string out;
  out += "seed " + std::to_string(summary.seed) + ": " + std::to_string(summary.persons) +
         " persons in " + std::to_string(summary.households) + " households (" +
         std::to_string(summary.sibling_persons) + " siblings, " +
         std::to_string(summary.twin_persons) + " twins, " +
         std::to_string(summary.namesake_persons) + " namesakes), " +
         std::to_string(summary.persons_on_no_list) + " on no list\n";
  for (const ListSummary& list : summary.lists) {
    std::string name = list.name;
    name.resize(std::max<size_t>(name.size(), 16), ' ');
    out += "  " + name + std::to_string(list.records) + " records, " +
           std::to_string(list.persons) + " persons  (" + list.file + ", " + list.mapping + ")\n";
  }
  out += "  records total   " + std::to_string(summary.records) + "\n";
  if (summary.queries > 0) {
    out += "  queries         " + std::to_string(summary.queries) + " (" +
           std::to_string(summary.queries_no_list) + " about people on no list)\n";
  }
  return out;
}

}  // namespace habeas::gen
