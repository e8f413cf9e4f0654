// The in-memory and on-disk layout of a locator index (docs/locator.md "Index format").
//
// The file is the memory image: a header, then sections of plain fixed-size entries and
// one string blob, each 8-byte aligned. Load reads the file into one buffer and points
// spans into it, so loading costs one read and a checksum, whatever the size. Building
// serialises into the same image and then loads it, so there is one code path.
// Internal to src/search.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace habeas::search::internal {

inline constexpr char kIndexMagic[8] = {'H', 'B', 'S', 'L', 'O', 'C', 'I', 'X'};
inline constexpr uint32_t kIndexFormatVersion = 3;

// A string inside the string blob.
struct StringRef {
  uint32_t offset = 0;
  uint32_t size = 0;
};

struct PersonEntry {
  StringRef id;
  uint32_t first_form = 0;  // the person's forms are [first_form, first_form + form_count)
  uint32_t form_count = 0;
};

// One record, reduced to what search and results need.
struct FormEntry {
  int64_t record_id = 0;
  uint32_t person = 0;
  uint32_t source = 0;  // index into the sources section
  StringRef source_record_id;
  StringRef display_name;  // the name as the source wrote it
  // Parsed name interpretations, prepared for comparison (prepared_form.h), one per line.
  StringRef names;
  StringRef national_id;  // digits only, leading zeros dropped
  StringRef a_number;     // digits only, leading zeros dropped
  StringRef facility;
  StringRef date;      // the record's date, else its batch's received date (ISO)
  StringRef tokens;    // distinct folded name tokens, space-separated
  uint32_t birth = 0;  // year*10000 + month*100 + day (0 for unknown parts); 0: none
  uint32_t reserved = 0;
};

// A distinct folded name token of the records, with its postings (person indices).
struct TokenEntry {
  uint64_t hash = 0;
  StringRef text;
  uint32_t postings_offset = 0;  // into the pool
  uint32_t postings_count = 0;
};

// A hashed key → a list of u32 values in the pool (token indices or person indices).
struct KeyEntry {
  uint64_t hash = 0;
  uint32_t offset = 0;
  uint32_t count = 0;
};

enum Section : uint32_t {
  kSectionStrings,      // char blob
  kSectionSources,      // StringRef per source name
  kSectionPersons,      // PersonEntry
  kSectionForms,        // FormEntry
  kSectionTokens,       // TokenEntry sorted by hash
  kSectionPhonetic,     // KeyEntry: phonetic key → token indices
  kSectionDeletions,    // KeyEntry: token with one letter deleted → token indices
  kSectionNicknames,    // KeyEntry: folded formal name → nickname token indices
  kSectionIds,          // KeyEntry: identifier digits → person indices
  kSectionIdDeletions,  // KeyEntry: identifier with one digit deleted → person indices
  kSectionBirths,       // KeyEntry: birth key → person indices; the hash is the key itself:
                        // a full date yyyymmdd, a partial date yyyymm00 or yyyy0000, or
                        // yyyy (< 10000) for the years of full dates
  kSectionPool,         // uint32_t values
  kSectionFingerprint,  // char: the store fingerprint
  kSectionBatches,      // char: covered store batches, "id first last rows sha256\n" each
  kSectionCount,
};

struct SectionRef {
  uint64_t offset = 0;  // from the start of the file
  uint64_t size = 0;    // bytes
};

struct FileHeader {
  char magic[8];
  uint32_t version = kIndexFormatVersion;
  uint32_t section_count = kSectionCount;
  uint64_t file_size = 0;
  uint64_t checksum = 0;  // Checksum64 of every byte after the header
  SectionRef sections[kSectionCount];
};

// 64-bit hash of a key (FNV-1a with a final avalanche); stable across builds.
inline uint64_t HashKey(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Checksum of a byte range, 8 bytes at a time (fast enough for 1 GB/s).
uint64_t Checksum64(const char* data, size_t size);

}  // namespace habeas::search::internal
