// RunLink: the linkage pipeline (load → block → compare → model → score → cluster →
// stable ids → store), and ExplainPair.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <numeric>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "habeas/partial_date.h"

#include "habeas/link.h"
#include "habeas/output_file.h"
#include "habeas/progress.h"
#include "link/blocking.h"
#include "link/cluster.h"
#include "link/compare.h"
#include "link/competition.h"
#include "link/link_record.h"
#include "link/model.h"
#include "link/model_policy.h"
#include "link/parallel.h"
#include "link/stable_ids.h"

namespace habeas::link {
namespace {

using SteadyClock = std::chrono::steady_clock;

class StageTimer {
 public:
  StageTimer(LinkReport* report, const LinkOptions& options) : report_(report), options_(options) {}
  void Start(std::string stage) {
    stage_ = std::move(stage);
    start_ = SteadyClock::now();
    cpu_start_ = std::clock();
  }
  // The message ends with the wall time and the process CPU time of the stage (all
  // threads): on a shared machine the CPU time says what the stage costs.
  void Finish(const std::string& message) {
    const double s = std::chrono::duration<double>(SteadyClock::now() - start_).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC;
    report_->stages.push_back({stage_, s});
    if (options_.on_stage) {
      char buf[64];
      std::snprintf(buf, sizeof buf, " (%.2f s; CPU %.2f s)", s, cpu);
      options_.on_stage(stage_ + ": " + message + buf);
    }
  }

