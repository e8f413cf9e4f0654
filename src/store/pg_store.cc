// PostgreSQL implementation of the Store interface (libpq). See docs/store.md,
// "PostgreSQL", for what it holds, how it locks, and what it does not do yet.
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "habeas/store.h"
#include "store/fields_codec.h"
#include "store/ledger_tables.h"
#include "store/pg_ledger.h"
#include "store/pg_linkage.h"
#include "store/pg_schema.h"
#include "store/pg_timeline.h"
#include "store/pg_util.h"
#include "store/schema.h"

namespace habeas {
namespace {

using store::CopyLine;
using store::PgConnection;
using store::PgParams;
using store::PgResult;
using store::PgStoreLock;
using store::PgTransaction;

// COPY data is handed to libpq in pieces of about this size: large enough that the
// per-call cost vanishes, small enough to stay in the CPU caches.
constexpr size_t kCopyPieceBytes = 1 << 20;
// Rejected rows wait in memory (one COPY stream is open at a time, the records');
// past this size they are written in between.
constexpr size_t kRejectedPendingBytes = 8 << 20;
// Records read per query by ForEachRecord (keyset pages in one snapshot).
constexpr int64_t kRecordPage = 10000;

constexpr std::string_view kRecordColumns =
    "id, batch_id, source_id, source_record_id, line, end_line, raw, fields, notes";

Result<RecordData> ReadRecord(const PgResult& r, int row) {
  RecordData out;
  out.id = r.Int(row, 0);
  out.batch_id = r.Int(row, 1);
  out.source_id = r.Int(row, 2);
  out.source_record_id = r.Text(row, 3);
  out.line = r.Int(row, 4);
  out.end_line = r.Int(row, 5);
  out.raw = r.Bytes(row, 6);
  Status decoded = store::DecodeFields(r.Text(row, 7), &out);
  if (!decoded.ok()) return decoded.WithContext("record " + std::to_string(out.id));
  out.notes_json = r.Text(row, 8);
  return out;
}

constexpr std::string_view kBatchColumns =
    "b.id, b.source_id, s.name, b.file_name, b.file_sha256, b.file_size, "
    "coalesce(b.received_date, ''), b.imported_at, b.format, b.encoding, "
    "coalesce(b.delimiter, ''), b.header, b.mapping, b.rows_read, b.rows_imported, "
    "b.rows_rejected, b.blank_lines, coalesce(b.first_record_id, 0), "
    "coalesce(b.last_record_id, -1)";

BatchInfo ReadBatch(const PgResult& r, int row) {
  BatchInfo b;
  b.id = r.Int(row, 0);
  b.source_id = r.Int(row, 1);
  b.source_name = r.Text(row, 2);
  b.file_name = r.Text(row, 3);
  b.file_sha256 = r.Text(row, 4);
  b.file_size = static_cast<uint64_t>(r.Int(row, 5));
  b.received_date = r.Text(row, 6);
  b.imported_at = r.Text(row, 7);
  b.format = r.Text(row, 8);
  b.encoding = r.Text(row, 9);
  b.delimiter = r.Text(row, 10);
  b.header_json = r.Text(row, 11);
  b.mapping_toml = r.Text(row, 12);
  b.rows_read = r.Int(row, 13);
  b.rows_imported = r.Int(row, 14);
  b.rows_rejected = r.Int(row, 15);
  b.blank_lines = r.Int(row, 16);
  b.first_record_id = r.Int(row, 17);
  b.last_record_id = r.Int(row, 18);
  return b;
}

// '{"a","b\"c"}': a text[] parameter.
std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

// A read that spans several queries sees one snapshot: its own REPEATABLE READ
// transaction, unless the caller is inside one already.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(PgConnection& conn) : conn_(conn), own_(!conn.InTransaction()) {}
  ~ReadSnapshot() {
    if (began_) (void)conn_.Exec("COMMIT");
  }
  Status Begin() {
    if (!own_) return Status::Ok();
    HABEAS_RETURN_IF_ERROR(conn_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    began_ = true;
    return Status::Ok();
  }

 private:
  PgConnection& conn_;
  bool own_;
  bool began_ = false;
};

// One batch in one transaction (begun by PgStore::BeginBatch, which holds the import
// lock in it). Records stream through one COPY; rejected rows wait in memory and go
// through their own COPY in between (past kRejectedPendingBytes) or at Commit. The
// records' COPY is binary (store::CopyBinaryRow); the rest is in text format. Each row
// is also encoded as docs/ledger.md says into the batch's row tree (store::BatchRowTree,
// hashed on a worker thread as on SQLite), whose entry Commit appends under the ledger
// lock, in the batch's transaction.
class PgBatchWriter final : public BatchWriter {
 public:
  PgBatchWriter(PgConnection& conn, int64_t batch_id, int64_t source_id, int64_t next_record_id,
                int64_t next_rejected_id, std::string now)
      : conn_(conn),
        batch_id_(batch_id),
        source_id_(source_id),
        next_record_id_(next_record_id),
        next_rejected_id_(next_rejected_id),
        now_(std::move(now)) {}

