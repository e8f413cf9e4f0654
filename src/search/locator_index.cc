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

#include "habeas/output_file.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/nicknames.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/partial_date.h"
#include "search/locator_impl.h"
#include "search/prepared_form.h"

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

size_t IdentifierDigitsCount(std::string_view text) { return IdentifierDigits(text).size(); }

namespace {

// --- name forms of a record

void AppendParsed(const names::ParsedName& p, std::string* out) {
  AppendPreparedForm(names::PrepareName(p), out);
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

// The record's name interpretations, prepared (FormEntry::names, prepared_form.h).
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
    const std::string first = names::FoldName(s1.empty() ? s2 : s1);
    p.surname2 = s1.empty() ? "" : names::FoldName(s2);
    if (p.surname2.empty()) {
      // One column holding both surnames ("Pérez González", "ParedesGonzález").
      names::SplitSurnames(first, &p.surname1, &p.surname2);
    } else {
      p.surname1 = first;
    }
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

// Collects key → value pairs by key hash and turns them into KeyEntry rows sorted by
// hash with sorted, distinct values (colliding keys merge their lists, which only adds
// candidates that later checks discard). Pairs in one flat vector, not a map of strings:
// a million records make ~20 million identifier deletions.
class KeyTableBuilder {
 public:
  void Add(std::string_view key, uint32_t value) { pairs_.emplace_back(HashKey(key), value); }
  std::vector<KeyEntry> Build(std::vector<uint32_t>* pool) {
    std::sort(pairs_.begin(), pairs_.end());
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
    std::vector<KeyEntry> out;
    for (size_t i = 0; i < pairs_.size();) {
      const uint64_t hash = pairs_[i].first;
      const uint32_t offset = static_cast<uint32_t>(pool->size());
      for (; i < pairs_.size() && pairs_[i].first == hash; ++i) pool->push_back(pairs_[i].second);
      out.push_back({hash, offset, static_cast<uint32_t>(pool->size() - offset)});
    }
    pairs_.clear();
    pairs_.shrink_to_fit();
    return out;
  }

 private:
  std::vector<std::pair<uint64_t, uint32_t>> pairs_;
};

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

FormData FormFromRecord(const LocatorRecord& lr, const names::NameParser& parser) {
  const RecordData& r = lr.record;
  FormData f;
  f.person_id = lr.person_id;
  f.record_id = r.id;
  f.source = lr.source_name;
  f.source_record_id = r.source_record_id;
  f.display_name = DisplayNameOf(r);
  f.names = NameFormsOf(r, parser);
  f.national_id = IdentifierDigits(r.field(CanonicalField::kNationalId));
  f.a_number = IdentifierDigits(r.field(CanonicalField::kANumber));
  f.facility = r.field(CanonicalField::kFacility);
  f.date = r.field(CanonicalField::kRecordDate).empty() ? lr.received
                                                         : r.field(CanonicalField::kRecordDate);
  f.birth = PackBirth(r.field(CanonicalField::kBirthDate));
  // Name tokens of every name field, each once.
  std::vector<std::string_view> seen;
  std::vector<names::NormalizedName> normalized;
  normalized.reserve(5);
  for (CanonicalField field :
       {CanonicalField::kFullName, CanonicalField::kGivenNames, CanonicalField::kSurnames,
        CanonicalField::kSurname1, CanonicalField::kSurname2}) {
    const std::string& text = r.field(field);
    if (text.empty()) continue;
    normalized.push_back(names::NormalizeName(text));
    const names::NormalizedName& n = normalized.back();
    for (size_t t = 0; t < n.tokens.size(); ++t) {
      const std::string_view tok = n.Folded(t);
      if (tok.size() < 2 || names::IsNameParticle(tok)) continue;
      if (std::find(seen.begin(), seen.end(), tok) != seen.end()) continue;
      seen.push_back(tok);
      if (!f.tokens.empty()) f.tokens += ' ';
      f.tokens += tok;
    }
  }
  return f;
}

FormData FormFromIndex(const LocatorIndex::Impl& index, uint32_t form) {
  const FormEntry& e = index.forms[form];
  FormData f;
  f.record_id = e.record_id;
  f.source = index.Str(index.sources[e.source]);
  f.source_record_id = index.Str(e.source_record_id);
  f.display_name = index.Str(e.display_name);
  f.names = index.Str(e.names);
  f.tokens = index.Str(e.tokens);
  f.national_id = index.Str(e.national_id);
  f.a_number = index.Str(e.a_number);
  f.facility = index.Str(e.facility);
  f.date = index.Str(e.date);
  f.birth = e.birth;
  return f;
}

namespace {

// --- building an image

// The order in which records enter the index: persons in id order, their records in
// record-id order.
std::vector<uint32_t> PersonOrder(const std::vector<FormData>& records) {
  std::vector<uint32_t> order(records.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (records[a].person_id != records[b].person_id) {
      return records[a].person_id < records[b].person_id;
    }
    return records[a].record_id < records[b].record_id;
  });
  return order;
}

// The keys under which a query word finds a vocabulary token: its phonetic key, its
// one-deletion variants (tokens of 4 letters or more), the formal names it is a nickname
// of (and their first word).
struct SpellingKeys {
  KeyTableBuilder phonetic, deletions, nicknames;

  void Add(std::string_view tok, uint32_t index) {
    phonetic.Add(names::PhoneticKeyEs(tok).view(), index);
    if (tok.size() >= 4) {
      std::string del;
      for (size_t d = 0; d < tok.size(); ++d) {
        del.assign(tok.substr(0, d));
        del.append(tok.substr(d + 1));
        deletions.Add(del, index);
      }
    }
    for (std::string_view formal : names::NicknameTable::Builtin().FormalNamesOf(tok)) {
      const std::string folded = names::FoldName(formal);
      nicknames.Add(folded, index);
      const size_t space = folded.find(' ');
      if (space != std::string::npos) {
        nicknames.Add(std::string_view(folded).substr(0, space), index);
      }
    }
  }
};

// The file image of the sections (index_layout.h): the header, then each section 8-byte
// aligned and zero-padded; the checksum covers everything after the header.
IndexImage SerialiseSections(const std::string_view (&parts)[internal::kSectionCount]) {
  FileHeader header;
  std::memcpy(header.magic, internal::kIndexMagic, sizeof header.magic);
  uint64_t offset = sizeof(FileHeader);
  for (int s = 0; s < static_cast<int>(internal::kSectionCount); ++s) {
    header.sections[s] = SectionRef{offset, parts[s].size()};
    offset += (parts[s].size() + 7) / 8 * 8;
  }
  header.file_size = offset;
  IndexImage image;
  image.size = offset;
  image.buffer = std::make_unique<uint64_t[]>(offset / 8);
  char* base = reinterpret_cast<char*>(image.buffer.get());
  std::memset(base, 0, offset);
  for (int s = 0; s < static_cast<int>(internal::kSectionCount); ++s) {
    if (!parts[s].empty())
      std::memcpy(base + header.sections[s].offset, parts[s].data(), parts[s].size());
  }
  header.checksum = internal::Checksum64(base + sizeof(FileHeader), offset - sizeof(FileHeader));
  std::memcpy(base, &header, sizeof header);
  return image;
}

// The sections of an index, filled record by record (AddRecord, in PersonOrder), then
// turned into tables (BuildTables) and serialised. Strings and the posting pool are laid
// out in the order of those calls, so the same records give the same bytes. Holds views
// into the records' tokens: they must outlive the builder.
class ImageBuilder {
 public:
  explicit ImageBuilder(size_t records) { forms_.reserve(records); }

  Status AddRecord(const FormData& r) {
    if (r.person_id.empty()) {
      return InvalidInput("record " + std::to_string(r.record_id) + " has no person id");
    }
    const uint32_t person = PersonOf(r.person_id);
    const uint32_t source = SourceOf(r.source);
    AddForm(r, person, source);
    AddBirthKeys(r.birth, person);
    AddTokenPostings(r.tokens, person);
    AddIdentifierKeys(r, person);
    return Status::Ok();
  }

  // The vocabulary and the key tables, their values in the pool.
  Status BuildTables() {
    SpellingKeys spellings;
    HABEAS_RETURN_IF_ERROR(BuildVocabulary(&spellings));
    phonetic_table_ = spellings.phonetic.Build(&pool_);
    deletion_table_ = spellings.deletions.Build(&pool_);
    nickname_table_ = spellings.nicknames.Build(&pool_);
    id_table_ = id_postings_.Build(&pool_);
    id_deletion_table_ = id_deletions_.Build(&pool_);
    BuildBirthTable();
    if (strings_.size() >= (1ULL << 32) || pool_.size() >= (1ULL << 32)) {
      return InvalidInput("locator index: too large for format version 3 (4 GiB of strings)");
    }
    return Status::Ok();
  }

  IndexImage Serialise(const std::string& fingerprint, const std::string& batches) const {
    // In the order of index_layout.h's sections.
    const std::string_view parts[internal::kSectionCount] = {
        strings_.blob(),
        Bytes(sources_),
        Bytes(persons_),
        Bytes(forms_),
        Bytes(tokens_),
        Bytes(phonetic_table_),
        Bytes(deletion_table_),
        Bytes(nickname_table_),
        Bytes(id_table_),
        Bytes(id_deletion_table_),
        Bytes(birth_table_),
        Bytes(pool_),
        fingerprint,
        batches,
    };
    return SerialiseSections(parts);
  }

 private:
  // The index of the person `person_id`, a new one unless it is the last added (records
  // come grouped by person).
  uint32_t PersonOf(const std::string& person_id) {
    if (persons_.empty() || strings_.blob().compare(persons_.back().id.offset,
                                                    persons_.back().id.size, person_id) != 0) {
      PersonEntry p;
      p.id = strings_.Add(person_id);
      p.first_form = static_cast<uint32_t>(forms_.size());
      persons_.push_back(p);
    }
    persons_.back().form_count++;
    return static_cast<uint32_t>(persons_.size() - 1);
  }

  uint32_t SourceOf(const std::string& source) {
    auto [src, inserted] = source_index_.try_emplace(source, sources_.size());
    if (inserted) sources_.push_back(strings_.Intern(source));
    return src->second;
  }

  void AddForm(const FormData& r, uint32_t person, uint32_t source) {
    FormEntry f;
    f.record_id = r.record_id;
    f.person = person;
    f.source = source;
    f.source_record_id = strings_.Add(r.source_record_id);
    f.display_name = strings_.Add(r.display_name);
    f.names = strings_.Add(r.names);
    f.tokens = strings_.Add(r.tokens);
    f.national_id = strings_.Add(r.national_id);
    f.a_number = strings_.Add(r.a_number);
    f.facility = strings_.Intern(r.facility);
    f.date = strings_.Intern(r.date);
    f.birth = r.birth;
    forms_.push_back(f);
  }

  // Birth keys (see index_layout.h kSectionBirths): full dates, partial dates, and the
  // years of full dates.
  void AddBirthKeys(uint32_t birth, uint32_t person) {
    if (birth == 0) return;
    const bool full = birth % 100 != 0 && birth / 100 % 100 != 0;
    for (uint32_t key : {birth, full ? birth / 10000 : 0u}) {
      if (key == 0) continue;
      auto& list = births_[key];
      if (list.empty() || list.back() != person) list.push_back(person);
    }
  }

  // `tokens`: space-separated (FormData::tokens); must outlive the builder.
  void AddTokenPostings(std::string_view tokens, uint32_t person) {
    while (!tokens.empty()) {
      const size_t space = tokens.find(' ');
      const std::string_view tok = tokens.substr(0, space);
      tokens.remove_prefix(space == std::string_view::npos ? tokens.size() : space + 1);
      if (tok.empty()) continue;
      auto& list = token_postings_[tok];
      if (list.empty() || list.back() != person) list.push_back(person);
    }
  }

  // Identifiers of 5 digits or more, and each of their one-deletion variants.
  void AddIdentifierKeys(const FormData& r, uint32_t person) {
    std::string del;
    for (const std::string* id : {&r.national_id, &r.a_number}) {
      if (id->size() < 5) continue;
      id_postings_.Add(*id, person);
      for (size_t d = 0; d < id->size(); ++d) {
        del.assign(*id, 0, d);
        del.append(*id, d + 1);
        id_deletions_.Add(del, person);
      }
    }
  }

  // Tokens sorted by hash (kInternal on a collision), their postings in the pool.
  Status BuildVocabulary(SpellingKeys* spellings) {
    std::vector<std::pair<uint64_t, std::string_view>> vocab;
    vocab.reserve(token_postings_.size());
    for (const auto& [tok, list] : token_postings_) vocab.emplace_back(HashKey(tok), tok);
    std::sort(vocab.begin(), vocab.end());
    tokens_.reserve(vocab.size());
    for (size_t i = 0; i < vocab.size(); ++i) {
      if (i > 0 && vocab[i].first == vocab[i - 1].first) {
        return Internal("locator index: hash collision between \"" + std::string(vocab[i].second) +
                        "\" and \"" + std::string(vocab[i - 1].second) + "\"");
      }
      AddVocabularyToken(vocab[i].first, vocab[i].second);
      spellings->Add(vocab[i].second, static_cast<uint32_t>(i));
    }
    return Status::Ok();
  }

  void AddVocabularyToken(uint64_t hash, std::string_view tok) {
    std::vector<uint32_t>& list = token_postings_[tok];
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    tokens_.push_back({hash, strings_.Add(tok), static_cast<uint32_t>(pool_.size()),
                       static_cast<uint32_t>(list.size())});
    pool_.insert(pool_.end(), list.begin(), list.end());
  }

  void BuildBirthTable() {
    birth_table_.reserve(births_.size());
    for (const auto& [date, list] : births_) {  // persons already in order, each once
      birth_table_.push_back(
          {date, static_cast<uint32_t>(pool_.size()), static_cast<uint32_t>(list.size())});
      pool_.insert(pool_.end(), list.begin(), list.end());
    }
  }

  // Filled by AddRecord.
  StringBlob strings_;
  std::vector<StringRef> sources_;
  std::unordered_map<std::string, uint32_t> source_index_;
  std::vector<PersonEntry> persons_;
  std::vector<FormEntry> forms_;
  std::unordered_map<std::string_view, std::vector<uint32_t>> token_postings_;
  KeyTableBuilder id_postings_, id_deletions_;
  std::map<uint32_t, std::vector<uint32_t>> births_;
  // Filled by BuildTables.
  std::vector<uint32_t> pool_;
  std::vector<TokenEntry> tokens_;
  std::vector<KeyEntry> phonetic_table_, deletion_table_, nickname_table_, id_table_,
      id_deletion_table_, birth_table_;
};

}  // namespace

Result<IndexImage> BuildImage(std::vector<FormData> records, const std::string& fingerprint,
                              const std::string& batches) {
  if (records.size() >= (1ULL << 31)) return InvalidInput("too many records for one index");
  ImageBuilder builder(records.size());
  for (uint32_t i : PersonOrder(records)) HABEAS_RETURN_IF_ERROR(builder.AddRecord(records[i]));
  HABEAS_RETURN_IF_ERROR(builder.BuildTables());
  return builder.Serialise(fingerprint, batches);
}

Result<LocatorIndex> LocatorIndex::Build(std::span<const LocatorRecord> records,
                                         std::string fingerprint) {
  const names::NameParser parser;
  std::vector<FormData> forms;
  forms.reserve(records.size());
  for (const LocatorRecord& r : records) forms.push_back(FormFromRecord(r, parser));
  HABEAS_ASSIGN_OR_RETURN(IndexImage image, BuildImage(std::move(forms), fingerprint, ""));
  return IndexOfImage(std::move(image));
}

Result<LocatorIndex> LocatorIndex::Attach(std::unique_ptr<Impl> impl) {
  HABEAS_RETURN_IF_ERROR(impl->Attach());
  LocatorIndex index;
  index.impl_ = std::move(impl);
  return index;
}

Result<LocatorIndex> IndexOfImage(IndexImage image) {
  auto impl = std::make_unique<LocatorIndex::Impl>();
  impl->buffer = std::move(image.buffer);
  impl->size = image.size;
  return LocatorIndex::Attach(std::move(impl));
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
  batches = std::string_view(base + section(internal::kSectionBatches).offset,
                             section(internal::kSectionBatches).size);
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionSources, &sources));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionPersons, &persons));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionForms, &forms));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionTokens, &tokens));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionPhonetic, &phonetic));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionDeletions, &deletions));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionNicknames, &nicknames));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionIds, &ids));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionIdDeletions, &id_deletions));
  HABEAS_RETURN_IF_ERROR(table(internal::kSectionBirths, &births));
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
        !ok_ref(f.a_number) || !ok_ref(f.facility) || !ok_ref(f.date) || !ok_ref(f.tokens)) {
      return bad;
    }
    max_record_id = std::max(max_record_id, f.record_id);
  }
  auto ok_list = [&](uint32_t offset, uint32_t count) {
    return offset <= pool.size() && count <= pool.size() - offset;
  };
  for (const TokenEntry& t : tokens) {
    if (!ok_ref(t.text) || !ok_list(t.postings_offset, t.postings_count)) return bad;
  }
  for (auto keys : {phonetic, deletions, nicknames, ids, id_deletions, births}) {
    for (const KeyEntry& k : keys)
      if (!ok_list(k.offset, k.count)) return bad;
  }
  // Pool values are either person or token indices: both bounded by the larger.
  const size_t limit = std::max(persons.size(), tokens.size());
  for (uint32_t v : pool)
    if (v >= limit) return bad;
  return Status::Ok();
}