 private:
  LinkReport* report_;
  const LinkOptions& options_;
  std::string stage_;
  SteadyClock::time_point start_;
  std::clock_t cpu_start_ = 0;
};

// Candidate pairs compared before the model is trained (an evenly spaced sample when
// there are more), and the weight bound below which the others are not compared
// (p < 0.001: never linked, never queued for review; lower still if the threshold or
// review_low is set below that).
constexpr size_t kModelSamplePairs = 2'000'000;
constexpr double kPruneWeight = -10.0;

std::vector<PatternCount> CountPatterns(std::vector<uint64_t> patterns) {
  std::sort(patterns.begin(), patterns.end());
  std::vector<PatternCount> out;
  for (size_t i = 0; i < patterns.size();) {
    size_t j = i;
    while (j < patterns.size() && patterns[j] == patterns[i]) ++j;
    out.push_back({patterns[i], static_cast<double>(j - i), -1});
    i = j;
  }
  return out;
}

// The mean over records of a term frequency (`tf`: &LinkRecord::tf_given, ...).
double MeanTf(const RecordTable& table, float LinkRecord::*tf_of) {
  double sum = 0;
  int64_t n = 0;
  for (const LinkRecord& r : table.records) {
    const float tf = r.*tf_of;
    if (tf > 0) {
      sum += tf;
      ++n;
    }
  }
  return n ? sum / n : 0;
}

size_t IndexOf(const std::vector<LinkRecord>& records, int64_t id) {
  auto it = std::lower_bound(records.begin(), records.end(), id,
                             [](const LinkRecord& r, int64_t v) { return r.id < v; });
  if (it == records.end() || it->id != id) return SIZE_MAX;
  return static_cast<size_t>(it - records.begin());
}

// Whether a reviewer decided about a pair at or after `since` (ISO 8601 UTC, as the
// store writes both).
bool DecidedSince(const std::vector<LinkDecision>& decisions, const std::string& since) {
  return std::any_of(decisions.begin(), decisions.end(),
                     [&](const LinkDecision& d) { return d.decided_at >= since; });
}

// The name of the source with id `id` ("source <id>" if it is not among `sources`).
std::string ListNameOf(const std::vector<SourceInfo>& sources, int32_t id) {
  for (const SourceInfo& s : sources) {
    if (s.id == id) return s.name;
  }
  return "source " + std::to_string(id);
}

// The record pairs of each pair class: n_a · n_b between two sources, n(n-1)/2 within one.
PairClassTotals CountPairClasses(const RecordTable& table) {
  PairClassTotals out;
  out.source_ids = table.source_ids;
  std::vector<double> per_source(table.source_ids.size(), 0);
  for (const LinkRecord& r : table.records) {
    if (r.source_index < per_source.size()) ++per_source[r.source_index];
  }
  for (size_t b = 0; b < per_source.size(); ++b) {
    for (size_t a = 0; a <= b; ++a) {
      const double pairs = a == b ? 0.5 * per_source[a] * (per_source[a] - 1)
                                  : per_source[a] * per_source[b];
      out.pairs[PairClassOf(static_cast<uint8_t>(a), static_cast<uint8_t>(b))] = pairs;
    }
  }
  return out;
}

// Trains a model on this run's records: u from random pairs (names over all records,
// every other field among the records that have it), m and the prior by EM over the
// candidate patterns (every `stride`-th pair compared so far), reviewer decisions as
// labels. Sets report->em_iterations.
Model TrainModel(const RecordTable& table, const std::vector<uint64_t>& patterns, size_t stride,
                 const std::vector<IndexDecision>& index_decisions, const LinkSettings& settings,
                 LinkReport* report) {
  const std::vector<LinkRecord>& records = table.records;
  const size_t n = records.size();
  Model model;
  // u: comparison patterns of random pairs (nearly all non-matches).
  const int64_t samples = std::min<int64_t>(
      settings.u_sample_pairs, static_cast<int64_t>(n) * (static_cast<int64_t>(n) - 1) / 2);
  std::vector<uint64_t> random_patterns(static_cast<size_t>(std::max<int64_t>(samples, 0)));
  ParallelFor(random_patterns.size(), settings.threads, [&](size_t b, size_t e) {
    std::mt19937_64 rng(settings.seed + b);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    for (size_t k = b; k < e; ++k) {
      size_t i = pick(rng), j = pick(rng);
      while (j == i) j = pick(rng);
      random_patterns[k] = Compare(records[i], records[j], settings).Pattern();
    }
  });
  model.EstimateU(CountPatterns(std::move(random_patterns)));
  // The other fields are cheap to compare, and sparse ones (identifiers, phones,
  // full dates) agree by chance so rarely that the sample above sees almost no
  // agreement: sample each among the records that have it, 4× as many pairs.
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    if (field == Field::kGivenName || field == Field::kSurname) continue;
    std::vector<uint32_t> having;  // a record has a field if it compares with itself
    for (uint32_t i = 0; i < n; ++i) {
      if (FieldLevel(records[i], records[i], field) != kMissingLevel) {
        having.push_back(i);
      }
    }
    const int64_t h = static_cast<int64_t>(having.size());
    const int64_t field_samples = std::min<int64_t>(4 * settings.u_sample_pairs, h * (h - 1) / 2);
    if (field_samples <= 0) continue;
    // Level counts per chunk (no pattern list to sort: one field, at most 16 levels).
    const size_t samples = static_cast<size_t>(field_samples);
    std::vector<std::array<int64_t, 16>> chunk_counts(samples / kParallelGrain + 1);
    ParallelFor(samples, settings.threads, [&](size_t b, size_t e) {
      std::mt19937_64 rng(settings.seed + 7919 * (f + 1) + b);
      std::uniform_int_distribution<size_t> pick(0, having.size() - 1);
      std::array<int64_t, 16>& counts = chunk_counts[b / kParallelGrain];
      for (size_t k = b; k < e; ++k) {
        size_t i = pick(rng), j = pick(rng);
        while (j == i) j = pick(rng);
        ++counts[FieldLevel(records[having[i]], records[having[j]], field) & 15];
      }
    });
    const uint64_t others_missing =
        ~(uint64_t{15} << (4 * f)) & ((uint64_t{1} << (4 * kFieldCount)) - 1);
    std::vector<PatternCount> field_patterns;
    for (uint64_t level = 0; level < 16; ++level) {
      int64_t count = 0;
      for (const auto& c : chunk_counts) count += c[level];
      if (count > 0) {
        field_patterns.push_back(
            {others_missing | (level << (4 * f)), static_cast<double>(count), -1});
      }
    }
    model.EstimateFieldU(field, field_patterns);
  }
  std::vector<uint64_t> plain;
  plain.reserve(patterns.size() / stride + 1);
  for (size_t k = 0; k < patterns.size(); k += stride)
    plain.push_back(patterns[k]);
  std::vector<PatternCount> counts = CountPatterns(std::move(plain));
  for (PatternCount& c : counts) c.count *= static_cast<double>(stride);  // a sample
  for (const IndexDecision& d : index_decisions) {
    const Comparison c = Compare(records[d.a], records[d.b], settings);
    counts.push_back({c.Pattern(), 1.0, d.same ? 1 : 0});
  }
  model.set_tf(settings.term_frequency, settings.tf_cap_bits,
               {MeanTf(table, &LinkRecord::tf_given), MeanTf(table, &LinkRecord::tf_given2),
                MeanTf(table, &LinkRecord::tf_surname), MeanTf(table, &LinkRecord::tf_surname2)});
  const double total_pairs = 0.5 * static_cast<double>(n) * static_cast<double>(n - 1);
  const PairClassTotals classes = CountPairClasses(table);
  report->em_iterations =
      model.EstimateM(counts, settings.em_iterations, settings.prior, total_pairs, &classes);
  return model;
}

// Uncertain pairs for `habeas review`, most informative first: candidate pairs with
// review_low <= p <= review_high, and refused merges above review_high (a bonus: the
// evidence conflicts); priority = (1 − |2p − 1|) × log2(2 + records the decision would
// move); pairs a reviewer decided are left out; at most review_limit.
std::vector<ReviewPair> ReviewQueue(const std::vector<LinkRecord>& records,
                                    const std::vector<uint64_t>& pairs,
                                    const std::vector<float>& weights,
                                    const ClusterResult& clusters,
                                    const std::vector<IndexDecision>& index_decisions,
                                    const LinkSettings& settings) {
  std::unordered_map<uint32_t, size_t> cluster_size;
  for (uint32_t root : clusters.root) ++cluster_size[root];
  std::unordered_set<uint64_t> decided_pairs;
  for (const IndexDecision& d : index_decisions) {
    decided_pairs.insert((static_cast<uint64_t>(std::min(d.a, d.b)) << 32) | std::max(d.a, d.b));
  }
  std::vector<ReviewPair> review;
  auto consider = [&](size_t k, double bonus) {
    if (decided_pairs.count(pairs[k])) return;
    const uint32_t i = static_cast<uint32_t>(pairs[k] >> 32);
    const uint32_t j = static_cast<uint32_t>(pairs[k] & 0xffffffffu);
    const double p = Model::Probability(weights[k]);
    const double impact = std::log2(
        2.0 + static_cast<double>(cluster_size[clusters.root[i]]) +
        (clusters.root[i] == clusters.root[j]
             ? 0.0
             : static_cast<double>(cluster_size[clusters.root[j]])));
    const double priority = (1.0 - std::abs(2 * p - 1)) * impact + bonus;
    review.push_back({records[i].id, records[j].id, weights[k], p, priority});
  };
  for (size_t k = 0; k < pairs.size(); ++k) {
    const double p = Model::Probability(weights[k]);
    if (p >= settings.review_low && p <= settings.review_high) consider(k, 0);
  }
  for (size_t k : clusters.refused) {
    if (Model::Probability(weights[k]) > settings.review_high) consider(k, 0.5);
  }
  if (static_cast<int64_t>(review.size()) > settings.review_limit) {
    std::nth_element(
        review.begin(), review.begin() + settings.review_limit, review.end(),
        [](const ReviewPair& a, const ReviewPair& b) { return a.priority > b.priority; });
    review.resize(static_cast<size_t>(settings.review_limit));
  }
  return review;
}


// Each record's person before this run (0: none), by record index.
std::vector<int64_t> OldPersons(const std::vector<LinkRecord>& records,
                                const std::vector<PersonRecord>& assigned) {
  std::vector<int64_t> old_person(records.size(), 0);
  for (const PersonRecord& a : assigned) {
    const size_t i = IndexOf(records, a.record_id);
    if (i != SIZE_MAX) old_person[i] = a.person_id;
  }
  return old_person;
}

// The reviewer decisions as record index pairs; the latest decision about a pair wins.
std::vector<IndexDecision> LatestDecisions(const std::vector<LinkRecord>& records,
                                           const std::vector<LinkDecision>& decisions) {
  std::map<std::pair<uint32_t, uint32_t>, bool> latest;
  for (const LinkDecision& d : decisions) {
    const size_t a = IndexOf(records, d.record_a), b = IndexOf(records, d.record_b);
    if (a == SIZE_MAX || b == SIZE_MAX || a == b) continue;
    latest[{static_cast<uint32_t>(std::min(a, b)), static_cast<uint32_t>(std::max(a, b))}] =
        d.decision == ReviewDecision::kSame;
  }
  std::vector<IndexDecision> out;
  for (const auto& [key, same] : latest) out.push_back({key.first, key.second, same});
  return out;
}

// Which model the run uses: the saved one (kept) or one to train, decided before
// blocking because a kept model links only the new records.
struct RunModel {
  std::optional<SavedModel> saved;
  std::optional<Model> saved_model;
  ModelDecision decision;
  std::string fingerprint;  // of the run's settings
  // The run's threshold or review bounds differ from those saved with the kept model:
  // the run saves it again with them (Model::set_decision_settings).
  bool decision_settings_changed = false;
};

Result<RunModel> ChooseRunModel(Store& store, const LinkSettings& settings,
                                const LinkOptions& options, size_t records, bool new_only) {
  RunModel out;
  HABEAS_ASSIGN_OR_RETURN(out.saved, store.LatestModel());
  if (new_only && !out.saved) {
    return NotFound(
        "no trained linkage model in the store: run `habeas link` on the whole store first");
  }
  std::optional<SavedModelFacts> facts;
  if (out.saved) {
    HABEAS_ASSIGN_OR_RETURN(out.saved_model,
                            Model::FromJson(out.saved->json, nullptr, nullptr, nullptr));
    facts = SavedModelFacts{out.saved->version, out.saved_model->trained_on_records(),
                            out.saved_model->settings_fingerprint(),
                            out.saved_model->knows_every_level()};
  }
  out.fingerprint = ModelSettingsFingerprint(settings);
  out.decision =
      new_only
          ? ModelDecision{ModelChoice::kKeep, "saved model v" + std::to_string(out.saved->version)}
          : ChooseModel(options.model_policy, facts, static_cast<int64_t>(records),
                        out.fingerprint);
  return out;
}

// The candidate pairs' comparison vectors: levels and pair class packed as
// Comparison::Pattern (every one of its 64 bits is taken), the term frequencies and
// whether the pair cannot be one person.
struct ComparedPairs {
  std::vector<uint64_t> patterns;
  std::vector<std::array<float, 4>> tfs;
  std::vector<uint8_t> cannot_link;

