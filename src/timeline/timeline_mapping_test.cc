#include "timeline/timeline_mapping.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace habeas::timeline {
namespace {

constexpr char kPath[] = "claims.toml";

// A claims mapping that parses; error cases below change one part of it.
constexpr char kClaimsMapping[] = R"([source]
name = "manifest_leak"
kind = "leak"
time_zone = "America/New_York"

[subject]
source = "ice_list"
source_record_id = "id"

[[claims]]
kind = "removal"
at = "departed"
flight = "flight"
confidence = 0.9

[[claims]]
kind = { column = "event", map = { "Subió" = "removal", "Llegó" = "arrival" } }
at = "when"
time_zone = { column = "tz" }
only_if = "when"
)";

TEST(ParseTimelineMappingTest, AClaimsMappingReadsSourceSubjectAndClaims) {
  const Result<TimelineMapping> m = ParseTimelineMapping(kClaimsMapping, kPath);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->role, MappingRole::kClaims);
  EXPECT_EQ(m->source.name, "manifest_leak");
  EXPECT_EQ(m->source.kind, SourceKind::kLeak);
  EXPECT_EQ(m->default_time_zone, "America/New_York");
  EXPECT_EQ(m->subject.mode, SubjectMode::kRecordOfSource);
  EXPECT_EQ(m->subject.source, "ice_list");
  EXPECT_EQ(m->subject.column, "id");
  EXPECT_EQ(m->subject.line, 6);
  ASSERT_EQ(m->claims.size(), 2u);

  const ClaimSpec& removal = m->claims[0];
  EXPECT_EQ(removal.number, 1);
  EXPECT_EQ(removal.line, 10);
  EXPECT_EQ(removal.kind.constant, "removal");
  EXPECT_EQ(removal.at.column, "departed");
  EXPECT_EQ(removal.at.line, 12);
  EXPECT_EQ(removal.flight.column, "flight");
  // The source's zone is the default for a claim that names none.
  EXPECT_EQ(removal.time_zone.constant, "America/New_York");
  EXPECT_EQ(std::atof(removal.confidence.constant.c_str()), 0.9);

  const ClaimSpec& mapped = m->claims[1];
  EXPECT_EQ(mapped.number, 2);
  EXPECT_EQ(mapped.kind.column, "event");
  // Map keys are folded: accents and case do not matter.
  EXPECT_EQ(mapped.kind.map.at("subio"), "removal");
  EXPECT_EQ(mapped.kind.map.at("llego"), "arrival");
  EXPECT_EQ(mapped.time_zone.column, "tz");
  EXPECT_EQ(mapped.only_if, "when");
}

TEST(ParseTimelineMappingTest, NamedColumnsListEveryColumnWithItsLine) {
  const Result<TimelineMapping> m = ParseTimelineMapping(kClaimsMapping, kPath);
  ASSERT_TRUE(m.ok()) << m.status().message();
  const std::vector<std::pair<std::string, int>> want = {
      {"departed", 12}, {"flight", 13}, {"event", 17}, {"when", 18},
      {"tz", 19},       {"when", 16},   {"id", 6},
  };
  EXPECT_EQ(NamedColumns(*m), want);
}

TEST(ParseTimelineMappingTest, AnEntityMappingReadsItsColumns) {
  const Result<TimelineMapping> m = ParseTimelineMapping(R"([source]
name = "facilities"
kind = "ngo"

[entity]
kind = "facility"

[columns]
name = "Nombre"
aliases = "Alias"
place = { column = "Lugar" }
country = { value = "El Salvador" }
)",
                                                        "facilities.toml");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->role, MappingRole::kEntities);
  EXPECT_EQ(m->entity, EntityKind::kFacility);
  EXPECT_EQ(m->entity_columns.at("name").column, "Nombre");
  EXPECT_EQ(m->entity_columns.at("place").column, "Lugar");
  EXPECT_EQ(m->entity_columns.at("country").constant, "El Salvador");
  EXPECT_TRUE(m->claims.empty());
}