// Through OutputFile (src/common/output_file.h): a random temporary name created with
// O_EXCL|O_NOFOLLOW, renamed over `path` only when complete. (A damaged index at the
// default path is replaced; the CLI refuses a user-named path that is not an index.)
Status WriteImage(const char* data, size_t size, const std::string& path,
                  const std::vector<std::string>& protected_paths) {
  OutputFileOptions options;
  options.option_name = "locator index";
  options.protected_paths = protected_paths;
  options.regular_file_only = true;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out, OutputFile::Create(path, options));
  out->stream().write(data, static_cast<std::streamsize>(size));
  return out->Commit();
}

Status LocatorIndex::Save(const std::string& path) const {
  return WriteImage(reinterpret_cast<const char*>(impl_->buffer.get()), impl_->size, path);
}

namespace {

// Opens an index file for reading: O_NONBLOCK so that a FIFO planted at the index
// path cannot hang the reader, and only a regular file is accepted (-1, errno EINVAL).
int OpenIndexFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    errno = EINVAL;
    return -1;
  }
  return fd;
}

}  // namespace

Status LocatorIndex::Impl::LoadFile(const std::string& path) {
  const int fd = OpenIndexFile(path);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no locator index at " + path);
    if (errno == EINVAL) return DataLoss("locator index " + path + ": not a regular file");
    return Unavailable("cannot open locator index " + path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Unavailable("cannot stat " + path + ": " + std::strerror(errno));
  }
  size = static_cast<size_t>(st.st_size);
  buffer.reset(new uint64_t[(size + 7) / 8]);
  char* base = reinterpret_cast<char*>(buffer.get());
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, base + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != size) return DataLoss("locator index " + path + ": short read");
  Status attached = Attach();
  if (!attached.ok()) return attached.WithContext(path);
  return Status::Ok();
}

