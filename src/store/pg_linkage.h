// PostgreSQL implementation of the linkage part of Store (persons, assignments, edges,
// events, decisions, models, review pairs; docs/store.md "Linkage tables"). Shares
// its connection with PgStore, which owns it; one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "habeas/clock.h"
#include "habeas/store.h"
#include "store/pg_util.h"

namespace habeas::store {

// The store-wide locks of a PostgreSQL store: transaction-scoped advisory locks keyed
// by the store's schema, so stores in different schemas of one database never wait
// for each other. Each writer of a kind takes its lock first, inside its transaction.
enum class PgStoreLock {
  kMigrate = 1,  // schema migrations: one process migrates, the others then see it done
  kImport = 2,   // a batch: its record ids are consecutive (max(id) + 1 onwards)
  kLinkage = 3,  // a link run: persons allocated after reading MaxPersonId
  kLedger = 4,   // appending a ledger entry (store/pg_ledger.h): taken last, by every
                 // writer, held to commit, so entries are numbered without gaps in the
                 // order their transactions commit
  // A timeline write: facilities found or created by name, their aliases checked.
  kTimeline = 5,
};
Status LockStore(PgConnection& conn, PgStoreLock lock);

// The answer of a part of the Store interface a PostgreSQL store does not have yet:
// kUnavailable naming it, never an empty answer.
Status NotYetOnPostgres(std::string_view what);

class PgLinkage {
 public:
  PgLinkage(PgConnection& conn, const Clock* clock) : conn_(conn), clock_(clock) {}

  Result<std::vector<PersonRecord>> ListPersonRecords();
  Result<int64_t> MaxPersonId();
  Status ApplyLinkage(const LinkageUpdate& update);
  Result<std::optional<int64_t>> PersonOfRecord(int64_t record_id);
  Result<std::vector<int64_t>> RecordsOfPerson(int64_t person_id);
  Result<std::optional<PersonInfo>> GetPerson(int64_t person_id);
  Result<std::vector<PersonInfo>> ListPersons(int64_t after_id, int64_t limit);
  Result<std::vector<LinkEdge>> ListEdges(int64_t person_id);
  Result<std::vector<PersonEvent>> ListPersonEvents(std::optional<int64_t> person_id);
  Result<int64_t> AddDecision(const LinkDecision& decision);
  Result<std::vector<LinkDecision>> ListDecisions();
  Status WithdrawDecision(int64_t decision_id, const std::string& by);
  Result<int64_t> SaveModel(const std::string& json);
  Result<std::optional<SavedModel>> LatestModel();
  Result<std::vector<ReviewPair>> ListReviewPairs(int64_t limit);

 private:
  Status ApplyInTransaction(const LinkageUpdate& update);
  Status InsertCreatedPersons(const std::vector<PersonInfo>& created, const std::string& now);
  Status MarkMergedAndEmptiedPersons(const LinkageUpdate& u, const std::string& now);
  Status StoreAssignments(const std::vector<PersonRecord>& assignments, const std::string& now);
  Status StoreEdges(const LinkageUpdate& u);
  Status RecordPersonEvents(const std::vector<PersonEvent>& events, const std::string& now);
  Status StoreReviewPairs(const LinkageUpdate& u);

  PgConnection& conn_;
  const Clock* clock_;
};

}  // namespace habeas::store
