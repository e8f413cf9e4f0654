// The Fellegi–Sunter model: m and u probabilities per field level, the prior share
// of matches among candidate pairs, and term-frequency tables for name tokens.
//
// m and u are probabilities within a kind of comparison (compare.h LevelKind: whole
// identifiers against each other, or a redacted one's visible digits), so that which
// kind a pair compares on is never evidence by itself.
// u comes from random record pairs (almost all non-matches) and stays fixed; m and
// the prior come from EM over the candidate pairs' comparison patterns (conditional
// independence across fields), with reviewer decisions as fixed labels. The prior is
// the share of matches among all record pairs (pairs blocking did not propose count
// as non-matches), so it shrinks as the population grows and blocking dependence
// cannot inflate it. The match weight of a
// pair is log2 of the Bayes factor plus the prior log-odds; missing levels add 0.
// Serialised as JSON (docs/linkage.md "Model format"), versioned in the store.
// Immutable after training; Weight() is thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "habeas/names/frequencies.h"
#include "link/compare.h"

namespace habeas::link {

// The record pairs of each pair class (compare.h) and the sources the class indices
// refer to, for EM's per-class priors.
struct PairClassTotals {
  std::vector<int32_t> source_ids;  // RecordTable::source_ids
  std::array<double, 256> pairs{};  // record pairs per class; 0 for unused classes
};

struct PatternCount {
  uint64_t pattern = 0;
  double count = 0;
  int label = -1;  // -1 unlabelled, 0 distinct, 1 same (reviewer decisions)
};

// The chance that two records of one person that both have a second given name agree on
// it (spelling variants included): transcribed lists drop, swap or misspell some.
inline constexpr double kSecondGivenAgreement = 0.8;

class Model {
 public:
  Model();

  // Estimates u from sampled random-pair patterns (half-count smoothing, so a level
  // never seen in S informative samples gets u ≈ 0.5 / S).
  void EstimateU(const std::vector<PatternCount>& random_patterns);
  // Re-estimates the u of one field from pairs sampled among the records that have it
  // (many more informative samples for sparse fields such as identifiers).
  void EstimateFieldU(Field field, const std::vector<PatternCount>& random_patterns);
  // EM for m and the prior (unless `fixed_prior` > 0) over the candidate pairs, with
  // u fixed; `total_pairs` = n(n-1)/2 record pairs. With `classes`, each pair class
  // gets a prior of its own (its matches over its pairs, shrunk towards the overall
  // prior by kPriorPseudoMatches), saved by the sources it pairs. Returns the
  // iterations used.
  int EstimateM(const std::vector<PatternCount>& candidate_patterns, int max_iterations,
                double fixed_prior, double total_pairs, const PairClassTotals* classes = nullptr);
  // Sets the class priors of this run's pair classes from those a saved model keeps by
  // source; a pair of sources the model never saw takes the overall prior.
  void BindSources(const std::vector<int32_t>& source_ids);

  double prior() const { return prior_; }
  // The prior of a pair class (the overall prior for kNoPairClass or an unknown one).
  double prior(uint8_t pair_class) const;
  double PriorWeight() const;
  double PriorWeight(uint8_t pair_class) const;
  // log2(m/u) of one level (0 for kMissingLevel).
  double LevelWeight(Field field, uint8_t level) const;
  double m(Field f, uint8_t level) const { return m_[static_cast<int>(f)][level]; }
  double u(Field f, uint8_t level) const { return u_[static_cast<int>(f)][level]; }
  // Term-frequency adjustments in bits (0 when not applicable).
  double GivenTfAdjustment(const Comparison& c) const;
  double SurnameTfAdjustment(const Comparison& c) const;
  // An upper bound of Weight(Compare(a, b)) that compares every field but the names
  // (they are assumed to reach their best level, with the TF adjustment they would
  // then get). Cheap: used to skip comparing pairs that cannot reach a useful weight.
  double WeightBoundWithoutNames(const LinkRecord& a, const LinkRecord& b) const;
  // Total match weight including the prior and TF adjustments.
  double Weight(const Comparison& c) const;
  static double Probability(double weight);

