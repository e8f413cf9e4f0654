// CopyStore (habeas/store_copy.h): open both stores as stores (schema checked, target
// created and migrated), copy the tables (store/table_copy.h), then check the arrival.
#include "habeas/store_copy.h"

#include "habeas/ledger_store.h"
#include "habeas/store.h"
#include "store/table_copy.h"

namespace habeas {
namespace {

// The source must be a current store, and the target one too (created or migrated
// here); both are closed again before the rows move on their own connections.
Status PrepareStores(const std::string& from, const std::string& to) {
  SqliteOptions read_only;
  read_only.access = StoreAccess::kReadOnly;
  HABEAS_RETURN_IF_ERROR(OpenStore(from, read_only).status().WithContext("--from"));
  HABEAS_RETURN_IF_ERROR(OpenStore(to).status().WithContext("--to"));
  return Status::Ok();
}

Status CopyRows(const std::string& from, const std::string& to, StoreCopyReport* report) {
  HABEAS_ASSIGN_OR_RETURN(auto source, store::OpenTableSource(from));
  HABEAS_ASSIGN_OR_RETURN(auto target, store::OpenTableTarget(to));
  std::vector<store::TableRowCount> counts;
  Status s = store::CopyTables(*source, *target, &counts);
  for (store::TableRowCount& c : counts) {
    report->tables.push_back({std::move(c.table), c.read, c.written});
  }
  return s;
}

// The target as `habeas verify` and `habeas check-store` see it. A backend without a
// ledger yet answers kUnavailable: reported, not a failure.
Status CheckArrival(const std::string& to, StoreCopyReport* report) {
  SqliteOptions read_only;
  read_only.access = StoreAccess::kReadOnly;
  HABEAS_ASSIGN_OR_RETURN(auto store, OpenStore(to, read_only));
  Result<LedgerReport> ledger = VerifyLedger(*store, VerifyOptions{});
  if (ledger.ok()) {
    report->ledger = LedgerOnArrival::kVerified;
    report->ledger_entries = ledger->entries;
  } else if (ledger.status().code() == StatusCode::kUnavailable) {
    report->ledger = LedgerOnArrival::kUnavailable;
  } else {
    report->ledger = LedgerOnArrival::kFailed;
    return ledger.status().WithContext(
        "the copy holds every row of the source, but its ledger does not verify: the "
        "source holds rows its ledger does not cover or match (written before that store "
        "logged its writes, or changed behind Habeas's back)");
  }
  HABEAS_RETURN_IF_ERROR(store->CheckIntegrity().WithContext("the copy's integrity check"));
  report->integrity_checked = true;
  return Status::Ok();
}

}  // namespace

StoreCopyReport CopyStore(const std::string& from, const std::string& to) {
  StoreCopyReport report;
  report.status = PrepareStores(from, to);
  if (report.status.ok()) report.status = CopyRows(from, to, &report);
  if (!report.status.ok()) return report;
  report.committed = true;
  report.status = CheckArrival(to, &report);
  return report;
}

}  // namespace habeas
