// The storage interface: everything the engine reads or writes goes through Store.
//
// Two backends: SQLite, the default (a file), and PostgreSQL (a server, for teams);
// OpenStore picks one from the --db value. The schema and its migrations are
// specified in docs/store.md, with what the PostgreSQL store does not do yet.
//
//   HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore("habeas.db"));
//   HABEAS_ASSIGN_OR_RETURN(auto writer, store->BeginBatch(source, batch));
//   HABEAS_RETURN_IF_ERROR(writer->AddRecord(record));
//   HABEAS_RETURN_IF_ERROR(writer->Commit(counts));   // all rows or none
//
// Durability: a batch becomes visible atomically at Commit(); a crash (even
// kill -9 or power loss) before Commit() leaves no trace of it, after Commit()
// returns it is on disk. A Store is used by one thread at a time; separate Store
// objects on the same file may be used from separate processes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "habeas/clock.h"
#include "habeas/ledger.h"
#include "habeas/record.h"
#include "habeas/status.h"
#include "habeas/timeline.h"

namespace habeas {

// Writes one batch inside one transaction. Destroying it without Commit() rolls
// the whole batch back. Must not outlive its Store.
class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  virtual int64_t batch_id() const = 0;
  // Adds a parsed record. Record ids are not checked here (that would cost an index
  // on the import path): call RemoveDuplicateRecordIds() before Commit().
  virtual Status AddRecord(const RecordData& record) = 0;
  virtual Status AddRejected(const RejectedRow& row) = 0;

  struct Duplicate {
    RecordData record;   // the later record, now removed from the batch
    int64_t first_line;  // line of the record that keeps the id
  };
  // Among records whose source_record_id is in `candidates`, removes every one that
  // repeats an earlier record of this batch, and returns them so the caller can
  // store them as rejected rows. Cost: one scan of the batch when `candidates` is
  // not empty, nothing otherwise.
  virtual Result<std::vector<Duplicate>> RemoveDuplicateRecordIds(
      const std::vector<std::string>& candidates) = 0;
  // Stores the final counts and header, and makes the batch durable.
  virtual Status Commit(const BatchInfo& final_info) = 0;
};

// Records of one batch have consecutive ids (one writer at a time), so filters by
// source or batch are id-range scans (checked against batch_id), without an index.
struct RecordFilter {
  std::optional<std::string> source;  // source name
  std::optional<int64_t> batch_id;
  int64_t after_id = 0;  // keyset pagination: records with id > after_id
  int64_t limit = -1;    // -1: no limit
};

// --- linkage (persons, decisions, models): docs/store.md "Linkage tables" and
// docs/linkage.md. Person ids are positive integers from a sequence, never reused;
// shown as "P000123".
struct PersonRecord {
  int64_t record_id = 0;
  int64_t person_id = 0;
};

enum class PersonStatus { kActive, kMerged, kEmpty };
std::string_view PersonStatusName(PersonStatus status);  // "active", "merged", "empty"

struct PersonInfo {
  int64_t id = 0;
  PersonStatus status = PersonStatus::kActive;
  int64_t merged_into = 0;  // kMerged: the surviving person
  std::string created_at;   // UTC, ISO 8601
  std::string created_by;   // "model v3", a reviewer, ...
  int64_t record_count = 0;
};

// The kinds of the linkage tables. Each is stored as its name (the same text the CLI
// prints); reading a name this version does not know is an error, never a default.

// Why two records of a person are joined.
enum class LinkEdgeKind {
  kModel,     // the model's match probability (LinkEdge::probability)
  kDecision,  // a reviewer's "same" decision
};
std::string_view LinkEdgeKindName(LinkEdgeKind kind);  // "model", "decision"
Result<LinkEdgeKind> ParseLinkEdgeKind(std::string_view name);

// A change of persons.
enum class PersonEventKind {
  kCreate,  // person_ids[0] was created
  kMerge,   // person_ids[0] survives, the others are merged into it
  kSplit,   // records of person_ids[0] moved to the new person person_ids[1]
  kMove,    // records moved from person_ids[0] to the existing person person_ids[1]
};
std::string_view PersonEventKindName(PersonEventKind kind);  // "create", "merge", ...
Result<PersonEventKind> ParsePersonEventKind(std::string_view name);