  void Resize(size_t n) {
    patterns.resize(n);
    tfs.resize(n);
    cannot_link.resize(n);
  }
  void Move(size_t from, size_t to) {
    patterns[to] = patterns[from];
    tfs[to] = tfs[from];
    cannot_link[to] = cannot_link[from];
  }
  void Compare(const std::vector<LinkRecord>& records, const std::vector<uint64_t>& pairs,
               size_t k, const LinkSettings& settings) {
    const Comparison c =
        link::Compare(records[pairs[k] >> 32], records[pairs[k] & 0xffffffffu], settings);
    patterns[k] = c.Pattern();
    tfs[k] = {c.tf_given, c.tf_given2, c.tf_surname, c.tf_surname2};
    cannot_link[k] = c.cannot_link ? 1 : 0;
  }
};

// Compares every `stride`-th candidate pair (all of them at stride 1): above
// kModelSamplePairs pairs EM needs only an evenly spaced sample of the patterns.
ComparedPairs CompareSample(const std::vector<LinkRecord>& records,
                            const std::vector<uint64_t>& pairs, size_t stride,
                            const LinkSettings& settings) {
  ComparedPairs out;
  out.Resize(pairs.size());
  ParallelFor((pairs.size() + stride - 1) / stride, settings.threads, [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) out.Compare(records, pairs, k * stride, settings);
  });
  return out;
}

