// Building, saving and loading a locator index (docs/locator.md "Index format").
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <numeric>
#include <unordered_map>

#include "habeas/names/name_parser.h"
#include "habeas/names/nicknames.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/partial_date.h"
#include "search/locator_impl.h"

namespace habeas::search {

using internal::FileHeader;
using internal::FormEntry;
using internal::HashKey;
using internal::KeyEntry;
using internal::PersonEntry;
using internal::SectionRef;
using internal::StringRef;
using internal::TokenEntry;

namespace internal {

uint64_t Checksum64(const char* data, size_t size) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  for (; i < size; ++i) h = (h ^ static_cast<unsigned char>(data[i])) * 0x94d049bb133111ebULL;
  h ^= h >> 29;
  return h;
}

}  // namespace internal

std::string IdentifierDigits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9' && !(out.empty() && c == '0')) out += c;
  }
  return out;
}

size_t IdentifierDigitsCount(std::string_view text) { return IdentifierDigits(text).size(); }

namespace {

// --- name forms of a record

void AppendParsed(const names::ParsedName& p, std::string* out) {
  if (!out->empty()) *out += '\n';
  for (size_t i = 0; i < p.given_names.size(); ++i) {
    if (i > 0) *out += '/';
    *out += p.given_names[i];
  }
  *out += '|';
  *out += p.surname1;
  *out += '|';
  *out += p.surname2;
}

void AppendParse(const names::NameParse& parse, std::string* out) {
  size_t kept = 0;
  for (const names::ParsedName& alt : parse.alternatives) {
    if (alt.empty()) continue;
    if (kept > 0 && (alt.probability < 0.10 || kept >= 3)) break;
    AppendParsed(alt, out);
    ++kept;
  }
}

// The record's name interpretations as FormEntry::names text.
std::string NameFormsOf(const RecordData& r, const names::NameParser& parser) {
  const std::string& given = r.field(CanonicalField::kGivenNames);
  const std::string& s1 = r.field(CanonicalField::kSurname1);
  const std::string& s2 = r.field(CanonicalField::kSurname2);
  const std::string& surnames = r.field(CanonicalField::kSurnames);
  const std::string& full = r.field(CanonicalField::kFullName);
  std::string out;
  if (!s1.empty() || !s2.empty()) {
    names::ParsedName p;
    const names::NormalizedName g = names::NormalizeName(given);
    for (size_t i = 0; i < g.tokens.size(); ++i) p.given_names.emplace_back(g.Folded(i));
    p.surname1 = names::FoldName(s1.empty() ? s2 : s1);
    p.surname2 = s1.empty() ? "" : names::FoldName(s2);
    AppendParsed(p, &out);
  } else if (!surnames.empty()) {
    AppendParse(parser.Parse(given.empty() ? surnames : surnames + ", " + given), &out);
  } else if (!full.empty()) {
    AppendParse(parser.Parse(full), &out);
  } else if (!given.empty()) {
    AppendParse(parser.Parse(given), &out);
  }
  return out;
}

std::string DisplayNameOf(const RecordData& r) {
  if (!r.field(CanonicalField::kFullName).empty()) return r.field(CanonicalField::kFullName);
  std::string name;
  for (CanonicalField f : {CanonicalField::kGivenNames, CanonicalField::kSurnames,
                           CanonicalField::kSurname1, CanonicalField::kSurname2}) {
    const std::string& part = r.field(f);
    if (part.empty()) continue;
    if (!name.empty()) name += ' ';
    name += part;
  }
  return name;
}

uint32_t PackBirth(const std::string& iso) {
  if (iso.empty()) return 0;
  Result<PartialDate> d = PartialDate::FromIso(iso);
  if (!d.ok()) return 0;
  return static_cast<uint32_t>(d->year * 10000 + d->month * 100 + d->day);
}

// --- serialisation helpers

class StringBlob {
 public:
  StringRef Add(std::string_view s) {
    StringRef ref{static_cast<uint32_t>(blob_.size()), static_cast<uint32_t>(s.size())};
    blob_.append(s);
    return ref;
  }
  // For short strings that repeat (source names, facilities, dates).
  StringRef Intern(std::string_view s) {
    auto it = interned_.find(std::string(s));
    if (it != interned_.end()) return it->second;
    StringRef ref = Add(s);
    interned_.emplace(std::string(s), ref);
    return ref;
  }
  const std::string& blob() const { return blob_; }
  size_t size() const { return blob_.size(); }

