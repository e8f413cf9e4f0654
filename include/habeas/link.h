// Record linkage: resolves the records of many lists into persons, explainably.
//
// Pipeline (docs/linkage.md): load records into compact columns → blocking (union
// of several key rules, oversized blocks sub-blocked by sorted neighbourhood, pair
// count reported before scoring) → comparison vectors (graded levels per field,
// missing is neutral) → Fellegi–Sunter model (u from random pairs, m and the prior
// by EM without labels, term-frequency adjustment for name tokens, reviewer
// decisions as labels) → clustering that resists chaining (cannot-link constraints,
// every merge checked against all cross pairs) → stable person ids (maximal
// overlap with the previous assignment; merges and splits recorded).
//
//   HABEAS_ASSIGN_OR_RETURN(habeas::link::LinkSettings settings,
//                           habeas::link::LoadLinkSettings("linkage.toml"));
//   habeas::link::LinkOptions options;              // whole store, default threshold
//   HABEAS_ASSIGN_OR_RETURN(habeas::link::LinkReport report,
//                           habeas::link::RunLink(*store, settings, options));
//   // report.candidate_pairs, report.persons, report.stages ...
//
// Thread-safety: functions take the Store for the duration of the call (a Store
// is used by one thread at a time); scoring uses `settings.threads` worker threads
// internally. All other values are plain data.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "habeas/clock.h"
#include "habeas/status.h"
#include "habeas/store.h"

