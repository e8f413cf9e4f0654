// Linkage settings (settings.cc): the defaults, the TOML format (docs/linkage.md
// "Settings") and the messages for what it refuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "habeas/link.h"

namespace habeas::link {
namespace {

// The message of a settings text that must be refused.
std::string Refusal(const std::string& toml) {
  Result<LinkSettings> s = ParseLinkSettings(toml, "link.toml");
  EXPECT_FALSE(s.ok()) << toml;
  if (s.ok()) return "";
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  return s.status().message();
}

TEST(LinkSettings, AnEmptyFileKeepsEveryDefault) {
  Result<LinkSettings> s = ParseLinkSettings("", "empty.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const LinkSettings d = DefaultLinkSettings();
  EXPECT_EQ(s->rules.size(), d.rules.size());
  EXPECT_EQ(s->threshold, d.threshold);
  EXPECT_EQ(s->max_block_size, d.max_block_size);
  EXPECT_EQ(s->review_limit, d.review_limit);
  EXPECT_EQ(s->age_reference_date, d.age_reference_date);
}

// data/link/linkage.toml says it writes out the built-in defaults: every value.
TEST(LinkSettings, TheBundledFileHoldsTheDefaults) {
  Result<LinkSettings> s =
      LoadLinkSettings(std::string(HABEAS_SOURCE_DIR) + "/data/link/linkage.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const LinkSettings d = DefaultLinkSettings();
  EXPECT_EQ(s->max_block_size, d.max_block_size);
  EXPECT_EQ(s->window, d.window);
  EXPECT_EQ(s->threshold, d.threshold);
  EXPECT_EQ(s->conflict_weight, d.conflict_weight);
  EXPECT_EQ(s->min_mean_probability, d.min_mean_probability);
  EXPECT_EQ(s->national_id_cannot_link, d.national_id_cannot_link);
  EXPECT_EQ(s->a_number_cannot_link, d.a_number_cannot_link);
  EXPECT_EQ(s->max_birth_year_gap, d.max_birth_year_gap);
  EXPECT_EQ(s->em_iterations, d.em_iterations);
  EXPECT_EQ(s->u_sample_pairs, d.u_sample_pairs);
  EXPECT_EQ(s->seed, d.seed);
  EXPECT_EQ(s->prior, d.prior);
  EXPECT_EQ(s->term_frequency, d.term_frequency);
  EXPECT_EQ(s->competition, d.competition);
  EXPECT_EQ(s->tf_cap_bits, d.tf_cap_bits);
  EXPECT_EQ(s->review_low, d.review_low);
  EXPECT_EQ(s->review_high, d.review_high);
  EXPECT_EQ(s->review_limit, d.review_limit);
  EXPECT_EQ(s->threads, d.threads);
  EXPECT_EQ(s->age_reference_date, d.age_reference_date);
}

TEST(LinkSettings, KeysOverrideTheirDefaultsOnly) {
  Result<LinkSettings> s = ParseLinkSettings(R"(
[clustering]
threshold = 0.8
max_birth_year_gap = 3
a_number_cannot_link = false
[model]
seed = 7
prior = 0.001
term_frequency = false
competition = false
age_reference_date = "2024-01-01"
[review]
limit = 10
[run]
threads = 4
)",
                                             "link.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->threshold, 0.8);
  EXPECT_EQ(s->max_birth_year_gap, 3);
  EXPECT_FALSE(s->a_number_cannot_link);
  EXPECT_TRUE(s->national_id_cannot_link);  // untouched
  EXPECT_EQ(s->seed, 7u);
  EXPECT_EQ(s->prior, 0.001);
  EXPECT_FALSE(s->term_frequency);
  EXPECT_FALSE(s->competition);
  EXPECT_EQ(s->age_reference_date, "2024-01-01");
  EXPECT_EQ(s->review_limit, 10);
  EXPECT_EQ(s->threads, 4);
  EXPECT_EQ(s->rules.size(), DefaultLinkSettings().rules.size());
}

TEST(LinkSettings, AnIntegerIsANumber) {
  Result<LinkSettings> s = ParseLinkSettings("[clustering]\nconflict_weight = -8\n", "l.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->conflict_weight, -8.0);
}

TEST(LinkSettings, RulesReplaceTheDefaultRulesAndGetNames) {
  Result<LinkSettings> s = ParseLinkSettings(R"(
[[blocking.rules]]
name = "ids"
parts = ["national_id"]
[[blocking.rules]]
parts = ["given", "birth_year"]
only_if_missing = "postcode"
)",
                                             "link.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->rules.size(), 2u);
  EXPECT_EQ(s->rules[0].name, "ids");
  EXPECT_EQ(s->rules[0].parts, (std::vector<std::string>{"national_id"}));
  EXPECT_EQ(s->rules[1].name, "rule_2");
  EXPECT_EQ(s->rules[1].only_if_missing, "postcode");
}

TEST(LinkSettings, TyposAreRefusedWithTheirLine) {
  EXPECT_EQ(Refusal("[clustering]\nthreshhold = 0.7\n"),
            "link.toml:2: unknown key \"threshhold\" in [clustering] (known: threshold, "
            "conflict_weight, min_mean_probability, national_id_cannot_link, "
            "a_number_cannot_link, max_birth_year_gap); fix the spelling or remove it");
  EXPECT_EQ(Refusal("\n[clusters]\nthreshold = 0.7\n"),
            "link.toml:2: unknown table or key \"clusters\" (known: [blocking], [model], "
            "[clustering], [review], [run]); fix the spelling or remove it");
  EXPECT_NE(Refusal("[[blocking.rules]]\nname = \"x\"\npart = [\"given\"]\n")
                .find("unknown key \"part\" in [blocking.rules]"),
            std::string::npos);
}

TEST(LinkSettings, ValuesOfTheWrongTypeAreRefused) {
  EXPECT_EQ(Refusal("[clustering]\nthreshold = \"high\"\n"),
            "link.toml:2: threshold must be a number");
  EXPECT_EQ(Refusal("[blocking]\nwindow = 2.5\n"), "link.toml:2: window must be an integer");
  EXPECT_EQ(Refusal("[model]\nterm_frequency = \"yes\"\n"),
            "link.toml:2: term_frequency must be true or false");
  EXPECT_NE(Refusal("[blocking]\nrules = [1, 2]\n").find("entries must be tables"),
            std::string::npos);
}

TEST(LinkSettings, ValuesOutOfRangeAreRefused) {
  EXPECT_NE(Refusal("[clustering]\nthreshold = 1.0\n").find("between 0 and 1"),
            std::string::npos);
  EXPECT_NE(Refusal("[clustering]\nthreshold = 0\n").find("between 0 and 1"), std::string::npos);
  EXPECT_NE(Refusal("[clustering]\nthreshold = nan\n").find("between 0 and 1"),
            std::string::npos);
  EXPECT_NE(Refusal("[blocking]\nmax_block_size = 1\n").find("max_block_size must be >= 2"),
            std::string::npos);
  EXPECT_NE(Refusal("[blocking]\nwindow = 0\n").find("window >= 1"), std::string::npos);
  EXPECT_EQ(Refusal("[run]\nthreads = 0\n"), "link.toml: run.threads must be 1-64");
  EXPECT_EQ(Refusal("[run]\nthreads = 65\n"), "link.toml: run.threads must be 1-64");
}

TEST(LinkSettings, RulesMustNameKnownParts) {
  EXPECT_NE(Refusal("[[blocking.rules]]\nname = \"r\"\nparts = [\"shoe_size\"]\n")
                .find("blocking rule \"r\": unknown key part \"shoe_size\""),
            std::string::npos);
  EXPECT_NE(Refusal("[[blocking.rules]]\nname = \"r\"\nparts = []\n").find("has no parts"),
            std::string::npos);
  EXPECT_NE(Refusal("[[blocking.rules]]\nname = \"r\"\nparts = [\"given\"]\n"
                    "only_if_missing = \"moon\"\n")
                .find("unknown only_if_missing part \"moon\""),
            std::string::npos);
}

TEST(LinkSettings, ATomlSyntaxErrorNamesItsLine) {
  const std::string message = Refusal("[model]\nseed = 1\nprior = \n");
  EXPECT_EQ(message.rfind("link.toml:3: ", 0), 0u) << message;
}

TEST(LinkSettings, AMissingFileIsNotFound) {
  Result<LinkSettings> s = LoadLinkSettings("/nonexistent/habeas/link.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("/nonexistent/habeas/link.toml"), std::string::npos);
}

}  // namespace
}  // namespace habeas::link
