// SQLite implementation of the Store interface. See docs/store.md for the schema.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "habeas/output_file.h"
#include "habeas/store.h"
#include "store/fields_codec.h"
#include "store/schema.h"
#include "store/sqlite_ledger.h"
#include "store/sqlite_linkage.h"
#include "store/sqlite_timeline.h"
#include "store/sqlite_util.h"

namespace habeas {
namespace {

using store::Exec;
using store::SetJournalMode;
using store::SqliteError;
using store::Statement;

// 'HBAS': marks a SQLite file as a Habeas store.
constexpr int kApplicationId = 0x48424153;

constexpr std::string_view kRecordColumns =
    "id, batch_id, source_id, source_record_id, line, end_line, raw, fields, notes";

Result<RecordData> ReadRecord(const Statement& s) {
  RecordData r;
  r.id = s.ColumnInt(0);
  r.batch_id = s.ColumnInt(1);
  r.source_id = s.ColumnInt(2);
  r.source_record_id = s.ColumnText(3);
  r.line = s.ColumnInt(4);
  r.end_line = s.ColumnInt(5);
  r.raw = s.ColumnBlob(6);
  Status decoded = store::DecodeFields(s.ColumnText(7), &r);
  if (!decoded.ok()) return decoded.WithContext("record " + std::to_string(r.id));
  r.notes_json = s.ColumnText(8);
  return r;
}

constexpr std::string_view kBatchColumns =
    "b.id, b.source_id, s.name, b.file_name, b.file_sha256, b.file_size, b.received_date, "
    "b.imported_at, b.format, b.encoding, b.delimiter, b.header, b.mapping, b.rows_read, "
    "b.rows_imported, b.rows_rejected, b.blank_lines, coalesce(b.first_record_id, 0), "
    "coalesce(b.last_record_id, -1)";

BatchInfo ReadBatch(const Statement& s) {
  BatchInfo b;
  b.id = s.ColumnInt(0);
  b.source_id = s.ColumnInt(1);
  b.source_name = s.ColumnText(2);
  b.file_name = s.ColumnText(3);
  b.file_sha256 = s.ColumnText(4);
  b.file_size = static_cast<uint64_t>(s.ColumnInt(5));
  b.received_date = s.ColumnText(6);
  b.imported_at = s.ColumnText(7);
  b.format = s.ColumnText(8);
  b.encoding = s.ColumnText(9);
  b.delimiter = s.ColumnText(10);
  b.header_json = s.ColumnText(11);
  b.mapping_toml = s.ColumnText(12);
  b.rows_read = s.ColumnInt(13);
  b.rows_imported = s.ColumnInt(14);
  b.rows_rejected = s.ColumnInt(15);
  b.blank_lines = s.ColumnInt(16);
  b.first_record_id = s.ColumnInt(17);
  b.last_record_id = s.ColumnInt(18);
  return b;
}

class SqliteStore;

class SqliteBatchWriter final : public BatchWriter {
 public:
  SqliteBatchWriter(sqlite3* db, int64_t batch_id, int64_t source_id, Statement insert_record,
                    Statement insert_rejected, bool exclusive, std::string now)
      : db_(db),
        batch_id_(batch_id),
        source_id_(source_id),
        insert_record_(std::move(insert_record)),
        insert_rejected_(std::move(insert_rejected)),
        exclusive_(exclusive),
        now_(std::move(now)) {}

  ~SqliteBatchWriter() override {
    if (!done_) (void)Exec(db_, "ROLLBACK");
    // Back to WAL (if a reader holds the store at this instant, the next open does it).
    if (exclusive_) (void)SetJournalMode(db_, "wal");
  }

  int64_t batch_id() const override { return batch_id_; }

  Status AddRecord(const RecordData& r) override {
    Statement& s = insert_record_;
    store::EncodeFields(r, &fields_json_);
    s.BindInt(1, batch_id_);
    s.BindInt(2, source_id_);
    s.BindText(3, r.source_record_id);
    s.BindInt(4, r.line);
    s.BindInt(5, r.end_line);
    s.BindBlob(6, r.raw);
    s.BindText(7, fields_json_);
    s.BindText(8, r.notes_json, true);
    const int rc = s.Step();
    s.ResetForRebind();
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing record");
    const int64_t id = sqlite3_last_insert_rowid(db_);
    if (first_id_ == 0) first_id_ = id;
    last_id_ = id;
    row_tree_.AddRecord(id, batch_id_, source_id_, r, fields_json_);
    return Status::Ok();
  }

