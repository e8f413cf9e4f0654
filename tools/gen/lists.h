// The lists (sources) drawn from the population, each in its own style.
//
// A list is a subset of the population captured with a probability that depends on
// the person (their "visibility", whether they were on a flight, whether relatives
// are searching), so lists overlap heterogeneously, as real ones do. The leak is
// built from the manifest's own rows (selection and spelling), so it is dependent
// on the manifest by construction; under Profile::kHard it keeps the selection but
// types every name again from the true name (hard.h). Some lists hold the same person twice (two
// relatives reporting one man).
//
// Styles (see docs/generator.md for columns and rates):
//   manifest        government  CSV ',' UTF-8 CRLF; "SURNAME1 SURNAME2, GIVEN" upper
//                               case without accents; DOB MM/DD/YYYY; A-number; flight
//   leak            leak        CSV ';' Windows-1252 CRLF; "Nombre Apellido"; ages
//   family_reports  family      CSV ',' UTF-8 with BOM; split name columns; nicknames,
//                               phonetic spelling, partial/swapped dates, quoted notes
//   court           court       JSON Lines; caption names, initials ("J.G.G."), cases
//   ngo             ngo         TSV; "Surnames Given"; facility; year-month births
//   list_06 ...     media/other CSV ','; "Given Surname"; ages (when --lists > 5)
//
//   std::vector<ListSpec> specs = MakeListSpecs(5);
//   std::vector<ListOutput> lists = GenerateLists(specs, population, context);
//
// Thread-safety: pure functions of their arguments, except that GenerateLists sets
// Person::lists bits in the population it is given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "corrupt.h"
#include "hard.h"
#include "list_style.h"
#include "population.h"

namespace habeas::gen {

enum class FileFormat : uint8_t { kDelimited, kJsonLines };
enum class Encoding : uint8_t { kUtf8, kUtf8WithBom, kWindows1252 };
enum class LineEnding : uint8_t { kLf, kCrLf };

struct ListSpec {
  std::string name;         // unique source name, e.g. "family_reports"
  std::string kind;         // government | leak | family | court | ngo | media | other
  std::string description;  // for the mapping file
  std::string received;     // YYYY-MM-DD, the date the list was received
  std::string file_name;    // data file, e.g. "family_reports.csv"
  ListStyle style = ListStyle::kGeneric;
  FileFormat format = FileFormat::kDelimited;
  char delimiter = ',';
  Encoding encoding = Encoding::kUtf8;
  LineEnding line_ending = LineEnding::kLf;
  double noise = 1.0;                // multiplies the corruption rates
  std::vector<std::string> columns;  // the first is always "record_id"
  // Canonical field -> source column(s), in mapping-file order.
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
  // Canonical field -> format hint ("DD/MM/YYYY").
  std::vector<std::pair<std::string, std::string>> formats;
};

// The first `count` list specs (count >= 1): the five named styles, then generic
// media/other lists named list_06, list_07, ... Under Profile::kHard the family
// reports gain an `edad` column (relatives who do not know the date give an age).
std::vector<ListSpec> MakeListSpecs(int count, Profile profile = Profile::kDefault);

struct ListRecord {
  uint32_t person = 0;              // index into Population::persons
  std::string sort_key;             // file order
  uint64_t tiebreak = 0;            // file order among equal keys
  std::vector<std::string> values;  // one per ListSpec::columns; values[0] is the record id
};

struct ListOutput {
  const ListSpec* spec = nullptr;
  std::vector<ListRecord> records;  // in file order, record ids assigned
  CorruptionCounts counts;
  uint32_t persons = 0;                  // distinct persons with at least one record
  std::optional<HardListLevels> levels;  // the levels drawn under Profile::kHard
};

struct ListContext {
  uint64_t seed = 1;
  CorruptionRates rates;
  double noise = 1.0;  // global factor on top of each list's own noise
  Profile profile = Profile::kDefault;
};

// Draws every list in `specs` from `population` and sets Person::lists bits.
// The leak style needs a manifest earlier in `specs` (MakeListSpecs guarantees it).
std::vector<ListOutput> GenerateLists(const std::vector<ListSpec>& specs, Population& population,
                                      const ListContext& context);

}  // namespace habeas::gen
