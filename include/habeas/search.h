// The locator: "where is my relative?" — a fuzzy person search over every name form
// of every record, with a calibrated probability and an honest decision.
//
// A LocatorIndex is built from records that already carry a person id (the store
// adapter assigns them: linkage persons when the store has them, else one person per
// record), saved as one binary file next to the store (format in docs/locator.md), and
// loaded with one bulk read (no per-entry allocation). Search() tolerates dropped and
// swapped surnames, nicknames, Spanish phonetic spellings, typos and initials, ranks the
// candidates with the names module's comparators plus birth date and identifier
// evidence, and says one of: a confident match, candidates to check, or no confident
// match.
//
//   HABEAS_ASSIGN_OR_RETURN(auto store, OpenSqliteStore("habeas.db"));
//   HABEAS_ASSIGN_OR_RETURN(search::LocatorIndex index,
//                           search::OpenIndex(*store, search::IndexPathFor("habeas.db")));
//   search::SearchQuery query;
//   query.text = "chuy peres";
//   query.birth_date = "1994";
//   HABEAS_ASSIGN_OR_RETURN(search::SearchResponse answer, index.Search(query));
//   if (answer.decision == search::Decision::kMatch) Show(answer.results.front());
//
// Thread-safety: a LocatorIndex is immutable after Build/Load; Search() may run
// concurrently from many threads (each thread keeps its own scratch buffers).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/output_file.h"
#include "habeas/record.h"
#include "habeas/status.h"
#include "habeas/store.h"

namespace habeas::search {

// One record as the index builder sees it: the record, the person it belongs to and
// where it came from.
struct LocatorRecord {
  std::string person_id;
  RecordData record;
  std::string source_name;
  std::string received;  // the batch's received date (ISO), may be empty
};

// --- the store adapter ---------------------------------------------------------

// Person ids for records come from habeas/record.h (PersonIdForRecord), the same
// rule every command and `export links` use.
using habeas::PersonIdForRecord;

// Person ids from an external assignment, keyed by (source name, source record id):
// e.g. a linkage run's output or, for evaluation, the generator's truth.csv.
class PersonAssignment {
 public:
  // Reads a CSV with header `source,source_record_id,person_id` (extra columns ignored).
  static Result<PersonAssignment> FromCsv(const std::string& path);
  void Add(std::string source, std::string source_record_id, std::string person_id);
  // Empty if the record is not assigned. The first Find after Add sorts the table, so
  // do not call Find concurrently with or right after Add from several threads.
  std::string_view Find(std::string_view source, std::string_view source_record_id) const;
  size_t size() const { return ids_.size(); }

 private:
  mutable std::vector<std::pair<std::string, std::string>> ids_;  // key, person id
  mutable bool sorted_ = true;
};

// Reads every record of the store with its person id (from `assignment` when given and
// the record is in it, else the store's linkage via PersonIdForRecord) and its source's
// name and received date.
Result<std::vector<LocatorRecord>> ReadLocatorRecords(Store& store,
                                                      const PersonAssignment* assignment = nullptr);

// A digest of the store's state that the index depends on (batches, record counts and
// the record → person assignment). An index whose fingerprint differs is stale.
Result<std::string> StoreFingerprint(Store& store);

// Number of digits in an identifier as typed ("V-12.345.678" → 8); leading zeros
// are not counted.
size_t IdentifierDigitsCount(std::string_view text);

// "habeas.db" → "habeas.db.idx". A PostgreSQL store (a URL) has no file to sit beside:
// its index is "$XDG_CACHE_HOME/habeas/locator-<16 hex digits of the URL's SHA-256>.idx"
// ($HOME/.cache without XDG_CACHE_HOME, /tmp without either), created when first built.
std::string IndexPathFor(const std::string& store_path);

// Who chose the index file's path.
enum class IndexPathOrigin {
  kDefault,      // IndexPathFor(store): Habeas's own file (a damaged one is rebuilt)
  kNamedByUser,  // `--index PATH`: may hold only an earlier index, never another file
};
// The index as an output file (habeas/output_file.h): never the store or its side
// files, and a path the user named replaced only when it holds an index already.
OutputFileOptions IndexOutputOptions(const std::string& store_path, IndexPathOrigin origin);

// --- queries and answers --------------------------------------------------------

struct SearchQuery {
  std::string text;        // the name as the relative types it
  std::string birth_date;  // optional: any form ParseDate reads (DD/MM/YYYY, YYYY, ...)
  std::string id;          // optional: cédula or A-number, any punctuation
};

struct SearchOptions {
  size_t limit = 10;            // results returned
  size_t max_candidates = 100;  // candidates ranked with the full comparators
};

enum class Decision {
  kMatch,             // the first result is the person, with high probability
  kCandidates,        // some results are plausible: check them
  kNoConfidentMatch,  // nobody in the lists matches well enough
};
// "match", "candidates", "no_confident_match".
std::string_view DecisionName(Decision decision);

// Why a result matched: one entry per compared field.
struct MatchedField {
  std::string field;      // "name", "birth_date", "id"
  std::string agreement;  // "exact_folded", "nickname", "partial", "year_only", "one_edit", ...
  std::string detail;     // e.g. the name comparison's explanation, or the record's value
};

// The last known place of the person: from the records' facility and record dates until
// the custody timeline exists.
struct LastKnown {
  std::string place;   // facility (may be empty if no record names one)
  std::string date;    // the record's date, else its batch's received date
  std::string source;  // the source that says so
};

struct ResultRecord {
  int64_t record_id = 0;
  std::string source;
  std::string source_record_id;
};

struct SearchResult {
  std::string person_id;
  double probability = 0;  // calibrated P(this is the person sought)
  std::string name;        // the best-matching record's name as written
  std::vector<MatchedField> matched_fields;
  std::vector<std::string> sources;  // distinct source names mentioning the person
  std::vector<ResultRecord> records;
  LastKnown last_known;
};

struct SearchResponse {
  Decision decision = Decision::kNoConfidentMatch;
  std::vector<SearchResult> results;  // best first
  // The person id when decision == kMatch, else empty.
  std::string match_person_id() const {
    return decision == Decision::kMatch && !results.empty() ? results.front().person_id : "";
  }
};

// The evidence for one (query, candidate) pair, as the calibrated model sees it. Exposed
// so the model can be refitted (bench/search/fit_model.py, docs/locator.md).
struct CandidateFeatures {
  std::string person_id;
  std::vector<double> values;  // in the order of CandidateFeatureNames()
  double probability = 0;
};
std::span<const std::string_view> CandidateFeatureNames();

// Decision thresholds (docs/locator.md "Calibration").
inline constexpr double kMatchProbability = 0.80;  // top result at least this ...
inline constexpr double kMatchMargin = 0.30;       // ... and this far ahead of the second
inline constexpr double kCandidateProbability = 0.10;

// --- the index ------------------------------------------------------------------

class LocatorIndex {
 public:
  LocatorIndex();
  ~LocatorIndex();
  LocatorIndex(LocatorIndex&&) noexcept;
  LocatorIndex& operator=(LocatorIndex&&) noexcept;