TEST(ParseTimelineMappingTest, AListMappingReadsOnlyItsClaims) {
  const Result<TimelineMapping> m = ParseTimelineMapping(R"([source]
name = "ice_list"
kind = "government"
record_id = "A-Number"
delimiter = ";"
format = "csv"
encoding = "windows-1252"

[columns]
full_name = "Nombre"

[[claims]]
kind = "book_in"
at = "Ingreso"
facility = "Centro"
)",
                                                        "list.toml");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->role, MappingRole::kList);
  EXPECT_EQ(m->delimiter, ';');
  EXPECT_EQ(m->format, "csv");
  ASSERT_TRUE(m->encoding.has_value());
  ASSERT_EQ(m->claims.size(), 1u);
  EXPECT_EQ(m->claims[0].facility.column, "Centro");
  EXPECT_TRUE(m->entity_columns.empty()) << "[columns] of a list belongs to the importer";
}

struct ErrorCase {
  std::string name;
  std::string text;
  std::string message;  // the whole message
};

class TimelineMappingErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(TimelineMappingErrorTest, SaysWhatAndWhere) {
  const Result<TimelineMapping> m = ParseTimelineMapping(GetParam().text, kPath);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(m.status().message(), GetParam().message);
}

constexpr char kSource[] = "[source]\nname = \"s\"\nkind = \"leak\"\n";
constexpr char kSubject[] = "[subject]\nrecord = \"rid\"\n";

