#include "link/model_policy.h"

#include <gtest/gtest.h>

namespace habeas::link {
namespace {

SavedModelFacts Facts(int64_t trained_on, const std::string& fingerprint) {
  return SavedModelFacts{3, trained_on, fingerprint, /*knows_every_level=*/true};
}

TEST(ModelPolicyTest, AFewRecordsMoreKeepTheModel) {
  const ModelDecision d = ChooseModel(ModelPolicy::kAuto, Facts(65497, "s"), 65507, "s");
  EXPECT_EQ(d.choice, ModelChoice::kKeep);
  EXPECT_NE(d.why.find("10 records more than the 65,497"), std::string::npos) << d.why;
}

TEST(ModelPolicyTest, ANewListRetrains) {
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, Facts(50000, "s"), 56000, "s").choice,
            ModelChoice::kTrain);
  // Records removed (a batch undone): the model saw records that are gone.
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, Facts(50000, "s"), 49000, "s").choice,
            ModelChoice::kTrain);
}

TEST(ModelPolicyTest, OtherSettingsOrAnOldModelRetrain) {
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, Facts(100, "a"), 100, "b").choice, ModelChoice::kTrain);
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, Facts(0, "a"), 100, "a").choice, ModelChoice::kTrain);
  SavedModelFacts old = Facts(100, "a");
  old.knows_every_level = false;
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, old, 100, "a").choice, ModelChoice::kTrain);
  EXPECT_EQ(ChooseModel(ModelPolicy::kAuto, std::nullopt, 100, "a").choice, ModelChoice::kTrain);
}

TEST(ModelPolicyTest, TheUserDecidesWhenAsked) {
  EXPECT_EQ(ChooseModel(ModelPolicy::kRetrain, Facts(100, "a"), 100, "a").choice,
            ModelChoice::kTrain);
  EXPECT_EQ(ChooseModel(ModelPolicy::kKeep, Facts(100, "a"), 900, "b").choice, ModelChoice::kKeep);
  EXPECT_EQ(ChooseModel(ModelPolicy::kKeep, std::nullopt, 900, "b").choice, ModelChoice::kTrain);
}

TEST(ModelPolicyTest, AKeptModelLinksOnlyTheNewRecordsUnlessAReviewerDecidedSince) {
  const ModelDecision kept{ModelChoice::kKeep, "kept"};
  const ModelDecision trained{ModelChoice::kTrain, "trained"};
  EXPECT_TRUE(LinkOnlyNewRecords(kept, 10, false));
  EXPECT_FALSE(LinkOnlyNewRecords(kept, 0, false));   // nothing new: relink all
  EXPECT_FALSE(LinkOnlyNewRecords(kept, 10, true));   // a decision to apply
  EXPECT_FALSE(LinkOnlyNewRecords(trained, 10, false));
}

TEST(ModelPolicyTest, TheFingerprintFollowsTheSettingsThatShapeTheModel) {
  LinkSettings a = DefaultLinkSettings();
  LinkSettings b = a;
  EXPECT_EQ(ModelSettingsFingerprint(a), ModelSettingsFingerprint(b));
  b.threshold = 0.3;  // clustering, not training
  EXPECT_EQ(ModelSettingsFingerprint(a), ModelSettingsFingerprint(b));
  b.rules.pop_back();
  EXPECT_NE(ModelSettingsFingerprint(a), ModelSettingsFingerprint(b));
  b = a;
  b.em_iterations = 7;
  EXPECT_NE(ModelSettingsFingerprint(a), ModelSettingsFingerprint(b));
}

}  // namespace
}  // namespace habeas::link
