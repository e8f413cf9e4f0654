// Linkage settings: defaults and the TOML format (docs/linkage.md "Settings").
#include <toml++/toml.h>

#include <cstdio>
#include <string_view>
#include <vector>

#include "common/file_io.h"
#include "common/toml_nesting.h"
#include "habeas/link.h"
#include "link/blocking.h"

namespace habeas::link {

LinkSettings DefaultLinkSettings() {
  LinkSettings s;
  // Sub-blocking: at 1M records most name blocks are oversized, and 20/6 produced
  // 13.7M candidate pairs; 12/4 gives 9.8M (−29%) for −0.005 F1 at 1M and −0.0008 at
  // 50k (docs/linkage.md "Scaling").
  s.max_block_size = 12;
  s.window = 4;
  s.neighbours = 20;  // docs/linkage.md "Name neighbours"
  s.neighbour_max_postings = 5000;
  s.rules = {
      {"given_surname_year", {"given", "any_surname", "birth_year"}, ""},
      {"surnames_year", {"surname_pair", "birth_year"}, ""},
      {"given_surnames", {"given", "surname_pair"}, ""},
      {"given_surname_no_date", {"given", "any_surname"}, "birth_year"},
      {"surname_birth_date", {"surname1", "birth_date"}, ""},
      {"given_birth_date", {"given", "birth_date"}, ""},
      // The same full date and any word of the name in any role: a given name kept alone
      // against the maternal surname filed as paternal ("carlos molina" against "GONZALEZ
      // MOLINA, JEAN CARLOS", both 1988-09-04) shares no key of the two rules above.
      {"name_word_birth_date", {"name_word", "birth_date"}, ""},
      {"initial_surname_region", {"given_initial", "surname1", "region"}, ""},
      {"national_id", {"national_id"}, ""},
      {"a_number", {"a_number"}, ""},
      {"other_id", {"other_id"}, ""},
      {"birth_date_postcode", {"birth_date", "postcode"}, ""},
      {"birth_date_locality", {"birth_date", "locality"}, ""},
      {"birth_date_region", {"birth_date", "region"}, ""},
      {"given_postcode", {"given", "postcode"}, ""},
      {"surname_postcode", {"surname1", "postcode"}, ""},
      // Typos that change a blocking key: a surname typo against a year-month (the NGO
      // writes "1985-02"), a given-name typo or nickname, a year typo, and records
      // whose dates disagree but share a contact phone. Each kept split persons apart
      // that the model links (docs/linkage.md "Blocking").
      {"given_surname_initial_year_month", {"given", "surname_initial", "birth_year_month"}, ""},
      {"surname_given_initial_year_month",
       {"any_surname", "given_initial", "birth_year_month"},
       ""},
      {"given_surname_month_day", {"given", "any_surname", "birth_month_day"}, ""},
      {"given_phone", {"given", "phone"}, ""},
      // Records without a birth date, or with only a year and month, whose names have a
      // typo: in the given name (the surnames agree), in a surname (both given names
      // agree), and a year one off a full date against the NGO's "1985-02" (full dates
      // a year apart are given_surname_month_day's). Most kept removed persons split
      // whose NGO, family or leak record never met the manifest (docs/linkage.md).
      {"surnames_given_initial_no_date", {"surname_pair", "given_initial"}, "birth_year"},
      {"given_given2_surname_initial_no_date",
       {"given", "given2", "surname_initial"},
       "birth_year"},
      {"given_surname_month_near_year",
       {"given", "any_surname", "birth_month_near_year"},
       "birth_date"},
      // A redacted A-number ("XXX-XXX-435" in a court filing) against whole ones: the
      // visible digits and the given name's initial, for pairs where one side has no
      // whole A-number (two whole ones meet on `a_number`).
      {"a_number_tail_given_initial", {"a_number_tail", "given_initial"}, "a_number"},
      // A name on a removal flight against the flight's manifest: a leaked or transcribed
      // list names the flight but rarely a date or an identifier, and a word of the name
      // in any role and spelling keeps "ROJAS, CARLOS" and "Carlos Rojas" in one block
      // that the name alone makes too large. Two full dates meet on the date rules.
      {"flight_name_word", {"flight", "name_word"}, "birth_date"},
      // The same with two words of the name, any roles: on a flight of thousands a word
      // such as "contreras" is an oversized block that sorted neighbourhood cuts to four
      // by name order, and "Luis Contreras" is far from "CONTRERAS RIVAS, JOSE LUIS" in it.
      {"flight_name_word_pair", {"flight", "name_word_pair"}, "birth_date"},
      // A record without a date in an oversized given-name + surname block ("Luis
      // González") meets its namesakes on the same flight or from the same state, where
      // few remain: +5% candidate pairs at 1M hard for the best yield of the rules tried
      // (docs/linkage.md "What the hard lists can decide at all").
      {"given_surname_flight_no_date", {"given", "any_surname", "flight"}, "birth_date"},
      {"given_surname_region_no_date", {"given", "any_surname", "region"}, "birth_date"},
  };
  return s;
}

namespace {

// Every table and key the settings format has (docs/linkage.md "Settings"): anything
// else is a typo that would otherwise be ignored silently, leaving a default in place.
struct KnownTable {
  const char* table;
  std::vector<const char*> keys;
};

const std::vector<KnownTable>& KnownSettings() {
  static const std::vector<KnownTable> known = {
      {"blocking", {"max_block_size", "window", "neighbours", "neighbour_max_postings", "rules"}},
      {"blocking.rules", {"name", "parts", "only_if_missing"}},
      {"model",
       {"em_iterations", "u_sample_pairs", "seed", "prior", "term_frequency", "competition",
        "tf_cap_bits", "age_reference_date"}},
      {"clustering",
       {"threshold", "conflict_weight", "min_mean_probability", "national_id_cannot_link",
        "a_number_cannot_link", "max_birth_year_gap"}},
      {"review", {"low", "high", "limit"}},
      {"run", {"threads"}},
  };
  return known;
}

const KnownTable* FindKnownTable(std::string_view table) {
  for (const KnownTable& t : KnownSettings())
    if (table == t.table) return &t;
  return nullptr;
}

Status UnknownKey(const std::string& name, const toml::node& node, const std::string& what,
                  const std::string& known) {
  return InvalidInput(name + ":" + std::to_string(node.source().begin.line) + ": unknown " +
                      what + " (known: " + known + "); fix the spelling or remove it");
}

Status CheckKeysOf(const toml::table& table, const KnownTable& known, const std::string& name) {
  for (const auto& [key, node] : table) {
    bool found = false;
    std::string list;
    for (const char* k : known.keys) {
      found = found || key.str() == k;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!found) {
      return UnknownKey(name, node,
                        "key \"" + std::string(key.str()) + "\" in [" + known.table + "]", list);
    }
  }
  return Status::Ok();
}

// Refuses unknown tables and keys, naming the file, the line and the key.
Status CheckKnownKeys(const toml::table& root, const std::string& name) {
  std::string tables;
  for (const KnownTable& t : KnownSettings()) {
    if (std::string_view(t.table).find('.') == std::string_view::npos) {
      tables += (tables.empty() ? "" : ", ") + std::string("[") + t.table + "]";
    }
  }
  for (const auto& [key, node] : root) {
    const KnownTable* known = FindKnownTable(key.str());
    if (!known || !node.is_table()) {
      return UnknownKey(name, node, "table or key \"" + std::string(key.str()) + "\"", tables);
    }
    HABEAS_RETURN_IF_ERROR(CheckKeysOf(*node.as_table(), *known, name));
  }
  if (const toml::array* rules = root["blocking"]["rules"].as_array()) {
    for (const toml::node& rule : *rules) {
      if (const toml::table* t = rule.as_table()) {
        HABEAS_RETURN_IF_ERROR(CheckKeysOf(*t, *FindKnownTable("blocking.rules"), name));
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LinkSettings> ParseLinkSettings(const std::string& text, const std::string& name) {
  HABEAS_RETURN_IF_ERROR(CheckTomlNesting(text, name));
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return InvalidInput(name + ":" + std::to_string(e.source().begin.line) + ": " +
                        std::string(e.description()));
  }
  HABEAS_RETURN_IF_ERROR(CheckKnownKeys(root, name));
  LinkSettings s = DefaultLinkSettings();
  auto read_double = [&](const toml::table* t, const char* key, double* out) -> Status {
    if (!t) return Status::Ok();
    const toml::node* n = t->get(key);
    if (!n) return Status::Ok();
    if (auto v = n->value<double>()) {
      *out = *v;
      return Status::Ok();
    }
    return InvalidInput(name + ":" + std::to_string(n->source().begin.line) + ": " + key +
                        " must be a number");
  };
  auto read_int = [&](const toml::table* t, const char* key, auto* out) -> Status {
    if (!t) return Status::Ok();
    const toml::node* n = t->get(key);
    if (!n) return Status::Ok();
    if (auto v = n->value<int64_t>()) {
      *out = static_cast<std::remove_pointer_t<decltype(out)>>(*v);
      return Status::Ok();
    }
    return InvalidInput(name + ":" + std::to_string(n->source().begin.line) + ": " + key +
                        " must be an integer");
  };
  auto read_bool = [&](const toml::table* t, const char* key, bool* out) -> Status {
    if (!t) return Status::Ok();
    const toml::node* n = t->get(key);
    if (!n) return Status::Ok();
    if (auto v = n->value<bool>()) {
      *out = *v;
      return Status::Ok();
    }
    return InvalidInput(name + ":" + std::to_string(n->source().begin.line) + ": " + key +
                        " must be true or false");
  };
  const toml::table* blocking = root["blocking"].as_table();
  HABEAS_RETURN_IF_ERROR(read_int(blocking, "max_block_size", &s.max_block_size));
  HABEAS_RETURN_IF_ERROR(read_int(blocking, "window", &s.window));
  HABEAS_RETURN_IF_ERROR(read_int(blocking, "neighbours", &s.neighbours));
  HABEAS_RETURN_IF_ERROR(
      read_int(blocking, "neighbour_max_postings", &s.neighbour_max_postings));
  if (blocking) {
    if (const toml::array* rules = blocking->get_as<toml::array>("rules")) {
      s.rules.clear();
      for (const toml::node& node : *rules) {
        const toml::table* t = node.as_table();
        if (!t) return InvalidInput(name + ": [[blocking.rules]] entries must be tables");
        BlockingRule rule;
        rule.name = t->get_as<std::string>("name") ? **t->get_as<std::string>("name") : "";
        if (const toml::array* parts = t->get_as<toml::array>("parts")) {
          for (const toml::node& p : *parts) {
            if (auto v = p.value<std::string>()) rule.parts.push_back(*v);
          }
        }
        if (auto m = t->get_as<std::string>("only_if_missing")) rule.only_if_missing = **m;
        if (rule.name.empty()) rule.name = "rule_" + std::to_string(s.rules.size() + 1);
        s.rules.push_back(std::move(rule));
      }
    }
  }
  const toml::table* model = root["model"].as_table();
  HABEAS_RETURN_IF_ERROR(read_int(model, "em_iterations", &s.em_iterations));
  HABEAS_RETURN_IF_ERROR(read_int(model, "u_sample_pairs", &s.u_sample_pairs));
  HABEAS_RETURN_IF_ERROR(read_int(model, "seed", &s.seed));
  HABEAS_RETURN_IF_ERROR(read_double(model, "prior", &s.prior));
  HABEAS_RETURN_IF_ERROR(read_bool(model, "term_frequency", &s.term_frequency));
  HABEAS_RETURN_IF_ERROR(read_bool(model, "competition", &s.competition));
  HABEAS_RETURN_IF_ERROR(read_double(model, "tf_cap_bits", &s.tf_cap_bits));
  if (model) {
    if (auto v = model->get_as<std::string>("age_reference_date")) s.age_reference_date = **v;
  }
  const toml::table* cluster = root["clustering"].as_table();
  HABEAS_RETURN_IF_ERROR(read_double(cluster, "threshold", &s.threshold));
  HABEAS_RETURN_IF_ERROR(read_double(cluster, "conflict_weight", &s.conflict_weight));
  HABEAS_RETURN_IF_ERROR(read_double(cluster, "min_mean_probability", &s.min_mean_probability));
  HABEAS_RETURN_IF_ERROR(read_bool(cluster, "national_id_cannot_link", &s.national_id_cannot_link));
  HABEAS_RETURN_IF_ERROR(read_bool(cluster, "a_number_cannot_link", &s.a_number_cannot_link));
  HABEAS_RETURN_IF_ERROR(read_int(cluster, "max_birth_year_gap", &s.max_birth_year_gap));
  const toml::table* review = root["review"].as_table();
  HABEAS_RETURN_IF_ERROR(read_double(review, "low", &s.review_low));
  HABEAS_RETURN_IF_ERROR(read_double(review, "high", &s.review_high));
  HABEAS_RETURN_IF_ERROR(read_int(review, "limit", &s.review_limit));
  const toml::table* run = root["run"].as_table();
  HABEAS_RETURN_IF_ERROR(read_int(run, "threads", &s.threads));
  if (!(s.threshold > 0 && s.threshold < 1)) {  // also refuses nan
    return InvalidInput(name + ": clustering.threshold must be between 0 and 1 (exclusive)");
  }
  if (s.max_block_size < 2 || s.window < 1) {
    return InvalidInput(name + ": blocking.max_block_size must be >= 2 and window >= 1");
  }
  if (s.neighbours < 0 || s.neighbours > 100 || s.neighbour_max_postings < 1) {
    return InvalidInput(name + ": blocking.neighbours must be 0-100 and neighbour_max_postings >= 1");
  }
  if (s.threads < 1 || s.threads > 64) return InvalidInput(name + ": run.threads must be 1-64");
  HABEAS_RETURN_IF_ERROR(ValidateRules(s.rules).WithContext(name));
  return s;
}

Result<LinkSettings> LoadLinkSettings(const std::string& path) {
  // As a mapping is read: bounded (/dev/zero was read forever), a named pipe with no
  // writer reads as empty instead of blocking, a directory or a missing path named.
  HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, 1 << 20));
  return ParseLinkSettings(text, path);
}

}  // namespace habeas::link