 private:
  std::string blob_;
  std::unordered_map<std::string, StringRef> interned_;
};

// Turns key → values into KeyEntry rows sorted by hash (colliding keys merge their lists,
// which only adds candidates that later checks discard).
std::vector<KeyEntry> MakeKeyTable(const std::unordered_map<std::string, std::vector<uint32_t>>& m,
                                   std::vector<uint32_t>* pool) {
  std::map<uint64_t, std::vector<uint32_t>> by_hash;
  for (const auto& [key, values] : m) {
    auto& v = by_hash[HashKey(key)];
    v.insert(v.end(), values.begin(), values.end());
  }
  std::vector<KeyEntry> out;
  out.reserve(by_hash.size());
  for (auto& [hash, values] : by_hash) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    out.push_back(
        {hash, static_cast<uint32_t>(pool->size()), static_cast<uint32_t>(values.size())});
    pool->insert(pool->end(), values.begin(), values.end());
  }
  return out;
}

template <typename T>
std::string_view Bytes(const std::vector<T>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)};
}

}  // namespace

// --- LocatorIndex

LocatorIndex::LocatorIndex() : impl_(std::make_unique<Impl>()) {}
LocatorIndex::~LocatorIndex() = default;
LocatorIndex::LocatorIndex(LocatorIndex&&) noexcept = default;
LocatorIndex& LocatorIndex::operator=(LocatorIndex&&) noexcept = default;

const std::string& LocatorIndex::fingerprint() const { return impl_->fingerprint; }
size_t LocatorIndex::person_count() const { return impl_->persons.size(); }
size_t LocatorIndex::record_count() const { return impl_->forms.size(); }

