// libFuzzer target: the one CSV reader (src/common/csv_reader.h) over arbitrary bytes.
// A first byte ',', ';' or tab chooses the delimiter (and is not data); otherwise the
// delimiter is detected as the importer does. Invariants: reading in short reads
// gives exactly the rows of reading whole; line numbers grow; every row's raw
// bytes are in the input; reading ends.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/csv_reader.h"
#include "habeas/byte_source.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

struct Row {
  std::vector<std::string> fields;
  std::string raw;
  std::string problem;
  uint64_t line = 0;
  uint64_t end_line = 0;
  bool operator==(const Row&) const = default;
};

std::vector<Row> ReadAll(std::string_view data, char delimiter, size_t max_read) {
  habeas::StringSource source{std::string(data), "fuzz.csv", max_read};
  habeas::CsvReader reader(&source, habeas::CsvDialect{delimiter});
  std::vector<Row> rows;
  habeas::CsvRow row;
  for (;;) {
    habeas::Result<bool> more = reader.Next(&row);
    Check(more.ok());  // a StringSource never fails: problems are rows, not errors
    if (!*more) break;
    Row r{{}, std::string(row.raw), row.problem, row.line, row.end_line};
    for (std::string_view f : row.fields) r.fields.emplace_back(f);
    rows.push_back(std::move(r));
    Check(rows.size() <= data.size() + 1);  // reading ends
  }
  return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  char delimiter = 0;
  if (!data.empty() && (data[0] == ',' || data[0] == ';' || data[0] == '\t')) {
    delimiter = data[0];
    data.remove_prefix(1);
  } else {
    delimiter = habeas::DetectDelimiter(data.substr(0, 65536));
  }
  const std::vector<Row> whole = ReadAll(data, delimiter, 0);
  // Reads of 1-7 bytes for small inputs; larger ones in reads of up to ~500 bytes, which
  // keeps a run over large inputs short (1-byte reads of a long record are linear too:
  // src/ingest/readers_benchmark).
  const size_t max_read = size <= 256 ? 1 + size % 7 : 7 + size % 509;
  const std::vector<Row> short_reads = ReadAll(data, delimiter, max_read);
  Check(whole == short_reads);
  uint64_t last_line = 0;
  size_t after_last_raw = 0;  // each row's bytes come after the previous row's, in order
  for (const Row& r : whole) {
    Check(r.line > last_line && r.end_line >= r.line);
    last_line = r.end_line;
    const size_t at = data.find(r.raw, after_last_raw);
    Check(at != std::string_view::npos);
    after_last_raw = at + r.raw.size();
  }
  return 0;
}