Result<LocatorIndex> LocatorIndex::Load(const std::string& path) {
  LocatorIndex index;
  HABEAS_RETURN_IF_ERROR(index.impl_->LoadFile(path));
  return index;
}

namespace {

// The fingerprint stored in an index file, read without loading the whole file;
// empty if the file is missing, of another version or malformed.
std::string ReadIndexFingerprint(const std::string& path) {
  const int fd = OpenIndexFile(path);
  if (fd < 0) return "";
  FileHeader header;
  std::string out;
  if (::pread(fd, &header, sizeof header, 0) == static_cast<ssize_t>(sizeof header) &&
      std::memcmp(header.magic, internal::kIndexMagic, sizeof header.magic) == 0 &&
      header.version == internal::kIndexFormatVersion &&
      header.section_count == internal::kSectionCount) {
    const SectionRef ref = header.sections[internal::kSectionFingerprint];
    if (ref.size < 4096) {
      out.resize(ref.size);
      if (::pread(fd, out.data(), ref.size, static_cast<off_t>(ref.offset)) !=
          static_cast<ssize_t>(ref.size)) {
        out.clear();
      }
    }
  }
  ::close(fd);
  return out;
}

std::string BatchLine(const BatchInfo& b) {
  return std::to_string(b.id) + " " + std::to_string(b.first_record_id) + " " +
         std::to_string(b.last_record_id) + " " + std::to_string(b.rows_imported) + " " +
         b.file_sha256 + "\n";
}

// Person ids for the records: the assignment's when it names the record, else the
// store's linkage (PersonIdForRecord).
class PersonResolver {
 public:
  static Result<PersonResolver> Create(Store& store, const PersonAssignment* assignment) {
    PersonResolver r;
    r.assignment_ = assignment;
    HABEAS_ASSIGN_OR_RETURN(std::vector<PersonRecord> linked, store.ListPersonRecords());
    r.person_of_.reserve(linked.size());
    for (const PersonRecord& pr : linked) r.person_of_[pr.record_id] = pr.person_id;
    return r;
  }
  std::string PersonOf(std::string_view source, std::string_view source_record_id,
                       int64_t record_id) const {
    if (assignment_ != nullptr) {
      const std::string_view assigned = assignment_->Find(source, source_record_id);
      if (!assigned.empty()) return std::string(assigned);
    }
    auto it = person_of_.find(record_id);
    return PersonIdForRecord(
        it == person_of_.end() ? std::nullopt : std::optional<int64_t>(it->second), record_id);
  }

