// ListUnparsedFields and CountUnparsed: the unparsed fields kept in records' notes.
// See include/habeas/ingest.h.
#include <map>

#include "habeas/ingest.h"

namespace habeas {

Result<std::vector<UnparsedFieldRow>> ListUnparsedFields(Store& store,
                                                         const std::optional<std::string>& source,
                                                         int64_t limit) {
  std::vector<UnparsedFieldRow> out;
  std::map<int64_t, BatchInfo> batches;
  Status lookup = Status::Ok();
  RecordFilter filter;
  filter.source = source;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord(filter, [&](const RecordData& record) {
    std::vector<UnparsedField> fields = UnparsedFields(record);
    if (fields.empty()) return true;
    auto batch = batches.find(record.batch_id);
    if (batch == batches.end()) {
      Result<std::optional<BatchInfo>> b = store.GetBatch(record.batch_id);
      if (!b.ok()) {
        lookup = b.status();
        return false;
      }
      batch = batches.emplace(record.batch_id, b->value_or(BatchInfo{})).first;
    }
    for (UnparsedField& f : fields) {
      if (limit >= 0 && static_cast<int64_t>(out.size()) >= limit) return false;
      out.push_back({record.id, record.batch_id, batch->second.source_name, batch->second.file_name,
                     record.line, record.source_record_id, std::move(f)});
    }
    return true;
  }));
  HABEAS_RETURN_IF_ERROR(lookup);
  return out;
}

Result<UnparsedCounts> CountUnparsed(Store& store, int64_t batch_id) {
  UnparsedCounts counts;
  RecordFilter filter;
  filter.batch_id = batch_id;
  HABEAS_RETURN_IF_ERROR(store.ForEachRecord(filter, [&](const RecordData& record) {
    const size_t n = UnparsedFields(record).size();
    counts.rows += n > 0;
    counts.fields += static_cast<int64_t>(n);
    return true;
  }));
  return counts;
}

}  // namespace habeas
