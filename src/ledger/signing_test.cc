#include "habeas/ledger.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

namespace habeas::ledger {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          (name + "-" + std::to_string(::getpid())))
      .string();
}

TEST(SigningKeyTest, IsCreatedOnceWithMode0600AndSignsHeads) {
  const std::string path = TempPath("ledger-key");
  std::remove(path.c_str());
  Result<SigningKey> key = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(key->public_key().size(), 32u);
  Result<SigningKey> again = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), key->public_key());
  EXPECT_NE(key->PublicKeyPem().find("BEGIN PUBLIC KEY"), std::string::npos);

  Result<SignedHead> head = key->SignHead(12, Sha256Of("root"), "2026-01-02T03:04:05Z");
  ASSERT_TRUE(head.ok());
  EXPECT_TRUE(head->CheckSignature().ok());
  EXPECT_TRUE(head->CheckSignature(key->public_key()).ok());
  Result<SignedHead> parsed = SignedHead::FromJson(head->ToJson());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->CheckSignature().ok());
  parsed->size = 11;
  EXPECT_EQ(parsed->CheckSignature().code(), StatusCode::kDataLoss);
  std::remove(path.c_str());
}

TEST(SigningKeyTest, RefusesAKeyOthersCanRead) {
  const std::string path = TempPath("ledger-key-open");
  std::remove(path.c_str());
  ASSERT_TRUE(SigningKey::LoadOrCreate(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(SigningKey::Load(path).status().code(), StatusCode::kPermissionDenied);
  std::remove(path.c_str());
}

TEST(SignedHeadTest, AnotherKeysHeadIsRefusedWhenAKeyIsTrusted) {
  const std::string a = TempPath("ledger-key-a"), b = TempPath("ledger-key-b");
  std::remove(a.c_str());
  std::remove(b.c_str());
  Result<SigningKey> ka = SigningKey::LoadOrCreate(a);
  Result<SigningKey> kb = SigningKey::LoadOrCreate(b);
  ASSERT_TRUE(ka.ok() && kb.ok());
  Result<SignedHead> head = kb->SignHead(1, Sha256Of("r"), "t");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->CheckSignature(ka->public_key()).code(), StatusCode::kDataLoss);
  std::remove(a.c_str());
  std::remove(b.c_str());
}

}  // namespace
}  // namespace habeas::ledger
