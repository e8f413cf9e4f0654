#include "ledger/leaf_hasher.h"

#include <gtest/gtest.h>

namespace habeas::ledger {
namespace {

// The tree built on the worker equals the one built in place, for sizes around the
// block size (empty, one leaf, a block, a block and one, several blocks and a part).
TEST(LeafHasherTest, BuildsTheSameTreeAsHashingInPlace) {
  // 40 blocks and a part: the owner outruns the worker and hashes blocks itself.
  for (size_t n : {0u, 1u, 4095u, 4096u, 4097u, 70001u, 40u * 4096u + 3u}) {
    SCOPED_TRACE(n);
    LeafHasher hasher(8);
    std::vector<Hash> leaves;
    std::string fingerprints;
    for (size_t i = 0; i < n; ++i) {
      const std::string data = "row " + std::to_string(i) + std::string(i % 300, 'x');
      hasher.Add(data);
      leaves.push_back(LeafHash(data));
      fingerprints.append(reinterpret_cast<const char*>(leaves.back().data()), 8);
    }
    LeafHasher::Tree tree = hasher.Finish();
    EXPECT_EQ(tree.root.size(), n);
    EXPECT_EQ(tree.root.Root(), MerkleRoot(leaves));
    EXPECT_EQ(tree.fingerprints, fingerprints);
  }
}

// Leaves encoded in place (StartLeaf/EndLeaf), mixed with copied ones, hash as
// LeafHash of their bytes, across block boundaries.
TEST(LeafHasherTest, LeavesEncodedInPlaceHashLikeCopiedOnes) {
  LeafHasher hasher(8);
  std::vector<Hash> leaves;
  for (int64_t i = 0; i < 9000; ++i) {
    RowEncoder expected("records");
    expected.Int(i);
    expected.Text(std::string(static_cast<size_t>(i % 500), 'y'));
    if (i % 3 == 0) {
      hasher.Add(expected.bytes());
    } else {
      RowEncoder row(&hasher.StartLeaf(), "records");
      row.Int(i);
      row.Text(std::string(static_cast<size_t>(i % 500), 'y'));
      hasher.EndLeaf();
    }
    leaves.push_back(LeafHash(expected.bytes()));
  }
  LeafHasher::Tree tree = hasher.Finish();
  EXPECT_EQ(tree.root.Root(), MerkleRoot(leaves));
  EXPECT_EQ(tree.fingerprints.size(), leaves.size() * 8);
}

// Perfect subtrees added whole (as LeafHasher adds its full blocks), then single
// leaves, give the root of the same leaves, at every step.
TEST(SubtreeMerkleRootTest, AddingAlignedSubtreesEqualsAddingTheirLeaves) {
  std::vector<Hash> leaves;
  for (int i = 0; i < 16 * 3 + 5; ++i) leaves.push_back(LeafHash("leaf " + std::to_string(i)));
  for (uint64_t block : {1u, 2u, 4u, 16u}) {
    SCOPED_TRACE(block);
    SubtreeMerkleRoot tree;
    EXPECT_EQ(tree.Root(), MerkleRoot({}));
    size_t i = 0;
    for (; i + block <= 48; i += block) {
      tree.AddSubtree(
          block, MerkleRoot(std::vector<Hash>(leaves.begin() + i, leaves.begin() + i + block)));
      ASSERT_EQ(tree.Root(), MerkleRootOfPrefix(leaves, i + block));
    }
    for (; i < leaves.size(); ++i) {
      tree.Add(leaves[i]);
      ASSERT_EQ(tree.Root(), MerkleRootOfPrefix(leaves, i + 1));
    }
    EXPECT_EQ(tree.size(), leaves.size());
  }
}

// Dropped without Finish (a batch rolled back): the worker stops, nothing hangs.
TEST(LeafHasherTest, CanBeDroppedUnfinished) {
  LeafHasher hasher(8);
  for (int i = 0; i < 100000; ++i) hasher.Add("row " + std::to_string(i));
}

}  // namespace
}  // namespace habeas::ledger
