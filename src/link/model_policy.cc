#include "link/model_policy.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "habeas/json_text.h"
#include "habeas/progress.h"
#include "link/link_record.h"

namespace habeas::link {
namespace {

ModelDecision Train(std::string why) { return {ModelChoice::kTrain, std::move(why)}; }
ModelDecision Keep(std::string why) { return {ModelChoice::kKeep, std::move(why)}; }

}  // namespace

ModelDecision ChooseModel(ModelPolicy policy, const std::optional<SavedModelFacts>& saved,
                          int64_t records_now, const std::string& settings_fingerprint) {
  if (policy == ModelPolicy::kRetrain) return Train("trained: --retrain");
  if (!saved) return Train("trained: no saved model");
  const std::string version = "model v" + std::to_string(saved->version);
  if (policy == ModelPolicy::kKeep) return Keep("kept " + version + ": --keep-model");
  if (saved->trained_on_records <= 0) {
    return Train("trained: " + version + " does not say what it was trained on");
  }
  if (!saved->knows_every_level) {
    return Train("trained: " + version + " lacks comparison levels this version uses");
  }
  if (saved->settings_fingerprint != settings_fingerprint) {
    return Train("trained: the settings differ from those of " + version);
  }
  const int64_t added = records_now - saved->trained_on_records;
  const double growth =
      static_cast<double>(added) / static_cast<double>(saved->trained_on_records);
  const std::string counts = WithCommas(added) + " records more than the " +
                             WithCommas(saved->trained_on_records) + " it was trained on";
  if (added < 0 || growth > kRetrainGrowth) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%.0f%%", 100 * kRetrainGrowth);
    return Train("trained: " + counts + " (more than " + limit + " change)");
  }
  return Keep("kept " + version + ": " + counts + "; --retrain re-estimates it");
}

bool LinkOnlyNewRecords(const ModelDecision& decision, int64_t new_records,
                        bool decision_since_model) {
  return decision.choice == ModelChoice::kKeep && new_records > 0 && !decision_since_model;
}

std::string ModelSettingsFingerprint(const LinkSettings& s) {
  nlohmann::json rules = nlohmann::json::array();
  for (const BlockingRule& r : s.rules) {
    rules.push_back({r.name, r.parts, r.only_if_missing});
  }
  return JsonText(nlohmann::json({{"rules", rules},
                                  {"max_block_size", s.max_block_size},
                                  {"window", s.window},
                                  {"neighbours", s.neighbours},
                                  {"neighbour_max_postings", s.neighbour_max_postings},
                                  {"em_iterations", s.em_iterations},
                                  {"u_sample_pairs", s.u_sample_pairs},
                                  {"seed", s.seed},
                                  {"prior", s.prior},
                                  {"term_frequency", s.term_frequency},
                                  {"term_frequency_version", kTermFrequencyVersion},
                                  {"tf_cap_bits", s.tf_cap_bits},
                                  {"age_reference_date", s.age_reference_date},
                                  // Compare() reads these too; the model saves them for explain.
                                  {"national_id_cannot_link", s.national_id_cannot_link},
                                  {"a_number_cannot_link", s.a_number_cannot_link},
                                  {"max_birth_year_gap", s.max_birth_year_gap}}));
}

}  // namespace habeas::link