 private:
  const PersonAssignment* assignment_ = nullptr;
  std::unordered_map<int64_t, int64_t> person_of_;
};

// Appends a form for every store record with id > after_id (name parsing happens here).
Status AppendStoreForms(Store& store, const std::vector<BatchInfo>& batches,
                        const PersonResolver& persons, int64_t after_id,
                        std::vector<FormData>* forms) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<SourceInfo> sources, store.ListSources());
  std::unordered_map<int64_t, std::string> source_names;
  for (const SourceInfo& s : sources) source_names[s.id] = s.name;
  std::unordered_map<int64_t, std::string> received;
  for (const BatchInfo& b : batches) received[b.id] = b.received_date;
  const names::NameParser parser;
  RecordFilter after;
  after.after_id = after_id;
  LocatorRecord lr;
  return store.ForEachRecord(after, [&](const RecordData& r) {
    lr.source_name = source_names[r.source_id];
    lr.received = received[r.batch_id];
    lr.record = r;
    lr.person_id = persons.PersonOf(lr.source_name, r.source_record_id, r.id);
    forms->push_back(FormFromRecord(lr, parser));
    return true;
  });
}

// The forms of an incremental rebuild: every form of `previous` (persons assigned anew)
// plus the store's records after previous.max_record_id. Fails (the caller then rebuilds
// fully) unless the batches `previous` covers are exactly the store's batches up to its
// largest record id, unchanged.
Result<std::vector<FormData>> IncrementalForms(Store& store, const LocatorIndex::Impl& previous,
                                               const std::vector<BatchInfo>& batches,
                                               const PersonResolver& persons) {
  std::string covered;
  for (const BatchInfo& b : batches) {
    if (b.last_record_id <= previous.max_record_id) {
      covered += BatchLine(b);
    } else if (b.first_record_id <= previous.max_record_id) {
      return Conflict("a batch straddles the index's last record");
    }
  }
  if (previous.batches.empty() || covered != previous.batches) {
    return Conflict("the store's earlier batches changed");
  }
  std::vector<FormData> forms;
  forms.reserve(previous.forms.size());
  for (uint32_t f = 0; f < previous.forms.size(); ++f) {
    FormData form = FormFromIndex(previous, f);
    form.person_id = persons.PersonOf(form.source, form.source_record_id, form.record_id);
    forms.push_back(std::move(form));
  }
  HABEAS_RETURN_IF_ERROR(AppendStoreForms(store, batches, persons, previous.max_record_id, &forms));
  return forms;
}

}  // namespace

