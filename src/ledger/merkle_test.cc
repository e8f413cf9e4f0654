#include "habeas/ledger.h"

#include <gtest/gtest.h>

namespace habeas::ledger {
namespace {

// The leaves of the Certificate Transparency test vectors (RFC 6962 reference
// implementation, merkle_tree_test.cc); the expected values below were computed
// independently with Python's hashlib from RFC 9162 2.1.1 and agree with that suite.
std::vector<Hash> CtTestLeaves() {
  const std::vector<std::string> data = {
      "",
      std::string(1, '\x00'),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  std::vector<Hash> out;
  for (const std::string& d : data) out.push_back(LeafHash(d));
  return out;
}

std::vector<Hash> Prefix(const std::vector<Hash>& v, size_t n) {
  return std::vector<Hash>(v.begin(), v.begin() + n);
}

TEST(MerkleTest, EmptyTreeIsHashOfNothing) {
  EXPECT_EQ(Hex(MerkleRoot({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(MerkleTest, RootsMatchTheCertificateTransparencyVectors) {
  const std::vector<std::string> expected = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  const std::vector<Hash> leaves = CtTestLeaves();
  for (size_t n = 1; n <= 8; ++n) {
    EXPECT_EQ(Hex(MerkleRoot(Prefix(leaves, n))), expected[n - 1]) << n;
    EXPECT_EQ(Hex(MerkleRootOfPrefix(leaves, n)), expected[n - 1]) << n;
  }
}

std::vector<std::string> HexAll(const std::vector<Hash>& path) {
  std::vector<std::string> out;
  for (const Hash& h : path) out.push_back(Hex(h));
  return out;
}

TEST(MerkleTest, InclusionPathsMatchTheVectors) {
  const std::vector<Hash> leaves = CtTestLeaves();
  EXPECT_EQ(HexAll(InclusionPath(leaves, 0, 8)),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(HexAll(InclusionPath(leaves, 5, 8)),
            (std::vector<std::string>{
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_TRUE(InclusionPath(leaves, 0, 1).empty());
}

TEST(MerkleTest, ConsistencyProofsMatchTheVectors) {
  const std::vector<Hash> leaves = CtTestLeaves();
  EXPECT_EQ(HexAll(ConsistencyProof(leaves, 1, 8)),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(HexAll(ConsistencyProof(leaves, 6, 8)),
            (std::vector<std::string>{
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(HexAll(ConsistencyProof(leaves, 2, 5)),
            (std::vector<std::string>{
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}));
}

std::vector<Hash> CountingLeaves(size_t n) {
  std::vector<Hash> out;
  for (size_t i = 0; i < n; ++i) out.push_back(LeafHash("leaf " + std::to_string(i)));
  return out;
}

TEST(MerkleTest, EveryInclusionProofVerifiesAndNoAlteredOneDoes) {
  const std::vector<Hash> leaves = CountingLeaves(70);
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash root = MerkleRootOfPrefix(leaves, n);
    for (uint64_t i = 0; i < n; ++i) {
      std::vector<Hash> path = InclusionPath(leaves, i, n);
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, n, path, root)) << i << "/" << n;
      EXPECT_FALSE(VerifyInclusion(leaves[(i + 1) % leaves.size()], i, n, path, root));
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion(leaves[i], (i + 1) % n, n, path, root));
        std::vector<Hash> altered = path;
        altered[altered.size() / 2][7] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, altered, root));
        altered = path;
        altered.pop_back();
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, n, altered, root));
      }
    }
    EXPECT_FALSE(VerifyInclusion(leaves[0], n, n, {}, root));
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndNoAlteredOneDoes) {
  const std::vector<Hash> leaves = CountingLeaves(40);
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    const Hash new_root = MerkleRootOfPrefix(leaves, n);
    for (uint64_t m = 1; m < n; ++m) {
      const Hash old_root = MerkleRootOfPrefix(leaves, m);
      std::vector<Hash> proof = ConsistencyProof(leaves, m, n);
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, new_root, proof)) << m << "->" << n;
      EXPECT_FALSE(VerifyConsistency(m, n, new_root, new_root, proof));
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, old_root, proof));
      std::vector<Hash> altered = proof;
      altered.back()[0] ^= 1;
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, altered));
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyConsistency(m + 1, n, old_root, new_root, proof));
      }
    }
  }
}

TEST(MerkleTest, TheStreamingRootIsTheTreesRootAtEverySize) {
  const std::vector<Hash> leaves = CountingLeaves(300);
  StreamingMerkleRoot stream;
  EXPECT_EQ(stream.Root(), MerkleRoot({}));
  for (size_t n = 1; n <= leaves.size(); ++n) {
    stream.Add(leaves[n - 1]);
    ASSERT_EQ(stream.Root(), MerkleRootOfPrefix(leaves, n)) << n;
  }
  EXPECT_EQ(stream.size(), 300u);
}

TEST(MerkleTest, AReorderedLogHasAnotherRoot) {
  std::vector<Hash> leaves = CountingLeaves(9);
  const Hash root = MerkleRoot(leaves);
  std::swap(leaves[3], leaves[4]);
  EXPECT_NE(MerkleRoot(leaves), root);
}

}  // namespace
}  // namespace habeas::ledger
