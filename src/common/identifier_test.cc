#include "habeas/identifier.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

TEST(IdentifierTest, WholeIdentifiersAreTheirDigitsWithoutLeadingZeros) {
  EXPECT_EQ(IdentifierDigits("V-12.345.678"), "12345678");
  EXPECT_EQ(IdentifierDigits("012345678"), "12345678");
  EXPECT_EQ(IdentifierDigits("A# 220-123-456"), "220123456");
  EXPECT_EQ(IdentifierDigits(""), "");
  EXPECT_FALSE(IsPartialIdentifier("201234567"));
  EXPECT_EQ(VisibleIdentifierTail("201234567"), "");
}

TEST(IdentifierTest, APartialIdentifierIsOnlyItsVisibleTail) {
  EXPECT_TRUE(IsPartialIdentifier("******435"));
  EXPECT_EQ(IdentifierDigits("******435"), "");  // never "435": that would be a whole id
  EXPECT_EQ(VisibleIdentifierTail("******435"), "435");
  EXPECT_EQ(VisibleIdentifierTail("V*****678"), "678");
  EXPECT_EQ(VisibleIdentifierTail("*********"), "");
}

TEST(IdentifierTest, TailsCompareOnTheDigitsBothShow) {
  EXPECT_EQ(CompareIdentifierTails("435", "201234435"), TailAgreement::kAgree);
  EXPECT_EQ(CompareIdentifierTails("435", "201234436"), TailAgreement::kDisagree);
  EXPECT_EQ(CompareIdentifierTails("6789", "789"), TailAgreement::kAgree);
  EXPECT_EQ(CompareIdentifierTails("435", ""), TailAgreement::kMissing);
}

}  // namespace
}  // namespace habeas
