// The locator's calibrated model (scoring.cc): which feature each piece of evidence
// sets, and that the probability moves the way the evidence says.
#include "search/scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "habeas/search.h"

namespace habeas::search {
namespace {

// The index of feature `name` in CandidateFeatureNames().
int Feature(std::string_view name) {
  const auto names = CandidateFeatureNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no feature " << name;
  return 0;
}

FeatureVector FeaturesOf(const CandidateEvidence& e) {
  FeatureVector f;
  f.fill(-1);  // FillFeatures must overwrite every slot
  FillFeatures(e, &f);
  return f;
}

CandidateEvidence NameOnly(names::NameAgreement level, double score) {
  CandidateEvidence e;
  e.name.level = level;
  e.name.score = score;
  e.coverage = 1;
  e.prescore_share = 0.8;
  e.query_idf = 12;
  e.record_count = 2;
  return e;
}

TEST(CandidateFeatureNames, OneDistinctNamePerFeatureBiasFirst) {
  const auto names = CandidateFeatureNames();
  ASSERT_EQ(names.size(), static_cast<size_t>(kFeatureCount));
  EXPECT_EQ(names[0], "bias");
  std::set<std::string_view> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), names.size());
}

TEST(AgreementNames, SpellEveryLevel) {
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kExact), "exact");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kNear), "near");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kPartialMonth), "partial_month");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kPartialYear), "partial_year");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kNearYear), "near_year");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kDisagree), "disagree");
  EXPECT_EQ(BirthAgreementName(BirthAgreement::kNone), "none");
  EXPECT_EQ(IdAgreementName(IdAgreement::kExact), "exact");
  EXPECT_EQ(IdAgreementName(IdAgreement::kOneEdit), "one_edit");
  EXPECT_EQ(IdAgreementName(IdAgreement::kDisagree), "disagree");
  EXPECT_EQ(IdAgreementName(IdAgreement::kNone), "none");
}

TEST(FillFeatures, EachPieceOfEvidenceSetsItsNamedFeature) {
  CandidateEvidence e = NameOnly(names::NameAgreement::kNickname, 0.75);
  e.birth = BirthAgreement::kPartialYear;
  e.id = IdAgreement::kOneEdit;
  e.as_strong = 3;
  const FeatureVector f = FeaturesOf(e);
  EXPECT_EQ(f[Feature("bias")], 1.0);
  EXPECT_EQ(f[Feature("name_nickname")], 1.0);
  EXPECT_EQ(f[Feature("name_exact")], 0.0);
  EXPECT_EQ(f[Feature("name_score")], 0.75);
  EXPECT_EQ(f[Feature("birth_partial_year")], 1.0);
  EXPECT_EQ(f[Feature("birth_exact")], 0.0);
  EXPECT_EQ(f[Feature("id_one_edit")], 1.0);
  EXPECT_DOUBLE_EQ(f[Feature("log_as_strong")], std::log(4.0));
  EXPECT_EQ(f[Feature("coverage")], 1.0);
  EXPECT_EQ(f[Feature("prescore_share")], 0.8);
  EXPECT_DOUBLE_EQ(f[Feature("query_idf")], 1.2);  // scaled by a tenth
  EXPECT_DOUBLE_EQ(f[Feature("log_records")], std::log(3.0));
  // The identifier agrees and so does the name (a nickname).
  EXPECT_EQ(f[Feature("id_and_name")], 1.0);
  EXPECT_EQ(f[Feature("birth_and_name")], 0.0);  // a year is not a full date
  for (double v : f) EXPECT_NE(v, -1.0);
}

TEST(FillFeatures, MissingEvidenceIsTheBaseline) {
  CandidateEvidence e;  // no name comparison, no date, no id
  const FeatureVector f = FeaturesOf(e);
  EXPECT_EQ(f[0], 1.0);
  for (int i = 1; i < kFeatureCount; ++i) EXPECT_EQ(f[i], 0.0) << CandidateFeatureNames()[i];
}

TEST(FillFeatures, AnIdentifierOrDateAgreeingWithADisagreeingNameIsNoInteraction) {
  CandidateEvidence e = NameOnly(names::NameAgreement::kDisagree, 0.1);
  e.id = IdAgreement::kExact;
  e.birth = BirthAgreement::kExact;
  const FeatureVector f = FeaturesOf(e);
  EXPECT_EQ(f[Feature("name_disagree")], 1.0);
  EXPECT_EQ(f[Feature("id_exact")], 1.0);
  EXPECT_EQ(f[Feature("birth_exact")], 1.0);
  EXPECT_EQ(f[Feature("id_and_name")], 0.0);
  EXPECT_EQ(f[Feature("birth_and_name")], 0.0);
}