  ~PgBatchWriter() override {
    if (done_) return;
    if (copying_) conn_.AbortCopy();
    (void)conn_.Exec("ROLLBACK");
  }

  int64_t batch_id() const override { return batch_id_; }

  Status AddRecord(const RecordData& r) override {
    HABEAS_RETURN_IF_ERROR(Usable());
    store::EncodeFields(r, &fields_json_);
    const int64_t id = next_record_id_++;
    if (!copying_ && records_.empty()) store::CopyBinaryRow::AppendHeader(&records_);
    store::CopyBinaryRow(&records_, 9)
        .Int(id)
        .Int(batch_id_)
        .Int(source_id_)
        .Text(r.source_record_id)
        .Int(r.line)
        .Int(r.end_line)
        .Bytes(r.raw)
        .Text(fields_json_)
        .TextOrNull(r.notes_json);
    if (first_id_ == 0) first_id_ = id;
    last_id_ = id;
    row_tree_.AddRecord(id, batch_id_, source_id_, r, fields_json_);
    if (records_.size() >= kCopyPieceBytes) return Remember(SendRecords());
    return Status::Ok();
  }

  Status AddRejected(const RejectedRow& r) override {
    HABEAS_RETURN_IF_ERROR(Usable());
    row_tree_.AddRejected(next_rejected_id_, batch_id_, r);
    CopyLine(&rejected_)
        .Int(next_rejected_id_++)
        .Int(batch_id_)
        .Int(r.line)
        .Int(r.end_line)
        .Bytes(r.raw)
        .TextOrNull(r.field)
        .Text(r.reason);
    if (rejected_.size() >= kRejectedPendingBytes) return Remember(WriteRejected());
    return Status::Ok();
  }

  Result<std::vector<Duplicate>> RemoveDuplicateRecordIds(
      const std::vector<std::string>& candidates) override {
    HABEAS_RETURN_IF_ERROR(Usable());
    std::vector<Duplicate> out;
    if (first_id_ == 0 || candidates.empty()) return out;
    HABEAS_RETURN_IF_ERROR(Remember(EndRecords()));
    PgParams p;
    p.Int(first_id_).Int(last_id_).Int(batch_id_).Text(TextArray(candidates));
    HABEAS_ASSIGN_OR_RETURN(
        PgResult scan,
        conn_.Query("SELECT id, source_record_id, line FROM records WHERE id BETWEEN $1 AND $2 "
                    "AND batch_id = $3 AND source_record_id = ANY($4::text[]) ORDER BY id",
                    p));
    std::unordered_map<std::string, int64_t> first_line;  // id → line that keeps it
    std::vector<std::pair<int64_t, int64_t>> repeats;     // record id, first line
    for (int i = 0; i < scan.rows(); ++i) {
      auto [it, inserted] = first_line.emplace(scan.Text(i, 1), scan.Int(i, 2));
      if (!inserted) repeats.emplace_back(scan.Int(i, 0), it->second);
    }
    for (const auto& [id, line] : repeats) {
      PgParams del;
      del.Int(id);
      HABEAS_ASSIGN_OR_RETURN(PgResult removed,
                              conn_.Query("DELETE FROM records WHERE id = $1 RETURNING " +
                                              std::string(kRecordColumns),
                                          del));
      if (removed.rows() != 1) return Internal("a repeated record vanished from its batch");
      HABEAS_ASSIGN_OR_RETURN(RecordData r, ReadRecord(removed, 0));
      row_tree_.RemoveRecord(id);
      out.push_back({std::move(r), line});
    }
    return out;
  }

