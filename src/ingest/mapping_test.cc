#include "ingest/mapping.h"

#include <gtest/gtest.h>

namespace habeas::ingest {
namespace {

constexpr const char* kGood = R"(# family reports
[source]
name = "family_reports"
kind = "family"
record_id = "record_id"
received = "2025-03-25"
encoding = "cp1252"
[fields]
given_names = "nombres"
surname1 = "primer_apellido"
birth_date = "fecha_nacimiento"
address = ["street_number", "address_1"]
[formats]
birth_date = "DD/MM/YYYY"
)";

std::string ErrorOf(const std::string& text) {
  Result<Mapping> m = Mapping::Parse(text, "m.toml");
  return m.ok() ? "ok" : m.status().message();
}

TEST(MappingTest, ParsesTheDocumentedFormat) {
  Result<Mapping> m = Mapping::Parse(kGood, "m.toml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->source.name, "family_reports");
  EXPECT_EQ(m->source.kind, SourceKind::kFamily);
  EXPECT_EQ(m->record_id_column, "record_id");
  EXPECT_EQ(m->received_date, "2025-03-25");
  EXPECT_EQ(m->encoding, Encoding::kWindows1252);
  ASSERT_EQ(m->fields.size(), 4u);
  EXPECT_EQ(m->fields[3].field, CanonicalField::kAddress);
  EXPECT_EQ(m->fields[3].columns, (std::vector<std::string>{"street_number", "address_1"}));
  EXPECT_EQ(m->fields[3].line, 12);
  EXPECT_EQ(m->date_formats.at(CanonicalField::kBirthDate), "DD/MM/YYYY");
  EXPECT_EQ(m->text, kGood);
}

TEST(MappingTest, ChecksColumnsAgainstHeaderWithMappingLine) {
  Result<Mapping> m = Mapping::Parse(kGood, "m.toml");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->CheckColumns({"record_id", "nombres", "primer_apellido", "fecha_nacimiento",
                               "street_number", "address_1", "extra"},
                              "f.csv")
                  .ok());
  Status s = m->CheckColumns(
      {"record_id", "nombre", "primer_apellido", "fecha_nacimiento", "street_number", "address_1"},
      "f.csv");
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("m.toml:9: given_names names column \"nombres\", which is not in "
                             "f.csv's header"),
            std::string::npos)
      << s.message();
  s = m->CheckColumns({"record_id", "nombres", "nombres", "primer_apellido", "fecha_nacimiento",
                       "street_number", "address_1"},
                      "f.csv");
  EXPECT_NE(s.message().find("appears 2 times"), std::string::npos);
}

TEST(MappingTest, RejectsBadMappingsWithLineNumbers) {
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\n[fields]\nnombre = \"a\"\n")
                .find("m.toml:5: \"nombre\" is not a canonical field"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"gang\"\n[fields]\nnote = \"a\"\n")
                .find("m.toml:3: source kind \"gang\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\n[fields]\nnote = \"a\"\n").find("needs kind"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\n").find("missing [fields]"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source\nname = 1").find("m.toml:1:"), std::string::npos);
  EXPECT_NE(
      ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\n[fields]\nnote = 3\n").find("m.toml:5:"),
      std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\n[fields]\nnote = \"a\"\n"
                    "[formats]\nbirth_date = \"QQ\"\n")
                .find("m.toml:7: date format \"QQ\""),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\nreceived = \"25/03/2025\"\n"
                    "[fields]\nnote = \"a\"\n")
                .find("m.toml:4: received"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[source]\nname = \"x\"\nkind = \"family\"\ncolour = \"red\"\n[fields]\n"
                    "note = \"a\"\n")
                .find("unknown key \"colour\""),
            std::string::npos);
}

TEST(MappingTest, PlaceholdersAreAListOfStringsInFormats) {
  const std::string head = "[source]\nname = \"x\"\nkind = \"family\"\n[fields]\nnote = \"a\"\n";
  Result<Mapping> m =
      Mapping::Parse(head + "[formats]\nplaceholders = [\"s/d\", \"no consta\"]\n", "m.toml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->placeholders, (std::vector<std::string>{"s/d", "no consta"}));
  EXPECT_NE(ErrorOf(head + "[formats]\nplaceholders = \"s/d\"\n")
                .find("m.toml:7: placeholders must be a list of strings"),
            std::string::npos);
  EXPECT_NE(ErrorOf(head + "[formats]\nplaceholders = [3]\n").find("m.toml:7:"), std::string::npos);
  EXPECT_NE(ErrorOf(head + "[formats]\nage = \"x\"\n")
                .find("[formats] only takes birth_date, record_date and placeholders"),
            std::string::npos);
}

}  // namespace
}  // namespace habeas::ingest