TEST(FillFeatures, ReasonsForAPartialNameAreTheirOwnFeatures) {
  CandidateEvidence e = NameOnly(names::NameAgreement::kPartial, 0.6);
  e.name.reasons = names::kReasonPaternalDropped | names::kReasonSurnamesSwapped;
  const FeatureVector f = FeaturesOf(e);
  EXPECT_EQ(f[Feature("name_partial")], 1.0);
  EXPECT_EQ(f[Feature("name_paternal_dropped")], 1.0);
  EXPECT_EQ(f[Feature("name_surnames_swapped")], 1.0);
  EXPECT_EQ(f[Feature("name_given_dropped")], 0.0);
  EXPECT_EQ(f[Feature("name_cross_field")], 0.0);
}

TEST(ModelProbability, IsALogisticOfTheWeightedFeatures) {
  FeatureVector zero{};
  EXPECT_DOUBLE_EQ(ModelProbability(zero), 0.5);  // z = 0
  const FeatureVector bias_only = FeaturesOf(CandidateEvidence{});
  const double p = ModelProbability(bias_only);
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 1e-6);  // nothing known: nobody
}

TEST(IdentifierOnlyProbability, AnExactNumberAnswersAndOneEditOffNever) {
  EXPECT_GT(IdentifierOnlyProbability(IdAgreement::kExact, BirthAgreement::kNone, 1),
            kMatchProbability);
  // Two persons hold the number (an unlinked duplicate or a typo on a list): shared.
  EXPECT_NEAR(IdentifierOnlyProbability(IdAgreement::kExact, BirthAgreement::kNone, 2),
              IdentifierOnlyProbability(IdAgreement::kExact, BirthAgreement::kNone, 1) / 2, 1e-12);
  EXPECT_LT(IdentifierOnlyProbability(IdAgreement::kExact, BirthAgreement::kDisagree, 1),
            kMatchProbability);
  for (BirthAgreement birth : {BirthAgreement::kNone, BirthAgreement::kExact,
                               BirthAgreement::kNear, BirthAgreement::kDisagree}) {
    EXPECT_LT(IdentifierOnlyProbability(IdAgreement::kOneEdit, birth, 1), kMatchProbability);
  }
  EXPECT_GT(IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kExact, 1),
            IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kNone, 1));
  EXPECT_LT(IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kDisagree, 1), 0.1);
  EXPECT_LT(IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kNear, 1), 0.1);
  // A date that agrees in its year and month only says neither yes nor no.
  EXPECT_EQ(IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kPartialMonth, 1),
            IdentifierOnlyProbability(IdAgreement::kOneEdit, BirthAgreement::kNone, 1));
  EXPECT_EQ(IdentifierOnlyProbability(IdAgreement::kDisagree, BirthAgreement::kExact, 1), 0.0);
  EXPECT_EQ(IdentifierOnlyProbability(IdAgreement::kNone, BirthAgreement::kExact, 1), 0.0);
}

TEST(ModelProbability, StrongerEvidenceIsLikelier) {
  const CandidateEvidence name = NameOnly(names::NameAgreement::kExact, 1.0);
  CandidateEvidence with_date = name;
  with_date.birth = BirthAgreement::kExact;
  CandidateEvidence with_wrong_date = name;
  with_wrong_date.birth = BirthAgreement::kDisagree;
  CandidateEvidence with_id = with_date;
  with_id.id = IdAgreement::kExact;
  const double p_name = ModelProbability(FeaturesOf(name));
  const double p_date = ModelProbability(FeaturesOf(with_date));
  const double p_wrong = ModelProbability(FeaturesOf(with_wrong_date));
  const double p_id = ModelProbability(FeaturesOf(with_id));
  EXPECT_GT(p_date, p_name);
  EXPECT_LT(p_wrong, p_name);
  EXPECT_GT(p_id, p_date);
  EXPECT_GT(p_id, kMatchProbability);
  // Ambiguity lowers it: other candidates whose names agree as well.
  CandidateEvidence crowded = with_date;
  crowded.as_strong = 20;
  EXPECT_LT(ModelProbability(FeaturesOf(crowded)), p_date);
}

}  // namespace
}  // namespace habeas::search