// After the model: compares the pairs the sample skipped, except those whose non-name
// fields bound the weight below `prune_weight` even with the names at their best
// (they leave the candidate set, `pairs` and `compared` shrink alike). Returns how
// many were compared and how many dropped.
std::pair<size_t, size_t> CompareTheRest(const std::vector<LinkRecord>& records, size_t stride,
                                         const Model& model, double prune_weight,
                                         const LinkSettings& settings,
                                         std::vector<uint64_t>* pairs, ComparedPairs* compared) {
  std::vector<uint8_t> pruned(pairs->size(), 0);
  ParallelFor(pairs->size(), settings.threads, [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) {
      if (k % stride == 0) continue;  // compared for the model
      const LinkRecord& ra = records[(*pairs)[k] >> 32];
      const LinkRecord& rb = records[(*pairs)[k] & 0xffffffffu];
      if (model.WeightBoundWithoutNames(ra, rb) < prune_weight) {
        pruned[k] = 1;
      } else {
        compared->Compare(records, *pairs, k, settings);
      }
    }
  });
  size_t kept = 0;
  for (size_t k = 0; k < pairs->size(); ++k) {
    if (pruned[k]) continue;
    (*pairs)[kept] = (*pairs)[k];
    compared->Move(k, kept);
    ++kept;
  }
  const size_t dropped = pairs->size() - kept;
  const size_t sampled = (pairs->size() + stride - 1) / stride;
  pairs->resize(kept);
  compared->Resize(kept);
  return {kept - sampled, dropped};
}

// The match weight of every compared pair.
std::vector<float> ScorePairs(const ComparedPairs& compared, const Model& model, int threads) {
  std::vector<float> weights(compared.patterns.size());
  ParallelFor(weights.size(), threads, [&](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) {
      Comparison c = Comparison::FromPattern(compared.patterns[k]);
      c.tf_given = compared.tfs[k][0];
      c.tf_given2 = compared.tfs[k][1];
      c.tf_surname = compared.tfs[k][2];
      c.tf_surname2 = compared.tfs[k][3];
      weights[k] = static_cast<float>(model.Weight(c));
    }
  });
  return weights;
}

// The compete step of the score stage (competition.h) unless `[model] competition =
// false`; what it did, for the stage's line ("" when off).
std::string CompeteUnlessTurnedOff(const std::vector<LinkRecord>& records,
                                   const std::vector<uint64_t>& pairs, const Model& model,
                                   const LinkSettings& settings, std::vector<float>* weights) {
  if (!settings.competition) return "";
  const CompetitionReport c = WeighAgainstCompetition(records, pairs, model, settings.threads, weights);
  return "; " + WithCommas(c.pairs_weighed) + " weighed against their competition (" +
         std::to_string(c.rounds) + " rounds)";
}

// Diagnostics (LinkOptions::dump_pairs_path; bench/link/diagnose.py): one line per
// scored pair: record ids, pattern (hex), weight. Written through OutputFile (opened
// before the run: a refused path fails at once), never over the store's files.
Result<std::unique_ptr<OutputFile>> OpenPairDump(const Store& store, const LinkOptions& options) {
  if (options.dump_pairs_path.empty()) return std::unique_ptr<OutputFile>();
  OutputFileOptions output;
  output.option_name = "pair dump";
  output.protected_paths = store.Files();
  return OutputFile::Create(options.dump_pairs_path, output);
}

