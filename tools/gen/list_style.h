// The kinds that lists.h and hard.h share: a list's style and the generator profile.
#pragma once

#include <cstdint>

namespace habeas::gen {

// How lists are written: kDefault is the original, kind model (its bytes never change
// for a seed and options); kHard writes rows the way real lists are made (hard.h).
enum class Profile : uint8_t { kDefault, kHard };

enum class ListStyle : uint8_t { kManifest, kLeak, kFamily, kCourt, kNgo, kGeneric };

}  // namespace habeas::gen