Result<LocatorIndex> OpenIndex(Store& store, const std::string& index_path, IndexRebuild rebuild,
                               const PersonAssignment* assignment, bool* rebuilt) {
  IndexOpening how = IndexOpening::kLoaded;
  Result<LocatorIndex> index = OpenIndexReporting(store, index_path, rebuild, assignment, &how);
  if (rebuilt != nullptr) *rebuilt = index.ok() && how != IndexOpening::kLoaded;
  return index;
}

Result<LocatorIndex> OpenIndexReporting(Store& store, const std::string& index_path,
                                        IndexRebuild rebuild, const PersonAssignment* assignment,
                                        IndexOpening* how, IndexUnwritable unwritable) {
  *how = IndexOpening::kLoaded;
  HABEAS_ASSIGN_OR_RETURN(std::string fingerprint, StoreFingerprint(store));
  const std::string store_fingerprint = fingerprint;
  if (assignment != nullptr) {
    fingerprint += "+assignment:" + std::to_string(assignment->size());
  }
  if (rebuild == IndexRebuild::kIfStale) {
    // An index built with an assignment stays valid (without repeating the assignment)
    // until the store changes; with an assignment, the assignment must match too.
    const std::string have = ReadIndexFingerprint(index_path);
    const bool fresh = !have.empty() && (assignment != nullptr
                                             ? have == fingerprint
                                             : have.substr(0, have.find('+')) == store_fingerprint);
    if (fresh) {
      Result<LocatorIndex> loaded = LocatorIndex::Load(index_path);
      if (loaded.ok()) return loaded;
    }
    // Missing, stale or damaged: rebuild below (the index is derived data).
  }
  // Batches first: a batch committed while the records are read is then simply not
  // marked covered, and the next incremental rebuild falls back to a full one.
  HABEAS_ASSIGN_OR_RETURN(std::vector<BatchInfo> batches, store.ListBatches(std::nullopt));
  std::sort(batches.begin(), batches.end(),
            [](const BatchInfo& a, const BatchInfo& b) { return a.id < b.id; });
  HABEAS_ASSIGN_OR_RETURN(PersonResolver persons, PersonResolver::Create(store, assignment));
  std::vector<FormData> forms;
  bool reused = false;
  if (rebuild == IndexRebuild::kIfStale) {
    // Incremental: forms already in the index are reused (no store read, no name parsing).
    LocatorIndex::Impl previous;
    if (previous.LoadFile(index_path).ok()) {
      Result<std::vector<FormData>> incremental =
          IncrementalForms(store, previous, batches, persons);
      if (incremental.ok()) {
        forms = std::move(*incremental);
        reused = true;
      }
    }
  }
  if (!reused) {
    forms.clear();
    HABEAS_ASSIGN_OR_RETURN(int64_t count, store.CountRecords(RecordFilter{}));
    forms.reserve(static_cast<size_t>(count));
    HABEAS_RETURN_IF_ERROR(AppendStoreForms(store, batches, persons, 0, &forms));
  }
  std::string covered;
  for (const BatchInfo& b : batches) covered += BatchLine(b);
  HABEAS_ASSIGN_OR_RETURN(IndexImage image, BuildImage(std::move(forms), fingerprint, covered));
  const Status written = WriteImage(reinterpret_cast<const char*>(image.buffer.get()), image.size,
                                    index_path, store.Files());
  if (written.code() == StatusCode::kPermissionDenied &&
      unwritable == IndexUnwritable::kKeepInMemory) {
    *how = IndexOpening::kInMemory;
    return IndexOfImage(std::move(image));
  }
  HABEAS_RETURN_IF_ERROR(written);
  *how = reused ? IndexOpening::kIncremental : IndexOpening::kFull;
  return LocatorIndex::Load(index_path);
}

}  // namespace habeas::search