  Result<std::vector<Duplicate>> RemoveDuplicateRecordIds(
      const std::vector<std::string>& candidates) override {
    std::vector<Duplicate> out;
    if (first_id_ == 0 || candidates.empty()) return out;
    const std::unordered_set<std::string> wanted(candidates.begin(), candidates.end());
    HABEAS_ASSIGN_OR_RETURN(
        Statement scan,
        Statement::Prepare(db_,
                           "SELECT id, source_record_id, line FROM records WHERE id BETWEEN ?1 "
                           "AND ?2 AND batch_id = ?3 ORDER BY id"));
    scan.BindInt(1, first_id_);
    scan.BindInt(2, last_id_);
    scan.BindInt(3, batch_id_);
    std::unordered_map<std::string, int64_t> first_line;  // id → line that keeps it
    std::vector<std::pair<int64_t, int64_t>> repeats;     // record id, first line
    int rc;
    while ((rc = scan.Step()) == SQLITE_ROW) {
      std::string sri = scan.ColumnText(1);
      if (!wanted.count(sri)) continue;
      auto [it, inserted] = first_line.emplace(std::move(sri), scan.ColumnInt(2));
      if (!inserted) repeats.emplace_back(scan.ColumnInt(0), it->second);
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "finding repeated record ids");
    HABEAS_ASSIGN_OR_RETURN(Statement get,
                            Statement::Prepare(db_, "SELECT " + std::string(kRecordColumns) +
                                                        " FROM records WHERE id = ?1"));
    HABEAS_ASSIGN_OR_RETURN(Statement del,
                            Statement::Prepare(db_, "DELETE FROM records WHERE id = ?1"));
    for (const auto& [id, line] : repeats) {
      get.BindInt(1, id);
      if (get.Step() != SQLITE_ROW) return SqliteError(db_, SQLITE_ERROR, "re-reading record");
      HABEAS_ASSIGN_OR_RETURN(RecordData r, ReadRecord(get));
      get.Reset();
      out.push_back({std::move(r), line});
      row_tree_.RemoveRecord(id);
      del.BindInt(1, id);
      const int drc = del.Step();
      del.Reset();
      if (drc != SQLITE_DONE) return SqliteError(db_, drc, "removing repeated record id");
    }
    return out;
  }

  Status AddRejected(const RejectedRow& r) override {
    Statement& s = insert_rejected_;
    s.BindInt(1, batch_id_);
    s.BindInt(2, r.line);
    s.BindInt(3, r.end_line);
    s.BindBlob(4, r.raw);
    s.BindText(5, r.field, true);
    s.BindText(6, r.reason);
    const int rc = s.Step();
    s.ResetForRebind();
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "storing rejected row");
    row_tree_.AddRejected(sqlite3_last_insert_rowid(db_), batch_id_, r);
    return Status::Ok();
  }

  Status Commit(const BatchInfo& info) override {
    if (done_) return Internal("batch committed twice");
    HABEAS_ASSIGN_OR_RETURN(
        Statement s, Statement::Prepare(db_,
                                        "UPDATE batches SET rows_read = ?1, rows_imported = ?2, "
                                        "rows_rejected = ?3, blank_lines = ?4, header = ?5, "
                                        "first_record_id = ?7, last_record_id = ?8 WHERE id = ?6"));
    s.BindInt(1, info.rows_read);
    s.BindInt(2, info.rows_imported);
    s.BindInt(3, info.rows_rejected);
    s.BindInt(4, info.blank_lines);
    s.BindText(5, info.header_json);
    s.BindInt(6, batch_id_);
    if (first_id_ != 0) {
      s.BindInt(7, first_id_);
      s.BindInt(8, last_id_);
    }
    const int rc = s.Step();
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "finishing batch");
    // The batch's ledger entry, in the batch's transaction (docs/ledger.md).
    store::SqliteLedgerDatabase ledger(db_);
    HABEAS_RETURN_IF_ERROR(row_tree_.AppendEntry(ledger, batch_id_, now_));
    HABEAS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
    done_ = true;
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  int64_t batch_id_;
  int64_t source_id_;
  Statement insert_record_;
  Statement insert_rejected_;
  std::string fields_json_;
  bool exclusive_;
  std::string now_;
  store::BatchRowTree row_tree_;
  int64_t first_id_ = 0;
  int64_t last_id_ = 0;
  bool done_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, const Clock* clock, std::string path)
      : db_(db), clock_(clock), linkage_(db, clock), timeline_(db, clock), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  std::vector<std::string> Files() const override {
    return ProtectedPathsForStore(path_, /*index_path=*/"");
  }

