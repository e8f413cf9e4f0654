#include "ingest/json_line.h"

#include <gtest/gtest.h>

namespace habeas::ingest {
namespace {

using Kind = JsonValueKind;

std::vector<JsonMember> Read(std::string_view line) {
  std::vector<JsonMember> members;
  const Status s = ReadJsonObjectLine(line, &members);
  EXPECT_TRUE(s.ok()) << line << ": " << s.message();
  return members;
}

std::string Error(std::string_view line) {
  std::vector<JsonMember> members;
  const Status s = ReadJsonObjectLine(line, &members);
  EXPECT_FALSE(s.ok()) << line;
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  return s.message();
}

TEST(JsonLineTest, MembersInLineOrderWithTheirKinds) {
  const auto m = Read(R"({"id": "c1", "age": 31, "ok": true, "gone": null, "tags": ["a", 2]})");
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].key, "id");
  EXPECT_EQ(m[0].text, "c1");
  EXPECT_EQ(m[0].kind, Kind::kString);
  EXPECT_EQ(m[1].text, "31");
  EXPECT_EQ(m[1].kind, Kind::kNumber);
  EXPECT_EQ(m[2].text, "true");
  EXPECT_EQ(m[2].kind, Kind::kBoolean);
  EXPECT_EQ(m[3].text, "");
  EXPECT_EQ(m[3].kind, Kind::kNull);
  EXPECT_EQ(m[4].text, R"(["a", 2])");
  EXPECT_EQ(m[4].kind, Kind::kArray);
}

TEST(JsonLineTest, NumbersAreKeptAsTheirSourceText) {
  const auto m =
      Read(R"({"a": 0012345, "b": 1e3, "c": 12345678901234567890123, "d": -0.50, "e": 2.5E-07,)"
           R"( "f": 18446744073709551616, "g": {"n": 1.0e+2}})");
  ASSERT_EQ(m.size(), 7u);
  EXPECT_EQ(m[0].text, "0012345");
  EXPECT_EQ(m[1].text, "1e3");
  EXPECT_EQ(m[2].text, "12345678901234567890123");
  EXPECT_EQ(m[3].text, "-0.50");
  EXPECT_EQ(m[4].text, "2.5E-07");
  EXPECT_EQ(m[5].text, "18446744073709551616");
  EXPECT_EQ(m[6].text, R"({"n": 1.0e+2})");
  EXPECT_EQ(m[6].kind, Kind::kObject);
}

TEST(JsonLineTest, StringEscapesAreDecoded) {
  const auto m = Read(R"({"n\u00famero": "Jes\u00fas \"El\" P\\rez\n\ud83d\ude00\/"})");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "número");
  EXPECT_EQ(m[0].text, "Jesús \"El\" P\\rez\n\xF0\x9F\x98\x80/");
}

TEST(JsonLineTest, ByteOrderMarkAndSpacesAreSkipped) {
  const auto m = Read("\xEF\xBB\xBF  {\t\"a\" :\"x\" }  \r");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].text, "x");
  EXPECT_TRUE(Read("{}").empty());
}

TEST(JsonLineTest, RepeatedKeysAreAllReturnedInOrder) {
  const auto m = Read(R"({"a": 1, "a": 2})");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].text, "2");
}

TEST(JsonLineTest, MembersAreReusedAndTrimmed) {
  std::vector<JsonMember> members;
  ASSERT_TRUE(ReadJsonObjectLine(R"({"a": "1", "b": "2", "c": "3"})", &members).ok());
  ASSERT_TRUE(ReadJsonObjectLine(R"({"z": "9"})", &members).ok());
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].key, "z");
  EXPECT_EQ(members[0].text, "9");
}

TEST(JsonLineTest, ALineThatIsNotAnObjectSaysWhatItHolds) {
  EXPECT_EQ(Error(R"("just a string")"),
            "not a JSON object (the line holds a string); each line must hold one JSON object");
  EXPECT_NE(Error("[1, 2]").find("not a JSON object (the line holds an array)"), std::string::npos);
  EXPECT_NE(Error("42").find("(the line holds a number)"), std::string::npos);
  EXPECT_NE(Error("null").find("(the line holds null)"), std::string::npos);
}

TEST(JsonLineTest, SyntaxErrorsNameTheByte) {
  EXPECT_EQ(Error(R"({"id": "c3", "name": )"),
            "not valid JSON (byte 22: the line ends where a value is expected); each line must "
            "hold one JSON object");
  EXPECT_NE(Error(R"({"a" 1})").find("byte 6: expected ':' after a key"), std::string::npos);
  EXPECT_NE(Error(R"({"a": 1,})").find("expected a key in double quotes"), std::string::npos);
  EXPECT_NE(Error(R"({"a": [1,]})").find("byte 10: expected a value"), std::string::npos);
  EXPECT_NE(Error(R"({"a": 1} x)").find("unexpected text after the value"), std::string::npos);
  EXPECT_NE(Error(R"({"a": 12a})").find("expected ',' or '}'"), std::string::npos);
  EXPECT_NE(Error(R"({"a": "x)").find("a string is not closed"), std::string::npos);
  EXPECT_NE(Error("{\"a\": \"x\ty\"}").find("control character"), std::string::npos);
  EXPECT_NE(Error(R"({"a": "\q"})").find("unknown escape"), std::string::npos);
  EXPECT_NE(Error(R"({"a": "\ud83d"})").find("lone high surrogate"), std::string::npos);
  EXPECT_NE(Error(R"({"a": "\ude00"})").find("lone low surrogate"), std::string::npos);
  EXPECT_NE(Error(R"({"a": "\u12"})").find("four hex digits"), std::string::npos);
  EXPECT_NE(Error(R"({"a": tru})").find("expected a value"), std::string::npos);
  EXPECT_NE(Error(R"({"a": -})").find("expected a digit"), std::string::npos);
  EXPECT_NE(Error(R"({"a": 1.})").find("expected a digit"), std::string::npos);
  EXPECT_NE(Error(R"({"a": [1 2]})").find("expected ',' or ']'"), std::string::npos);
  EXPECT_NE(Error("").find("the line ends where a value is expected"), std::string::npos);
}

std::string Nested(int arrays) {
  return "{\"a\": " + std::string(arrays, '[') + std::string(arrays, ']') + "}";
}

TEST(JsonLineTest, NestingUpToTheLimitIsRead) {
  // The line's object is level 1: kMaxJsonDepth - 1 arrays inside it reach the limit.
  const auto m = Read(Nested(kMaxJsonDepth - 1));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].text.size(), 2u * (kMaxJsonDepth - 1));
}

TEST(JsonLineTest, NestingBeyondTheLimitIsRefusedWithoutRecursion) {
  EXPECT_EQ(Error(Nested(kMaxJsonDepth)),
            "a value nested more than 64 levels deep (byte 70); Habeas reads at most 64 "
            "levels: flatten the value");
  // 100,000 levels (a recursive reader would exhaust the stack), inside a member and
  // as the whole line.
  EXPECT_NE(Error(Nested(100000)).find("nested more than 64 levels"), std::string::npos);
  EXPECT_NE(Error(std::string(100000, '[')).find("nested more than 64 levels"), std::string::npos);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"k\":";
  EXPECT_NE(Error(objects).find("nested more than 64 levels"), std::string::npos);
}

}  // namespace
}  // namespace habeas::ingest