std::string Claims(const std::string& body) {
  return std::string(kSource) + kSubject + "[[claims]]\n" + body;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TimelineMappingErrorTest,
    ::testing::Values(
        ErrorCase{"NoSource", "[subject]\nrecord = \"r\"\n[[claims]]\nkind = \"removal\"\n",
                  "claims.toml: missing [source] table (name and kind)"},
        ErrorCase{"SourceWithoutName", "[source]\nkind = \"leak\"\n",
                  "claims.toml: [source] needs a name"},
        ErrorCase{"BadSourceKind", "[source]\nname = \"s\"\nkind = \"rumour\"\n",
                  "claims.toml:3: source kind \"rumour\" is not one of government, leak, "
                  "family, court, ngo, media, other"},
        ErrorCase{"BadFormat", std::string(kSource) + "format = \"xml\"\n",
                  "claims.toml:4: format must be \"csv\" or \"jsonl\""},
        ErrorCase{"BadDelimiter", std::string(kSource) + "delimiter = \"|\"\n",
                  "claims.toml:4: delimiter must be \",\", \";\" or \"tab\""},
        ErrorCase{"UnknownSourceKey", std::string(kSource) + "owner = \"x\"\n",
                  "claims.toml:4: unknown key \"owner\" in [source]"},
        ErrorCase{"BothEntityAndSubject",
                  std::string(kSource) + kSubject + "[entity]\nkind = \"facility\"\n",
                  "claims.toml: a mapping has [entity] (facilities, flights) or [subject] "
                  "(claims), not both"},
        ErrorCase{"UnknownTableInClaimsMapping",
                  std::string(kSource) + kSubject + "[columns]\nx = \"y\"\n",
                  "claims.toml:6: unknown table [columns] in a claims mapping (expected "
                  "[source], [subject], [[claims]])"},
        ErrorCase{"SubjectTwoWays",
                  std::string(kSource) + "[subject]\nrecord = \"a\"\nperson = \"b\"\n",
                  "claims.toml:4: [subject] names who each row is about in one way: source = "
                  "\"list\" with source_record_id = \"column\", or record = \"column\" (store "
                  "record ids), or person = \"column\" (P000123)"},
        ErrorCase{"SubjectSourceWithoutId",
                  std::string(kSource) + "[subject]\nsource = \"a\"\n",
                  "claims.toml:4: [subject] names who each row is about in one way: source = "
                  "\"list\" with source_record_id = \"column\", or record = \"column\" (store "
                  "record ids), or person = \"column\" (P000123)"},
        ErrorCase{"SubjectNotAString", std::string(kSource) + "[subject]\nrecord = 3\n",
                  "claims.toml:5: record must be a string"},
        ErrorCase{"ClaimsMappingWithoutClaims", std::string(kSource) + kSubject,
                  "claims.toml: a claims mapping needs at least one [[claims]] table"},
        ErrorCase{"ClaimWithoutKind", Claims("at = \"when\"\n"),
                  "claims.toml:6: [[claims]] number 1 has no kind (e.g. kind = \"removal\")"},
        ErrorCase{"UnknownClaimKey", Claims("kind = \"removal\"\nwhen = \"w\"\n"),
                  "claims.toml:8: unknown key \"when\" in [[claims]] (expected kind, at, "
                  "time_zone, facility, flight, authority, item, value, language, note, "
                  "confidence, only_if)"},
        ErrorCase{"ConstantKindUnknown", Claims("kind = { value = \"deportation\" }\n"),
                  "claims.toml:7: \"deportation\" is not a claim kind (expected one of "
                  "arrest, book_in, transfer, removal, arrival, release, repatriation, death, "
                  "designation, notice, charge, conviction, petition, hearing, evidence, "
                  "counter_evidence, attribute)"},
        ErrorCase{"ConfidenceOutOfRange", Claims("kind = \"removal\"\nconfidence = 1.5\n"),
                  "claims.toml:8: confidence must be between 0 and 1"},
        ErrorCase{"EmptyColumnName", Claims("kind = \"removal\"\nat = \"\"\n"),
                  "claims.toml:8: at: empty column name"},
        ErrorCase{"ValueSpecNotATable", Claims("kind = \"removal\"\nat = [\"a\"]\n"),
                  "claims.toml:8: at must be a column name (\"column\") or { value = \"...\" } "
                  "or { column = \"...\", map = { ... } }"},
        ErrorCase{"ValueSpecBothColumnAndValue",
                  Claims("kind = \"removal\"\nat = { column = \"a\", value = \"b\" }\n"),
                  "claims.toml:8: at needs exactly one of column = \"...\" or value = \"...\""},
        ErrorCase{"ValueSpecNeither", Claims("kind = \"removal\"\nat = { map = { a = \"b\" } }\n"),
                  "claims.toml:8: at needs exactly one of column = \"...\" or value = \"...\""},
        ErrorCase{"ValueSpecUnknownKey",
                  Claims("kind = \"removal\"\nat = { col = \"a\" }\n"),
                  "claims.toml:8: unknown key \"col\" in at (expected column, value or map)"},
        ErrorCase{"MapValueNotAString",
                  Claims("kind = { column = \"k\", map = { a = 1 } }\n"),
                  "claims.toml:7: kind.map values must be strings"},
        ErrorCase{"OnlyIfNotAColumn", Claims("kind = \"removal\"\nonly_if = 1\n"),
                  "claims.toml:8: only_if must be a column"},
        // A root key must come before the first table, or it belongs to that table.
        ErrorCase{"ClaimsNotTables",
                  "claims = [1]\n" + std::string(kSource) + kSubject,
                  "claims.toml:1: claims must be [[claims]] tables"},
        ErrorCase{"EntityWithoutKind", std::string(kSource) + "[entity]\n[columns]\nname = \"n\"\n",
                  "claims.toml: [entity] needs kind = \"facility\" or \"flight\""},
        ErrorCase{"EntityKindUnknown",
                  std::string(kSource) + "[entity]\nkind = \"prison\"\n[columns]\nname = \"n\"\n",
                  "claims.toml:5: entity kind \"prison\" is not known (expected \"facility\" or "
                  "\"flight\")"},
        ErrorCase{"EntityUnknownKey",
                  std::string(kSource) + "[entity]\nkind = \"flight\"\nsize = 3\n",
                  "claims.toml:6: unknown key \"size\" in [entity] (expected kind)"},
        ErrorCase{"EntityWithoutColumns", std::string(kSource) + "[entity]\nkind = \"flight\"\n",
                  "claims.toml: missing [columns] table (entity field = column)"},
        ErrorCase{"FlightFieldUnknown",
                  std::string(kSource) + "[entity]\nkind = \"flight\"\n[columns]\npilot = \"p\"\n",
                  "claims.toml:7: \"pilot\" is not a flight field (expected aliases, "
                  "arrival_place, arrival_time, arrival_time_zone, carrier, departure_place, "
                  "departure_time, departure_time_zone, number, tail)"},
        ErrorCase{"FlightWithoutNumber",
                  std::string(kSource) + "[entity]\nkind = \"flight\"\n[columns]\ntail = \"t\"\n",
                  "claims.toml: [columns] needs number for a flight file"},
        ErrorCase{"FacilityWithoutName",
                  std::string(kSource) + "[entity]\nkind = \"facility\"\n[columns]\nplace = \"p\"\n",
                  "claims.toml: [columns] needs name for a facility file"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

TEST(ParseTimelineMappingTest, ABadZoneOrBadTomlNamesTheLine) {
  const Result<TimelineMapping> zone =
      ParseTimelineMapping(Claims("kind = \"removal\"\ntime_zone = \"Mars/Olympus\"\n"), kPath);
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().message().rfind("claims.toml:8: ", 0), 0u) << zone.status().message();
  EXPECT_NE(zone.status().message().find("Mars/Olympus"), std::string::npos);

  const Result<TimelineMapping> toml = ParseTimelineMapping("[source\nname = 1\n", kPath);
  ASSERT_FALSE(toml.ok());
  EXPECT_EQ(toml.status().message().rfind("claims.toml:1: ", 0), 0u) << toml.status().message();
  EXPECT_NE(toml.status().message().find("(the mapping is TOML; see docs/formats.md)"),
            std::string::npos);
}

// --- ValueOf and ClaimFromRow

Row MakeRow(std::map<std::string, std::string> columns, int64_t line = 7) {
  Row row;
  row.columns = std::move(columns);
  row.line = line;
  row.raw = "the,row";
  return row;
}

TEST(ValueOfTest, ReadsTrimsAndMapsAColumnOrGivesTheConstant) {
  ValueSpec column;
  column.column = "c";
  EXPECT_EQ(ValueOf(column, MakeRow({{"c", "  x y \t"}})), "x y");
  EXPECT_EQ(ValueOf(column, MakeRow({{"other", "x"}})), "");
  ValueSpec constant;
  constant.constant = "removal";
  EXPECT_EQ(ValueOf(constant, MakeRow({{"c", "x"}})), "removal");
  ValueSpec mapped;
  mapped.column = "c";
  mapped.map = {{"subio", "removal"}};
  EXPECT_EQ(ValueOf(mapped, MakeRow({{"c", " SUBIÓ "}})), "removal");
  EXPECT_EQ(ValueOf(mapped, MakeRow({{"c", "bajó"}})), "bajó") << "unmapped text is kept";
  EXPECT_EQ(ValueOf(mapped, MakeRow({{"c", "   "}})), "");
}

class ClaimFromRowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<TimelineMapping> m = ParseTimelineMapping(kClaimsMapping, kPath);
    ASSERT_TRUE(m.ok()) << m.status().message();
    mapping_ = *m;
  }

  Claim Make(size_t spec, const Row& row) {
    problems_.clear();
    return ClaimFromRow(mapping_.claims[spec], row, mapping_, "leak.csv", &problems_, &skip_);
  }

  TimelineMapping mapping_;
  std::vector<std::string> problems_;
  bool skip_ = false;
};

