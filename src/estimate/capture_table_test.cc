#include "estimate/capture_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "habeas/estimate.h"

namespace habeas {
namespace {

using ::testing::HasSubstr;

TEST(CaptureTableCsv, ParsesPatternsAndOmittedZeroCells) {
  auto t = ParseCaptureTableCsv("A,B,C,count\n1,0,0,5\n0,1,0,7\n1,1,1,2\n", "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->num_lists(), 3);
  EXPECT_EQ(t->lists(), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(t->count(0b001), 5);
  EXPECT_EQ(t->count(0b010), 7);
  EXPECT_EQ(t->count(0b111), 2);
  EXPECT_EQ(t->count(0b100), 0);
  EXPECT_EQ(t->observed(), 14);
  EXPECT_EQ(t->list_total(0), 7);
}

TEST(CaptureTableCsv, AcceptsCrlfBomAndBlanks) {
  auto t = ParseCaptureTableCsv(
      "\xEF\xBB\xBF"
      "A, B ,count\r\n1, 0, 3\r\n0,1,4\r\n1,1,1\r\n",
      "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->lists()[1], "B");
  EXPECT_EQ(t->observed(), 8);
}

TEST(CaptureTableCsv, RejectsAllZeroPatternNamingFileAndLine) {
  auto t = ParseCaptureTableCsv("A,B,count\n1,0,3\n0,0,12\n", "lists.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(t.status().message(), HasSubstr("lists.csv:3:"));
  EXPECT_THAT(t.status().message(), HasSubstr("all-zero pattern"));
}

TEST(CaptureTableCsv, RejectsBadFlagWithFieldName) {
  auto t = ParseCaptureTableCsv("A,B,count\n1,2,3\n", "lists.csv");
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().message(),
              HasSubstr("lists.csv:2: field 2 (B) is \"2\"; expected 0 or 1"));
}

TEST(CaptureTableCsv, RejectsBadCounts) {
  for (const char* bad : {"-1", "1.5", "", "12x", "99999999999999999999"}) {
    auto t = ParseCaptureTableCsv(std::string("A,B,count\n1,0,") + bad + "\n", "c.csv");
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_THAT(t.status().message(), HasSubstr("c.csv:2: field 3 (count)")) << bad;
  }
}

TEST(CaptureTableCsv, RejectsStructuralProblems) {
  EXPECT_THAT(ParseCaptureTableCsv("", "e.csv").status().message(), HasSubstr("empty"));
  EXPECT_THAT(ParseCaptureTableCsv("A,B,n\n1,0,1\n", "h.csv").status().message(),
              HasSubstr("h.csv:1: the header must"));
  EXPECT_THAT(ParseCaptureTableCsv("A,A,count\n1,0,1\n", "d.csv").status().message(),
              HasSubstr("appears twice"));
  EXPECT_THAT(ParseCaptureTableCsv("A,B,count\n1,0\n", "w.csv").status().message(),
              HasSubstr("w.csv:2: expected 3 fields"));
  EXPECT_THAT(ParseCaptureTableCsv("A,B,count\n1,0,1\n1,0,2\n", "r.csv").status().message(),
              HasSubstr("r.csv:3: capture pattern repeats line 2"));
  EXPECT_THAT(ParseCaptureTableCsv("A,B,count\n1,0,0\n", "z.csv").status().message(),
              HasSubstr("no persons"));
}

TEST(CaptureTableCsv, LoadsPublishedTables) {
  auto kosovo = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/kosovo.csv");
  ASSERT_TRUE(kosovo.ok()) << kosovo.status().message();
  EXPECT_EQ(kosovo->observed(), 4400);  // Ball et al. (2002); LCMCR kosovo_aggregate
  auto uk = LoadCaptureTableCsv(HABEAS_TEST_DATA_DIR "/mse/uk_modern_slavery_2013.csv");
  ASSERT_TRUE(uk.ok()) << uk.status().message();
  EXPECT_EQ(uk->observed(), 2744);  // Silverman (2014); SparseMSE UKdat
  EXPECT_EQ(uk->num_lists(), 6);
  EXPECT_EQ(LoadCaptureTableCsv("/nonexistent/t.csv").status().code(), StatusCode::kNotFound);
}

CaptureTable Abc() {
  // A=bit0, B=bit1, C=bit2.
  auto t = ParseCaptureTableCsv("A,B,C,count\n1,0,0,10\n0,1,0,20\n0,0,1,30\n1,1,0,4\n0,1,1,5\n",
                                "abc.csv");
  return std::move(t).value();
}

TEST(SelectLists, MergeCombinesPatterns) {
  ListSelection s;
  s.merge = {"A+B"};
  auto t = SelectLists(Abc(), s);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->lists(), (std::vector<std::string>{"A+B", "C"}));
  EXPECT_EQ(t->count(0b01), 10 + 20 + 4);
  EXPECT_EQ(t->count(0b10), 30);
  EXPECT_EQ(t->count(0b11), 5);
  EXPECT_EQ(t->observed(), 69);
}

TEST(SelectLists, DropMakesPersonsOnlyOnThatListUnobserved) {
  ListSelection s;
  s.drop = {"C"};
  auto t = SelectLists(Abc(), s);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->lists(), (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(t->observed(), 10 + 20 + 4 + 5);
  EXPECT_EQ(t->count(0b10), 25);
}

TEST(SelectLists, KeepOrdersAndValidates) {
  ListSelection s;
  s.keep = {"C", "A"};
  auto t = SelectLists(Abc(), s);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->lists(), (std::vector<std::string>{"C", "A"}));
  EXPECT_EQ(t->count(0b01), 30 + 5);  // C, and B+C now seen only on C
  EXPECT_EQ(t->count(0b10), 10 + 4);
  s.keep = {"D"};
  EXPECT_THAT(SelectLists(Abc(), s).status().message(),
              HasSubstr("no list named \"D\" (lists: A, B, C)"));
  ListSelection bad;
  bad.merge = {"A"};
  EXPECT_FALSE(SelectLists(Abc(), bad).ok());
  bad.merge = {"A+Z"};
  EXPECT_THAT(SelectLists(Abc(), bad).status().message(), HasSubstr("\"Z\""));
}

TEST(MergedListParts, SplitsAtPlus) {
  EXPECT_EQ(mse::MergedListParts("manifest+leak"), (std::vector<std::string>{"manifest", "leak"}));
  EXPECT_EQ(mse::MergedListParts("ngo"), std::vector<std::string>{"ngo"});
  EXPECT_EQ(mse::MergedListParts("a+"), (std::vector<std::string>{"a", ""}));
}

TEST(ListsUsed, InputListsBehindTheSelection) {
  const std::vector<std::string> lists = {"manifest", "leak", "court", "ngo"};
  using Used = std::map<std::string, std::string>;
  ListSelection s;
  EXPECT_EQ(*ListsUsed(lists, s),
            (Used{{"court", "court"}, {"leak", "leak"}, {"manifest", "manifest"}, {"ngo", "ngo"}}));
  s.merge = {"manifest+leak"};
  s.drop = {"court"};
  EXPECT_EQ(*ListsUsed(lists, s),
            (Used{{"leak", "manifest+leak"}, {"manifest", "manifest+leak"}, {"ngo", "ngo"}}));
  s.drop = {"manifest+leak"};  // a merged list is dropped by its merged name
  EXPECT_EQ(*ListsUsed(lists, s), (Used{{"court", "court"}, {"ngo", "ngo"}}));
  s.drop.clear();
  s.keep = {"manifest+leak"};
  EXPECT_EQ(*ListsUsed(lists, s), (Used{{"leak", "manifest+leak"}, {"manifest", "manifest+leak"}}));
  s.keep = {"press"};
  EXPECT_THAT(ListsUsed(lists, s).status().message(), HasSubstr("no list named \"press\""));
}

TEST(BuildCaptureTables, OneTablePerStratumOverAllSources) {
  std::vector<PersonCaptures> persons = {
      {"p1", {"manifest", "leak"}, "north"},
      {"p2", {"manifest"}, "north"},
      {"p3", {"court"}, "south"},
      {"p4", {}, "south"},  // linked person on no chosen source: not observed
  };
  auto tables = BuildCaptureTables(persons);
  ASSERT_TRUE(tables.ok()) << tables.status().message();
  ASSERT_EQ(tables->size(), 2u);
  EXPECT_EQ((*tables)[0].first, "north");
  const CaptureTable& north = (*tables)[0].second;
  EXPECT_EQ(north.lists(), (std::vector<std::string>{"court", "leak", "manifest"}));
  EXPECT_EQ(north.count(0b110), 1);
  EXPECT_EQ(north.count(0b100), 1);
  EXPECT_EQ((*tables)[1].second.observed(), 1);
}

}  // namespace
}  // namespace habeas
