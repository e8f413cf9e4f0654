// Hashes the leaves of one Merkle tree on a worker thread, in the order they are added
// (docs/ledger.md "Entries": a batch's row tree). The SHA-256 of every row was about a
// seventh of a 1M-row import's CPU, all of it on the thread that writes to SQLite and
// bounds the import (docs/benchmarks.md "Ledger"); here it runs beside that thread.
//
//   ledger::LeafHasher hasher(8);
//   for (...) hasher.Add(row_encoding);          // copies the bytes, returns at once
//   ledger::LeafHasher::Tree tree = hasher.Finish();
//   tree.root.Root() == MerkleRoot({LeafHash(row_encoding), ...})
//
// Add and Finish are called from one thread (the owner's); the worker only reads the
// blocks handed to it. Memory is bounded: Add waits while kMaxPendingBlocks are queued.
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

  struct Tree {
    StreamingMerkleRoot root;  // over every leaf added, in order
    std::string fingerprints;  // the first fingerprint_bytes of each leaf hash
  };
  // Waits for every leaf added and returns the tree; call once.
  Tree Finish();

 private:
  // Leaves' data back to back; ends[i] is where leaf i's data ends.
  struct Block {
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
