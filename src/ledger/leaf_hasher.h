// Hashes the leaves of one Merkle tree on a worker thread, in the order they are added
// (docs/ledger.md "Entries": a batch's row tree). The SHA-256 of every row was about a
// seventh of a 1M-row import's CPU, all of it on the thread that writes to SQLite and
// bounds the import (docs/benchmarks.md "Ledger"); here it runs beside that thread.
//
//   ledger::LeafHasher hasher(8);
//   for (...) hasher.Add(row_encoding);          // copies the bytes, returns at once
//   // or, with no copy: encode the row straight into the hasher's buffer
//   ledger::RowEncoder row(&hasher.StartLeaf(), "records"); row.Int(id); ...
//   hasher.EndLeaf();
//   ledger::LeafHasher::Tree tree = hasher.Finish();
//   tree.root.Root() == MerkleRoot({LeafHash(row_encoding), ...})
//
// Add, StartLeaf, EndLeaf and Finish are called from one thread (the owner's); the
// worker only reads the blocks handed to it. Memory is bounded: a full block waits
// while kMaxPendingBlocks are queued.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "habeas/ledger.h"

namespace habeas::ledger {

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
    StreamingMerkleRoot root;  // over every leaf added, in order
    std::string fingerprints;  // the first fingerprint_bytes of each leaf hash
  };
  // Waits for every leaf added and returns the tree; call once.
  Tree Finish();

 private:
  // Leaves back to back, each as 0x00 || data (the bytes its leaf hash is the SHA-256
  // of, so that it is hashed in one call); ends[i] is where leaf i ends.
  struct Block {
    Block() { ends.reserve(kBlockLeaves); }
    std::string data;
    std::vector<size_t> ends;
  };
  // Rows per block: large enough that the hand-over costs nothing per row, small enough
  // that the worker starts early. Pending blocks bound the memory (~16 × 1 MB at 1M rows).
  static constexpr size_t kBlockLeaves = 4096;
  static constexpr size_t kMaxPendingBlocks = 16;

  void HandOver();
  void Run();

  const size_t fingerprint_bytes_;
  std::unique_ptr<Block> filling_;
  Tree tree_;  // written by the worker only until Finish has joined it

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Block>> pending_;
  std::vector<std::unique_ptr<Block>> spare_;
  bool closing_ = false;
  std::thread worker_;
};

}  // namespace habeas::ledger
