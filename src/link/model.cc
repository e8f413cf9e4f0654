#include "link/model.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#include "habeas/json_text.h"

namespace habeas::link {
namespace {

uint8_t LevelOf(uint64_t pattern, int field) { return (pattern >> (4 * field)) & 15; }

int LevelCount(int field) { return static_cast<int>(LevelNames(static_cast<Field>(field)).size()); }

// How many levels of `field` each kind of comparison has (LevelKind).
std::array<int, kLevelKinds> LevelsPerKind(Field field) {
  std::array<int, kLevelKinds> n{};
  for (int l = 0; l < LevelCount(static_cast<int>(field)); ++l) {
    ++n[LevelKind(field, static_cast<uint8_t>(l))];
  }
  return n;
}

}  // namespace

Model::Model() {
  for (int f = 0; f < kFieldCount; ++f) {
    const int n = LevelCount(f);
    double sum = 0;
    for (int l = 0; l < n; ++l) {
      m_[f][l] = l == n - 1 ? 0.05 : std::pow(0.5, l);
      u_[f][l] = l == n - 1 ? 0.9 : 0.1 / n;
      sum += m_[f][l];
    }
    for (int l = 0; l < n; ++l) m_[f][l] /= sum;
  }
  // Same-source pairs: rare among matches, common among random pairs.
  m_[static_cast<int>(Field::kSameSource)][0] = 0.9;
  m_[static_cast<int>(Field::kSameSource)][1] = 0.1;
  Recompute();
}

void Model::Recompute() {
  for (int f = 0; f < kFieldCount; ++f) {
    for (int l = 0; l < LevelCount(f); ++l) {
      w_[f][l] = std::log2(std::max(m_[f][l], 1e-12) / std::max(u_[f][l], 1e-12));
    }
  }
}

void Model::EstimateU(const std::vector<PatternCount>& random_patterns) {
  for (int f = 0; f < kFieldCount; ++f) EstimateFieldU(static_cast<Field>(f), random_patterns);
}

void Model::EstimateFieldU(Field field, const std::vector<PatternCount>& random_patterns) {
  const int f = static_cast<int>(field);
  const int n = LevelCount(f);
  std::array<double, kMaxLevels> counts{};
  std::array<double, kLevelKinds> total{};
  for (const PatternCount& p : random_patterns) {
    const uint8_t l = LevelOf(p.pattern, f);
    if (l == kMissingLevel || l >= n) continue;
    counts[l] += p.count;
    total[LevelKind(field, l)] += p.count;
  }
  const std::array<int, kLevelKinds> levels = LevelsPerKind(field);
  for (int l = 0; l < n; ++l) {
    const int kind = LevelKind(field, static_cast<uint8_t>(l));
    u_[f][l] = (counts[l] + 0.5) / (total[kind] + 0.5 * levels[kind]);
  }
  Recompute();
}

int Model::EstimateM(const std::vector<PatternCount>& patterns, int max_iterations,
                     double fixed_prior, double total_pairs, const PairClassTotals* classes) {
  // The prior is the share of matches among *all* record pairs: pairs that are not
  // candidates are taken as non-matches, so λ = Σ posterior(candidates) / all pairs.
  // With u fixed at the random-pair estimate, the posterior of a candidate pair is the
  // same as it would be for any pair with its comparison pattern, so blocking (which
  // selects pairs that agree on names) cannot pull u or λ towards the candidates.
  double candidates = 0;
  for (const PatternCount& p : patterns) candidates += p.count;
  total_pairs = std::max(total_pairs, candidates);
  if (total_pairs <= 0) return 0;
  if (fixed_prior > 0) {
    prior_ = fixed_prior;
  } else {
    prior_ = std::clamp(0.2 * candidates / total_pairs, 1e-12, 0.5);  // a start
  }
  class_prior_.fill(0);
  source_pair_prior_.clear();
  const bool by_class = classes != nullptr && fixed_prior <= 0;
  int iteration = 0;
  for (; iteration < max_iterations; ++iteration) {
    std::array<double, 256> class_matched{};
    std::array<std::array<double, kMaxLevels>, kFieldCount> counts{};
    std::array<std::array<double, kLevelKinds>, kFieldCount> totals{};
    double matched = 0;
    std::array<double, 256> prior_logit{};
    for (int k = 0; k < 256; ++k) prior_logit[k] = PriorWeight(static_cast<uint8_t>(k));
    for (const PatternCount& p : patterns) {
      double posterior;
      const uint8_t pair_class = (p.pattern >> kPairClassShift) & 255;
      if (p.label >= 0) {
        posterior = p.label;
      } else {
        double w = prior_logit[pair_class];
        for (int f = 0; f < kFieldCount; ++f) {
          const uint8_t l = LevelOf(p.pattern, f);
          if (l != kMissingLevel) w += w_[f][l];
        }
        posterior = Probability(w);
      }
      const double c = p.count * posterior;
      matched += c;
      class_matched[pair_class] += c;
      for (int f = 0; f < kFieldCount; ++f) {
        const uint8_t l = LevelOf(p.pattern, f);
        if (l == kMissingLevel) continue;
        counts[f][l] += c;
        totals[f][LevelKind(static_cast<Field>(f), l)] += c;
      }
    }
    double change = 0;
    for (int f = 0; f < kFieldCount; ++f) {
      const Field field = static_cast<Field>(f);
      const std::array<int, kLevelKinds> levels = LevelsPerKind(field);
      for (int l = 0; l < LevelCount(f); ++l) {
        const int kind = LevelKind(field, static_cast<uint8_t>(l));
        const double m = (counts[f][l] + 0.1) / (totals[f][kind] + 0.1 * levels[kind]);
        change = std::max(change, std::abs(m - m_[f][l]));
        m_[f][l] = m;
      }
    }
    if (fixed_prior <= 0) {
      const double prior = std::clamp(matched / total_pairs, 1e-12, 0.5);
      change = std::max(change, std::abs(std::log2(prior / prior_)) * 1e-3);
      prior_ = prior;
    }
    if (by_class) {
      for (int k = 0; k < 256; ++k) {
        if (k == kNoPairClass || classes->pairs[k] <= 0) continue;
        const double prior = std::clamp((class_matched[k] + kPriorPseudoMatches) /
                                            (classes->pairs[k] + kPriorPseudoMatches / prior_),
                                        1e-12, 0.5);
        if (class_prior_[k] > 0) {
          change = std::max(change, std::abs(std::log2(prior / class_prior_[k])) * 1e-3);
        }
        class_prior_[k] = prior;
      }
    }
    Recompute();
    if (change < 1e-6) {
      ++iteration;
      break;
    }
  }
  if (by_class) NameClassesBySources(classes->source_ids);
  return iteration;
}

namespace {

// Reads `key` of a saved settings object into `value` when it is there with the
// value's type; anything else leaves `value` as it is.
template <typename T>
void ReadSavedSetting(const nlohmann::json& saved, const char* key, T* value) {
  if (!saved.contains(key)) return;
  const nlohmann::json& v = saved[key];
  if constexpr (std::is_same_v<T, bool>) {
    if (v.is_boolean()) *value = v.get<bool>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) *value = v.get<std::string>();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (v.is_number()) *value = v.get<T>();
  } else {
    if (v.is_number_integer()) *value = v.get<T>();
  }
}

nlohmann::json DecisionSettingsOf(const LinkSettings& settings) {
  return {{"threshold", settings.threshold},
          {"review_low", settings.review_low},
          {"review_high", settings.review_high}};
}

}  // namespace

