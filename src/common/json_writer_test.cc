#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace habeas {
namespace {

// Writes `j` through the writer, keys in the map's order: must be j.dump(2) at indent 0.
void Write(const nlohmann::json& j, JsonWriter& w) {
  switch (j.type()) {
    case nlohmann::json::value_t::object:
      w.BeginObject();
      for (const auto& [key, value] : j.items()) {
        w.Key(key);
        Write(value, w);
      }
      w.EndObject();
      return;
    case nlohmann::json::value_t::array:
      w.BeginArray();
      for (const auto& value : j) Write(value, w);
      w.EndArray();
      return;
    case nlohmann::json::value_t::string:
      return w.String(j.get<std::string>());
    case nlohmann::json::value_t::number_float:
      return w.Double(j.get<double>());
    default:
      return w.Int(j.get<int64_t>());
  }
}

std::string Written(const nlohmann::json& j, int indent = 0) {
  std::string text;
  JsonWriter w(&text, JsonLayout::kPretty, indent);
  Write(j, w);
  return text;
}

TEST(JsonWriterTest, WritesWhatDumpTwoWrites) {
  const nlohmann::json cases[] = {
      nlohmann::json::object(),
      nlohmann::json::array(),
      {{"a", 1}, {"b", nlohmann::json::array()}, {"c", nlohmann::json::object()}},
      {{"evidence",
        {{{"claim_id", 7}, {"confidence", 0.9}}, {{"claim_id", -8}, {"confidence", 1.0}}}},
       {"trace", {"x → yes", "y"}},
       {"nested", {{"deeper", {{"deepest", {1, 2, 3}}}}}}},
      {{"escapes", "quote \" backslash \\ \b\f\n\r\t \x01\x1f\x7f end"}},
      {{"utf8", "Detención, Ñ, 中文, \xc2\x9b"}},
      {{"numbers", {0, -1, 9007199254740993LL, 1e-7, 0.1, 1.5e300, 100.0}}},
  };
  for (const nlohmann::json& j : cases) EXPECT_EQ(Written(j), j.dump(2)) << j.dump();
}

// A value written at an indent lines up as the same value nested that deep.
TEST(JsonWriterTest, StartsAtTheGivenIndent) {
  const nlohmann::json inner = {{"k", {1, {{"x", "y"}}}}};
  const nlohmann::json outer = {{"a", {{"b", inner}}}};
  const std::string whole = outer.dump(2);
  EXPECT_NE(whole.find(Written(inner, 4)), std::string::npos);
}

TEST(JsonWriterTest, DumpedTextIsReindented) {
  const nlohmann::json inner = {{"court", "D.D.C."}, {"issued", {{"earliest", "x"}}}};
  std::string text;
  JsonWriter w(&text, JsonLayout::kPretty, 0);
  w.BeginObject();
  w.Key("a");
  w.Dumped(inner.dump(2));
  w.Key("b");
  w.Int(2);
  w.EndObject();
  EXPECT_EQ(text, nlohmann::json({{"a", inner}, {"b", 2}}).dump(2));
}

// UTF-8 is copied as it is when well-formed; anything else throws, as dump() does.
TEST(JsonWriterTest, Utf8AsDumpWritesItOrThrowsAsDumpDoes) {
  const std::string cases[] = {
      "\xc2\x80 \xdf\xbf \xe0\xa0\x80 \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbf",
      "\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf \xf0\x9f\x98\x80 → – ñ",
      "bad \xff byte",
      "\xc0\x80",
      "\xc1\xbf",
      "\xe0\x9f\xbf",
      "\xed\xa0\x80",
      "\xf0\x8f\xbf\xbf",
      "\xf4\x90\x80\x80",
      "\xf5\x80\x80\x80",
      "\x80",
      "\xe2\x86",
      "end \xe2",
      "\xc2 \"",
  };
  for (const std::string& s : cases) {
    std::string expected;
    bool threw = false;
    try {
      expected = nlohmann::json(s).dump();
    } catch (const nlohmann::json::type_error&) {
      threw = true;
    }
    std::string text;
    if (threw) {
      EXPECT_THROW(AppendJsonString(s, &text), nlohmann::json::type_error) << s;
    } else {
      AppendJsonString(s, &text);
      EXPECT_EQ(text, expected);
    }
  }
}

// kCompact against nlohmann's dump(-1) with invalid UTF-8 replaced (what the server's
// JSON answers send): the same bytes for strings that need escaping, are not UTF-8, and
// for the numbers dump() writes in its own way.
std::string DumpedCompact(const nlohmann::json& j) {
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
    EXPECT_EQ(text, DumpedCompact(s)) << s;
  }
}

TEST(CompactJsonWriterTest, NumbersAreWrittenAsDumpWritesThem) {
  const std::vector<double> doubles = {0.0,    -0.0,   1.0,  0.5,    0.9877, 0.0001, 1e-5,
                                       0.1234, 0.3333, 1e21, 123.25, -2.5,
                                       std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::infinity()};
  for (double d : doubles) {
    std::string text;
    JsonWriter w(&text, JsonLayout::kCompact);
    w.Double(d);
    EXPECT_EQ(text, DumpedCompact(d)) << d;
  }
  for (int64_t i : {int64_t{0}, int64_t{-7}, int64_t{123456789012},
                    std::numeric_limits<int64_t>::min()}) {
    std::string text;
    JsonWriter w(&text, JsonLayout::kCompact);
    w.Int(i);
    EXPECT_EQ(text, DumpedCompact(i)) << i;
  }
}

TEST(CompactJsonWriterTest, NestedObjectsAndArraysAsDumpWritesThem) {
  std::string text;
  JsonWriter w(&text, JsonLayout::kCompact);
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
  EXPECT_EQ(text, DumpedCompact(expected));
}

}  // namespace
}  // namespace habeas
