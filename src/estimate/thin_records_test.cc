// The thin-record policy: which records are too weak to link, and the warnings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "habeas/estimate.h"

namespace habeas {
namespace {

TEST(ThinRecords, InitialsOrOneNameWithoutIdentifier) {
  EXPECT_TRUE(RecordTooThinToLink({"D.R.G."}, false));
  EXPECT_TRUE(RecordTooThinToLink({"PEREZ"}, false));
  EXPECT_TRUE(RecordTooThinToLink({"", "J.", "Pérez"}, false));
  EXPECT_TRUE(RecordTooThinToLink({}, false));
  EXPECT_FALSE(RecordTooThinToLink({"D.R.G."}, true));  // an A-number links it
  EXPECT_FALSE(RecordTooThinToLink({"José Pérez"}, false));
  EXPECT_FALSE(RecordTooThinToLink({"", "Ángel", "Ñu"}, false));  // UTF-8 letters count once
  EXPECT_TRUE(RecordTooThinToLink({"Ñ. Pérez"}, false));
}

TEST(ThinRecords, ANameLinksWithABirthDateToTheMonthOnly) {
  EXPECT_TRUE(RecordDatedToLink("1985-07-18"));
  EXPECT_TRUE(RecordDatedToLink("1985-07"));
  EXPECT_FALSE(RecordDatedToLink("1985"));  // a year matches namesakes as well
  EXPECT_FALSE(RecordDatedToLink(""));      // an age too (the record's birth date is empty)
}

TEST(ThinRecords, IdentifiersLinkWhereTheOtherListsCarryThem) {
  // The manifest: A-numbers on every row; the family reports: national ids on 60%;
  // the NGO: no identifier.
  const ListIdentifiers manifest{10000, {10000, 0, 0}};
  const ListIdentifiers family{5000, {0, 3000, 0}};
  const ListIdentifiers ngo{6000, {0, 0, 0}};
  constexpr uint8_t kANumber = 1, kNationalId = 2;
  // A thin name links through an identifier only if every other list carries it.
  EXPECT_TRUE(IdentifierLinks({manifest}, kANumber, false));
  EXPECT_FALSE(IdentifierLinks({manifest, family}, kANumber, false));
  EXPECT_FALSE(IdentifierLinks({manifest}, 0, false));
  // A full name without a date: a kind that half of the other records carry.
  EXPECT_TRUE(IdentifierLinks({manifest, family}, kANumber, true));        // 10,000 of 15,000
  EXPECT_FALSE(IdentifierLinks({manifest, family, ngo}, kANumber, true));  // 10,000 of 21,000
  EXPECT_FALSE(IdentifierLinks({manifest, family, ngo}, kNationalId, true));
  // Neither kind alone reaches half: two kinds are not pooled.
  EXPECT_FALSE(IdentifierLinks({manifest, family, ngo}, kANumber | kNationalId, true));
  EXPECT_TRUE(IdentifierLinks({family}, kNationalId, true));  // 3,000 of 5,000
}

TEST(ThinRecords, KeptTheyWarnForAListWhereTheyAreCommon) {
  // court: 15 of 134 thin records alone (11%); ngo: 3 of 1,242.
  const std::vector<ThinRecordTally> tally = {{"court", 134, 20, 15}, {"ngo", 1242, 5, 3}};
  const auto warning = ThinRecordsWarning(tally, 3464, UnlinkableRecords::kKeep);
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(warning->code, "unlinkable_records");
  EXPECT_NE(warning->message.find("court 15 of 134"), std::string::npos);
  EXPECT_EQ(warning->message.find("ngo"), std::string::npos);
  EXPECT_NE(warning->message.find("--unlinkable drop"), std::string::npos);
  EXPECT_FALSE(ThinRecordsWarning({{"court", 134, 4, 4}, {"ngo", 1242, 3, 3}}, 3464,
                                  UnlinkableRecords::kKeep)
                   .has_value());
  // 1% of all observed persons is enough on a large list.
  EXPECT_TRUE(
      ThinRecordsWarning({{"ngo", 5000, 40, 40}}, 3464, UnlinkableRecords::kKeep).has_value());
}

TEST(ThinRecords, LeftOutTheyAreAlwaysNamed) {
  // Every thin record counts (alone or not), on every list that has one.
  const std::vector<ThinRecordTally> tally = {
      {"court", 134, 20, 15}, {"ngo", 1242, 3, 1}, {"manifest", 900, 0, 0}};
  const auto warning = ThinRecordsWarning(tally, 3464, UnlinkableRecords::kDrop);
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(warning->code, "unlinkable_records_left_out");
  EXPECT_EQ(warning->message.rfind("23 records", 0), 0u) << warning->message;
  EXPECT_NE(warning->message.find("court 20 of 134, ngo 3 of 1242"), std::string::npos);
  EXPECT_EQ(warning->message.find("manifest"), std::string::npos);
  EXPECT_FALSE(
      ThinRecordsWarning({{"manifest", 900, 0, 0}}, 3464, UnlinkableRecords::kDrop).has_value());
  // The two reasons are counted apart: thin names, and names with nothing more.
  const auto both = ThinRecordsWarning({{"court", 134, 20, 15, 12}, {"ngo", 1242, 30, 30, 30}},
                                       3464, UnlinkableRecords::kDrop);
  ASSERT_TRUE(both.has_value());
  EXPECT_NE(both->message.find("court 20 of 134, ngo 30 of 1242; 8 with only initials or one "
                               "name, 42 with a name only"),
            std::string::npos)
      << both->message;
}

}  // namespace
}  // namespace habeas