TEST_F(ClaimFromRowTest, BuildsTheClaimWithItsSourceAndTime) {
  const Claim c = Make(0, MakeRow({{"departed", "2025-03-15 17:45"}, {"flight", "GlobalX 6143"}}));
  EXPECT_FALSE(skip_);
  EXPECT_TRUE(problems_.empty()) << problems_.front();
  EXPECT_EQ(c.kind, ClaimKind::kRemoval);
  EXPECT_EQ(c.flight, "GlobalX 6143");
  EXPECT_EQ(c.source.source, "manifest_leak");
  EXPECT_EQ(c.source.file, "leak.csv");
  EXPECT_EQ(c.source.line, 7);
  EXPECT_EQ(c.source.raw, "the,row");
  EXPECT_EQ(c.valid.precision, TimePrecision::kMinute);
  EXPECT_EQ(c.valid.earliest, 1742075100);  // 2025-03-15T21:45:00Z (EDT, UTC-4)
  EXPECT_DOUBLE_EQ(c.confidence, 0.9);
}

TEST_F(ClaimFromRowTest, AnUnparsedTimeIsAProblemWithFileAndLineAndKeptInTheNote) {
  const Claim c = Make(0, MakeRow({{"departed", "15 de marzo"}, {"flight", "6143"}}, 12));
  EXPECT_FALSE(skip_);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].rfind("leak.csv:12: claim 1 at (column \"departed\"): ", 0), 0u)
      << problems_[0];
  EXPECT_FALSE(c.valid.known());
  EXPECT_EQ(c.valid.text, "15 de marzo");
  EXPECT_EQ(c.note, "time unparsed: " + problems_[0]);
}

TEST_F(ClaimFromRowTest, ARemovalNeedsAFlightOrATime) {
  Make(0, MakeRow({{"departed", ""}, {"flight", ""}}, 3));
  EXPECT_FALSE(skip_);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0], "leak.csv:3: claim 1: a removal needs a flight or a time (both are empty)");
  Make(0, MakeRow({{"departed", ""}, {"flight", "6143"}}));
  EXPECT_TRUE(problems_.empty());
}

