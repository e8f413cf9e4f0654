#include "server/password_hash.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace habeas::server {
namespace {

TEST(HashSecretTest, AHashVerifiesItsSecretAndNoOther) {
  ASSERT_TRUE(InitSodium().ok());
  const auto hash = HashSecret("correct horse", HashCost::kFastForTests);
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_EQ(hash->rfind("$argon2id$v=19$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifySecret("correct horse", *hash));
  EXPECT_FALSE(VerifySecret("correct horse ", *hash));
  EXPECT_FALSE(VerifySecret("Correct horse", *hash));
  EXPECT_FALSE(VerifySecret("", *hash));
}

TEST(HashSecretTest, TheSameSecretHashesDifferentlyEachTime) {
  const auto a = HashSecret("s3cret", HashCost::kFastForTests);
  const auto b = HashSecret("s3cret", HashCost::kFastForTests);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b) << "each hash has its own salt";
  EXPECT_TRUE(VerifySecret("s3cret", *a));
  EXPECT_TRUE(VerifySecret("s3cret", *b));
}

TEST(HashSecretTest, SecretsWithNulBytesAreHashedWhole) {
  const std::string secret("ab\0cd", 5);
  const auto hash = HashSecret(secret, HashCost::kFastForTests);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifySecret(secret, *hash));
  EXPECT_FALSE(VerifySecret("ab", *hash));
}

TEST(HashSecretTest, TheInteractiveCostVerifiesTheSameWay) {
  const auto hash = HashSecret("pw", HashCost::kInteractive);
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_NE(hash->find("m=65536"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifySecret("pw", *hash));
}

TEST(VerifySecretTest, MalformedHashesAreRefusedNotCrashedOn) {
  const auto good = HashSecret("pw", HashCost::kFastForTests);
  ASSERT_TRUE(good.ok());
  const std::string cases[] = {
      "",
      "pw",
      "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA",  // not argon2id
      "$argon2id$",
      good->substr(0, good->size() - 5),  // truncated
      *good + std::string(200, 'A'),      // longer than any hash libsodium writes
  };
  for (const std::string& hash : cases) EXPECT_FALSE(VerifySecret("pw", hash)) << hash;
}

TEST(RandomUrlSafeTest, HasTheLengthOfUnpaddedBase64AndOnlyUrlSafeCharacters) {
  const std::pair<size_t, size_t> lengths[] = {{0, 0}, {1, 2}, {2, 3}, {3, 4}, {24, 32}, {32, 43}};
  for (const auto& [bytes, chars] : lengths) {
    const std::string s = RandomUrlSafe(bytes);
    EXPECT_EQ(s.size(), chars) << bytes << " bytes";
    EXPECT_EQ(s.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << s;
  }
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(RandomUrlSafe(16));
  EXPECT_EQ(seen.size(), 100u);
}

TEST(DigestOfRandomSecretTest, IsBlake2b256InLowerCaseHex) {
  // Computed independently: python3 -c "import hashlib;
  // print(hashlib.blake2b(b'abc', digest_size=32).hexdigest())".
  EXPECT_EQ(DigestOfRandomSecret(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(DigestOfRandomSecret("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_NE(DigestOfRandomSecret("abd"), DigestOfRandomSecret("abc"));
}

TEST(ConstantTimeEqualsTest, ComparesWholeStringsOfAnyLength) {
  struct Case {
    std::string a, b;
    bool equal;
  };
  const Case cases[] = {
      {"", "", true},      {"a", "a", true},    {"a", "b", false},
      {"a", "", false},    {"", "a", false},    {"abc", "abd", false},
      {"abc", "ab", false}, {std::string("a\0b", 3), std::string("a\0c", 3), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ConstantTimeEquals(c.a, c.b), c.equal) << "\"" << c.a << "\" vs \"" << c.b << "\"";
  }
}

TEST(RandomPasswordTest, UsesOnlyCharactersThatCannotBeMisread) {
  for (size_t length : {0u, 1u, 20u, 64u}) {
    const std::string password = RandomPassword(length);
    EXPECT_EQ(password.size(), length);
    // No 0/O, 1/l/I: a password read aloud or copied by hand must survive.
    EXPECT_EQ(password.find_first_of("0O1lI"), std::string::npos) << password;
    for (char c : password) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  }
}

}  // namespace
}  // namespace habeas::server
