// LinkRecord: one record prepared for linkage (names parsed and prepared, phonetic
// blocking keys, dates as integers, identifiers normalised), and the loader that
// reads every record of a store into a RecordTable.
//
// Prepared once per run; comparisons read them without allocating. Immutable after
// loading, so scoring threads share the table freely.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/link.h"
#include "habeas/names/compare.h"
#include "habeas/names/frequencies.h"
#include "habeas/names/glued.h"
#include "habeas/names/name_parser.h"
#include "habeas/record.h"
#include "habeas/store.h"

namespace habeas::link {

// Sources with an index of their own (pair classes, compare.h); later ones share one.
inline constexpr size_t kIndexedSources = 22;
inline constexpr uint8_t kNoSourceIndex = 255;

enum class DateKind : uint8_t { kNone, kFull, kYearMonth, kYear, kAge };

struct LinkRecord {
  int64_t id = 0;
  int32_t source = 0;
  // The source's index in RecordTable::source_ids (pair classes, compare.h);
  // kNoSourceIndex beyond kIndexedSources sources.
  uint8_t source_index = kNoSourceIndex;
  names::PreparedName name;
  // The parser's second reading when it is plausible (p >= 0.1), e.g. the maternal
  // surname filed as a middle name ("PEREZ, JOSE LUIS GONZALEZ"); empty otherwise.
  names::PreparedName alt_name;
  // Hash of the raw name fields: equal hashes give equal name comparisons (the
  // comparison memo in compare.h is keyed on it). Never 0.
  uint64_t name_hash = 0;
  // Blocking keys (0 = missing): hashes of phonetic keys.
  // First given name, nicknames mapped to the formal name; an initial J or Y is one
  // letter in both given-name keys ("Yorman" / "Jorman").
  uint64_t given_key = 0;
  uint64_t given2_key = 0;  // second given name ("jose LUIS"), 0 without one
  uint64_t surname1_key = 0;
  uint64_t surname2_key = 0;
  char given_initial = 0;
  // First letters of the surnames' phonetic keys (b/v, s/z/c, silent h folded), 0 = none.
  char surname1_initial = 0;
  char surname2_initial = 0;
  // The same keys from the alternative reading (alt_name), 0 when there is none or
  // they equal the first reading's: blocking tries both readings ("Atencio Jimenez
  // Kelvin" read given-first and surname-first).
  uint64_t alt_given_key = 0;
  uint64_t alt_given2_key = 0;
  uint64_t alt_surname1_key = 0;
  uint64_t alt_surname2_key = 0;
  char alt_given_initial = 0;
  char alt_surname1_initial = 0;
  char alt_surname2_initial = 0;
  // The name's words whatever their roles (given names, surnames), as given-name keys
  // (GivenKeyHash: "Gregorio" as a second given name and as a surname hash alike),
  // sorted, distinct, 0-padded: blocking on words shared in any role finds "JOSE |
  // GREGORIO DIAZ" against "Joze Gregorio | Diaz Perez".
  std::array<uint64_t, 4> name_words{};
  bool has_alt_keys() const {
    return alt_given_key || alt_given2_key || alt_surname1_key || alt_surname2_key;
  }
  // Sort signature for sub-blocking: packed phonetic prefixes (given, surname2, surname1).
  uint64_t signature = 0;
  // Term frequencies of the first given name and the paternal surname (0 unknown).
  float tf_given = 0;
  float tf_given2 = 0;  // of the second given name ("jose LUIS"), 0 without one
  float tf_surname = 0;
  float tf_surname2 = 0;  // of the maternal surname (0 without one)
  // Birth date; kAge: the year is in [year_low, year] (age on a reference date).
  DateKind date_kind = DateKind::kNone;
  int16_t year = 0;
  int16_t year_low = 0;
  int8_t month = 0;
  int8_t day = 0;
  // kAge: the age and the date it refers to (month/day 0 when only the year is known).
  int16_t age = 0;
  int8_t ref_month = 0;
  int8_t ref_day = 0;
  char sex = 0;             // 'M', 'F', 'X' or 0
  std::string national_id;  // digits only, leading zeros dropped ("" when partial)
  std::string a_number;     // digits only, leading zeros dropped ("" when partial)
  // A redacted identifier's visible digits ("******435" → "435"; habeas/identifier.h).
  std::string national_id_tail;
  std::string a_number_tail;
  std::string other_id;     // folded, separators dropped
  std::string address;      // folded
  uint64_t region = 0;      // hashes of folded values
  uint64_t locality = 0;
  uint64_t postcode = 0;
  std::string postcode_text;
  uint32_t phone = 0;  // last 7 digits (+1 so 0 means missing)
  // The removal flight's number: the last run of digits of the flight as written
  // ("GlobalX 6143", "GXA6143", "6143" → 6143), +1 so 0 means missing.
  uint32_t flight = 0;

