// Whether a whole-store link keeps the saved model or trains a new one.
//
// Re-estimating m and the prior on every run moves hundreds of borderline pairs
// across the threshold when a handful of records are added: settled persons split
// and merge although nothing about them changed. So a run keeps the latest model
// unless the store has changed enough to deserve a new one, the settings that shaped
// it changed, or the model lacks a level this version compares; `--retrain` and
// `--keep-model` override. With the model kept, existing pairs keep their weights and
// only persons the new records touch can change.
//
//   ModelDecision d = ChooseModel(ModelPolicy::kAuto, saved_facts, records_now, fingerprint);
//   if (d.choice == ModelChoice::kKeep) ...  // d.why says why, for the stage line
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "habeas/link.h"

namespace habeas::link {

enum class ModelChoice { kTrain, kKeep };

struct ModelDecision {
  ModelChoice choice = ModelChoice::kTrain;
  std::string why;  // "kept: 10 new records since it was trained on 65,497"
};

// What a saved model says about how it was trained.
struct SavedModelFacts {
  int64_t version = 0;
  int64_t trained_on_records = 0;  // 0: unknown (saved before this was recorded)
  std::string settings_fingerprint;
  bool knows_every_level = false;
};

// Share of growth in records beyond which kAuto retrains: a tenth more records can
// hold a new list with patterns the model never saw (a court list's partial
// identifiers); fewer are more of the same lists (a new batch, a few reports).
inline constexpr double kRetrainGrowth = 0.10;

ModelDecision ChooseModel(ModelPolicy policy, const std::optional<SavedModelFacts>& saved,
                          int64_t records_now, const std::string& settings_fingerprint);

// The settings that shape a trained model (blocking rules, EM, u samples, TF, the
// age reference date), as canonical text: equal text, the same training.
// Whether a whole-store run links only the records without a person (as --new-only
// does): when the model is kept, some records are new, and no reviewer decision came
// after the saved model (`decision_since_model`; a decision may join or split old
// records, which only a full relink applies). Then the persons that can change are
// those the new records join: re-clustering every record under a kept model could
// still move borderline records elsewhere (term frequencies and oversized blocks shift
// as records arrive).
bool LinkOnlyNewRecords(const ModelDecision& decision, int64_t new_records,
                        bool decision_since_model);

std::string ModelSettingsFingerprint(const LinkSettings& settings);

}  // namespace habeas::link