  Status Commit(const BatchInfo& info) override {
    if (done_) return Internal("batch committed twice");
    HABEAS_RETURN_IF_ERROR(Usable());
    HABEAS_RETURN_IF_ERROR(Remember(EndRecords()));
    HABEAS_RETURN_IF_ERROR(Remember(WriteRejected()));
    PgParams p;
    p.Int(info.rows_read)
        .Int(info.rows_imported)
        .Int(info.rows_rejected)
        .Int(info.blank_lines)
        .Text(info.header_json)
        .Int(batch_id_);
    if (first_id_ != 0) {
      p.Int(first_id_).Int(last_id_);
    } else {
      p.Null().Null();
    }
    HABEAS_RETURN_IF_ERROR(Remember(
        conn_
            .Query("UPDATE batches SET rows_read = $1, rows_imported = $2, rows_rejected = $3, "
                   "blank_lines = $4, header = $5, first_record_id = $7, last_record_id = $8 "
                   "WHERE id = $6",
                   p)
            .status()
            .WithContext("finishing batch")));
    // The batch's ledger entry, in the batch's transaction (docs/ledger.md).
    store::PgLedgerDatabase ledger(conn_);
    HABEAS_RETURN_IF_ERROR(Remember(row_tree_.AppendEntry(ledger, batch_id_, now_)));
    done_ = true;
    return conn_.Exec("COMMIT").WithContext("committing batch");
  }

 private:
  // After a failed write the transaction is lost: every later call says so.
  Status Usable() const { return failed_; }
  Status Remember(Status s) {
    if (!s.ok() && failed_.ok()) failed_ = s;
    return s;
  }

  Status SendRecords() {
    if (!copying_) {
      HABEAS_RETURN_IF_ERROR(conn_.BeginCopy(
          "COPY records (" + std::string(kRecordColumns) + ") FROM STDIN (FORMAT binary)"));
      copying_ = true;
    }
    Status s = conn_.PutCopy(records_);
    records_.clear();
    return s.WithContext("storing records");
  }

  // Ends the records' COPY: the server checks its rows, and the connection is free.
  Status EndRecords() {
    if (!copying_ && records_.empty()) return Status::Ok();
    store::CopyBinaryRow::AppendTrailer(&records_);
    HABEAS_RETURN_IF_ERROR(SendRecords());
    copying_ = false;
    return conn_.EndCopy().WithContext("storing records");
  }

  Status WriteRejected() {
    if (rejected_.empty()) return Status::Ok();
    HABEAS_RETURN_IF_ERROR(EndRecords());
    Status s = conn_.CopyIn(
        "COPY rejected_rows (id, batch_id, line, end_line, raw, field, reason) FROM STDIN",
        rejected_);
    rejected_.clear();
    return s.WithContext("storing rejected rows");
  }

  PgConnection& conn_;
  int64_t batch_id_;
  int64_t source_id_;
  int64_t next_record_id_;
  int64_t next_rejected_id_;
  std::string now_;
  store::BatchRowTree row_tree_;
  std::string fields_json_;
  std::string records_;   // COPY text not yet sent
  std::string rejected_;  // COPY text not yet written
  bool copying_ = false;
  int64_t first_id_ = 0;
  int64_t last_id_ = 0;
  Status failed_;
  bool done_ = false;
};

class PgStore final : public Store {
 public:
  PgStore(PgConnection conn, const Clock* clock, std::string name)
      : conn_(std::move(conn)),
        clock_(clock),
        linkage_(conn_, clock),
        timeline_(conn_),
        name_(std::move(name)) {}

  Status Initialise(const SqliteOptions& options) {
    HABEAS_RETURN_IF_ERROR(CheckEncoding());
    HABEAS_RETURN_IF_ERROR(CheckSchema());
    if (options.access == StoreAccess::kReadOnly) {
      HABEAS_RETURN_IF_ERROR(conn_.Exec("SET default_transaction_read_only = on"));
    }
    HABEAS_ASSIGN_OR_RETURN(int version, StoredVersion());
    if (options.access == StoreAccess::kReadOnly) return CheckReadable(version);
    if (!options.create_if_missing && version == 0) {
      return InvalidInput(name_ + " holds no Habeas store (`habeas import` creates one)");
    }
    return Migrate(version);
  }

  int schema_version() const override { return schema_version_; }

  // --- sources and batches

  Result<std::optional<SourceInfo>> FindSource(const std::string& name) override {
    HABEAS_ASSIGN_OR_RETURN(auto all, QuerySources(name));
    if (all.empty()) return std::optional<SourceInfo>();
    return std::optional<SourceInfo>(std::move(all.front()));
  }

