// QueryBatchReader and SearchForgivingBadFields (query_batch.cc): the queries of
// `habeas find --batch`.
#include <gtest/gtest.h>

#include "common/scratch_dir.h"
#include "habeas/search.h"

namespace habeas::search {
namespace {

class QueryBatchTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& content) { return dir_.Write("queries.csv", content); }
  // Every query of `content`; the first error stops the reading and is returned.
  Result<std::vector<BatchQuery>> ReadAll(const std::string& content) {
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<QueryBatchReader> reader,
                            QueryBatchReader::Open(Write(content)));
    std::vector<BatchQuery> out;
    BatchQuery q;
    for (;;) {
      HABEAS_ASSIGN_OR_RETURN(bool more, reader->Next(&q));
      if (!more) return out;
      out.push_back(q);
    }
  }
  ScratchDir dir_{"query_batch"};
};

TEST_F(QueryBatchTest, ColumnsAreFoundByNameInAnyOrder) {
  auto queries = ReadAll(
      "national_id,query_text,extra,query_id,dob\n"
      "V-123,chuy perez,x,q1,1990\n"
      ",\"GONZALEZ, JESUS\",,q2,\n");
  ASSERT_TRUE(queries.ok()) << queries.status().ToString();
  ASSERT_EQ(queries->size(), 2u);
  const BatchQuery& first = (*queries)[0];
  EXPECT_EQ(first.query_id, "q1");
  EXPECT_EQ(first.query.text, "chuy perez");
  EXPECT_EQ(first.query.birth_date, "1990");
  EXPECT_EQ(first.query.id, "V-123");
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ((*queries)[1].query.text, "GONZALEZ, JESUS");
  EXPECT_EQ((*queries)[1].query.birth_date, "");
  EXPECT_EQ((*queries)[1].line, 3);
}

TEST_F(QueryBatchTest, DateAndIdColumnsAreOptionalAndShortRowsReadAsEmpty) {
  auto queries = ReadAll("query_id,query_text\nq1,ana\nq2\n");
  ASSERT_TRUE(queries.ok()) << queries.status().ToString();
  ASSERT_EQ(queries->size(), 2u);
  EXPECT_EQ((*queries)[0].query.id, "");
  EXPECT_EQ((*queries)[1].query_id, "q2");
  EXPECT_EQ((*queries)[1].query.text, "");
}

TEST_F(QueryBatchTest, AnEmptyFileHasNoQueries) {
  auto queries = ReadAll("");
  ASSERT_TRUE(queries.ok());
  EXPECT_TRUE(queries->empty());
  auto header_only = ReadAll("query_id,query_text\n");
  ASSERT_TRUE(header_only.ok());
  EXPECT_TRUE(header_only->empty());
}

TEST_F(QueryBatchTest, AHeaderWithoutTheNeededColumnsIsRefused) {
  auto queries = ReadAll("id,text\n1,ana\n");
  ASSERT_FALSE(queries.ok());
  EXPECT_EQ(queries.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(queries.status().message(),
            dir_.Path("queries.csv") +
                ":1: expected a header query_id,query_text[,dob][,national_id]");
}

TEST_F(QueryBatchTest, ARowThatCannotBeSplitNamesItsLine) {
  auto queries = ReadAll("query_id,query_text\nq1,ana\nq2,\"unterminated\n");
  ASSERT_FALSE(queries.ok());
  EXPECT_EQ(queries.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(queries.status().message().rfind(dir_.Path("queries.csv") + ":3: ", 0), 0u)
      << queries.status().message();
}

TEST_F(QueryBatchTest, AMissingFileIsNotFound) {
  auto reader = QueryBatchReader::Open(dir_.Path("nope.csv"));
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

std::vector<LocatorRecord> TwoPersons() {
  std::vector<LocatorRecord> out(2);
  out[0].person_id = "P000001";
  out[0].source_name = "manifest";
  out[0].record.id = 1;
  out[0].record.field(CanonicalField::kFullName) = "PEREZ INFANTE, JOSE PEDRO";
  out[0].record.field(CanonicalField::kBirthDate) = "1990-03-15";
  out[0].record.field(CanonicalField::kNationalId) = "V12345678";
  out[1].person_id = "P000002";
  out[1].source_name = "manifest";
  out[1].record.id = 2;
  out[1].record.field(CanonicalField::kFullName) = "GONZALEZ RODRIGUEZ, JESUS ALBERTO";
  out[1].record.field(CanonicalField::kBirthDate) = "1988-07-02";
  return out;
}

TEST(SearchForgivingBadFields, AGoodQueryIsSearchedAsItIs) {
  auto index = LocatorIndex::Build(TwoPersons(), "t");
  ASSERT_TRUE(index.ok());
  std::string warning = "stale";
  const SearchQuery query{"jose pedro perez", "15/03/1990", ""};
  auto forgiving = SearchForgivingBadFields(*index, query, {}, nullptr, &warning);
  ASSERT_TRUE(forgiving.ok());
  EXPECT_EQ(warning, "");
  auto plain = index->Search(query);
  ASSERT_TRUE(plain.ok());
  ASSERT_FALSE(forgiving->results.empty());
  EXPECT_EQ(forgiving->results[0].person_id, plain->results[0].person_id);
  EXPECT_EQ(forgiving->results[0].probability, plain->results[0].probability);
}

TEST(SearchForgivingBadFields, ABadDateIsDroppedWithAWarning) {
  auto index = LocatorIndex::Build(TwoPersons(), "t");
  ASSERT_TRUE(index.ok());
  const SearchQuery query{"jose pedro perez", "31/02/1990", ""};
  ASSERT_EQ(index->Search(query).status().code(), StatusCode::kInvalidInput);
  std::string warning;
  auto r = SearchForgivingBadFields(*index, query, {}, nullptr, &warning);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(warning.find("31/02/1990"), std::string::npos) << warning;
  auto by_name = index->Search({"jose pedro perez", "", ""});
  ASSERT_TRUE(by_name.ok());
  ASSERT_FALSE(r->results.empty());
  EXPECT_EQ(r->results[0].person_id, "P000001");
  EXPECT_EQ(r->results[0].probability, by_name->results[0].probability);
}

TEST(SearchForgivingBadFields, AShortIdIsDroppedALongOneKept) {
  auto index = LocatorIndex::Build(TwoPersons(), "t");
  ASSERT_TRUE(index.ok());
  std::string warning;
  // A bad date with a usable id: the id stays and still finds the person.
  auto kept = SearchForgivingBadFields(*index, {"jose perez", "99/99/1990", "V-12.345.678"}, {},
                                       nullptr, &warning);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_FALSE(warning.empty());
  auto with_id = index->Search({"jose perez", "", "V-12.345.678"});
  ASSERT_TRUE(with_id.ok());
  EXPECT_EQ(kept->results[0].probability, with_id->results[0].probability);
  // An id too short to search by is dropped with the date.
  auto dropped = SearchForgivingBadFields(*index, {"jose perez", "", "12"}, {}, nullptr, &warning);
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_FALSE(warning.empty());
}

TEST(SearchForgivingBadFields, AQueryWithoutANameStaysAnError) {
  auto index = LocatorIndex::Build(TwoPersons(), "t");
  ASSERT_TRUE(index.ok());
  std::string warning;
  auto r = SearchForgivingBadFields(*index, {"...", "", ""}, {}, nullptr, &warning);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(warning, "");
}

}  // namespace
}  // namespace habeas::search