// What a reviewer decided about two records.
enum class ReviewDecision {
  kSame,      // one person: joins them whatever the model says
  kDistinct,  // two persons: never joined, directly or through others
};
std::string_view ReviewDecisionName(ReviewDecision decision);  // "same", "distinct"
Result<ReviewDecision> ParseReviewDecision(std::string_view name);

// One piece of evidence that joined two records of a person.
struct LinkEdge {
  int64_t person_id = 0;
  int64_t record_a = 0;
  int64_t record_b = 0;
  double weight = 0;       // match weight (log2 Bayes factor incl. prior)
  double probability = 0;  // match probability
  LinkEdgeKind kind = LinkEdgeKind::kModel;
};

// A change of persons (see PersonEventKind for what person_ids hold).
struct PersonEvent {
  int64_t id = 0;
  PersonEventKind kind = PersonEventKind::kCreate;
  std::vector<int64_t> person_ids;
  std::vector<int64_t> record_ids;
  std::string at;  // UTC, ISO 8601
  std::string by;
  std::string reason;
};

// A reviewer's decision about two records; overrides the model on every link.
struct LinkDecision {
  int64_t id = 0;
  int64_t record_a = 0;
  int64_t record_b = 0;
  ReviewDecision decision = ReviewDecision::kSame;
  std::string reason;
  std::string decided_by;
  std::string decided_at;  // filled by the store from its clock when empty
};

struct SavedModel {
  int64_t version = 0;
  std::string created_at;
  std::string json;
};

// An uncertain pair for `habeas review`, most informative first.
struct ReviewPair {
  int64_t record_a = 0;
  int64_t record_b = 0;
  double weight = 0;
  double probability = 0;
  double priority = 0;
};

// Everything one `habeas link` run changes, applied in one transaction.
struct LinkageUpdate {
  // Fails with kConflict if another run allocated persons meanwhile.
  int64_t expected_max_person_id = 0;
  std::vector<PersonInfo> created_persons;               // ids > expected_max_person_id
  std::vector<int64_t> merged_persons;                   // now kMerged (merged_into from events)
  std::vector<std::pair<int64_t, int64_t>> merged_into;  // (merged, survivor)
  std::vector<int64_t> emptied_persons;                  // no records left (kEmpty)
  std::vector<PersonRecord> assignments;                 // new or changed record → person
  bool replace_all_edges = false;                        // delete every edge before adding `edges`
  std::vector<LinkEdge> edges;
  std::vector<PersonEvent> events;
  bool replace_review = true;
  std::vector<ReviewPair> review;
};

// --- ledger (docs/ledger.md)

// The first problem CheckLedger() finds: the entry (0 when the row is covered by
// none, i.e. inserted behind Habeas's back), the table and the row.
struct LedgerProblem {
  int64_t entry = 0;  // 1-based entry number (leaf index + 1)
  std::string table;
  int64_t row = 0;
  std::string message;
};

struct LedgerCheck {
  std::vector<ledger::Hash> leaves;  // recomputed from the entry bodies, in order
  std::optional<LedgerProblem> problem;
  int64_t rows_checked = 0;
};

// A record's place in the ledger, for a proof (the head is added by the caller).
struct RecordProofParts {
  ledger::RecordProof proof;  // row, row tree path, entry body and index filled
};

class Store {
 public:
  virtual ~Store() = default;

  // The schema version of the open store (docs/store.md).
  virtual int schema_version() const = 0;

  // The files the store is made of: for SQLite the database and its -wal, -shm and
  // -journal files, as named and as resolved through symlinks. Whatever the library
  // writes (the locator index, the linker's pair dump) refuses to replace them, and
  // callers pass them on for the files they write (src/common/output_file.h).
  virtual std::vector<std::string> Files() const { return {}; }

  // --- sources and batches
  virtual Result<std::optional<SourceInfo>> FindSource(const std::string& name) = 0;
  virtual Result<std::vector<SourceInfo>> ListSources() = 0;
  virtual Result<std::vector<BatchInfo>> ListBatches(const std::optional<std::string>& source) = 0;
  virtual Result<std::optional<BatchInfo>> GetBatch(int64_t batch_id) = 0;
  // The batch of source `source_name` whose file had this SHA-256, if any.
  virtual Result<std::optional<BatchInfo>> FindBatchByHash(const std::string& source_name,
                                                           const std::string& sha256) = 0;

