// Population conditions ("--where"): parsing, what one record says, the warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "habeas/estimate.h"

namespace habeas {
namespace {

using ::testing::HasSubstr;

std::function<std::string(const std::string&)> Fields(std::map<std::string, std::string> values) {
  return [values](const std::string& name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
}

TEST(PopulationCondition, ParsesContainsEqualsAndAlternatives) {
  auto c = ParsePopulationCondition("Facility~CECOT| El Salvador ");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->field, "facility");
  EXPECT_EQ(c->match, PopulationCondition::Match::kContains);
  EXPECT_EQ(c->values, (std::vector<std::string>{"cecot", "el salvador"}));
  auto s = ParsePopulationCondition("source=manifest|Leak");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->match, PopulationCondition::Match::kEquals);
  EXPECT_EQ(s->values, (std::vector<std::string>{"manifest", "Leak"}));  // list names exact
}

TEST(PopulationCondition, RejectsMissingOperatorFieldOrValue) {
  for (const char* bad : {"facility", "~cecot", "facility~", "facility~cecot||x", "facility~,"}) {
    auto c = ParsePopulationCondition(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidInput);
    EXPECT_THAT(c.status().message(), HasSubstr("--where"));
  }
}

TEST(RecordMembership, FieldSaysInOutOrNothing) {
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("facility~cecot")};
  EXPECT_EQ(RecordMembership(where, "ngo", Fields({{"facility", "Cecot, El Salvador"}})),
            Membership::kIn);
  EXPECT_EQ(RecordMembership(where, "ngo", Fields({{"facility", "El Valle Detention Facility"}})),
            Membership::kOut);
  EXPECT_EQ(RecordMembership(where, "family", Fields({{"facility", "  "}})), Membership::kUnknown);
  EXPECT_EQ(RecordMembership(where, "family", Fields({})), Membership::kUnknown);
}

TEST(RecordMembership, ValuesAreFoldedLikeNames) {
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("facility~TECOLÚCA")};
  EXPECT_EQ(RecordMembership(where, "ngo", Fields({{"facility", "CECOT  Tecoluca"}})),
            Membership::kIn);
}

TEST(RecordMembership, EqualsMatchesTheWholeValue) {
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("facility=CECOT")};
  EXPECT_EQ(RecordMembership(where, "ngo", Fields({{"facility", "cecot"}})), Membership::kIn);
  EXPECT_EQ(RecordMembership(where, "ngo", Fields({{"facility", "CECOT Tecoluca"}})),
            Membership::kOut);
}

TEST(RecordMembership, ScopeListPlacesItsRowsOthersSayNothing) {
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("source=manifest"),
                                                  *ParsePopulationCondition("facility~cecot")};
  EXPECT_EQ(RecordMembership(where, "manifest", Fields({})), Membership::kIn);
  EXPECT_EQ(RecordMembership(where, "family", Fields({})), Membership::kUnknown);
  EXPECT_EQ(RecordMembership(where, "court", Fields({{"facility", "El Valle"}})), Membership::kOut);
  EXPECT_EQ(RecordMembership(where, "court", Fields({{"facility", "CECOT"}})), Membership::kIn);
}

TEST(PopulationWarning, NamesUnknownPersonsAndSilentLists) {
  const std::vector<PopulationCondition> where = {*ParsePopulationCondition("facility~cecot")};
  PopulationTally tally;
  tally.in = 900;
  tally.out = 400;
  tally.unknown = 120;
  tally.silent_by_list = {{"family", {500, 350}}, {"ngo", {300, 0}}};
  auto w = PopulationWarning(where, tally);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->code, "population_unrecorded");
  EXPECT_THAT(w->message, HasSubstr("120 observed persons"));
  EXPECT_THAT(w->message, HasSubstr("family 70%"));
  EXPECT_THAT(w->message, ::testing::Not(HasSubstr("ngo")));
  EXPECT_THAT(w->message, HasSubstr("biased low"));
  EXPECT_TRUE(ListsNeverRecording(tally).empty());  // family records it for 30%
  EXPECT_THAT(w->message, ::testing::Not(HasSubstr("never records")));
  // A list on which nobody's records give the attribute: its cell is unobserved.
  tally.silent_by_list = {{"court", {40, 2}}, {"family", {500, 500}}, {"ngo", {300, 0}}};
  EXPECT_EQ(ListsNeverRecording(tally), std::vector<std::string>{"family"});
  w = PopulationWarning(where, tally);
  ASSERT_TRUE(w.has_value());
  EXPECT_THAT(w->message, HasSubstr("family never records it"));
}

TEST(PopulationWarning, QuietWhenEveryPersonIsPlacedOrNoCondition) {
  PopulationTally tally;
  tally.in = 10;
  tally.out = 5;
  EXPECT_FALSE(PopulationWarning({*ParsePopulationCondition("facility~x")}, tally).has_value());
  tally.unknown = 3;
  EXPECT_FALSE(PopulationWarning({}, tally).has_value());
}

}  // namespace
}  // namespace habeas