namespace habeas::link {

// One blocking rule: records whose key parts are all equal become candidate pairs.
// Parts: given (phonetic key of the first given name, nicknames mapped to their
// formal name), given_initial, surname1, surname2, any_surname (either surname),
// surname_pair (both surnames, unordered), surname_initial (first letter of either
// surname's phonetic key), birth_year (from the birth date, or the two years an age
// allows), birth_date (full), birth_month_day, birth_year_month and birth_month (a
// full date or a year and month), national_id, a_number, other_id, sex, region,
// locality, postcode, phone.
struct BlockingRule {
  std::string name;
  std::vector<std::string> parts;
  // Emit a pair only if at least one record lacks this part (e.g. "birth_year":
  // a rule that exists to catch records without a birth date). Empty: always.
  std::string only_if_missing;
};

struct LinkSettings {
  std::vector<BlockingRule> rules;
  // Blocks larger than this are sub-blocked: sorted by the remaining name and date
  // parts, each record paired with the next `window` records.
  int max_block_size = 12;
  int window = 4;
  // Name neighbours (docs/linkage.md "Name neighbours"): each record without a full
  // birth date also meets the `neighbours` records sharing the rarest variants of two
  // or more of its name words; variants held by more than `neighbour_max_postings`
  // records are skipped. 0: off.
  int neighbours = 20;
  int neighbour_max_postings = 5000;
  // Clustering: pairs at or above this match probability are linked.
  double threshold = 0.5;
  // A merge of two clusters is refused if any cross pair has a weight below this
  // (evidence they are different persons). The weight includes the pair's prior, −15 to
  // −16 bits between two lists and −23 and lower within one: at −16 a pair of two lists
  // that says nothing either way no longer refuses a merge (docs/linkage.md "Conflicts") ...
  double conflict_weight = -16.0;
  // ... or if the mean match probability of all cross pairs is below this.
  double min_mean_probability = 0.3;
  // Identifiers whose disagreement (more than one edit) forbids a merge.
  bool national_id_cannot_link = true;
  bool a_number_cannot_link = true;
  // Full birth dates further apart than this forbid a merge (years; 0: off).
  int max_birth_year_gap = 0;
  // Model.
  int em_iterations = 40;
  int64_t u_sample_pairs = 100000;
  uint64_t seed = 42;
  // Fixed prior: share of matches among all record pairs (0: estimated by EM).
  double prior = 0.0;
  bool term_frequency = true;
  double tf_cap_bits = 6.0;
  // Weigh each candidate pair against the other candidates of its two records and the
  // chance that neither list holds the other's person (docs/linkage.md "Competing
  // candidates"); false: plain Fellegi–Sunter posteriors.
  bool competition = true;
  // Review: pairs with probability in [low, high] are queued, at most `review_limit`.
  double review_low = 0.05;
  double review_high = 0.95;
  int64_t review_limit = 5000;
  int threads = 2;
  // Date ages refer to when no record date or batch received date exists.
  std::string age_reference_date = "2025-03-15";
};

// The defaults (data/link/linkage.toml documents the same values).
LinkSettings DefaultLinkSettings();
// Parses a settings TOML (docs/linkage.md "Settings"); keys left out keep defaults.
Result<LinkSettings> ParseLinkSettings(const std::string& toml_text, const std::string& name);
Result<LinkSettings> LoadLinkSettings(const std::string& path);

enum class LinkScope { kWholeStore, kNewRecordsOnly };

// Whether a whole-store link trains a new model (docs/linkage.md "Stable persons"):
// kAuto keeps the saved one while the store has grown by at most a tenth and the
// settings are those it was trained with.
enum class ModelPolicy { kAuto, kKeep, kRetrain };

struct LinkOptions {
  LinkScope scope = LinkScope::kWholeStore;
  ModelPolicy model_policy = ModelPolicy::kAuto;
  std::optional<double> threshold;  // overrides settings.threshold
  std::string by;                   // who ran it (recorded in events), default "habeas link"
  bool write = true;                // false: compute and report, change nothing
  // Progress messages ("blocking: 123,456 candidate pairs"), may be empty.
  std::function<void(const std::string&)> on_stage;
  // The clock the saved model's created_at comes from (null: the system clock).
  const Clock* clock = nullptr;
  // Diagnostics: write every scored pair (record ids, pattern, weight) to this file
  // (bench/link/diagnose.py); empty: none. Written through a temporary file renamed
  // into place (also under --dry-run); a path that is one of the store's files
  // (Store::Files()) is refused before anything runs.
  std::string dump_pairs_path;
};

struct StageTiming {
  std::string stage;
  double seconds = 0;
};

struct LinkReport {
  int64_t records = 0;
  int64_t new_records = 0;
  int64_t candidate_pairs = 0;
  int64_t capped_blocks = 0;
  int64_t capped_block_pairs = 0;  // pairs the capped blocks would have produced
  int64_t pairs_above_threshold = 0;
  int64_t merges_refused = 0;
  int64_t persons = 0;  // active persons after the run
  int64_t persons_created = 0;
  int64_t merges = 0;
  int64_t splits = 0;
  int64_t moves = 0;
  int64_t model_version = 0;
  // The saved model was kept (not re-estimated), and why (model_policy.h).
  bool model_kept = false;
  // The model was kept and only records without a person were linked (as --new-only):
  // no person without a new record changed.
  bool only_new_records = false;
  std::string model_decision;
  double prior = 0;  // estimated share of matches among all record pairs
  int64_t em_iterations = 0;
  std::vector<StageTiming> stages;
  std::vector<std::pair<std::string, int64_t>> pairs_per_rule;
};

// Links the store (or only the records without a person against existing persons),
// saves the model, and applies the new assignment in one transaction.
Result<LinkReport> RunLink(Store& store, const LinkSettings& settings, const LinkOptions& options);

// One field's contribution to a pair's match weight.
struct FieldContribution {
  std::string field;
  std::string level;   // e.g. "exact", "day_month_swapped", "missing"
  std::string detail;  // values compared, names-module explanation
  double weight = 0;   // log2(m/u), 0 when missing
  double tf_adjustment = 0;
};

struct PairExplanation {
  int64_t record_a = 0;
  int64_t record_b = 0;
  int64_t model_version = 0;
  double prior_weight = 0;  // log2(λ / (1-λ)), λ the prior of the two records' lists
  std::string prior_lists;  // "manifest × leak": whose pairs the prior is the share of
  std::vector<FieldContribution> fields;
  double total_weight = 0;
  double probability = 0;
  // The weight the last link gave the pair when the pair joined its records (a stored
  // edge): the fields' weight above weighed against the other candidates of either
  // record (docs/linkage.md "Competing candidates"). Unset for pairs that joined no one.
  std::optional<double> linked_weight;
  std::optional<ReviewDecision> decision;  // if a reviewer decided
  std::optional<int64_t> person_a;
  std::optional<int64_t> person_b;
};

// Explains a pair with the latest saved model (kNotFound if none: run `habeas link`).
Result<PairExplanation> ExplainPair(Store& store, int64_t record_a, int64_t record_b);

// The settings of the link run that made the store's persons, as far as readers of its
// links need them: the defaults (DefaultLinkSettings) with the comparison settings, the
// threshold and the review bounds saved with the latest model. The defaults when the
// store was never linked, or for what a model saved before they were kept lacks.
Result<LinkSettings> SettingsOfLastLinkRun(Store& store);
// The waterfall as text: prior, each field's level, weight and running total, total
// weight and probability (the `habeas explain` output; golden-tested).
std::string FormatExplanation(const PairExplanation& explanation);

// The linkage tables as JSON, one shape wherever they are shown (`show person --json`,
// the dossier, the court packet): a person's history, each event {"kind", "persons",
// "records", "at", "by", "reason"}; the decisions about any of `record_ids`, each
// {"decision_id", "record_a", "record_b", "decision", "reason", "by", "at"}.
nlohmann::json PersonEventsJson(const std::vector<PersonEvent>& events);
nlohmann::json DecisionsAboutJson(const std::vector<LinkDecision>& decisions,
                                  const std::vector<int64_t>& record_ids);

// Person ids are part of the data model (habeas/record.h).
using habeas::FormatPersonId;
using habeas::ParsePersonId;
using habeas::PersonIdForRecord;

}  // namespace habeas::link
