#include "habeas/status.h"

#include <gtest/gtest.h>

#include <set>

namespace habeas {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidInput(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  HABEAS_ASSIGN_OR_RETURN(int h, Half(x));
  HABEAS_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, OkAndErrorValues) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = NotFound("source \"x\"");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not found: source \"x\"");
  EXPECT_EQ(s.WithContext("show").message(), "show: source \"x\"");
}

TEST(StatusTest, ExitCodesAreDistinctAndZeroOnlyForOk) {
  const StatusCode codes[] = {StatusCode::kInvalidInput,     StatusCode::kNotFound,
                              StatusCode::kPermissionDenied, StatusCode::kConflict,
                              StatusCode::kDataLoss,         StatusCode::kUnavailable,
                              StatusCode::kInternal};
  std::set<int> seen;
  for (StatusCode c : codes) {
    EXPECT_NE(ExitCodeFor(c), 0);
    EXPECT_NE(ExitCodeFor(c), 2) << "2 is reserved for usage errors";
    EXPECT_TRUE(seen.insert(ExitCodeFor(c)).second);
  }
  EXPECT_EQ(ExitCodeFor(StatusCode::kOk), 0);
}

TEST(StatusTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
}

}  // namespace
}  // namespace habeas
