// FacilityResolver and FlightResolver (resolve.cc, declared in habeas/timeline_view.h).
#include "habeas/timeline_view.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace habeas {
namespace {

Facility MakeFacility(int64_t id, std::string name, std::vector<std::string> aliases,
                      std::string place) {
  Facility f;
  f.id = id;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.place = std::move(place);
  return f;
}

FacilityResolver Facilities() {
  return FacilityResolver({
      MakeFacility(1, "CECOT", {"Centro de Confinamiento del Terrorismo"}, "Tecoluca"),
      MakeFacility(2, "El Valle Detention Facility", {"El Valle"}, "Raymondville, Texas"),
      MakeFacility(3, "Krome", {"Krome SPC", "Krome North"}, "Miami"),
  });
}

TEST(FacilityResolverTest, NamesAndAliasesResolveFoldedAndWithoutPunctuation) {
  const FacilityResolver resolver = Facilities();
  const std::pair<std::string, int64_t> cases[] = {
      {"CECOT", 1},
      {"Cecot", 1},
      {"cecot", 1},
      {"Centro de Confinamiento del Terrorismo", 1},
      {"CENTRO DE CONFINAMIENTO DEL TERRORISMO", 1},
      {"El Valle", 2},
      {"el valle detention facility", 2},
      {"Krome SPC", 3},
      {"Krome North", 3},
      // Unknown names and partial names resolve to nothing.
      {"Krome South", 0},
      {"Valle", 0},
      {"", 0},
  };
  for (const auto& [written, id] : cases) {
    const Facility* f = resolver.Resolve(written);
    if (id == 0) {
      EXPECT_EQ(f, nullptr) << written;
    } else {
      ASSERT_NE(f, nullptr) << written;
      EXPECT_EQ(f->id, id) << written;
    }
  }
}

TEST(FacilityResolverTest, ANameBeforeACommaResolvesWhenTheRestNamesItsPlace) {
  const FacilityResolver resolver = Facilities();
  const std::pair<std::string, int64_t> cases[] = {
      {"CECOT, Tecoluca", 1},
      {"Cecot, TECOLUCA", 1},
      {"CECOT,", 1},                          // nothing after the comma
      {"El Valle, Raymondville", 2},          // part of the place
      {"El Valle, Raymondville, Texas", 2},   // the whole place
      {"Krome SPC, Miami", 3},                // an alias before the comma
      {"Miami, Krome", 0},                    // the place first
      {"CECOT, Miami", 0},                    // the wrong place
      {"Tecoluca, CECOT", 0},                 // the place first
  };
  for (const auto& [written, id] : cases) {
    const Facility* f = resolver.Resolve(written);
    if (id == 0) {
      EXPECT_EQ(f, nullptr) << written;
    } else {
      ASSERT_NE(f, nullptr) << written;
      EXPECT_EQ(f->id, id) << written;
    }
  }
}

TEST(FacilityResolverTest, RepeatedLookupsGiveTheSameAnswer) {
  const FacilityResolver resolver = Facilities();
  const Facility* first = resolver.Resolve("Krome SPC");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(resolver.Resolve("Krome SPC"), first);
  EXPECT_EQ(resolver.Resolve("nowhere"), nullptr);
  EXPECT_EQ(resolver.Resolve("nowhere"), nullptr);
  EXPECT_EQ(resolver.facilities().size(), 3u);
}

TEST(FacilityResolverTest, AnEmptyResolverResolvesNothing) {
  const FacilityResolver resolver({});
  EXPECT_EQ(resolver.Resolve("CECOT"), nullptr);
  EXPECT_EQ(resolver.Resolve("CECOT, Tecoluca"), nullptr);
}

ValidTime Day(const std::string& date) {
  Result<ValidTime> t = ParseValidTime(date, "UTC");
  EXPECT_TRUE(t.ok()) << date;
  return t.ok() ? *t : ValidTime{};
}

ValidTime Minute(const std::string& text) {
  Result<ValidTime> t = ParseValidTime(text, "America/New_York");
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : ValidTime{};
}

Flight MakeFlight(int64_t id, std::string carrier, std::string number, std::string tail,
                  std::vector<std::string> aliases, ValidTime departure) {
  Flight f;
  f.id = id;
  f.carrier = std::move(carrier);
  f.number = std::move(number);
  f.tail = std::move(tail);
  f.aliases = std::move(aliases);
  f.departure = std::move(departure);
  return f;
}

TEST(FlightResolverTest, CarrierNumberNumberTailAndAliasesResolveOnLettersAndDigits) {
  const FlightResolver resolver({
      MakeFlight(1, "GlobalX", "6143", "N278GX", {"GXA6143"}, Minute("2025-03-15 17:45")),
  });
  const ValidTime unknown;
  for (std::string written : {"GlobalX 6143", "globalx6143", "GLOBALX-6143", "6143", "N278GX",
                              "n278gx", "N-278-GX", "GXA6143", "gxa 6143"}) {
    const Flight* f = resolver.Resolve(written, unknown);
    ASSERT_NE(f, nullptr) << written;
    EXPECT_EQ(f->id, 1) << written;
  }
  for (std::string written : {"", "GlobalX", "614", "61434", "N278", "---"}) {
    EXPECT_EQ(resolver.Resolve(written, unknown), nullptr) << written;
  }
}

TEST(FlightResolverTest, AFlightNumberFlownTwiceIsChosenByItsDepartureDay) {
  const FlightResolver resolver({
      MakeFlight(1, "GlobalX", "6143", "N278GX", {}, Minute("2025-03-15 17:45")),
      MakeFlight(2, "GlobalX", "6143", "N279GX", {}, Minute("2025-03-22 09:00")),
  });
  struct Case {
    std::string written;
    ValidTime when;
    int64_t id;  // 0: none
  };
  const Case cases[] = {
      {"GlobalX 6143", Day("2025-03-15"), 1},
      {"GlobalX 6143", Day("2025-03-22"), 2},
      // Within a day either side of the departure still counts.
      {"6143", Day("2025-03-16"), 1},
      {"6143", Day("2025-03-14"), 1},
      {"6143", Day("2025-03-18"), 0},
      // A month covers both departures: ambiguous.
      {"6143", Day("2025-03"), 0},
      // No time at all: ambiguous.
      {"6143", ValidTime{}, 0},
      // The tail names one flight whatever the time.
      {"N279GX", ValidTime{}, 2},
      {"N279GX", Day("2024-01-01"), 2},
  };
  for (const Case& c : cases) {
    const Flight* f = resolver.Resolve(c.written, c.when);
    if (c.id == 0) {
      EXPECT_EQ(f, nullptr) << c.written << " at " << c.when.text;
    } else {
      ASSERT_NE(f, nullptr) << c.written << " at " << c.when.text;
      EXPECT_EQ(f->id, c.id) << c.written << " at " << c.when.text;
    }
  }
}

TEST(FlightResolverTest, TheCacheDoesNotFixTheFirstTimeAsked) {
  // The written form is cached, but the choice by departure day is made on every call.
  const FlightResolver resolver({
      MakeFlight(1, "", "100", "", {}, Day("2025-01-01")),
      MakeFlight(2, "", "100", "", {}, Day("2025-06-01")),
  });
  const Flight* january = resolver.Resolve("100", Day("2025-01-01"));
  const Flight* june = resolver.Resolve("100", Day("2025-06-01"));
  ASSERT_NE(january, nullptr);
  ASSERT_NE(june, nullptr);
  EXPECT_EQ(january->id, 1);
  EXPECT_EQ(june->id, 2);
}

TEST(FlightResolverTest, AFlightWithAnUnknownDepartureMightBeAnyDay) {
  const FlightResolver resolver({
      MakeFlight(1, "", "200", "", {}, Day("2025-01-01")),
      MakeFlight(2, "", "200", "", {}, ValidTime{}),
  });
  // On the first flight's day the second might also have flown: no choice is made.
  EXPECT_EQ(resolver.Resolve("200", Day("2025-01-01")), nullptr);
  const Flight* other_day = resolver.Resolve("200", Day("2025-02-01"));
  ASSERT_NE(other_day, nullptr);
  EXPECT_EQ(other_day->id, 2);
}

TEST(FlightResolverTest, AKeyRepeatedWithinOneFlightCountsOnce) {
  // The number is also written as an alias: still one flight, not an ambiguity.
  const FlightResolver resolver({MakeFlight(1, "", "6143", "", {"6143", "6-1-4-3"}, ValidTime{})});
  const Flight* f = resolver.Resolve("6143", ValidTime{});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->id, 1);
}

}  // namespace
}  // namespace habeas
