// The linkage half of the SQLite store (persons, assignments, edges, history,
// decisions, models, review queue); SqliteStore forwards its linkage methods here.
// Private to the store module. Not thread-safe; borrows the connection and clock,
// which must outlive it.
#pragma once

#include <sqlite3.h>

#include "habeas/store.h"

namespace habeas::store {

class SqliteLinkage {
 public:
  SqliteLinkage(sqlite3* db, const Clock* clock) : db_(db), clock_(clock) {}

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
  Status RemoveDecision(int64_t decision_id);
  Result<int64_t> SaveModel(const std::string& json);
  Result<std::optional<SavedModel>> LatestModel();
  Result<std::vector<ReviewPair>> ListReviewPairs(int64_t limit);

 private:
  Status ApplyInTransaction(const LinkageUpdate& update);
  Result<int64_t> InsertDecision(const LinkDecision& decision);
  Result<int64_t> InsertModel(const std::string& json);
  sqlite3* db_;
  const Clock* clock_;
};

}  // namespace habeas::store