void Model::ApplyComparisonSettings(LinkSettings* settings) const {
  const nlohmann::json& s = comparison_settings_;
  ReadSavedSetting(s, "age_reference_date", &settings->age_reference_date);
  ReadSavedSetting(s, "national_id_cannot_link", &settings->national_id_cannot_link);
  ReadSavedSetting(s, "a_number_cannot_link", &settings->a_number_cannot_link);
  ReadSavedSetting(s, "max_birth_year_gap", &settings->max_birth_year_gap);
}

bool Model::set_decision_settings(const LinkSettings& settings) {
  nlohmann::json now = DecisionSettingsOf(settings);
  if (now == decision_settings_) return false;
  decision_settings_ = std::move(now);
  return true;
}

bool Model::DecidesAs(const LinkSettings& settings) const {
  return decision_settings_.empty() || decision_settings_ == DecisionSettingsOf(settings);
}

void Model::ApplyRunSettings(LinkSettings* settings) const {
  ApplyComparisonSettings(settings);
  ReadSavedSetting(decision_settings_, "threshold", &settings->threshold);
  ReadSavedSetting(decision_settings_, "review_low", &settings->review_low);
  ReadSavedSetting(decision_settings_, "review_high", &settings->review_high);
}

double Model::PriorWeight() const { return std::log2(prior_ / (1 - prior_)); }