  Status Initialise(const SqliteOptions& options) {
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    // Fails with SQLITE_NOTADB on a file that is not a database.
    HABEAS_ASSIGN_OR_RETURN(int app_id, PragmaInt("application_id"));
    HABEAS_ASSIGN_OR_RETURN(int version, PragmaInt("user_version"));
    HABEAS_RETURN_IF_ERROR(CheckIsHabeasStore(app_id, version));
    if (options.access == StoreAccess::kReadOnly) return CheckReadable(version);
    if (!options.create_if_missing && version == 0) {
      // An empty file (or an empty SQLite database) is no store; only a caller that
      // may create one (import) turns it into one.
      return InvalidInput("the file is empty, not a Habeas store (`habeas import` creates one)");
    }
    // Larger pages mean fewer page splits and write calls for bulk imports; only
    // effective on a new database (before the first table is created).
    if (version == 0) HABEAS_RETURN_IF_ERROR(Exec(db_, "PRAGMA page_size = 16384"));
    HABEAS_RETURN_IF_ERROR(Exec(db_,
                                "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; "
                                "PRAGMA temp_store = MEMORY;"));
    // WAL, unless another process is writing an exclusive batch right now (it
    // switches back when done); reads work either way.
    HABEAS_RETURN_IF_ERROR(SetJournalMode(db_, "wal").status());
    return Migrate(version);
  }

  int schema_version() const override { return schema_version_; }

  Result<std::optional<SourceInfo>> FindSource(const std::string& name) override {
    HABEAS_ASSIGN_OR_RETURN(auto all, QuerySources("WHERE s.name = ?1", name));
    if (all.empty()) return std::optional<SourceInfo>();
    return std::optional<SourceInfo>(std::move(all.front()));
  }

  Result<std::vector<SourceInfo>> ListSources() override { return QuerySources("", ""); }

