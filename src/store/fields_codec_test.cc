#include "store/fields_codec.h"

#include <gtest/gtest.h>

namespace habeas::store {
namespace {

TEST(FieldsCodecTest, RoundTripsEveryFieldWithAwkwardText) {
  RecordData r;
  const std::string awkward[] = {"José \"Pepe\" Pérez",
                                 "back\\slash",
                                 "line1\r\nline2\ttab",
                                 std::string("ctrl\x01\x1f", 6),
                                 "😀 emoji",
                                 "",
                                 "0123456789\"x",
                                 "abcdefghijklmnop\\",
                                 "abcdefgh\x7f\x1e"};
  for (int i = 0; i < kCanonicalFieldCount; ++i) r.fields[i] = awkward[i % 9];
  std::string json;
  EncodeFields(r, &json);
  RecordData back;
  ASSERT_TRUE(DecodeFields(json, &back).ok()) << json;
  EXPECT_EQ(back.fields, r.fields);
}

TEST(FieldsCodecTest, WritesOnlyPresentFieldsAsReadableJson) {
  RecordData r;
  r.field(CanonicalField::kGivenNames) = "Ana";
  r.field(CanonicalField::kBirthDate) = "1990-03";
  std::string json;
  EncodeFields(r, &json);
  EXPECT_EQ(json, R"({"given_names":"Ana","birth_date":"1990-03"})");
}

TEST(FieldsCodecTest, PlainAndEscapedValuesGiveTheSameLayout) {
  RecordData r;
  std::string json;
  EncodeFields(r, &json);
  EXPECT_EQ(json, "{}");
  r.field(CanonicalField::kFullName) = "María José Pérez";
  r.field(CanonicalField::kNationalId) = "V12345678";
  r.field(CanonicalField::kNote) = "sin noticias";
  EncodeFields(r, &json);
  EXPECT_EQ(json,
            R"({"full_name":"María José Pérez","national_id":"V12345678","note":"sin noticias"})");
  r.field(CanonicalField::kNote) = "dijo \"está\"\n";
  EncodeFields(r, &json);
  EXPECT_EQ(
      json,
      R"({"full_name":"María José Pérez","national_id":"V12345678","note":"dijo \"está\"\n"})");
}

TEST(FieldsCodecTest, DecodesUnicodeEscapesAndRejectsGarbage) {
  RecordData r;
  ASSERT_TRUE(
      DecodeFields(R"({ "full_name" : "Jos\u00e9 \ud83d\ude00", "unknown": "x" })", &r).ok());
  EXPECT_EQ(r.field(CanonicalField::kFullName), "José 😀");
  EXPECT_FALSE(DecodeFields("", &r).ok());
  EXPECT_FALSE(DecodeFields(R"({"full_name": 3})", &r).ok());
  EXPECT_FALSE(DecodeFields(R"({"full_name": "x")", &r).ok());
  EXPECT_FALSE(DecodeFields(R"({"full_name": "x"} extra)", &r).ok());
  EXPECT_TRUE(DecodeFields("{}", &r).ok());
}

}  // namespace
}  // namespace habeas::store