  Result<std::vector<SourceInfo>> ListSources() override { return QuerySources(std::nullopt); }

  Result<std::vector<BatchInfo>> ListBatches(const std::optional<std::string>& source) override {
    std::string sql = "SELECT " + std::string(kBatchColumns) +
                      " FROM batches b JOIN sources s ON s.id = b.source_id";
    PgParams p;
    if (source) {
      sql += " WHERE s.name = $1";
      p.Text(*source);
    }
    sql += " ORDER BY b.id";
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
    std::vector<BatchInfo> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ReadBatch(r, i));
    return out;
  }

  Result<std::optional<BatchInfo>> GetBatch(int64_t batch_id) override {
    PgParams p;
    p.Int(batch_id);
    return OneBatch("b.id = $1", p);
  }

  Result<std::optional<BatchInfo>> FindBatchByHash(const std::string& source_name,
                                                   const std::string& sha256) override {
    PgParams p;
    p.Text(source_name).Text(sha256);
    return OneBatch("s.name = $1 AND b.file_sha256 = $2", p);
  }

  // One transaction per batch, holding the import lock: batches of one store are
  // written one after another (a second importer waits), so each batch's record ids
  // are consecutive. BatchOptions::exclusive is SQLite's and has nothing to do here.
  Result<std::unique_ptr<BatchWriter>> BeginBatch(const SourceInfo& source, const BatchInfo& batch,
                                                  const BatchOptions&) override {
    PgTransaction t(conn_);
    HABEAS_RETURN_IF_ERROR(t.Begin());
    HABEAS_RETURN_IF_ERROR(store::LockStore(conn_, PgStoreLock::kImport));
    const std::string now = clock_->NowIso();
    HABEAS_ASSIGN_OR_RETURN(int64_t source_id, SourceForBatch(source, now));
    PgParams p;
    p.Int(source_id)
        .Text(batch.file_name)
        .Text(batch.file_sha256)
        .Int(static_cast<int64_t>(batch.file_size))
        .TextOrNull(batch.received_date)
        .Text(now)
        .Text(batch.format)
        .Text(batch.encoding)
        .TextOrNull(batch.delimiter)
        .Text(batch.header_json)
        .Text(batch.mapping_toml);
    Result<PgResult> inserted = conn_.Query(
        "INSERT INTO batches (source_id, file_name, file_sha256, file_size, received_date, "
        "imported_at, format, encoding, delimiter, header, mapping) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        p);
    if (!inserted.ok() && inserted.status().code() == StatusCode::kConflict) {
      return Conflict("this file is already imported into source \"" + source.name + "\"");
    }
    if (!inserted.ok()) return inserted.status().WithContext("creating batch");
    const int64_t batch_id = inserted->Int(0, 0);
    HABEAS_ASSIGN_OR_RETURN(int64_t last_record, conn_.QueryInt("SELECT max(id) FROM records"));
    HABEAS_ASSIGN_OR_RETURN(int64_t last_rejected,
                            conn_.QueryInt("SELECT max(id) FROM rejected_rows"));
    // The writer rolls the transaction back if it is dropped; from here it owns it.
    t.Release();
    return std::unique_ptr<BatchWriter>(
        new PgBatchWriter(conn_, batch_id, source_id, last_record + 1, last_rejected + 1, now));
  }

  // --- records

  Result<std::optional<RecordData>> GetRecord(int64_t record_id) override {
    PgParams p;
    p.Int(record_id);
    HABEAS_ASSIGN_OR_RETURN(
        PgResult r,
        conn_.Query("SELECT " + std::string(kRecordColumns) + " FROM records WHERE id = $1", p));
    if (r.rows() == 0) return std::optional<RecordData>();
    HABEAS_ASSIGN_OR_RETURN(RecordData record, ReadRecord(r, 0));
    return std::optional<RecordData>(std::move(record));
  }

  // Pages of at most kRecordPage ids over each id range, in one snapshot: `visit` may
  // call the store. Each page names both ends of its ids, so its cost is bounded
  // whatever the planner knows: with "id > x ORDER BY id LIMIT n" and no statistics yet
  // (a table just filled by COPY), PostgreSQL sorted the whole rest of the table for
  // each page (1M records: 125 s instead of seconds).
  Status ForEachRecord(const RecordFilter& filter,
                       const std::function<bool(const RecordData&)>& visit) override {
    if (NothingAfter(filter)) return Status::Ok();
    ReadSnapshot snapshot(conn_);
    HABEAS_RETURN_IF_ERROR(snapshot.Begin());
    HABEAS_ASSIGN_OR_RETURN(std::vector<IdRange> ranges, RangesFor(filter));
    HABEAS_ASSIGN_OR_RETURN(int64_t max_id, conn_.QueryInt("SELECT max(id) FROM records"));
    int64_t remaining = filter.limit;
    for (const IdRange& range : ranges) {
      int64_t from = std::max(range.first, filter.after_id + 1);
      const int64_t last = std::min(range.last, max_id);
      while (remaining != 0 && from <= last) {
        const int64_t to = last - from < kRecordPage ? last : from + kRecordPage - 1;
        const int64_t page = remaining < 0 ? kRecordPage : std::min(remaining, kRecordPage);
        PgParams p;
        p.Int(from).Int(to).Int(range.batch_id).Int(page);
        HABEAS_ASSIGN_OR_RETURN(
            PgResult r, conn_.QueryBinary("SELECT " + std::string(kRecordColumns) +
                                              " FROM records WHERE id BETWEEN $1 AND $2 AND "
                                              "($3 = 0 OR batch_id = $3) ORDER BY id LIMIT $4",
                                          p));
        for (int i = 0; i < r.rows(); ++i) {
          HABEAS_ASSIGN_OR_RETURN(RecordData record, ReadRecord(r, i));
          if (remaining > 0) --remaining;
          if (!visit(record)) return Status::Ok();
        }
        from = r.rows() == page ? r.Int(r.rows() - 1, 0) + 1 : to + 1;
      }
    }
    return Status::Ok();
  }

  Result<int64_t> CountRecords(const RecordFilter& filter) override {
    if (NothingAfter(filter)) return int64_t{0};
    ReadSnapshot snapshot(conn_);
    HABEAS_RETURN_IF_ERROR(snapshot.Begin());
    HABEAS_ASSIGN_OR_RETURN(std::vector<IdRange> ranges, RangesFor(filter));
    int64_t total = 0;
    for (const IdRange& range : ranges) {
      PgParams p;
      p.Int(std::max(range.first, filter.after_id + 1)).Int(range.last).Int(range.batch_id);
      HABEAS_ASSIGN_OR_RETURN(int64_t n,
                              conn_.QueryInt("SELECT count(*) FROM records WHERE id BETWEEN $1 "
                                             "AND $2 AND ($3 = 0 OR batch_id = $3)",
                                             p));
      total += n;
    }
    if (filter.limit >= 0) total = std::min(total, filter.limit);
    return total;
  }

  Result<std::vector<RejectedRow>> ListRejected(const std::optional<std::string>& source,
                                                int64_t limit) override {
    std::string sql =
        "SELECT r.id, r.batch_id, r.line, r.end_line, r.raw, coalesce(r.field, ''), r.reason "
        "FROM rejected_rows r JOIN batches b ON b.id = r.batch_id "
        "JOIN sources s ON s.id = b.source_id";
    PgParams p;
    if (limit < 0) {
      p.Null();
    } else {
      p.Int(limit);
    }
    if (source) {
      sql += " WHERE s.name = $2";
      p.Text(*source);
    }
    sql += " ORDER BY r.batch_id, r.line LIMIT $1::bigint";
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
    std::vector<RejectedRow> out;
    for (int i = 0; i < r.rows(); ++i) {
      RejectedRow row;
      row.id = r.Int(i, 0);
      row.batch_id = r.Int(i, 1);
      row.line = r.Int(i, 2);
      row.end_line = r.Int(i, 3);
      row.raw = r.Bytes(i, 4);
      row.field = r.Text(i, 5);
      row.reason = r.Text(i, 6);
      out.push_back(std::move(row));
    }
    return out;
  }

  // --- linkage: pg_linkage.cc
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

  // --- ledger (pg_ledger.cc over the backend-neutral ledger_tables.cc). Reads of
  // several statements see one snapshot, so a write committing meanwhile is seen whole
  // or not at all.
  Result<std::vector<ledger::Hash>> LedgerLeafHashes() override {
    return store::PgLedgerDatabase(conn_).ReadLeafHashes();
  }
  Status AddSignedHead(const ledger::SignedHead& head) override {
    return store::PgLedgerDatabase(conn_).InsertHead(head);
  }
  Result<std::vector<ledger::SignedHead>> ListSignedHeads() override {
    return store::PgLedgerDatabase(conn_).ReadHeads();
  }
  Result<LedgerCheck> CheckLedger() override {
    ReadSnapshot snapshot(conn_);
    HABEAS_RETURN_IF_ERROR(snapshot.Begin());
    store::PgLedgerDatabase ledger(conn_);
    return store::CheckLedgerAgainstTables(ledger);
  }
  Result<RecordProofParts> ProveRecordParts(int64_t record_id) override {
    ReadSnapshot snapshot(conn_);
    HABEAS_RETURN_IF_ERROR(snapshot.Begin());
    store::PgLedgerDatabase ledger(conn_);
    return store::ProofPartsOfRecord(ledger, record_id);
  }

  // --- timeline (pg_timeline.cc)
  Result<int64_t> WriteTimeline(const TimelineWrite& write) override {
    return store::PgTimelineWriter(conn_, clock_).WriteTimeline(write);
  }
  Result<std::vector<TimelineWriteInfo>> ListTimelineWrites() override {
    return timeline_.ListTimelineWrites();
  }
  Result<std::vector<Facility>> ListFacilities() override { return timeline_.ListFacilities(); }
  Result<std::vector<Flight>> ListFlights() override { return timeline_.ListFlights(); }
  Status ForEachClaim(const ClaimFilter& f, const std::function<bool(Claim&&)>& visit) override {
    return timeline_.ForEachClaim(f, visit);
  }
  Result<std::vector<StoredOrder>> ListOrders() override { return timeline_.ListOrders(); }

  // PostgreSQL checks its pages and constraints itself; what it cannot know is what
  // the bulk paths keep without a constraint (pg_schema.cc): every record names its
  // batch and that batch's source, and lies in the batch's id range (the record filters
  // read by it); every assignment names a record and a person. Every table is read whole, so a damaged page fails the check (with
  // data checksums on, `initdb -k`).
  Status CheckIntegrity() override {
    ReadSnapshot snapshot(conn_);
    HABEAS_RETURN_IF_ERROR(snapshot.Begin());
    HABEAS_ASSIGN_OR_RETURN(
        PgResult tables,
        conn_.Query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "ORDER BY tablename"));
    for (int i = 0; i < tables.rows(); ++i) {
      const std::string table = tables.Text(i, 0);
      HABEAS_RETURN_IF_ERROR(
          conn_.Query("SELECT count(*) FROM \"" + table + "\"").status().WithContext(table));
    }
    HABEAS_ASSIGN_OR_RETURN(
        PgResult outside,
        conn_.Query("SELECT r.id FROM records r LEFT JOIN batches b ON b.id = r.batch_id "
                    "WHERE b.id IS NULL OR r.source_id <> b.source_id OR "
                    "b.first_record_id IS NULL OR r.id NOT BETWEEN b.first_record_id AND "
                    "b.last_record_id ORDER BY r.id LIMIT 10"));
    if (outside.rows() != 0) {
      std::string ids;
      for (int i = 0; i < outside.rows(); ++i) ids += (i ? ", " : "") + outside.Text(i, 0);
      return DataLoss("store integrity check failed: records outside their batch (a batch "
                      "that does not exist, another source, or outside its id range): " +
                      ids + (outside.rows() == 10 ? ", ..." : ""));
    }
    HABEAS_ASSIGN_OR_RETURN(
        PgResult unassignable,
        conn_.Query("SELECT rp.record_id FROM record_persons rp "
                    "LEFT JOIN records r ON r.id = rp.record_id "
                    "LEFT JOIN persons p ON p.id = rp.person_id "
                    "WHERE r.id IS NULL OR p.id IS NULL ORDER BY rp.record_id LIMIT 10"));
    if (unassignable.rows() != 0) {
      std::string ids;
      for (int i = 0; i < unassignable.rows(); ++i) {
        ids += (i ? ", " : "") + unassignable.Text(i, 0);
      }
      return DataLoss("store integrity check failed: assignments naming a record or a person "
                      "that does not exist (record ids): " +
                      ids + (unassignable.rows() == 10 ? ", ..." : ""));
    }
    return Status::Ok();
  }