double Model::prior(uint8_t pair_class) const {
  return class_prior_[pair_class] > 0 ? class_prior_[pair_class] : prior_;
}

double Model::PriorWeight(uint8_t pair_class) const {
  const double p = prior(pair_class);
  return std::log2(p / (1 - p));
}

void Model::NameClassesBySources(const std::vector<int32_t>& source_ids) {
  source_pair_prior_.clear();
  for (int k = 0; k < 256; ++k) {
    if (class_prior_[k] <= 0) continue;
    const auto [a, b] = SourceIndicesOf(static_cast<uint8_t>(k));
    if (a >= source_ids.size() || b >= source_ids.size()) continue;
    source_pair_prior_[{source_ids[a], source_ids[b]}] = class_prior_[k];
  }
}

void Model::BindSources(const std::vector<int32_t>& source_ids) {
  class_prior_.fill(0);
  for (size_t b = 0; b < source_ids.size() && b < kIndexedSources; ++b) {
    for (size_t a = 0; a <= b; ++a) {
      const auto it = source_pair_prior_.find({source_ids[a], source_ids[b]});
      if (it == source_pair_prior_.end()) continue;
      class_prior_[PairClassOf(static_cast<uint8_t>(a), static_cast<uint8_t>(b))] = it->second;
    }
  }
}

double Model::LevelWeight(Field field, uint8_t level) const {
  if (level == kMissingLevel) return 0;
  return w_[static_cast<int>(field)][level];
}

double Model::TfBits(double mean_tf, float tf) const {
  if (tf <= 0 || mean_tf <= 0) return 0;
  return std::clamp(std::log2(mean_tf / tf), -tf_cap_, tf_cap_);
}

double Model::SecondGivenBits(float tf) const {
  if (tf <= 0 || tf_means_.given2 <= 0) return 0;
  return std::clamp(std::log2(kSecondGivenAgreement / tf), 0.0, tf_cap_);
}

double Model::GivenTfAdjustment(const Comparison& c) const {
  if (!tf_enabled_ || c.tf_given <= 0) return 0;
  // Both records have a second given name and both agree: the second name is a draw
  // of its own. The level's m/u are mostly of one given name ("samuel" = "samuel"), so
  // the second adds log2(m2 / tf), m2 the chance that a match's second given names
  // agree when both lists wrote one (kSecondGivenAgreement), tf that name's share
  // among second given names; nothing when the name is so common that it says less.
  return TfBits(tf_means_.given, c.tf_given) + SecondGivenBits(c.tf_given2);
}

double Model::SurnameTfAdjustment(const Comparison& c) const {
  if (!tf_enabled_ || c.tf_surname <= 0) return 0;
  // Both surnames agree: the maternal one's rarity adds its own evidence (the two
  // words are taken as independent draws, as the level's u averages over both).
  return TfBits(tf_means_.surname, c.tf_surname) + TfBits(tf_means_.surname2, c.tf_surname2);
}

double Model::Weight(const Comparison& c) const {
  double w = PriorWeight(c.pair_class);
  for (int f = 0; f < kFieldCount; ++f) {
    const uint8_t l = c.levels[f];
    if (l != kMissingLevel) w += w_[f][l];
  }
  return w + GivenTfAdjustment(c) + SurnameTfAdjustment(c);
}