Status DumpPairs(OutputFile& out, const std::vector<LinkRecord>& records,
                 const std::vector<uint64_t>& pairs, const ComparedPairs& compared,
                 const std::vector<float>& weights) {
  char line[128];
  for (size_t k = 0; k < pairs.size(); ++k) {
    const int n = std::snprintf(line, sizeof line, "%lld\t%lld\t%llx\t%.3f\n",
                                static_cast<long long>(records[pairs[k] >> 32].id),
                                static_cast<long long>(records[pairs[k] & 0xffffffffu].id),
                                static_cast<unsigned long long>(compared.patterns[k]), weights[k]);
    out.stream().write(line, n);
  }
  return out.Commit();
}

// What the stages after loading need: the records, their persons before the run, the
// reviewer decisions, the model choice, and whether only the new records are linked
// (--new-only, or a kept model: LinkOnlyNewRecords).
struct LoadedRun {
  RecordTable table;
  std::vector<int64_t> old_person;
  std::vector<LinkDecision> decisions;
  std::vector<IndexDecision> index_decisions;
  int64_t max_person_id = 0;
  RunModel model;
  bool new_only = false;
  std::vector<uint8_t> eligible;  // with new_only: the records without a person
};

Result<LoadedRun> LoadRun(Store& store, const LinkSettings& settings, const LinkOptions& options,
                          LinkReport* report) {
  LoadedRun run;
  HABEAS_ASSIGN_OR_RETURN(run.table, LoadRecordTable(store, settings));
  const std::vector<LinkRecord>& records = run.table.records;
  const size_t n = records.size();
  report->records = static_cast<int64_t>(n);
  if (n == 0) return NotFound("the store holds no records: import lists first");
  HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> assigned, store.ListPersonRecords());
  run.old_person = OldPersons(records, assigned);
  for (size_t i = 0; i < n; ++i) report->new_records += run.old_person[i] == 0 ? 1 : 0;
  HABEAS_ASSIGN_OR_RETURN(run.decisions, store.ListDecisions());
  HABEAS_ASSIGN_OR_RETURN(run.max_person_id, store.MaxPersonId());
  run.index_decisions = LatestDecisions(records, run.decisions);
  run.new_only = options.scope == LinkScope::kNewRecordsOnly;
  HABEAS_ASSIGN_OR_RETURN(run.model, ChooseRunModel(store, settings, options, n, run.new_only));
  // A kept model links only the new records, unless the run decides with another
  // threshold or review bounds than the saved ones: then every record is re-clustered.
  if (!run.new_only && run.model.saved && run.model.saved_model->DecidesAs(settings) &&
      LinkOnlyNewRecords(run.model.decision, report->new_records,
                         DecidedSince(run.decisions, run.model.saved->created_at))) {
    run.new_only = true;
    report->only_new_records = true;
  }
  run.eligible.assign(n, 1);
  if (run.new_only) {
    for (size_t i = 0; i < n; ++i) run.eligible[i] = run.old_person[i] == 0 ? 1 : 0;
  }
  return run;
}

// The model stage: the saved model when it is kept (its pair priors bound to this
// run's sources), else one trained on this run's records and compared pairs.
Model ModelForRun(RunModel* run_model, const RecordTable& table, const ComparedPairs& compared,
                  size_t stride, const std::vector<IndexDecision>& index_decisions,
                  const LinkSettings& settings, LinkReport* report) {
  Model model;
  report->model_kept = run_model->decision.choice == ModelChoice::kKeep;
  if (report->model_kept) {
    model = std::move(*run_model->saved_model);
    model.BindSources(table.source_ids);
    report->model_version = run_model->saved->version;
  } else {
    model = TrainModel(table, compared.patterns, stride, index_decisions, settings, report);
    model.set_training(static_cast<int64_t>(table.records.size()), run_model->fingerprint);
    model.set_comparison_settings(settings);
  }
  run_model->decision_settings_changed = model.set_decision_settings(settings);
  report->model_decision = run_model->decision.why;
  report->prior = model.prior();
  return model;
}

// Puts the blocking counts in the report; returns the stage message.
std::string ReportBlocking(const CandidatePairs& candidates, const LinkSettings& settings,
                           LinkReport* report) {
  report->candidate_pairs = static_cast<int64_t>(candidates.pairs.size());
  report->capped_blocks = candidates.capped_blocks;
  report->capped_block_pairs = candidates.capped_block_pairs;
  report->pairs_per_rule = candidates.pairs_per_rule;
  return WithCommas(report->candidate_pairs) + " candidate pairs from " +
         std::to_string(settings.rules.size()) + " rules; " +
         WithCommas(candidates.capped_blocks) + " oversized blocks sub-blocked (" +
         WithCommas(candidates.capped_block_pairs) + " pairs they would have produced)";
}

