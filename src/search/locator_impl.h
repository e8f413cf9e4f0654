// LocatorIndex::Impl: spans over one owned buffer holding the index image. Internal.
#pragma once

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "habeas/search.h"
#include "search/index_layout.h"

namespace habeas::search {

struct LocatorIndex::Impl {
  std::unique_ptr<uint64_t[]> buffer;  // the file image, 8-byte aligned
  size_t size = 0;

  std::string_view strings;
  std::span<const internal::StringRef> sources;
  std::span<const internal::PersonEntry> persons;
  std::span<const internal::FormEntry> forms;
  std::span<const internal::TokenEntry> tokens;
  std::span<const internal::KeyEntry> phonetic;
  std::span<const internal::KeyEntry> deletions;
  std::span<const internal::KeyEntry> nicknames;
  std::span<const internal::KeyEntry> ids;
  std::span<const internal::KeyEntry> id_deletions;
  std::span<const uint32_t> pool;
  std::string fingerprint;

  std::string_view Str(internal::StringRef ref) const {
    return strings.substr(ref.offset, ref.size);
  }

  // The entry with this hash, or nullptr (tables are sorted by hash, hashes unique).
  template <typename Entry>
  static const Entry* Find(std::span<const Entry> table, uint64_t hash) {
    auto it = std::lower_bound(table.begin(), table.end(), hash,
                               [](const Entry& e, uint64_t h) { return e.hash < h; });
    if (it == table.end() || it->hash != hash) return nullptr;
    return &*it;
  }
  std::span<const uint32_t> Values(const internal::KeyEntry* entry) const {
    if (entry == nullptr) return {};
    return pool.subspan(entry->offset, entry->count);
  }
  // The token index of a folded token, or -1.
  int64_t FindToken(std::string_view folded) const {
    const internal::TokenEntry* e = Find(tokens, internal::HashKey(folded));
    if (e == nullptr || Str(e->text) != folded) return -1;
    return e - tokens.data();
  }
  std::span<const uint32_t> Postings(uint32_t token) const {
    return pool.subspan(tokens[token].postings_offset, tokens[token].postings_count);
  }

  // Points the spans into `buffer`; kDataLoss if the image is malformed.
  Status Attach();
};

// Digits of an identifier with leading zeros dropped ("V-012.345" → "12345").
std::string IdentifierDigits(std::string_view text);

}  // namespace habeas::search
