// The records an estimate reads: which are thin, which are kept, and the tallies.
#include "estimate/store_records.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace habeas::mse {
namespace {

EstimateRecord Record(int64_t id, std::string person, std::string source) {
  EstimateRecord r;
  r.id = id;
  r.person_key = std::move(person);
  r.source = std::move(source);
  r.says = Membership::kIn;
  return r;
}

TEST(RequestFields, CanonicalFieldsOrInvalidInput) {
  StoreEstimateRequest request;
  request.stratify_field = "facility";
  request.where = {*ParsePopulationCondition("region=lara"),
                   *ParsePopulationCondition("source=manifest")};
  auto fields = ParseRequestFields(request);
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->stratum, CanonicalField::kFacility);
  EXPECT_EQ(fields->where.size(), 1u);  // `source` is not a field of the record
  EXPECT_EQ(fields->where.at("region"), CanonicalField::kRegion);
  request.stratify_field = "colour";
  EXPECT_NE(ParseRequestFields(request).status().message().find("--stratify colour"),
            std::string::npos);
}

TEST(CheckListNames, WhereSourceAndUnrecordedNameLists) {
  std::vector<SourceInfo> sources(2);
  sources[0].name = "manifest";
  sources[1].name = "ngo";
  StoreEstimateRequest request;
  request.where = {*ParsePopulationCondition("source=manifest|ngo")};
  EXPECT_TRUE(CheckListNames(sources, request, {"ngo"}).ok());
  EXPECT_EQ(CheckListNames(sources, request, {"court"}).message(),
            "--unrecorded court: no such list");
  request.where = {*ParsePopulationCondition("source=court")};
  EXPECT_EQ(CheckListNames(sources, request, {}).message(),
            "--where source=court: no such list (lists: manifest, ngo)");
}

TEST(MarkThinRecords, OnlyTheOtherListsOfTheEstimateCount) {
  // A thin name with an A-number links where every other list carries A-numbers.
  std::vector<EstimateRecord> records = {Record(1, "P1", "court"), Record(2, "P2", "court")};
  records[0].thin_name = true;
  records[0].identifiers = 1;  // an A-number
  records[1].dated = false;    // a full name without a date or identifier
  const std::map<std::string, ListIdentifiers> per_list = {
      {"court", {2, {1, 0, 0}}}, {"manifest", {10, {10, 0, 0}}}, {"ngo", {10, {0, 0, 0}}}};
  MarkThinRecords(per_list, {{"court", "court"}, {"manifest", "manifest"}}, &records);
  EXPECT_FALSE(records[0].thin);
  EXPECT_TRUE(records[1].thin);
  // With the NGO list in the estimate, the A-number no longer links it.
  MarkThinRecords(per_list, {{"court", "court"}, {"manifest", "manifest"}, {"ngo", "ngo"}},
                  &records);
  EXPECT_TRUE(records[0].thin);
  // Merged with the manifest, the NGO list counts as part of one list that carries them.
  MarkThinRecords(per_list,
                  {{"court", "court"}, {"manifest", "manifest+ngo"}, {"ngo", "manifest+ngo"}},
                  &records);
  EXPECT_TRUE(records[0].thin);  // 10 of 20 records: below 90%
}

TEST(SelectRecords, DropsThinRecordsAndTalliesMembership) {
  std::vector<EstimateRecord> records = {Record(1, "P1", "manifest"), Record(2, "P1", "ngo"),
                                         Record(3, "P2", "ngo"), Record(4, "P3", "court")};
  records[1].says = Membership::kUnknown;
  records[2].says = Membership::kOut;
  records[3].thin = true;
  records[3].thin_name = true;
  const RecordSelection dropped = SelectRecords(records, true, UnlinkableRecords::kDrop);
  EXPECT_EQ(dropped.kept.size(), 3u);
  EXPECT_EQ(dropped.dropped.at("court").thin, 1);
  EXPECT_EQ(dropped.dropped.at("court").name_only, 0);
  EXPECT_EQ(dropped.persons.at("P1").membership, Membership::kIn);
  EXPECT_FALSE(dropped.persons.at("P1").list_says.at("ngo"));
  EXPECT_EQ(dropped.persons.at("P2").membership, Membership::kOut);
  EXPECT_EQ(dropped.persons.count("P3"), 0u);
  EXPECT_TRUE(CheckRecordsKept(dropped).ok());

  const RecordSelection kept = SelectRecords(records, false, UnlinkableRecords::kKeep);
  EXPECT_EQ(kept.kept.size(), 4u);
  EXPECT_TRUE(kept.persons.empty());  // no conditions, nothing to tally

  const RecordSelection none = SelectRecords({records[3]}, false, UnlinkableRecords::kDrop);
  EXPECT_NE(CheckRecordsKept(none).message().find("--unlinkable keep"), std::string::npos);
  EXPECT_NE(CheckRecordsKept(SelectRecords({}, false, UnlinkableRecords::kDrop))
                .message()
                .find("import lists first"),
            std::string::npos);
}