  Result<std::vector<BatchInfo>> ListBatches(const std::optional<std::string>& source) override {
    std::string sql = "SELECT " + std::string(kBatchColumns) +
                      " FROM batches b JOIN sources s ON s.id = b.source_id";
    if (source) sql += " WHERE s.name = ?1";
    sql += " ORDER BY b.id";
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    if (source) s.BindText(1, *source);
    std::vector<BatchInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadBatch(s));
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing batches");
    return out;
  }

  Result<std::optional<BatchInfo>> GetBatch(int64_t batch_id) override {
    HABEAS_ASSIGN_OR_RETURN(
        Statement s,
        Statement::Prepare(db_, "SELECT " + std::string(kBatchColumns) +
                                    " FROM batches b JOIN sources s ON s.id = b.source_id "
                                    "WHERE b.id = ?1"));
    s.BindInt(1, batch_id);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<BatchInfo>(ReadBatch(s));
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading batch");
    return std::optional<BatchInfo>();
  }

  Result<std::optional<BatchInfo>> FindBatchByHash(const std::string& source_name,
                                                   const std::string& sha256) override {
    HABEAS_ASSIGN_OR_RETURN(
        Statement s,
        Statement::Prepare(db_, "SELECT " + std::string(kBatchColumns) +
                                    " FROM batches b JOIN sources s ON s.id = b.source_id "
                                    "WHERE s.name = ?1 AND b.file_sha256 = ?2"));
    s.BindText(1, source_name);
    s.BindText(2, sha256);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<BatchInfo>(ReadBatch(s));
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "looking up batch");
    return std::optional<BatchInfo>();
  }

  Result<std::unique_ptr<BatchWriter>> BeginBatch(const SourceInfo& source, const BatchInfo& batch,
                                                  const BatchOptions& options) override {
    // Leaving WAL mode fails at once (SQLITE_BUSY) if any other connection has the
    // store open; the batch is then written through the WAL as usual.
    bool exclusive = false;
    if (options.exclusive) {
      HABEAS_ASSIGN_OR_RETURN(exclusive, SetJournalMode(db_, "delete"));
    }
    auto leave_exclusive = [&] {
      if (exclusive) (void)SetJournalMode(db_, "wal");
    };
    if (Status begin = Exec(db_, "BEGIN IMMEDIATE"); !begin.ok()) {
      leave_exclusive();
      return begin;
    }
    auto rollback_on_error = [&](Status s) {
      (void)Exec(db_, "ROLLBACK");
      leave_exclusive();
      return s;
    };
    const std::string now = clock_->NowIso();
    int64_t source_id = 0;
    {
      Result<Statement> find =
          Statement::Prepare(db_, "SELECT id, kind FROM sources WHERE name = ?1");
      if (!find.ok()) return rollback_on_error(find.status());
      find->BindText(1, source.name);
      const int rc = find->Step();
      if (rc == SQLITE_ROW) {
        source_id = find->ColumnInt(0);
        const std::string kind = find->ColumnText(1);
        if (kind != SourceKindName(source.kind)) {
          return rollback_on_error(
              Conflict("source \"" + source.name + "\" already exists with kind \"" + kind +
                       "\", not \"" + std::string(SourceKindName(source.kind)) +
                       "\"; fix the mapping's [source] kind or choose another name"));
        }
      } else if (rc != SQLITE_DONE) {
        return rollback_on_error(SqliteError(db_, rc, "looking up source"));
      }
    }
    if (source_id == 0) {
      Result<Statement> ins = Statement::Prepare(
          db_, "INSERT INTO sources (name, kind, description, created_at) VALUES (?1, ?2, ?3, ?4)");
      if (!ins.ok()) return rollback_on_error(ins.status());
      ins->BindText(1, source.name);
      ins->BindText(2, SourceKindName(source.kind));
      ins->BindText(3, source.description);
      ins->BindText(4, now);
      const int rc = ins->Step();
      if (rc != SQLITE_DONE) return rollback_on_error(SqliteError(db_, rc, "creating source"));
      source_id = sqlite3_last_insert_rowid(db_);
    } else if (!source.description.empty()) {
      Result<Statement> upd =
          Statement::Prepare(db_, "UPDATE sources SET description = ?1 WHERE id = ?2");
      if (!upd.ok()) return rollback_on_error(upd.status());
      upd->BindText(1, source.description);
      upd->BindInt(2, source_id);
      const int rc = upd->Step();
      if (rc != SQLITE_DONE) return rollback_on_error(SqliteError(db_, rc, "updating source"));
    }
    Result<Statement> ins = Statement::Prepare(
        db_,
        "INSERT INTO batches (source_id, file_name, file_sha256, file_size, received_date, "
        "imported_at, format, encoding, delimiter, header, mapping) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!ins.ok()) return rollback_on_error(ins.status());
    ins->BindInt(1, source_id);
    ins->BindText(2, batch.file_name);
    ins->BindText(3, batch.file_sha256);
    ins->BindInt(4, static_cast<int64_t>(batch.file_size));
    ins->BindText(5, batch.received_date, true);
    ins->BindText(6, now);
    ins->BindText(7, batch.format);
    ins->BindText(8, batch.encoding);
    ins->BindText(9, batch.delimiter, true);
    ins->BindText(10, batch.header_json);
    ins->BindText(11, batch.mapping_toml);
    const int rc = ins->Step();
    if (rc != SQLITE_DONE) {
      if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
        return rollback_on_error(
            Conflict("this file is already imported into source \"" + source.name + "\""));
      }
      return rollback_on_error(SqliteError(db_, rc, "creating batch"));
    }
    const int64_t batch_id = sqlite3_last_insert_rowid(db_);
    Result<Statement> insert_record = Statement::Prepare(
        db_,
        "INSERT INTO records (batch_id, source_id, source_record_id, line, end_line, raw, "
        "fields, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!insert_record.ok()) return rollback_on_error(insert_record.status());
    Result<Statement> insert_rejected = Statement::Prepare(
        db_,
        "INSERT INTO rejected_rows (batch_id, line, end_line, raw, field, reason) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert_rejected.ok()) return rollback_on_error(insert_rejected.status());
    return std::unique_ptr<BatchWriter>(
        new SqliteBatchWriter(db_, batch_id, source_id, std::move(insert_record).value(),
                              std::move(insert_rejected).value(), exclusive, now));
  }

  Result<std::optional<RecordData>> GetRecord(int64_t record_id) override {
    HABEAS_ASSIGN_OR_RETURN(Statement s,
                            Statement::Prepare(db_, "SELECT " + std::string(kRecordColumns) +
                                                        " FROM records WHERE id = ?1"));
    s.BindInt(1, record_id);
    const int rc = s.Step();
    if (rc == SQLITE_ROW) {
      HABEAS_ASSIGN_OR_RETURN(RecordData r, ReadRecord(s));
      return std::optional<RecordData>(std::move(r));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading record");
    return std::optional<RecordData>();
  }

  Status ForEachRecord(const RecordFilter& filter,
                       const std::function<bool(const RecordData&)>& visit) override {
    if (NothingAfter(filter)) return Status::Ok();
    HABEAS_ASSIGN_OR_RETURN(std::vector<IdRange> ranges, RangesFor(filter));
    HABEAS_ASSIGN_OR_RETURN(
        Statement s, Statement::Prepare(db_, "SELECT " + std::string(kRecordColumns) +
                                                 " FROM records WHERE id BETWEEN ?1 AND ?2 AND "
                                                 "(?3 = 0 OR batch_id = ?3) ORDER BY id LIMIT ?4"));
    int64_t remaining = filter.limit;
    for (const IdRange& range : ranges) {
      if (remaining == 0) break;
      s.BindInt(1, std::max(range.first, filter.after_id + 1));
      s.BindInt(2, range.last);
      s.BindInt(3, range.batch_id);
      s.BindInt(4, remaining);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) {
        HABEAS_ASSIGN_OR_RETURN(RecordData r, ReadRecord(s));
        if (remaining > 0) --remaining;
        if (!visit(r)) {
          s.Reset();
          return Status::Ok();
        }
      }
      s.Reset();
      if (rc != SQLITE_DONE) return SqliteError(db_, rc, "reading records");
    }
    return Status::Ok();
  }

  Result<int64_t> CountRecords(const RecordFilter& filter) override {
    if (NothingAfter(filter)) return int64_t{0};
    HABEAS_ASSIGN_OR_RETURN(std::vector<IdRange> ranges, RangesFor(filter));
    HABEAS_ASSIGN_OR_RETURN(
        Statement s, Statement::Prepare(db_,
                                        "SELECT count(*) FROM records WHERE id BETWEEN ?1 AND ?2 "
                                        "AND (?3 = 0 OR batch_id = ?3)"));
    int64_t total = 0;
    for (const IdRange& range : ranges) {
      s.BindInt(1, std::max(range.first, filter.after_id + 1));
      s.BindInt(2, range.last);
      s.BindInt(3, range.batch_id);
      const int rc = s.Step();
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, "counting records");
      total += s.ColumnInt(0);
      s.Reset();
    }
    if (filter.limit >= 0) total = std::min(total, filter.limit);
    return total;
  }

  Result<std::vector<RejectedRow>> ListRejected(const std::optional<std::string>& source,
                                                int64_t limit) override {
    std::string sql =
        "SELECT r.id, r.batch_id, r.line, r.end_line, r.raw, r.field, r.reason "
        "FROM rejected_rows r JOIN batches b ON b.id = r.batch_id "
        "JOIN sources s ON s.id = b.source_id";
    if (source) sql += " WHERE s.name = ?2";
    sql += " ORDER BY r.batch_id, r.line LIMIT ?1";
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    s.BindInt(1, limit);
    if (source) s.BindText(2, *source);
    std::vector<RejectedRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      RejectedRow r;
      r.id = s.ColumnInt(0);
      r.batch_id = s.ColumnInt(1);
      r.line = s.ColumnInt(2);
      r.end_line = s.ColumnInt(3);
      r.raw = s.ColumnBlob(4);
      r.field = s.ColumnText(5);
      r.reason = s.ColumnText(6);
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing rejected rows");
    return out;
  }

  // --- linkage: implemented in sqlite_linkage.cc
  Result<std::vector<PersonRecord>> ListPersonRecords() override {
    return linkage_.ListPersonRecords();
  }
  Result<int64_t> MaxPersonId() override { return linkage_.MaxPersonId(); }
  Status ApplyLinkage(const LinkageUpdate& u) override { return linkage_.ApplyLinkage(u); }
  Result<std::optional<int64_t>> PersonOfRecord(int64_t id) override {
    return linkage_.PersonOfRecord(id);
  }
  Result<std::vector<int64_t>> RecordsOfPerson(int64_t id) override {
    return linkage_.RecordsOfPerson(id);
  }
  Result<std::optional<PersonInfo>> GetPerson(int64_t id) override {
    return linkage_.GetPerson(id);
  }
  Result<std::vector<PersonInfo>> ListPersons(int64_t after_id, int64_t limit) override {
    return linkage_.ListPersons(after_id, limit);
  }
  Result<std::vector<LinkEdge>> ListEdges(int64_t id) override { return linkage_.ListEdges(id); }
  Result<std::vector<PersonEvent>> ListPersonEvents(std::optional<int64_t> id) override {
    return linkage_.ListPersonEvents(id);
  }
  Result<int64_t> AddDecision(const LinkDecision& d) override { return linkage_.AddDecision(d); }
  Result<std::vector<LinkDecision>> ListDecisions() override { return linkage_.ListDecisions(); }
  Status WithdrawDecision(int64_t id, const std::string& by) override {
    return linkage_.WithdrawDecision(id, by);
  }
  Result<int64_t> SaveModel(const std::string& json) override { return linkage_.SaveModel(json); }
  Result<std::optional<SavedModel>> LatestModel() override { return linkage_.LatestModel(); }
  Result<std::vector<ReviewPair>> ListReviewPairs(int64_t limit) override {
    return linkage_.ListReviewPairs(limit);
  }

  // --- ledger: implemented in sqlite_ledger.cc
  Result<std::vector<ledger::Hash>> LedgerLeafHashes() override {
    return store::StoredLeafHashes(db_);
  }
  Status AddSignedHead(const ledger::SignedHead& head) override {
    return store::StoreSignedHead(db_, head);
  }
  Result<std::vector<ledger::SignedHead>> ListSignedHeads() override {
    return store::StoredSignedHeads(db_);
  }
  Result<LedgerCheck> CheckLedger() override {
    // One read transaction, so the entries and the rows are read at one instant.
    HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN"));
    Result<LedgerCheck> check = store::CheckLedgerAgainstTables(db_);
    (void)Exec(db_, "COMMIT");
    return check;
  }
  Result<RecordProofParts> ProveRecordParts(int64_t record_id) override {
    HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN"));
    Result<RecordProofParts> parts = store::ProofPartsOfRecord(db_, record_id);
    (void)Exec(db_, "COMMIT");
    return parts;
  }

  // --- timeline: implemented in sqlite_timeline.cc
  Result<int64_t> WriteTimeline(const TimelineWrite& w) override {
    return timeline_.WriteTimeline(w);
  }
  Result<std::vector<TimelineWriteInfo>> ListTimelineWrites() override {
    return timeline_.ListTimelineWrites();
  }
  Result<std::vector<Facility>> ListFacilities() override { return timeline_.ListFacilities(); }
  Result<std::vector<Flight>> ListFlights() override { return timeline_.ListFlights(); }
  Status ForEachClaim(const ClaimFilter& f,
                      const std::function<bool(Claim&&)>& visit) override {
    return timeline_.ForEachClaim(f, visit);
  }
  Result<std::vector<StoredOrder>> ListOrders() override { return timeline_.ListOrders(); }

  Status CheckIntegrity() override {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, "PRAGMA integrity_check"));
    std::string problems;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      const std::string line = s.ColumnText(0);
      if (line != "ok") problems += line + "\n";
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "integrity check");
    HABEAS_ASSIGN_OR_RETURN(Statement fk, Statement::Prepare(db_, "PRAGMA foreign_key_check"));
    while ((rc = fk.Step()) == SQLITE_ROW) {
      problems += "foreign key violation in table " + fk.ColumnText(0) + " row " +
                  std::to_string(fk.ColumnInt(1)) + "\n";
    }
    if (!problems.empty()) return DataLoss("store integrity check failed:\n" + problems);
    return Status::Ok();
  }

 private:
  Result<int> PragmaInt(std::string_view name) {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, "PRAGMA " + std::string(name)));
    const int rc = s.Step();
    if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading " + std::string(name));
    return static_cast<int>(s.ColumnInt(0));
  }

  // Another application's database (its application id, or its tables without ours)
  // is never migrated into a store.
  Status CheckIsHabeasStore(int app_id, int version) {
    static constexpr const char* kForeign =
        "the file is an SQLite database but not a Habeas store; give the store's path with "
        "--db (nothing was changed)";
    if (app_id != 0 && app_id != kApplicationId) return InvalidInput(kForeign);
    if (app_id == 0 && version != 0) return InvalidInput(kForeign);
    if (app_id == 0) {
      HABEAS_ASSIGN_OR_RETURN(int tables, QueryInt("SELECT count(*) FROM sqlite_master"));
      if (tables != 0) return InvalidInput(kForeign);
    }
    return Status::Ok();
  }

  // A read-only store must already hold the schema this build reads.
  Status CheckReadable(int version) {
    const int latest = store::Migrations().back().version;
    if (version == 0) {
      return InvalidInput("the file is empty, not a Habeas store (`habeas import` creates one)");
    }
    if (version > latest) {
      return InvalidInput("the store has schema version " + std::to_string(version) +
                          ", newer than this habeas understands (" + std::to_string(latest) +
                          "); upgrade habeas");
    }
    if (version < latest) {
      return InvalidInput("the store has schema version " + std::to_string(version) +
                          " and this habeas reads version " + std::to_string(latest) +
                          "; run a command that writes (e.g. `habeas link`) once to migrate it");
    }
    schema_version_ = latest;
    return Status::Ok();
  }

  Result<int> QueryInt(const std::string& sql) {
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    const int rc = s.Step();
    if (rc != SQLITE_ROW) return SqliteError(db_, rc, "reading the schema");
    return static_cast<int>(s.ColumnInt(0));
  }

  Status Migrate(int version) {
    const auto& migrations = store::Migrations();
    const int latest = migrations.back().version;
    if (version > latest) {
      return InvalidInput("the store has schema version " + std::to_string(version) +
                          ", newer than this habeas understands (" + std::to_string(latest) +
                          "); upgrade habeas");
    }
    for (const store::Migration& m : migrations) {
      if (m.version <= version) continue;
      HABEAS_RETURN_IF_ERROR(Exec(db_, "BEGIN IMMEDIATE"));
      // Another process may have migrated while we waited for the lock.
      Result<int> now = PragmaInt("user_version");
      if (!now.ok() || *now >= m.version) {
        (void)Exec(db_, "ROLLBACK");
        if (!now.ok()) return now.status();
        continue;
      }
      Status s = Exec(db_, m.sql);
      if (s.ok() && m.backfill != nullptr) s = m.backfill(db_, clock_->NowIso());
      if (s.ok()) {
        Result<Statement> ins =
            Statement::Prepare(db_,
                               "INSERT INTO schema_migrations (version, description, applied_at) "
                               "VALUES (?1, ?2, ?3)");
        if (ins.ok()) {
          ins->BindInt(1, m.version);
          // Bound without a copy (SQLITE_STATIC): the text must live until Step().
          const std::string applied_at = clock_->NowIso();
          ins->BindText(2, m.description);
          ins->BindText(3, applied_at);
          const int rc = ins->Step();
          if (rc != SQLITE_DONE) s = SqliteError(db_, rc, "recording migration");
        } else {
          s = ins.status();
        }
      }
      if (s.ok()) {
        s = Exec(db_, "PRAGMA user_version = " + std::to_string(m.version) +
                          "; PRAGMA application_id = " + std::to_string(kApplicationId));
      }
      if (!s.ok()) {
        (void)Exec(db_, "ROLLBACK");
        return s.WithContext("migrating the store to schema version " + std::to_string(m.version));
      }
      HABEAS_RETURN_IF_ERROR(Exec(db_, "COMMIT"));
    }
    schema_version_ = latest;
    return Status::Ok();
  }

  Result<std::vector<SourceInfo>> QuerySources(const std::string& where, const std::string& name) {
    const std::string sql =
        "SELECT s.id, s.name, s.kind, s.description, s.created_at, "
        "(SELECT count(*) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT coalesce(sum(rows_imported), 0) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT coalesce(sum(rows_rejected), 0) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT max(coalesce(received_date, '')) FROM batches b WHERE b.source_id = s.id) "
        "FROM sources s " +
        where + " ORDER BY s.name";
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    if (!where.empty()) s.BindText(1, name);
    std::vector<SourceInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      SourceInfo info;
      info.id = s.ColumnInt(0);
      info.name = s.ColumnText(1);
      Result<SourceKind> kind = ParseSourceKind(s.ColumnText(2));
      info.kind = kind.ok() ? *kind : SourceKind::kOther;
      info.description = s.ColumnText(3);
      info.created_at = s.ColumnText(4);
      info.batch_count = s.ColumnInt(5);
      info.record_count = s.ColumnInt(6);
      info.rejected_count = s.ColumnInt(7);
      info.last_received = s.ColumnText(8);
      out.push_back(std::move(info));
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing sources");
    return out;
  }

  struct IdRange {
    int64_t first;
    int64_t last;
    int64_t batch_id;  // 0: any batch
  };

  // No id is greater than the largest one (and after_id + 1 would overflow).
  static bool NothingAfter(const RecordFilter& f) {
    return f.after_id == std::numeric_limits<int64_t>::max();
  }

  // The id ranges holding the records a filter asks for, in id order.
  Result<std::vector<IdRange>> RangesFor(const RecordFilter& f) {
    std::vector<IdRange> out;
    if (!f.source && !f.batch_id) {
      out.push_back({1, std::numeric_limits<int64_t>::max(), 0});
      return out;
    }
    std::string sql =
        "SELECT b.id, b.first_record_id, b.last_record_id FROM batches b JOIN sources s "
        "ON s.id = b.source_id WHERE b.first_record_id IS NOT NULL";
    if (f.source) sql += " AND s.name = ?1";
    if (f.batch_id) sql += " AND b.id = ?2";
    sql += " ORDER BY b.first_record_id";
    HABEAS_ASSIGN_OR_RETURN(Statement s, Statement::Prepare(db_, sql));
    if (f.source) s.BindText(1, *f.source);
    if (f.batch_id) s.BindInt(2, *f.batch_id);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.ColumnInt(1), s.ColumnInt(2), s.ColumnInt(0)});
    }
    if (rc != SQLITE_DONE) return SqliteError(db_, rc, "listing batch ranges");
    return out;
  }

  sqlite3* db_;
  const Clock* clock_;
  store::SqliteLinkage linkage_;
  store::SqliteTimeline timeline_;
  std::string path_;  // as the caller named it
  int schema_version_ = 0;
};