Result<LocatorIndex> LocatorIndex::Build(std::span<const LocatorRecord> records,
                                         std::string fingerprint) {
  if (records.size() >= (1ULL << 31)) return InvalidInput("too many records for one index");
  const names::NameParser parser;
  const names::NicknameTable& nicknames = names::NicknameTable::Builtin();

  // Persons in id order; their records in record-id order.
  std::vector<uint32_t> order(records.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (records[a].person_id != records[b].person_id) {
      return records[a].person_id < records[b].person_id;
    }
    return records[a].record.id < records[b].record.id;
  });

  StringBlob strings;
  std::vector<StringRef> sources;
  std::unordered_map<std::string, uint32_t> source_index;
  std::vector<PersonEntry> persons;
  std::vector<FormEntry> forms;
  forms.reserve(records.size());
  std::unordered_map<std::string, std::vector<uint32_t>> token_postings;
  std::unordered_map<std::string, std::vector<uint32_t>> id_postings;
  std::unordered_map<std::string, std::vector<uint32_t>> id_deletions;

  for (uint32_t i : order) {
    const LocatorRecord& lr = records[i];
    if (lr.person_id.empty()) {
      return InvalidInput("record " + std::to_string(lr.record.id) + " has no person id");
    }
    if (persons.empty() || strings.blob().compare(persons.back().id.offset, persons.back().id.size,
                                                  lr.person_id) != 0) {
      PersonEntry p;
      p.id = strings.Add(lr.person_id);
      p.first_form = static_cast<uint32_t>(forms.size());
      persons.push_back(p);
    }
    const uint32_t person = static_cast<uint32_t>(persons.size() - 1);
    persons.back().form_count++;
    const RecordData& r = lr.record;

    auto [src, inserted] = source_index.try_emplace(lr.source_name, sources.size());
    if (inserted) sources.push_back(strings.Intern(lr.source_name));

    FormEntry f;
    f.record_id = r.id;
    f.person = person;
    f.source = src->second;
    f.source_record_id = strings.Add(r.source_record_id);
    f.display_name = strings.Add(DisplayNameOf(r));
    f.names = strings.Add(NameFormsOf(r, parser));
    const std::string national = IdentifierDigits(r.field(CanonicalField::kNationalId));
    const std::string a_number = IdentifierDigits(r.field(CanonicalField::kANumber));
    f.national_id = strings.Add(national);
    f.a_number = strings.Add(a_number);
    f.facility = strings.Intern(r.field(CanonicalField::kFacility));
    f.date = strings.Intern(r.field(CanonicalField::kRecordDate).empty()
                                ? lr.received
                                : r.field(CanonicalField::kRecordDate));
    f.birth = PackBirth(r.field(CanonicalField::kBirthDate));
    forms.push_back(f);

    // Name tokens of every name field.
    for (CanonicalField field :
         {CanonicalField::kFullName, CanonicalField::kGivenNames, CanonicalField::kSurnames,
          CanonicalField::kSurname1, CanonicalField::kSurname2}) {
      const std::string& text = r.field(field);
      if (text.empty()) continue;
      const names::NormalizedName n = names::NormalizeName(text);
      for (size_t t = 0; t < n.tokens.size(); ++t) {
        const std::string_view tok = n.Folded(t);
        if (tok.size() < 2 || names::IsNameParticle(tok)) continue;
        auto& list = token_postings[std::string(tok)];
        if (list.empty() || list.back() != person) list.push_back(person);
      }
    }
    for (const std::string* id : {&national, &a_number}) {
      if (id->size() < 5) continue;
      auto& list = id_postings[*id];
      if (list.empty() || list.back() != person) list.push_back(person);
      for (size_t d = 0; d < id->size(); ++d) {
        std::string del = *id;
        del.erase(d, 1);
        auto& dl = id_deletions[del];
        if (dl.empty() || dl.back() != person) dl.push_back(person);
      }
    }
  }

  // Vocabulary: tokens sorted by hash, postings in the pool.
  std::vector<uint32_t> pool;
  std::vector<std::pair<uint64_t, const std::string*>> vocab;
  vocab.reserve(token_postings.size());
  for (const auto& [tok, list] : token_postings) vocab.emplace_back(HashKey(tok), &tok);
  std::sort(vocab.begin(), vocab.end());
  std::vector<TokenEntry> tokens;
  tokens.reserve(vocab.size());
  std::unordered_map<std::string, std::vector<uint32_t>> phonetic, deletions, nick;
  for (size_t i = 0; i < vocab.size(); ++i) {
    if (i > 0 && vocab[i].first == vocab[i - 1].first) {
      return Internal("locator index: hash collision between \"" + *vocab[i].second + "\" and \"" +
                      *vocab[i - 1].second + "\"");
    }
    const std::string& tok = *vocab[i].second;
    std::vector<uint32_t> list = token_postings[tok];
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    tokens.push_back({vocab[i].first, strings.Add(tok), static_cast<uint32_t>(pool.size()),
                      static_cast<uint32_t>(list.size())});
    pool.insert(pool.end(), list.begin(), list.end());
    const uint32_t index = static_cast<uint32_t>(i);
    phonetic[std::string(names::PhoneticKeyEs(tok).view())].push_back(index);
    if (tok.size() >= 4) {
      for (size_t d = 0; d < tok.size(); ++d) {
        std::string del = tok;
        del.erase(d, 1);
        deletions[del].push_back(index);
      }
    }
    for (std::string_view formal : nicknames.FormalNamesOf(tok)) {
      const std::string folded = names::FoldName(formal);
      nick[folded].push_back(index);
      const size_t space = folded.find(' ');
      if (space != std::string::npos) nick[folded.substr(0, space)].push_back(index);
    }
  }
  const std::vector<KeyEntry> phonetic_table = MakeKeyTable(phonetic, &pool);
  const std::vector<KeyEntry> deletion_table = MakeKeyTable(deletions, &pool);
  const std::vector<KeyEntry> nickname_table = MakeKeyTable(nick, &pool);
  const std::vector<KeyEntry> id_table = MakeKeyTable(id_postings, &pool);
  const std::vector<KeyEntry> id_deletion_table = MakeKeyTable(id_deletions, &pool);
  if (strings.size() >= (1ULL << 32) || pool.size() >= (1ULL << 32)) {
    return InvalidInput("locator index: too large for format version 1 (4 GiB of strings)");
  }

  // Serialise: header, then each section 8-byte aligned.
  const std::string_view parts[internal::kSectionCount] = {
      strings.blob(),  Bytes(sources),           Bytes(persons),        Bytes(forms),
      Bytes(tokens),   Bytes(phonetic_table),    Bytes(deletion_table), Bytes(nickname_table),
      Bytes(id_table), Bytes(id_deletion_table), Bytes(pool),           fingerprint};
  FileHeader header;
  std::memcpy(header.magic, internal::kIndexMagic, sizeof header.magic);
  uint64_t offset = sizeof(FileHeader);
  for (int s = 0; s < static_cast<int>(internal::kSectionCount); ++s) {
    header.sections[s] = SectionRef{offset, parts[s].size()};
    offset += (parts[s].size() + 7) / 8 * 8;
  }
  header.file_size = offset;
  LocatorIndex index;
  Impl& impl = *index.impl_;
  impl.size = offset;
  impl.buffer = std::make_unique<uint64_t[]>(offset / 8);
  char* base = reinterpret_cast<char*>(impl.buffer.get());
  std::memset(base, 0, offset);
  for (int s = 0; s < static_cast<int>(internal::kSectionCount); ++s) {
    if (!parts[s].empty())
      std::memcpy(base + header.sections[s].offset, parts[s].data(), parts[s].size());
  }
  header.checksum = internal::Checksum64(base + sizeof(FileHeader), offset - sizeof(FileHeader));
  std::memcpy(base, &header, sizeof header);
  HABEAS_RETURN_IF_ERROR(impl.Attach());
  return index;
}

