// Hashes the leaves of one Merkle tree beside the thread that adds them, in the order
// they are added (docs/ledger.md "Entries": a batch's row tree). The SHA-256 of every
// row is about a fifth of a 1M-row import's CPU; the thread that writes to SQLite
// bounds the import (docs/benchmarks.md "Ledger"), so that work is kept off it.
//
//   ledger::LeafHasher hasher(8);
//   for (...) hasher.Add(row_encoding);          // copies the bytes, returns at once
//   // or, with no copy: encode the row straight into the hasher's buffer
//   ledger::RowEncoder row(&hasher.StartLeaf(), "records"); row.Int(id); ...
//   hasher.EndLeaf();
//   ledger::LeafHasher::Tree tree = hasher.Finish();
//   tree.root.Root() == MerkleRoot({LeafHash(row_encoding), ...})
//
// Leaves are handed over in blocks of kBlockLeaves, a power of two: a full block is one
// perfect subtree of the RFC 9162 tree, so blocks are hashed independently (their
// leaves, fingerprints and subtree root, sixteen messages at a time: Sha256Many) and
// only their roots are folded, in order. A worker thread hashes them; when it falls
// kMaxQueuedBlocks behind (a busy machine), or at Finish, the owner hashes queued
// blocks itself instead of waiting for it.
//
// Add, StartLeaf, EndLeaf and Finish are called from one thread (the owner's).
// Memory is bounded: at most kMaxBlocks blocks are held.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "habeas/ledger.h"

namespace habeas::ledger {

// The root of a tree grown at its right edge, as StreamingMerkleRoot, that also takes
// whole perfect subtrees: AddSubtree(n, root) equals Add() of the subtree's n leaves
// (n a power of two) where the tree so far is a whole number of such subtrees
// (size() % n == 0), since each is then one of RFC 9162's subtrees. Root() is
// MerkleRoot() of all the leaves.
class SubtreeMerkleRoot {
 public:
  void Add(const Hash& leaf) { AddSubtree(1, leaf); }
  void AddSubtree(uint64_t leaves, const Hash& root);
  Hash Root() const;
  uint64_t size() const { return size_; }

 private:
  std::vector<std::pair<uint64_t, Hash>> subtrees_;  // sizes strictly decreasing
  uint64_t size_ = 0;
};

class LeafHasher {
 public:
  // `fingerprint_bytes` of each leaf hash are kept, in order (0: none).
  explicit LeafHasher(size_t fingerprint_bytes);
  ~LeafHasher();  // stops and joins the worker; leaves not finished are dropped
  LeafHasher(const LeafHasher&) = delete;
  LeafHasher& operator=(const LeafHasher&) = delete;

  // Queues LeafHash(data) as the next leaf.
  void Add(std::string_view data);

  // The buffer the next leaf's data is to be appended to (only appended to: the bytes
  // before its end at this call belong to earlier leaves); EndLeaf() queues what was
  // appended as the next leaf. Valid until EndLeaf().
  std::string& StartLeaf();
  void EndLeaf();

  struct Tree {
    SubtreeMerkleRoot root;    // over every leaf added, in order
    std::string fingerprints;  // the first fingerprint_bytes of each leaf hash
  };
  // Waits for every leaf added and returns the tree; call once.
  Tree Finish();

  // Rows per block (a power of two: see above). Large enough that the hand-over costs
  // nothing per row, small enough that the worker starts early.
  static constexpr size_t kBlockLeaves = 4096;
  // Blocks waiting for a hasher before the owner hashes one itself, and blocks held
  // in all (~1.6 MB each with the rows of bench/make_import_list.py).
  static constexpr size_t kMaxQueuedBlocks = 8;
  static constexpr size_t kMaxBlocks = 16;

 private:
  enum class BlockState { kFilling, kQueued, kHashing, kHashed };
  struct Block;

  void HandOver();
  // Hashes one queued block (the oldest) if there is one; true if it did. `lock` is
  // released while hashing.
  bool HashOneQueued(std::unique_lock<std::mutex>& lock);
  // Folds the hashed blocks at the front of the queue into tree_, in order.
  void FoldHashedBlocks();
  void Run();

  const size_t fingerprint_bytes_;
  std::unique_ptr<Block> filling_;
  Tree tree_;  // guarded by mu_

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Block>> blocks_;  // handed over, oldest first
  size_t queued_ = 0;                          // blocks_ in state kQueued
  std::vector<std::unique_ptr<Block>> spare_;
  bool closing_ = false;
  std::thread worker_;
};

}  // namespace habeas::ledger