  // The mean term frequencies the adjustments are relative to; 0 turns that word's
  // adjustment off (models saved before it existed).
  struct TermFrequencyMeans {
    double given = 0;
    double given2 = 0;
    double surname = 0;
    double surname2 = 0;
  };
  void set_tf(bool enabled, double cap_bits, const TermFrequencyMeans& means) {
    tf_enabled_ = enabled;
    tf_cap_ = cap_bits;
    tf_means_ = means;
  }
  // How the model was trained, saved with it (model_policy.h decides from these
  // whether a later run may keep it): the records it saw (0: unknown) and the
  // settings fingerprint. knows_every_level(): false when read from a model saved
  // before a level of this version existed (that level then weighs 0).
  void set_training(int64_t records, std::string settings_fingerprint) {
    trained_on_records_ = records;
    settings_fingerprint_ = std::move(settings_fingerprint);
  }
  // The settings Compare() and the age reference date read (age_reference_date, the
  // cannot-link identifiers, max_birth_year_gap), saved with the model so that explain
  // compares as the run did; a model saved before keeps the defaults.
  void set_comparison_settings(const LinkSettings& settings) {
    comparison_settings_ = {{"age_reference_date", settings.age_reference_date},
                            {"national_id_cannot_link", settings.national_id_cannot_link},
                            {"a_number_cannot_link", settings.a_number_cannot_link},
                            {"max_birth_year_gap", settings.max_birth_year_gap}};
  }
  void ApplyComparisonSettings(LinkSettings* settings) const;
  // The decision settings of the last link run that wrote persons with this model: its
  // threshold and review bounds, which `habeas estimate` reads to tell the run's
  // confident links from its doubtful ones (a run with other values than the saved
  // ones saves the model again, as a new version). Returns true if they changed.
  bool set_decision_settings(const LinkSettings& settings);
  // The run decides as the saved settings did (true when none were saved: a model
  // saved before they were kept).
  bool DecidesAs(const LinkSettings& settings) const;
  // The saved comparison and decision settings over `settings`: what a reader of the
  // store's links (explain, estimate) must use instead of today's defaults. Fields a
  // model saved before they were kept leave `settings` as it is.
  void ApplyRunSettings(LinkSettings* settings) const;
  int64_t trained_on_records() const { return trained_on_records_; }
  const std::string& settings_fingerprint() const { return settings_fingerprint_; }
  bool knows_every_level() const { return knows_every_level_; }

  double mean_tf_given() const { return tf_means_.given; }
  double mean_tf_surname() const { return tf_means_.surname; }

  // JSON with the model, the term-frequency table (tokens seen at least twice), the
  // word roles the run read ambiguous names with (RecordTable::roles) and metadata;
  // FromJson restores model, frequencies and roles (empty for a model saved before
  // roles were kept: the parser then reads with its built-in priors, as it did then).
  std::string ToJson(const names::NameFrequencies& frequencies, uint64_t given_total,
                     uint64_t surname_total, const std::string& created_at,
                     const names::NameFrequencies* roles = nullptr) const;
  static Result<Model> FromJson(const std::string& json, names::NameFrequencies* frequencies,
                                uint64_t* given_total, uint64_t* surname_total,
                                names::NameFrequencies* roles = nullptr);

 private:
  void Recompute();
  // Fills source_pair_prior_ from class_prior_ (source_ids: the classes' sources).
  void NameClassesBySources(const std::vector<int32_t>& source_ids);
  // Matches a pair class is credited before EM's own count: a class with few pairs
  // keeps close to the overall prior, one with many pairs reaches its own share.
  static constexpr double kPriorPseudoMatches = 20;
  // log2(mean_tf / tf) within ±tf_cap_; 0 when either is unknown.
  double TfBits(double mean_tf, float tf) const;
  // The evidence of an agreeing second given name (GivenTfAdjustment); 0 for a model
  // saved before it (mean_tf_given2 absent).
  double SecondGivenBits(float tf) const;
  // Every level but kMissingLevel fits in the 4 bits of a pattern.
  static constexpr int kMaxLevels = kMissingLevel;
  std::array<std::array<double, kMaxLevels>, kFieldCount> m_{};
  std::array<std::array<double, kMaxLevels>, kFieldCount> u_{};
  std::array<std::array<double, kMaxLevels>, kFieldCount> w_{};
  double prior_ = 0.01;
  std::array<double, 256> class_prior_{};  // by pair class; 0: the overall prior
  std::map<std::pair<int32_t, int32_t>, double> source_pair_prior_;  // saved form
  int64_t trained_on_records_ = 0;
  std::string settings_fingerprint_;
  nlohmann::json comparison_settings_ = nlohmann::json::object();
  nlohmann::json decision_settings_ = nlohmann::json::object();
  bool knows_every_level_ = true;
  bool tf_enabled_ = true;
  double tf_cap_ = 6.0;
  TermFrequencyMeans tf_means_;
};

}  // namespace habeas::link
