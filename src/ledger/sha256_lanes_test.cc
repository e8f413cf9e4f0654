#include "ledger/sha256_lanes.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace habeas::ledger {
namespace {

constexpr Sha256Path kPaths[] = {Sha256Path::kOneAtATime, Sha256Path::kAvx512};

std::string RandomBytes(std::mt19937& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Every length around the padding's edges (55/56 bytes left in the last block) and
// over several blocks, in groups of every size up to two wide lanes' worth and a part,
// lengths mixed inside a group (lanes end at different blocks and take new messages):
// each hash is Sha256Of's, by every path this CPU has.
TEST(Sha256ManyTest, EqualsSha256OfForEveryLengthAndGroupSize) {
  std::mt19937 rng(17);
  std::vector<std::string> bytes;
  for (size_t n = 0; n <= 300; ++n) bytes.push_back(RandomBytes(rng, n));
  for (Sha256Path path : kPaths) {
    if (!Sha256PathSupported(path)) continue;
    for (size_t group = 1; group <= 35; ++group) {
      SCOPED_TRACE(::testing::Message()
                   << "path " << static_cast<int>(path) << ", group " << group);
      for (size_t first = 0; first + group <= bytes.size(); first += group) {
        std::vector<std::string_view> messages;
        for (size_t i = 0; i < group; ++i) {
          messages.push_back(i % 2 == 0 ? bytes[first + i] : bytes[bytes.size() - 1 - first - i]);
        }
        std::vector<Hash> out(group);
        Sha256Many(path, messages, out.data());
        for (size_t i = 0; i < group; ++i) {
          ASSERT_EQ(out[i], Sha256Of(messages[i])) << messages[i].size();
        }
      }
    }
  }
}

// This machine's CPU has AVX-512 (docs/benchmarks.md "Ledger"), so the test
// above checks them and not only the fallback; elsewhere the fastest is still one the
// CPU has.
TEST(Sha256ManyTest, TheFastestPathIsOneTheCpuHas) {
  EXPECT_TRUE(Sha256PathSupported(Sha256Path::kOneAtATime));
  EXPECT_TRUE(Sha256PathSupported(FastestSha256Path()));
}

// The known answer of FIPS 180-2 appendix B.1 ("abc"), side by side in every lane.
TEST(Sha256ManyTest, GivesTheStandardsKnownAnswer) {
  const std::vector<std::string_view> messages(20, "abc");
  for (Sha256Path path : kPaths) {
    std::vector<Hash> out(messages.size());
    Sha256Many(path, messages, out.data());
    for (const Hash& h : out) {
      EXPECT_EQ(Hex(h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
  }
}

// Nodes of one level, written over their children as LeafHasher does.
TEST(Sha256ManyTest, NodeHashManyEqualsNodeHashInPlace) {
  std::mt19937 rng(3);
  for (size_t count : {1u, 3u, 4u, 17u, 257u, 2048u}) {
    std::vector<Hash> children(2 * count);
    for (Hash& h : children) {
      for (auto& b : h) b = static_cast<unsigned char>(rng());
    }
    std::vector<Hash> expected;
    for (size_t i = 0; i < count; ++i) {
      expected.push_back(NodeHash(children[2 * i], children[2 * i + 1]));
    }
    NodeHashMany(children.data(), count, children.data());
    children.resize(count);
    EXPECT_EQ(children, expected) << count;
  }
}

}  // namespace
}  // namespace habeas::ledger