  // Builds an index over `records` (any order). `fingerprint` is stored as is.
  static Result<LocatorIndex> Build(std::span<const LocatorRecord> records,
                                    std::string fingerprint);

  // Writes the index to `path` atomically (temporary file + rename).
  Status Save(const std::string& path) const;
  // Loads an index file; kNotFound if missing, kDataLoss if damaged or of another version.
  static Result<LocatorIndex> Load(const std::string& path);

  const std::string& fingerprint() const;
  size_t person_count() const;
  size_t record_count() const;

  Result<SearchResponse> Search(const SearchQuery& query, const SearchOptions& options = {}) const;

  // Search, also returning the features of every ranked candidate (for refitting).
  Result<SearchResponse> SearchWithFeatures(const SearchQuery& query, const SearchOptions& options,
                                            std::vector<CandidateFeatures>* features) const;

  struct Impl;  // the index image (src/search/locator_impl.h); not part of the API
  // An index over an image in memory (src/search only; not part of the API).
  static Result<LocatorIndex> Attach(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

enum class IndexRebuild { kIfStale, kAlways };

// Loads the index at `index_path` if it matches the store's fingerprint, else builds it
// from the store (persons from `assignment` when given) and saves it there. `rebuilt`,
// when not null, says whether it was (re)built.
Result<LocatorIndex> OpenIndex(Store& store, const std::string& index_path,
                               IndexRebuild rebuild = IndexRebuild::kIfStale,
                               const PersonAssignment* assignment = nullptr,
                               bool* rebuilt = nullptr);

// How OpenIndex got its index: loaded as it was, rebuilt incrementally (the previous
// index's forms reused, only records after its last one read and parsed), or rebuilt
// from every record of the store.
// kInMemory: built, and kept in memory only, because the index file could not be
// written (a store in a directory the user cannot write).
enum class IndexOpening { kLoaded, kIncremental, kFull, kInMemory };
// What to do when the index file cannot be written for lack of permission: fail (a
// command whose job is the file), or answer from the index built in memory (a search).
enum class IndexUnwritable { kFail, kKeepInMemory };
// OpenIndex, also saying how (for `habeas find` messages and the tests).
Result<LocatorIndex> OpenIndexReporting(Store& store, const std::string& index_path,
                                        IndexRebuild rebuild, const PersonAssignment* assignment,
                                        IndexOpening* how,
                                        IndexUnwritable unwritable = IndexUnwritable::kFail);

// --- batches of queries (`habeas find --batch`) ---------------------------------

// One query of a batch file, with its id and line.
struct BatchQuery {
  std::string query_id;
  SearchQuery query;
  int64_t line = 0;
};

// Reads a CSV of queries: a header naming query_id and query_text (dob and
// national_id optional, any order), then one query a row. Messages name the file and
// line. Not thread-safe.
class QueryBatchReader {
 public:
  // Opens `path` and reads its header: kNotFound when the file is missing,
  // kInvalidInput when the header lacks query_id or query_text. An empty file has no
  // queries.
  static Result<std::unique_ptr<QueryBatchReader>> Open(const std::string& path);
  ~QueryBatchReader();

  // The next query; false at the end; kInvalidInput for a row that cannot be split.
  Result<bool> Next(BatchQuery* out);

 private:
  struct State;
  explicit QueryBatchReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Searches `query`. When its birth date or id does not parse (kInvalidInput), a batch
// must not lose the query: it is searched by the name alone (an id of 5 digits or more
// is kept) and `warning` gets the reason; otherwise `warning` is left empty.
Result<SearchResponse> SearchForgivingBadFields(const LocatorIndex& index, SearchQuery query,
                                                const SearchOptions& options,
                                                std::vector<CandidateFeatures>* features,
                                                std::string* warning);

}  // namespace habeas::search
