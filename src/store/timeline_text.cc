#include "store/timeline_text.h"

#include <cctype>

namespace habeas::store {

std::string AliasKey(std::string_view alias) {
  std::string key;
  bool space = false;
  for (unsigned char c : alias) {
    if (std::isalnum(c) || c >= 0x80) {
      if (space && !key.empty()) key += ' ';
      space = false;
      key += static_cast<char>(std::tolower(c));
    } else {
      space = true;
    }
  }
  return key;
}

}  // namespace habeas::store
