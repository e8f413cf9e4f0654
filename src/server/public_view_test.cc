#include "server/public_view.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace habeas::server {
namespace {

search::SearchResult Result(std::string name, double probability) {
  search::SearchResult r;
  r.person_id = "P-" + name;
  r.probability = probability;
  r.name = std::move(name);
  r.sources = {"acnur", "familias"};
  r.records = {{7, "acnur", "A-7"}};
  r.last_known = {"CECOT", "2025-03-16", "acnur"};
  r.matched_fields = {{"id", "exact", "V-12345678"}};
  return r;
}

search::SearchResponse Response(search::Decision decision, std::vector<double> probabilities) {
  search::SearchResponse response;
  response.decision = decision;
  for (size_t i = 0; i < probabilities.size(); ++i) {
    response.results.push_back(Result("n" + std::to_string(i), probabilities[i]));
  }
  return response;
}

TEST(CertaintyOfTest, OnlyTheFirstResultOfAMatchIsVeryLikely) {
  const auto match = Response(search::Decision::kMatch, {0.99, 0.5, 0.05});
  EXPECT_EQ(CertaintyOf(match, 0), Certainty::kVeryLikely);
  EXPECT_EQ(CertaintyOf(match, 1), Certainty::kPossible);
  EXPECT_EQ(CertaintyOf(match, 2), Certainty::kUnlikely);
  EXPECT_EQ(CertaintyOf(match, 3), Certainty::kUnlikely) << "past the end";
  const auto candidates = Response(search::Decision::kCandidates, {0.99});
  EXPECT_EQ(CertaintyOf(candidates, 0), Certainty::kPossible);
}

TEST(CertaintyOfTest, TheCandidateThresholdIsInclusive) {
  const double at = search::kCandidateProbability;
  const auto response =
      Response(search::Decision::kCandidates, {at, std::nextafter(at, 0.0)});
  EXPECT_EQ(CertaintyOf(response, 0), Certainty::kPossible);
  EXPECT_EQ(CertaintyOf(response, 1), Certainty::kUnlikely);
}

TEST(CertaintyNameTest, NamesAreStable) {
  EXPECT_EQ(CertaintyName(Certainty::kVeryLikely), "very_likely");
  EXPECT_EQ(CertaintyName(Certainty::kPossible), "possible");
  EXPECT_EQ(CertaintyName(Certainty::kUnlikely), "unlikely");
}

TEST(PublicAnswerForTest, ShowsOnlyTheFieldsMadePublic) {
  const auto response = Response(search::Decision::kMatch, {0.97});
  struct Case {
    std::vector<PublicField> fields;
    std::string name, place, date;
    bool listed;
    size_t sources;
  };
  const Case cases[] = {
      {{}, "", "", "", false, 0},
      {{PublicField::kName}, "n0", "", "", false, 0},
      {{PublicField::kStatus}, "", "", "", true, 0},
      {{PublicField::kLastKnownPlace}, "", "CECOT", "", false, 0},
      {{PublicField::kLastKnownDate}, "", "", "2025-03-16", false, 0},
      {{PublicField::kSources}, "", "", "", false, 2},
      {DefaultPublicFields(), "n0", "CECOT", "2025-03-16", true, 0},
      {{std::begin(kAllPublicFields), std::end(kAllPublicFields)},
       "n0", "CECOT", "2025-03-16", true, 2},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fields.size());
    const PublicAnswer answer = PublicAnswerFor(response, c.fields);
    ASSERT_EQ(answer.results.size(), 1u);
    const PublicResult& r = answer.results[0];
    EXPECT_EQ(r.name, c.name);
    EXPECT_EQ(r.place, c.place);
    EXPECT_EQ(r.date, c.date);
    EXPECT_EQ(r.listed, c.listed);
    EXPECT_EQ(r.sources.size(), c.sources);
    EXPECT_EQ(r.certainty, Certainty::kVeryLikely);
    EXPECT_EQ(answer.fields, c.fields);
    for (PublicField f : kAllPublicFields) {
      EXPECT_EQ(Shows(answer, f),
                std::find(c.fields.begin(), c.fields.end(), f) != c.fields.end());
    }
  }
}

TEST(PublicAnswerForTest, UnlikelyResultsAreLeftOutAndTheDecisionKept) {
  const auto response =
      Response(search::Decision::kNoConfidentMatch, {0.5, 0.01, 0.2, 0.09});
  const PublicAnswer answer = PublicAnswerFor(response, {PublicField::kName});
  EXPECT_EQ(answer.decision, search::Decision::kNoConfidentMatch);
  ASSERT_EQ(answer.results.size(), 2u);
  EXPECT_EQ(answer.results[0].name, "n0");
  EXPECT_EQ(answer.results[1].name, "n2");
}

TEST(PublicAnswerForTest, NeverMoreThanFiveResults) {
  const auto response =
      Response(search::Decision::kCandidates, {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3});
  const PublicAnswer answer = PublicAnswerFor(response, {PublicField::kName});
  ASSERT_EQ(answer.results.size(), kMaxPublicResults);
  EXPECT_EQ(answer.results.back().name, "n4");
  // Unlikely results do not use up the five places.
  const auto mixed = Response(search::Decision::kCandidates,
                              {0.01, 0.9, 0.01, 0.8, 0.7, 0.6, 0.5, 0.4});
  const PublicAnswer mixed_answer = PublicAnswerFor(mixed, {PublicField::kName});
  ASSERT_EQ(mixed_answer.results.size(), 5u);
  EXPECT_EQ(mixed_answer.results.front().name, "n1");
  EXPECT_EQ(mixed_answer.results.back().name, "n6");
}

TEST(PublicAnswerForTest, NoResultsIsAnEmptyAnswer) {
  const PublicAnswer answer =
      PublicAnswerFor(search::SearchResponse{}, DefaultPublicFields());
  EXPECT_TRUE(answer.results.empty());
  EXPECT_EQ(answer.decision, search::Decision::kNoConfidentMatch);
}

}  // namespace
}  // namespace habeas::server