// The weight below which a pair cannot be linked or queued for review: kPruneWeight,
// or lower when the threshold or review_low asks for less.
double PruneWeight(const LinkSettings& settings) {
  const double lowest_useful = std::min(settings.threshold, settings.review_low);
  return lowest_useful > 0
             ? std::min(kPruneWeight, std::log2(lowest_useful / (1 - lowest_useful)) - 1)
             : -1e300;
}

// The persons stage: stable ids, the edges that joined each person, the review queue.
PersonAssignment AssignPersons(const std::vector<LinkRecord>& records,
                               const std::vector<uint64_t>& pairs,
                               const std::vector<float>& weights, const ClusterResult& clusters,
                               const std::vector<int64_t>& old_person,
                               const std::vector<LinkDecision>& decisions,
                               const std::vector<IndexDecision>& index_decisions,
                               int64_t max_person_id, bool new_only, const LinkSettings& settings,
                               const LinkOptions& options, LinkReport* report) {
  std::vector<int64_t> record_ids(records.size());
  for (size_t i = 0; i < records.size(); ++i) record_ids[i] = records[i].id;
  PersonAssignment persons =
      AssignStableIds(record_ids, clusters.root, old_person, decisions, max_person_id,
                      options.by.empty() ? std::string("habeas link") : options.by);
  report->persons_created = persons.created;
  report->merges = persons.merges;
  report->splits = persons.splits;
  report->moves = persons.moves;
  LinkageUpdate& update = persons.update;
  update.replace_all_edges = !new_only;
  for (const ClusterEdge& e : clusters.edges) {
    const float w = e.weight;
    update.edges.push_back({persons.person_of[e.a], records[e.a].id, records[e.b].id, w,
                            e.decision ? 1.0 : Model::Probability(w),
                            e.decision ? LinkEdgeKind::kDecision : LinkEdgeKind::kModel});
  }
  update.review = ReviewQueue(records, pairs, weights, clusters, index_decisions, settings);
  report->persons = static_cast<int64_t>(
      std::unordered_set<int64_t>(persons.person_of.begin(), persons.person_of.end()).size());
  return persons;
}

// The store stage: a trained model is saved as the next version; the assignment,
// events, edges and review queue are applied in one transaction.
Status WriteLinkage(Store& store, const Model& model, const RecordTable& table, bool save_model,
                    const LinkOptions& options, LinkageUpdate* update, LinkReport* report) {
  if (save_model) {
    const Clock& clock = options.clock ? *options.clock : Clock::System();
    HABEAS_ASSIGN_OR_RETURN(
        report->model_version,
        store.SaveModel(model.ToJson(table.frequencies, table.given_total, table.surname_total,
                                     clock.NowIso(), &table.roles)));
  }
  const std::string suffix = " (model v" + std::to_string(report->model_version) + ")";
  for (PersonInfo& p : update->created_persons) p.created_by += suffix;
  for (PersonEvent& e : update->events) e.by += suffix;
  return store.ApplyLinkage(*update);
}

}  // namespace

