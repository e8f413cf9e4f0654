#include "names/words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace habeas::names {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  ForEachWord(text, [&](std::string_view w) { out.emplace_back(w); });
  return out;
}

TEST(ForEachWord, TheRunsBetweenSpacesInOrder) {
  EXPECT_EQ(Words("maria del carmen"), (std::vector<std::string>{"maria", "del", "carmen"}));
  EXPECT_EQ(Words("jose"), (std::vector<std::string>{"jose"}));
}

TEST(ForEachWord, EmptyRunsAreSkipped) {
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words("   ").empty());
  EXPECT_EQ(Words(" a  b "), (std::vector<std::string>{"a", "b"}));
}

TEST(ForEachWord, OnlySpacesSeparate) {
  // Normalised text has no other separators; a hyphen or tab stays inside its word.
  EXPECT_EQ(Words("garcia-lopez\tx"), (std::vector<std::string>{"garcia-lopez\tx"}));
  EXPECT_EQ(Words("ñuñez perez"), (std::vector<std::string>{"ñuñez", "perez"}));
}

}  // namespace
}  // namespace habeas::names