  // How a batch is written.
  struct BatchOptions {
    // The batch may keep readers out while it is written, in exchange for writing
    // each new page once instead of twice (SQLite: a rollback journal instead of
    // the write-ahead log for this one transaction, so no checkpoint copies the new
    // pages afterwards). Taken only when no other connection has the store open;
    // otherwise the batch is written normally. Atomicity and durability are the
    // same either way.
    bool exclusive = false;
  };
  // Starts writing a new batch. Creates the source if `source.name` is new;
  // kConflict if it exists with a different kind.
  virtual Result<std::unique_ptr<BatchWriter>> BeginBatch(const SourceInfo& source,
                                                          const BatchInfo& batch,
                                                          const BatchOptions& options) = 0;
  Result<std::unique_ptr<BatchWriter>> BeginBatch(const SourceInfo& source,
                                                  const BatchInfo& batch) {
    return BeginBatch(source, batch, BatchOptions{});
  }

  // --- records
  virtual Result<std::optional<RecordData>> GetRecord(int64_t record_id) = 0;
  // Calls `visit` for each matching record in id order; stops early if it returns false.
  virtual Status ForEachRecord(const RecordFilter& filter,
                               const std::function<bool(const RecordData&)>& visit) = 0;
  virtual Result<int64_t> CountRecords(const RecordFilter& filter) = 0;
  virtual Result<std::vector<RejectedRow>> ListRejected(const std::optional<std::string>& source,
                                                        int64_t limit) = 0;

  // --- linkage
  // Every record → person assignment, in record id order.
  virtual Result<std::vector<PersonRecord>> ListPersonRecords() = 0;
  virtual Result<int64_t> MaxPersonId() = 0;
  // Applies one link run atomically (all or nothing).
  virtual Status ApplyLinkage(const LinkageUpdate& update) = 0;
  virtual Result<std::optional<int64_t>> PersonOfRecord(int64_t record_id) = 0;
  virtual Result<std::vector<int64_t>> RecordsOfPerson(int64_t person_id) = 0;
  virtual Result<std::optional<PersonInfo>> GetPerson(int64_t person_id) = 0;
  // Active persons with id > after_id, in id order; limit -1: all.
  virtual Result<std::vector<PersonInfo>> ListPersons(int64_t after_id, int64_t limit) = 0;
  virtual Result<std::vector<LinkEdge>> ListEdges(int64_t person_id) = 0;
  // Events naming `person_id` (every event when nullopt), oldest first.
  virtual Result<std::vector<PersonEvent>> ListPersonEvents(std::optional<int64_t> person_id) = 0;
  // Stores a decision (decided_at from the store's clock when empty); returns its id.
  virtual Result<int64_t> AddDecision(const LinkDecision& decision) = 0;
  virtual Result<std::vector<LinkDecision>> ListDecisions() = 0;
  // Withdraws a decision (a reviewer's undo): from the next link on, the pair is decided
  // by the decision before it, or by the model. Append-only: the decision stays, a
  // withdrawal row (and its ledger entry) is added. kNotFound if no decision has this
  // id or it is already withdrawn. ListDecisions leaves withdrawn decisions out.
  virtual Status WithdrawDecision(int64_t decision_id, const std::string& by) = 0;
  // Saves a trained model as the next version; returns the version.
  virtual Result<int64_t> SaveModel(const std::string& json) = 0;
  virtual Result<std::optional<SavedModel>> LatestModel() = 0;
  virtual Result<std::vector<ReviewPair>> ListReviewPairs(int64_t limit) = 0;

  // --- ledger
  // The leaf hashes of the log as stored, in order.
  virtual Result<std::vector<ledger::Hash>> LedgerLeafHashes() = 0;
  virtual Status AddSignedHead(const ledger::SignedHead& head) = 0;
  // Every signed head kept in the store, oldest first.
  virtual Result<std::vector<ledger::SignedHead>> ListSignedHeads() = 0;
  // Recomputes every entry and every row it covers from what the store holds now.
  virtual Result<LedgerCheck> CheckLedger() = 0;
  virtual Result<RecordProofParts> ProveRecordParts(int64_t record_id) = 0;