 private:
  // The store lives in the connection's current schema: the first of search_path that
  // exists.
  Status CheckSchema() {
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query("SELECT current_schema()"));
    if (r.rows() == 0 || r.IsNull(0, 0)) {
      return InvalidInput(name_ +
                          ": no schema of its search_path exists; create it (CREATE SCHEMA) "
                          "or name one that does");
    }
    return Status::Ok();
  }

  Status CheckEncoding() {
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query("SHOW server_encoding"));
    const std::string encoding = r.rows() ? r.Text(0, 0) : "";
    if (encoding != "UTF8") {
      return InvalidInput(name_ + ": the database's encoding is " + encoding +
                          "; Habeas needs a UTF8 database (createdb -E UTF8 -T template0)");
    }
    return Status::Ok();
  }

  // 0 for an empty schema; kInvalidInput for a schema holding another application's
  // tables (never migrated into a store, nothing changed).
  Result<int> StoredVersion() {
    HABEAS_ASSIGN_OR_RETURN(
        int64_t has_migrations,
        conn_.QueryInt("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                       "tablename = 'schema_migrations'"));
    if (has_migrations == 0) {
      HABEAS_ASSIGN_OR_RETURN(
          int64_t tables,
          conn_.QueryInt("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"));
      if (tables != 0) {
        return InvalidInput(name_ +
                            " holds tables but no Habeas store; give the store's URL with --db "
                            "(nothing was changed)");
      }
      return 0;
    }
    HABEAS_ASSIGN_OR_RETURN(int64_t version,
                            conn_.QueryInt("SELECT max(version) FROM schema_migrations"));
    return static_cast<int>(version);
  }

  Status CheckReadable(int version) {
    const int latest = store::PgMigrations().back().version;
    if (version == 0) {
      return InvalidInput(name_ + " holds no Habeas store (`habeas import` creates one)");
    }
    if (version > latest) return NewerThanThisBuild(version, latest);
    if (version < latest) {
      return InvalidInput("the store has schema version " + std::to_string(version) +
                          " and this habeas reads version " + std::to_string(latest) +
                          "; run `habeas migrate` (or any command that writes) once");
    }
    schema_version_ = latest;
    return Status::Ok();
  }

  static Status NewerThanThisBuild(int version, int latest) {
    return InvalidInput("the store has schema version " + std::to_string(version) +
                        ", newer than this habeas understands (" + std::to_string(latest) +
                        "); upgrade habeas");
  }

  // Each missing migration in its own transaction, under the migration lock (another
  // process may have applied it while we waited).
  Status Migrate(int version) {
    const auto migrations = store::PgMigrations();
    const int latest = migrations.back().version;
    if (version > latest) return NewerThanThisBuild(version, latest);
    for (const store::PgMigration& m : migrations) {
      if (m.version <= version) continue;
      Status s = ApplyMigration(m);
      if (!s.ok()) {
        return s.WithContext("migrating the store to schema version " + std::to_string(m.version));
      }
    }
    schema_version_ = latest;
    return Status::Ok();
  }

  Status ApplyMigration(const store::PgMigration& m) {
    PgTransaction t(conn_);
    HABEAS_RETURN_IF_ERROR(t.Begin());
    HABEAS_RETURN_IF_ERROR(store::LockStore(conn_, PgStoreLock::kMigrate));
    HABEAS_ASSIGN_OR_RETURN(int now_at, StoredVersion());
    if (now_at >= m.version) return Status::Ok();  // rolled back: nothing was written
    if (!m.sql.empty()) HABEAS_RETURN_IF_ERROR(conn_.Exec(m.sql));
    if (m.backfill != nullptr) HABEAS_RETURN_IF_ERROR(m.backfill(conn_, clock_->NowIso()));
    PgParams p;
    p.Int(m.version).Text(store::Migrations()[m.version - 1].description).Text(clock_->NowIso());
    HABEAS_RETURN_IF_ERROR(
        conn_
            .Query("INSERT INTO schema_migrations (version, description, applied_at) "
                   "VALUES ($1, $2, $3)",
                   p)
            .status());
    return t.Commit();
  }

  Result<std::optional<BatchInfo>> OneBatch(const std::string& where, const PgParams& p) {
    HABEAS_ASSIGN_OR_RETURN(PgResult r,
                            conn_.Query("SELECT " + std::string(kBatchColumns) +
                                            " FROM batches b JOIN sources s ON s.id = "
                                            "b.source_id WHERE " +
                                            where,
                                        p));
    if (r.rows() == 0) return std::optional<BatchInfo>();
    return std::optional<BatchInfo>(ReadBatch(r, 0));
  }

  // The source's id, created if new; kConflict if it exists with another kind.
  Result<int64_t> SourceForBatch(const SourceInfo& source, const std::string& now) {
    PgParams find;
    find.Text(source.name);
    HABEAS_ASSIGN_OR_RETURN(PgResult r,
                            conn_.Query("SELECT id, kind FROM sources WHERE name = $1", find));
    if (r.rows() == 0) {
      PgParams ins;
      ins.Text(source.name).Text(SourceKindName(source.kind)).Text(source.description).Text(now);
      HABEAS_ASSIGN_OR_RETURN(
          PgResult id,
          conn_.Query("INSERT INTO sources (name, kind, description, created_at) "
                      "VALUES ($1, $2, $3, $4) RETURNING id",
                      ins));
      return id.Int(0, 0);
    }
    const int64_t source_id = r.Int(0, 0);
    const std::string kind = r.Text(0, 1);
    if (kind != SourceKindName(source.kind)) {
      return Conflict("source \"" + source.name + "\" already exists with kind \"" + kind +
                      "\", not \"" + std::string(SourceKindName(source.kind)) +
                      "\"; fix the mapping's [source] kind or choose another name");
    }
    if (!source.description.empty()) {
      PgParams upd;
      upd.Text(source.description).Int(source_id);
      HABEAS_RETURN_IF_ERROR(
          conn_.Query("UPDATE sources SET description = $1 WHERE id = $2", upd).status());
    }
    return source_id;
  }

  // Names in byte order (COLLATE "C"), as SQLite sorts them, whatever the database's
  // collation.
  Result<std::vector<SourceInfo>> QuerySources(const std::optional<std::string>& name) {
    std::string sql =
        "SELECT s.id, s.name, s.kind, s.description, s.created_at, "
        "(SELECT count(*) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT coalesce(sum(rows_imported), 0) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT coalesce(sum(rows_rejected), 0) FROM batches b WHERE b.source_id = s.id), "
        "(SELECT coalesce(max(coalesce(received_date, '')), '') FROM batches b "
        "WHERE b.source_id = s.id) FROM sources s";
    PgParams p;
    if (name) {
      sql += " WHERE s.name = $1";
      p.Text(*name);
    }
    sql += " ORDER BY s.name COLLATE \"C\"";
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
    std::vector<SourceInfo> out;
    for (int i = 0; i < r.rows(); ++i) {
      SourceInfo info;
      info.id = r.Int(i, 0);
      info.name = r.Text(i, 1);
      Result<SourceKind> kind = ParseSourceKind(r.Text(i, 2));
      info.kind = kind.ok() ? *kind : SourceKind::kOther;
      info.description = r.Text(i, 3);
      info.created_at = r.Text(i, 4);
      info.batch_count = r.Int(i, 5);
      info.record_count = r.Int(i, 6);
      info.rejected_count = r.Int(i, 7);
      info.last_received = r.Text(i, 8);
      out.push_back(std::move(info));
    }
    return out;
  }

  struct IdRange {
    int64_t first;
    int64_t last;
    int64_t batch_id;  // 0: any batch
  };

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
    PgParams p;
    if (f.source) {
      p.Text(*f.source);
      sql += " AND s.name = $" + std::to_string(p.size());
    }
    if (f.batch_id) {
      p.Int(*f.batch_id);
      sql += " AND b.id = $" + std::to_string(p.size());
    }
    sql += " ORDER BY b.first_record_id";
    HABEAS_ASSIGN_OR_RETURN(PgResult r, conn_.Query(sql, p));
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.Int(i, 1), r.Int(i, 2), r.Int(i, 0)});
    return out;
  }

  PgConnection conn_;
  const Clock* clock_;
  store::PgLinkage linkage_;
  store::PgTimelineReader timeline_;
  std::string name_;  // for messages: the URL without its password
  int schema_version_ = 0;
};

}  // namespace

std::string RedactedStoreUrl(std::string_view url) {
  std::string out(url);
  // postgresql://user:secret@host/...: the secret goes.
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&...
  for (size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    const size_t value = pos + 9;
    const size_t end = out.find('&', value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const SqliteOptions& options) {
  const std::string name = RedactedStoreUrl(url);
  Result<PgConnection> conn = PgConnection::Connect(url);
  if (!conn.ok()) return conn.status().WithContext(name);
  const Clock* clock = options.clock != nullptr ? options.clock : &Clock::System();
  auto store = std::make_unique<PgStore>(std::move(conn).value(), clock, name);
  HABEAS_RETURN_IF_ERROR(store->Initialise(options));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace habeas