Status LocatorIndex::Impl::Attach() {
  const char* base = reinterpret_cast<const char*>(buffer.get());
  if (size < sizeof(FileHeader)) return DataLoss("locator index: file too short");
  FileHeader header;
  std::memcpy(&header, base, sizeof header);
  if (std::memcmp(header.magic, internal::kIndexMagic, sizeof header.magic) != 0) {
    return DataLoss("locator index: not a Habeas locator index (bad magic)");
  }
  if (header.version != internal::kIndexFormatVersion ||
      header.section_count != internal::kSectionCount) {
    return DataLoss("locator index: format version " + std::to_string(header.version) +
                    ", expected " + std::to_string(internal::kIndexFormatVersion) +
                    "; rebuild it with `habeas index`");
  }
  if (header.file_size != size) return DataLoss("locator index: truncated file");
  if (internal::Checksum64(base + sizeof(FileHeader), size - sizeof(FileHeader)) !=
      header.checksum) {
    return DataLoss("locator index: checksum mismatch (damaged file); rebuild it");
  }
  for (const SectionRef& s : header.sections) {
    if (s.offset % 8 != 0 || s.offset > size || s.size > size - s.offset) {
      return DataLoss("locator index: section out of bounds");
    }
  }
  auto section = [&](internal::Section id) { return header.sections[id]; };
  auto table = [&]<typename T>(internal::Section id, std::span<const T>* out) -> Status {
    const SectionRef s = section(id);
    if (s.size % sizeof(T) != 0) return DataLoss("locator index: section size mismatch");
    *out = std::span<const T>(reinterpret_cast<const T*>(base + s.offset), s.size / sizeof(T));
    return Status::Ok();
  };
  strings = std::string_view(base + section(internal::kSectionStrings).offset,
                             section(internal::kSectionStrings).size);
  fingerprint.assign(base + section(internal::kSectionFingerprint).offset,
                     section(internal::kSectionFingerprint).size);
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionSources, &sources));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionPersons, &persons));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionForms, &forms));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionTokens, &tokens));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionPhonetic, &phonetic));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionDeletions, &deletions));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionNicknames, &nicknames));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionIds, &ids));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionIdDeletions, &id_deletions));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionPool, &pool));

  // Bounds of every reference, so a damaged-but-checksummed file cannot crash a search.
  const Status bad = DataLoss("locator index: reference out of bounds");
  auto ok_ref = [&](StringRef r) {
    return r.offset <= strings.size() && r.size <= strings.size() - r.offset;
  };
  for (const StringRef& s : sources)
    if (!ok_ref(s)) return bad;
  for (const PersonEntry& p : persons) {
    if (!ok_ref(p.id) || p.first_form > forms.size() ||
        p.form_count > forms.size() - p.first_form) {
      return bad;
    }
  }
  for (const FormEntry& f : forms) {
    if (f.person >= persons.size() || f.source >= sources.size() || !ok_ref(f.source_record_id) ||
        !ok_ref(f.display_name) || !ok_ref(f.names) || !ok_ref(f.national_id) ||
        !ok_ref(f.a_number) || !ok_ref(f.facility) || !ok_ref(f.date)) {
      return bad;
    }
  }
  auto ok_list = [&](uint32_t offset, uint32_t count) {
    return offset <= pool.size() && count <= pool.size() - offset;
  };
  for (const TokenEntry& t : tokens) {
    if (!ok_ref(t.text) || !ok_list(t.postings_offset, t.postings_count)) return bad;
  }
  for (auto keys : {phonetic, deletions, nicknames, ids, id_deletions}) {
    for (const KeyEntry& k : keys)
      if (!ok_list(k.offset, k.count)) return bad;
  }
  // Pool values are either person or token indices: both bounded by the larger.
  const size_t limit = std::max(persons.size(), tokens.size());
  for (uint32_t v : pool)
    if (v >= limit) return bad;
  return Status::Ok();
}