  // --- timeline (docs/timeline.md): facilities, flights, claims, orders. Append-only.
  // Stores everything in `write` and its `timeline_writes` row in one transaction (all
  // or nothing); returns the write's id. kConflict when a file with the same hash was
  // already written for the same source and kind, or an order name is taken. A facility
  // whose name exists gains the new aliases; an alias naming another facility is kConflict.
  virtual Result<int64_t> WriteTimeline(const TimelineWrite& write) = 0;
  virtual Result<std::vector<TimelineWriteInfo>> ListTimelineWrites() = 0;
  virtual Result<std::vector<Facility>> ListFacilities() = 0;
  virtual Result<std::vector<Flight>> ListFlights() = 0;
  // Calls `visit` for each matching claim in id order; stops early if it returns false.
  // With record_ids and person_ids both given, a claim matching either is visited. The
  // claim is the visitor's to keep: it may move from it.
  virtual Status ForEachClaim(const ClaimFilter& filter,
                              const std::function<bool(Claim&&)>& visit) = 0;
  virtual Result<std::vector<StoredOrder>> ListOrders() = 0;

  // --- integrity
  // Runs the backend's full integrity check; kDataLoss with details if it fails.
  virtual Status CheckIntegrity() = 0;
};

// Whether a store is opened for writing (created and migrated as needed) or only read.
enum class StoreAccess {
  kReadWrite,  // creates a missing file (if create_if_missing), migrates the schema
  kReadOnly,   // SQLITE_OPEN_READONLY: the file must exist and be a current Habeas store;
               // nothing is created, migrated or written. In a read-only directory where
               // the WAL side files cannot be created the file is opened immutable.
};

// How a store is opened (both backends; the name is older than the second one).
struct SqliteOptions {
  StoreAccess access = StoreAccess::kReadWrite;
  bool create_if_missing = true;  // kReadWrite only (PostgreSQL: the schema, never the database)
  int busy_timeout_ms = 5000;     // SQLite only
  const Clock* clock = nullptr;  // timestamps; nullptr: Clock::System(). Must outlive the store.
};

// The person a person id stands for now: itself, or the survivor its merges led to
// (merged_into followed). An unknown id is itself; more than 64 hops (a cycle) is
// kDataLoss. Answers are remembered, so a loop over a million claims asks once per
// person. Used by one thread at a time.
class MergeFollower {
 public:
  explicit MergeFollower(Store& store) : store_(store) {}
  Result<int64_t> Survivor(int64_t person_id);

 private:
  Store& store_;
  std::unordered_map<int64_t, int64_t> known_;
};

// Opens (creating and migrating as needed) a SQLite store in WAL mode with
// synchronous=FULL; with StoreAccess::kReadOnly, opens an existing store read-only.
// A SQLite file that is not a Habeas store (another application id, or tables but
// no Habeas schema) is refused with kInvalidInput and left unchanged.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options = {});

// The backends a --db value can name.
enum class StoreBackend {
  kSqlite,    // a path
  kPostgres,  // a libpq URL: postgresql://... or postgres://...
};
StoreBackend StoreBackendOf(std::string_view db);

// Opens the store `db` names (StoreBackendOf): OpenSqliteStore for a path,
// OpenPostgresStore for a URL. Every command and `habeas serve` open stores through it.
Result<std::unique_ptr<Store>> OpenStore(const std::string& db, const SqliteOptions& options = {});

// Opens (creating the tables and migrating as needed, in the current schema of the
// URL's database: `options=-csearch_path=NAME` picks another) a PostgreSQL store. The
// database must exist and be UTF8; one whose schema holds other tables is refused with
// kInvalidInput and left unchanged. kUnavailable when the server cannot be reached.
// Every write is logged in the ledger as on SQLite (docs/store.md "PostgreSQL" says how
// entries are numbered under concurrent writers, and what is not there yet).
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const SqliteOptions& options = {});

// `url` with its password (user:PASSWORD@, password=...) replaced by ***: what
// messages show.
std::string RedactedStoreUrl(std::string_view url);

}  // namespace habeas
