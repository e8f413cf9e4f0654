// RadixSort: the linker's sort for long lists of 64-bit keys (candidate pairs, name
// variants).
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace habeas::link {

// Sorts 64-bit values by LSD radix, 16 bits per pass; passes whose digit is the same
// for every value (the high bits of record-index pairs) are skipped. Candidate pair
// lists run to millions, where this is several times faster than std::sort.
template <typename T, typename KeyOf>
void RadixSort(std::vector<T>* values, KeyOf key_of) {
  std::vector<T> buffer(values->size());
  std::vector<T>* from = values;
  std::vector<T>* to = &buffer;
  for (int shift = 0; shift < 64; shift += 16) {
    std::vector<size_t> count(65537, 0);
    for (const T& v : *from) ++count[((key_of(v) >> shift) & 0xffff) + 1];
    if (std::any_of(count.begin(), count.end(), [&](size_t c) { return c == from->size(); })) {
      continue;  // one digit for all: this pass would not reorder anything
    }
    for (size_t d = 1; d < count.size(); ++d) count[d] += count[d - 1];
    for (const T& v : *from) (*to)[count[(key_of(v) >> shift) & 0xffff]++] = v;
    std::swap(from, to);
  }
  if (from != values) *values = std::move(*from);
}

}  // namespace habeas::link
