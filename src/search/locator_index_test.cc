// BuildImage: the file image of an index from its forms (locator_impl.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include "search/locator_impl.h"

namespace habeas::search {
namespace {

FormData Form(const std::string& person, int64_t record, const std::string& tokens,
              const std::string& national_id, uint32_t birth) {
  FormData f;
  f.person_id = person;
  f.record_id = record;
  f.source = record % 2 == 0 ? "manifest" : "court";
  f.source_record_id = "r" + std::to_string(record);
  f.display_name = tokens;
  f.tokens = tokens;
  f.national_id = national_id;
  f.date = "2025-0" + std::to_string(record % 9 + 1) + "-01";
  f.birth = birth;
  return f;
}

std::vector<FormData> Forms() {
  return {Form("p2", 4, "jose perez", "12345678", 19900403),
          Form("p1", 2, "maria gonzalez", "", 19851200), Form("p2", 3, "jose peres", "12345679", 0),
          Form("p3", 1, "ana garcia lopez", "87654321", 19700000),
          Form("p1", 5, "maria gonzales", "", 19851224)};
}

std::string Bytes(const IndexImage& image) {
  return std::string(reinterpret_cast<const char*>(image.buffer.get()), image.size);
}

TEST(BuildImage, SameBytesWhateverTheOrderOfTheForms) {
  auto first = BuildImage(Forms(), "fp", "batches");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::vector<FormData> shuffled = Forms();
  std::mt19937 rng(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    auto again = BuildImage(shuffled, "fp", "batches");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(Bytes(*again), Bytes(*first));
  }
}

TEST(BuildImage, PersonsInIdOrderTheirFormsInRecordOrder) {
  auto image = BuildImage(Forms(), "fp", "");
  ASSERT_TRUE(image.ok());
  LocatorIndex::Impl index;
  index.buffer = std::move(image->buffer);
  index.size = image->size;
  ASSERT_TRUE(index.Attach().ok());
  ASSERT_EQ(index.persons.size(), 3u);
  EXPECT_EQ(index.Str(index.persons[0].id), "p1");
  EXPECT_EQ(index.persons[0].form_count, 2u);
  EXPECT_EQ(index.Str(index.persons[2].id), "p3");
  ASSERT_EQ(index.forms.size(), 5u);
  std::vector<int64_t> records;
  for (const internal::FormEntry& f : index.forms) records.push_back(f.record_id);
  EXPECT_EQ(records, (std::vector<int64_t>{2, 5, 3, 4, 1}));
  // A token's postings: the persons holding it, each once.
  const int64_t jose = index.FindToken("jose");
  ASSERT_GE(jose, 0);
  const auto postings = index.Postings(static_cast<uint32_t>(jose));
  EXPECT_EQ(std::vector<uint32_t>(postings.begin(), postings.end()), std::vector<uint32_t>{1});
  // The identifier and its one-deletion variants; a full birth date also under its year.
  EXPECT_EQ(index.Values(index.Find(index.ids, internal::HashKey("87654321"))).size(), 1u);
  EXPECT_EQ(index.Values(index.Find(index.id_deletions, internal::HashKey("1234567"))).size(), 1u);
  const auto year = index.Values(index.Find(index.births, 1990));
  EXPECT_EQ(std::vector<uint32_t>(year.begin(), year.end()), std::vector<uint32_t>{1});
  EXPECT_EQ(index.Str(index.sources[index.forms[0].source]), "manifest");
}

TEST(BuildImage, FormWithoutPersonIsInvalidInput) {
  std::vector<FormData> forms = Forms();
  forms[1].person_id.clear();
  auto image = BuildImage(forms, "fp", "");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace habeas::search