double Model::WeightBoundWithoutNames(const LinkRecord& a, const LinkRecord& b) const {
  double w = PriorWeight(PairClassOf(a.source_index, b.source_index));
  for (int f = static_cast<int>(Field::kBirthDate); f < kFieldCount; ++f) {
    const uint8_t l = FieldLevel(a, b, static_cast<Field>(f));
    if (l != kMissingLevel) w += w_[f][l];
  }
  // The best name levels, with the TF adjustment Compare() attaches to some of them
  // (TermFrequencyApplies); missing adds 0.
  Comparison tf;
  tf.tf_given = std::max(a.tf_given, b.tf_given);
  tf.tf_surname = std::max(a.tf_surname, b.tf_surname);
  // The rarer maternal surname: at least the adjustment of either level that takes one.
  if (a.tf_surname2 > 0 && b.tf_surname2 > 0)
    tf.tf_surname2 = std::min(a.tf_surname2, b.tf_surname2);
  if (a.tf_given2 > 0 && b.tf_given2 > 0) tf.tf_given2 = std::min(a.tf_given2, b.tf_given2);
  // The adjustments are those of any level they apply to: computed once (two log2s
  // each), not once per level (this runs for every candidate pair not in the sample).
  const double given_tf = GivenTfAdjustment(tf), surname_tf = SurnameTfAdjustment(tf);
  double best_given = 0, best_surname = 0;
  for (int l = 0; l < LevelCount(0); ++l) {
    const bool tf_applies = TermFrequencyApplies(Field::kGivenName, static_cast<uint8_t>(l));
    best_given = std::max(best_given, w_[0][l] + (tf_applies ? given_tf : 0.0));
  }
  for (int l = 0; l < LevelCount(1); ++l) {
    const bool tf_applies = TermFrequencyApplies(Field::kSurname, static_cast<uint8_t>(l));
    best_surname = std::max(best_surname, w_[1][l] + (tf_applies ? surname_tf : 0.0));
  }
  return w + best_given + best_surname;
}

double Model::Probability(double weight) {
  if (weight > 60) return 1.0;
  if (weight < -60) return 0.0;
  const double bf = std::exp2(weight);
  return bf / (1 + bf);
}

std::string Model::ToJson(const names::NameFrequencies& frequencies, uint64_t given_total,
                          uint64_t surname_total, const std::string& created_at,
                          const names::NameFrequencies* roles) const {
  nlohmann::json fields = nlohmann::json::array();
  for (int f = 0; f < kFieldCount; ++f) {
    nlohmann::json levels = nlohmann::json::array();
    const auto& names = LevelNames(static_cast<Field>(f));
    for (int l = 0; l < LevelCount(f); ++l) {
      levels.push_back({{"level", names[l]}, {"m", m_[f][l]}, {"u", u_[f][l]}});
    }
    fields.push_back({{"field", FieldName(static_cast<Field>(f))}, {"levels", levels}});
  }
  // Token counts: the TSV form of NameFrequencies, restricted to repeated tokens.
  std::string tsv;
  {
    const std::string full = frequencies.ToTsv();
    size_t pos = 0;
    while (pos < full.size()) {
      size_t end = full.find('\n', pos);
      if (end == std::string::npos) end = full.size();
      const std::string_view line(full.data() + pos, end - pos);
      bool keep = line.empty() || line[0] == '#';
      if (!keep) {
        const size_t t1 = line.find('\t');
        const size_t t2 = line.find('\t', t1 + 1);
        if (t1 != std::string_view::npos && t2 != std::string_view::npos) {
          const long g =
              std::strtol(std::string(line.substr(t1 + 1, t2 - t1 - 1)).c_str(), nullptr, 10);
          const long s = std::strtol(std::string(line.substr(t2 + 1)).c_str(), nullptr, 10);
          keep = g + s >= 2;
        }
      }
      if (keep && !line.empty()) {
        tsv.append(line);
        tsv.push_back('\n');
      }
      pos = end + 1;
    }
  }
  nlohmann::json j = {{"format", "habeas-link-model"},
                      {"format_version", 1},
                      {"created_at", created_at},
                      {"prior", prior_},
                      {"fields", fields},
                      {"term_frequency",
                       {{"enabled", tf_enabled_},
                        {"cap_bits", tf_cap_},
                        {"mean_tf_given", tf_means_.given},
                        {"mean_tf_given2", tf_means_.given2},
                        {"mean_tf_surname", tf_means_.surname},
                        {"mean_tf_surname2", tf_means_.surname2},
                        {"given_total", given_total},
                        {"surname_total", surname_total},
                        {"tokens_tsv", tsv}}}};
  if (roles != nullptr) j["name_roles_tsv"] = roles->ToTsv();
  nlohmann::json pair_priors = nlohmann::json::array();
  for (const auto& [sources, prior] : source_pair_prior_) {
    pair_priors.push_back({{"sources", {sources.first, sources.second}}, {"prior", prior}});
  }
  j["pair_priors"] = pair_priors;
  if (!comparison_settings_.empty()) j["comparison_settings"] = comparison_settings_;
  if (!decision_settings_.empty()) j["decision_settings"] = decision_settings_;
  j["training"] = {{"records", trained_on_records_}, {"settings", settings_fingerprint_}};
  return JsonText(j);
}

