#include "ledger/row_values.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

// Random rows of every kind of value (negative and large integers, empty, binary and
// long text), appended after bytes already in the buffer: the same bytes as
// RowEncoder's, which docs/ledger.md specifies.
TEST(RowValuesTest, AppendsWhatRowEncoderWrites) {
  std::mt19937_64 rng(9);
  for (int row = 0; row < 2000; ++row) {
    std::vector<std::string> texts;
    std::vector<RowValue> values;
    std::string prefix(static_cast<size_t>(rng() % 40), 'p');
    std::string expected = prefix;
    RowEncoder encoder(&expected, "records");
    const size_t count = rng() % 12;
    texts.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      switch (rng() % 4) {
        case 0:
          values.push_back(RowValue::Null());
          encoder.Null();
          break;
        case 1: {
          const auto v = static_cast<int64_t>(rng()) >> (rng() % 64);
          values.push_back(RowValue::Int(v));
          encoder.Int(v);
          break;
        }
        default: {
          std::string& t = texts.emplace_back(static_cast<size_t>(rng() % 700), '\0');
          for (char& c : t) c = static_cast<char>(rng());
          const bool blob = rng() % 2 == 0;
          values.push_back(blob ? RowValue::Blob(t) : RowValue::Text(t));
          blob ? encoder.Blob(t) : encoder.Text(t);
        }
      }
    }
    std::string out = prefix;
    AppendRowEncoding("records", values, &out);
    ASSERT_EQ(out, expected) << row;
  }
}

// The encoding docs/ledger.md gives, byte by byte, for one row of each kind of value.
TEST(RowValuesTest, WritesTheDocumentedBytes) {
  const RowValue values[] = {RowValue::Int(-2), RowValue::Null(), RowValue::Text("é"),
                             RowValue::Blob(std::string_view("\0", 1))};
  std::string out;
  AppendRowEncoding("t", values, &out);
  EXPECT_EQ(out, std::string("t\0\0\0\1t"
                             "i\xff\xff\xff\xff\xff\xff\xff\xfe"
                             "n"
                             "t\0\0\0\2\xc3\xa9"
                             "b\0\0\0\1\0",
                             6 + 9 + 1 + 7 + 6));
}

}  // namespace
}  // namespace habeas::ledger
