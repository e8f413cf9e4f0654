// LocatorIndex::Impl: spans over one owned buffer holding the index image. Internal.
#pragma once

#include "habeas/identifier.h"

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/names/name_parser.h"
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
  std::span<const internal::KeyEntry> births;
  std::span<const uint32_t> pool;
  std::string fingerprint;
  // The store batches the index covers ("id first last rows sha256" lines; empty when
  // built from records without a store) and the largest record id in it: what an
  // incremental rebuild checks before reusing the forms.
  std::string_view batches;
  int64_t max_record_id = 0;

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
  // Reads an index file into `buffer` and attaches it (kNotFound if missing).
  Status LoadFile(const std::string& path);
};

// Identifiers are read as habeas/identifier.h says: a partial (redacted) one is not
// indexed as an identifier (its three visible digits would find strangers).
using habeas::IdentifierDigits;

// One record as the index keeps it, before serialisation. Made from a store record
// (FormFromRecord: parses the name, the expensive part of a build) or copied from a
// previous index (FormFromIndex: an incremental rebuild reuses it as is).
struct FormData {
  std::string person_id;
  int64_t record_id = 0;
  std::string source;
  std::string source_record_id;
  std::string display_name;
  std::string names;   // prepared interpretations (prepared_form.h)
  std::string tokens;  // distinct folded name tokens, space-separated (the postings)
  std::string national_id;
  std::string a_number;
  std::string facility;
  std::string date;
  uint32_t birth = 0;
};
FormData FormFromRecord(const LocatorRecord& record, const names::NameParser& parser);
// The form's data with an empty person_id (the caller assigns persons anew).
FormData FormFromIndex(const LocatorIndex::Impl& index, uint32_t form);

// The file image of an index (index_layout.h), 8-byte aligned.
struct IndexImage {
  std::unique_ptr<uint64_t[]> buffer;
  size_t size = 0;
};
// Serialises `forms` (any order; every person_id set) with the store fingerprint and the
// covered batches (see Impl::batches).
Result<IndexImage> BuildImage(std::vector<FormData> forms, const std::string& fingerprint,
                              const std::string& batches);
// The index over an image in memory (kDataLoss if malformed).
Result<LocatorIndex> IndexOfImage(IndexImage image);
// Writes an image atomically through OutputFile (random temporary name, fsync,
// rename); refuses a path that is one of `protected_paths` (the store's files,
// Store::Files()) or not a regular file.
Status WriteImage(const char* data, size_t size, const std::string& path,
                  const std::vector<std::string>& protected_paths = {});

}  // namespace habeas::search