  bool has_year() const { return date_kind != DateKind::kNone; }
  // The digits of a birth date that did not parse ("19450493", kept in the record's
  // notes by the import), 6 to 8 of them; compared as digit strings (compare.cc).
  std::array<char, 8> date_digits{};
  uint8_t date_digit_count = 0;
  // A word of the name was read as two glued together (ReadGluedWords); alt_name is
  // the name as typed. Explain says so.
  bool words_cut = false;
  std::string_view unparsed_date_digits() const {
    return std::string_view(date_digits.data(), date_digit_count);
  }
};

// How a record's name was read while loading, kept beside the table (not in LinkRecord,
// whose size the comparison loop feels) until ReadNamesWithRoles.
struct LoadedName {
  // The name's words have known roles: given names and surnames in their own fields,
  // or a "SURNAMES, GIVEN" full name read surely. They teach the parser which words
  // are given names (RecordTable::roles).
  bool roles_known = false;
  // A full name whose reading depends on which words are given names ("Aguilar
  // Gonzalez Leonel", "Díaz Yenny Isabel Sofía"), to be read again with the roles;
  // empty for the others.
  std::string ambiguous;
  // A name typed into columns that may have a word in the other role's column ("Jose
  // Jorge Cordero" / "Sosa"), to get its shifted reading from the roles; empty otherwise.
  names::ParsedName typed;
  // A name written in one field (full_name): its words may be two glued together
  // ("Jhonnyzerpa"), read again with the roles (ReadGluedWords).
  bool full_name = false;
};

struct RecordTable {
  std::vector<LinkRecord> records;  // in record id order
  // How often each word is a given name or a surname in the names whose roles are
  // known; the parser reads the ambiguous names with it.
  names::NameFrequencies roles;
  std::vector<LoadedName> loaded_names;  // while loading: parallel to `records`
  names::NameFrequencies frequencies;
  uint64_t given_total = 0;
  uint64_t surname_total = 0;
  // The store's source ids in id order: a record's source_index indexes this list.
  std::vector<int32_t> source_ids;
};

// Sets table->source_ids from the store's sources (id order, at most kIndexedSources:
// later ones share the pair class kNoPairClass) and every record's source_index.
void AssignSourceIndices(const std::vector<SourceInfo>& sources, RecordTable* table);

// The date a record's age refers to, packed as year * 10000 + month * 100 + day (month
// and day may be 0): the record date, else its batch's received date, else the
// settings' age_reference_date. One implementation for the linker and explain, so that
// explain shows the date level that decided the link.
class AgeReferenceDates {
 public:
  AgeReferenceDates(const std::vector<BatchInfo>& batches, const LinkSettings& settings);
  int Of(const RecordData& record) const;

 private:
  int default_ref_ = 20250000;
  std::vector<std::pair<int64_t, int>> batch_refs_;  // batch id → received date
};

// The store's names as a link run learnt them (RecordTable::roles, saved with the
// model): a parser that reads ambiguous names with those roles, and the reader of words
// typed without their space. Built once per run (or per explain); `words` must outlive it.
struct StoreNameRoles {
  explicit StoreNameRoles(const names::NameFrequencies& words) : parser(&words), glued(words) {}
  names::NameParser parser;
  names::GluedWordReader glued;
};

// Fills the prepared columns of `out` from a stored record. `reference_year` is the
// year ages refer to for this record (record date, batch received date or default).
// An ambiguous full name, and a word typed without its space, is read with `roles` when
// given (how explain reads a record the way the last link run did), else with the
// built-in word priors. `loaded`, when
// given, says how the name was read (LoadRecordTable reads the ambiguous ones again).
void PrepareLinkRecord(const RecordData& record, int reference_year, LinkRecord* out,
                       int reference_month = 0, int reference_day = 0,
                       const StoreNameRoles* roles = nullptr, LoadedName* loaded = nullptr);

// Reads a full name again where a word of its first reading is two words the roles
// know, glued ("Jhonnyzerpa" → jhonny zerpa; docs/linkage.md "Glued words"): the
// words in reading order, the glued ones cut, parsed with `roles`. True if it did.
bool ReadGluedWords(const StoreNameRoles& roles, LinkRecord* out);

// Counts the words of the role-known names (`table->loaded_names`) into `table->roles`,
// reads every ambiguous name again with a parser that knows them, and frees
// `loaded_names`.
void ReadNamesWithRoles(RecordTable* table, int threads);

// Loads and prepares every record of the store (threads: settings.threads).
Result<RecordTable> LoadRecordTable(Store& store, const LinkSettings& settings);

// How ComputeTermFrequencies reads a word's share, saved in the model's settings
// fingerprint (ModelSettingsFingerprint) so that a model whose mean shares were computed
// another way is retrained: 2 = the larger of the spelling's and the sound's share.
inline constexpr int kTermFrequencyVersion = 2;

// Sets tf_given/tf_given2/tf_surname/tf_surname2 of every record from `table.frequencies`.
void ComputeTermFrequencies(RecordTable* table);
void AddNameToFrequencies(const LinkRecord& r, RecordTable* table);

uint64_t HashText(std::string_view text);

}  // namespace habeas::link
