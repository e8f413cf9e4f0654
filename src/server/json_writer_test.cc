// CompactJsonWriter against nlohmann's dump(-1) with invalid UTF-8 replaced (what
// JsonResponse sends): the same bytes for strings that need escaping, are not UTF-8,
// and for the numbers dump() writes in its own way.
#include "server/json_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include <nlohmann/json.hpp>

namespace habeas::server {
namespace {

std::string Dumped(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(CompactJsonWriterTest, StringsAreEscapedAndReplacedAsDumpDoes) {
  const std::vector<std::string> cases = {
      "",
      "José Pérez",
      "quote \" backslash \\ slash /",
      std::string("nul \0 bell \a tab \t newline \n cr \r esc \x1b del \x7f", 43),
      "Chuy \xE2\x86\x92 Jes\xC3\xBAs",   // an arrow, valid
      "Jes\xC3",                          // cut in the middle of a sequence
      "\xFF\xFE bytes of another encoding",
      "overlong \xC0\xAF and surrogate \xED\xA0\x80",
      "\xF0\x9F\x98\x80 emoji",
  };
  for (const std::string& s : cases) {
    std::string text;
    AppendJsonStringReplacingInvalid(s, &text);
    EXPECT_EQ(text, Dumped(s)) << s;
  }
}

TEST(CompactJsonWriterTest, NumbersAreWrittenAsDumpWritesThem) {
  const std::vector<double> doubles = {0.0,    -0.0,   1.0,  0.5,    0.9877, 0.0001, 1e-5,
                                       0.1234, 0.3333, 1e21, 123.25, -2.5,
                                       std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::infinity()};
  for (double d : doubles) {
    std::string text;
    CompactJsonWriter w(&text);
    w.Double(d);
    EXPECT_EQ(text, Dumped(d)) << d;
  }
  for (int64_t i : {int64_t{0}, int64_t{-7}, int64_t{123456789012},
                    std::numeric_limits<int64_t>::min()}) {
    std::string text;
    CompactJsonWriter w(&text);
    w.Int(i);
    EXPECT_EQ(text, Dumped(i)) << i;
  }
}

TEST(CompactJsonWriterTest, NestedObjectsAndArraysAsDumpWritesThem) {
  std::string text;
  CompactJsonWriter w(&text);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Null();
  w.String("x");
  w.EndArray();
  w.Key("b");
  w.BeginObject();
  w.Key("c");
  w.Double(0.25);
  w.Key("d\"");
  w.String("e");
  w.EndObject();
  w.EndObject();
  const nlohmann::json expected = {
      {"a", {1, nlohmann::json::object(), nlohmann::json::array(), nullptr, "x"}},
      {"b", {{"c", 0.25}, {"d\"", "e"}}}};
  EXPECT_EQ(text, Dumped(expected));
}

}  // namespace
}  // namespace habeas::server
