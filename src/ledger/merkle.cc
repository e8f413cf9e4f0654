// RFC 9162 Merkle tree hashing, inclusion and consistency proofs over SHA-256.
// The low-level SHA-256 calls: OpenSSL 3's one-shot SHA256() fetches the algorithm
// on every call, which cost 1.7 s on a 1M-row import (bench/ledger/run.sh).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <bit>
#include <cstring>

#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

// The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

bool IsLowBitSet(uint64_t v) { return (v & 1) != 0; }

// MTH(leaves[begin, end)), level by level: an odd node at the end of a level is
// carried up unchanged, which gives exactly RFC 9162's left-complete split.
Hash RootOfRange(const std::vector<Hash>& leaves, uint64_t begin, uint64_t end) {
  if (begin == end) return Sha256Of("");
  if (end - begin == 1) return leaves[begin];
  std::vector<Hash> level((end - begin + 1) / 2);
  for (uint64_t i = begin, out = 0; i < end; i += 2, ++out) {
    level[out] = (i + 1 < end) ? NodeHash(leaves[i], leaves[i + 1]) : leaves[i];
  }
  while (level.size() > 1) {
    size_t out = 0;
    for (size_t i = 0; i < level.size(); i += 2, ++out) {
      level[out] = (i + 1 < level.size()) ? NodeHash(level[i], level[i + 1]) : level[i];
    }
    level.resize(out);
  }
  return level[0];
}

// PATH(m, D[begin, end)) of RFC 9162 2.1.3.1, appended to `out` leaf first.
void AppendPath(const std::vector<Hash>& leaves, uint64_t m, uint64_t begin, uint64_t end,
                std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (n <= 1) return;
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    AppendPath(leaves, m, begin, begin + k, out);
    out->push_back(RootOfRange(leaves, begin + k, end));
  } else {
    AppendPath(leaves, m - k, begin + k, end, out);
    out->push_back(RootOfRange(leaves, begin, begin + k));
  }
}

// SUBPROOF(m, D[begin, end), b) of RFC 9162 2.1.4.1.
void AppendSubproof(const std::vector<Hash>& leaves, uint64_t m, uint64_t begin, uint64_t end,
                    bool whole_old_tree, std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!whole_old_tree) out->push_back(RootOfRange(leaves, begin, end));
    return;
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    AppendSubproof(leaves, m, begin, begin + k, whole_old_tree, out);
    out->push_back(RootOfRange(leaves, begin + k, end));
  } else {
    AppendSubproof(leaves, m - k, begin + k, end, false, out);
    out->push_back(RootOfRange(leaves, begin, begin + k));
  }
}

}  // namespace

Hash Sha256Of(std::string_view bytes) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, bytes.data(), bytes.size());
  Hash out;
  SHA256_Final(out.data(), &ctx);
  return out;
}

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr);
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

void Sha256Stream::Update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

Hash Sha256Stream::Finish() {
  Hash out;
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), out.data(), &size);
  return out;
}

Hash LeafHash(std::string_view data) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  const unsigned char prefix = 0x00;
  SHA256_Update(&ctx, &prefix, 1);
  SHA256_Update(&ctx, data.data(), data.size());
  Hash out;
  SHA256_Final(out.data(), &ctx);
  return out;
}

// One contiguous message and one SHA256_Update: an import hashes one node per row.
Hash NodeHash(const Hash& left, const Hash& right) {
  std::array<char, 1 + 2 * sizeof(Hash)> message;
  message[0] = 0x01;
  std::memcpy(message.data() + 1, left.data(), left.size());
  std::memcpy(message.data() + 1 + left.size(), right.data(), right.size());
  return Sha256Of(std::string_view(message.data(), message.size()));
}

void StreamingMerkleRoot::Add(const Hash& leaf) {
  subtrees_.emplace_back(1, leaf);
  ++size_;
  while (subtrees_.size() >= 2 && subtrees_.back().first == subtrees_[subtrees_.size() - 2].first) {
    const auto right = subtrees_.back();
    subtrees_.pop_back();
    subtrees_.back().second = NodeHash(subtrees_.back().second, right.second);
    subtrees_.back().first *= 2;
  }
}

Hash StreamingMerkleRoot::Root() const {
  if (subtrees_.empty()) return Sha256Of("");
  Hash root = subtrees_.back().second;
  for (size_t i = subtrees_.size() - 1; i-- > 0;) root = NodeHash(subtrees_[i].second, root);
  return root;
}

Hash MerkleRoot(const std::vector<Hash>& leaves) { return RootOfRange(leaves, 0, leaves.size()); }

Hash MerkleRootOfPrefix(const std::vector<Hash>& leaves, uint64_t size) {
  return RootOfRange(leaves, 0, std::min<uint64_t>(size, leaves.size()));
}

std::vector<Hash> InclusionPath(const std::vector<Hash>& leaves, uint64_t index, uint64_t size) {
  std::vector<Hash> out;
  if (size > leaves.size() || index >= size) return out;
  AppendPath(leaves, index, 0, size, &out);
  return out;
}

bool VerifyInclusion(const Hash& leaf, uint64_t index, uint64_t size,
                     const std::vector<Hash>& path, const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if (IsLowBitSet(fn) || fn == sn) {
      r = NodeHash(p, r);
      if (!IsLowBitSet(fn)) {
        while (!IsLowBitSet(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaves, uint64_t old_size,
                                   uint64_t new_size) {
  std::vector<Hash> out;
  if (old_size == 0 || old_size >= new_size || new_size > leaves.size()) return out;
  AppendSubproof(leaves, old_size, 0, new_size, true, &out);
  return out;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (IsLowBitSet(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if (IsLowBitSet(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if (!IsLowBitSet(fn)) {
        while (!IsLowBitSet(fn) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace habeas::ledger
