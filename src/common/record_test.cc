#include "habeas/record.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

RecordData WithNotes(std::string notes) {
  RecordData r;
  r.notes_json = std::move(notes);
  return r;
}

TEST(UnparsedFieldsTest, ReadsTheUnparsedNotesAndSkipsTheOthers) {
  const RecordData r = WithNotes(
      R"([{"field":"birth_date","note":"ambiguous date","text":"03/04/1990"},)"
      R"({"field":"birth_date","column":"dob","unparsed":"19450493","message":"f.csv:2: bad"},)"
      R"({"field":"a_number","column":"anum","unparsed":"12-34","message":"f.csv:2: worse"}])");
  const std::vector<UnparsedField> u = UnparsedFields(r);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].field, CanonicalField::kBirthDate);
  EXPECT_EQ(u[0].column, "dob");
  EXPECT_EQ(u[0].text, "19450493");
  EXPECT_EQ(u[0].message, "f.csv:2: bad");
  EXPECT_EQ(u[1].field, CanonicalField::kANumber);
  EXPECT_EQ(u[1].text, "12-34");
}

TEST(UnparsedFieldsTest, EmptyOrMalformedNotesGiveNothing) {
  EXPECT_TRUE(UnparsedFields(WithNotes("")).empty());
  EXPECT_TRUE(UnparsedFields(WithNotes(R"([{"field":"age","note":"placeholder"}])")).empty());
  EXPECT_TRUE(UnparsedFields(WithNotes(R"([{"field":"age","unparsed":"x")")).empty());
  EXPECT_TRUE(UnparsedFields(WithNotes(R"({"field":"age","unparsed":"x"})")).empty());
  EXPECT_TRUE(UnparsedFields(WithNotes(R"(["unparsed", 3, null])")).empty());
  // A note naming no canonical field, or with a non-string text, is skipped.
  EXPECT_TRUE(UnparsedFields(WithNotes(R"([{"field":"shoe","unparsed":"x"}])")).empty());
  EXPECT_TRUE(UnparsedFields(WithNotes(R"([{"field":"age","unparsed":34}])")).empty());
}

}  // namespace
}  // namespace habeas
