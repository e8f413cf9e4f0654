#include "habeas/ledger.h"

#include <gtest/gtest.h>

namespace habeas::ledger {
namespace {

TEST(Base64Test, RoundTripsAndRejectsNonsense) {
  EXPECT_EQ(Base64(std::string_view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(FromBase64("Zm8="), std::optional<std::string>("fo"));
  EXPECT_EQ(FromBase64("Zg=="), std::optional<std::string>("f"));
  EXPECT_EQ(FromBase64(""), std::optional<std::string>(""));
  EXPECT_FALSE(FromBase64("Zm8").has_value());
  EXPECT_FALSE(FromBase64("Zm8*").has_value());
  const Hash h = Sha256Of("x");
  EXPECT_EQ(HashFromBase64(Base64(h)), std::optional<Hash>(h));
  EXPECT_FALSE(HashFromBase64("Zm8=").has_value());
}

TEST(EntryTest, BatchBodyRoundTrips) {
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "batches";
  e.id = 7;
  e.row = Sha256Of("row");
  e.first_record_id = 11;
  e.last_record_id = 20;
  e.record_count = 9;
  e.rejected_count = 2;
  e.rows_root = Sha256Of("rows");
  const std::string body = e.Body();
  EXPECT_EQ(body.substr(0, body.find('\n')), "habeas-ledger-entry v1");
  EXPECT_NE(body.find("\nrecords 11 20 9\n"), std::string::npos);
  Result<Entry> parsed = Entry::Parse(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->Body(), body);
  EXPECT_EQ(parsed->rows_root, e.rows_root);
}

TEST(EntryTest, LinkageAndRowBodiesRoundTrip) {
  Entry link;
  link.kind = EntryKind::kLinkage;
  link.first_event_id = 1;
  link.last_event_id = 5;
  link.persons = Sha256Of("p");
  ASSERT_TRUE(Entry::Parse(link.Body()).ok());
  EXPECT_EQ(Entry::Parse(link.Body())->persons, link.persons);
  Entry row;
  row.table = "link_decisions";
  row.id = 3;
  row.row = Sha256Of("d");
  ASSERT_TRUE(Entry::Parse(row.Body()).ok());
  EXPECT_EQ(Entry::Parse(row.Body())->table, "link_decisions");
}

TEST(EntryTest, StateBodiesRoundTripWithAHashOrDeleted) {
  Entry state;
  state.kind = EntryKind::kState;
  state.table = "settings";
  state.key = "public_fields";
  state.row = Sha256Of("x");
  Result<Entry> parsed = Entry::Parse(state.Body());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->key, "public_fields");
  EXPECT_FALSE(parsed->deleted);
  EXPECT_EQ(parsed->row, state.row);
  state.deleted = true;
  EXPECT_NE(state.Body().find("\nstate deleted\n"), std::string::npos) << state.Body();
  parsed = Entry::Parse(state.Body());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->deleted);
  // A key with a space or a newline could forge a line: refused.
  state.key = "a b";
  EXPECT_FALSE(Entry::Parse(state.Body()).ok());
  state.key = "";
  EXPECT_FALSE(Entry::Parse(state.Body()).ok());
}

TEST(EntryTest, RejectsBodiesThatAreNotCanonical) {
  Entry row;
  row.table = "link_decisions";
  row.id = 3;
  const std::string body = row.Body();
  EXPECT_FALSE(Entry::Parse(body + "extra 1\n").ok());
  EXPECT_FALSE(Entry::Parse(body.substr(0, body.size() - 1)).ok());
  EXPECT_FALSE(Entry::Parse("habeas-ledger-entry v2\nkind row\n").ok());
  std::string bad_table = body;
  bad_table.replace(bad_table.find("link_decisions"), 14, "x; DROP TABLE");
  EXPECT_FALSE(Entry::Parse(bad_table).ok());
  std::string reordered = "habeas-ledger-entry v1\nkind row\nid 3\ntable link_decisions\n";
  reordered += body.substr(body.find("row "));
  EXPECT_FALSE(Entry::Parse(reordered).ok());
}

TEST(RowEncoderTest, EncodesTagsLengthsAndBigEndianIntegers) {
  RowEncoder row("t");
  row.Int(258);
  row.Null();
  row.Text("ab");
  row.Blob(std::string_view("\x00\xff", 2));
  const std::string expected =
      std::string("t\x00\x00\x00\x01t", 6) + std::string("i\0\0\0\0\0\0\x01\x02", 9) + "n" +
      std::string("t\x00\x00\x00\x02" "ab", 7) + std::string("b\x00\x00\x00\x02\x00\xff", 7);
  EXPECT_EQ(row.bytes(), expected);
  row.Reset("t");
  row.Int(-1);
  EXPECT_EQ(row.bytes().substr(6), std::string("i\xff\xff\xff\xff\xff\xff\xff\xff", 9));
}

// Encoding into a caller's buffer appends the same bytes after what it held, and
// Reset drops only this encoder's row.
TEST(RowEncoderTest, AppendsToABufferTheSameBytes) {
  RowEncoder own("records");
  own.Int(7);
  own.Text("name");
  own.Null();
  std::string buffer = "earlier";
  RowEncoder row(&buffer, "records");
  row.Int(7);
  row.Text("name");
  row.Null();
  EXPECT_EQ(buffer, "earlier" + own.bytes());
  EXPECT_TRUE(row.bytes().empty());
  row.Reset("x");
  EXPECT_EQ(buffer, "earlier" + std::string("t\x00\x00\x00\x01x", 6));
}

}  // namespace
}  // namespace habeas::ledger