TEST_F(ClaimFromRowTest, MappedKindsOnlyIfAndZonesPerRow) {
  // only_if's column empty: no claim, and no problem.
  Make(1, MakeRow({{"event", "Subió"}, {"when", ""}, {"tz", "UTC"}}));
  EXPECT_TRUE(skip_);
  EXPECT_TRUE(problems_.empty());
  // The kind read through the map, the zone from the row.
  const Claim c = Make(1, MakeRow({{"event", "LLEGÓ"}, {"when", "2025-03-16 02:00"}, {"tz", "UTC"}}));
  EXPECT_FALSE(skip_);
  EXPECT_TRUE(problems_.empty());
  EXPECT_EQ(c.kind, ClaimKind::kArrival);
  EXPECT_EQ(c.valid.earliest, 1742090400);  // 2025-03-16T02:00:00Z
  // An empty kind makes no claim; an unknown one is a problem naming the column.
  Make(1, MakeRow({{"event", ""}, {"when", "2025-03-16"}, {"tz", "UTC"}}));
  EXPECT_TRUE(skip_);
  EXPECT_TRUE(problems_.empty());
  Make(1, MakeRow({{"event", "escaped"}, {"when", "2025-03-16"}, {"tz", "UTC"}}, 9));
  EXPECT_TRUE(skip_);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].rfind("leak.csv:9: claim 2 kind (column \"event\"): \"escaped\" is not a "
                               "claim kind",
                               0),
            0u)
      << problems_[0];
}

TEST_F(ClaimFromRowTest, AKindColumnIsReadInAnyCase) {
  ClaimSpec spec = mapping_.claims[1];
  spec.kind.map.clear();
  spec.only_if.clear();
  const Claim c = ClaimFromRow(spec, MakeRow({{"event", "Book_In"}}), mapping_, "f.csv",
                               &problems_, &skip_);
  EXPECT_FALSE(skip_);
  EXPECT_EQ(c.kind, ClaimKind::kBookIn);
}

TEST_F(ClaimFromRowTest, ConfidenceFromAColumnMustBeANumberFromZeroToOne) {
  ClaimSpec spec = mapping_.claims[0];
  spec.confidence = ValueSpec{"conf", "", {}, 14};
  const std::pair<std::string, double> good[] = {{"0", 0.0}, {"1", 1.0}, {"0.25", 0.25}, {"", 1.0}};
  for (const auto& [text, want] : good) {
    problems_.clear();
    const Claim c = ClaimFromRow(spec, MakeRow({{"flight", "6143"}, {"conf", text}}), mapping_,
                                 "f.csv", &problems_, &skip_);
    EXPECT_TRUE(problems_.empty()) << text;
    EXPECT_DOUBLE_EQ(c.confidence, want) << text;
  }
  for (std::string bad : {"high", "1.01", "-0.1", "0.5x", "."}) {
    problems_.clear();
    const Claim c = ClaimFromRow(spec, MakeRow({{"flight", "6143"}, {"conf", bad}}, 4), mapping_,
                                 "f.csv", &problems_, &skip_);
    ASSERT_EQ(problems_.size(), 1u) << bad;
    EXPECT_EQ(problems_[0], "f.csv:4: claim 1 confidence (column \"conf\"): \"" + bad +
                                "\" is not a number between 0 and 1");
    EXPECT_DOUBLE_EQ(c.confidence, 1.0) << "a bad confidence leaves the default";
  }
}

TEST_F(ClaimFromRowTest, AuthorityAndLanguageAreLowerCased) {
  ClaimSpec spec = mapping_.claims[0];
  spec.kind = ValueSpec{"", "notice", {}, 0};
  spec.authority = ValueSpec{"auth", "", {}, 0};
  spec.language = ValueSpec{"lang", "", {}, 0};
  spec.note = ValueSpec{"note", "", {}, 0};
  const Claim c = ClaimFromRow(spec, MakeRow({{"auth", "AEA"}, {"lang", "EN"}, {"note", "Kept As Is"}}),
                               mapping_, "f.csv", &problems_, &skip_);
  EXPECT_EQ(c.kind, ClaimKind::kNotice);
  EXPECT_EQ(c.authority, "aea");
  EXPECT_EQ(c.language, "en");
  EXPECT_EQ(c.note, "Kept As Is");
}

}  // namespace
}  // namespace habeas::timeline
