// libFuzzer target: normalise, parse, prepare and compare arbitrary bytes as a name.
// Checks invariants that must hold for any input (crashes and assertion failures are
// bugs). Every crash found is kept in fuzz/regressions/names/ and replayed by
// names_fuzz_replay in the test suite.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "habeas/names/compare.h"
#include "habeas/names/name_parser.h"
#include "habeas/names/normalize.h"
#include "habeas/names/phonetic.h"
#include "habeas/names/similarity.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace habeas::names;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  static const NameParser parser;

  const NameParse parse = parser.Parse(raw);
  Check(!parse.alternatives.empty());
  Check(IsValidUtf8(parse.normalized.folded) && IsValidUtf8(parse.normalized.accented));
  Check(NormalizeName(parse.normalized.folded).folded == parse.normalized.folded);
  double total = 0;
  for (const ParsedName& p : parse.alternatives) total += p.probability;
  Check(total > 0.999 && total < 1.001);

  // Split the input in two names and compare them both ways.
  const size_t half = size / 2;
  const NameParse left = parser.Parse(raw.substr(0, half));
  const NameParse right = parser.Parse(raw.substr(half));
  const PreparedName a = PrepareName(left), b = PrepareName(right);
  const NameComparison ab = CompareNames(a, b), ba = CompareNames(b, a);
  Check(ab.level == ba.level && ab.score == ba.score);
  Check(ab.score >= 0.0 && ab.score <= 1.0);

  const std::string_view fa = left.normalized.folded, fb = right.normalized.folded;
  const double jw = JaroWinkler(fa, fb);
  Check(jw >= 0.0 && jw <= 1.0 && jw == JaroWinkler(fb, fa));
  Check(DamerauLevenshteinCapped(fa, fb, 3) == DamerauLevenshteinCapped(fb, fa, 3));
  (void)PhoneticKeyEsOfName(parse.normalized.folded);
  return 0;
}
