// ListUnparsedFields and CountUnparsed (habeas/ingest.h): the unparsed fields kept in
// imported records' notes, listed with where they came from.
#include <gtest/gtest.h>

#include "habeas/ingest.h"
#include "ingest/import_fixture.h"

namespace habeas {
namespace {

class UnparsedFieldsTest : public ImportFixture {
 protected:
  // Two lists: "family" with bad dates on records 2 and 4 (and one good one), "court"
  // with one bad date.
  void ImportTwoLists() {
    family_ = Import("family.csv",
                     "id,nombre,nacimiento\n1,Ana,1990-01-01\n2,Beto,1990-02-30\n"
                     "3,Caro,1991-05-05\n4,Dani,31/31/1980\n",
                     MappingFor("family"));
    court_ = Import("court.csv", "id,nombre,nacimiento\nA,Eva,soon\n", MappingFor("court"));
  }
  ImportSummary family_;
  ImportSummary court_;
};

TEST_F(UnparsedFieldsTest, ListsEachFieldWithItsSourceFileAndLine) {
  ImportTwoLists();
  auto rows = ListUnparsedFields(*store_, std::nullopt, -1);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  const UnparsedFieldRow& first = (*rows)[0];
  EXPECT_EQ(first.source, "family");
  EXPECT_EQ(first.file, "family.csv");
  EXPECT_EQ(first.line, 3);
  EXPECT_EQ(first.source_record_id, "2");
  EXPECT_EQ(first.batch_id, family_.batch_id);
  EXPECT_EQ(first.field.field, CanonicalField::kBirthDate);
  EXPECT_EQ(first.field.column, "nacimiento");
  EXPECT_EQ(first.field.text, "1990-02-30");
  EXPECT_EQ(first.field.message.rfind("family.csv:3: birth_date", 0), 0u) << first.field.message;
  EXPECT_EQ((*rows)[1].source_record_id, "4");
  EXPECT_EQ((*rows)[1].line, 5);
  EXPECT_EQ((*rows)[2].source, "court");
  EXPECT_EQ((*rows)[2].field.text, "soon");
  // In record order: each row's record comes after the previous one's.
  EXPECT_LT((*rows)[0].record_id, (*rows)[1].record_id);
  EXPECT_LT((*rows)[1].record_id, (*rows)[2].record_id);
}

TEST_F(UnparsedFieldsTest, FiltersBySourceAndStopsAtTheLimit) {
  ImportTwoLists();
  auto court = ListUnparsedFields(*store_, std::string("court"), -1);
  ASSERT_TRUE(court.ok());
  ASSERT_EQ(court->size(), 1u);
  EXPECT_EQ((*court)[0].source_record_id, "A");
  auto one = ListUnparsedFields(*store_, std::nullopt, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].source_record_id, "2");
  auto none = ListUnparsedFields(*store_, std::nullopt, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto other = ListUnparsedFields(*store_, std::string("no such list"), -1);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
}

TEST_F(UnparsedFieldsTest, CountsRowsAndFieldsOfOneBatch) {
  ImportTwoLists();
  auto family = CountUnparsed(*store_, family_.batch_id);
  ASSERT_TRUE(family.ok());
  EXPECT_EQ(family->rows, 2);
  EXPECT_EQ(family->fields, 2);
  EXPECT_EQ(family->rows, family_.rows_with_unparsed);
  auto court = CountUnparsed(*store_, court_.batch_id);
  ASSERT_TRUE(court.ok());
  EXPECT_EQ(court->rows, 1);
  auto missing = CountUnparsed(*store_, 999);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->rows, 0);
  EXPECT_EQ(missing->fields, 0);
}

TEST_F(UnparsedFieldsTest, ARowWithTwoBadFieldsCountsOnceAsARow) {
  const std::string mapping =
      "[source]\nname = \"leak\"\nkind = \"leak\"\nrecord_id = \"id\"\n[fields]\n"
      "full_name = \"nombre\"\nbirth_date = \"nacimiento\"\nrecord_date = \"fecha\"\n";
  ImportSummary s = Import("leak.csv", "id,nombre,nacimiento,fecha\n1,Ana,1990-13-01,ayer\n", mapping);
  auto counts = CountUnparsed(*store_, s.batch_id);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->rows, 1);
  EXPECT_EQ(counts->fields, 2);
  auto rows = ListUnparsedFields(*store_, std::nullopt, -1);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].record_id, (*rows)[1].record_id);
}

}  // namespace
}  // namespace habeas
