// The timeline half of both stores (sqlite_timeline.cc, pg_timeline.cc), through the
// Store interface: what is written comes back, one transaction per write, the
// constraints a timeline file can break are refused with messages naming it, and each
// write is one ledger entry.
#include "habeas/store.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "habeas/ledger_store.h"
#include "store/test_backends.h"

namespace habeas {
namespace {

class TimelineStoreTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override {
    HABEAS_SETUP_TEST_BACKEND(location_, GetParam());
    SqliteOptions options;
    options.clock = &clock_;
    auto store = OpenStore(location_->db(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  // Two records (ids 1 and 2) for claims to be about.
  void AddTwoRecords() {
    SourceInfo source;
    source.name = "ice_list";
    source.kind = SourceKind::kGovernment;
    BatchInfo batch;
    batch.file_name = "ice.csv";
    batch.file_sha256 = "ab";
    batch.format = "csv";
    batch.encoding = "utf-8";
    batch.header_json = "[]";
    auto writer = store_->BeginBatch(source, batch);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (std::string id : {"A1", "A2"}) {
      RecordData r;
      r.source_record_id = id;
      r.line = r.end_line = 2;
      r.raw = id;
      ASSERT_TRUE((*writer)->AddRecord(r).ok());
    }
    batch.rows_read = batch.rows_imported = 2;
    ASSERT_TRUE((*writer)->Commit(batch).ok());
  }

  std::vector<Claim> Claims(const ClaimFilter& filter = {}) {
    std::vector<Claim> out;
    const Status status = store_->ForEachClaim(filter, [&](Claim&& c) {
      out.push_back(std::move(c));
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return out;
  }

  // A valid time as ParseValidTime (timeline module, above the store) would give it.
  static ValidTime Time(int64_t earliest, int64_t latest, TimePrecision precision,
                        std::string zone, std::string text) {
    ValidTime t;
    t.earliest = earliest;
    t.latest = latest;
    t.precision = precision;
    t.time_zone = std::move(zone);
    t.text = std::move(text);
    return t;
  }

  static Claim PersonClaim(int64_t person, ClaimKind kind, std::string note = "") {
    Claim c;
    c.person_id = person;
    c.kind = kind;
    c.source.source = "analyst:ana";
    c.note = std::move(note);
    return c;
  }

  std::optional<TestStoreLocation> location_;
  FixedClock clock_{1742074200000000};  // 2025-03-15T21:30:00Z
  std::unique_ptr<Store> store_;
};

TEST_P(TimelineStoreTest, AClaimRoundTripsEveryField) {
  AddTwoRecords();
  TimelineWrite write;
  write.kind = TimelineWriteKind::kClaims;
  write.source = "manifest_leak";
  write.file_name = "leak.csv";
  write.file_sha256 = "0123456789abcdef0123";
  write.by = "ana";
  Claim c;
  c.kind = ClaimKind::kRemoval;
  c.record_id = 2;
  c.source = {"manifest_leak", "leak.csv", 14, "A2,GlobalX 6143,2025-03-15 17:45"};
  c.valid = Time(1742075100, 1742075159, TimePrecision::kMinute, "America/New_York",
                 "2025-03-15 17:45");
  c.confidence = 0.75;
  c.facility = "CECOT";
  c.flight = "GlobalX 6143";
  c.authority = "aea";
  c.item = "tattoo";
  c.value = "12";
  c.language = "es";
  c.note = "pérez \"quoted\"";
  write.claims = {c};
  const Result<int64_t> id = store_->WriteTimeline(write);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  const std::vector<Claim> claims = Claims();
  ASSERT_EQ(claims.size(), 1u);
  const Claim& got = claims[0];
  EXPECT_GT(got.id, 0);
  EXPECT_EQ(got.write_id, *id);
  EXPECT_EQ(got.kind, ClaimKind::kRemoval);
  EXPECT_EQ(got.record_id, 2);
  EXPECT_EQ(got.person_id, 0);
  EXPECT_EQ(got.source.source, "manifest_leak");
  EXPECT_EQ(got.source.file, "leak.csv");
  EXPECT_EQ(got.source.line, 14);
  EXPECT_EQ(got.source.raw, c.source.raw);
  EXPECT_EQ(got.valid.earliest, c.valid.earliest);
  EXPECT_EQ(got.valid.latest, c.valid.latest);
  EXPECT_EQ(got.valid.precision, TimePrecision::kMinute);
  EXPECT_EQ(got.valid.time_zone, "America/New_York");
  EXPECT_EQ(got.valid.text, c.valid.text);
  EXPECT_EQ(got.recorded_at, "2025-03-15T21:30:00Z") << "the store's clock when not given";
  EXPECT_DOUBLE_EQ(got.confidence, 0.75);
  EXPECT_EQ(got.facility, "CECOT");
  EXPECT_EQ(got.flight, "GlobalX 6143");
  EXPECT_EQ(got.authority, "aea");
  EXPECT_EQ(got.item, "tattoo");
  EXPECT_EQ(got.value, "12");
  EXPECT_EQ(got.language, "es");
  EXPECT_EQ(got.note, c.note);

  const auto writes = store_->ListTimelineWrites();
  ASSERT_TRUE(writes.ok());
  ASSERT_EQ(writes->size(), 1u);
  const TimelineWriteInfo& w = (*writes)[0];
  EXPECT_EQ(w.id, *id);
  EXPECT_EQ(w.kind, TimelineWriteKind::kClaims);
  EXPECT_EQ(w.source, "manifest_leak");
  EXPECT_EQ(w.file_name, "leak.csv");
  EXPECT_EQ(w.file_sha256, "0123456789abcdef0123");
  EXPECT_EQ(w.by, "ana");
  EXPECT_EQ(w.written_at, "2025-03-15T21:30:00Z");
  EXPECT_EQ(w.claims, 1);
  EXPECT_EQ(w.facilities + w.flights + w.orders, 0);
}

TEST_P(TimelineStoreTest, AnUnknownTimeStaysUnknownAndAGivenRecordedAtIsKept) {
  Claim c = PersonClaim(7, ClaimKind::kRelease);
  c.valid.text = "a few days later";  // unparsed text kept, time unknown
  c.recorded_at = "2025-01-02T03:04:05Z";
  TimelineWrite write;
  write.kind = TimelineWriteKind::kHandClaim;
  write.source = "analyst:ana";
  write.claims = {c};
  ASSERT_TRUE(store_->WriteTimeline(write).ok());
  const std::vector<Claim> claims = Claims();
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_FALSE(claims[0].valid.known());
  EXPECT_EQ(claims[0].valid.earliest, ValidTime::kMin);
  EXPECT_EQ(claims[0].valid.latest, ValidTime::kMax);
  EXPECT_EQ(claims[0].valid.text, "a few days later");
  EXPECT_EQ(claims[0].recorded_at, "2025-01-02T03:04:05Z");
  EXPECT_EQ(claims[0].person_id, 7);
  EXPECT_EQ(claims[0].record_id, 0);
}

TEST_P(TimelineStoreTest, ClaimsAreFilteredByKindRecordAndPersonInIdOrder) {
  AddTwoRecords();
  TimelineWrite write;
  write.source = "s";
  Claim on_record_1 = PersonClaim(0, ClaimKind::kBookIn, "r1 book_in");
  on_record_1.record_id = 1;
  Claim on_record_2 = PersonClaim(0, ClaimKind::kRemoval, "r2 removal");
  on_record_2.record_id = 2;
  Claim both = PersonClaim(5, ClaimKind::kRemoval, "r1+p5 removal");
  both.record_id = 1;
  write.claims = {on_record_1, PersonClaim(5, ClaimKind::kArrival, "p5 arrival"), on_record_2,
                  both, PersonClaim(6, ClaimKind::kDeath, "p6 death")};
  ASSERT_TRUE(store_->WriteTimeline(write).ok());

  auto notes = [&](const ClaimFilter& filter) {
    std::vector<std::string> out;
    for (const Claim& c : Claims(filter)) out.push_back(c.note);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(notes({}), (V{"r1 book_in", "p5 arrival", "r2 removal", "r1+p5 removal", "p6 death"}));
  EXPECT_EQ(notes({{ClaimKind::kRemoval}, {}, {}}), (V{"r2 removal", "r1+p5 removal"}));
  EXPECT_EQ(notes({{ClaimKind::kRemoval, ClaimKind::kDeath}, {}, {}}),
            (V{"r2 removal", "r1+p5 removal", "p6 death"}));
  EXPECT_EQ(notes({{}, {1}, {}}), (V{"r1 book_in", "r1+p5 removal"}));
  EXPECT_EQ(notes({{}, {}, {5}}), (V{"p5 arrival", "r1+p5 removal"}));
  // Records and persons together: each claim once, in id order.
  EXPECT_EQ(notes({{}, {1}, {5}}), (V{"r1 book_in", "p5 arrival", "r1+p5 removal"}));
  EXPECT_EQ(notes({{ClaimKind::kRemoval}, {1, 2}, {5, 6}}), (V{"r2 removal", "r1+p5 removal"}));
  EXPECT_EQ(notes({{}, {99}, {}}), V{});
  EXPECT_EQ(notes({{ClaimKind::kHearing}, {}, {}}), V{});
}

TEST_P(TimelineStoreTest, TheVisitorStopsTheWalk) {
  TimelineWrite write;
  write.source = "s";
  for (int i = 0; i < 5; ++i) write.claims.push_back(PersonClaim(1, ClaimKind::kHearing));
  ASSERT_TRUE(store_->WriteTimeline(write).ok());
  for (ClaimFilter filter : {ClaimFilter{}, ClaimFilter{{}, {}, {1}}}) {
    int seen = 0;
    ASSERT_TRUE(store_->ForEachClaim(filter, [&](Claim&&) { return ++seen < 2; }).ok());
    EXPECT_EQ(seen, 2);
  }
}

TEST_P(TimelineStoreTest, AClaimAboutNobodyOrWithABadConfidenceRefusesTheWholeWrite) {
  struct Case {
    Claim claim;
    std::string message_start;
  };
  Claim nobody = PersonClaim(0, ClaimKind::kArrest);
  nobody.source.file = "claims.csv";
  nobody.source.line = 12;
  Claim too_sure = PersonClaim(3, ClaimKind::kArrest);
  too_sure.source.file = "claims.csv";
  too_sure.source.line = 13;
  too_sure.confidence = 1.5;
  Claim negative = too_sure;
  negative.confidence = -0.01;
  for (const Claim& bad : {nobody, too_sure, negative}) {
    TimelineWrite write;
    write.source = "s";
    write.file_name = "claims.csv";
    write.file_sha256 = "ff" + std::to_string(bad.source.line);
    write.claims = {PersonClaim(3, ClaimKind::kBookIn), bad};
    const Result<int64_t> id = store_->WriteTimeline(write);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().code(), StatusCode::kInvalidInput);
    const std::string& m = id.status().message();
    EXPECT_EQ(m.rfind("claim from claims.csv:" + std::to_string(bad.source.line) +
                          " refused by the store (",
                      0),
              0u)
        << m;
    EXPECT_NE(m.find("): a claim needs a record or a person and a confidence in 0–1"),
              std::string::npos)
        << m;
  }
  // Nothing of the refused writes remains: not the good claim, not the write row.
  EXPECT_TRUE(Claims().empty());
  EXPECT_TRUE(store_->ListTimelineWrites()->empty());
}

TEST_P(TimelineStoreTest, TheSameFileTwiceIsAConflictButAnotherKindOrSourceIsNot) {
  TimelineWrite write;
  write.kind = TimelineWriteKind::kClaims;
  write.source = "leak";
  write.file_name = "leak.csv";
  write.file_sha256 = "00112233445566778899aabb";
  write.claims = {PersonClaim(1, ClaimKind::kArrest)};
  ASSERT_TRUE(store_->WriteTimeline(write).ok());
  const Result<int64_t> again = store_->WriteTimeline(write);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(again.status().message(),
            "the file leak.csv (sha256 0011223344556677…) is already in the timeline as claims "
            "of source \"leak\"; nothing was written");
  TimelineWrite other_source = write;
  other_source.source = "leak2";
  EXPECT_TRUE(store_->WriteTimeline(other_source).ok());
  TimelineWrite other_kind = write;
  other_kind.kind = TimelineWriteKind::kListClaims;
  EXPECT_TRUE(store_->WriteTimeline(other_kind).ok());
  // Without a hash (hand-typed claims) any number of writes are fine.
  TimelineWrite hand;
  hand.kind = TimelineWriteKind::kHandClaim;
  hand.source = "analyst:ana";
  hand.claims = {PersonClaim(1, ClaimKind::kHearing)};
  EXPECT_TRUE(store_->WriteTimeline(hand).ok());
  EXPECT_TRUE(store_->WriteTimeline(hand).ok());
  EXPECT_EQ(Claims().size(), 5u);
}

Facility MakeFacility(std::string name, std::vector<std::string> aliases, std::string place = "") {
  Facility f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.place = std::move(place);
  f.country = "SV";
  f.op = "El Salvador";
  return f;
}

TEST_P(TimelineStoreTest, FacilitiesAndAliasesRoundTripAndGrowAcrossWrites) {
  TimelineWrite first;
  first.kind = TimelineWriteKind::kEntities;
  first.source = "facilities";
  first.facilities = {MakeFacility("CECOT", {"Centro de Confinamiento del Terrorismo"}, "Tecoluca"),
                      MakeFacility("Krome", {})};
  ASSERT_TRUE(store_->WriteTimeline(first).ok());
  // A facility named again keeps its row and gains the new aliases; an alias that
  // differs from one already stored only in case and punctuation is the same alias.
  TimelineWrite second;
  second.kind = TimelineWriteKind::kEntities;
  second.source = "facilities2";
  second.facilities = {MakeFacility("CECOT", {"Cecot", "Mega-cárcel", "centro de confinamiento "
                                                                    "del terrorismo"},
                                    "elsewhere")};
  ASSERT_TRUE(store_->WriteTimeline(second).ok());

  const auto facilities = store_->ListFacilities();
  ASSERT_TRUE(facilities.ok()) << facilities.status().ToString();
  ASSERT_EQ(facilities->size(), 2u);
  const Facility& cecot = (*facilities)[0];
  EXPECT_EQ(cecot.name, "CECOT");
  EXPECT_EQ(cecot.place, "Tecoluca") << "the first write's details stay";
  EXPECT_EQ(cecot.country, "SV");
  EXPECT_EQ(cecot.op, "El Salvador");
  EXPECT_EQ(cecot.aliases,
            (std::vector<std::string>{"Centro de Confinamiento del Terrorismo", "Mega-cárcel"}));
  EXPECT_EQ((*facilities)[1].name, "Krome");
  EXPECT_TRUE((*facilities)[1].aliases.empty());
}

TEST_P(TimelineStoreTest, AnAliasOfTwoFacilitiesIsAConflictAndNothingIsWritten) {
  TimelineWrite first;
  first.kind = TimelineWriteKind::kEntities;
  first.source = "facilities";
  first.facilities = {MakeFacility("El Valle Detention Facility", {"El Valle"})};
  ASSERT_TRUE(store_->WriteTimeline(first).ok());

  TimelineWrite second;
  second.kind = TimelineWriteKind::kEntities;
  second.source = "facilities";
  second.facilities = {MakeFacility("Port Isabel", {"PIDC"}),
                       MakeFacility("Valle Norte", {"EL-VALLE"})};
  const Result<int64_t> id = store_->WriteTimeline(second);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kConflict);
  EXPECT_EQ(id.status().message(),
            "facility alias \"EL-VALLE\" (of \"Valle Norte\") already names facility 1; an alias "
            "resolves to one facility — remove it from one of them");
  const auto facilities = store_->ListFacilities();
  ASSERT_TRUE(facilities.ok());
  ASSERT_EQ(facilities->size(), 1u) << "Port Isabel was rolled back with the rest";
  EXPECT_EQ(store_->ListTimelineWrites()->size(), 1u);
}

TEST_P(TimelineStoreTest, FlightsRoundTripWithTheirTimesAndAliases) {
  Flight f;
  f.carrier = "GlobalX";
  f.number = "6143";
  f.tail = "N278GX";
  f.aliases = {"GXA6143", "GX 6143"};
  f.departure_place = "Harlingen";
  f.departure = Time(1742078700, 1742078759, TimePrecision::kMinute, "America/Chicago",
                     "2025-03-15 17:45");
  f.arrival_place = "San Salvador";
  f.arrival = Time(1742018400, 1742104799, TimePrecision::kDay, "America/El_Salvador",
                   "2025-03-15");
  Flight unknown;
  unknown.number = "6145";
  TimelineWrite write;
  write.kind = TimelineWriteKind::kEntities;
  write.source = "flights";
  write.flights = {f, unknown};
  ASSERT_TRUE(store_->WriteTimeline(write).ok());
  const auto flights = store_->ListFlights();
  ASSERT_TRUE(flights.ok()) << flights.status().ToString();
  ASSERT_EQ(flights->size(), 2u);
  const Flight& got = (*flights)[0];
  EXPECT_EQ(got.Label(), "GlobalX 6143");
  EXPECT_EQ(got.tail, "N278GX");
  EXPECT_EQ(got.aliases, f.aliases);
  EXPECT_EQ(got.departure_place, "Harlingen");
  EXPECT_EQ(got.departure.earliest, f.departure.earliest);
  EXPECT_EQ(got.departure.latest, f.departure.latest);
  EXPECT_EQ(got.departure.precision, TimePrecision::kMinute);
  EXPECT_EQ(got.departure.time_zone, "America/Chicago");
  EXPECT_EQ(got.arrival.precision, TimePrecision::kDay);
  EXPECT_EQ(got.arrival.earliest, f.arrival.earliest);
  EXPECT_EQ(got.arrival.latest, f.arrival.latest);
  EXPECT_EQ(got.arrival_place, "San Salvador");
  EXPECT_FALSE((*flights)[1].departure.known());
  EXPECT_FALSE((*flights)[1].arrival.known());
  EXPECT_TRUE((*flights)[1].aliases.empty());
  const auto writes = store_->ListTimelineWrites();
  ASSERT_TRUE(writes.ok());
  EXPECT_EQ((*writes)[0].flights, 2);
}

TEST_P(TimelineStoreTest, OrdersAreNeverReplaced) {
  TimelineWrite write;
  write.kind = TimelineWriteKind::kOrders;
  write.source = "orders";
  write.file_name = "orders.rules";
  write.file_sha256 = "aa";
  write.orders = {{0, 0, "tro_march_15", "order tro_march_15 {\n}\n", "orders.rules", 3}};
  const Result<int64_t> id = store_->WriteTimeline(write);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const auto orders = store_->ListOrders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].name, "tro_march_15");
  EXPECT_EQ((*orders)[0].text, "order tro_march_15 {\n}\n");
  EXPECT_EQ((*orders)[0].file, "orders.rules");
  EXPECT_EQ((*orders)[0].line, 3);
  EXPECT_EQ((*orders)[0].write_id, *id);

  TimelineWrite again = write;
  again.file_name = "orders2.rules";
  again.file_sha256 = "bb";
  again.orders = {{0, 0, "tro_march_15", "order tro_march_15 { changed }", "orders2.rules", 8}};
  const Result<int64_t> refused = store_->WriteTimeline(again);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(refused.status().message(),
            "orders2.rules:8: an order named \"tro_march_15\" is already stored; orders are "
            "never replaced — give it another name");
  EXPECT_EQ((*store_->ListOrders())[0].text, "order tro_march_15 {\n}\n");
}

// Each write is one ledger entry over the rows it brought, appended in its transaction;
// a refused write leaves no entry; the store verifies after both.
TEST_P(TimelineStoreTest, EachWriteIsOneLedgerEntryAndTheStoreVerifies) {
  AddTwoRecords();
  TimelineWrite w;
  w.kind = TimelineWriteKind::kEntities;
  w.source = "analyst:ana";
  Facility f;
  f.name = "Krome";
  f.aliases = {"Krome SPC", "Krome Service Processing Center"};
  w.facilities = {f};
  w.claims = {PersonClaim(7, ClaimKind::kBookIn, "seen")};
  StoredOrder o;
  o.name = "tro_1";
  o.text = "order tro_1";
  w.orders = {o};
  ASSERT_TRUE(store_->WriteTimeline(w).ok());
  EXPECT_EQ(store_->LedgerLeafHashes()->size(), 2u);  // the batch, the write
  w.orders[0].name = "tro_1";  // taken: the whole write is refused
  EXPECT_EQ(store_->WriteTimeline(w).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->LedgerLeafHashes()->size(), 2u);
  Result<LedgerCheck> check = store_->CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE(check->problem) << check->problem->message;
  // The write's row plus its facility, 3 aliases (the name is one), the claim, the order.
  EXPECT_GE(check->rows_checked, 1 + 1 + 3 + 1 + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, TimelineStoreTest, ::testing::ValuesIn(AllTestBackends()),
                         TestBackendName);

}  // namespace
}  // namespace habeas
