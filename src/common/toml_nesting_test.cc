#include "common/toml_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace habeas {
namespace {

std::string Dotted(int parts) {
  std::string key = "a";
  for (int i = 1; i < parts; ++i) key += ".a";
  return key;
}

// [a.a.a...] with 50,000 parts crashed the mapping and settings parsers (SIGSEGV while
// freeing the nested tables): refused before parsing, naming the line.
TEST(TomlNestingTest, ADeeplyDottedTableHeaderIsRefusedWithItsLine) {
  const std::string text =
      "[source]\nname = \"x\"\n[fields]\nfull_name = \"n\"\n[" + Dotted(100000) + "]\n";
  Status s = CheckTomlNesting(text, "m.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("m.toml:5: a key of more than 64 dotted parts"), std::string::npos)
      << s.message();
}

TEST(TomlNestingTest, ADeeplyDottedKeyIsRefused) {
  EXPECT_FALSE(CheckTomlNesting("threshold = 0.5\n" + Dotted(65) + " = 1\n", "s.toml").ok());
  EXPECT_FALSE(CheckTomlNesting("x = { " + Dotted(65) + " = 1 }\n", "s.toml").ok());
  EXPECT_FALSE(CheckTomlNesting("[[" + Dotted(65) + "]]\n", "s.toml").ok());
  EXPECT_FALSE(CheckTomlNesting("\"q\" . " + Dotted(64) + " = 1\n", "s.toml").ok())
      << "quoted parts and spaces around dots count";
  EXPECT_TRUE(CheckTomlNesting("[" + Dotted(64) + "]\n" + Dotted(64) + " = 1\n", "s.toml").ok());
}

TEST(TomlNestingTest, DotsInValuesStringsAndCommentsDoNotCount) {
  const std::string dots(1000, '.');
  const std::string text = "a = \"" + dots + "\"\n" +                                //
                           "b = '" + dots + "'\n" +                                  //
                           "c = \"\"\"\n" + dots + "\n\"x\" " + dots + "\"\"\"\n" +  //
                           "d = '''" + dots + "\n" + dots + "'''\n" +                //
                           "# " + dots + "\n" +                                      //
                           "e = [1.5, 2.5, 1979-05-27T07:32:00.999]\n" +             //
                           "f = \"escaped \\\" " + dots + "\"\n" +                   //
                           "threshold = 0.5 # " + dots + "\n";
  EXPECT_TRUE(CheckTomlNesting(text, "s.toml").ok()) << CheckTomlNesting(text, "s.toml").message();
}

TEST(TomlNestingTest, LinesAreCountedInsideMultiLineStrings) {
  const std::string text = "a = \"\"\"\none\ntwo\n\"\"\"\n[" + Dotted(70) + "]\n";
  Status s = CheckTomlNesting(text, "m.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("m.toml:5:"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace habeas
