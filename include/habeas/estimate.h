// Multiple systems estimation (MSE): how many people are on none of the lists.
//
// A CaptureTable counts the persons seen with each capture pattern (which of k
// lists hold them). From it Habeas estimates the total population N with
//   * log-linear models: independence and hierarchical models with two-way
//     interactions, searched exhaustively (k <= 6) or stepwise, selected and
//     averaged by AIC/BIC, with profile-likelihood intervals (model-averaged
//     intervals by the MATA-PL rule of Fletcher & Turek 2012);
//   * the Bayesian non-parametric latent-class model of Manrique-Vallier (2016,
//     Biometrics 72:1246-1254, "LCMCR"), fitted by a seeded, reproducible Gibbs
//     sampler; the interval is a posterior quantile interval.
// From linked persons, the linkage's doubt can be carried into the estimate:
// EstimateWithLinkageDraws resamples the doubtful links and pools the draws.
// Every result carries structured warnings (sparse table, models that disagree,
// lists declared dependent, too few lists, poor mixing, an estimate that depends
// on the linkage...). docs/estimation.md is the researcher's guide and describes
// every method and warning code.
//
//   HABEAS_ASSIGN_OR_RETURN(CaptureTable table, LoadCaptureTableCsv("kosovo.csv"));
//   EstimateOptions options;
//   options.latent_class.seed = 7;
//   HABEAS_ASSIGN_OR_RETURN(EstimateReport report, EstimateFromTable(table, options));
//   std::cout << RenderEstimateText(report);   // or RenderEstimateJson(report)
//
// All functions are pure computations on their arguments (the CSV loaders read
// one file); they are safe to call concurrently on different arguments. Results
// depend only on the inputs and options (including the seed), never on the clock.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "habeas/status.h"

namespace habeas {

// ---------------------------------------------------------------------------
// Capture tables

// Counts of persons per capture pattern over k named lists. Pattern bit j
// (1u << j) means "on list j" (lists()[j]). Pattern 0 (on no list) is the
// unknown the estimators infer, so it can never hold a count.
class CaptureTable {
 public:
  static constexpr int kMaxLists = 16;

  // An empty table over `lists`: 1..kMaxLists distinct, non-empty names.
  static Result<CaptureTable> Create(std::vector<std::string> lists);

  int num_lists() const { return static_cast<int>(lists_.size()); }
  const std::vector<std::string>& lists() const { return lists_; }
  // 2^k: patterns are 0 .. num_patterns()-1 (pattern 0 is always 0).
  uint32_t num_patterns() const { return static_cast<uint32_t>(counts_.size()); }

  // Persons with exactly this pattern; 0 for pattern 0.
  int64_t count(uint32_t pattern) const { return counts_[pattern]; }
  // Adds persons to a pattern. Pattern 0, out-of-range patterns and negative or
  // overflowing totals are rejected.
  Status Add(uint32_t pattern, int64_t persons);

  // Persons seen on at least one list.
  int64_t observed() const { return observed_; }
  // Persons on list j (any pattern with bit j).
  int64_t list_total(int list) const;