Status LocatorIndex::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Unavailable("cannot write locator index " + tmp + ": " + std::strerror(errno));
  }
  const char* data = reinterpret_cast<const char*>(impl_->buffer.get());
  size_t done = 0;
  while (done < impl_->size) {
    const ssize_t n = ::write(fd, data + done, impl_->size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Unavailable("cannot write locator index " + tmp + ": " + err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Unavailable("cannot write locator index " + tmp + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Unavailable("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<LocatorIndex> LocatorIndex::Load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no locator index at " + path);
    return Unavailable("cannot open locator index " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Unavailable("cannot stat " + path + ": " + std::strerror(errno));
  }
  const size_t size = static_cast<size_t>(st.st_size);
  LocatorIndex index;
  Impl& impl = *index.impl_;
  impl.size = size;
  impl.buffer.reset(new uint64_t[(size + 7) / 8]);
  char* base = reinterpret_cast<char*>(impl.buffer.get());
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, base + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != size) return DataLoss("locator index " + path + ": short read");
  Status attached = impl.Attach();
  if (!attached.ok()) return attached.WithContext(path);
  return index;
}

Result<LocatorIndex> OpenIndex(Store& store, const std::string& index_path, IndexRebuild rebuild,
                               const PersonAssignment* assignment, bool* rebuilt) {
  if (rebuilt != nullptr) *rebuilt = false;
  HABEAS_ASSIGN_OR_RETURN(std::string fingerprint, StoreFingerprint(store));
  const std::string store_fingerprint = fingerprint;
  if (assignment != nullptr) {
    fingerprint += "+assignment:" + std::to_string(assignment->size());
  }
  if (rebuild == IndexRebuild::kIfStale) {
    // An index built with an assignment stays valid (without repeating the assignment)
    // until the store changes; with an assignment, the assignment must match too.
    Result<LocatorIndex> loaded = LocatorIndex::Load(index_path);
    if (loaded.ok()) {
      const std::string& have = loaded->fingerprint();
      const bool fresh = assignment != nullptr
                             ? have == fingerprint
                             : have.substr(0, have.find('+')) == store_fingerprint;
      if (fresh) return loaded;
    }
    // Missing, stale or damaged: rebuild below (the index is derived data).
  }
  HABEAS_ASSIGN_OR_RETURN(std::vector<LocatorRecord> records,
                          ReadLocatorRecords(store, assignment));
  HABEAS_ASSIGN_OR_RETURN(LocatorIndex index, LocatorIndex::Build(records, fingerprint));
  HABEAS_RETURN_IF_ERROR(index.Save(index_path));
  if (rebuilt != nullptr) *rebuilt = true;
  return index;
}

}  // namespace habeas::search
