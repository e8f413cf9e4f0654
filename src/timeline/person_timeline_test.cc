#include "habeas/timeline_view.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "habeas/store.h"

namespace habeas {
namespace {

Facility Cecot() {
  Facility f;
  f.id = 1;
  f.name = "Centro de Confinamiento del Terrorismo";
  f.aliases = {"CECOT", "Terrorism Confinement Center"};
  f.place = "Tecoluca";
  return f;
}

TEST(FacilityResolverTest, ListSpellingsResolveToOneFacility) {
  FacilityResolver r({Cecot()});
  for (const char* written : {"Cecot", "CECOT", "cecot", "CECOT, Tecoluca",
                              "Centro de Confinamiento del Terrorismo",
                              "CENTRO DE CONFINAMIENTO DEL TERRORISMO", "Terrorism Confinement Center"}) {
    const Facility* f = r.Resolve(written);
    ASSERT_NE(f, nullptr) << written;
    EXPECT_EQ(f->id, 1) << written;
  }
  EXPECT_EQ(r.Resolve("CECOT, Caracas"), nullptr);  // another place: not this facility
  EXPECT_EQ(r.Resolve("El Valle"), nullptr);
  EXPECT_EQ(r.Resolve(""), nullptr);
}

Flight MakeFlight(int64_t id, const char* number, const char* tail, const char* departure) {
  Flight f;
  f.id = id;
  f.carrier = "GlobalX";
  f.number = number;
  f.tail = tail;
  f.aliases = {std::string("GXA") + number};
  f.departure = *ParseValidTime(departure, "America/New_York");
  return f;
}

TEST(FlightResolverTest, NumberTailCarrierAndCallsign) {
  FlightResolver r({MakeFlight(1, "6143", "N278GX", "2025-03-15 17:25"),
                    MakeFlight(2, "6145", "N837VA", "2025-03-15 17:45")});
  EXPECT_EQ(r.Resolve("GlobalX 6143", {})->id, 1);
  EXPECT_EQ(r.Resolve("6145", {})->id, 2);
  EXPECT_EQ(r.Resolve("GXA6145", {})->id, 2);
  EXPECT_EQ(r.Resolve("n278gx", {})->id, 1);
  EXPECT_EQ(r.Resolve("6199", {}), nullptr);
}

TEST(FlightResolverTest, SameNumberOnTwoDaysNeedsTheDate) {
  FlightResolver r({MakeFlight(1, "6143", "", "2025-03-15 17:25"),
                    MakeFlight(2, "6143", "", "2025-04-20 10:00")});
  EXPECT_EQ(r.Resolve("6143", {}), nullptr);  // ambiguous without a date
  EXPECT_EQ(r.Resolve("6143", *ParseValidTime("2025-04-20", "UTC"))->id, 2);
}

Claim MakeClaim(int64_t id, ClaimKind kind, const char* source, const char* at) {
  Claim c;
  c.id = id;
  c.kind = kind;
  c.record_id = 1;
  c.source.source = source;
  if (at[0]) c.valid = *ParseValidTime(at, "America/New_York");
  return c;
}

TimelineContext Context() {
  TimelineContext ctx;
  ctx.facilities = FacilityResolver({Cecot()});
  Flight f = MakeFlight(7, "6143", "N278GX", "2025-03-15 17:25");
  f.arrival = *ParseValidTime("2025-03-16 00:10", "America/New_York");
  ctx.flights = FlightResolver({f});
  return ctx;
}

TEST(PersonTimelineTest, EpisodesAndLastKnown) {
  Claim book = MakeClaim(1, ClaimKind::kBookIn, "ice", "2025-03-10");
  book.facility = "El Valle";
  Claim removal = MakeClaim(2, ClaimKind::kRemoval, "manifest", "");
  removal.flight = "GlobalX 6143";
  Claim removal2 = MakeClaim(3, ClaimKind::kRemoval, "family", "");
  removal2.flight = "6143";
  Claim cecot = MakeClaim(4, ClaimKind::kBookIn, "ngo", "2025-03-16");
  cecot.facility = "CECOT, Tecoluca";
  PersonTimeline tl = BuildPersonTimeline(5, {}, {cecot, removal2, book, removal}, Context());
  ASSERT_EQ(tl.episodes.size(), 3u);
  EXPECT_EQ(tl.episodes[0].place, "El Valle");
  EXPECT_EQ(tl.episodes[1].place, "flight GlobalX 6143");
  EXPECT_EQ(tl.episodes[1].sources, (std::vector<std::string>{"manifest", "family"}));
  EXPECT_EQ(tl.episodes[2].place, "Centro de Confinamiento del Terrorismo");
  ASSERT_TRUE(tl.last_known);
  EXPECT_EQ(tl.last_known->status, CustodyStatus::kInCustody);
  EXPECT_EQ(tl.last_known->sources, std::vector<std::string>{"ngo"});
  EXPECT_TRUE(tl.conflicts.empty());
}

TEST(PersonTimelineTest, ClaimsAreInTimeOrderUnknownLastTiesById) {
  // Given in an order whose permutation has several cycles (claims are permuted in place).
  std::vector<Claim> claims = {MakeClaim(5, ClaimKind::kHearing, "a", "2025-03-14"),
                               MakeClaim(1, ClaimKind::kHearing, "a", ""),
                               MakeClaim(6, ClaimKind::kHearing, "a", "2025-03-12"),
                               MakeClaim(2, ClaimKind::kHearing, "a", "2025-03-14"),
                               MakeClaim(8, ClaimKind::kHearing, "a", "2025-03-11"),
                               MakeClaim(3, ClaimKind::kHearing, "a", "2025-03-13"),
                               MakeClaim(7, ClaimKind::kHearing, "a", "")};
  claims[1].note = "the first unknown";
  PersonTimeline tl = BuildPersonTimeline(5, {}, claims, Context());
  std::vector<int64_t> ids;
  for (const ResolvedClaim& c : tl.claims) ids.push_back(c.claim.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{8, 6, 3, 2, 5, 1, 7}));
  EXPECT_EQ(tl.claims[5].claim.note, "the first unknown");  // each claim moved whole
  EXPECT_EQ(tl.claims[0].when.earliest, claims[4].valid.earliest);
}

TEST(PersonTimelineTest, ConflictsAreComputedNotResolved) {
  Claim a = MakeClaim(1, ClaimKind::kRemoval, "manifest", "");
  a.flight = "6143";
  a.authority = "title8";
  Claim b = MakeClaim(2, ClaimKind::kRemoval, "lawyers", "");
  b.flight = "GXA6143";
  b.authority = "aea";
  Claim conviction = MakeClaim(3, ClaimKind::kConviction, "government", "2022-01-01");
  Claim none = MakeClaim(4, ClaimKind::kCounterEvidence, "media", "2025-05-30");
  none.item = "no_us_conviction";
  Claim p1 = MakeClaim(5, ClaimKind::kBookIn, "ngo", "2025-03-16");
  p1.facility = "Cecot";
  Claim p2 = MakeClaim(6, ClaimKind::kBookIn, "family", "2025-03-16");
  p2.facility = "El Valle";
  Claim s1 = MakeClaim(7, ClaimKind::kAttribute, "family", "");
  s1.item = "status";
  s1.value = "lpr";
  Claim s2 = MakeClaim(8, ClaimKind::kAttribute, "government", "");
  s2.item = "status";
  s2.value = "none";
  PersonFacts facts;
  facts.nationalities = {{"VE", 1, "manifest"}, {"CO", 2, "family"}};
  facts.birth_dates = {{"1990", 1, "manifest"}, {"1990-03-04", 2, "family"}};
  // Two A-numbers are two people's, whatever joined the records; one national id
  // written two ways is one.
  facts.a_numbers = {{"200268548", 1, "manifest"}, {"201468313", 2, "family"}};
  facts.national_ids = {{"V-14.512.873", 1, "manifest"}, {"014512873", 2, "family"}};
  PersonTimeline tl =
      BuildPersonTimeline(5, facts, {a, b, conviction, none, p1, p2, s1, s2}, Context());
  std::vector<std::string> about;
  for (const ClaimConflict& c : tl.conflicts) about.push_back(c.about);
  EXPECT_EQ(about, (std::vector<std::string>{"removal authority", "place", "conviction", "status",
                                             "nationality", "A-number"}));
  // Every claim is kept.
  EXPECT_EQ(tl.claims.size(), 8u);
}

TEST(TimelineStoreTest, WritesAreOneTransactionAndClaimsAreAppendOnly) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("tl_store_" + std::to_string(::getpid()) + ".db")).string();
  std::filesystem::remove(path);
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store.ok());
  TimelineWrite w;
  w.kind = TimelineWriteKind::kClaims;
  w.source = "s";
  w.file_name = "f.csv";
  w.file_sha256 = "abc";
  w.facilities.push_back(Cecot());
  Claim c = MakeClaim(0, ClaimKind::kBookIn, "s", "2025-03-16");
  c.person_id = 1;
  c.record_id = 0;
  c.facility = "Cecot";
  w.claims = {c};
  auto id = (*store)->WriteTimeline(w);
  ASSERT_TRUE(id.ok()) << id.status().message();
  // The same file again is a conflict and writes nothing.
  auto again = (*store)->WriteTimeline(w);
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  // A bad claim in a write rolls the whole write back.
  TimelineWrite bad = w;
  bad.file_sha256 = "def";
  bad.claims.push_back(c);
  bad.claims.back().confidence = 2;
  EXPECT_FALSE((*store)->WriteTimeline(bad).ok());
  int n = 0;
  ASSERT_TRUE((*store)->ForEachClaim({}, [&](const Claim& got) {
    ++n;
    EXPECT_EQ(got.valid.earliest, c.valid.earliest);
    EXPECT_EQ(got.valid.time_zone, "America/New_York");
    EXPECT_FALSE(got.recorded_at.empty());
    return true;
  }).ok());
  EXPECT_EQ(n, 1);
  auto facilities = (*store)->ListFacilities();
  ASSERT_TRUE(facilities.ok());
  ASSERT_EQ(facilities->size(), 1u);
  EXPECT_EQ((*facilities)[0].aliases.size(), 2u);
  auto writes = (*store)->ListTimelineWrites();
  ASSERT_TRUE(writes.ok());
  ASSERT_EQ(writes->size(), 1u);
  EXPECT_EQ((*writes)[0].claims, 1);
  store->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace habeas
