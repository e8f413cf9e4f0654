// Text keys of the timeline tables shared by both backends (sqlite_timeline.cc,
// pg_timeline.cc), so that a facility alias is the same key on either. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace habeas::store {

// The uniqueness key of a facility alias (facility_aliases.alias_key): ASCII letters and
// digits in lower case, bytes past ASCII kept, one space between words; empty when the
// alias has no letter or digit. (Resolution at read time folds accents too: timeline
// module.)
std::string AliasKey(std::string_view alias);

}  // namespace habeas::store
