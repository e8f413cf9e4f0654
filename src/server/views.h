// What the API and the pages show, built once as JSON from the library's answers: the
// pages render these same objects, so a page never shows what the API would not and
// the restricted-field rule is applied in one place (WithoutRestricted).
// Functions take the Store for the duration of the call; thread-compatible.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "habeas/estimate.h"
#include "habeas/packet.h"
#include "habeas/search.h"
#include "habeas/store.h"
#include "server/http.h"
#include "server/public_view.h"

namespace habeas::server {

// A whole number typed into a query or a path ("12"): digits only, at most `max`;
// nothing for an empty, signed, spaced or larger text. Each caller says what it wanted.
std::optional<int64_t> WholeNumber(std::string_view text, int64_t max);

// Whether a view may include contacts, notes and the rows as received.
enum class Restricted { kWithhold, kInclude };

// --- search
struct SearchInput {
  search::SearchQuery query;
  size_t limit = 10;
};
// Who may search by an identifier alone: staff (a lawyer types an A-number; the locator
// answers by the number) but not the public, whose page is a name box with an optional
// birth date and cédula — a stranger must not learn whether a number is on the lists.
enum class SearchNeeds { kName, kNameOrIdentifier };
// From ?q=&dob=&id=&limit= (pages and GET) ...
Result<SearchInput> SearchInputFromQuery(const Request& request, SearchNeeds needs);
// ... or from {"q": "...", "birth_date": "...", "id": "...", "limit": 10}.
Result<SearchInput> SearchInputFromJson(const nlohmann::json& body, SearchNeeds needs);

nlohmann::json SearchResponseJson(const search::SearchResponse& response);
// SearchResponseJson(response) as JsonResponse dumps it, byte for byte, written directly
// (the API's answer to every search: the tree and its dump were a third of its CPU).
std::string SearchResponseText(const search::SearchResponse& response);
nlohmann::json PublicAnswerJson(const PublicAnswer& answer);

// --- records and persons
Result<nlohmann::json> RecordJson(Store& store, int64_t record_id, Restricted restricted);
// The dossier: person, records side by side with sources and rows as received,
// conflicts between them, the evidence that joined them, history and decisions, and the
// custody and legal timeline ("timeline": PersonTimelineJson).
Result<nlohmann::json> DossierJson(Store& store, int64_t person_id, Restricted restricted);
// A person's court packet (docs/packet.md) as a caller may see it: with rows as
// received and record proofs (under the newest signed head; reads sign none) for
// analysts, without them for reviewers. `lang`: "es" or "en" (kInvalidInput otherwise).
Result<Packet> PacketView(Store& store, int64_t person_id, Restricted restricted,
                          const std::string& lang, const std::string& generated_at);
// The evidence of `habeas explain` for a pair, with both records.
Result<nlohmann::json> PairJson(Store& store, int64_t record_a, int64_t record_b,
                                Restricted restricted);
Result<nlohmann::json> ReviewQueueJson(Store& store, int64_t limit);

// --- sources, overlap, estimate
Result<nlohmann::json> SourcesJson(Store& store);
// One source with its batches (import reports), rejected rows and unparsed fields.
Result<nlohmann::json> SourceReportJson(Store& store, const std::string& name,
                                        Restricted restricted, int64_t limit);
// Persons by the combination of lists that mention them (for the UpSet chart).
Result<nlohmann::json> OverlapJson(Store& store);
// What /estimate and /api/v1/estimate are asked: `merge` ("A+B", empty for none) counts
// the lists it names as one (habeas estimate --merge); `linkage_draws` as
// --linkage-draws (0: the linker's linkage alone).
struct EstimateQuery {
  std::string merge;
  int linkage_draws = LinkageDrawOptions{}.draws;
  std::string Key() const { return merge + "\n" + std::to_string(linkage_draws); }
};
// The query's parameters; InvalidInput naming a linkage_draws that is not 0 to
// LinkageDrawOptions::kMaxDraws, as the command's (absent or empty: the default).
Result<EstimateQuery> EstimateQueryOf(const Request& request);

// What an estimate reads, as a digest: the records and their persons (as the overlap and
// the locator, search::StoreFingerprint), the latest model's version (every link run
// saves one, with the settings that say which links are doubtful), the reviewer
// decisions and the review queue (the doubtful pairs the draws may join).
Result<std::string> EstimateFingerprint(Store& store);

// The estimate from the linked store, as `habeas estimate --json` gives it with the
// same options (its defaults otherwise: the linkage drawn 10 times, seeds 1).
Result<nlohmann::json> EstimateJson(Store& store, const EstimateQuery& query = {});

}  // namespace habeas::server
