#include "orders/scenario_store.h"

#include "habeas/byte_source.h"
#include "habeas/ingest.h"
#include "habeas/orders.h"
#include "habeas/timeline_import.h"

namespace habeas::test_scenario {
namespace {

Status ImportList(Store& store, const std::string& name) {
  ImportOptions o;
  o.file = ScenarioDir() + name + ".csv";
  o.mapping_file = ScenarioDir() + name + ".toml";
  HABEAS_ASSIGN_OR_RETURN(ImportSummary s, ImportFile(store, o));
  if (s.rows_rejected != 0) return Internal(name + ": rows rejected");
  HABEAS_ASSIGN_OR_RETURN(ListClaimsSummary claims, DeriveListClaims(store, s.batch_id));
  if (!claims.messages.empty()) return Internal(name + ": " + claims.messages.front());
  return Status::Ok();
}

Status ImportTimeline(Store& store, const std::string& name) {
  TimelineFileOptions o;
  o.file = ScenarioDir() + name + ".csv";
  o.mapping_file = ScenarioDir() + name + ".toml";
  return ImportTimelineFile(store, o).status();
}

}  // namespace

std::string ScenarioDir() { return std::string(HABEAS_SOURCE_DIR) + "/data/scenarios/march2025/"; }

Result<std::unique_ptr<Store>> LoadScenarioStore(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore(path));
  for (const char* f : {"facilities", "flights"}) HABEAS_RETURN_IF_ERROR(ImportTimeline(*store, f));
  for (const char* f : {"manifest", "complaint", "family_reports", "cecot_registry"}) {
    HABEAS_RETURN_IF_ERROR(ImportList(*store, f));
  }
  for (const char* f : {"ice_detention", "lawyers_list", "validation", "counter_evidence"}) {
    HABEAS_RETURN_IF_ERROR(ImportTimeline(*store, f));
  }
  HABEAS_ASSIGN_OR_RETURN(std::string rules, ReadSmallFile(ScenarioDir() + "orders.rules"));
  HABEAS_RETURN_IF_ERROR(StoreOrders(*store, rules, "orders.rules", "test").status());
  return store;
}

}  // namespace habeas::test_scenario
