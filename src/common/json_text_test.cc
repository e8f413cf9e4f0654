#include "habeas/json_text.h"

#include <gtest/gtest.h>

namespace habeas {
namespace {

// dump() threw on a byte that is not UTF-8: a Latin-1 file name ended the process.
TEST(JsonTextTest, InvalidUtf8BecomesTheReplacementCharacter) {
  const nlohmann::json j = {{"file", "Relaci\xf3n.csv"}};
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);
  EXPECT_EQ(JsonText(j), "{\"file\":\"Relaci\xef\xbf\xbdn.csv\"}");
}

// DEL and the C1 controls (U+009B is an 8-bit CSI) were written raw.
TEST(JsonTextTest, DelAndC1ControlsAreEscapedAndReadBackTheSame) {
  const std::string name =
      "Ana\x1b[2J Ruiz\xc2\x9b"
      "31m\x7f Pe\xc3\xb1"
      "a\xc2\xa0X";
  const nlohmann::json j = {{"name", name}};
  const std::string text = JsonText(j);
  EXPECT_EQ(text,
            "{\"name\":\"Ana\\u001b[2J Ruiz\\u009b31m\\u007f Pe\xc3\xb1"
            "a\xc2\xa0X\"}");
  EXPECT_EQ(nlohmann::json::parse(text)["name"], name);  // the same string
  EXPECT_EQ(JsonText(nlohmann::json::array({1, 2}), 2), "[\n  1,\n  2\n]");
}

}  // namespace
}  // namespace habeas
