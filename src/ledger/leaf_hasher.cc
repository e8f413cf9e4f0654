#include "ledger/leaf_hasher.h"

namespace habeas::ledger {

LeafHasher::LeafHasher(size_t fingerprint_bytes)
    : fingerprint_bytes_(fingerprint_bytes), filling_(std::make_unique<Block>()) {
  worker_ = std::thread([this] { Run(); });
}

LeafHasher::~LeafHasher() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    pending_.clear();
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
  if (filling_->ends.size() == kBlockLeaves) HandOver();
}

void LeafHasher::HandOver() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return pending_.size() < kMaxPendingBlocks; });
  pending_.push_back(std::move(filling_));
  if (!spare_.empty()) {
    filling_ = std::move(spare_.back());
    spare_.pop_back();
  } else {
    filling_ = std::make_unique<Block>();
  }
  lock.unlock();
  cv_.notify_all();
}

LeafHasher::Tree LeafHasher::Finish() {
  if (!filling_->ends.empty()) HandOver();
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
  worker_.join();
  return std::move(tree_);
}

void LeafHasher::Run() {
  for (;;) {
    std::unique_ptr<Block> block;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !pending_.empty() || closing_; });
      if (pending_.empty()) return;  // closing, and every block hashed
      block = std::move(pending_.front());
      pending_.pop_front();
    }
    cv_.notify_all();  // room for the owner's next block
    size_t begin = 0;
    for (size_t end : block->ends) {
      const Hash leaf = Sha256Of(std::string_view(block->data).substr(begin, end - begin));
      tree_.root.Add(leaf);
      tree_.fingerprints.append(reinterpret_cast<const char*>(leaf.data()), fingerprint_bytes_);
      begin = end;
    }
    block->data.clear();
    block->ends.clear();
    std::lock_guard lock(mu_);
    spare_.push_back(std::move(block));
  }
}

}  // namespace habeas::ledger
