// QueryBatchReader and SearchForgivingBadFields (habeas/search.h): the queries of
// `habeas find --batch`, and a query never lost to a bad date or id.
#include <string>
#include <utility>

#include "common/csv_reader.h"
#include "habeas/byte_source.h"
#include "habeas/search.h"

namespace habeas::search {
namespace {

// The header's columns; -1 for a column it lacks.
struct QueryColumns {
  int id = -1;
  int text = -1;
  int birth_date = -1;
  int national_id = -1;
};

QueryColumns FindColumns(const CsvRow& header) {
  QueryColumns c;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const int index = static_cast<int>(i);
    if (header.fields[i] == "query_id") c.id = index;
    if (header.fields[i] == "query_text") c.text = index;
    if (header.fields[i] == "dob") c.birth_date = index;
    if (header.fields[i] == "national_id") c.national_id = index;
  }
  return c;
}

// Field `column` of `row`, empty when the row is shorter or the column absent.
std::string FieldOf(const CsvRow& row, int column) {
  return column >= 0 && static_cast<size_t>(column) < row.fields.size()
             ? std::string(row.fields[column])
             : std::string();
}

}  // namespace

struct QueryBatchReader::State {
  std::string path;
  std::unique_ptr<FileSource> file;
  CsvReader reader;
  QueryColumns columns;
  bool has_header = false;

  State(std::string p, std::unique_ptr<FileSource> f)
      : path(std::move(p)), file(std::move(f)), reader(file.get(), CsvDialect{','}) {}

  // Reads a row; false at the end; kInvalidInput naming the line for a broken row.
  Result<bool> ReadRow(CsvRow* row) {
    HABEAS_ASSIGN_OR_RETURN(bool more, reader.Next(row));
    if (more && !row->problem.empty()) {
      return InvalidInput(path + ":" + std::to_string(row->line) + ": " + row->problem);
    }
    return more;
  }
};

QueryBatchReader::QueryBatchReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
QueryBatchReader::~QueryBatchReader() = default;

Result<std::unique_ptr<QueryBatchReader>> QueryBatchReader::Open(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<FileSource> file, FileSource::Open(path));
  auto state = std::make_unique<State>(path, std::move(file));
  CsvRow header;
  HABEAS_ASSIGN_OR_RETURN(state->has_header, state->ReadRow(&header));
  if (state->has_header) {
    state->columns = FindColumns(header);
    if (state->columns.id < 0 || state->columns.text < 0) {
      return InvalidInput(path + ":" + std::to_string(header.line) +
                          ": expected a header query_id,query_text[,dob][,national_id]");
    }
  }
  return std::unique_ptr<QueryBatchReader>(new QueryBatchReader(std::move(state)));
}

Result<bool> QueryBatchReader::Next(BatchQuery* out) {
  if (!state_->has_header) return false;
  CsvRow row;
  HABEAS_ASSIGN_OR_RETURN(bool more, state_->ReadRow(&row));
  if (!more) return false;
  const QueryColumns& c = state_->columns;
  out->query_id = FieldOf(row, c.id);
  out->query = SearchQuery{FieldOf(row, c.text), FieldOf(row, c.birth_date),
                           FieldOf(row, c.national_id)};
  out->line = row.line;
  return true;
}

Result<SearchResponse> SearchForgivingBadFields(const LocatorIndex& index, SearchQuery query,
                                                const SearchOptions& options,
                                                std::vector<CandidateFeatures>* features,
                                                std::string* warning) {
  warning->clear();
  Result<SearchResponse> response = index.SearchWithFeatures(query, options, features);
  if (response.ok() || response.status().code() != StatusCode::kInvalidInput ||
      (query.birth_date.empty() && query.id.empty())) {
    return response;
  }
  *warning = response.status().message();
  query.birth_date.clear();
  if (IdentifierDigitsCount(query.id) < 5) query.id.clear();
  return index.SearchWithFeatures(query, options, features);
}

}  // namespace habeas::search