Result<LinkReport> RunLink(Store& store, const LinkSettings& settings_in,
                           const LinkOptions& options) {
  LinkSettings settings = settings_in;
  if (options.threshold) settings.threshold = *options.threshold;
  if (settings.threshold <= 0 || settings.threshold >= 1) {
    return InvalidInput("the threshold must be a probability between 0 and 1 (exclusive)");
  }
  HABEAS_RETURN_IF_ERROR(ValidateRules(settings.rules));
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> pair_dump, OpenPairDump(store, options));
  LinkReport report;
  StageTimer timer(&report, options);

  // --- load: records, their persons and the reviewer decisions; which model
  timer.Start("load");
  HABEAS_ASSIGN_OR_RETURN(LoadedRun run, LoadRun(store, settings, options, &report));
  RecordTable& table = run.table;
  std::vector<LinkRecord>& records = table.records;
  const size_t n = records.size();
  const bool new_only = run.new_only;
  const std::vector<int64_t>& old_person = run.old_person;
  const std::vector<IndexDecision>& index_decisions = run.index_decisions;
  timer.Finish(WithCommas(static_cast<int64_t>(n)) + " records (" + WithCommas(report.new_records) +
               " without a person)" +
               (report.only_new_records ? "; the model is kept, so only those are linked" : ""));
  if (new_only && report.new_records == 0) {
    if (options.on_stage) options.on_stage("nothing to link: every record has a person");
    HABEAS_ASSIGN_OR_RETURN(std::vector<PersonInfo> persons, store.ListPersons(0, -1));
    report.persons = static_cast<int64_t>(persons.size());
    return report;
  }

  // --- block
  timer.Start("block");
  CandidatePairs candidates =
      GenerateCandidatePairs(records, settings, new_only ? &run.eligible : nullptr);
  std::vector<uint64_t>& pairs = candidates.pairs;
  timer.Finish(ReportBlocking(candidates, settings, &report));

  // --- compare: every pair, or above kModelSamplePairs an evenly spaced sample for the
  // model and the rest after it (CompareTheRest)
  timer.Start("compare");
  const size_t stride =
      new_only ? 1
               : std::max<size_t>(1, (pairs.size() + kModelSamplePairs - 1) / kModelSamplePairs);
  ComparedPairs compared = CompareSample(records, pairs, stride, settings);
  timer.Finish(WithCommas(static_cast<int64_t>((pairs.size() + stride - 1) / stride)) +
               " comparison vectors" +
               (stride > 1 ? " (every " + std::to_string(stride) + "th pair, for the model)" : ""));

  // --- model
  timer.Start("model");
  const Model model =
      ModelForRun(&run.model, table, compared, stride, index_decisions, settings, &report);
  {
    char buf[128];
    std::snprintf(buf, sizeof buf, "prior %.3g; ", report.prior);
    timer.Finish(std::string(buf) + report.model_decision +
                 (report.model_kept ? "" : ", " + std::to_string(report.em_iterations) +
                                               " EM iterations"));
  }
  if (stride > 1) {
    timer.Start("compare");
    const double prune_weight = PruneWeight(settings);
    const auto [more, dropped] =
        CompareTheRest(records, stride, model, prune_weight, settings, &pairs, &compared);
    timer.Finish(WithCommas(static_cast<int64_t>(more)) + " more comparison vectors; " +
                 WithCommas(static_cast<int64_t>(dropped)) +
                 " pairs not compared (weight bound without the names < " +
                 std::to_string(static_cast<int>(std::round(prune_weight))) + " bits)");
  }

  // --- score
  timer.Start("score");
  std::vector<float> weights = ScorePairs(compared, model, settings.threads);
  const std::string competition = CompeteUnlessTurnedOff(records, pairs, model, settings, &weights);
  if (pair_dump) HABEAS_RETURN_IF_ERROR(DumpPairs(*pair_dump, records, pairs, compared, weights));
  std::vector<uint8_t> cannot_link = std::move(compared.cannot_link);
  compared = ComparedPairs();
  for (float w : weights) {
    report.pairs_above_threshold += Model::Probability(w) >= settings.threshold;
  }
  timer.Finish(WithCommas(report.pairs_above_threshold) + " pairs at or above probability " +
               std::to_string(settings.threshold).substr(0, 6) + competition);

  // --- cluster
  timer.Start("cluster");
  ClusterResult clusters = ClusterRecords(records, pairs, weights, cannot_link, model, settings,
                                          index_decisions, old_person, new_only);
  report.merges_refused = static_cast<int64_t>(clusters.refused.size());
  timer.Finish(WithCommas(static_cast<int64_t>(clusters.edges.size())) + " joins, " +
               WithCommas(report.merges_refused) + " merges refused (conflicting evidence)");

  // --- persons: stable ids by maximal overlap with the previous assignment
  timer.Start("persons");
  PersonAssignment persons =
      AssignPersons(records, pairs, weights, clusters, old_person, run.decisions,
                    index_decisions, run.max_person_id, new_only, settings, options, &report);
  timer.Finish(WithCommas(report.persons) + " persons (" + WithCommas(report.persons_created) +
               " new, " + std::to_string(report.merges) + " merges, " +
               std::to_string(report.splits) + " splits, " + std::to_string(report.moves) +
               " moves)");

  // --- store
  if (options.write) {
    timer.Start("store");
    HABEAS_RETURN_IF_ERROR(
        WriteLinkage(store, model, table, !new_only || run.model.decision_settings_changed,
                     options, &persons.update, &report));
    timer.Finish(WithCommas(static_cast<int64_t>(persons.update.assignments.size())) +
                 " assignments written, model v" + std::to_string(report.model_version));
  }
  return report;
}

Result<LinkSettings> SettingsOfLastLinkRun(Store& store) {
  LinkSettings settings = DefaultLinkSettings();
  HABEAS_ASSIGN_OR_RETURN(std::optional<SavedModel> saved, store.LatestModel());
  if (!saved) return settings;
  // The settings only: the name-frequency tables the model carries are not read.
  HABEAS_ASSIGN_OR_RETURN(Model model, Model::FromJson(saved->json, nullptr, nullptr, nullptr));
  model.ApplyRunSettings(&settings);
  return settings;
}

namespace {

// A record's name words as typed, when the linker read it with a word cut in two
// (alt_name keeps the reading as typed).
std::string TypedNameWords(const LinkRecord& r) {
  std::string out;
  for (const names::PreparedWord& w : r.alt_name.given) out += (out.empty() ? "" : " ") + w.folded;
  for (const names::PreparedWord* w : {&r.alt_name.surname1, &r.alt_name.surname2}) {
    if (!w->empty()) out += (out.empty() ? "" : " ") + w->folded;
  }
  return out;
}

// "; the first record's name read with a word cut in two (typed without a space: ...)".
std::string WordsCutNote(const LinkRecord& a, const LinkRecord& b) {
  std::string out;
  for (const LinkRecord* r : {&a, &b}) {
    if (!r->words_cut) continue;
    out += std::string("; the ") + (r == &a ? "first" : "second") +
           " record's name read with a word cut in two (typed without a space: \"" +
           TypedNameWords(*r) + "\")";
  }
  return out;
}

}  // namespace

