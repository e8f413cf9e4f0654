#include "habeas/orders.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace habeas {
namespace {

struct GoldenCase {
  std::string name, text, message;
};

std::vector<GoldenCase> ReadGolden(const std::string& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  std::vector<GoldenCase> out;
  std::string line;
  GoldenCase current;
  bool in_case = false;
  std::istringstream lines(all.str());
  while (std::getline(lines, line)) {
    if (line.rfind("### ", 0) == 0) {
      current = GoldenCase{line.substr(4), "", ""};
      in_case = true;
    } else if (line.rfind(">>> ", 0) == 0 && in_case) {
      if (!current.text.empty()) current.text.pop_back();  // the newline before ">>>"
      current.message = line.substr(4);
      out.push_back(current);
      in_case = false;
    } else if (in_case) {
      current.text += line + "\n";
    }
  }
  return out;
}

TEST(RuleParserGoldenTest, EveryParseErrorSaysWhereAndWhatWasExpected) {
  const auto cases = ReadGolden(std::string(HABEAS_TEST_DATA_DIR) + "/orders/parse_errors.txt");
  ASSERT_GE(cases.size(), 50u);
  for (const GoldenCase& c : cases) {
    auto orders = ParseOrders(c.text, "rules.txt");
    ASSERT_FALSE(orders.ok()) << c.name;
    EXPECT_EQ(orders.status().message(), c.message) << c.name;
    EXPECT_EQ(orders.status().code(), StatusCode::kInvalidInput) << c.name;
  }
}

TEST(RuleParserTest, ParsesEveryStatement) {
  const char* text = R"(# comment
order a {
  court "D.D.C."   case "1:25-cv-00766"   title "T"
  issued "2025-03-15T18:45/2025-03-15T18:48" in "America/New_York"
  effective for 14 days
  scope named a_number "207761909", record "jgg" "1", person "P000004"
  scope class nationality in ("VE", "venezolano") and age at issued >= 14
              and (in_custody at "2025-03-15" or not status != "lpr")
              and designated under "aea" and attribute "reads" = "es"
  forbids removal under "aea"
  forbids departure
  requires notice at least 24 hours before removal under "aea"
  requires notice in a language the person reads
}
order b { issued "2025-04-07" effective until further order vacates a }
order c { issued "2025-04-07" effective until "2025-05-01 12:00" in "-04:00"
          scope named a_number "1" forbids removal }
)";
  auto orders = ParseOrders(text, "x.rules");
  ASSERT_TRUE(orders.ok()) << orders.status().message();
  ASSERT_EQ(orders->size(), 3u);
  const Order& a = (*orders)[0];
  EXPECT_EQ(a.court, "D.D.C.");
  EXPECT_EQ(a.case_number, "1:25-cv-00766");
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.days, 14);
  EXPECT_EQ(a.issued.precision, TimePrecision::kInterval);
  ASSERT_EQ(a.named.size(), 3u);
  EXPECT_EQ(a.named[1].Describe(), "record \"jgg\" \"1\"");
  ASSERT_EQ(a.classes.size(), 1u);
  EXPECT_EQ(a.classes[0]->op, RuleExpr::Op::kAnd);
  EXPECT_EQ(a.classes[0]->operands.size(), 5u);
  EXPECT_EQ(a.classes[0]->operands[0]->values, (std::vector<std::string>{"VE", "VE"}));
  EXPECT_EQ(a.classes[0]->operands[2]->op, RuleExpr::Op::kOr);
  EXPECT_EQ(a.forbids.size(), 2u);
  EXPECT_EQ(a.notices.size(), 2u);
  EXPECT_EQ(a.notices[0].min_hours, 24);
  EXPECT_TRUE(a.notices[1].in_language);
  EXPECT_EQ(a.text.substr(0, 9), "order a {");
  EXPECT_TRUE((*orders)[1].until_further_order);
  EXPECT_EQ((*orders)[1].vacates, std::vector<std::string>{"a"});
  ASSERT_TRUE((*orders)[2].until);
  EXPECT_EQ(FormatUtcSeconds((*orders)[2].until->earliest), "2025-05-01T16:00:00Z");
  EXPECT_TRUE(CheckVacates(*orders, {}).ok());
}

TEST(RuleParserTest, VacatingAnUnknownOrderIsRefused) {
  auto orders = ParseOrders("order b { issued \"2025-04-07\" vacates a }", "x.rules");
  ASSERT_TRUE(orders.ok());
  Status s = CheckVacates(*orders, {});
  EXPECT_EQ(s.message(),
            "x.rules:1: order \"b\" vacates \"a\", which is neither in this file nor stored; "
            "store that order first");
  EXPECT_TRUE(CheckVacates(*orders, {"a"}).ok());
}

}  // namespace
}  // namespace habeas