// kNotFound for a missing path (unless `missing_ok`), kInvalidInput for anything but a
// regular file: a directory, or a FIFO or device, which SQLite would block on or read
// as an empty database.
Status CheckStoreFile(const std::string& path, bool missing_ok) {
  if (path.empty()) return InvalidInput("the store path is empty: give --db PATH");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (missing_ok && errno == ENOENT) return Status::Ok();
    return NotFound(path + ": no such store (run `habeas import` first, or give --db PATH)");
  }
  if (S_ISDIR(st.st_mode)) return InvalidInput(path + " is a directory, not a Habeas store");
  if (!S_ISREG(st.st_mode)) {
    return InvalidInput(path +
                        " is not a regular file (a device, pipe or socket), not a Habeas "
                        "store");
  }
  return Status::Ok();
}

// The name SQLite is given for the file at `path`: the path itself, except that a path
// SQLite would read specially (":memory:", a private temporary database; "file:...", a
// URI when SQLite is built with SQLITE_USE_URI, as Debian's is) names the file of that
// name in the current directory: a path is a path.
std::string LiteralFileName(const std::string& path) {
  if (path == ":memory:" || path.rfind("file:", 0) == 0) return "./" + path;
  return path;
}

// "file:PATH?immutable=1" with the characters URIs reserve escaped.
std::string ImmutableUri(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7F) {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

// Opens `name` (LiteralFileName(path) or ImmutableUri(path)) and initialises the
// store; messages name `path`.
Result<std::unique_ptr<Store>> OpenAndInitialise(const std::string& name, const std::string& path,
                                                 const SqliteOptions& options) {
  const bool read_only = options.access == StoreAccess::kReadOnly;
  sqlite3* db = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
  if (!read_only && options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  // Only the immutable URI built below is a URI; every other name is a path.
  if (name != path && name.rfind("file:", 0) == 0) flags |= SQLITE_OPEN_URI;
  const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, path + ": cannot open store");
    sqlite3_close_v2(db);
    if ((rc & 0xFF) == SQLITE_CANTOPEN && !options.create_if_missing) {
      return NotFound(path + ": no such store (run `habeas import` first)");
    }
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  const Clock* clock = options.clock != nullptr ? options.clock : &Clock::System();
  auto store = std::make_unique<SqliteStore>(db, clock, path);
  Status s = store->Initialise(options);
  if (!s.ok()) {
    if (s.code() == StatusCode::kDataLoss &&
        s.message().find("not a database") != std::string::npos) {
      return InvalidInput(path + ": not a Habeas store (" + s.message() + ")");
    }
    return s.WithContext(path);
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options) {
  // Memory statistics take a global mutex on every allocation; we never read them.
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  const bool read_only = options.access == StoreAccess::kReadOnly;
  HABEAS_RETURN_IF_ERROR(CheckStoreFile(path, !read_only && options.create_if_missing));
  Result<std::unique_ptr<Store>> store = OpenAndInitialise(LiteralFileName(path), path, options);
  if (read_only && !store.ok() && (store.status().code() == StatusCode::kUnavailable ||
                                   store.status().code() == StatusCode::kPermissionDenied)) {
    // A WAL store in a directory we cannot write: the -shm file cannot be created.
    // Nobody can be writing it there, so read it as immutable.
    store = OpenAndInitialise(ImmutableUri(path), path, options);
  }
  return store;
}

}  // namespace habeas