 private:
  explicit CaptureTable(std::vector<std::string> lists);
  std::vector<std::string> lists_;
  std::vector<int64_t> counts_;
  int64_t observed_ = 0;
};

// Parses the contingency-table CSV: a header of list names then `count`; one
// row per capture pattern, 0/1 per list then a non-negative integer count.
// Patterns may be omitted (count 0) but not repeated; a row for the all-zero
// pattern is rejected (nobody can be observed on no list). Errors name the
// file, line and field, e.g.
//   "uk.csv:7: field 3 (PF) is "2"; expected 0 or 1".
// `name` is used in messages.
Result<CaptureTable> ParseCaptureTableCsv(std::string_view text, std::string_view name);
Result<CaptureTable> LoadCaptureTableCsv(const std::string& path);

// One linked person and the sources (lists) that hold them. `stratum` is the
// value of the stratifying attribute ("" when not stratified).
struct PersonCaptures {
  std::string person_id;
  std::vector<std::string> sources;
  std::string stratum;
};

// Which lists enter the estimate. Applied in this order: merges, drops, keep.
struct ListSelection {
  // Each entry "A+B[+C]" replaces those lists by one list named "A+B[+C]": a
  // person on any of them is on the merged list. Use it for lists that are not
  // independent by construction (a leak derived from a manifest).
  std::vector<std::string> merge;
  // Lists to leave out; persons only on dropped lists become unobserved.
  std::vector<std::string> drop;
  // When non-empty, only these lists (original or merged names) are used.
  std::vector<std::string> keep;
};

// Collapses `table` according to `selection`. Unknown names are InvalidInput
// with the available names in the message.
Result<CaptureTable> SelectLists(const CaptureTable& table, const ListSelection& selection);
// The input lists `selection` uses (on a list kept, or merged into one kept), each
// with the name of its list in the estimate ("manifest" -> "manifest+leak").
Result<std::map<std::string, std::string>> ListsUsed(const std::vector<std::string>& lists,
                                                     const ListSelection& selection);

// ---------------------------------------------------------------------------
// The population being estimated ("--where")
//
// MSE is valid only for a population in which every person could be on every
// list. A union of groups for whom some lists are impossible (persons never
// removed cannot be on a removal manifest) is not such a population: restrict
// the estimate to one that is. A person belongs when at least one of their
// records satisfies at least one condition:
//   "facility~cecot|el salvador"  the record's field contains one of the words
//                                 (ASCII case-insensitive);
//   "facility=CECOT"              the field equals one of the values (same folding);
//   "source=manifest|leak"        the record comes from one of these lists: for
//                                 lists whose every row is in the population by
//                                 their scope (a removal flight's manifest).
// A record whose field is empty says nothing; a person none of whose records
// says anything has unknown membership and is left out (counted, with a warning:
// docs/estimation.md, `population_unrecorded`).
struct PopulationCondition {
  enum class Match { kContains, kEquals };
  std::string field;  // "source" or a record field name, e.g. "facility"
  Match match = Match::kContains;
  std::vector<std::string> values;  // lower case (ASCII)
};
// Parses "FIELD~A|B" or "FIELD=A|B". Empty fields or values are InvalidInput.
Result<PopulationCondition> ParsePopulationCondition(std::string_view text);

enum class Membership { kUnknown, kOut, kIn };

// What one record says. `field_value(name)` returns the record's value of a
// field ("" when absent); `source` is its list.
Membership RecordMembership(const std::vector<PopulationCondition>& conditions,
                            std::string_view source,
                            const std::function<std::string(const std::string&)>& field_value);

// Tallies of a population selection, to warn about persons it cannot place.
struct PopulationTally {
  int64_t in = 0;
  int64_t out = 0;
  int64_t unknown = 0;  // persons none of whose records says anything
  // Per list: persons on the list, and those whose records on this list say nothing.
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> silent_by_list;
};

// ---------------------------------------------------------------------------
// Options

enum class EstimationMethod { kLogLinear, kLatentClass, kAll };
enum class InformationCriterion { kAic, kBic };

// Parses "loglinear", "lcmcr" or "all".
Result<EstimationMethod> ParseEstimationMethod(std::string_view name);
std::string_view EstimationMethodName(EstimationMethod method);

// Two lists known not to be independent (e.g. a leak derived from a manifest).
struct DependentPair {
  std::string first;
  std::string second;
  std::string reason;  // free text shown in the warning; may be empty
};
// Parses "A:B" (list names may not contain ':').
Result<DependentPair> ParseDependentPair(std::string_view text);

struct LogLinearOptions {
  // Drives the headline log-linear result (the model average) and "selected".
  InformationCriterion criterion = InformationCriterion::kAic;
  // All subsets of the two-way terms are fitted when there are at most this
  // many subsets (k <= 6 lists by default); otherwise a stepwise search.
  int64_t max_exhaustive_models = int64_t{1} << 15;
  double confidence = 0.95;
  // Models shown in the per-model table (best by the criterion, plus the
  // independence model); all estimable models enter the average.
  int max_models_reported = 12;
  // Past the exhaustive size (7 to 16 lists) the search is bounded in time and memory
  // for any table the command accepts (docs/estimation.md "Many lists"): the stepwise
  // search adds or removes only the `stepwise_candidate_pairs` pairs of lists with the
  // strongest pairwise dependence (|log odds ratio| / its standard error in the pair's
  // 2x2 margin), stops after `max_stepwise_fits` distinct models, and the averages'
  // intervals profile only the `max_profiled_models_stepwise` heaviest models of
  // each average (a profile is about a hundred refits over up to 65,535 cells). Each
  // bound is named in the stepwise_search warning when it applied.
  int stepwise_candidate_pairs = 12;
  int max_stepwise_fits = 120;
  int max_profiled_models_stepwise = 4;
};

struct LatentClassOptions {
  int max_classes = 10;         // K, truncation of the stick-breaking prior
  int64_t iterations = 100000;  // Gibbs sweeps after burn-in
  int64_t burn_in = 10000;      // sweeps discarded first
  int thinning = 10;            // keep every thinning-th sweep: iterations/thinning draws
  // Run another round of `iterations` sweeps while the draws of N have an effective
  // sample size below this or the chains disagree (split R-hat above 1.05), up to
  // `max_rounds` rounds in all (on large tables the chain's autocorrelation reaches
  // thousands of sweeps, and the interval's ends rest on few effective draws). 0:
  // exactly one round.
  double min_effective_draws = 200;
  int max_rounds = 10;
  // Independent chains from their own seeds (derived from `seed`), run on threads of
  // their own; each takes its share of `iterations` (rounded up), so a round costs the
  // same CPU as one chain did. Their draws are pooled; their agreement (split R-hat)
  // is part of the stopping rule above and of the lcmcr_mixing warning.
  int chains = 4;
  // Bound on the sampler's work for any table the command accepts (docs/estimation.md
  // "Many lists"), in updates: a sweep costs about one per observed capture pattern,
  // class and list (about 3 ns each on the project's machine). When the first round
  // (burn-in plus iterations) would exceed it, burn-in, iterations, thinning and the
  // burn-in after a linkage-draw switch are scaled down to fit and no further round
  // runs; otherwise only the rounds that fit run. 5e9 is about 15 s of CPU: 16 lists
  // with 5,490 observed patterns ran 282 s for one round before; tables of up to 8 lists
  // (at most 255 patterns) keep their first round whole. LatentClassResult::bounded
  // says when it applied. 0: no bound.
  double max_work = 5e9;
  uint64_t seed = 1;
  double alpha_shape = 0.25;  // Gamma(a, b) prior on the concentration alpha
  double alpha_rate = 0.25;
  double confidence = 0.95;  // posterior quantile interval
  // Lists of the table (bit j: list j) that never record the population's attribute
  // (--where): the persons seen only on them cannot be placed and are not in the
  // table, so the cells of the patterns made only of these lists are unobserved, like
  // the all-zero cell. The sampler counts them among the unobserved persons.
  uint32_t unrecorded_lists = 0;
};

struct EstimateOptions {
  EstimationMethod method = EstimationMethod::kAll;
  ListSelection lists;
  std::vector<DependentPair> dependent;
  LogLinearOptions log_linear;
  LatentClassOptions latent_class;
  // Input lists that never record the --where attribute (set by the store loader):
  // LCMCR treats the cells made only of them as unobserved (LatentClassOptions::
  // unrecorded_lists); a merged list is such a list when all its parts are.
  std::vector<std::string> unrecorded_lists;
  // wide_model_spread fires when max/min of reasonable models' totals exceeds this.
  double spread_warning_ratio = 1.5;
};

// ---------------------------------------------------------------------------
// Results

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

struct EstimateWarning {
  std::string code;     // stable identifier, e.g. "sparse_table" (docs/estimation.md)
  std::string message;  // what, where and what to do
};

// Persons of unknown membership are left out of the estimate. When there are
// any, returns `population_unrecorded` naming how many and the lists that do not
// record the attribute: the estimate may be low by up to the number of them
// who in truth belong (persons seen only on such lists are never counted).
std::optional<EstimateWarning> PopulationWarning(const std::vector<PopulationCondition>& conditions,
                                                 const PopulationTally& tally);
// The lists on which no record of any person gives the attribute (family reports
// with no place): persons seen only on them can never be placed, so LCMCR counts
// that cell among the unobserved (EstimateOptions::unrecorded_lists).
std::vector<std::string> ListsNeverRecording(const PopulationTally& tally);

// The family of estimators a row of the per-model table comes from.
enum class ModelFamily { kLogLinear, kLatentClass };
// "loglinear" or "lcmcr", as reports (and --method) spell them.
std::string_view ModelFamilyName(ModelFamily family);

// What a row of the per-model table is.
enum class ModelRowKind {
  kModel,             // one log-linear model
  kSelected,          // the log-linear model best by the criterion
  kAverageAic,        // the log-linear models averaged with AIC weights
  kAverageBic,        // ... with BIC weights
  kPosterior,         // the LCMCR posterior
  kPosteriorLinkage,  // the LCMCR posterior pooled over linkage draws
  kAverageLinkage,    // the log-linear headlines pooled over linkage draws
};
// "model", "selected", "average-aic", "average-bic", "posterior", "posterior-linkage",
// "average-linkage", as reports spell them.
std::string_view ModelRowKindName(ModelRowKind kind);

// One row of the per-model table.
struct ModelEstimate {
  ModelFamily method = ModelFamily::kLogLinear;
  ModelRowKind kind = ModelRowKind::kModel;
  std::string model;               // e.g. "independence", "[LA:NG][PF:GO]", "LCMCR K=10"
  double estimate = 0;             // total N (observed + unobserved)
  double interval_low = 0;         // confidence/credible interval for N
  double interval_high = 0;        // kUnbounded when the data give no upper limit
  int parameters = 0;              // 0 for averages and LCMCR
  std::optional<double> deviance;  // G^2 against the saturated model
  std::optional<int> df;
  std::optional<double> aic;
  std::optional<double> bic;
  std::optional<double> weight;            // weight in the average by the chosen criterion
  std::optional<double> posterior_median;  // LCMCR only
  // LCMCR chains only: effective sample size of the kept draws of N, the chains'
  // split R-hat and how many chains ran.
  std::optional<double> effective_sample_size;
  std::optional<double> split_rhat;
  std::optional<int> chains;
};

// Which row a headline comes from: none (no estimator ran: the observed count with no
// upper limit), a log-linear row (`row` says which), the LCMCR posterior, or either
// pooled over linkage draws.
struct HeadlineMethod {
  std::optional<ModelFamily> family;  // empty: none
  ModelRowKind row = ModelRowKind::kModel;
  bool over_linkage_draws = false;
  friend bool operator==(const HeadlineMethod&, const HeadlineMethod&) = default;
};
// "none", "loglinear:average-aic" (the family and the row), "lcmcr",
// "loglinear+linkage", "lcmcr+linkage", as reports spell them.
std::string HeadlineMethodName(const HeadlineMethod& method);

struct StratumEstimate {
  std::string stratum;  // "" when not stratified; "(total)" for a stratified sum
  std::vector<std::string> lists;
  int64_t observed = 0;
  double estimate = 0;
  double interval_low = 0;
  double interval_high = 0;
  HeadlineMethod method;  // which row the headline comes from
  std::vector<ModelEstimate> models;
  std::vector<EstimateWarning> warnings;
  int64_t models_examined = 0;  // log-linear models fitted in the search
};

// How the linkage's uncertainty entered the estimate (EstimateWithLinkageDraws).
struct LinkageSummary {
  int draws = 0;
  uint64_t seed = 0;
  int64_t doubtful_linked = 0;    // doubtful links the linker made (each draw may undo)
  int64_t doubtful_unlinked = 0;  // doubtful links it did not make (each draw may make)
  // Observed persons: with the linker's linkage, and the least and most over the draws.
  int64_t observed_fixed = 0;
  int64_t observed_min = 0;
  int64_t observed_max = 0;
  // The headline with the linker's linkage (what the report would say without draws).
  HeadlineMethod fixed_method;
  double fixed_estimate = 0;
  double fixed_interval_low = 0;
  double fixed_interval_high = 0;
  // Share of the variance of log N that comes from the linkage, 0..1: between the
  // draws' log-linear estimates over between + within (law of total variance), or,
  // with LCMCR only, 1 - fixed posterior variance / pooled posterior variance.
  double linkage_variance_share = 0;
  // The draws' headline estimates (posterior medians / log-linear averages), in order.
  std::vector<double> draw_estimates;
};

struct EstimateReport {
  StratumEstimate total;                  // the headline (sum over strata if stratified)
  std::vector<StratumEstimate> strata;    // empty unless stratified
  std::optional<LinkageSummary> linkage;  // set when linkage draws were pooled
};

// Estimates N from one table (selection and options applied).
Result<EstimateReport> EstimateFromTable(const CaptureTable& table, const EstimateOptions& options);

// Builds one table per distinct `stratum` over the union of all sources, then
// estimates each. With a single stratum value the report is unstratified.
// Stratified totals: LCMCR draws are summed across strata (independent chains);
// log-linear intervals are combined approximately (docs/estimation.md).
Result<EstimateReport> EstimateFromMemberships(const std::vector<PersonCaptures>& persons,
                                               const EstimateOptions& options);

// ---------------------------------------------------------------------------
// Linkage uncertainty ("--linkage-draws", docs/estimation.md)
//
// The linker scores every candidate pair; pairs with an intermediate match
// probability are doubtful. A LinkageGraph holds the records grouped into units
// (records joined by confident links or a reviewer, which every draw keeps together)
// and the doubtful links between units, each with its probability and whether the
// linker made it. A draw keeps each doubtful link with its probability, independently;
// the persons of the draw are the connected units. Splits the linker never scored
// (pairs no blocking rule proposed) are not represented: the draws cannot undo them.
struct LinkageUnit {
  std::vector<std::string> sources;  // lists of the unit's records (repeats allowed)
  std::string stratum;               // first non-empty stratifying value, "" if none
  // --where: what the unit's records say (a person is in when any unit says in).
  // Without conditions every unit is kIn.
  Membership membership = Membership::kIn;
};
struct DoubtfulLink {
  uint32_t unit_a = 0;
  uint32_t unit_b = 0;
  double probability = 0;  // the linker's match probability, in (0, 1)
  bool linked = false;     // the linker joined the two units
};
struct LinkageGraph {
  std::vector<LinkageUnit> units;
  std::vector<DoubtfulLink> links;
};

// The persons of one linkage: units joined by the links with present[i] (one flag per
// link), restricted to persons in the population (membership kIn). Stratum: the first
// non-empty of its units. Person ids are "U<first unit>".
std::vector<PersonCaptures> PersonsOfLinkage(const LinkageGraph& graph,
                                             const std::vector<uint8_t>& present);

// Records the linker cannot join to anyone: fewer than two name words of two letters
// or more ("D.R.G.", "PEREZ") and no identifier that links them (`has_identifier`;
// from the store: an A-number, national id or other id of a kind that every other
// list in the estimate carries on 90% of its records or more; habeas/estimate_store.h).
// `name_fields` are the record's name values (full name, given names, surnames); words
// are counted as written (names::CountWrittenWords: "DELACRUZ" is one word).
bool RecordTooThinToLink(const std::vector<std::string_view>& name_fields, bool has_identifier);

// Whether a record says when its person was born precisely enough to link by name and
// date: a birth date to the month ("1985-07", "1985-07-18": ISO, as the store keeps
// it). A name with a year alone, an age, or nothing is a name only: among thousands of
// persons it matches namesakes as well as its person (the model weighs a shared year at
// under one bit, and an age is a year give or take one), so from the store it counts
// only with an identifier (habeas/estimate_store.h).
bool RecordDatedToLink(std::string_view birth_date);

// The rule of RecordTooThinToLink, RecordDatedToLink and IdentifierLinks in words, as the
// warnings, errors and `--unlinkable` help say it.
inline constexpr std::string_view kTooWeakToLink =
    "only initials or one name and no identifier the other lists carry, or a name with "
    "neither a birth date to the month nor an identifier";

// A list's records and how many carry each identifier kind (A-number, national id,
// other id), as the store's estimate reader counts them (habeas/estimate_store.h).
struct ListIdentifiers {
  int64_t records = 0;
  std::array<int64_t, 3> with_kind{};
};
// Whether a record carrying the identifier kinds `identifiers` (bit k: kind k) is
// linked to its person through them: a kind that every other list carries on at least
// 90% of its records (a thin name: it links through nothing else), or, `pooled`, a
// kind that at least half of the other lists' records carry (a full name without a
// date: it links to every record lacking its identifiers by the name alone).
bool IdentifierLinks(const std::vector<ListIdentifiers>& other_lists, uint8_t identifiers,
                     bool pooled);

// Per list: its records, the records too thin to link (a thin name, or a name only:
// RecordTooThinToLink, RecordDatedToLink), those of them that are persons of their own,
// and those that are names only.
struct ThinRecordTally {
  std::string list;
  int64_t records = 0;
  int64_t thin = 0;
  int64_t thin_alone = 0;
  int64_t name_only = 0;
};
// What `habeas estimate` does with records too thin to link (--unlinkable).
enum class UnlinkableRecords {
  // Left out of every capture history (the default). Such a record cannot say
  // whether its person is on another list; kept, it counts as a person seen on its
  // list only, however often the same person is on others, and pushes the estimate
  // up. Left out, each list stands for its linkable records: a thinned list, which
  // MSE handles as long as whether a record is linkable does not depend on the
  // person's presence on the other lists.
  kDrop,
  kKeep,  // each counts where the linker put it (usually a person of its own)
};
// kDrop: `unlinkable_records_left_out`, naming per list how many were left out, when
// any were. kKeep: `unlinkable_records` when a list's thin records alone are at least
// 5% of its records (and 5 or more) or 1% of the observed persons.
std::optional<EstimateWarning> ThinRecordsWarning(const std::vector<ThinRecordTally>& tally,
                                                  int64_t observed_persons, UnlinkableRecords mode);

struct LinkageDrawOptions {
  static constexpr int kMaxDraws = 1000;
  int draws = 10;  // 0: the linker's linkage only; at most kMaxDraws
  uint64_t seed = 1;
};

// Estimates with the linker's linkage, then with `draws` resampled linkages (seeded:
// the same graph, options and seed give the same report), and pools them: the LCMCR
// posterior is the mixture of the draws' posteriors (each draw runs
// iterations / draws sweeps after its own burn-in), the log-linear interval the
// quantiles of the mixture of the draws' intervals (each read as a split normal on
// the log scale). The headline is the pooled one; report.linkage says what the
// linker's linkage alone gave and how much of the variance the linkage adds. With
// no doubtful link, or draws == 0, this is EstimateFromMemberships.
Result<EstimateReport> EstimateWithLinkageDraws(const LinkageGraph& graph,
                                                const EstimateOptions& options,
                                                const LinkageDrawOptions& draws);

// Builds the per-stratum tables without estimating (sorted by stratum).
Result<std::vector<std::pair<std::string, CaptureTable>>> BuildCaptureTables(
    const std::vector<PersonCaptures>& persons);

// JSON: {"observed", "estimate", "interval": [low, high|null], "method", "lists",
// "models": [...], "warnings": [{"code", "message"}], "models_examined",
// "strata": [...] (when stratified)}. Infinite bounds are null.
std::string RenderEstimateJson(const EstimateReport& report, int indent = 2);
// A readable summary with the per-model table and warnings.
std::string RenderEstimateText(const EstimateReport& report);

}  // namespace habeas
