#include "analytics/cosmic/cosmic_factor_service.hpp"

#include <gtest/gtest.h>

namespace omega::cosmic {
namespace {

Timestamp at(std::string_view iso) {
  return parse_iso8601(iso).value();
}

TEST(CosmicFactorService, CurrentFactorsAreConsistentAndCached) {
  CosmicFactorService service;
  const CosmicFactors f = service.current_factors(at("2000-01-01T00:00:00Z"));
  // DE441 reference at this instant: Sun 279.859219, Moon 217.293336 (tests/data/astro).
  EXPECT_NEAR(f.body(Body::kSun).position.lon_deg, 279.859219, 1e-4);
  EXPECT_NEAR(f.body(Body::kMoon).position.lon_deg, 217.293336, 1e-4);
  EXPECT_EQ(f.signs[static_cast<std::size_t>(Body::kSun)], 9);  // Capricorn
  EXPECT_NEAR(f.moon.illuminated_fraction, 0.271674, 1e-4);
  EXPECT_EQ(service.cache_size(), 1u);
  // Within the cache resolution the same entry answers.
  (void)service.current_factors(at("2000-01-01T00:00:30Z"));
  EXPECT_EQ(service.cache_size(), 1u);
  for (const Aspect& a : f.aspects) {
    EXPECT_LE(a.orb_deg, AspectOrbs{}.orb(a.kind));
  }
}

TEST(CosmicFactorService, MercuryRetrogradeAndMoonPhase) {
  CosmicFactorService service;
  // Mercury was retrograde from 2000-02-21 to 2000-03-14 (reference table).
  EXPECT_TRUE(service.is_mercury_retrograde(at("2000-03-01T00:00:00Z")));
  EXPECT_FALSE(service.is_mercury_retrograde(at("2000-04-01T00:00:00Z")));
  EXPECT_EQ(service.moon_phase(at("2000-01-21T04:40:26Z")).name, MoonPhaseName::kFullMoon);
}

TEST(CosmicFactorService, CacheIsBounded) {
  CosmicServiceConfig config;
  config.cache_capacity = 3;
  CosmicFactorService service(config);
  for (int day = 1; day <= 5; ++day) {
    (void)service.current_factors(at("2001-01-01T00:00:00Z") + std::chrono::hours(24 * day));
  }
  EXPECT_EQ(service.cache_size(), 3u);
}

TEST(CosmicFactorService, EventsInOrderWithEveryKind) {
  CosmicFactorService service;
  auto events = service.events(at("2000-01-01"), at("2000-04-01"));
  ASSERT_TRUE(events.ok()) << events.error().to_string();
  bool kinds[4] = {false, false, false, false};
  for (std::size_t i = 0; i < events->size(); ++i) {
    kinds[static_cast<int>((*events)[i].kind)] = true;
    if (i > 0) {
      EXPECT_LE((*events)[i - 1].jd_tt, (*events)[i].jd_tt);
    }
  }
  EXPECT_TRUE(kinds[0] && kinds[1] && kinds[2] && kinds[3]);
  bool found_station = false;
  for (const CosmicEvent& e : *events) {
    found_station = found_station || e.label == "mercury station_retrograde";
  }
  EXPECT_TRUE(found_station);
  EXPECT_FALSE(service.events(at("2000-04-01"), at("2000-01-01")).ok());
}

}  // namespace
}  // namespace omega::cosmic
