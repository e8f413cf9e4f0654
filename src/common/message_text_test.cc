#include "common/message_text.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

TEST(Quote, PutsTheValueBetweenDoubleQuotesAsReceived) {
  EXPECT_EQ(Quote("31/02/1990"), "\"31/02/1990\"");
  EXPECT_EQ(Quote(""), "\"\"");
  // No escaping: the user's own text comes back to them as typed.
  EXPECT_EQ(Quote("say \"hi\""), "\"say \"hi\"\"");
  EXPECT_EQ(Quote(std::string_view("a\0b", 3)), std::string("\"a\0b\"", 5));
  EXPECT_EQ(Quote("Pérez"), "\"Pérez\"");
}

}  // namespace
}  // namespace habeas