Result<PairExplanation> ExplainPair(Store& store, int64_t record_a, int64_t record_b) {
  HABEAS_ASSIGN_OR_RETURN(std::optional<SavedModel> saved, store.LatestModel());
  if (!saved) return NotFound("no trained linkage model in the store: run `habeas link` first");
  names::NameFrequencies frequencies, roles;
  uint64_t given_total = 0, surname_total = 0;
  HABEAS_ASSIGN_OR_RETURN(Model model, Model::FromJson(saved->json, &frequencies, &given_total,
                                                       &surname_total, &roles));
  const StoreNameRoles store_roles(roles);
  // The settings of the run that saved the model (explain shows the levels that decided
  // the link, not those of today's defaults).
  LinkSettings settings = DefaultLinkSettings();
  model.ApplyRunSettings(&settings);
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  const AgeReferenceDates reference_dates(batches, settings);
  RecordTable table;
  table.frequencies = std::move(frequencies);
  table.given_total = given_total;
  table.surname_total = surname_total;
  for (int64_t id : {record_a, record_b}) {
    HABEAS_ASSIGN_OR_RETURN(std::optional<RecordData> r, store.GetRecord(id));
    if (!r) return NotFound("no record with id " + std::to_string(id));
    const int ref = reference_dates.Of(*r);
    LinkRecord lr;
    PrepareLinkRecord(*r, ref / 10000, &lr, ref / 100 % 100, ref % 100, &store_roles);
    table.records.push_back(std::move(lr));
  }
  ComputeTermFrequencies(&table);
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  AssignSourceIndices(sources, &table);
  model.BindSources(table.source_ids);
  const LinkRecord& a = table.records[0];
  const LinkRecord& b = table.records[1];
  const Comparison c = Compare(a, b, settings);
  PairExplanation out;
  out.record_a = record_a;
  out.record_b = record_b;
  out.model_version = saved->version;
  out.prior_weight = model.PriorWeight(c.pair_class);
  out.prior_lists = ListNameOf(sources, a.source) + " × " + ListNameOf(sources, b.source);
  const names::NameComparison names_cmp = CompareRecordNames(a, b);
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    FieldContribution fc;
    fc.field = std::string(FieldName(field));
    const uint8_t level = c.levels[f];
    fc.level = level == kMissingLevel ? "missing" : std::string(LevelNames(field)[level]);
    fc.weight = model.LevelWeight(field, level);
    if (field == Field::kGivenName) fc.tf_adjustment = model.GivenTfAdjustment(c);
    if (field == Field::kSurname) fc.tf_adjustment = model.SurnameTfAdjustment(c);
    const std::string da = DescribeField(a, field), db = DescribeField(b, field);
    if (!da.empty() || !db.empty()) fc.detail = "\"" + da + "\" vs \"" + db + "\"";
    if (field == Field::kGivenName || field == Field::kSurname) {
      fc.detail += (fc.detail.empty() ? "" : "; ") + names::ExplainComparison(names_cmp);
    }
    if (field == Field::kGivenName) fc.detail += WordsCutNote(a, b);
    if (field == Field::kNationalId && c.cannot_link &&
        IdentifiersConflict(a.national_id, b.national_id)) {
      fc.detail += " (cannot be the same person)";
    }
    if (field == Field::kANumber && IdentifiersConflict(a.a_number, b.a_number)) {
      fc.detail += " (cannot be the same person)";
    }
    out.fields.push_back(std::move(fc));
  }
  out.total_weight = model.Weight(c);
  out.probability = Model::Probability(out.total_weight);
  HABEAS_ASSIGN_OR_RETURN(std::vector<LinkDecision> decisions, store.ListDecisions());
  for (const LinkDecision& d : decisions) {
    if ((d.record_a == record_a && d.record_b == record_b) ||
        (d.record_a == record_b && d.record_b == record_a)) {
      out.decision = d.decision;  // the latest decision wins
    }
  }
  HABEAS_ASSIGN_OR_RETURN(out.person_a, store.PersonOfRecord(record_a));
  HABEAS_ASSIGN_OR_RETURN(out.person_b, store.PersonOfRecord(record_b));
  if (out.person_a && out.person_a == out.person_b) {
    HABEAS_ASSIGN_OR_RETURN(std::vector<LinkEdge> edges, store.ListEdges(*out.person_a));
    for (const LinkEdge& e : edges) {
      const bool this_pair = (e.record_a == record_a && e.record_b == record_b) ||
                             (e.record_a == record_b && e.record_b == record_a);
      if (this_pair && e.kind == LinkEdgeKind::kModel) out.linked_weight = e.weight;
    }
  }
  return out;
}

}  // namespace habeas::link
