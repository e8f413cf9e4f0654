// The timeline's part of `habeas import` and `habeas show person`
// (timeline_import_command.cc, timeline_show.cc). Thin: the work is in the timeline
// module (habeas/timeline_import.h, habeas/timeline_view.h).
#pragma once

#include <cstdint>
#include <string>

#include "cli/cli_context.h"
#include "habeas/status.h"

namespace habeas {
class Store;
struct PersonTimeline;
}

namespace habeas::cli {

// When `mapping` describes facilities, flights or claims (docs/timeline.md), imports
// `file` into the timeline, prints the summary and returns true; false for a list
// mapping (and for a mapping that cannot be read: CheckImportMapping reports it).
bool ImportTimelineFileIfOne(CliContext& ctx, const std::string& file, const std::string& mapping,
                             int64_t max_messages);

// Checks a list mapping's [[claims]] against the file's header before the import.
Status CheckListClaimsBeforeImport(const std::string& file, const std::string& mapping);

// After a list import: stores the claims its mapping declares (once per batch).
void ImportListClaims(CliContext& ctx, Store& store, int64_t batch_id, int64_t max_messages);

// `show person`'s timeline section, as text.
void PrintTimeline(const PersonTimeline& timeline);

}  // namespace habeas::cli