Result<Model> Model::FromJson(const std::string& text, names::NameFrequencies* frequencies,
                              uint64_t* given_total, uint64_t* surname_total,
                              names::NameFrequencies* roles) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "habeas-link-model") {
    return DataLoss("the stored linkage model is not valid JSON of format habeas-link-model");
  }
  Model model;
  model.prior_ = j.value("prior", 0.01);
  if (j.contains("comparison_settings") && j["comparison_settings"].is_object()) {
    model.comparison_settings_ = j["comparison_settings"];
  }
  if (j.contains("decision_settings") && j["decision_settings"].is_object()) {
    model.decision_settings_ = j["decision_settings"];
  }
  if (j.contains("pair_priors") && j["pair_priors"].is_array()) {
    for (const auto& p : j["pair_priors"]) {
      const auto& sources = p.value("sources", nlohmann::json::array());
      if (!sources.is_array() || sources.size() != 2 || !sources[0].is_number_integer() ||
          !sources[1].is_number_integer()) {
        continue;
      }
      const double prior = p.value("prior", 0.0);
      if (prior > 0 && prior < 1) {
        model.source_pair_prior_[{sources[0].get<int32_t>(), sources[1].get<int32_t>()}] = prior;
      }
    }
  }
  const nlohmann::json& fields = j["fields"];
  if (!fields.is_array()) return DataLoss("the stored linkage model has no fields");
  int fields_read = 0;
  for (const auto& f : fields) {
    const std::string name = f.value("field", "");
    int index = -1;
    for (int i = 0; i < kFieldCount; ++i) {
      if (FieldName(static_cast<Field>(i)) == name) index = i;
    }
    if (index < 0 || !f["levels"].is_array()) continue;  // a field this version lacks
    // Levels are matched by name, so a model saved before a level was added or split
    // still reads right: a level it lacks weighs 0 (m = u), and the surname level
    // "swapped_or_dropped" of models before the split gives its m and u to both halves.
    const auto& names = LevelNames(static_cast<Field>(index));
    for (int l = 0; l < LevelCount(index); ++l) model.m_[index][l] = model.u_[index][l] = 0.5;
    std::array<bool, kMaxLevels> read{};
    for (const auto& level : f["levels"]) {
      const std::string level_name = level.value("level", "");
      for (int l = 0; l < LevelCount(index); ++l) {
        const bool legacy_swap = level_name == "swapped_or_dropped" &&
                                 (names[l] == "swapped" || names[l] == "dropped_or_crossed");
        if (names[l] == level_name || legacy_swap) {
          model.m_[index][l] = level.value("m", 0.5);
          model.u_[index][l] = level.value("u", 0.5);
          read[l] = true;
        }
      }
    }
    for (int l = 0; l < LevelCount(index); ++l) model.knows_every_level_ &= read[l];
    ++fields_read;
  }
  const auto& tf = j["term_frequency"];
  if (tf.is_object()) {
    model.set_tf(tf.value("enabled", true), tf.value("cap_bits", 6.0),
                 {tf.value("mean_tf_given", 0.0), tf.value("mean_tf_given2", 0.0),
                  tf.value("mean_tf_surname", 0.0), tf.value("mean_tf_surname2", 0.0)});
    if (given_total) *given_total = tf.value("given_total", uint64_t{0});
    if (surname_total) *surname_total = tf.value("surname_total", uint64_t{0});
    if (frequencies) {
      Result<names::NameFrequencies> parsed =
          names::NameFrequencies::FromTsv(tf.value("tokens_tsv", std::string()));
      if (!parsed.ok()) return parsed.status().WithContext("stored linkage model");
      *frequencies = std::move(parsed).value();
    }
  }
  if (roles != nullptr) {
    Result<names::NameFrequencies> parsed =
        names::NameFrequencies::FromTsv(j.value("name_roles_tsv", std::string()));
    if (!parsed.ok()) return parsed.status().WithContext("stored linkage model (name roles)");
    *roles = std::move(parsed).value();
  }
  if (fields_read < kFieldCount) model.knows_every_level_ = false;
  const auto& training = j["training"];
  if (training.is_object()) {
    model.set_training(training.value("records", int64_t{0}),
                       training.value("settings", std::string()));
  }
  model.Recompute();
  return model;
}

}  // namespace habeas::link