TEST(ForgetEmptiedLists, DropDoneSourcesAndMergesRefused) {
  std::vector<EstimateRecord> records = {Record(1, "P1", "manifest"), Record(2, "P2", "court")};
  records[1].thin = true;
  const RecordSelection selection = SelectRecords(records, false, UnlinkableRecords::kDrop);
  ListSelection lists;
  lists.drop = {"court", "ngo"};
  EXPECT_TRUE(ForgetEmptiedLists(selection, &lists).ok());
  EXPECT_EQ(lists.drop, (std::vector<std::string>{"ngo"}));
  lists.merge = {"court+ngo"};
  EXPECT_EQ(ForgetEmptiedLists(selection, &lists).message(),
            "--merge \"court+ngo\": every record of court is too weak to link and was left out "
            "(--unlinkable keep counts them)");
  lists.merge.clear();
  lists.keep = {"manifest", "court"};
  EXPECT_EQ(ForgetEmptiedLists(selection, &lists).code(), StatusCode::kInvalidInput);
}

TEST(PlacePopulation, WarnsAndLearnsTheListsNeverRecording) {
  std::vector<EstimateRecord> records = {Record(1, "P1", "manifest"), Record(2, "P1", "family"),
                                         Record(3, "P2", "family")};
  records[1].says = Membership::kUnknown;
  records[2].says = Membership::kUnknown;
  const RecordSelection selection = SelectRecords(records, true, UnlinkableRecords::kDrop);
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("facility~cecot")};
  std::vector<std::string> unrecorded = {"court"};
  std::vector<EstimateWarning> warnings;
  ASSERT_TRUE(PlacePopulation(selection, where, &unrecorded, &warnings).ok());
  EXPECT_EQ(unrecorded, (std::vector<std::string>{"court", "family"}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "population_unrecorded");

  const RecordSelection nobody = SelectRecords({records[2]}, true, UnlinkableRecords::kDrop);
  EXPECT_EQ(PlacePopulation(nobody, where, &unrecorded, &warnings).message(),
            "no linked person has a record satisfying --where (0 placed out, 1 unknown)");
}

TEST(ThinRecordsWarningOf, CountsPersonsInThePopulationAndListsInTheEstimate) {
  std::vector<EstimateRecord> records = {Record(1, "P1", "court"), Record(2, "P2", "court"),
                                         Record(3, "P3", "ngo"), Record(4, "P4", "court")};
  for (EstimateRecord& r : records) r.thin = r.source == "court";
  records[3].says = Membership::kOut;  // not in the population: not counted
  const RecordSelection kept = SelectRecords(records, true, UnlinkableRecords::kKeep);
  auto warning =
      ThinRecordsWarningOf(kept, {{"court", "court"}, {"ngo", "ngo"}}, UnlinkableRecords::kKeep);
  ASSERT_TRUE(warning.has_value());
  EXPECT_NE(warning->message.find("court 2 of 2"), std::string::npos) << warning->message;
  EXPECT_FALSE(ThinRecordsWarningOf(kept, {{"ngo", "ngo"}}, UnlinkableRecords::kKeep).has_value());

  const RecordSelection dropped = SelectRecords(records, false, UnlinkableRecords::kDrop);
  warning =
      ThinRecordsWarningOf(dropped, {{"court", "court"}, {"ngo", "ngo"}}, UnlinkableRecords::kDrop);
  ASSERT_TRUE(warning.has_value());
  EXPECT_NE(warning->message.find("court 3 of 3; 3 with a name only"), std::string::npos)
      << warning->message;
}

}  // namespace
}  // namespace habeas::mse
