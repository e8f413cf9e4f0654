// The thin-record policy of estimates from linked records: which records are too weak
// to link (habeas/estimate.h RecordTooThinToLink, RecordDatedToLink, IdentifierLinks)
// and the warning that names them per list.
#include <string>

#include "habeas/estimate.h"
#include "habeas/names/normalize.h"

namespace habeas {
namespace {

// A name word links a record only with two letters or more: "D.R.G." or "J. PEREZ"
// match too many persons to say which one is meant (docs/estimation.md).
constexpr int kLettersOfALinkingWord = 2;

}  // namespace

bool RecordTooThinToLink(const std::vector<std::string_view>& name_fields, bool has_identifier) {
  if (has_identifier) return false;
  int words = 0;
  for (std::string_view field : name_fields) {
    words += names::CountWrittenWords(names::NormalizeName(field), kLettersOfALinkingWord);
  }
  return words < 2;
}

bool IdentifierLinks(const std::vector<ListIdentifiers>& other_lists, uint8_t identifiers,
                     bool pooled) {
  for (size_t k = 0; k < 3; ++k) {
    if (!(identifiers >> k & 1u)) continue;
    bool everywhere = true;
    int64_t records = 0, with_kind = 0;
    for (const ListIdentifiers& list : other_lists) {
      everywhere = everywhere && list.with_kind[k] * 10 >= list.records * 9;
      records += list.records;
      with_kind += list.with_kind[k];
    }
    if (pooled ? with_kind * 2 >= records : everywhere) return true;
  }
  return false;
}

bool RecordDatedToLink(std::string_view birth_date) { return birth_date.size() >= 7; }

std::optional<EstimateWarning> ThinRecordsWarning(const std::vector<ThinRecordTally>& tally,
                                                  int64_t observed_persons,
                                                  UnlinkableRecords mode) {
  std::string lists;
  int64_t total = 0, name_only = 0;
  for (const ThinRecordTally& t : tally) {
    const int64_t count = mode == UnlinkableRecords::kDrop ? t.thin : t.thin_alone;
    if (count == 0) continue;
    name_only += t.name_only;
    if (mode == UnlinkableRecords::kKeep) {
      const bool share_of_list = count >= 5 && count * 20 >= t.records;
      const bool share_of_all = observed_persons > 0 && count * 100 >= observed_persons;
      if (!share_of_list && !share_of_all) continue;
    }
    if (!lists.empty()) lists += ", ";
    lists += t.list + " " + std::to_string(count) + " of " + std::to_string(t.records);
    total += count;
  }
  if (lists.empty()) return std::nullopt;
  const std::string what = "records too weak to link (" + std::string(kTooWeakToLink);
  if (mode == UnlinkableRecords::kDrop) {
    const int64_t thin_names = total - name_only;
    std::string reasons;
    if (thin_names > 0) reasons += std::to_string(thin_names) + " with only initials or one name";
    if (name_only > 0) {
      reasons += (reasons.empty() ? "" : ", ") + std::to_string(name_only) + " with a name only";
    }
    return EstimateWarning{
        "unlinkable_records_left_out",
        std::to_string(total) + " " + what + ") were left out (" + lists + "; " + reasons +
            "): they cannot say whether their person is on another list, so each list stands "
            "for its linkable records. This holds when being linkable does not depend on the "
            "other lists; --unlinkable keep counts them, each where the linker put it."};
  }
  return EstimateWarning{
      "unlinkable_records",
      what + ") are persons of their own (" + lists +
          "): the linker cannot join them reliably to the same person on other lists, so "
          "each looks like someone seen on one list only and the estimate rises. Leave them "
          "out (--unlinkable drop, the default)."};
}

}  // namespace habeas
