#include "ledger/leaf_hasher.h"

#include "ledger/sha256_lanes.h"

namespace habeas::ledger {

void SubtreeMerkleRoot::AddSubtree(uint64_t leaves, const Hash& root) {
  subtrees_.emplace_back(leaves, root);
  size_ += leaves;
  while (subtrees_.size() >= 2 && subtrees_.back().first == subtrees_[subtrees_.size() - 2].first) {
    const Hash right = subtrees_.back().second;
    subtrees_.pop_back();
    subtrees_.back().second = NodeHash(subtrees_.back().second, right);
    subtrees_.back().first *= 2;
  }
}

Hash SubtreeMerkleRoot::Root() const {
  if (subtrees_.empty()) return Sha256Of("");
  Hash root = subtrees_.back().second;
  for (size_t i = subtrees_.size() - 1; i-- > 0;) root = NodeHash(subtrees_[i].second, root);
  return root;
}

struct LeafHasher::Block {
  Block() {
    ends.reserve(kBlockLeaves);
    leaves.reserve(kBlockLeaves);
  }
  // Leaves back to back, each as 0x00 || data (the bytes its leaf hash is the SHA-256
  // of, so that it is hashed in one call); ends[i] is where leaf i ends.
  std::string data;
  std::vector<size_t> ends;
  BlockState state = BlockState::kFilling;
  // Written by the thread that hashes the block: the leaf hashes, or for a full block
  // its subtree root alone (leaves[0]); and the fingerprints of its leaves.
  std::vector<Hash> leaves;
  std::string fingerprints;
  std::vector<std::string_view> messages;  // the leaves' bytes, while hashing

  bool full() const { return ends.size() == kBlockLeaves; }

  void HashLeaves(size_t fingerprint_bytes) {
    messages.clear();
    size_t begin = 0;
    for (size_t end : ends) {
      messages.push_back(std::string_view(data).substr(begin, end - begin));
      begin = end;
    }
    leaves.resize(messages.size());
    Sha256Many(messages, leaves.data());
    for (const Hash& leaf : leaves) {
      fingerprints.append(reinterpret_cast<const char*>(leaf.data()), fingerprint_bytes);
    }
    if (!full()) return;
    // A perfect subtree: each level pairs the one below, in place.
    for (size_t n = kBlockLeaves; n > 1; n /= 2) NodeHashMany(leaves.data(), n / 2, leaves.data());
    leaves.resize(1);
  }

  void Reset() {
    data.clear();
    ends.clear();
    leaves.clear();
    fingerprints.clear();
    state = BlockState::kFilling;
  }
};

LeafHasher::LeafHasher(size_t fingerprint_bytes)
    : fingerprint_bytes_(fingerprint_bytes), filling_(std::make_unique<Block>()) {
  worker_ = std::thread([this] { Run(); });
}

LeafHasher::~LeafHasher() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    // Queued blocks are dropped; the one the worker may be hashing stays until it is done.
    std::erase_if(blocks_,
                  [](const std::unique_ptr<Block>& b) { return b->state == BlockState::kQueued; });
    queued_ = 0;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void LeafHasher::Add(std::string_view data) {
  StartLeaf().append(data);
  EndLeaf();
}

std::string& LeafHasher::StartLeaf() {
  filling_->data.push_back('\0');  // the leaf prefix (RFC 9162 2.1.1)
  return filling_->data;
}

void LeafHasher::EndLeaf() {
  filling_->ends.push_back(filling_->data.size());
  if (filling_->full()) HandOver();
}

void LeafHasher::HandOver() {
  const size_t bytes = filling_->data.size();
  std::unique_lock lock(mu_);
  filling_->state = BlockState::kQueued;
  blocks_.push_back(std::move(filling_));
  ++queued_;
  cv_.notify_all();
  // The worker is too far behind (the machine is busy): hash here instead of waiting
  // for it.
  while (queued_ > kMaxQueuedBlocks) HashOneQueued(lock);
  // Blocks hashed here wait behind the one the worker is hashing, to be folded in order.
  cv_.wait(lock, [this] { return blocks_.size() < kMaxBlocks; });
  if (!spare_.empty()) {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    filling_ = std::make_unique<Block>();
    filling_->data.reserve(bytes + bytes / 8);  // rows alike: no copies while it grows
  }
}

bool LeafHasher::HashOneQueued(std::unique_lock<std::mutex>& lock) {
  Block* block = nullptr;
  for (const std::unique_ptr<Block>& b : blocks_) {
    if (b->state == BlockState::kQueued) {
      block = b.get();
      break;
    }
  }
  if (block == nullptr) return false;
  block->state = BlockState::kHashing;
  --queued_;
  lock.unlock();
  block->HashLeaves(fingerprint_bytes_);  // the block stays in blocks_ until it is folded
  lock.lock();
  block->state = BlockState::kHashed;
  FoldHashedBlocks();
  cv_.notify_all();
  return true;
}

void LeafHasher::FoldHashedBlocks() {
  while (!blocks_.empty() && blocks_.front()->state == BlockState::kHashed) {
    std::unique_ptr<Block> block = std::move(blocks_.front());
    blocks_.pop_front();
    if (block->full()) {
      // Every block before it was full, so the tree so far is whole blocks.
      tree_.root.AddSubtree(kBlockLeaves, block->leaves[0]);
    } else {
      for (const Hash& leaf : block->leaves) tree_.root.Add(leaf);
    }
    tree_.fingerprints += block->fingerprints;
    block->Reset();
    spare_.push_back(std::move(block));
  }
}

LeafHasher::Tree LeafHasher::Finish() {
  std::unique_lock lock(mu_);
  if (!filling_->ends.empty()) {
    filling_->state = BlockState::kQueued;
    blocks_.push_back(std::move(filling_));
    ++queued_;
    cv_.notify_all();
  }
  // The importing threads are done: hash beside the worker rather than wait for it.
  while (HashOneQueued(lock)) {
  }
  cv_.wait(lock, [this] { return blocks_.empty(); });
  closing_ = true;
  lock.unlock();
  cv_.notify_all();
  worker_.join();
  return std::move(tree_);
}

void LeafHasher::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return queued_ > 0 || closing_; });
    if (queued_ == 0) return;  // closing, and nothing left to hash
    HashOneQueued(lock);
  }
}

}  // namespace habeas::ledger
